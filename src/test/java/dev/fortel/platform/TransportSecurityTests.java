package dev.fortel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** TLS policy, hardening headers and console session handling, checked over real connections. */
@FortelServerTest
class TransportSecurityTests {

    @LocalServerPort
    int port;

    FortelClient client;

    @BeforeEach
    void setUp() {
        client = new FortelClient(port);
    }

    @Test
    void servesTls13AndTls12ButRefusesOlderProtocols() throws Exception {
        assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
        assertThat(handshake("TLSv1.2")).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake("TLSv1.1")).isInstanceOf(javax.net.ssl.SSLException.class);
    }

    @Test
    void tls12OffersOnlyForwardSecretAeadCiphers() throws Exception {
        SSLContext ctx = trustAll();
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.2"});
            params.setCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            socket.setSSLParameters(params);
            assertThatThrownBy(socket::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    @Test
    void pagesCarryHardeningHeaders() {
        FortelClient.Response login = client.send(client.request("/login").GET());
        assertThat(login.status()).isEqualTo(200);
        String csp = login.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(login.header("Strict-Transport-Security")).contains("max-age=31536000");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        FortelClient.Response api = client.get(null, "/api/v1/me");
        assertThat(api.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(api.header("Strict-Transport-Security")).isNotNull();
    }

    @Test
    void consoleSignInNeedsCsrfTokenAndRotatesTheSessionId() throws Exception {
        Fixtures.Company acme = new Fixtures(client).company("Acme");
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().sslContext(trustAll()).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "https://localhost:" + port;
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        String before = session(cookies);

        HttpResponse<String> forged = browser.send(form(base, "login=" + acme.ownerLogin() + "&password=" + Fixtures.PASSWORD.replace(' ', '+')),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        HttpResponse<String> signedIn = browser.send(form(base, "_csrf=" + csrf.group(1) + "&login=" + acme.ownerLogin()
                + "&password=" + Fixtures.PASSWORD.replace(' ', '+')), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        List<String> setCookie = signedIn.headers().allValues("Set-Cookie");
        assertThat(setCookie).anySatisfy(c -> assertThat(c).startsWith("FORTEL_SESSION=").contains("Secure").contains("HttpOnly")
                .contains("SameSite=Lax"));
        assertThat(session(cookies)).isNotEqualTo(before);

        HttpResponse<String> dashboard = browser.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains(acme.name());
    }

    private static HttpRequest form(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String session(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("FORTEL_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    private String handshake(String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static SSLContext trustAll() {
        return FortelClient.trustAll();
    }
}
