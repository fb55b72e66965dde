package dev.fortel.identity.iprules;

import static dev.fortel.identity.iprules.IpRulesTests.body;
import static dev.fortel.identity.iprules.IpRulesTests.journal;
import static dev.fortel.identity.iprules.IpRulesTests.login;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * IP rules in the console: the form sign-in is refused with its own message, and a signed-in session that
 * turns up at a refused address (or whose address a new rule refuses) is ended. A browser is a cookie jar
 * behind the test profile's trusted proxy here, so each request can come from another address.
 */
@FortelServerTest
class ConsoleAddressTests extends ServerTestSupport {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void formSignInFromARefusedAddressGetsTheAddressMessageNotThePasswordError() throws Exception {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("nina");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Nina");
        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "203.0.113.0/24", "employees")).status()).isEqualTo(201);

        Browser browser = new Browser();
        assertThat(browser.signIn("203.0.113.40", login, Fixtures.PASSWORD)).isEqualTo("/login?address");
        HttpResponse<String> page = browser.get("203.0.113.40", "/login?address&lang=en");
        assertThat(page.body()).contains("Sign-in from this network address is not allowed for this account; contact your administrator.");
        assertThat(browser.get("203.0.113.40", "/login?address&lang=ru").body())
                .contains("Вход с этого сетевого адреса для этой учётной записи запрещён; обратитесь к администратору.");
        assertThat(new Browser().signIn("203.0.113.40", login, "wrong password here")).as("wrong or right, the password is never looked at")
                .isEqualTo("/login?address");
        assertThat(new Browser().signIn("192.0.2.40", login, Fixtures.PASSWORD)).isEqualTo("/");

        JsonNode refusal = journal(acme.ownerToken(), client, "auth.ip.refused").getFirst().get("details");
        assertThat(refusal.get("channel").asString()).isEqualTo("password_form");
    }

    @Test
    void aSessionCarriedToARefusedNetworkIsEnded() throws Exception {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("kira");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Kira");
        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "198.51.100.0/24", "employees")).status()).isEqualTo(201);

        Browser browser = new Browser();
        assertThat(browser.signIn("192.0.2.50", login, Fixtures.PASSWORD)).isEqualTo("/");
        assertThat(browser.get("192.0.2.50", "/employees").statusCode()).isEqualTo(200);
        assertThat(browser.get("192.0.2.51", "/employees").statusCode()).as("another allowed address keeps the session").isEqualTo(200);

        HttpResponse<String> moved = browser.get("198.51.100.50", "/employees");
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(path(moved)).isEqualTo("/login?address");
        HttpResponse<String> back = browser.get("192.0.2.50", "/employees");
        assertThat(path(back)).as("the session was ended, not just this request refused").isEqualTo("/login");

        JsonNode refusal = journal(acme.ownerToken(), client, "auth.ip.refused").getFirst();
        assertThat(refusal.get("details").get("channel").asString()).isEqualTo("console_session");
        assertThat(refusal.get("actor").get("session").asString()).startsWith("web:");
    }

    @Test
    void aNewRuleEndsAnOpenSessionAtItsAddressWithoutTheAddressChanging() throws Exception {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("yana");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Yana");
        Browser browser = new Browser();
        assertThat(browser.signIn("203.0.113.60", login, Fixtures.PASSWORD)).isEqualTo("/");
        assertThat(browser.get("203.0.113.60", "/employees").statusCode()).isEqualTo(200);

        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "203.0.113.60", "employees")).status()).isEqualTo(201);
        assertThat(path(browser.get("203.0.113.60", "/employees"))).isEqualTo("/login?address");
    }

    @Test
    void consoleSignInPassesTheSameGuardsAsTheApi() throws Exception {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("lock");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Locked");
        for (int i = 0; i < 5; i++) {
            assertThat(client.tokenResponse(login, "not the password, attempt " + i).status()).isEqualTo(401);
        }
        assertThat(new Browser().signIn("192.0.2.70", login, Fixtures.PASSWORD)).as("a locked account stays locked in the console")
                .isEqualTo("/login?error");
    }

    private static String path(HttpResponse<String> r) {
        String location = r.headers().firstValue("Location").orElse("");
        return location.replaceFirst("^https://[^/]+", "");
    }

    /** A cookie jar behind the trusted proxy: each request names its client address. */
    private final class Browser {

        private final HttpClient http;

        Browser() throws IOException {
            this.http = HttpClient.newBuilder().sslContext(FortelClient.trustAll()).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
                    .localAddress(InetAddress.getByName(FortelClient.TRUSTED_PROXY)).build();
        }

        HttpResponse<String> get(String from, String path) throws IOException, InterruptedException {
            return http.send(request(from, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Signs in with the console's form; returns where the server sends the browser next. */
        String signIn(String from, String login, String password) throws IOException, InterruptedException {
            Matcher csrf = CSRF.matcher(get(from, "/login").body());
            assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
            String form = "login=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(request(from, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(302);
            return path(r);
        }

        private HttpRequest.Builder request(String from, String path) {
            return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).header("X-Forwarded-For", from)
                    .timeout(Duration.ofSeconds(30));
        }
    }
}
