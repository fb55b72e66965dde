package dev.fortel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Outbound mail through a real SMTP server in this JVM (GreenMail on 127.0.0.1), configured by the operator through
 * the API: welcome mails, an administrator's password reset, "forgot password", the relay's password sealed at rest,
 * TLS with certificate checks, retries, and settings that are refused as a whole. The relay is removed after the
 * class, so other tests see the embedded default (local outbox).
 */
@FortelServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class OutboundMailTests extends ServerTestSupport {

    private static final Pattern LINK = Pattern.compile("https://\\S+/activate/([A-Za-z0-9_-]{43})");

    TestMailServer smtp;

    @Autowired
    JdbcClient jdbc;

    String operator;

    @BeforeAll
    void startMailServer() {
        smtp = TestMailServer.start();
    }

    @AfterAll
    void stopMailServer() {
        // Back to the embedded default (local outbox) for every other test class in this JVM.
        FortelClient c = new FortelClient(port);
        assertThat(c.delete(new Fixtures(c).operatorToken(), "/api/v1/provider/mail-settings").status()).isEqualTo(204);
        smtp.close();
    }

    @BeforeEach
    void relayThroughTheTestServer() {
        operator = fixtures.operatorToken();
        FortelClient.Response r = client.put(operator, "/api/v1/provider/mail-settings", plainRelay(TestMailServer.PASSWORD));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private String plainRelay(String password) {
        return """
                {"host": "127.0.0.1", "port": %d, "security": "plain", "username": "%s", "password": "%s",
                 "from_address": "pbx@fortel.test"}""".formatted(smtp.smtpPort(), TestMailServer.USER, password);
    }

    @Test
    void operatorConfiguresTheRelayThePasswordIsSealedAndNeverReturned() {
        FortelClient.Response settings = client.get(operator, "/api/v1/provider/mail-settings");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body().get("configured").asBoolean()).isTrue();
        assertThat(settings.body().get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(settings.body().get("security").asString()).isEqualTo("plain");
        assertThat(settings.body().get("password_set").asBoolean()).isTrue();
        assertThat(settings.body().has("password")).isFalse();
        assertThat(settings.raw()).doesNotContain(TestMailServer.PASSWORD);

        String stored = jdbc.sql("SELECT password_sealed FROM mail_settings").query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(TestMailServer.PASSWORD).doesNotContain("relay secret");

        String journal = client.get(operator, "/api/v1/journal?type=mail.settings.changed&limit=1").raw();
        assertThat(journal).contains("\"password\":\"changed\"").contains("127.0.0.1").doesNotContain(TestMailServer.PASSWORD);

        // Saving again without a password keeps the stored one (the console never sends it back).
        FortelClient.Response kept = client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "127.0.0.1", "port": %d, "security": "plain", "username": "%s", "from_address": "pbx@fortel.test"}"""
                .formatted(smtp.smtpPort(), TestMailServer.USER));
        assertThat(kept.status()).as(kept.raw()).isEqualTo(200);
        assertThat(kept.body().get("password_set").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT password_sealed FROM mail_settings").query(String.class).single()).isEqualTo(stored);
        assertThat(client.get(operator, "/api/v1/journal?type=mail.settings.changed&limit=1").raw()).contains("\"password\":\"unchanged\"");

        FortelClient.Response test = client.post(operator, "/api/v1/provider/mail-settings/test", "{\"to\": \"ops@fortel.test\"}");
        assertThat(test.status()).as(test.raw()).isEqualTo(200);
        assertThat(test.body().get("delivered").asBoolean()).as(test.raw()).isTrue();
        assertThat(TestMailServer.text(smtp.awaitOne("ops@fortel.test"))).contains("127.0.0.1");
    }

    @Test
    void newCompanysOwnerGetsAWelcomeMailWhoseLinkSetsTheirPassword() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + suffix + "@welcome.test";
        FortelClient.Response created = client.post(operator, "/api/v1/tenants",
                "{\"name\": \"Welcome " + suffix + "\", \"owner_email\": \"" + owner + "\", \"owner_name\": \"Olga Owner\"}");
        assertThat(created.status()).isEqualTo(201);
        // The operator still gets the link, as before.
        String shown = created.body().get("activation_url").asString();

        MimeMessage mail = smtp.awaitOne(owner);
        String text = TestMailServer.text(mail);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("pbx@fortel.test");
        assertThat(mail.getSubject()).contains("Welcome " + suffix);
        assertThat(text).contains("Olga Owner").contains(owner).contains(shown);
        String token = token(text);

        assertThat(client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + Fixtures.PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(client.tokenResponse(owner, Fixtures.PASSWORD).status()).isEqualTo(201);
        awaitSent(owner);
        assertThat(jdbc.sql("SELECT body_sealed FROM outbox WHERE recipient = :r").param("r", owner).query(String.class).list())
                .as("a delivered mail keeps its record and loses its text").containsOnlyNulls();
    }

    @Test
    void administratorsResetEndsEveryTokenAndSessionAtOnceAndMailsALinkThatWorksOnce() throws Exception {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "reset-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String employeeToken = fixtures.signedInEmployee(acme.ownerToken(), login, "Rita Reset");
        String id = client.get(employeeToken, "/api/v1/me").body().get("id").asString();
        String secondToken = client.token(login, Fixtures.PASSWORD);
        java.net.http.HttpClient browser = consoleSignedIn(login, Fixtures.PASSWORD);
        assertThat(overview(browser)).isEqualTo(200);
        awaitSent(login);
        int welcomeMails = smtp.to(login).size();

        FortelClient.Response reset = client.post(acme.ownerToken(), "/api/v1/employees/" + id + "/password-reset", "");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(202);
        assertThat(reset.body().get("sent_to").asString()).isEqualTo(login);
        assertThat(reset.raw()).as("the administrator never sees the link").doesNotContain("/activate/");

        assertThat(client.get(employeeToken, "/api/v1/me").status()).isEqualTo(401);
        assertThat(client.get(secondToken, "/api/v1/me").status()).isEqualTo(401);
        assertThat(overview(browser)).as("the console session ended too").isEqualTo(302);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).as("the old password stops working").isEqualTo(401);

        MimeMessage mail = awaitNth(login, welcomeMails + 1);
        String text = TestMailServer.text(mail);
        assertThat(text).contains("Rita Reset").doesNotContain(Fixtures.PASSWORD);
        String token = token(text);
        String chosen = "a brand new passphrase " + UUID.randomUUID().toString().substring(0, 6);
        assertThat(client.get(null, "/api/v1/activation/" + token).body().get("purpose").asString()).isEqualTo("reset");
        assertThat(client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + chosen + "\"}").status()).isEqualTo(200);
        assertThat(client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + chosen + " again\"}").status())
                .as("the link works once").isEqualTo(404);
        assertThat(client.tokenResponse(login, chosen).status()).isEqualTo(201);

        String journal = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.*").raw();
        assertThat(journal).contains("auth.password_reset.issued").contains("\"password_removed\":true").contains("auth.tokens.revoked");
        assertThat(journal).doesNotContain(token).doesNotContain(chosen);
    }

    @Test
    void nobodyResetsTheOwnerOrSomeoneWithMoreRightsThanThemselves() {
        Fixtures.Company acme = fixtures.company("Acme");
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        JsonNode adminEmployee = fixtures.employee(acme.ownerToken(), admin, "Adam Admin");
        client.patch(acme.ownerToken(), "/api/v1/employees/" + adminEmployee.get("id").asString(), "{\"roles\": [\"admin\"]}");
        String adminToken = activated(acme.ownerToken(), adminEmployee.get("id").asString(), admin);
        JsonNode officer = fixtures.employee(acme.ownerToken(), "so-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Sofia");
        client.patch(acme.ownerToken(), "/api/v1/employees/" + officer.get("id").asString(), "{\"roles\": [\"security_officer\"]}");

        FortelClient.Response owner = client.post(adminToken, "/api/v1/employees/" + acme.ownerId() + "/password-reset", "");
        assertThat(owner.status()).isEqualTo(422);
        assertThat(owner.raw()).contains("owner");
        FortelClient.Response stronger = client.post(adminToken, "/api/v1/employees/" + officer.get("id").asString() + "/password-reset", "");
        assertThat(stronger.status()).isEqualTo(422);
        assertThat(client.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).as("the owner's password still works").isEqualTo(201);
        String employee = fixtures.signedInEmployee(acme.ownerToken(), "plain-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "P");
        String employeeId = client.get(employee, "/api/v1/me").body().get("id").asString();
        assertThat(client.post(employee, "/api/v1/employees/" + employeeId + "/password-reset", "").status())
                .as("an employee without employees.manage").isEqualTo(403);
    }

    @Test
    void forgotPasswordAnswersTheSameForEveryLoginAndMailsOnlyAnActiveAccount() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "forgot-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String employeeToken = fixtures.signedInEmployee(acme.ownerToken(), login, "Fedor Forgetful");
        String disabled = "gone-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String disabledToken = fixtures.signedInEmployee(acme.ownerToken(), disabled, "Gone");
        String disabledId = client.get(disabledToken, "/api/v1/me").body().get("id").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + disabledId, "{\"status\": \"disabled\"}");
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        awaitSent(login);
        awaitSent(disabled);
        int before = smtp.to(login).size();

        FortelClient.Response known = forgot(login);
        FortelClient.Response nobody = forgot(unknown);
        FortelClient.Response off = forgot(disabled);
        FortelClient.Response garbage = forgot("not a login at all");
        for (FortelClient.Response r : List.of(known, nobody, off, garbage)) {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.raw()).isEqualTo(known.raw());
        }

        MimeMessage mail = awaitNth(login, before + 1);
        String text = TestMailServer.text(mail);
        assertThat(text).contains("Fedor Forgetful");
        // The account keeps working until the link is used: asking is not proof of being its owner.
        assertThat(client.get(employeeToken, "/api/v1/me").status()).isEqualTo(200);
        String token = token(text);
        assertThat(client.post(null, "/api/v1/activation/" + token, "{\"password\": \"remembered at last 2026\"}").status()).isEqualTo(200);
        assertThat(client.get(employeeToken, "/api/v1/me").status()).as("using the link ends the old tokens").isEqualTo(401);

        awaitSent(login);
        assertThat(smtp.to(unknown)).isEmpty();
        assertThat(smtp.to(disabled).size()).as("only the welcome mail, no reset").isEqualTo(1);
        String journal = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.password_reset.requested").raw();
        assertThat(journal).contains("\"outcome\":\"mailed\"").contains("\"outcome\":\"disabled\"");
        assertThat(client.get(operator, "/api/v1/journal?type=auth.password_reset.requested").raw()).contains(unknown).contains("unknown_login");
    }

    @Test
    void forgotPasswordIsRateLimitedPerLoginAndSaysTheSameWhenRefused() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "often-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        fixtures.signedInEmployee(acme.ownerToken(), login, "Often");
        awaitSent(login);
        int before = smtp.to(login).size();

        List<FortelClient.Response> answers = java.util.stream.IntStream.range(0, 5).mapToObj(i -> forgot(login)).toList();
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.raw()).isEqualTo(answers.getFirst().raw());
        });

        awaitNth(login, before + 3);
        sleep(Duration.ofSeconds(2));
        assertThat(smtp.to(login)).as("three requests per hour get a mail, the rest nothing").hasSize(before + 3);
        String journal = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.password_reset.refused").raw();
        assertThat(journal).contains("login_limit").contains(login);
    }

    @Test
    void badSettingsAreRefusedFieldByFieldAndThePreviousRelayStays() {
        String before = client.get(operator, "/api/v1/provider/mail-settings").raw();

        FortelClient.Response r = client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "smtp.example.com:25", "port": 70000, "security": "ssl", "password": "orphan",
                 "from_address": "not-an-address", "trusted_certificate": "hello"}""");
        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r)).contains("host", "port", "security", "password", "from_address", "trusted_certificate");
        assertThat(r.raw()).doesNotContain("orphan");

        FortelClient.Response plainRemote = client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "smtp.example.com", "port": 25, "security": "plain", "from_address": "pbx@example.com"}""");
        assertThat(plainRemote.status()).isEqualTo(422);
        assertThat(fields(plainRemote)).containsExactly("security");
        assertThat(plainRemote.raw()).contains("only for a relay on this host");

        FortelClient.Response missing = client.put(operator, "/api/v1/provider/mail-settings", "{}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(fields(missing)).contains("host", "port", "security", "from_address");

        assertThat(client.get(operator, "/api/v1/provider/mail-settings").raw()).isEqualTo(before);

        Fixtures.Company acme = fixtures.company("Acme");
        assertThat(client.get(acme.ownerToken(), "/api/v1/provider/mail-settings").status()).isEqualTo(403);
        assertThat(client.put(acme.ownerToken(), "/api/v1/provider/mail-settings", plainRelay("x")).status()).isEqualTo(403);
        assertThat(client.get(operator, "/api/v1/provider/mail-settings").raw()).isEqualTo(before);
    }

    @Test
    void aWrongRelayPasswordIsReportedWithoutTheSecretAndMailIsRetriedOnceTheRelayWorks(CapturedOutput output) {
        String wrong = "wrong relay secret " + UUID.randomUUID();
        assertThat(client.put(operator, "/api/v1/provider/mail-settings", plainRelay(wrong)).status()).isEqualTo(200);
        FortelClient.Response test = client.post(operator, "/api/v1/provider/mail-settings/test", "{\"to\": \"retry@fortel.test\"}");
        assertThat(test.body().get("delivered").asBoolean()).isFalse();
        assertThat(test.body().get("error").asString()).contains("refused the username or password").doesNotContain(wrong);
        assertThat(test.body().get("status").asString()).isEqualTo("pending");
        String id = test.body().get("message_id").asString();

        assertThat(client.put(operator, "/api/v1/provider/mail-settings", plainRelay(TestMailServer.PASSWORD)).status()).isEqualTo(200);
        assertThat(smtp.await("retry@fortel.test", Duration.ofSeconds(15))).as("delivered by a later attempt").isPresent();
        JsonNode message = awaitStatus(id, "sent");
        assertThat(message.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(client.get(operator, "/api/v1/provider/outbox/" + id).body().get("body").isNull()).isTrue();
        assertThat(output.getAll()).contains("not delivered").doesNotContain(wrong).doesNotContain(TestMailServer.PASSWORD);
    }

    @Test
    void tlsChecksTheRelaysCertificateAndStartTlsIsNeverSkipped() {
        String tls = """
                {"host": "localhost", "port": %d, "security": "tls", "username": "%s", "password": "%s", "from_address": "pbx@fortel.test"%s}""";
        assertThat(client.put(operator, "/api/v1/provider/mail-settings",
                tls.formatted(smtp.smtpsPort(), TestMailServer.USER, TestMailServer.PASSWORD, "")).status()).isEqualTo(200);
        FortelClient.Response untrusted = client.post(operator, "/api/v1/provider/mail-settings/test", "{\"to\": \"tls-no@fortel.test\"}");
        assertThat(untrusted.body().get("delivered").asBoolean()).as(untrusted.raw()).isFalse();
        assertThat(untrusted.body().get("error").asString()).contains("TLS");

        String pem = smtp.certificatePem().replace("\n", "\\n");
        assertThat(client.put(operator, "/api/v1/provider/mail-settings", tls.formatted(smtp.smtpsPort(), TestMailServer.USER,
                TestMailServer.PASSWORD, ", \"trusted_certificate\": \"" + pem + "\"")).status()).isEqualTo(200);
        FortelClient.Response trusted = client.post(operator, "/api/v1/provider/mail-settings/test", "{\"to\": \"tls-yes@fortel.test\"}");
        assertThat(trusted.body().get("delivered").asBoolean()).as(trusted.raw()).isTrue();
        assertThat(smtp.awaitOne("tls-yes@fortel.test")).isNotNull();
        assertThat(smtp.to("tls-no@fortel.test")).isEmpty();

        // The plain port offers no STARTTLS: required means nothing is sent, rather than sending in clear.
        assertThat(client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "127.0.0.1", "port": %d, "security": "starttls", "username": "%s", "password": "%s", "from_address": "pbx@fortel.test"}"""
                .formatted(smtp.smtpPort(), TestMailServer.USER, TestMailServer.PASSWORD)).status()).isEqualTo(200);
        FortelClient.Response downgrade = client.post(operator, "/api/v1/provider/mail-settings/test", "{\"to\": \"clear@fortel.test\"}");
        assertThat(downgrade.body().get("delivered").asBoolean()).isFalse();
        assertThat(downgrade.body().get("error").asString()).containsIgnoringCase("STARTTLS");
        assertThat(smtp.to("clear@fortel.test")).isEmpty();
    }

    @Test
    void mailWaitingForDeliveryIsSealedInTheOutboxTableAndNamesTheFailureWithoutSecrets(CapturedOutput output) throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        String secret = "dead relay secret " + UUID.randomUUID();
        assertThat(client.put(operator, "/api/v1/provider/mail-settings", """
                {"host": "127.0.0.1", "port": %d, "security": "plain", "username": "u", "password": "%s", "from_address": "pbx@fortel.test"}"""
                .formatted(closed, secret)).status()).isEqualTo(200);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "sealed-" + suffix + "@sealed.test";
        String url = client.post(operator, "/api/v1/tenants", "{\"name\": \"Sealed " + suffix + "\", \"owner_email\": \"" + owner + "\"}")
                .body().get("activation_url").asString();

        String stored = jdbc.sql("SELECT body_sealed FROM outbox WHERE recipient = :r").param("r", owner).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(url.substring(url.lastIndexOf('/') + 1)).doesNotContain("/activate/")
                .doesNotContain(owner).doesNotContain("Sealed " + suffix);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        String error = null;
        while (error == null && Instant.now().isBefore(deadline)) {
            error = jdbc.sql("SELECT last_error FROM outbox WHERE recipient = :r").param("r", owner).query(String.class).list().getFirst();
            sleep(Duration.ofMillis(100));
        }
        assertThat(error).contains("cannot connect to 127.0.0.1:" + closed).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(url.substring(url.lastIndexOf('/') + 1));
        assertThat(stored).as("still waiting, still sealed").isEqualTo(
                jdbc.sql("SELECT body_sealed FROM outbox WHERE recipient = :r").param("r", owner).query(String.class).single());
    }

    @Test
    void noDeliveredMailEverCarriesAPassword() {
        Fixtures.Company acme = fixtures.company("Acme");
        awaitSent(acme.ownerLogin());
        assertThat(smtp.all()).isNotEmpty();
        for (MimeMessage m : smtp.all()) {
            assertThat(TestMailServer.text(m)).doesNotContain(Fixtures.PASSWORD).doesNotContain(Fixtures.OPERATOR_PASSWORD)
                    .doesNotContain(TestMailServer.PASSWORD).doesNotContainIgnoringCase("password:").doesNotContainIgnoringCase("пароль:");
        }
    }

    /** A browser on another device, signed in through the console form (its own cookie jar). */
    private java.net.http.HttpClient consoleSignedIn(String login, String password) throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().sslContext(FortelClient.trustAll())
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        String form = browser.send(client.request("/login").build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();
        String body = "_csrf=" + csrf.group(1) + "&login=" + java.net.URLEncoder.encode(login, java.nio.charset.StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        int status = browser.send(client.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).isEqualTo(302);
        return browser;
    }

    private int overview(java.net.http.HttpClient browser) throws Exception {
        return browser.send(client.request("/").build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private FortelClient.Response forgot(String login) {
        return client.post(null, "/api/v1/auth/password-reset-requests", "{\"login\": \"" + login + "\"}");
    }

    private String activated(String adminToken, String id, String login) {
        String url = client.post(adminToken, "/api/v1/employees/" + id + "/activation-link", "{}").body().get("activation_url").asString();
        client.post(null, "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1), "{\"password\": \"" + Fixtures.PASSWORD + "\"}");
        return client.token(login, Fixtures.PASSWORD);
    }

    private static String token(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a link in: " + text).isTrue();
        return m.group(1);
    }

    private MimeMessage awaitNth(String to, int n) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (smtp.to(to).size() < n && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
        }
        List<MimeMessage> got = smtp.to(to);
        assertThat(got).as("mail number " + n + " for " + to).hasSizeGreaterThanOrEqualTo(n);
        return got.get(n - 1);
    }

    private void awaitSent(String to) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            long waiting = jdbc.sql("SELECT count(*) FROM outbox WHERE recipient = :r AND status <> 'SENT'").param("r", to).query(Long.class).single();
            if (waiting == 0) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("mail for " + to + " not all sent");
    }

    private JsonNode awaitStatus(String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        JsonNode m;
        do {
            m = client.get(operator, "/api/v1/provider/outbox/" + id).body().get("message");
            if (status.equals(m.get("status").asString())) {
                return m;
            }
            sleep(Duration.ofMillis(100));
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("message " + id + " is " + m.get("status") + ", not " + status);
    }

    private static List<String> fields(FortelClient.Response r) {
        List<String> names = new java.util.ArrayList<>();
        r.body().get("errors").forEach(e -> names.add(e.get("field").asString()));
        return names;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
