package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.identity.factors.Totp;
import dev.fortel.support.AuthenticatorApp;
import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.TenantContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two-factor sign-in through the API and the console: enrolling an authenticator app, signing in with
 * password and code (never the same code twice), recovery codes, the company's requirement that leads
 * straight to enrollment, step-up before sensitive actions, an administrator's reset, and wrong codes
 * counting toward the account's lock. Codes are computed here from the secret the server hands out, as an
 * app would.
 *
 * <p>Codes are spent as {@link AuthenticatorApp} explains: previous, current and next step, each once.
 */
@FortelServerTest
class SecondFactorsTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String login;
    String token;
    String id;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Factors");
        login = "factors-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        token = fixtures.signedInEmployee(acme.ownerToken(), login, "Farida Factors");
        id = client.get(token, "/api/v1/me").body().get("id").asString();
    }

    static long freshStep() {
        return AuthenticatorApp.freshStep();
    }

    static String code(byte[] secret, long step) {
        return AuthenticatorApp.code(secret, step);
    }

    /** Enrolls an authenticator app for the holder of {@code bearer} with the code of {@code step}; returns its secret. */
    record Enrolled(byte[] secret, String factorId, List<String> recoveryCodes) {}

    Enrolled enroll(String bearer, long step) {
        FortelClient.Response begun = client.post(bearer, "/api/v1/me/second-factors/totp", "{\"label\": \"Work phone\"}");
        assertThat(begun.status()).as(begun.raw()).isEqualTo(201);
        assertThat(begun.body().get("key_uri").asString()).startsWith("otpauth://totp/").contains("issuer=Fortel");
        assertThat(begun.body().get("qr_code").asString()).startsWith("data:image/svg+xml;base64,");
        byte[] secret = new Base32().decode(begun.body().get("secret").asString());
        String factorId = begun.body().get("id").asString();
        FortelClient.Response confirmed = client.post(bearer, "/api/v1/me/second-factors/" + factorId + "/confirm",
                "{\"code\": \"" + code(secret, step) + "\"}");
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.body().get("recovery_codes").forEach(c -> codes.add(c.asString()));
        return new Enrolled(secret, factorId, codes);
    }

    FortelClient.Response signIn(String who, String otp) {
        String basic = Base64.getEncoder().encodeToString((who + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder r = client.request("/api/v1/auth/token").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (otp != null) {
            r.header("X-Fortel-OTP", otp);
        }
        return client.send(r);
    }

    FortelClient.Response stepUp(String bearer, String otp) {
        return client.send(client.request("/api/v1/auth/step-up").header("Authorization", "Bearer " + bearer).header("X-Fortel-OTP", otp)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=500&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    static String wrong(byte[] secret, long step) {
        String c = "000000";
        while (c.equals(code(secret, step - 1)) || c.equals(code(secret, step)) || c.equals(code(secret, step + 1))) {
            c = String.format("%06d", (Integer.parseInt(c) + 1) % 1_000_000);
        }
        return c;
    }

    @Test
    void anAuthenticatorAppIsEnrolledThenRequiredAtApiSignInAndACodeNeverWorksTwice() {
        long step = freshStep();
        Enrolled app = enroll(token, step - 1);
        assertThat(app.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();

        FortelClient.Response noCode = signIn(login, null);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.body().get("type").asString()).isEqualTo("/problems/second-factor-required");
        assertThat(noCode.body().get("detail").asString()).contains("X-Fortel-OTP");

        FortelClient.Response wrongCode = signIn(login, wrong(app.secret(), step));
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(wrongCode.body().get("type").asString()).isEqualTo("/problems/second-factor-failed");

        FortelClient.Response right = signIn(login, code(app.secret(), step));
        assertThat(right.status()).as(right.raw()).isEqualTo(201);
        assertThat(client.get(right.body().get("token").asString(), "/api/v1/me").status()).isEqualTo(200);

        FortelClient.Response replayed = signIn(login, code(app.secret(), step));
        assertThat(replayed.status()).as("the same code a second time").isEqualTo(401);
        assertThat(replayed.body().get("type").asString()).isEqualTo("/problems/second-factor-failed");
        assertThat(signIn(login, code(app.secret(), step - 1)).status()).as("an earlier step's code after a later one").isEqualTo(401);

        List<JsonNode> failures = journal("auth.mfa.challenge_failed");
        assertThat(failures).extracting(e -> e.get("details").get("reason").asString()).contains("wrong_code", "replayed_code");
        assertThat(journal("auth.mfa.enrolled")).singleElement()
                .satisfies(e -> assertThat(e.get("details").get("method").asString()).isEqualTo("totp"));
        assertThat(journal("auth.login.succeeded")).extracting(e -> e.get("details").get("method").asString()).contains("api_token+totp");
        String stored = TenantContext.asPlatform(() -> jdbc.sql("SELECT secret_sealed FROM second_factors WHERE id = :id")
                .param("id", UUID.fromString(app.factorId())).query(String.class).single());
        assertThat(stored).as("the seed is sealed, not stored in the clear").doesNotContain(Totp.base32(app.secret()));
    }

    @Test
    void aRecoveryCodeSignsInOnceAndIsJournaledWithTheCountLeft() {
        Enrolled app = enroll(token, freshStep());
        String recovery = app.recoveryCodes().get(3);
        FortelClient.Response used = signIn(login, recovery.toUpperCase(java.util.Locale.ROOT));
        assertThat(used.status()).as(used.raw()).isEqualTo(201);
        assertThat(used.body().get("recovery_codes_left").asInt()).isEqualTo(9);
        assertThat(signIn(login, recovery).status()).as("a recovery code works once").isEqualTo(401);
        assertThat(journal("auth.mfa.recovery_code_used")).singleElement()
                .satisfies(e -> assertThat(e.get("details").get("remaining").asInt()).isEqualTo(9));
        assertThat(client.get(token, "/api/v1/me/second-factors").body().get("recovery_codes_left").asInt()).isEqualTo(9);
    }

    @Test
    void enrollmentCompletesOnlyWithAValidCodeAndTheSetupIsNotAFactorBeforeThat() {
        FortelClient.Response begun = client.post(token, "/api/v1/me/second-factors/totp", "{}");
        String factorId = begun.body().get("id").asString();
        FortelClient.Response bad = client.post(token, "/api/v1/me/second-factors/" + factorId + "/confirm", "{\"code\": \"12\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("code");
        assertThat(signIn(login, null).status()).as("an unconfirmed setup does not ask for codes").isEqualTo(201);
        assertThat(client.post(token, "/api/v1/me/second-factors/" + UUID.randomUUID() + "/confirm", "{\"code\": \"123456\"}").status())
                .isEqualTo(404);
        FortelClient.Response label = client.post(token, "/api/v1/me/second-factors/totp", "{\"label\": \"" + "x".repeat(101) + "\"}");
        assertThat(label.status()).isEqualTo(422);
    }

    @Test
    void whenTheCompanyRequiresASecondFactorOnlyEnrollmentIsReachableUntilItIsDone() {
        FortelClient.Response policy = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"two_factor\": {\"required\": \"everyone\"}}");
        assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
        long step = freshStep();
        // The owner is held too: enrolling is all the owner's token can do now.
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal").status()).isEqualTo(403);
        enroll(acme.ownerToken(), step - 1);
        assertThat(journal("security.settings.changed")).anySatisfy(e -> assertThat(e.toString()).contains("two_factor.required"));

        FortelClient.Response held = client.get(token, "/api/v1/employees");
        assertThat(held.status()).isEqualTo(403);
        assertThat(held.body().get("type").asString()).isEqualTo("/problems/second-factor-enrollment-required");
        assertThat(client.get(token, "/api/v1/me").status()).isEqualTo(200);
        assertThat(client.get(token, "/api/v1/me/second-factors").body().get("required").asBoolean()).isTrue();

        ConsoleDevice console = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        HttpResponse<String> page = console.get("/employees");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/me/two-factor?required");
        assertThat(console.get("/me/two-factor").statusCode()).isEqualTo(200);

        Enrolled app = enroll(token, step);
        assertThat(client.get(token, "/api/v1/employees").status()).isEqualTo(200);
        FortelClient.Response removeLast = client.delete(token, "/api/v1/me/second-factors/" + app.factorId());
        assertThat(removeLast.status()).as(removeLast.raw()).isEqualTo(409);
    }

    @Test
    void theTwoFactorPolicyIsValidatedAsAWhole() {
        FortelClient.Response r = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"two_factor\": {\"methods\": [], \"step_up\": \"PT0S\"}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.raw()).contains("two_factor.methods").contains("two_factor.step_up");
        FortelClient.Response unknown = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"two_factor\": {\"required\": \"sometimes\"}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.raw()).contains("two_factor.required").contains("off").contains("admins").contains("everyone");
        assertThat(client.get(acme.ownerToken(), "/api/v1/security-settings").body().get("two_factor").get("required").asString())
                .isEqualTo("off");
        FortelClient.Response passkeyAlone = client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"two_factor\": {\"methods\": [\"totp\"], \"passkey_sign_in\": true}}");
        assertThat(passkeyAlone.status()).isEqualTo(422);
        assertThat(passkeyAlone.raw()).contains("two_factor.passkey_sign_in");
    }

    @Test
    void sensitiveActionsWaitForAFreshSecondFactorThenGoThrough() {
        long step = freshStep();
        Enrolled app = enroll(acme.ownerToken(), step - 1);
        // Confirming the app counted as a step-up; twenty minutes pass (moved in the database, as time would).
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE api_tokens SET second_factor_at = :then WHERE employee_id = :e")
                .param("then", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(20)).param("e", acme.ownerId()).update());
        FortelClient.Response refused = client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"min_length\": 14}}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("type").asString()).isEqualTo("/problems/step-up-required");
        assertThat(refused.body().get("max_age_minutes").asInt()).isEqualTo(15);
        assertThat(client.get(acme.ownerToken(), "/api/v1/security-settings").body().get("password").get("min_length").asInt())
                .as("nothing changed").isEqualTo(12);

        FortelClient.Response failed = stepUp(acme.ownerToken(), wrong(app.secret(), step));
        assertThat(failed.status()).isEqualTo(401);
        assertThat(journal("auth.step_up.failed")).hasSize(1);
        FortelClient.Response stepped = stepUp(acme.ownerToken(), code(app.secret(), step));
        assertThat(stepped.status()).as(stepped.raw()).isEqualTo(200);
        assertThat(journal("auth.step_up.succeeded")).hasSize(1);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"min_length\": 14}}").status()).isEqualTo(200);

        // A token signed in with a code counts as stepped up from the start.
        String fresh = signIn(acme.ownerLogin(), code(app.secret(), step + 1)).body().get("token").asString();
        FortelClient.Response created = client.post(fresh, "/api/v1/integration-tokens",
                "{\"name\": \"CRM\", \"scope\": [\"employees.view\"], \"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    @Test
    void anAdministratorResetsAnEmployeesFactorsAndTheEmployeeIsToldByMail() {
        enroll(token, freshStep());
        Fixtures.Company other = fixtures.company("Elsewhere");
        assertThat(client.delete(other.ownerToken(), "/api/v1/employees/" + id + "/second-factors").status())
                .as("another company's employee").isEqualTo(404);
        FortelClient.Response reset = client.delete(acme.ownerToken(), "/api/v1/employees/" + id + "/second-factors");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
        assertThat(reset.body().get("removed").asInt()).isEqualTo(1);
        assertThat(signIn(login, null).status()).as("password alone again").isEqualTo(201);
        assertThat(journal("auth.mfa.reset")).singleElement()
                .satisfies(e -> assertThat(e.get("target").get("id").asString()).isEqualTo(id));
        List<String> kinds = TenantContext.asPlatform(() -> jdbc.sql("SELECT kind FROM outbox WHERE recipient = :to").param("to", login)
                .query(String.class).list());
        assertThat(kinds).contains("second_factor_reset");
    }

    @Test
    void anAdministratorCannotResetTheFactorsOfSomeoneWithMoreRights() {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test",
                "Admin", "admin");
        FortelClient.Response refused = client.delete(admin, "/api/v1/employees/" + acme.ownerId() + "/second-factors");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.raw()).contains("ask the company owner to reset their second factors");
        assertThat(journal("auth.mfa.reset")).isEmpty();
    }

    @Test
    void wrongCodesCountTowardTheAccountLockLikeWrongPasswords() {
        client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"lockout\": {\"max_failures\": 3}}");
        long step = freshStep();
        Enrolled app = enroll(token, step - 1);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(login, wrong(app.secret(), step)).status()).isEqualTo(401);
        }
        FortelClient.Response locked = signIn(login, code(app.secret(), step));
        assertThat(locked.status()).as("locked: even the right password and code are refused").isEqualTo(401);
        assertThat(journal("auth.account.locked")).hasSize(1);
    }

    @Test
    void theConsoleAsksForTheCodeAfterThePasswordAndShowsNothingElseUntilThen() {
        long step = freshStep();
        Enrolled app = enroll(token, step - 1);
        ConsoleDevice console = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        HttpResponse<String> held = console.get("/employees");
        assertThat(held.statusCode()).isEqualTo(302);
        assertThat(held.headers().firstValue("Location").orElse("")).endsWith("/login/second-factor");
        assertThat(console.get("/me/password").statusCode()).as("not even the password form").isEqualTo(302);
        HttpResponse<String> form = console.get("/login/second-factor");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).doesNotContain("Farida Factors");

        HttpResponse<String> wrongCode = console.postFormFrom("/login/second-factor", "/login/second-factor",
                Map.of("code", wrong(app.secret(), step)));
        assertThat(wrongCode.statusCode()).isEqualTo(200);
        HttpResponse<String> right = console.postFormFrom("/login/second-factor", "/login/second-factor", Map.of("code", code(app.secret(), step)));
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(console.get("/employees").statusCode()).isEqualTo(200);
        assertThat(journal("auth.login.succeeded")).extracting(e -> e.get("details").get("method").asString()).contains("password_form+totp");
    }

    @Test
    void aConsoleSignInEndsAfterFiveWrongCodes() {
        long step = freshStep();
        Enrolled app = enroll(token, step - 1);
        ConsoleDevice console = ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = console.postFormFrom("/login/second-factor", "/login/second-factor", Map.of("code", wrong(app.secret(), step)));
        }
        assertThat(last.statusCode()).isEqualTo(302);
        assertThat(last.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(console.get("/login/second-factor").headers().firstValue("Location").orElse("")).contains("/login");
    }

    @Test
    void theConsoleSendsASensitiveActionToStepUpAndBackOnceAFactorExists() {
        ConsoleDevice console = ConsoleDevice.signIn(client.base(), acme.ownerLogin(), Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        long step = freshStep();
        Enrolled app = enroll(acme.ownerToken(), step - 1);
        // The console session was opened before the factor existed: it has proven none.
        HttpResponse<String> held = console.postFormFrom("/me/two-factor", "/me/two-factor/recovery-codes", Map.of());
        assertThat(held.statusCode()).isEqualTo(302);
        assertThat(held.headers().firstValue("Location").orElse("")).contains("/login/step-up?continue=");
        assertThat(console.get("/login/step-up?continue=/me/two-factor").body()).contains("name=\"code\"");
        HttpResponse<String> wrongCode = console.postFormFrom("/login/step-up?continue=/me/two-factor", "/login/step-up",
                Map.of("code", wrong(app.secret(), step), "continue", "/me/two-factor"));
        assertThat(wrongCode.statusCode()).isEqualTo(200);
        HttpResponse<String> stepped = console.postFormFrom("/login/step-up?continue=/me/two-factor", "/login/step-up",
                Map.of("code", code(app.secret(), step), "continue", "//evil.example/x"));
        assertThat(stepped.headers().firstValue("Location").orElse("")).as("never off this console").endsWith("/");
        HttpResponse<String> codes = console.postFormFrom("/me/two-factor", "/me/two-factor/recovery-codes", Map.of());
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(codes.body()).contains("recovery-codes");
        assertThat(journal("auth.step_up.succeeded")).hasSize(1);
        assertThat(journal("auth.step_up.failed")).hasSize(1);
    }

    @Test
    void anAdministratorResetsAnEmployeesFactorsFromTheConsole() {
        enroll(token, freshStep());
        ConsoleDevice console = ConsoleDevice.signIn(client.base(), acme.ownerLogin(), Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        HttpResponse<String> page = console.get("/employees/" + id + "/sessions");
        assertThat(page.body()).contains("Work phone").contains("/second-factors/reset");
        HttpResponse<String> reset = console.postFormFrom("/employees/" + id + "/sessions", "/employees/" + id + "/second-factors/reset", Map.of());
        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(reset.headers().firstValue("Location").orElse("")).endsWith("/employees/" + id + "/sessions");
        assertThat(journal("auth.mfa.reset")).hasSize(1);
        assertThat(client.get(token, "/api/v1/me/second-factors").body().get("items")).isEmpty();
    }
}
