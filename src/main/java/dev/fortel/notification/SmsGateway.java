package dev.fortel.notification;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through the provider's HTTP gateway: one POST per message, with a JSON body built from the provider's
 * template ({@code {{to}}} and {@code {{text}}} replaced by JSON strings), an optional authorization header
 * whose value is sealed at rest, and a 2xx answer counted as accepted. Most SMS aggregators take such a
 * request ({@link HttpJsonSmsTransport}); an SMPP gateway would be a second {@link SmsTransport}.
 *
 * <p>Sent at once rather than through an outbox: a sign-in code is worth nothing after its five minutes,
 * and the person waiting must hear right away when it could not be sent. Every send and failure is
 * journaled with the number partly hidden; the text (it carries a code) is never stored or logged.
 */
@Service
public class SmsGateway {

    static final String AUTH_PURPOSE = "notification.sms-auth";
    static final String AUTH_OWNER = "provider/sms_settings/1";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

    /** An SMS that the gateway did not accept; the reason is safe to show (no secret, no message text). */
    public static final class NotSentException extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        NotSentException(String reason) {
            super(reason);
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    SmsGateway(JdbcClient jdbc, SecretBox secrets, Tenants tenants, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.tenants = tenants;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    /** The gateway as configured, or empty when SMS cannot be sent. */
    public Optional<SmsGatewaySettings> current() {
        return TenantContext.asPlatform(() -> row().map(Stored::view));
    }

    public boolean configured() {
        return current().isPresent();
    }

    /**
     * Validates and stores the gateway, all or nothing.
     *
     * @param authValue null keeps the stored value; empty removes it
     */
    public SmsGatewaySettings save(@Nullable String url, @Nullable String authHeaderName, @Nullable String authValue,
            @Nullable String bodyTemplate, String actorLogin) {
        List<Violation> broken = new ArrayList<>();
        URI target = checkUrl(url, broken);
        String headerName = authHeaderName == null || authHeaderName.isBlank() ? null : authHeaderName.strip();
        if (headerName != null && !HEADER_NAME.matcher(headerName).matches()) {
            broken.add(new Violation("auth_header_name", "sms.headerName", "must be an HTTP header name such as Authorization or X-Api-Key"));
        }
        if (authValue != null && (authValue.length() > 1000 || authValue.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            broken.add(new Violation("auth_value", "sms.headerValue", "must be at most 1000 characters, without line breaks or control characters"));
        }
        String template = bodyTemplate == null ? "" : bodyTemplate.strip();
        checkTemplate(template, broken);
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        return TenantContext.asPlatform(() -> transaction.execute(status -> {
            Optional<Stored> before = row();
            String sealed = authValue == null ? before.map(Stored::authValueSealed).orElse(null)
                    : authValue.isEmpty() ? null : secrets.seal(authValue, AUTH_PURPOSE, AUTH_OWNER);
            if (sealed != null && headerName == null) {
                throw ValidationFailedException.of("auth_header_name", "sms.headerNameMissing",
                        "is required with an authorization value: name the header the gateway reads it from");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Stored after = new Stored(target.toString(), headerName, sealed, template, now, actorLogin);
            jdbc.sql("DELETE FROM sms_settings").update();
            jdbc.sql("""
                    INSERT INTO sms_settings (id, url, auth_header_name, auth_value_sealed, body_template, updated_at, updated_by)
                    VALUES (1, :url, :name, :value, :template, :at, :by)""")
                    .param("url", after.url()).param("name", after.authHeaderName()).param("value", sealed).param("template", template)
                    .param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("by", actorLogin).update();
            Map<String, Object> afterDetails = details(after);
            afterDetails.put("auth_value", java.util.Objects.equals(before.map(Stored::authValueSealed).orElse(null), sealed) ? "unchanged" : "changed");
            events.publishEvent(new NotificationEvents.SmsSettingsChanged(providerId(), before.map(SmsGateway::details).orElse(Map.of()),
                    afterDetails));
            return after.view();
        }));
    }

    /** Removes the gateway: SMS codes are unavailable from then on. Returns whether there was one. */
    public boolean remove() {
        return Boolean.TRUE.equals(TenantContext.asPlatform(() -> transaction.execute(status -> {
            Optional<Stored> before = row();
            if (before.isEmpty()) {
                return false;
            }
            jdbc.sql("DELETE FROM sms_settings").update();
            events.publishEvent(new NotificationEvents.SmsSettingsChanged(providerId(), details(before.get()), Map.of()));
            return true;
        })));
    }

    /**
     * Sends one SMS now. Journals {@code sms.sent} or {@code sms.delivery.failed} for {@code tenant}.
     *
     * @param kind what the message is, for the journal ({@code second_factor_code})
     * @throws NotSentException when no gateway is configured or it did not accept the message
     */
    public void send(TenantId tenant, String kind, String to, String text) {
        if (!E164.matcher(to).matches()) {
            throw new IllegalArgumentException("not an E.164 number");
        }
        Stored gateway = TenantContext.asPlatform(this::row).orElseThrow(() -> new NotSentException("no SMS gateway is configured"));
        SmsTransport transport = new HttpJsonSmsTransport(http, URI.create(gateway.url()), gateway.authHeaderName(),
                gateway.authValueSealed() == null ? null : secrets.openText(gateway.authValueSealed(), AUTH_PURPOSE, AUTH_OWNER),
                gateway.bodyTemplate(), json, TIMEOUT);
        String failure = transport.send(to, text);
        String masked = mask(to);
        if (failure != null) {
            events.publishEvent(new NotificationEvents.SmsFailed(tenant, kind, masked, failure));
            throw new NotSentException(failure);
        }
        events.publishEvent(new NotificationEvents.SmsSent(tenant, kind, masked));
    }

    /** The number with all but its country code's first digits and last two digits hidden: {@code +7*******67}. */
    public static String mask(String e164) {
        if (e164.length() < 6) {
            return "+***";
        }
        return e164.substring(0, 2) + "*".repeat(e164.length() - 4) + e164.substring(e164.length() - 2);
    }

    private URI checkUrl(@Nullable String url, List<Violation> broken) {
        URI uri = null;
        try {
            uri = url == null || url.isBlank() ? null : new URI(url.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null || uri.getUserInfo() != null) {
            broken.add(new Violation("url", "sms.url", "must be the gateway's address, such as https://sms.example.net/api/send"));
            return URI.create("https://invalid.invalid/");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean local = MailServerRules.loopback(uri.getHost().replace("[", "").replace("]", ""));
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            broken.add(new Violation("url", "sms.urlScheme",
                    "must use https (plain http only for a gateway on this host: localhost, 127.0.0.1, ::1)"));
        }
        return uri;
    }

    private void checkTemplate(String template, List<Violation> broken) {
        if (!template.contains("{{to}}") || !template.contains("{{text}}") || template.length() > 4000) {
            broken.add(new Violation("body_template", "sms.templatePlaceholders",
                    "must contain {{to}} and {{text}} where the number and the text go, e.g. {\"to\": {{to}}, \"message\": {{text}}}"));
            return;
        }
        try {
            json.readTree(template.replace("{{to}}", "\"+70000000000\"").replace("{{text}}", "\"text\""));
        } catch (JacksonException e) {
            broken.add(new Violation("body_template", "sms.templateJson",
                    "must be JSON once {{to}} and {{text}} are replaced by strings; write them without quotes: {\"to\": {{to}}}"));
        }
    }

    private TenantId providerId() {
        return tenants.provider().orElseThrow(() -> new IllegalStateException("the provider tenant does not exist yet")).id();
    }

    private Optional<Stored> row() {
        return jdbc.sql("SELECT url, auth_header_name, auth_value_sealed, body_template, updated_at, updated_by FROM sms_settings WHERE id = 1")
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)))
                .optional();
    }

    private static Map<String, Object> details(Stored s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", s.url());
        d.put("auth_header_name", s.authHeaderName());
        d.put("body_template", s.bodyTemplate());
        return d;
    }

    private record Stored(String url, @Nullable String authHeaderName, @Nullable String authValueSealed, String bodyTemplate, Instant updatedAt,
            @Nullable String updatedBy) {

        SmsGatewaySettings view() {
            return new SmsGatewaySettings(url, authHeaderName, authValueSealed != null, bodyTemplate, updatedAt, updatedBy);
        }

        @Override
        public String toString() {
            return "Stored[" + url + "]";
        }
    }
}
