package dev.fortel.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS as one HTTP POST: the provider's JSON template with {@code {{to}}} and {{text}} replaced by JSON strings
 * (so no text can break out of its string), an optional authorization header, no redirects followed, a 2xx
 * answer counted as accepted.
 */
final class HttpJsonSmsTransport implements SmsTransport {

    private final HttpClient http;
    private final URI url;
    private final @Nullable String headerName;
    private final @Nullable String headerValue;
    private final String template;
    private final JsonMapper json;
    private final Duration timeout;

    HttpJsonSmsTransport(HttpClient http, URI url, @Nullable String headerName, @Nullable String headerValue, String template, JsonMapper json,
            Duration timeout) {
        this.http = http;
        this.url = url;
        this.headerName = headerName;
        this.headerValue = headerValue;
        this.template = template;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public @Nullable String send(String to, String text) {
        String body = template.replace("{{to}}", json.writeValueAsString(to)).replace("{{text}}", json.writeValueAsString(text));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headerName != null && headerValue != null) {
            request.header(headerName, headerValue);
        }
        try {
            HttpResponse<Void> answer = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() / 100 == 2 ? null : "the gateway answered HTTP " + answer.statusCode();
        } catch (IOException e) {
            return "the gateway could not be reached (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while sending";
        }
    }

    @Override
    public String toString() {
        return "HttpJsonSmsTransport[" + url + "]";
    }
}
