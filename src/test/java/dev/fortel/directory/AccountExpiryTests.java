package dev.fortel.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Temporary accounts: they stop at their moment of expiry, the job journals it once, and an administrator can extend them. */
@FortelServerTest
class AccountExpiryTests extends ServerTestSupport {

    @Autowired
    AccountExpiry expiry;

    Fixtures.Company acme;
    String login;
    String id;
    String token;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Temp");
        login = "temp-" + UUID.randomUUID().toString().substring(0, 6) + "@temp.test";
        token = fixtures.signedInEmployee(acme.ownerToken(), login, "Temporary Tester");
        id = client.get(token, "/api/v1/me").body().get("id").asString();
    }

    private JsonNode journal(String type) {
        return client.get(acme.ownerToken(), "/api/v1/journal?type=" + type + "&limit=50").body().get("items");
    }

    @Test
    void anAccountStopsAtItsMomentOfExpiryAndTheJobJournalsItOnce() throws InterruptedException {
        Instant soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"expires_at\": \"" + soon + "\"}").status()).isEqualTo(200);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).as("still valid").isEqualTo(201);
        Thread.sleep(java.time.Duration.between(Instant.now(), soon).toMillis() + 300);

        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).as("refused from the moment of expiry").isEqualTo(401);
        assertThat(client.get(token, "/api/v1/me").status()).as("an earlier token too").isEqualTo(401);

        assertThat(expiry.recordExpired()).isGreaterThanOrEqualTo(1);
        expiry.recordExpired();
        JsonNode expired = journal("employee.expired");
        assertThat(expired.size()).as("recorded once, however often the job runs").isEqualTo(1);
        assertThat(expired.get(0).get("target").get("name").asString()).isEqualTo(login);
        assertThat(expired.get(0).get("details").get("expires_at").asString()).isEqualTo(soon.toString());
        assertThat(journal("auth.tokens.revoked").findValuesAsString("reason")).contains("account_expired");
    }

    @Test
    void anAdministratorExtendsAnExpiredAccountAndItSignsInAgain() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"expires_at\": \"2020-01-31\"}").status()).isEqualTo(200);
        expiry.recordExpired();
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);

        String later = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"expires_at\": \"" + later + "\"}").status()).isEqualTo(200);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        JsonNode change = journal("employee.updated").get(0).get("details");
        assertThat(change.get("before").get("expires_at").asString()).isEqualTo("2020-02-01T00:00:00Z");
        assertThat(change.get("after").get("expires_at").asString()).isEqualTo(later);
    }

    @Test
    void anExpiryMomentOfTheWrongFormIsRefusedPrecisely() {
        var r = client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"expires_at\": \"next friday\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo("expires_at");
        assertThat(r.raw()).contains("2027-12-31T18:00:00Z");
    }
}
