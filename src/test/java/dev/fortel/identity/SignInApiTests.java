package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.JsonNode;

@FortelServerTest
class SignInApiTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void unknownLoginAndWrongPasswordGetTheSameAnswer() {
        Fixtures.Company acme = fixtures.company("Acme");
        FortelClient.Response wrongPassword = client.tokenResponse(acme.ownerLogin(), "not the right password at all");
        FortelClient.Response unknownLogin = client.tokenResponse("nobody-" + UUID.randomUUID() + "@acme.test", "not the right password at all");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownLogin.status()).isEqualTo(401);
        assertThat(wrongPassword.raw().replace("\"instance\":\"/api/v1/auth/token\",", ""))
                .isEqualTo(unknownLogin.raw().replace("\"instance\":\"/api/v1/auth/token\",", ""));
        assertThat(wrongPassword.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void tokenIdentifiesTheCallerUntilItIsRevoked() {
        Fixtures.Company acme = fixtures.company("Acme");
        String token = acme.ownerToken();
        JsonNode me = client.get(token, "/api/v1/me").body();
        assertThat(me.get("login").asString()).isEqualTo(acme.ownerLogin());
        assertThat(me.get("tenant_id").asString()).isEqualTo(acme.id().toString());
        assertThat(me.get("roles").toString()).isEqualTo("[\"owner\"]");

        assertThat(client.delete(token, "/api/v1/auth/token").status()).isEqualTo(204);
        FortelClient.Response after = client.get(token, "/api/v1/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body().get("type").asString()).isEqualTo("/problems/unauthenticated");
    }

    @Test
    void requestsWithoutOrWithForgedTokensAreRejected() {
        assertThat(client.get(null, "/api/v1/me").status()).isEqualTo(401);
        assertThat(client.get("ft_forged", "/api/v1/me").status()).isEqualTo(401);
        // An obviously fake token of the real shape; the secret scan allows exactly this fixture (.secretlintrc.json).
        assertThat(client.get("ft_FAKE_00000000000000000000000000000000000000", "/api/v1/employees").status()).isEqualTo(401);
    }

    @Test
    void failedSignInIsJournaledWithItsReasonThoughTheSignInFails() {
        Fixtures.Company acme = fixtures.company("Acme");
        client.tokenResponse(acme.ownerLogin(), "wrong password, definitely");
        JsonNode events = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.login.failed").body().get("items");
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.get("outcome").asString()).isEqualTo("failure");
        assertThat(e.get("details").get("login").asString()).isEqualTo(acme.ownerLogin());
        assertThat(e.get("details").get("reason").asString()).isEqualTo("bad_password");
        assertThat(e.get("actor").get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(e.get("details").toString()).doesNotContain("wrong password");
    }

    @Test
    void spoofedForwardedForHeaderDoesNotChangeTheRecordedAddress() {
        Fixtures.Company acme = fixtures.company("Acme");
        client.send(client.request("/api/v1/auth/token").header("X-Forwarded-For", "203.0.113.66")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((acme.ownerLogin() + ":wrong password here").getBytes()))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        JsonNode e = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.login.failed").body().get("items").get(0);
        assertThat(e.get("actor").get("ip").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void disablingAnEmployeeEndsTheirTokensAndBlocksSignIn() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "ivan-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String ivanToken = fixtures.signedInEmployee(acme.ownerToken(), login, "Ivan");
        String ivanId = client.get(ivanToken, "/api/v1/me").body().get("id").asString();

        FortelClient.Response disabled = client.patch(acme.ownerToken(), "/api/v1/employees/" + ivanId, "{\"status\": \"disabled\"}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(client.get(ivanToken, "/api/v1/me").status()).isEqualTo(401);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);
        JsonNode reason = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.login.failed").body().get("items").get(0);
        assertThat(reason.get("details").get("reason").asString()).isEqualTo("disabled");
    }

    @Test
    void accountPastItsExpiryDateCannotSignIn() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "temp-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Temp");
        String id = client.get(token, "/api/v1/me").body().get("id").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"expires_at\": \"2020-01-31\"}");
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(401);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void weakerStoredHashIsUpgradedAtSignIn() {
        Fixtures.Company acme = fixtures.company("Acme");
        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(Fixtures.PASSWORD);
        jdbc.sql("UPDATE credentials SET password_hash = :h WHERE employee_id = :e").param("h", weak).param("e", acme.ownerId()).update();

        client.token(acme.ownerLogin(), Fixtures.PASSWORD);

        String stored = jdbc.sql("SELECT password_hash FROM credentials WHERE employee_id = :e").param("e", acme.ownerId())
                .query(String.class).single();
        assertThat(stored).startsWith("$argon2id$v=19$m=8192,t=1,p=1$").isNotEqualTo(weak);
        assertThat(client.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void activationLinkWorksOnceAndRejectsShortPasswords() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode e = fixtures.employee(acme.ownerToken(), "once-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test", "Once");
        String url = client.post(acme.ownerToken(), "/api/v1/employees/" + e.get("id").asString() + "/activation-link", "{}")
                .body().get("activation_url").asString();
        String path = "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1);

        FortelClient.Response tooShort = client.post(null, path, "{\"password\": \"short\"}");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body().get("errors").get(0).get("field").asString()).isEqualTo("password");

        assertThat(client.post(null, path, "{\"password\": \"" + Fixtures.PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(client.post(null, path, "{\"password\": \"another long passphrase\"}").status()).isEqualTo(404);
        assertThat(client.tokenResponse(e.get("login").asString(), Fixtures.PASSWORD).status()).isEqualTo(201);
    }
}
