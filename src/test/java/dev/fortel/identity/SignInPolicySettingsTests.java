package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A company's sign-in settings through the API: defaults, changes with their journal entry, and refusals that keep the old value. */
@FortelServerTest
class SignInPolicySettingsTests extends ServerTestSupport {

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Policy");
    }

    private JsonNode settings() {
        FortelClient.Response r = client.get(acme.ownerToken(), "/api/v1/security-settings");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aCompanyThatConfiguresNothingGetsTheProviderDefaults() {
        JsonNode s = settings();
        assertThat(s.get("password").get("min_length").asInt()).isEqualTo(12);
        assertThat(s.get("password").get("max_length").asInt()).isEqualTo(128);
        assertThat(s.get("password").get("max_age").asString()).isEqualTo("PT0S");
        assertThat(s.get("lockout").get("max_failures").asInt()).isEqualTo(5);
        assertThat(s.get("lockout").get("mode").asString()).isEqualTo("temporary");
        assertThat(s.get("sessions").get("idle_timeout").asString()).isEqualTo("PT30M");
        assertThat(s.get("api_tokens").get("max_lifetime").asString()).isEqualTo("PT2160H");
    }

    @Test
    void aChangeIsStoredAndJournaledWithBeforeAndAfter() {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"password\": {\"min_length\": 14, \"required_classes\": [\"digit\", \"upper\"], \"max_age\": \"P90D\"},"
                        + " \"lockout\": {\"mode\": \"permanent\"}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode s = settings();
        assertThat(s.get("password").get("min_length").asInt()).isEqualTo(14);
        assertThat(s.get("password").get("required_classes").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("digit", "upper");
        assertThat(s.get("password").get("max_age").asString()).isEqualTo("PT2160H");
        assertThat(s.get("lockout").get("mode").asString()).isEqualTo("permanent");
        assertThat(s.get("sessions").get("idle_timeout").asString()).as("untouched by the patch").isEqualTo("PT30M");

        JsonNode entry = client.get(acme.ownerToken(), "/api/v1/journal?type=security.settings.changed").body().get("items").get(0);
        JsonNode details = entry.get("details");
        assertThat(details.get("before").get("password.min_length").asInt()).isEqualTo(12);
        assertThat(details.get("after").get("password.min_length").asInt()).isEqualTo(14);
        assertThat(details.get("before").get("lockout.mode").asString()).isEqualTo("temporary");
        assertThat(details.get("after").get("lockout.mode").asString()).isEqualTo("permanent");
        assertThat(details.get("after").has("sessions.idle_timeout")).as("only changed fields are journaled").isFalse();
        assertThat(entry.get("actor").get("name").asString()).startsWith("Owner");
    }

    @Test
    void aNegativeLifetimeIsRefusedPreciselyAndTheOldValueStays() {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"sessions\": {\"idle_timeout\": \"PT-5M\"}, \"api_tokens\": {\"max_lifetime\": \"-P1D\"}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("sessions.idle_timeout", "api_tokens.max_lifetime");
        assertThat(r.raw()).contains("must not be negative");
        assertThat(settings().get("sessions").get("idle_timeout").asString()).isEqualTo("PT30M");
    }

    @Test
    void aPolicyNoPasswordCouldSatisfyIsRefused() {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"password\": {\"min_length\": 200, \"max_length\": 150, \"min_age\": \"P2D\", \"max_age\": \"P1D\"}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsString("field")).contains("password.min_length", "password.min_age");
        assertThat(r.raw()).contains("no password could satisfy both").contains("before it expires");
        assertThat(settings().get("password").get("min_length").asInt()).isEqualTo(12);
    }

    @Test
    void aValueOfTheWrongFormNamesTheFieldAndTheExpectedForm() {
        FortelClient.Response duration = client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"sessions\": {\"idle_timeout\": \"30 minutes\"}}");
        assertThat(duration.status()).isEqualTo(400);
        assertThat(duration.body().get("errors").get(0).get("field").asString()).isEqualTo("sessions.idle_timeout");
        assertThat(duration.raw()).contains("PT15M");
        FortelClient.Response mode = client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"lockout\": {\"mode\": \"forever\"}}");
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.raw()).contains("lockout.mode").contains("temporary").contains("permanent");
        FortelClient.Response unknown = client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"min_lenght\": 9}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.raw()).contains("password.min_lenght");
    }

    @Test
    void anOrdinaryEmployeeCanNeitherReadNorChangeTheSettings() {
        String employee = fixtures.signedInEmployee(acme.ownerToken(), "plain-" + UUID.randomUUID().toString().substring(0, 6) + "@policy.test", "Plain");
        assertThat(client.get(employee, "/api/v1/security-settings").status()).isEqualTo(403);
        assertThat(client.patch(employee, "/api/v1/security-settings", "{\"password\": {\"min_length\": 8}}").status()).isEqualTo(403);
        assertThat(settings().get("password").get("min_length").asInt()).isEqualTo(12);
    }
}
