package dev.fortel.notification;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's SMTP relay settings: one row, platform-wide (on PostgreSQL only platform-wide work can see it).
 * The relay password is sealed with {@link SecretBox} for this purpose; it is never returned, logged or journaled.
 * Every change and removal is journaled in the provider's journal with the values before and after.
 */
@Service
public class MailSettings {

    static final String PASSWORD_PURPOSE = "notification.smtp-password";
    static final String PASSWORD_OWNER = "provider/mail_settings/1";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    MailSettings(JdbcClient jdbc, SecretBox secrets, Tenants tenants, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.tenants = tenants;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The relay as configured, or empty when mail stays in the local outbox. */
    public Optional<MailServer> current() {
        return TenantContext.asPlatform(() -> row().map(Stored::view));
    }

    /**
     * Validates and stores new settings, all or nothing.
     *
     * @param actorLogin who changes them, kept with the settings
     * @throws ValidationFailedException naming every bad field; the stored settings are then unchanged
     */
    public MailServer save(MailServerDraft draft, String actorLogin) {
        return TenantContext.asPlatform(() -> transaction.execute(status -> {
            Optional<Stored> before = row();
            MailServerRules.Checked checked = MailServerRules.check(draft, before.map(Stored::username).orElse(null),
                    before.map(b -> b.passwordSealed() != null).orElse(false));
            String sealed = switch (checked.password()) {
                case MailServerRules.Keep keep -> before.map(Stored::passwordSealed).orElse(null);
                case MailServerRules.Remove remove -> null;
                case MailServerRules.Replace replace -> secrets.seal(replace.password(), PASSWORD_PURPOSE, PASSWORD_OWNER);
            };
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Stored after = new Stored(checked.host(), checked.port(), checked.security(), checked.username(), sealed, checked.fromAddress(),
                    checked.trustedCertificate(), now, actorLogin);
            jdbc.sql("DELETE FROM mail_settings").update();
            jdbc.sql("""
                    INSERT INTO mail_settings (id, host, port, security, username, password_sealed, from_address, trusted_certificate,
                      updated_at, updated_by)
                    VALUES (1, :host, :port, :security, :username, :password, :from, :cert, :at, :by)""")
                    .param("host", after.host()).param("port", after.port()).param("security", after.security().name())
                    .param("username", after.username()).param("password", after.passwordSealed()).param("from", after.fromAddress())
                    .param("cert", after.trustedCertificate()).param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .param("by", actorLogin).update();
            boolean passwordChanged = !Objects.equals(before.map(Stored::passwordSealed).orElse(null), sealed);
            Map<String, Object> afterDetails = details(after);
            afterDetails.put("password", passwordChanged ? "changed" : "unchanged");
            events.publishEvent(new NotificationEvents.MailSettingsChanged(providerId(),
                    before.map(MailSettings::details).orElse(Map.of()), afterDetails));
            return after.view();
        }));
    }

    /** Removes the relay: from now on mail stays in the local outbox. Returns whether there was one. */
    public boolean remove() {
        return Boolean.TRUE.equals(TenantContext.asPlatform(() -> transaction.execute(status -> {
            Optional<Stored> before = row();
            if (before.isEmpty()) {
                return false;
            }
            jdbc.sql("DELETE FROM mail_settings").update();
            events.publishEvent(new NotificationEvents.MailSettingsRemoved(providerId(), details(before.get())));
            return true;
        })));
    }

    /** The relay with its password opened, for one delivery run. Platform-wide work only. */
    Optional<Relay> relay() {
        return TenantContext.asPlatform(() -> row().map(s -> new Relay(s.host(), s.port(), s.security(), s.username(),
                s.passwordSealed() == null ? null : secrets.openText(s.passwordSealed(), PASSWORD_PURPOSE, PASSWORD_OWNER), s.fromAddress(),
                s.trustedCertificate())));
    }

    TenantId providerId() {
        return tenants.provider().orElseThrow(() -> new IllegalStateException("the provider tenant does not exist yet")).id();
    }

    private Optional<Stored> row() {
        return jdbc.sql("""
                        SELECT host, port, security, username, password_sealed, from_address, trusted_certificate, updated_at, updated_by
                        FROM mail_settings WHERE id = 1""")
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), MailSecurity.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getString(9)))
                .optional();
    }

    /** What the journal keeps of the settings: everything but the password; the certificate by its fingerprint. */
    private static Map<String, Object> details(Stored s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", s.host());
        d.put("port", s.port());
        d.put("security", s.security().code());
        d.put("username", s.username());
        d.put("from_address", s.fromAddress());
        d.put("trusted_certificate", s.trustedCertificate() == null ? null : MailServerRules.fingerprint(s.trustedCertificate()));
        return d;
    }

    private record Stored(String host, int port, MailSecurity security, @Nullable String username, @Nullable String passwordSealed,
            String fromAddress, @Nullable String trustedCertificate, Instant updatedAt, @Nullable String updatedBy) {

        MailServer view() {
            return new MailServer(host, port, security, username, passwordSealed != null, fromAddress, trustedCertificate, updatedAt, updatedBy);
        }

        @Override
        public String toString() {
            return "Stored[" + security.code() + "://" + host + ":" + port + "]";
        }
    }
}
