package dev.fortel.telephony.recordings;

import dev.fortel.access.Subject;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.telephony.TelephonyEvents;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.springframework.transaction.annotation.Transactional;

/**
 * What a company does with its recordings: how many days they are kept ({@code null}: until deleted with the company),
 * and the FTPS server they are delivered to. The FTPS password is sealed at rest and never shown again; leaving it
 * out of a change keeps the stored one.
 */
@Service
public class RecordingSettings {

    static final String PASSWORD_PURPOSE = "telephony.ftps-password";
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9a-fA-F:.]+");
    private static final Pattern DIRECTORY = Pattern.compile("/([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    /** The settings as shown: {@code ftps} is {@code null} when delivery is off. */
    public record Settings(@Nullable Integer retentionDays, boolean ftpsEnabled, @Nullable Ftps ftps) {}

    /** The FTPS target as shown: whether a password is stored, never the password. */
    public record Ftps(String host, int port, String username, boolean passwordSet, String directory, String fileNameTemplate,
            @Nullable String pinnedSha256) {}

    /** A change as sent: every field of the form; {@code password} empty or absent keeps the stored one. */
    public record Change(@Nullable Integer retentionDays, boolean ftpsEnabled, @Nullable String host, @Nullable Integer port,
            @Nullable String username, @Nullable String password, @Nullable String directory, @Nullable String fileNameTemplate,
            @Nullable String pinnedSha256) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RecordingSettings(JdbcClient jdbc, SecretBox box, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.events = events;
        this.clock = clock;
    }

    private record Row(@Nullable Integer retentionDays, boolean enabled, @Nullable String host, @Nullable Integer port, @Nullable String username,
            @Nullable String sealedPassword, @Nullable String directory, @Nullable String template, @Nullable String pinned) {}

    private Optional<Row> row(TenantId tenant) {
        return jdbc.sql("""
                SELECT retention_days, ftps_enabled, ftps_host, ftps_port, ftps_username, ftps_password, ftps_directory, ftps_file_template,
                    ftps_pinned_sha256 FROM recording_settings WHERE tenant_id = :t""").param("t", tenant.value())
                .query((rs, n) -> new Row(rs.getObject(1, Integer.class), rs.getBoolean(2), rs.getString(3), rs.getObject(4, Integer.class),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9))).optional();
    }

    public Settings of(TenantId tenant) {
        return row(tenant).map(RecordingSettings::shown).orElse(new Settings(null, false, null));
    }

    /** The target to deliver to, with the password opened, when delivery is on. */
    Optional<Target> target(TenantId tenant) {
        return row(tenant).filter(Row::enabled).map(r -> new Target(new FtpsTarget(r.host(), r.port(), r.username(), r.directory(),
                new FileNameTemplate(r.template()), r.pinned()), box.openText(r.sealedPassword(), PASSWORD_PURPOSE, tenant.value().toString())));
    }

    /** A target with its password, for the delivery only. */
    record Target(FtpsTarget target, String password) {

        @Override
        public String toString() {
            return "Target[" + target + ", password=******]";
        }
    }

    /** Replaces the settings after checking every field; each problem is named and nothing changes then. */
    @Transactional
    public Settings change(Subject actor, Change c) {
        Row before = row(actor.tenantId()).orElse(null);
        List<Violation> broken = new ArrayList<>();
        if (c.retentionDays() != null && (c.retentionDays() < 1 || c.retentionDays() > 3660)) {
            broken.add(new Violation("retention_days", "recordings.retention", "must be between 1 and 3660 days, or empty to keep recordings"));
        }
        String host = trim(c.host());
        int port = c.port() == null ? 21 : c.port();
        String username = trim(c.username());
        String password = c.password() == null || c.password().isEmpty() ? null : c.password();
        String directory = trim(c.directory()) == null ? "/" : trim(c.directory());
        String template = trim(c.fileNameTemplate()) == null ? FileNameTemplate.DEFAULT : trim(c.fileNameTemplate());
        String pinned = trim(c.pinnedSha256()) == null ? null : trim(c.pinnedSha256()).replace(":", "").toLowerCase(Locale.ROOT);
        if (c.ftpsEnabled()) {
            if (host == null || host.length() > 253 || !HOST.matcher(host).matches()) {
                broken.add(new Violation("ftps.host", "recordings.host", "must be the FTPS server's host name or IP address, such as ftp.example.com"));
            }
            if (port < 1 || port > 65535) {
                broken.add(new Violation("ftps.port", "recordings.port", "must be between 1 and 65535 (FTPS with explicit TLS usually listens on 21)"));
            }
            if (username == null || username.length() > 100 || username.chars().anyMatch(Character::isISOControl)) {
                broken.add(new Violation("ftps.username", "recordings.username", "must be 1 to 100 characters, without control characters"));
            }
            if (password == null && (before == null || before.sealedPassword() == null)) {
                broken.add(new Violation("ftps.password", "recordings.password", "is required the first time delivery is turned on"));
            } else if (password != null && (password.length() > 200 || password.chars().anyMatch(Character::isISOControl))) {
                broken.add(new Violation("ftps.password", "recordings.passwordForm", "must be at most 200 characters, without control characters"));
            }
            if (directory.length() > 200 || !DIRECTORY.matcher(directory).matches() || List.of(directory.split("/")).contains("..")) {
                broken.add(new Violation("ftps.directory", "recordings.directory",
                        "must be an absolute folder on the server such as /recordings: letters, digits, dot, dash, underscore, no .. segment"));
            }
            try {
                FileNameTemplate.parse(template, "ftps.file_name_template");
            } catch (ValidationFailedException e) {
                broken.addAll(e.violations());
            }
            if (pinned != null && !FINGERPRINT.matcher(pinned).matches()) {
                broken.add(new Violation("ftps.pinned_sha256", "recordings.pin",
                        "must be the SHA-256 fingerprint of the server certificate: 64 hex digits, colons allowed (openssl x509 -fingerprint -sha256)"));
            }
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        String owner = actor.tenantId().value().toString();
        String sealed = password != null ? box.seal(password, PASSWORD_PURPOSE, owner) : before == null ? null : before.sealedPassword();
        Row after = c.ftpsEnabled() ? new Row(c.retentionDays(), true, host, port, username, sealed, directory, template, pinned)
                : new Row(c.retentionDays(), false, before == null ? null : before.host(), before == null ? null : before.port(),
                        before == null ? null : before.username(), sealed, before == null ? null : before.directory(),
                        before == null ? null : before.template(), before == null ? null : before.pinned());
        jdbc.sql("DELETE FROM recording_settings WHERE tenant_id = :t").param("t", actor.tenantId().value()).update();
        jdbc.sql("""
                INSERT INTO recording_settings (tenant_id, retention_days, ftps_enabled, ftps_host, ftps_port, ftps_username, ftps_password,
                    ftps_directory, ftps_file_template, ftps_pinned_sha256, updated_at)
                VALUES (:t, :days, :on, :host, :port, :user, :pw, :dir, :tpl, :pin, :now)""").param("t", actor.tenantId().value())
                .param("days", after.retentionDays()).param("on", after.enabled()).param("host", after.host()).param("port", after.port())
                .param("user", after.username()).param("pw", after.sealedPassword()).param("dir", after.directory()).param("tpl", after.template())
                .param("pin", after.pinned()).param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        Map<String, Object> was = before == null ? flat(new Row(null, false, null, null, null, null, null, null, null), false) : flat(before, false);
        events.publishEvent(new TelephonyEvents.RecordingSettingsChanged(actor, was, flat(after, password != null)));
        return shown(after);
    }

    private static Settings shown(Row r) {
        Ftps ftps = r.host() == null ? null : new Ftps(r.host(), r.port() == null ? 21 : r.port(), r.username(), r.sealedPassword() != null,
                r.directory(), r.template(), r.pinned());
        return new Settings(r.retentionDays(), r.enabled(), ftps);
    }

    /** The settings as the journal keeps them: the password only as whether it was set or changed. */
    private static Map<String, Object> flat(Row r, boolean passwordChanged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("retention_days", r.retentionDays());
        m.put("ftps_enabled", r.enabled());
        m.put("ftps_host", r.host());
        m.put("ftps_port", r.port());
        m.put("ftps_username", r.username());
        m.put("ftps_directory", r.directory());
        m.put("ftps_file_name_template", r.template());
        m.put("ftps_pinned_sha256", r.pinned());
        m.put("ftps_password", r.sealedPassword() == null ? "unset" : passwordChanged ? "changed" : "set");
        return m;
    }

    private static @Nullable String trim(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
