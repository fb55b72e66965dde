package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A reset password or a disabled account ends the employee's console sessions on every device at once. */
@FortelServerTest
class ConsoleSessionsEndTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String login;
    String id;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Acme");
        login = "device-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Device User");
        id = client.get(token, "/api/v1/me").body().get("id").asString();
    }

    /** A browser on another device: its own cookie jar, signed in through the console form. */
    private HttpClient device() throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(FortelClient.trustAll()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(client.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String body = "_csrf=" + csrf.group(1) + "&login=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(Fixtures.PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(client.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(overview(browser)).isEqualTo(200);
        return browser;
    }

    private int overview(HttpClient browser) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(client.base() + "/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private long storedSessions() {
        return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :login").param("login", login).query(Long.class).single();
    }

    @Test
    void passwordResetThroughALinkEndsTheSessionsOfEveryDevice() throws Exception {
        HttpClient laptop = device();
        HttpClient phone = device();
        assertThat(storedSessions()).isEqualTo(2);

        String url = client.post(acme.ownerToken(), "/api/v1/employees/" + id + "/activation-link", "{}").body().get("activation_url").asString();
        assertThat(client.post(null, "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1),
                "{\"password\": \"a brand new passphrase 2026\"}").status()).isEqualTo(200);

        assertThat(storedSessions()).isZero();
        assertThat(overview(laptop)).isEqualTo(302);
        assertThat(overview(phone)).isEqualTo(302);
        String journal = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.sessions.ended").raw();
        assertThat(journal).contains("\"count\":2").contains("password_reset");
    }

    @Test
    void disablingTheAccountEndsItsConsoleSessions() throws Exception {
        HttpClient laptop = device();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"status\": \"disabled\"}").status()).isEqualTo(200);
        assertThat(storedSessions()).isZero();
        assertThat(overview(laptop)).isEqualTo(302);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=auth.sessions.ended").raw()).contains("account_disabled");
    }
}
