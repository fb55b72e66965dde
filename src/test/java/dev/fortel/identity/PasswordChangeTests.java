package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Changing one's own password ends every other session and sign-in token of the employee at once, and keeps the one in use. */
@FortelServerTest
class PasswordChangeTests extends ServerTestSupport {

    static final String NEW_PASSWORD = "a completely new passphrase 2026";

    Fixtures.Company acme;
    String login;
    String laptopToken;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Passwords");
        login = "pat-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        laptopToken = fixtures.signedInEmployee(acme.ownerToken(), login, "Pat Password");
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=500&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    private FortelClient.Response change(String bearer, String current, String next) {
        return client.post(bearer, "/api/v1/me/password",
                "{\"current_password\": \"" + current + "\", \"new_password\": \"" + next + "\"}");
    }

    @Test
    void changingThePasswordWithOneTokenSignsOutEveryOtherDeviceAtOnce() {
        String phoneToken = client.token(login, Fixtures.PASSWORD);
        ConsoleDevice browser = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Browser/1.0");
        assertThat(client.get(phoneToken, "/api/v1/me").status()).isEqualTo(200);

        FortelClient.Response changed = change(laptopToken, Fixtures.PASSWORD, NEW_PASSWORD);

        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("api_tokens").asInt()).isEqualTo(1);
        assertThat(changed.body().get("console_sessions").asInt()).isEqualTo(1);
        FortelClient.Response phone = client.get(phoneToken, "/api/v1/me");
        assertThat(phone.status()).as("the other device is refused at once").isEqualTo(401);
        assertThat(phone.body().get("detail").asString()).contains("The token was revoked");
        assertThat(browser.status("/")).isEqualTo(302);
        assertThat(client.get(laptopToken, "/api/v1/me").status()).as("the device that changed it stays signed in").isEqualTo(200);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);
        assertThat(client.tokenResponse(login, NEW_PASSWORD).status()).isEqualTo(201);

        JsonNode event = journal("auth.password.changed").getFirst();
        assertThat(event.get("outcome").asString()).isEqualTo("success");
        assertThat(event.get("target").get("name").asString()).isEqualTo(login);
        assertThat(journal("auth.tokens.revoked").getFirst().get("details").get("reason").asString()).isEqualTo("password_changed");
        assertThat(journal("auth.sessions.ended").getFirst().get("details").get("reason").asString()).isEqualTo("password_changed");
    }

    @Test
    void changingThePasswordInTheConsoleSignsOutTheOtherBrowserAndKeepsThisOne() {
        ConsoleDevice office = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Office/1.0");
        ConsoleDevice home = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Home/1.0");
        String before = office.ref();

        var answer = office.postForm("/me/password", Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", NEW_PASSWORD,
                "confirm", NEW_PASSWORD));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/me/sessions");
        assertThat(home.status("/")).as("the other browser is refused at once").isEqualTo(302);
        assertThat(client.get(laptopToken, "/api/v1/me").status()).isEqualTo(401);
        assertThat(office.status("/")).isEqualTo(200);
        assertThat(office.ref()).as("the session in use got a new id").isNotEqualTo(before);
        assertThat(office.get("/me/sessions").body()).contains("Office/1.0").doesNotContain("Home/1.0");
    }

    @Test
    void aRefusedChangeChangesNothing() {
        String phoneToken = client.token(login, Fixtures.PASSWORD);

        FortelClient.Response wrong = change(laptopToken, "not my password at all", NEW_PASSWORD);
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body().get("errors").findValuesAsString("field")).containsExactly("current_password");
        FortelClient.Response weak = change(laptopToken, Fixtures.PASSWORD, "short");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body().get("errors").findValuesAsString("field")).containsExactly("new_password");
        FortelClient.Response same = change(laptopToken, Fixtures.PASSWORD, Fixtures.PASSWORD);
        assertThat(same.status()).isEqualTo(422);
        assertThat(same.body().get("errors").findValuesAsString("message").getFirst()).contains("differ");
        assertThat(client.post(laptopToken, "/api/v1/me/password", "{\"new_password\": \"" + NEW_PASSWORD + "\"}").status()).isEqualTo(422);

        assertThat(client.get(phoneToken, "/api/v1/me").status()).isEqualTo(200);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        List<JsonNode> events = journal("auth.password.changed");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("outcome").asString()).isEqualTo("failure");
        assertThat(events.getFirst().get("details").get("reason").asString()).isEqualTo("wrong_current_password");
    }
}
