package dev.fortel.telephony;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Employees' SIP accounts: creating one (its password generated), a new password on demand, revealing the
 * password, deleting. Who may do what on whose accounts is decided before these run (the endpoints declare
 * the employee they act on); every change and every reveal is journaled in the same transaction.
 */
@Service
public class SipAccounts {

    static final String PASSWORD_PURPOSE = "telephony.sip-password";
    static final String HA1_PURPOSE = "telephony.sip-ha1";
    /** Phone-friendly user parts: letters, digits, dot, dash, underscore (RFC 3261 allows more; phones often do not). */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_PER_EMPLOYEE = 10;

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final TelephonyProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SipAccounts(JdbcClient jdbc, SecretBox box, TelephonyProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /** The company's SIP domain, which is also the digest realm. */
    public String domainOf(TenantId tenant) {
        return "t" + tenant.value().toString().replace("-", "").substring(0, 12) + "." + properties.sipDomain();
    }

    public List<SipAccount> of(TenantId tenant, UUID employee) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :t AND employee_id = :e ORDER BY username").param("t", tenant.value()).param("e", employee)
                .query((rs, n) -> account(rs)).list();
    }

    /** The company's accounts of these employees ({@code null}: of everyone), by address. */
    public List<SipAccount> ofEmployees(TenantId tenant, @Nullable Collection<UUID> employees) {
        if (employees != null && employees.isEmpty()) {
            return List.of();
        }
        return (employees == null
                ? jdbc.sql(SELECT + " WHERE tenant_id = :t ORDER BY username").param("t", tenant.value())
                : jdbc.sql(SELECT + " WHERE tenant_id = :t AND employee_id IN (:e) ORDER BY username").param("t", tenant.value())
                        .param("e", employees))
                .query((rs, n) -> account(rs)).list();
    }

    /** The company's account with this address ({@code username@domain}), if any. */
    public Optional<SipAccount> byAddress(TenantId tenant, String address) {
        int at = address.indexOf('@');
        if (at <= 0 || address.length() > 320) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " WHERE tenant_id = :t AND username = :u AND domain = :d").param("t", tenant.value())
                .param("u", address.substring(0, at).toLowerCase(Locale.ROOT)).param("d", address.substring(at + 1).toLowerCase(Locale.ROOT))
                .query((rs, n) -> account(rs)).optional();
    }

    public Optional<SipAccount> find(TenantId tenant, UUID employee, UUID id) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :t AND employee_id = :e AND id = :id").param("t", tenant.value()).param("e", employee)
                .param("id", id).query((rs, n) -> account(rs)).optional();
    }

    /**
     * Creates an account for the employee with a generated password. Without a username, the employee's
     * extension is used, else the login's part before the {@code @}.
     */
    @Transactional
    public SipAccount create(Subject actor, Employee employee, @Nullable String requestedUsername) {
        String username = username(requestedUsername, employee);
        if (of(employee.tenantId(), employee.id()).size() >= MAX_PER_EMPLOYEE) {
            throw new ConflictException("username", "sip.tooMany", "this employee already has " + MAX_PER_EMPLOYEE
                    + " SIP accounts; delete one first", MAX_PER_EMPLOYEE);
        }
        String domain = domainOf(employee.tenantId());
        UUID id = UUID.randomUUID();
        Instant now = now();
        String password = SipPasswords.generate();
        try {
            jdbc.sql("""
                    INSERT INTO sip_accounts (tenant_id, id, employee_id, username, domain, password_sealed, ha1_sealed, created_at,
                        password_changed_at)
                    VALUES (:t, :id, :e, :u, :d, :p, :h, :now, :now)""")
                    .param("t", employee.tenantId().value()).param("id", id).param("e", employee.id()).param("u", username).param("d", domain)
                    .param("p", box.seal(password, PASSWORD_PURPOSE, id.toString())).param("h", box.seal(ha1(username, domain, password),
                            HA1_PURPOSE, id.toString()))
                    .param("now", ts(now)).update();
        } catch (DuplicateKeyException taken) {
            throw new ConflictException("username", "sip.usernameTaken", "is already a SIP account of this company; choose another",
                    username);
        }
        SipAccount account = new SipAccount(employee.tenantId(), id, employee.id(), username, domain, now, now);
        events.publishEvent(new TelephonyEvents.SipAccountCreated(actor, account, employee.login()));
        return account;
    }

    /** A new password; the old one stops working at once (the SIP edge reads the new hashes). */
    @Transactional
    public SipAccount rotate(Subject actor, Employee employee, UUID id) {
        SipAccount a = find(employee.tenantId(), employee.id(), id).orElseThrow(() -> new NotFoundException("SIP account"));
        String password = SipPasswords.generate();
        Instant now = now();
        jdbc.sql("UPDATE sip_accounts SET password_sealed = :p, ha1_sealed = :h, password_changed_at = :now WHERE tenant_id = :t AND id = :id")
                .param("p", box.seal(password, PASSWORD_PURPOSE, id.toString()))
                .param("h", box.seal(ha1(a.username(), a.domain(), password), HA1_PURPOSE, id.toString())).param("now", ts(now))
                .param("t", a.tenantId().value()).param("id", id).update();
        SipAccount after = new SipAccount(a.tenantId(), id, a.employeeId(), a.username(), a.domain(), a.createdAt(), now);
        events.publishEvent(new TelephonyEvents.SipPasswordRotated(actor, after, employee.login()));
        return after;
    }

    /** The password, for whoever sets up the phone; the reveal is journaled with who asked and from where. */
    @Transactional
    public String reveal(Subject actor, Employee employee, UUID id, RequestOrigin origin) {
        SipAccount a = find(employee.tenantId(), employee.id(), id).orElseThrow(() -> new NotFoundException("SIP account"));
        String sealed = jdbc.sql("SELECT password_sealed FROM sip_accounts WHERE tenant_id = :t AND id = :id").param("t", a.tenantId().value())
                .param("id", id).query(String.class).single();
        events.publishEvent(new TelephonyEvents.SipPasswordRevealed(actor, a, employee.login(), origin.ip(), origin.userAgent()));
        return box.openText(sealed, PASSWORD_PURPOSE, id.toString());
    }

    @Transactional
    public void delete(Subject actor, Employee employee, UUID id) {
        SipAccount a = find(employee.tenantId(), employee.id(), id).orElseThrow(() -> new NotFoundException("SIP account"));
        jdbc.sql("DELETE FROM sip_accounts WHERE tenant_id = :t AND id = :id").param("t", a.tenantId().value()).param("id", id).update();
        events.publishEvent(new TelephonyEvents.SipAccountDeleted(actor, a, employee.login()));
    }

    /** The digest hashes the SIP edge checks a REGISTER or INVITE against: {@code md5hex:sha256hex}, sealed. */
    private static String ha1(String username, String realm, String password) {
        return SipPasswords.ha1Md5(username, realm, password) + ":" + SipPasswords.ha1Sha256(username, realm, password);
    }

    private static String username(@Nullable String requested, Employee employee) {
        String u = requested == null || requested.isBlank()
                ? (employee.extension() != null ? employee.extension() : employee.login().substring(0, employee.login().indexOf('@')))
                : requested.strip();
        u = u.toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(u).matches()) {
            throw ValidationFailedException.of("username", "sip.username",
                    "must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit, such as 101 or anna.ivanova");
        }
        return u;
    }

    private static final String SELECT = "SELECT tenant_id, id, employee_id, username, domain, created_at, password_changed_at FROM sip_accounts";

    private static SipAccount account(ResultSet rs) throws SQLException {
        return new SipAccount(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
