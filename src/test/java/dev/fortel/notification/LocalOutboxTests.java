package dev.fortel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default without a mail server: mail stays in the local outbox, sealed, where the provider operator
 * reads it (journaled) and nobody else can.
 */
@FortelServerTest
class LocalOutboxTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    String operator;

    @BeforeEach
    void withoutSmtp() {
        operator = fixtures.operatorToken();
        FortelClient.Response removed = client.delete(operator, "/api/v1/provider/mail-settings");
        assertThat(removed.status()).isEqualTo(204);
        assertThat(client.get(operator, "/api/v1/provider/mail-settings").body().get("configured").asBoolean()).isFalse();
    }

    @Test
    void withoutSmtpTheWelcomeMailStaysInTheOutboxWhereTheOperatorReadsItsWorkingLink() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + suffix + "@local.test";
        FortelClient.Response created = client.post(operator, "/api/v1/tenants",
                "{\"name\": \"Local " + suffix + "\", \"owner_email\": \"" + owner + "\", \"owner_name\": \"Lev Local\"}");
        assertThat(created.status()).isEqualTo(201);
        String url = created.body().get("activation_url").asString();

        JsonNode item = awaitLocal(owner);
        assertThat(item.get("kind").asString()).isEqualTo("welcome");
        assertThat(item.get("tenant_name").asString()).isEqualTo("Local " + suffix);
        assertThat(item.get("body_stored").asBoolean()).isTrue();
        String sealed = jdbc.sql("SELECT body_sealed FROM outbox WHERE recipient = :r").param("r", owner).query(String.class).single();
        assertThat(sealed).startsWith("v1:").doesNotContain(url.substring(url.lastIndexOf('/') + 1)).doesNotContain("Lev Local");

        FortelClient.Response opened = client.get(operator, "/api/v1/provider/outbox/" + item.get("id").asString());
        assertThat(opened.status()).isEqualTo(200);
        String body = opened.body().get("body").asString();
        assertThat(body).contains("Lev Local").contains(url).doesNotContain(Fixtures.PASSWORD);
        assertThat(client.get(operator, "/api/v1/journal?type=mail.message.opened&limit=1").raw()).contains(owner).contains("welcome");

        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + Fixtures.PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(client.tokenResponse(owner, Fixtures.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void aCompanyAdministratorSeesNeitherTheOutboxNorTheSmtpSettings() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode item = awaitLocal(acme.ownerLogin());
        String id = item.get("id").asString();

        assertThat(client.get(acme.ownerToken(), "/api/v1/provider/outbox").status()).isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/provider/outbox/" + id).status()).isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/provider/mail-settings").status()).isEqualTo(403);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/provider/mail-settings").status()).isEqualTo(403);
        assertThat(client.post(acme.ownerToken(), "/api/v1/provider/mail-settings/test", "{}").status()).isEqualTo(403);
        assertThat(client.get(null, "/api/v1/provider/outbox").status()).isEqualTo(401);
        assertThat(client.get(operator, "/api/v1/provider/outbox/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aTestMessageNeedsARelayFirst() {
        FortelClient.Response r = client.post(operator, "/api/v1/provider/mail-settings/test", "{}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.raw()).contains("no SMTP relay is configured");
    }

    @Test
    void anAdministratorsResetWithoutSmtpStillEndsAccessAndLeavesTheLinkToTheOperatorOnly() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "local-reset-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Lena");
        String id = client.get(token, "/api/v1/me").body().get("id").asString();
        assertThat(client.post(acme.ownerToken(), "/api/v1/employees/" + id + "/password-reset", "").status()).isEqualTo(202);
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(401);
        JsonNode mail = awaitLocal(login, "password_reset");
        String body = client.get(operator, "/api/v1/provider/outbox/" + mail.get("id").asString()).body().get("body").asString();
        assertThat(body).contains("/activate/").doesNotContain(Fixtures.PASSWORD);
        FortelClient.Response bad = client.get(operator, "/api/v1/provider/outbox?status=lost");
        assertThat(bad.status()).isEqualTo(422);
    }

    /** The newest outbox entry for {@code to}, once the sender has moved it to the local outbox. */
    private JsonNode awaitLocal(String to) {
        return awaitLocal(to, null);
    }

    private JsonNode awaitLocal(String to, String kind) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode item : client.get(operator, "/api/v1/provider/outbox?limit=200").body().get("items")) {
                if (item.get("to").asString().equals(to) && item.get("status").asString().equals("local")
                        && (kind == null || kind.equals(item.get("kind").asString()))) {
                    return item;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no local outbox mail for " + to);
    }
}
