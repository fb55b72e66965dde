package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Codes sent by e-mail (through the outbox, read back as the provider's operator reads it) and by SMS
 * (through the HTTP JSON gateway, here a real HTTP server on 127.0.0.1 started by the test that records
 * what it receives): enrollment, sign-in with a sent code, the one-code-at-a-time and sending limits, and a
 * gateway that refuses.
 */
@FortelServerTest
class SentCodesTests extends ServerTestSupport {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    /** One request the fake gateway received: its authorization header and JSON body. */
    record Received(String authorization, JsonNode body) {}

    HttpServer gateway;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger answer = new AtomicInteger(202);
    Fixtures.Company acme;
    String login;
    String token;

    @BeforeEach
    void setUp() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/send", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                received.add(new Received(auth == null ? "" : auth, FortelClient.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            }
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        gateway.start();
        acme = fixtures.company("Codes");
        login = "codes-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        token = fixtures.signedInEmployee(acme.ownerToken(), login, "Kira Codes");
    }

    @AfterEach
    void tearDown() {
        client.delete(fixtures.operatorToken(), "/api/v1/provider/sms-settings");
        gateway.stop(0);
    }

    private void useGateway() {
        FortelClient.Response r = client.put(fixtures.operatorToken(), "/api/v1/provider/sms-settings",
                "{\"url\": \"http://127.0.0.1:" + gateway.getAddress().getPort() + "/send\", \"auth_header_name\": \"Authorization\", "
                        + "\"auth_value\": \"Bearer gateway-secret-42\", \"body_template\": \"{\\\"to\\\": {{to}}, \\\"message\\\": {{text}}}\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("auth_value_set").asBoolean()).isTrue();
        assertThat(r.raw()).doesNotContain("gateway-secret-42");
    }

    private String smsCode() throws InterruptedException {
        Received sms = received.poll(10, TimeUnit.SECONDS);
        assertThat(sms).as("the gateway received an SMS").isNotNull();
        assertThat(sms.authorization()).isEqualTo("Bearer gateway-secret-42");
        assertThat(sms.body().get("to").asString()).isEqualTo("+79161234567");
        Matcher m = CODE.matcher(sms.body().get("message").asString());
        assertThat(m.find()).as(sms.body().toString()).isTrue();
        return m.group(1);
    }

    /** The latest code mailed to {@code to}, read through the provider's outbox as its operator would. */
    private String mailedCode(String to) {
        String operator = fixtures.operatorToken();
        JsonNode items = client.get(operator, "/api/v1/provider/outbox?limit=200").body().get("items");
        for (JsonNode item : items) {
            if (item.get("to").asString().equals(to) && item.get("kind").asString().equals("second_factor_code")) {
                String body = client.get(operator, "/api/v1/provider/outbox/" + item.get("id").asString()).body().get("body").asString();
                Matcher m = CODE.matcher(body);
                assertThat(m.find()).as(body).isTrue();
                return m.group(1);
            }
        }
        throw new AssertionError("no code mailed to " + to);
    }

    private FortelClient.Response signIn(Map<String, String> headers) {
        String basic = Base64.getEncoder().encodeToString((login + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder r = client.request("/api/v1/auth/token").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(r::header);
        return client.send(r);
    }

    private List<JsonNode> journal(String token, String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(token, "/api/v1/journal?limit=500&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    private void moveCodesBack() {
        // The next code may be sent 30 seconds after the last: let that time pass for this person.
        dev.fortel.tenancy.TenantContext.asPlatform(() -> jdbc.sql(
                "UPDATE second_factor_codes SET created_at = created_at - INTERVAL '1' MINUTE WHERE employee_id IN "
                        + "(SELECT id FROM employees WHERE login = :l)").param("l", login).update());
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void eMailCodesAreEnrolledWithAMailedCodeThenSentOnRequestAtSignIn() {
        FortelClient.Response begun = client.post(token, "/api/v1/me/second-factors/email", "");
        assertThat(begun.status()).as(begun.raw()).isEqualTo(201);
        assertThat(begun.body().get("destination").asString()).isEqualTo(login);
        String factorId = begun.body().get("id").asString();
        FortelClient.Response wrong = client.post(token, "/api/v1/me/second-factors/" + factorId + "/confirm", "{\"code\": \"000000\"}");
        String first = mailedCode(login);
        if (!first.equals("000000")) {
            assertThat(wrong.status()).isEqualTo(422);
        }
        FortelClient.Response confirmed = client.post(token, "/api/v1/me/second-factors/" + factorId + "/confirm",
                "{\"code\": \"" + first + "\"}");
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        assertThat(confirmed.body().get("recovery_codes")).hasSize(10);

        FortelClient.Response due = signIn(Map.of());
        assertThat(due.status()).isEqualTo(401);
        assertThat(due.body().get("methods").toString()).contains("email").contains("recovery_code");
        moveCodesBack();
        FortelClient.Response sent = signIn(Map.of("X-Fortel-OTP-Delivery", "email"));
        assertThat(sent.status()).isEqualTo(401);
        assertThat(sent.body().get("sent_to").asString()).isEqualTo(login);
        FortelClient.Response tooSoon = signIn(Map.of("X-Fortel-OTP-Delivery", "email"));
        assertThat(tooSoon.status()).as("a second code at once").isEqualTo(409);
        String code = mailedCode(login);
        FortelClient.Response in = signIn(Map.of("X-Fortel-OTP", code));
        assertThat(in.status()).as(in.raw()).isEqualTo(201);
        assertThat(signIn(Map.of("X-Fortel-OTP", code)).status()).as("a sent code works once").isEqualTo(401);
        assertThat(journal(acme.ownerToken(), "auth.login.succeeded")).extracting(e -> e.get("details").get("method").asString())
                .contains("api_token+email");
    }

    private void enrollEmail() {
        String factorId = client.post(token, "/api/v1/me/second-factors/email", "").body().get("id").asString();
        FortelClient.Response confirmed = client.post(token, "/api/v1/me/second-factors/" + factorId + "/confirm",
                "{\"code\": \"" + mailedCode(login) + "\"}");
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
    }

    @Test
    void theConsoleSendsTheFirstCodeByItselfWhenThePersonHasNoApp() {
        enrollEmail();
        moveCodesBack();
        dev.fortel.support.ConsoleDevice console = dev.fortel.support.ConsoleDevice.signIn(client.base(), login, Fixtures.PASSWORD,
                "Mozilla/5.0 Firefox/128.0");
        java.net.http.HttpResponse<String> page = console.get("/login/second-factor");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(login).contains("name=\"method\" value=\"email\"");
        java.net.http.HttpResponse<String> done = console.postFormFrom("/login/second-factor", "/login/second-factor",
                Map.of("code", mailedCode(login)));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(console.status("/me/sessions")).isEqualTo(200);
    }

    @Test
    void smsCodesGoThroughTheProvidersHttpGatewayWithItsSecretHeader() throws InterruptedException {
        useGateway();
        FortelClient.Response begun = client.post(token, "/api/v1/me/second-factors/sms", "{\"phone\": \"+7 916 123-45-67\"}");
        assertThat(begun.status()).as(begun.raw()).isEqualTo(201);
        assertThat(begun.body().get("destination").asString()).isEqualTo("+7********67");
        String first = smsCode();
        assertThat(client.post(token, "/api/v1/me/second-factors/" + begun.body().get("id").asString() + "/confirm",
                "{\"code\": \"" + first + "\"}").status()).isEqualTo(200);

        moveCodesBack();
        FortelClient.Response sent = signIn(Map.of("X-Fortel-OTP-Delivery", "sms"));
        assertThat(sent.status()).isEqualTo(401);
        assertThat(sent.body().get("sent_to").asString()).isEqualTo("+7********67");
        FortelClient.Response in = signIn(Map.of("X-Fortel-OTP", smsCode()));
        assertThat(in.status()).as(in.raw()).isEqualTo(201);

        List<JsonNode> sms = journal(acme.ownerToken(), "sms.sent");
        assertThat(sms).hasSize(2).allSatisfy(e -> assertThat(e.get("details").get("to").asString()).isEqualTo("+7********67"));
        assertThat(sms.toString()).doesNotContain(first);
    }

    @Test
    void aGatewayThatRefusesIsReportedAndTheCodeIsNotLeftBehind() throws InterruptedException {
        useGateway();
        answer.set(503);
        FortelClient.Response refused = client.post(token, "/api/v1/me/second-factors/sms", "{\"phone\": \"+79161234567\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.raw()).contains("could not be sent").contains("HTTP 503");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(journal(acme.ownerToken(), "sms.delivery.failed")).singleElement()
                .satisfies(e -> assertThat(e.get("details").get("reason").asString()).contains("503"));
        Integer codes = dev.fortel.tenancy.TenantContext.asPlatform(() -> jdbc.sql(
                "SELECT COUNT(*) FROM second_factor_codes c JOIN employees e ON e.id = c.employee_id WHERE e.login = :l")
                .param("l", login).query(Integer.class).single());
        assertThat(codes).isZero();
    }

    @Test
    void theGatewaySettingsAreValidatedAndOnlyForOperators() {
        FortelClient.Response bad = client.put(fixtures.operatorToken(), "/api/v1/provider/sms-settings",
                "{\"url\": \"http://sms.example.net/send\", \"body_template\": \"{\\\"to\\\": \\\"{{to}}\\\"}\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.raw()).contains("url").contains("body_template");
        assertThat(client.put(acme.ownerToken(), "/api/v1/provider/sms-settings", "{}").status()).isEqualTo(403);
        FortelClient.Response noGateway = client.post(token, "/api/v1/me/second-factors/sms", "{\"phone\": \"+79161234567\"}");
        assertThat(noGateway.status()).isEqualTo(409);
        FortelClient.Response badPhone = client.post(token, "/api/v1/me/second-factors/sms", "{\"phone\": \"8 916 123\"}");
        assertThat(badPhone.status()).isEqualTo(422);
    }
}
