package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time links through which a person chooses their own password: the provider operator's setup link
 * at first start, a new employee's or tenant owner's activation link, and a password reset link. No password
 * is ever generated, printed or mailed (the lesson of the second seed): links are. A link is single-use,
 * expires ({@code fortel.activation-lifetime}; resets {@code fortel.password-reset-lifetime}), and is stored
 * only as a hash.
 */
@Service
public class Activations {

    public static final String SETUP = "SETUP";
    public static final String ACTIVATION = "ACTIVATION";
    /** A link to choose a new password for an account that had one (an administrator's reset, or "forgot password"). */
    public static final String RESET = "RESET";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Employees employees;
    private final Credentials credentials;
    private final ApiTokens tokens;
    private final ConsoleSessions consoleSessions;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder encoder;
    private final FortelProperties properties;
    private final ResetLinkProperties resetLinks;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final dev.fortel.identity.ldap.DirectoryBind directoryBind;

    Activations(JdbcClient jdbc, Employees employees, Credentials credentials, ApiTokens tokens, ConsoleSessions consoleSessions,
            PasswordPolicy passwordPolicy, PasswordEncoder encoder, FortelProperties properties, ResetLinkProperties resetLinks,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock,
            dev.fortel.identity.ldap.DirectoryBind directoryBind) {
        this.directoryBind = directoryBind;
        this.resetLinks = resetLinks;
        this.tokens = tokens;
        this.consoleSessions = consoleSessions;
        this.passwordPolicy = passwordPolicy;
        this.jdbc = jdbc;
        this.employees = employees;
        this.credentials = credentials;
        this.encoder = encoder;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What a valid link is for, to show on its page. */
    public record Pending(TenantId tenantId, UUID employeeId, String login, String displayName, String purpose, Instant expiresAt) {}

    /** Issues a link in the caller's transaction and returns its secret token (shown once). */
    public String issue(TenantId tenant, UUID employee, String purpose) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                INSERT INTO activation_tokens (token_hash, tenant_id, employee_id, purpose, created_at, expires_at)
                VALUES (:h, :t, :e, :p, :now, :exp)""")
                .param("h", ApiTokens.sha256(token)).param("t", tenant.value()).param("e", employee).param("p", purpose)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("exp", OffsetDateTime.ofInstant(now.plus(lifetime(purpose)), ZoneOffset.UTC)).update();
        return token;
    }

    /** How long a link issued now for this purpose stays valid. */
    public Duration lifetime(String purpose) {
        return RESET.equals(purpose) ? resetLinks.passwordResetLifetime() : properties.activationLifetime();
    }

    /**
     * Ends an account's access at once, in the caller's transaction: its password stops working, its API tokens
     * are revoked and its console sessions end on every device (an administrator's password reset: whoever knew
     * the old password is out). Until a new link is used the account cannot sign in.
     *
     * @return whether a password was removed
     */
    public boolean revokeAccess(Employee employee, String reason) {
        boolean hadPassword = credentials.delete(employee.tenantId(), employee.id());
        int revoked = tokens.revokeAll(employee.tenantId(), employee.id());
        if (revoked > 0) {
            events.publishEvent(new IdentityEvents.ApiTokensRevoked(employee.tenantId(), employee.id(), revoked, reason));
        }
        int ended = consoleSessions.endAll(employee.login());
        if (ended > 0) {
            events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(employee.tenantId(), employee.id(), ended, reason));
        }
        return hadPassword;
    }

    /** Invalidates the unused links of an employee, so only the newest link works. */
    public void withdraw(TenantId tenant, UUID employee) {
        jdbc.sql("UPDATE activation_tokens SET used_at = :now WHERE tenant_id = :t AND employee_id = :e AND used_at IS NULL")
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("t", tenant.value()).param("e", employee).update();
    }

    public Optional<Pending> find(String token) {
        if (token.length() > 100) {
            return Optional.empty();
        }
        return TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT tenant_id, employee_id, purpose, expires_at FROM activation_tokens
                        WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now""")
                .param("h", ApiTokens.sha256(token)).param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .query((rs, n) -> new Object[] {TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()})
                .optional()
                .flatMap(row -> employees.find((TenantId) row[0], (UUID) row[1]).map(e -> new Pending(e.tenantId(), e.id(), e.login(),
                        e.displayName(), (String) row[2], (Instant) row[3]))));
    }

    /**
     * Sets the password and uses up the link, atomically: of two concurrent uses exactly one succeeds.
     *
     * @throws ValidationFailedException with field {@code token} for an unknown, used or expired link, or
     *     {@code password} for a password that breaks the rules
     */
    public Pending complete(String token, String password, RequestOrigin origin) {
        Pending pending = find(token).orElseThrow(() -> ValidationFailedException.of("token", "link.invalid",
                "this link is unknown, already used or expired; ask your administrator for a new one"));
        passwordPolicy.check(new PasswordPolicy.Holder(pending.tenantId(), pending.employeeId(), pending.login(), pending.displayName()),
                password);
        String hash = encoder.encode(password);
        return TenantContext.as(pending.tenantId(), () -> transaction.execute(status -> {
            int used = jdbc.sql("UPDATE activation_tokens SET used_at = :now WHERE token_hash = :h AND used_at IS NULL")
                    .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("h", ApiTokens.sha256(token)).update();
            if (used != 1) {
                throw ValidationFailedException.of("token", "link.invalid",
                        "this link is unknown, already used or expired; ask your administrator for a new one");
            }
            credentials.set(pending.tenantId(), pending.employeeId(), hash, clock.instant().truncatedTo(ChronoUnit.MICROS));
            // The other open links of this account (an older reset mail, say) would replace the password just chosen.
            withdraw(pending.tenantId(), pending.employeeId());
            // A link used as a password reset ends the API tokens issued under the old password.
            int revoked = tokens.revokeAll(pending.tenantId(), pending.employeeId());
            if (revoked > 0) {
                events.publishEvent(new IdentityEvents.ApiTokensRevoked(pending.tenantId(), pending.employeeId(), revoked, "password_reset"));
            }
            int ended = consoleSessions.endAll(pending.login());
            if (ended > 0) {
                events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(pending.tenantId(), pending.employeeId(), ended, "password_reset"));
            }
            events.publishEvent(new IdentityEvents.AccountActivated(pending.tenantId(), pending.employeeId(), pending.login(),
                    pending.purpose().toLowerCase(java.util.Locale.ROOT), origin.ip(), origin.userAgent()));
            return pending;
        }));
    }

    /** The company's password rules in readable form, for the page where a password is chosen. */
    public java.util.List<dev.fortel.platform.LocalizedMessage> passwordRules(TenantId tenant) {
        return passwordPolicy.describe(tenant);
    }

    /** Whether the employee has chosen a password (and so can sign in, if active). */
    public boolean hasPassword(Employee employee) {
        return credentials.hash(employee.tenantId(), employee.id()).isPresent();
    }

    /**
     * Whether the company's directory checks this employee's password (identity.ldap): such an account has no
     * password in Fortel, so no link can give it one; the password is changed in the directory.
     */
    public boolean directoryAccount(Employee employee) {
        return directoryBind.linked(employee.tenantId(), employee.id());
    }

    /** Sets a password directly, for automated bootstrap only; the caller journals it. */
    public void setPassword(Employee employee, String password) {
        passwordPolicy.check(new PasswordPolicy.Holder(employee.tenantId(), employee.id(), employee.login(), employee.displayName()),
                password);
        credentials.set(employee.tenantId(), employee.id(), encoder.encode(password), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
