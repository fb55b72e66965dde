package dev.fortel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input gets a precise RFC 9457 problem, never a 500, and writes nothing. */
@FortelServerTest
class BadInputApiTests extends ServerTestSupport {

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Acme");
    }

    private long employeeCount() {
        return client.get(acme.ownerToken(), "/api/v1/employees?limit=200").body().get("items").size();
    }

    private static String field(FortelClient.Response r) {
        return r.body().get("errors").get(0).get("field").asString();
    }

    private static void assertProblem(FortelClient.Response r, int status, String type) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body().get("type").asString()).isEqualTo(type);
        assertThat(r.body().get("detail").asString()).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("at dev.fortel").doesNotContain("SQL");
    }

    @Test
    void aMethodThePathDoesNotOfferIsAProblemThatNamesTheMethodsItDoes() {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/telephony/media-security", "{}");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body().get("type").asString()).isEqualTo("/problems/method-not-allowed");
        assertThat(r.body().get("detail").asString()).contains("PATCH is not offered").contains("GET").contains("PUT");
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRefusedNotRoundedDown() {
        FortelClient.Response r = client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings", "{\"retention_days\": 1.5}");
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.raw()).contains("retention_days");
        assertThat(client.get(acme.ownerToken(), "/api/v1/telephony/recording-settings").body().get("retention_days").isNull()).isTrue();
    }

    @Test
    void ftpsSettingsWithoutEnabledAreRefusedRatherThanTurningDeliveryOff() {
        FortelClient.Response r = client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings",
                "{\"retention_days\": 30, \"ftps\": {\"host\": \"ftp.example.com\", \"port\": 2122}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo("ftps.enabled");
    }

    @Test
    void malformedJsonNamesWhereItBroke() {
        long before = employeeCount();
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"a@b.test\", ");
        assertProblem(r, 400, "/problems/malformed-request");
        assertThat(r.body().get("detail").asString()).contains("line 1");
        assertThat(employeeCount()).isEqualTo(before);
    }

    @Test
    void unknownFieldIsNamed() {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees",
                "{\"login\": \"x1@acme.test\", \"display_name\": \"X\", \"is_admin\": true}");
        assertProblem(r, 422, "/problems/validation");
        assertThat(field(r)).isEqualTo("is_admin");
    }

    @Test
    void wrongTypeIsNamed() {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees",
                "{\"login\": \"x2@acme.test\", \"display_name\": 42}");
        assertProblem(r, 422, "/problems/validation");
        assertThat(field(r)).isEqualTo("display_name");
        assertThat(r.body().get("errors").get(0).get("message").asString()).isEqualTo("must be a string");
    }

    @Test
    void everyInvalidFieldIsListedAtOnce() {
        long before = employeeCount();
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees", """
                {"login": "not-an-email", "display_name": "%s", "extension": "1", "mobile": "8-800", "expires_at": "31.12.2030"}"""
                .formatted("N".repeat(201)));
        assertProblem(r, 422, "/problems/validation");
        JsonNode errors = r.body().get("errors");
        assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("expires_at", "login", "display_name", "extension", "mobile");
        r = client.post(acme.ownerToken(), "/api/v1/employees", """
                {"login": "not-an-email", "display_name": "%s", "extension": "1", "mobile": "8-800"}""".formatted("N".repeat(201)));
        assertThat(r.body().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("login", "display_name", "extension", "mobile");
        assertThat(r.raw()).contains("E.164").contains("at most 200 characters");
        assertThat(employeeCount()).isEqualTo(before);
    }

    @Test
    void problemsSpeakEnglishByDefaultAndRussianWhenAsked() {
        String body = "{\"login\": \"x4@acme.test\", \"display_name\": \"X\", \"extension\": \"1\"}";
        FortelClient.Response english = client.post(acme.ownerToken(), "/api/v1/employees", body);
        assertThat(english.body().get("errors").get(0).get("message").asString()).isEqualTo("must be 2 to 8 digits, such as 101");
        FortelClient.Response russian = client.send(client.request("/api/v1/employees").header("Authorization", "Bearer " + acme.ownerToken())
                .header("Content-Type", "application/json").header("Accept-Language", "ru-RU,ru;q=0.9")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        assertThat(russian.status()).isEqualTo(422);
        assertThat(russian.body().get("errors").get(0).get("field").asString()).isEqualTo("extension");
        assertThat(russian.body().get("errors").get(0).get("message").asString()).isEqualTo("от 2 до 8 цифр, например 101");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees", "{}");
        assertProblem(r, 422, "/problems/validation");
        assertThat(r.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("login", "display_name");
    }

    @Test
    void invalidUuidInPathAnswersNotFound() {
        assertProblem(client.get(acme.ownerToken(), "/api/v1/employees/not-a-uuid"), 404, "/problems/not-found");
        assertProblem(client.get(acme.ownerToken(), "/api/v1/employees/" + UUID.randomUUID()), 404, "/problems/not-found");
        assertProblem(client.delete(acme.ownerToken(), "/api/v1/groups/123"), 404, "/problems/not-found");
    }

    @Test
    void invalidUuidInBodyIsNamed() {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees",
                "{\"login\": \"x3@acme.test\", \"display_name\": \"X\", \"supervisor_id\": \"boss\"}");
        assertProblem(r, 422, "/problems/validation");
        assertThat(field(r)).isEqualTo("supervisor_id");
    }

    @Test
    void duplicateLoginIsAConflict() {
        long before = employeeCount();
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees",
                "{\"login\": \"" + acme.ownerLogin().toUpperCase() + "\", \"display_name\": \"Copy\"}");
        assertProblem(r, 409, "/problems/conflict");
        assertThat(field(r)).isEqualTo("login");
        assertThat(employeeCount()).isEqualTo(before);
    }

    @Test
    void badQueryParametersAreNamed() {
        assertThat(field(client.get(acme.ownerToken(), "/api/v1/employees?limit=0"))).isEqualTo("limit");
        assertThat(field(client.get(acme.ownerToken(), "/api/v1/employees?limit=abc"))).isEqualTo("limit");
        assertThat(field(client.get(acme.ownerToken(), "/api/v1/employees?cursor=!!!"))).isEqualTo("cursor");
        assertThat(field(client.get(acme.ownerToken(), "/api/v1/journal?from=yesterday"))).isEqualTo("from");
        assertThat(field(client.get(acme.ownerToken(), "/api/v1/journal?type=DROP%20TABLE"))).isEqualTo("type");
    }

    @Test
    void employeeWithoutTheRightRoleIsForbidden() {
        String login = "plain-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Plain");
        assertProblem(client.post(token, "/api/v1/employees", "{\"login\": \"z@acme.test\", \"display_name\": \"Z\"}"), 403, "/problems/forbidden");
        assertProblem(client.get(token, "/api/v1/journal"), 403, "/problems/forbidden");
        assertProblem(client.post(token, "/api/v1/tenants", "{\"name\": \"Evil\", \"owner_email\": \"e@evil.test\"}"), 403, "/problems/forbidden");
        assertThat(client.get(token, "/api/v1/employees").status()).isEqualTo(200);
    }
}
