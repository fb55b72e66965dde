package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.TenantContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Long-lived integration tokens: shown once and stored as a hash, scoped to a subset of the creator's rights
 * (checked at creation and again at every use, against the creator's current rights), expiring no later than
 * the company allows, refused with a reason once revoked or expired, and journaled when created, revoked and
 * first used from each address.
 */
@FortelServerTest
class IntegrationTokensTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Integrations");
    }

    private static String in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private FortelClient.Response create(String bearer, String name, String scope, String expiresAt) {
        return client.post(bearer, "/api/v1/integration-tokens",
                "{\"name\": \"" + name + "\", \"scope\": [" + scope + "], \"expires_at\": \"" + expiresAt + "\"}");
    }

    private JsonNode created(FortelClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=500&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    private String admin() {
        return fixtures.signedInEmployee(acme.ownerToken(), "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Ada Admin",
                "admin");
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsItsHash() {
        FortelClient.Response r = create(acme.ownerToken(), "CRM sync", "\"employees.view\"", in(Duration.ofDays(30)));
        JsonNode token = created(r);
        String secret = token.get("token").asString();
        assertThat(secret).startsWith("fti_").hasSizeGreaterThan(40);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(token.get("scope").valueStream().map(JsonNode::asString)).containsExactly("employees.view");

        String list = client.get(acme.ownerToken(), "/api/v1/integration-tokens").raw();
        String one = client.get(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).raw();
        assertThat(list).contains("CRM sync").doesNotContain(secret).doesNotContain("\"token\"");
        assertThat(one).contains(token.get("ref").asString()).doesNotContain(secret);
        Map<String, Object> row = TenantContext.asPlatform(() -> jdbc.sql("SELECT * FROM integration_tokens WHERE id = :id")
                .param("id", UUID.fromString(token.get("id").asString())).query().singleRow());
        assertThat(row.get("token_hash")).isEqualTo(ApiTokens.sha256(secret));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret.substring(4)));
        assertThat(journal("integration.token.created").getFirst().toString()).contains("CRM sync").doesNotContain(secret.substring(4));

        JsonNode listed = client.get(acme.ownerToken(), "/api/v1/integration-tokens").body().get("items").get(0);
        assertThat(listed.get("status").asString()).isEqualTo("active");
        assertThat(listed.get("created_by").get("id").asString()).isEqualTo(acme.ownerId().toString());
        assertThat(listed.get("last_used_at").isNull()).isTrue();
    }

    @Test
    void theScopeMustBeASubsetOfTheCreatorsOwnRights() {
        String admin = admin();
        FortelClient.Response exceeds = create(admin, "Journal check", "\"employees.view\", \"journal.verify\"", in(Duration.ofDays(1)));
        assertThat(exceeds.status()).as(exceeds.raw()).isEqualTo(422);
        assertThat(exceeds.body().get("errors").findValuesAsString("field")).containsExactly("scope");
        assertThat(exceeds.body().get("errors").findValuesAsString("message").getFirst()).contains("journal.verify")
                .doesNotContain("employees.view");

        FortelClient.Response unknown = create(admin, "X", "\"employees.fly\"", in(Duration.ofDays(1)));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("errors").findValuesAsString("message").getFirst()).contains("employees.fly");
        FortelClient.Response empty = create(admin, "", "", in(Duration.ofDays(1)));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "scope");

        String employee = fixtures.signedInEmployee(acme.ownerToken(), "eve-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Eve");
        assertThat(create(employee, "Mine", "\"employees.view\"", in(Duration.ofDays(1))).status()).as("needs integrations.manage").isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/integration-tokens").body().get("items")).isEmpty();
    }

    @Test
    void aTokenCanUseOnlyTheFunctionsOfItsScope() {
        String secret = created(create(acme.ownerToken(), "Directory reader", "\"employees.view\"", in(Duration.ofDays(1)))).get("token").asString();

        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);
        FortelClient.Response create = client.post(secret, "/api/v1/employees", "{\"login\": \"x-" + UUID.randomUUID() + "@acme.test\", \"display_name\": \"X\"}");
        assertThat(create.status()).as("employees.manage is not in the scope, though the owner holds it").isEqualTo(403);
        assertThat(client.get(secret, "/api/v1/journal").status()).isEqualTo(403);
        assertThat(client.get(secret, "/api/v1/integration-tokens").status()).isEqualTo(403);
        // Nor can it act on its creator's account.
        assertThat(client.get(secret, "/api/v1/me/sessions").status()).isEqualTo(403);
        assertThat(client.post(secret, "/api/v1/me/password", "{\"current_password\": \"" + Fixtures.PASSWORD
                + "\", \"new_password\": \"some other passphrase 1\"}").status()).isEqualTo(403);
        assertThat(client.delete(secret, "/api/v1/auth/token").status()).as("not a sign-in to sign out of").isEqualTo(403);
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);
        assertThat(client.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(201);
        // Whatever it did is journaled with the token as the session.
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=integration.token.new_address").body().get("items").get(0)
                .get("actor").get("session").asString()).startsWith("int:");
    }

    @Test
    void aTokenLosesWhatItsCreatorLosesAndStopsWithTheCreator() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String adminLogin = "ada-" + suffix + "@acme.test";
        String admin = fixtures.signedInEmployee(acme.ownerToken(), adminLogin, "Ada Admin", "admin");
        String adminId = client.get(admin, "/api/v1/me").body().get("id").asString();
        // Creating an employee grants the employee role, whose rights (groups.view too) the token must hold.
        String scope = "\"employees.view\", \"employees.manage\", \"groups.view\"";
        String secret = created(create(admin, "HR import", scope, in(Duration.ofDays(1)))).get("token").asString();
        assertThat(client.post(secret, "/api/v1/employees", "{\"login\": \"a-" + suffix + "@acme.test\", \"display_name\": \"A\"}").status())
                .isEqualTo(201);

        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"roles\": [\"employee\"]}").status()).isEqualTo(200);

        assertThat(client.post(secret, "/api/v1/employees", "{\"login\": \"b-" + suffix + "@acme.test\", \"display_name\": \"B\"}").status())
                .as("the creator no longer manages employees, so neither does the token").isEqualTo(403);
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);

        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"status\": \"disabled\"}").status()).isEqualTo(200);
        FortelClient.Response stopped = client.get(secret, "/api/v1/employees");
        assertThat(stopped.status()).as("a disabled creator stops the token").isEqualTo(401);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"status\": \"active\"}").status()).isEqualTo(200);
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);
    }

    @Test
    void theExpiryIsRequiredAndNoLaterThanTheCompanyAllows() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"api_tokens\": {\"max_lifetime\": \"P7D\"}}").status())
                .isEqualTo(200);

        FortelClient.Response tooLong = create(acme.ownerToken(), "Backup", "\"employees.view\"", in(Duration.ofDays(8)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().get("errors").findValuesAsString("field")).containsExactly("expires_at");
        assertThat(tooLong.body().get("errors").findValuesAsString("message").getFirst()).contains("at most PT168H");
        FortelClient.Response missing = client.post(acme.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"Backup\", \"scope\": [\"employees.view\"]}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().get("errors").findValuesAsString("field")).containsExactly("expires_at");
        assertThat(create(acme.ownerToken(), "Backup", "\"employees.view\"", in(Duration.ofDays(-1))).status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/integration-tokens").body().get("items")).isEmpty();

        created(create(acme.ownerToken(), "Backup", "\"employees.view\"", in(Duration.ofDays(6))));
    }

    @Test
    void aRevokedTokenIsRefusedSayingSo() {
        JsonNode token = created(create(acme.ownerToken(), "Old CRM", "\"employees.view\"", in(Duration.ofDays(1))));
        String secret = token.get("token").asString();
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);

        assertThat(client.delete(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).status()).isEqualTo(204);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).status()).isEqualTo(204);

        FortelClient.Response refused = client.get(secret, "/api/v1/employees");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("The token was revoked");
        assertThat(journal("integration.token.revoked")).as("revoking twice journals once").hasSize(1);
        assertThat(client.get(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).body().get("status").asString())
                .isEqualTo("revoked");

        // A signed-out sign-in token says so too; a token nobody issued gets the generic answer.
        String signIn = client.token(acme.ownerLogin(), Fixtures.PASSWORD);
        assertThat(client.delete(signIn, "/api/v1/auth/token").status()).isEqualTo(204);
        assertThat(client.get(signIn, "/api/v1/me").body().get("detail").asString()).contains("The token was revoked");
        FortelClient.Response unknown = client.get("fti_" + "A".repeat(43), "/api/v1/me");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().get("detail").asString()).doesNotContain("revoked").doesNotContain("expired");
    }

    @Test
    void anExpiredTokenIsRefusedSayingSo() {
        JsonNode token = created(create(acme.ownerToken(), "Nightly", "\"employees.view\"", in(Duration.ofDays(1))));
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE integration_tokens SET expires_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)).param("id", UUID.fromString(token.get("id").asString())).update());

        FortelClient.Response refused = client.get(token.get("token").asString(), "/api/v1/employees");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("The token expired");
        assertThat(client.get(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).body().get("status").asString())
                .isEqualTo("expired");

        // A company that shortens the maximum lifetime shortens the tokens already issued, counted from their creation.
        JsonNode longer = created(create(acme.ownerToken(), "Weekly", "\"employees.view\"", in(Duration.ofDays(60))));
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE integration_tokens SET created_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.now(ZoneOffset.UTC).minusDays(10)).param("id", UUID.fromString(longer.get("id").asString())).update());
        assertThat(client.get(longer.get("token").asString(), "/api/v1/employees").status()).isEqualTo(200);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"api_tokens\": {\"max_lifetime\": \"P7D\"}}").status())
                .isEqualTo(200);
        assertThat(client.get(longer.get("token").asString(), "/api/v1/employees").body().get("detail").asString()).contains("The token expired");
    }

    @Test
    void theFirstUseFromEachAddressIsJournaledOnce() throws Exception {
        JsonNode token = created(create(acme.ownerToken(), "Monitoring", "\"employees.view\"", in(Duration.ofDays(1))));
        String secret = token.get("token").asString();
        assertThat(journal("integration.token.new_address")).isEmpty();

        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);
        List<JsonNode> first = journal("integration.token.new_address");
        assertThat(first).hasSize(1);
        String firstIp = first.getFirst().get("details").get("ip").asString();
        assertThat(first.getFirst().get("target").get("id").asString()).isEqualTo(token.get("id").asString());

        // The same server over IPv6 loopback: another source address.
        HttpClient v6 = HttpClient.newBuilder().sslContext(FortelClient.trustAll()).build();
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("https://[::1]:" + port + "/api/v1/employees"))
                .header("Authorization", "Bearer " + secret).build();
        assertThat(v6.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(v6.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(client.get(secret, "/api/v1/employees").status()).isEqualTo(200);

        List<JsonNode> events = journal("integration.token.new_address");
        assertThat(events).hasSize(2);
        assertThat(events.stream().map(e -> e.get("details").get("ip").asString())).containsExactlyInAnyOrder(firstIp, "0:0:0:0:0:0:0:1");
        JsonNode listed = client.get(acme.ownerToken(), "/api/v1/integration-tokens/" + token.get("id").asString()).body();
        assertThat(listed.get("last_used_ip").asString()).isEqualTo(firstIp);
        assertThat(listed.get("last_used_at").isNull()).isFalse();
    }
}
