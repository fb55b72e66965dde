package dev.fortel.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser on one device, without the browser: its own cookie jar and user agent, signed in through the
 * console's form (with its CSRF token) and following no redirects, so a test sees a refused session as the
 * 302 to the sign-in page.
 */
public final class ConsoleDevice {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final String userAgent;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    private ConsoleDevice(String base, String userAgent) {
        this.base = base;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().sslContext(FortelClient.trustAll()).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Signs in through the form; fails the test unless the sign-in is accepted. */
    public static ConsoleDevice signIn(String base, String login, String password, String userAgent) {
        ConsoleDevice device = new ConsoleDevice(base, userAgent);
        HttpResponse<String> signedIn = device.postForm("/login", Map.of("login", login, "password", password));
        if (signedIn.statusCode() != 302 || String.valueOf(signedIn.headers().firstValue("Location").orElse("")).contains("error")) {
            throw new AssertionError("console sign-in of " + login + " failed: " + signedIn.statusCode() + " " + signedIn.headers().map());
        }
        return device;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** The status of a GET: 200 while the session works, 302 (to the sign-in page) once it has ended. */
    public int status(String path) {
        return get(path).statusCode();
    }

    /** Posts a form with the CSRF token of {@code path}'s page (or the sign-in page's when signed out). */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        return postFormFrom(path.equals("/login") ? "/login" : "/", path, fields);
    }

    /** Posts a form with the CSRF token found on {@code page} (a page reachable in the session's state, such as the code page). */
    public HttpResponse<String> postFormFrom(String pagePath, String path, Map<String, String> fields) {
        HttpResponse<String> page = get(pagePath);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token on the page before POST " + path + ": " + page.statusCode());
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("_csrf", csrf.group(1));
        all.putAll(fields);
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The session's public reference as the server shows it: {@code web:} and 12 hex digits of the SHA-256 of the session id. */
    public String ref() {
        HttpCookie cookie = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("FORTEL_SESSION")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie"));
        // Spring Session writes the id Base64-encoded into the cookie.
        String id = new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
        try {
            return "web:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session id itself (the secret), for tests that adjust the stored session behind the server's back. */
    public String sessionId() {
        HttpCookie cookie = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("FORTEL_SESSION")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie"));
        return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("User-Agent", userAgent).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
