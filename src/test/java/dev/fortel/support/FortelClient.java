package dev.fortel.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTPS client for the running test server, as an integrator would use the API. It trusts the
 * server's self-signed certificate (generated per test run) and nothing else changes.
 */
public final class FortelClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The loopback address the test profile trusts as a reverse proxy ({@code fortel.trusted-proxies}). */
    public static final String TRUSTED_PROXY = "127.0.0.2";

    private final HttpClient http;
    private final String base;
    private final String forwardedFor;

    public FortelClient(int port) {
        this.base = "https://localhost:" + port;
        this.http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5)).build();
        this.forwardedFor = null;
    }

    private FortelClient(int port, String clientAddress) {
        this.base = "https://127.0.0.1:" + port;
        try {
            this.http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5))
                    .localAddress(java.net.InetAddress.getByName(TRUSTED_PROXY)).build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        this.forwardedFor = clientAddress;
    }

    /**
     * A client whose requests the server sees as coming from {@code clientAddress}: it connects from the
     * test profile's trusted proxy address and names the client in {@code X-Forwarded-For}, as a real
     * reverse proxy would.
     */
    public FortelClient from(String clientAddress) {
        return new FortelClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), clientAddress);
    }

    public String base() {
        return base;
    }

    public record Response(int status, JsonNode body, Map<String, java.util.List<String>> headers, String raw) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    /** Signs in through the token endpoint and returns the bearer token (fails the test if sign-in fails). */
    public String token(String login, String password) {
        Response r = tokenResponse(login, password);
        if (r.status() != 201) {
            throw new AssertionError("sign-in of " + login + " failed: " + r.status() + " " + r.raw());
        }
        return r.body().get("token").asString();
    }

    public Response tokenResponse(String login, String password) {
        String basic = Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token")).header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response get(String token, String path) {
        return send(auth(token, path).GET());
    }

    public Response post(String token, String path, String json) {
        return send(auth(token, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String token, String path, String json) {
        return send(auth(token, path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String token, String path, String json) {
        return send(auth(token, path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String token, String path) {
        return send(auth(token, path).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            if (forwardedFor != null) {
                request.header("X-Forwarded-For", forwardedFor);
            }
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() || !r.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? JSON.nullNode() : JSON.readTree(r.body());
            return new Response(r.statusCode(), body, r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response whose body is bytes (audio, downloads). */
    public record Binary(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst()
                    .orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public Binary sendForBytes(HttpRequest.Builder request) {
        try {
            if (forwardedFor != null) {
                request.header("X-Forwarded-For", forwardedFor);
            }
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Binary(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private HttpRequest.Builder auth(String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** Trusts any certificate: the test server's is self-signed and generated for each run. */
    public static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
