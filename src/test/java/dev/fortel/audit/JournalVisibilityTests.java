package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a viewer sees of the journal follows the scope of their grant: a supervisor sees events by or about
 * the people who report to them (at any depth) and themselves; the owner and an auditor see everything.
 */
@FortelServerTest
class JournalVisibilityTests extends ServerTestSupport {

    Fixtures.Company acme;
    String bossToken;
    String bossId;
    String middleId;
    String workerLogin;
    String workerId;
    String outsiderLogin;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Scope");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        bossToken = fixtures.signedInEmployee(acme.ownerToken(), "boss-" + suffix + "@scope.test", "Boss");
        bossId = client.get(bossToken, "/api/v1/me").body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + bossId, "{\"roles\": [\"supervisor\"]}").status()).isEqualTo(200);
        middleId = create("middle-" + suffix + "@scope.test", bossId);
        workerLogin = "worker-" + suffix + "@scope.test";
        workerId = create(workerLogin, middleId);
        outsiderLogin = "outsider-" + suffix + "@scope.test";
        create(outsiderLogin, null);
        // Events by the worker and by the outsider: failed sign-ins name them as target.
        client.tokenResponse(workerLogin, "not the password at all");
        client.tokenResponse(outsiderLogin, "not the password at all");
    }

    private String create(String login, String supervisor) {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + login + "\", \"display_name\": \""
                + login.substring(0, login.indexOf('-')) + "\"" + (supervisor == null ? "" : ", \"supervisor_id\": \"" + supervisor + "\"") + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    @Test
    void aSupervisorSeesEventsAboutTheirWholeTeamAndNothingElse() {
        FortelClient.Response r = client.get(bossToken, "/api/v1/journal?limit=500");
        assertThat(r.status()).isEqualTo(200);
        JsonNode items = r.body().get("items");
        assertThat(items.size()).isPositive();
        for (JsonNode item : items) {
            String target = item.get("target").get("id") == null || item.get("target").get("id").isNull() ? "" : item.get("target").get("id").asString();
            String actor = item.get("actor").get("id") == null || item.get("actor").get("id").isNull() ? "" : item.get("actor").get("id").asString();
            assertThat(List.of(target, actor)).as(item.toString()).containsAnyOf(bossId, middleId, workerId);
        }
        assertThat(items.findValuesAsString("type")).contains("auth.login.failed");
        assertThat(r.raw()).as("two levels down is still the team").contains(workerLogin).doesNotContain(outsiderLogin);
    }

    @Test
    void theOwnerAndAnAuditorSeeTheWholeCompany() {
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?limit=500").raw()).contains(workerLogin).contains(outsiderLogin);
        String auditor = fixtures.signedInEmployee(acme.ownerToken(), "aud-" + UUID.randomUUID().toString().substring(0, 6) + "@scope.test", "Aud");
        String auditorId = client.get(auditor, "/api/v1/me").body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + auditorId, "{\"roles\": [\"auditor\"]}").status()).isEqualTo(200);
        assertThat(client.get(auditor, "/api/v1/journal?limit=500").raw()).contains(workerLogin).contains(outsiderLogin);
        assertThat(client.patch(auditor, "/api/v1/employees/" + workerId, "{\"display_name\": \"Changed\"}").status())
                .as("an auditor changes nothing").isEqualTo(403);
    }

    @Test
    void aSupervisorCannotVerifyTheWholeChainNorSeeTheTeamOfAnother() {
        assertThat(client.post(bossToken, "/api/v1/journal/verify", "{}").status()).isEqualTo(403);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + middleId, "{\"supervisor_id\": null}").status()).isEqualTo(200);
        assertThat(client.get(bossToken, "/api/v1/journal?limit=500").raw()).as("the team changed with the reporting line")
                .doesNotContain(workerLogin);
    }
}
