package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.TenantContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Sessions of both kinds (console sessions and API sign-in tokens): listing and ending one's own, an
 * administrator ending an employee's (never someone with more rights), and the company's idle timeout,
 * absolute lifetime and limit of concurrent sessions.
 *
 * <p>The shortest settings the API accepts are one minute idle and five minutes absolute, so the timing tests
 * do not wait: they move the stored timestamps of a session or token into the past through the database
 * (an autowired {@link JdbcClient}, platform-wide so that row-level security lets it on PostgreSQL), exactly
 * as time passing would, and then use the session.
 */
@FortelServerTest
class SessionsTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String login;
    String token;
    String id;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Sessions");
        login = "sessions-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        token = fixtures.signedInEmployee(acme.ownerToken(), login, "Sasha Sessions");
        id = client.get(token, "/api/v1/me").body().get("id").asString();
    }

    private ConsoleDevice device(String userAgent) {
        return ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, userAgent);
    }

    private List<JsonNode> sessions(String bearer, String path) {
        FortelClient.Response r = client.get(bearer, path);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.body().get("items").forEach(items::add);
        return items;
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=500&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    private void patchSettings(String json) {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/security-settings", json);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    @Test
    void anEmployeeListsTheirSessionsOfBothKindsAndEndsOne() {
        ConsoleDevice laptop = device("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0");
        ConsoleDevice phone = device("Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36");

        List<JsonNode> mine = sessions(token, "/api/v1/me/sessions");
        assertThat(mine).hasSize(3);
        JsonNode current = mine.getFirst();
        assertThat(current.get("kind").asString()).isEqualTo("api");
        assertThat(current.get("current").asBoolean()).isTrue();
        assertThat(mine.stream().filter(s -> s.get("current").asBoolean())).hasSize(1);
        String laptopRef = laptop.ref();
        JsonNode laptopSession = mine.stream().filter(s -> s.get("ref").asString().equals(laptopRef)).findFirst().orElseThrow();
        assertThat(laptopSession.get("kind").asString()).isEqualTo("console");
        assertThat(laptopSession.get("user_agent").asString()).contains("Firefox/128.0");
        assertThat(laptopSession.get("ip").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Instant.parse(laptopSession.get("started_at").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(Instant.parse(laptopSession.get("expires_at").asString())).isAfter(Instant.now());
        assertThat(mine.stream().map(s -> s.get("ref").asString())).contains(phone.ref())
                .allMatch(ref -> ref.matches("(web|api):[0-9a-f]{12}"));

        assertThat(client.delete(token, "/api/v1/me/sessions/" + laptopRef).status()).isEqualTo(204);

        assertThat(laptop.status("/")).as("the ended session is refused at once").isEqualTo(302);
        assertThat(phone.status("/")).isEqualTo(200);
        assertThat(sessions(token, "/api/v1/me/sessions").stream().map(s -> s.get("ref").asString())).doesNotContain(laptopRef).hasSize(2);
        JsonNode ended = journal("auth.session.ended").getFirst();
        assertThat(ended.get("target").get("id").asString()).isEqualTo(id);
        assertThat(ended.get("actor").get("id").asString()).isEqualTo(id);
        assertThat(ended.get("details").get("session").asString()).isEqualTo(laptopRef);
        assertThat(ended.get("details").get("reason").asString()).isEqualTo("self");

        FortelClient.Response again = client.delete(token, "/api/v1/me/sessions/" + laptopRef);
        assertThat(again.status()).as("an ended session is gone").isEqualTo(404);
        assertThat(client.delete(token, "/api/v1/me/sessions/web:000000000000").status()).isEqualTo(404);
        assertThat(journal("auth.session.ended")).hasSize(1);
    }

    @Test
    void endingTheTokenInUseSignsItOut() {
        String ref = sessions(token, "/api/v1/me/sessions").getFirst().get("ref").asString();
        assertThat(client.delete(token, "/api/v1/me/sessions/" + ref).status()).isEqualTo(204);
        FortelClient.Response refused = client.get(token, "/api/v1/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("The token was revoked");
    }

    @Test
    void anAdministratorEndsOneSessionOfAnEmployeeAndThenAllOfThem() {
        ConsoleDevice laptop = device("Laptop/1.0");
        ConsoleDevice phone = device("Phone/1.0");
        String laptopRef = laptop.ref();
        List<JsonNode> seen = sessions(acme.ownerToken(), "/api/v1/employees/" + id + "/sessions");
        assertThat(seen).hasSize(3).noneMatch(s -> s.get("current").asBoolean());

        assertThat(client.delete(acme.ownerToken(), "/api/v1/employees/" + id + "/sessions/" + laptopRef).status()).isEqualTo(204);
        assertThat(laptop.status("/")).isEqualTo(302);
        assertThat(phone.status("/")).isEqualTo(200);
        JsonNode ended = journal("auth.session.ended").getFirst();
        assertThat(ended.get("actor").get("id").asString()).as("who ended it").isEqualTo(acme.ownerId().toString());
        assertThat(ended.get("target").get("id").asString()).as("whose session").isEqualTo(id);
        assertThat(ended.get("details").get("reason").asString()).isEqualTo("administrator");

        FortelClient.Response all = client.delete(acme.ownerToken(), "/api/v1/employees/" + id + "/sessions");
        assertThat(all.status()).as(all.raw()).isEqualTo(200);
        assertThat(all.body().get("console_sessions").asInt()).isEqualTo(1);
        assertThat(all.body().get("api_tokens").asInt()).isEqualTo(1);
        assertThat(phone.status("/")).isEqualTo(302);
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(401);
        assertThat(sessions(acme.ownerToken(), "/api/v1/employees/" + id + "/sessions")).isEmpty();
        assertThat(journal("auth.sessions.ended").getFirst().get("details").get("reason").asString()).isEqualTo("administrator");
        assertThat(journal("auth.tokens.revoked").getFirst().get("actor").get("id").asString()).isEqualTo(acme.ownerId().toString());
    }

    @Test
    void nobodyEndsTheSessionsOfSomeoneWithMoreRights() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "admin-" + suffix + "@acme.test", "Ada Admin", "admin");
        String officerLogin = "officer-" + suffix + "@acme.test";
        String officer = fixtures.signedInEmployee(acme.ownerToken(), officerLogin, "Oleg Officer", "security_officer");
        String officerId = client.get(officer, "/api/v1/me").body().get("id").asString();
        String ownerRef = sessions(acme.ownerToken(), "/api/v1/me/sessions").getFirst().get("ref").asString();

        for (String path : List.of("/api/v1/employees/" + acme.ownerId() + "/sessions", "/api/v1/employees/" + acme.ownerId() + "/sessions/" + ownerRef,
                "/api/v1/employees/" + officerId + "/sessions")) {
            FortelClient.Response refused = client.delete(admin, path);
            assertThat(refused.status()).as(path + ": " + refused.raw()).isEqualTo(422);
            assertThat(refused.body().get("errors").findValuesAsString("message").getFirst()).contains("rights you do not have");
        }
        assertThat(client.get(acme.ownerToken(), "/api/v1/me").status()).as("the owner is still signed in").isEqualTo(200);
        assertThat(client.get(officer, "/api/v1/me").status()).isEqualTo(200);
        assertThat(journal("auth.session.ended")).isEmpty();

        // Within their own rights an administrator may: an employee's sessions, and their own.
        assertThat(client.delete(admin, "/api/v1/employees/" + id + "/sessions").status()).isEqualTo(200);
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(401);
        // Someone without employees.manage sees nobody's sessions but their own.
        assertThat(client.get(officer, "/api/v1/employees/" + acme.ownerId() + "/sessions").status()).isEqualTo(403);
        assertThat(client.get(officer, "/api/v1/me/sessions").status()).isEqualTo(200);
    }

    @Test
    void aConsoleSessionGetsTheCompanysIdleTimeoutAndEndsAfterThatLongUnused() {
        patchSettings("{\"sessions\": {\"idle_timeout\": \"PT7M\"}}");
        ConsoleDevice laptop = device("Laptop/1.0");
        ConsoleDevice phone = device("Phone/1.0");
        assertThat(jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE session_id = :id").param("id", laptop.sessionId())
                .query(Integer.class).single()).isEqualTo(420);

        // Seven minutes and a half unused for the laptop, six for the phone: as if the time had passed.
        unused(laptop, Duration.ofSeconds(450));
        unused(phone, Duration.ofMinutes(6));

        String laptopRef = laptop.ref();
        assertThat(laptop.status("/")).isEqualTo(302);
        assertThat(phone.status("/")).isEqualTo(200);
        assertThat(sessions(token, "/api/v1/me/sessions").stream().map(s -> s.get("ref").asString())).contains(phone.ref())
                .doesNotContain(laptopRef);
    }

    private void unused(ConsoleDevice device, Duration idle) {
        long past = System.currentTimeMillis() - idle.toMillis();
        int interval = jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE session_id = :id").param("id", device.sessionId())
                .query(Integer.class).single();
        jdbc.sql("UPDATE spring_session SET last_access_time = :t, expiry_time = :e WHERE session_id = :id")
                .param("t", past).param("e", past + interval * 1000L).param("id", device.sessionId()).update();
    }

    @Test
    void aConsoleSessionEndsAtTheCompanysAbsoluteLifetimeJournaledOnce() {
        patchSettings("{\"sessions\": {\"absolute_lifetime\": \"PT1H\"}}");
        ConsoleDevice laptop = device("Laptop/1.0");
        ConsoleDevice phone = device("Phone/1.0");
        String laptopRef = laptop.ref();
        // Signed in 61 minutes ago, and busy ever since (so the idle timeout is not the cause).
        jdbc.sql("UPDATE spring_session SET creation_time = :t WHERE session_id = :id")
                .param("t", System.currentTimeMillis() - Duration.ofMinutes(61).toMillis()).param("id", laptop.sessionId()).update();

        var refused = laptop.get("/employees");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/login?expired");
        assertThat(laptop.status("/")).isEqualTo(302);
        assertThat(phone.status("/")).isEqualTo(200);

        List<JsonNode> expired = journal("auth.session.expired");
        assertThat(expired).as("journaled once, however often the ended session is tried").hasSize(1);
        assertThat(expired.getFirst().get("details").get("session").asString()).isEqualTo(laptopRef);
        assertThat(expired.getFirst().get("details").get("reason").asString()).isEqualTo("absolute_lifetime");
        assertThat(expired.getFirst().get("target").get("id").asString()).isEqualTo(id);
    }

    @Test
    void apiSignInTokensFollowTheCompanysLifetimeAndIdleTimeout() {
        patchSettings("{\"sessions\": {\"idle_timeout\": \"PT10M\", \"absolute_lifetime\": \"PT1H\"}}");
        FortelClient.Response issued = client.tokenResponse(login, Fixtures.PASSWORD);
        Instant expires = Instant.parse(issued.body().get("expires_at").asString());
        assertThat(expires).as("the absolute lifetime (1 h) caps the configured 8 h").isBefore(Instant.now().plus(Duration.ofMinutes(61)))
                .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        String fresh = issued.body().get("token").asString();

        // Last use is written at most once a minute: a second request right away leaves it as it was.
        String hash = ApiTokens.sha256(fresh);
        OffsetDateTime written = lastUsed(hash);
        assertThat(client.get(fresh, "/api/v1/me").status()).isEqualTo(200);
        assertThat(lastUsed(hash)).isEqualTo(written);
        setLastUsed(hash, Duration.ofMinutes(2));
        assertThat(client.get(fresh, "/api/v1/me").status()).isEqualTo(200);
        assertThat(lastUsed(hash).toInstant()).isAfter(Instant.now().minusSeconds(30));

        // Unused for longer than the idle timeout (10 min, plus the minute the last-use record may lag).
        setLastUsed(hash, Duration.ofMinutes(12));
        FortelClient.Response idle = client.get(fresh, "/api/v1/me");
        assertThat(idle.status()).isEqualTo(401);
        assertThat(idle.body().get("detail").asString()).contains("The token expired");
        assertThat(client.get(fresh, "/api/v1/me").status()).isEqualTo(401);
        List<JsonNode> expired = journal("auth.session.expired");
        assertThat(expired).hasSize(1);
        assertThat(expired.getFirst().get("details").get("reason").asString()).isEqualTo("idle_timeout");
        assertThat(expired.getFirst().get("details").get("session").asString()).isEqualTo("api:" + hash.substring(0, 12));

        // Nine minutes unused is within the idle timeout.
        setLastUsed(ApiTokens.sha256(token), Duration.ofMinutes(9));
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(200);

        // A token issued before the lifetime was shortened obeys the new lifetime, counted from its creation.
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE api_tokens SET created_at = :t WHERE token_hash = :h")
                .param("t", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(61)).param("h", ApiTokens.sha256(token)).update());
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(401);
        assertThat(journal("auth.session.expired").getFirst().get("details").get("reason").asString()).isEqualTo("absolute_lifetime");
    }

    private OffsetDateTime lastUsed(String hash) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT last_used_at FROM api_tokens WHERE token_hash = :h").param("h", hash)
                .query(OffsetDateTime.class).single());
    }

    private void setLastUsed(String hash, Duration ago) {
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE api_tokens SET last_used_at = :t WHERE token_hash = :h")
                .param("t", OffsetDateTime.now(ZoneOffset.UTC).minus(ago)).param("h", hash).update());
    }

    @Test
    void aSignInBeyondTheCompanysLimitEndsTheOldestSession() {
        patchSettings("{\"sessions\": {\"max_concurrent\": 2}}");
        ConsoleDevice first = device("First/1.0");
        ConsoleDevice second = device("Second/1.0");
        assertThat(first.status("/")).isEqualTo(200);
        String firstRef = first.ref();

        ConsoleDevice third = device("Third/1.0");

        assertThat(first.status("/")).as("the oldest session made room").isEqualTo(302);
        assertThat(second.status("/")).isEqualTo(200);
        assertThat(third.status("/")).isEqualTo(200);
        JsonNode ended = journal("auth.session.ended").getFirst();
        assertThat(ended.get("details").get("reason").asString()).isEqualTo("concurrent_limit");
        assertThat(ended.get("details").get("session").asString()).isEqualTo(firstRef);
        assertThat(ended.get("target").get("id").asString()).isEqualTo(id);
        assertThat(sessions(token, "/api/v1/me/sessions").stream().filter(s -> s.get("kind").asString().equals("console"))).hasSize(2);
    }
}
