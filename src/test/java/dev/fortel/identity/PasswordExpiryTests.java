package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The maximum password age: an expired password must be changed before anything else is reachable. */
@FortelServerTest
class PasswordExpiryTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String login;
    String token;
    UUID id;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Expiry");
        login = "aged-" + UUID.randomUUID().toString().substring(0, 6) + "@expiry.test";
        token = fixtures.signedInEmployee(acme.ownerToken(), login, "Aged Password");
        id = UUID.fromString(client.get(token, "/api/v1/me").body().get("id").asString());
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"max_age\": \"P30D\"}}").status()).isEqualTo(200);
    }

    /** The password was chosen {@code days} ago: set in the database, as waiting a month is not an option in a test. */
    private void passwordSetDaysAgo(int days) {
        jdbc.sql("UPDATE credentials SET changed_at = :at WHERE employee_id = :e")
                .param("at", OffsetDateTime.now(ZoneOffset.UTC).minusDays(days)).param("e", id).update();
    }

    @Test
    void aPasswordYoungerThanTheMaximumAgeOpensEverything() {
        passwordSetDaysAgo(29);
        assertThat(client.get(token, "/api/v1/employees").status()).isEqualTo(200);
    }

    @Test
    void anExpiredPasswordClosesTheApiExceptChangingIt() {
        passwordSetDaysAgo(31);
        FortelClient.Response r = client.get(token, "/api/v1/employees");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().get("type").asString()).isEqualTo("/problems/password-expired");
        assertThat(r.body().get("detail").asString()).contains("POST /api/v1/me/password");
        assertThat(client.get(token, "/api/v1/me").status()).as("who am I stays open").isEqualTo(200);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees").status()).as("others are not affected").isEqualTo(200);
    }

    @Test
    void lengtheningTheLifetimeReopensAtOnce() {
        passwordSetDaysAgo(31);
        assertThat(client.get(token, "/api/v1/employees").status()).isEqualTo(403);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"max_age\": \"PT0S\"}}").status()).isEqualTo(200);
        assertThat(client.get(token, "/api/v1/employees").status()).isEqualTo(200);
    }

    @Test
    void anIntegrationTokenIsNotHeldUpByItsCreatorsPasswordAge() {
        FortelClient.Response created = client.post(acme.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"CRM\", \"scope\": [\"employees.view\"], \"expires_at\": \""
                        + java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String integration = created.body().get("token").asString();
        jdbc.sql("UPDATE credentials SET changed_at = :at WHERE employee_id = :e")
                .param("at", OffsetDateTime.now(ZoneOffset.UTC).minusDays(31)).param("e", acme.ownerId()).update();
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees").status()).as("the owner's own session is held").isEqualTo(403);
        assertThat(client.get(integration, "/api/v1/employees").status()).isEqualTo(200);
    }
}
