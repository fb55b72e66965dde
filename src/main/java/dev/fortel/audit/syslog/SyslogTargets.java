package dev.fortel.audit.syslog;

import dev.fortel.access.Subject;
import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.audit.JournalTypes;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.platform.tls.ServerTrust;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's syslog targets: validated as a whole where they are entered (every broken field named, nothing stored
 * half-way), journaled with before and after on every change (certificates by fingerprint, the client key never), and
 * tested on demand with a real connection and message.
 */
@Service
public class SyslogTargets {

    static final String KEY_PURPOSE = "audit.syslog-client-key";
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9a-fA-F:.]+");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final int DEFAULT_FACILITY = 13; // "log audit" (RFC 5424 table 1)

    /** A target as entered; {@code clientKeyPem} empty or absent keeps the stored key while the client certificate stays. */
    public record Draft(@Nullable String name, @Nullable String host, @Nullable Integer port, @Nullable String transport,
            @Nullable String format, @Nullable Integer facility, @Nullable List<String> eventTypes, @Nullable String caPem,
            @Nullable String pinnedSha256, @Nullable String clientCertPem, @Nullable String clientKeyPem, @Nullable Boolean enabled,
            @Nullable Boolean fromBeginning) {}

    /** The outcome of a test message. */
    public record TestResult(boolean delivered, boolean confirmed, String detail) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Journal journal;
    private final Clock clock;
    private final SyslogProperties properties;
    private final SyslogConnector connector;
    private final SyslogMessages messages;

    SyslogTargets(JdbcClient jdbc, SecretBox box, Journal journal, Clock clock, SyslogProperties properties, SyslogMessages messages) {
        this.jdbc = jdbc;
        this.box = box;
        this.journal = journal;
        this.clock = clock;
        this.properties = properties;
        this.messages = messages;
        this.connector = new SyslogConnector(properties.connectTimeout());
    }

    private static final String SELECT = """
            SELECT t.*, h.last_seq FROM syslog_targets t LEFT JOIN journal_heads h ON h.tenant_id = t.tenant_id""";

    public List<SyslogTarget> list(TenantId tenant) {
        return jdbc.sql(SELECT + " WHERE t.tenant_id = :t ORDER BY t.created_at, t.id").param("t", tenant.value())
                .query((rs, n) -> map(rs)).list();
    }

    public Optional<SyslogTarget> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + " WHERE t.tenant_id = :t AND t.id = :id").param("t", tenant.value()).param("id", id)
                .query((rs, n) -> map(rs)).optional();
    }

    public SyslogTarget get(TenantId tenant, UUID id) {
        return find(tenant, id).orElseThrow(() -> new NotFoundException("syslog target"));
    }

    @Transactional
    public SyslogTarget create(Subject actor, Draft draft) {
        TenantId tenant = actor.tenantId();
        Integer count = jdbc.sql("SELECT COUNT(*) FROM syslog_targets WHERE tenant_id = :t").param("t", tenant.value()).query(Integer.class).single();
        if (count >= properties.maxTargets()) {
            throw ValidationFailedException.of("targets", "syslog.tooMany", "a company may have at most " + properties.maxTargets()
                    + " syslog targets; delete one first", properties.maxTargets());
        }
        Valid v = validate(draft, null, tenant);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // A new target starts after the events already journaled, unless asked for the whole journal; either way its
        // own creation, journaled below, is the first event it receives.
        long cursor = Boolean.TRUE.equals(draft.fromBeginning()) ? 0 : jdbc.sql("SELECT last_seq FROM journal_heads WHERE tenant_id = :t")
                .param("t", tenant.value()).query(Long.class).optional().orElse(0L);
        jdbc.sql("""
                INSERT INTO syslog_targets (tenant_id, id, name, host, port, transport, format, facility, event_types, ca_pem, pinned_sha256,
                    client_cert_pem, client_key, enabled, cursor_seq, delivered, status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (:t, :id, :name, :host, :port, :transport, :format, :facility, :events, :ca, :pin, :cert, :key, :enabled, :cursor, 0, 'NEW',
                    0, :now, :now, :now)""")
                .param("t", tenant.value()).param("id", id).param("name", v.name()).param("host", v.host()).param("port", v.port())
                .param("transport", v.transport().name()).param("format", v.format().name()).param("facility", v.facility())
                .param("events", v.events().stored()).param("ca", v.caPem()).param("pin", v.pinned()).param("cert", v.clientCertPem())
                .param("key", v.clientKeyPem() == null ? null : box.seal(v.clientKeyPem(), KEY_PURPOSE, owner(tenant, id)))
                .param("enabled", v.enabled()).param("cursor", cursor).param("now", ts(now)).update();
        journal.append(new Journal.Draft(tenant, JournalTypes.SYSLOG_TARGET_CREATED, Outcome.SUCCESS, Journal.currentActor(),
                new Target("syslog_target", id.toString(), v.name()), Map.of("after", shown(v), "from_beginning", Boolean.TRUE.equals(draft.fromBeginning()))));
        return get(tenant, id);
    }

    @Transactional
    public SyslogTarget change(Subject actor, UUID id, Draft draft) {
        TenantId tenant = actor.tenantId();
        SyslogTarget before = get(tenant, id);
        Valid v = validate(draft, before, tenant);
        String sealedKey;
        if (v.clientCertPem() == null) {
            sealedKey = null;
        } else if (v.clientKeyPem() != null) {
            sealedKey = box.seal(v.clientKeyPem(), KEY_PURPOSE, owner(tenant, id));
        } else {
            sealedKey = jdbc.sql("SELECT client_key FROM syslog_targets WHERE tenant_id = :t AND id = :id").param("t", tenant.value())
                    .param("id", id).query(String.class).optional().orElse(null);
        }
        boolean wasEnabled = before.enabled();
        jdbc.sql("""
                UPDATE syslog_targets SET name = :name, host = :host, port = :port, transport = :transport, format = :format, facility = :facility,
                    event_types = :events, ca_pem = :ca, pinned_sha256 = :pin, client_cert_pem = :cert, client_key = :key, enabled = :enabled,
                    attempts = CASE WHEN :enabled AND NOT :wasEnabled THEN 0 ELSE attempts END, next_attempt_at = :now, updated_at = :now
                WHERE tenant_id = :t AND id = :id""")
                .param("name", v.name()).param("host", v.host()).param("port", v.port()).param("transport", v.transport().name())
                .param("format", v.format().name()).param("facility", v.facility()).param("events", v.events().stored()).param("ca", v.caPem())
                .param("pin", v.pinned()).param("cert", v.clientCertPem()).param("key", sealedKey).param("enabled", v.enabled())
                .param("wasEnabled", wasEnabled).param("now", ts(clock.instant())).param("t", tenant.value()).param("id", id).update();
        Map<String, Object> old = shown(before);
        Map<String, Object> now = shown(v);
        if (v.clientKeyPem() != null) {
            now.put("client_key", "replaced");
        }
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        now.forEach((k, value) -> {
            if (!Objects.equals(old.get(k), value)) {
                b.put(k, old.get(k));
                a.put(k, value);
            }
        });
        if (!a.isEmpty()) {
            journal.append(new Journal.Draft(tenant, JournalTypes.SYSLOG_TARGET_CHANGED, Outcome.SUCCESS, Journal.currentActor(),
                    new Target("syslog_target", id.toString(), v.name()), Map.of("before", b, "after", a)));
        }
        return get(tenant, id);
    }

    @Transactional
    public void delete(Subject actor, UUID id) {
        TenantId tenant = actor.tenantId();
        SyslogTarget before = get(tenant, id);
        jdbc.sql("DELETE FROM syslog_targets WHERE tenant_id = :t AND id = :id").param("t", tenant.value()).param("id", id).update();
        journal.append(new Journal.Draft(tenant, JournalTypes.SYSLOG_TARGET_DELETED, Outcome.SUCCESS, Journal.currentActor(),
                new Target("syslog_target", id.toString(), before.name()), Map.of("before", shown(before), "undelivered", before.lag())));
    }

    /**
     * Connects to the target and sends one test message (not a journal event), confirming receipt where the transport
     * can; the outcome is journaled and returned with the precise reason of a failure.
     */
    public TestResult test(Subject actor, UUID id) {
        TenantId tenant = actor.tenantId();
        SyslogTarget t = get(tenant, id);
        TestResult result;
        try (SyslogConnection c = connector.open(endpoint(t))) {
            c.send(messages.test(t.facility(), tenant.value().toString(), "Fortel test message for syslog target \"" + t.name()
                    + "\" from " + actor.login()));
            c.confirm();
            result = new TestResult(true, c.confirmable(), c.confirmable() ? "delivered and confirmed by the receiver"
                    : "sent; UDP cannot confirm receipt, look for the message at the receiver");
        } catch (SyslogConnector.ConnectFailedException e) {
            result = new TestResult(false, false, e.getMessage() == null ? "the connection failed" : e.getMessage());
        } catch (IOException e) {
            result = new TestResult(false, false, connector.reason(t.host(), t.port(), e));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("delivered", result.delivered());
        details.put("detail", result.detail());
        journal.append(new Journal.Draft(tenant, JournalTypes.SYSLOG_TARGET_TESTED, result.delivered() ? Outcome.SUCCESS : Outcome.FAILURE,
                Journal.currentActor(), new Target("syslog_target", id.toString(), t.name()), details));
        return result;
    }

    /** The connection details of a target, its client key opened (for the delivery worker and tests only). */
    SyslogConnector.Endpoint endpoint(SyslogTarget t) {
        String key = null;
        if (t.clientKeySet()) {
            String sealed = jdbc.sql("SELECT client_key FROM syslog_targets WHERE tenant_id = :t AND id = :id").param("t", t.tenantId().value())
                    .param("id", t.id()).query(String.class).optional().orElse(null);
            key = sealed == null ? null : box.openText(sealed, KEY_PURPOSE, owner(t.tenantId(), t.id()));
        }
        return new SyslogConnector.Endpoint(t.host(), t.port(), t.transport(), t.caPem(), t.pinnedSha256(), t.clientCertPem(), key);
    }

    private record Valid(String name, String host, int port, Transport transport, MessageFormat format, int facility, EventSelection events,
            @Nullable String caPem, @Nullable String pinned, @Nullable String clientCertPem, @Nullable String clientKeyPem, boolean enabled,
            List<String> caFingerprints, @Nullable String clientCertFingerprint) {}

    private Valid validate(Draft d, @Nullable SyslogTarget existing, TenantId tenant) {
        List<Violation> broken = new ArrayList<>();
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            broken.add(new Violation("name", "syslog.name", "is required: 1 to 100 characters, such as \"SOC SIEM\""));
        } else if (list(tenant).stream().anyMatch(t -> t.name().equalsIgnoreCase(name) && (existing == null || !t.id().equals(existing.id())))) {
            broken.add(new Violation("name", "syslog.nameTaken", "is already the name of another syslog target of this company"));
        }
        String host = d.host() == null ? "" : d.host().strip();
        if (host.isEmpty() || host.length() > 253 || !HOST.matcher(host).matches()) {
            broken.add(new Violation("host", "syslog.host", "must be a host name or IP address, such as siem.example.com or 192.0.2.10"));
        }
        Transport transport = null;
        if (d.transport() == null || d.transport().isBlank()) {
            broken.add(new Violation("transport", "syslog.transport", "is required: udp, tcp or tls"));
        } else {
            try {
                transport = Transport.valueOf(d.transport().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                broken.add(new Violation("transport", "syslog.transport", "must be udp, tcp or tls"));
            }
        }
        int port = d.port() != null ? d.port() : transport == null ? 0 : transport.defaultPort();
        if ((d.port() != null || transport != null) && (port < 1 || port > 65535)) {
            broken.add(new Violation("port", "syslog.port", "must be between 1 and 65535"));
        }
        MessageFormat format = MessageFormat.OCSF;
        if (d.format() != null && !d.format().isBlank()) {
            try {
                format = MessageFormat.valueOf(d.format().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                broken.add(new Violation("format", "syslog.format", "must be ocsf (JSON) or cef"));
            }
        }
        int facility = d.facility() == null ? DEFAULT_FACILITY : d.facility();
        if (facility < 0 || facility > 23) {
            broken.add(new Violation("facility", "syslog.facility", "must be a syslog facility from 0 to 23 (13 is log audit, 10 authpriv)"));
        }
        List<String> patterns = d.eventTypes() == null || d.eventTypes().isEmpty() ? List.of("*") : d.eventTypes();
        List<String> cleaned = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i) == null ? "" : patterns.get(i).strip();
            if (!EventSelection.known(p)) {
                broken.add(new Violation("event_types[" + i + "]", "syslog.eventType",
                        "names no journal event type: use *, a type such as auth.login.failed, or a prefix such as auth.*"));
            } else if (!cleaned.contains(p)) {
                cleaned.add(p);
            }
        }
        String ca = blankToNull(d.caPem());
        String pinned = blankToNull(d.pinnedSha256());
        String cert = blankToNull(d.clientCertPem());
        String key = blankToNull(d.clientKeyPem());
        boolean tls = transport == Transport.TLS;
        List<String> caFingerprints = List.of();
        String certFingerprint = null;
        if (!tls && transport != null) {
            for (String[] f : new String[][] {{"ca_pem", ca}, {"pinned_sha256", pinned}, {"client_cert_pem", cert}, {"client_key_pem", key}}) {
                if (f[1] != null) {
                    broken.add(new Violation(f[0], "syslog.tlsOnly", "applies to transport tls only; leave it empty for " + transport.name().toLowerCase(Locale.ROOT)));
                }
            }
        } else if (tls) {
            if (ca != null && pinned != null) {
                broken.add(new Violation("pinned_sha256", "syslog.pinOrCa", "give either the receiver's authority (ca_pem) or its pinned certificate, not both"));
            } else if (pinned != null) {
                pinned = pinned.replace(":", "").toLowerCase(Locale.ROOT);
                if (!FINGERPRINT.matcher(pinned).matches()) {
                    broken.add(new Violation("pinned_sha256", "syslog.pin",
                            "must be the certificate's SHA-256 fingerprint: 64 hex digits (openssl x509 -noout -fingerprint -sha256)"));
                }
            }
            if (ca != null) {
                try {
                    List<X509Certificate> certs = ServerTrust.certificates(ca);
                    if (certs.isEmpty()) {
                        throw new CertificateException("no certificate");
                    }
                    List<String> fps = new ArrayList<>();
                    for (X509Certificate c : certs) {
                        fps.add(ServerTrust.fingerprint(c));
                    }
                    caFingerprints = fps;
                } catch (CertificateException | RuntimeException e) {
                    broken.add(new Violation("ca_pem", "syslog.pem", "is not a PEM certificate (-----BEGIN CERTIFICATE----- …)"));
                }
            }
            boolean keyStored = existing != null && existing.clientKeySet() && Objects.equals(existing.clientCertPem(), cert);
            if (cert == null && key != null) {
                broken.add(new Violation("client_cert_pem", "syslog.clientPair", "is required with a client key"));
            } else if (cert != null && key == null && !keyStored) {
                broken.add(new Violation("client_key_pem", "syslog.clientPair", "is required with a client certificate: its unencrypted private key in PEM"));
            } else if (cert != null) {
                try {
                    List<X509Certificate> chain = ServerTrust.certificates(cert);
                    if (chain.isEmpty()) {
                        throw new CertificateException("no certificate");
                    }
                    certFingerprint = ServerTrust.fingerprint(chain.getFirst());
                    if (key != null) {
                        try {
                            PrivateKey k = ClientCredentials.privateKey(key);
                            if (!ClientCredentials.matches(chain.getFirst(), k)) {
                                broken.add(new Violation("client_key_pem", "syslog.keyMismatch", "is not the private key of the client certificate"));
                            }
                        } catch (IOException e) {
                            broken.add(new Violation("client_key_pem", "syslog.key", "is not a usable private key: " + e.getMessage(), List.of(String.valueOf(e.getMessage()))));
                        }
                    }
                } catch (CertificateException | RuntimeException e) {
                    broken.add(new Violation("client_cert_pem", "syslog.pem", "is not a PEM certificate (-----BEGIN CERTIFICATE----- …)"));
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        return new Valid(name, host, port, Objects.requireNonNull(transport), format, facility, new EventSelection(cleaned), ca, pinned, cert, key,
                d.enabled() == null || d.enabled(), caFingerprints, certFingerprint);
    }

    private static Map<String, Object> shown(Valid v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("host", v.host());
        m.put("port", v.port());
        m.put("transport", v.transport().name().toLowerCase(Locale.ROOT));
        m.put("format", v.format().name().toLowerCase(Locale.ROOT));
        m.put("facility", v.facility());
        m.put("event_types", v.events().patterns());
        m.put("ca_sha256", v.caFingerprints().isEmpty() ? null : v.caFingerprints());
        m.put("pinned_sha256", v.pinned());
        m.put("client_cert_sha256", v.clientCertFingerprint());
        m.put("enabled", v.enabled());
        return m;
    }

    private static Map<String, Object> shown(SyslogTarget t) {
        List<String> ca = List.of();
        String cert = null;
        try {
            if (t.caPem() != null) {
                List<String> fps = new ArrayList<>();
                for (X509Certificate c : ServerTrust.certificates(t.caPem())) {
                    fps.add(ServerTrust.fingerprint(c));
                }
                ca = fps;
            }
            if (t.clientCertPem() != null) {
                cert = ServerTrust.fingerprint(ServerTrust.certificates(t.clientCertPem()).getFirst());
            }
        } catch (CertificateException | RuntimeException e) {
            // Stored values were validated on the way in; an unreadable one is shown as absent.
        }
        return shown(new Valid(t.name(), t.host(), t.port(), t.transport(), t.format(), t.facility(), t.events(), t.caPem(), t.pinnedSha256(),
                t.clientCertPem(), null, t.enabled(), ca, cert));
    }

    static String owner(TenantId tenant, UUID id) {
        return tenant.value() + "/" + id;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static SyslogTarget map(java.sql.ResultSet rs) throws java.sql.SQLException {
        long head = rs.getLong("last_seq");
        long cursor = rs.getLong("cursor_seq");
        return new SyslogTarget(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("host"), rs.getInt("port"), Transport.valueOf(rs.getString("transport")), MessageFormat.valueOf(rs.getString("format")),
                rs.getInt("facility"), EventSelection.fromStored(rs.getString("event_types")), rs.getString("ca_pem"), rs.getString("pinned_sha256"),
                rs.getString("client_cert_pem"), rs.getString("client_key") != null, rs.getBoolean("enabled"), cursor, Math.max(0, head - cursor),
                rs.getLong("delivered"), SyslogTarget.Status.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                rs.getString("last_error"), instant(rs, "last_error_at"), instant(rs, "last_delivered_at"),
                Objects.requireNonNull(instant(rs, "created_at")), Objects.requireNonNull(instant(rs, "updated_at")));
    }

    private static @Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
