package dev.fortel.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The speech-analytics list and VIP numbers: changes journaled with who or what, numbers normalized, bad input named. */
@FortelServerTest
class TelephonyListsTests extends ServerTestSupport {

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Lists");
    }

    private JsonNode journal(String type) {
        return client.get(acme.ownerToken(), "/api/v1/journal?type=" + type).body().get("items");
    }

    @Test
    void everyAdditionToAndRemovalFromTheSpeechAnalyticsListIsJournaledWithWho() {
        String login = "sa-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String id = fixtures.employee(acme.ownerToken(), login, "Sveta Analytics").get("id").asString();
        FortelClient.Response added = client.post(acme.ownerToken(), "/api/v1/telephony/speech-analytics", "{\"employee_id\": \"" + id + "\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().get("employee_id").asString()).as("the member as the list shows it").isEqualTo(id);
        assertThat(added.body().has("added_at")).isTrue();
        assertThat(client.post(acme.ownerToken(), "/api/v1/telephony/speech-analytics", "{\"employee_id\": \"" + id + "\"}").status()).isEqualTo(409);
        JsonNode list = client.get(acme.ownerToken(), "/api/v1/telephony/speech-analytics").body().get("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("login").asString()).isEqualTo(login);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/telephony/speech-analytics/" + id).status()).isEqualTo(204);
        assertThat(journal("speech_analytics.added").get(0).get("target").get("name").asString()).isEqualTo(login);
        assertThat(journal("speech_analytics.removed")).hasSize(1);

        Fixtures.Company other = fixtures.company("Elsewhere");
        FortelClient.Response foreign = client.post(other.ownerToken(), "/api/v1/telephony/speech-analytics", "{\"employee_id\": \"" + id + "\"}");
        assertThat(foreign.status()).as("another company's employee").isEqualTo(422);
    }

    @Test
    void vipNumbersAreNormalizedAndTheirChangesJournaled() {
        FortelClient.Response added = client.post(acme.ownerToken(), "/api/v1/telephony/vip-numbers",
                "{\"number\": \"8 (495) 123-45-67\", \"note\": \"Chairman\"}");
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.body().get("number").asString()).isEqualTo("+74951234567");
        assertThat(client.post(acme.ownerToken(), "/api/v1/telephony/vip-numbers", "{\"number\": \"+74951234567\"}").status()).isEqualTo(409);
        FortelClient.Response bad = client.post(acme.ownerToken(), "/api/v1/telephony/vip-numbers", "{\"number\": \"call me\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("number");
        assertThat(client.delete(acme.ownerToken(), "/api/v1/telephony/vip-numbers/+74951234567").status()).isEqualTo(204);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/telephony/vip-numbers/+74951234567").status()).isEqualTo(404);
        assertThat(journal("vip.number.added").get(0).get("details").get("number").asString()).isEqualTo("+74951234567");
        assertThat(journal("vip.number.removed")).hasSize(1);
        String employee = fixtures.signedInEmployee(acme.ownerToken(), "v-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Plain");
        assertThat(client.get(employee, "/api/v1/telephony/vip-numbers").status()).isEqualTo(403);
    }
}
