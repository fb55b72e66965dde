package dev.fortel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The mail paths on PostgreSQL with row-level security: the relay settings are visible only to platform-wide
 * work, a company sees only its own outbox rows, and the sender and the operator's outbox still work.
 */
@FortelPostgresServerTest
class MailOnPostgresTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void relaySettingsAreThePlatformsAndEachCompanySeesOnlyItsOwnMail() throws Exception {
        FortelClient client = new FortelClient(port);
        Fixtures fixtures = new Fixtures(client);
        String operator = fixtures.operatorToken();
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        FortelClient.Response saved = client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "127.0.0.1", "port": %d, "security": "plain", "username": "u", "password": "pg relay secret", "from_address": "pbx@fortel.test"}"""
                .formatted(closed));
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        Fixtures.Company a = fixtures.company("Pg Mail A");
        Fixtures.Company b = fixtures.company("Pg Mail B");
        TenantId tenantA = TenantId.of(a.id());

        assertThat(TenantContext.as(tenantA, () -> jdbc.sql("SELECT count(*) FROM mail_settings").query(Long.class).single()))
                .as("a company's connection does not see the relay settings").isZero();
        assertThat(TenantContext.asPlatform(() -> jdbc.sql("SELECT count(*) FROM mail_settings").query(Long.class).single())).isEqualTo(1);
        assertThat(TenantContext.asPlatform(() -> jdbc.sql("SELECT password_sealed FROM mail_settings").query(String.class).single()))
                .startsWith("v1:").doesNotContain("pg relay secret");
        assertThat(TenantContext.as(tenantA, () -> jdbc.sql("SELECT DISTINCT recipient FROM outbox").query(String.class).list()))
                .containsExactly(a.ownerLogin());
        assertThat(TenantContext.as(tenantA, () -> jdbc.sql("SELECT count(*) FROM outbox WHERE recipient = :r").param("r", b.ownerLogin())
                .query(Long.class).single())).isZero();

        assertThat(client.delete(operator, "/api/v1/provider/mail-settings").status()).isEqualTo(204);
        Fixtures.Company c = fixtures.company("Pg Mail C");
        JsonNode local = awaitLocal(client, operator, c.ownerLogin());
        String body = client.get(operator, "/api/v1/provider/outbox/" + local.get("id").asString()).body().get("body").asString();
        assertThat(body).contains("/activate/");
    }

    private static JsonNode awaitLocal(FortelClient client, String operator, String to) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode item : client.get(operator, "/api/v1/provider/outbox?limit=200").body().get("items")) {
                if (item.get("to").asString().equals(to) && item.get("status").asString().equals("local")) {
                    return item;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no local outbox mail for " + to);
    }
}
