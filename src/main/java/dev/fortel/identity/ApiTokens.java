package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API sign-in tokens: the REST API's sessions. 256 random bits, shown once, stored only as SHA-256 (a fast
 * hash is right here: the token has full entropy, so there is nothing to brute-force, and every API
 * request verifies one).
 *
 * <p>A token obeys its company's session settings like a console session: it expires at the earlier of
 * {@code fortel.api-token-lifetime} and the absolute lifetime (checked again on use, so a shortened
 * lifetime applies to tokens already issued), and it is refused once unused for longer than the idle
 * timeout. The last use is written at most once a minute (or every half idle timeout, if that is
 * shorter), so a busy script does not turn each request into a write; a token therefore counts as idle
 * only after the idle timeout plus that interval, never before.
 */
@Component
class ApiTokens {

    static final String PREFIX = "ft_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final FortelProperties properties;
    private final SignInPolicies policies;
    private final Accounts accounts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, FortelProperties properties, SignInPolicies policies, Accounts accounts, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.policies = policies;
        this.accounts = accounts;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    record Issued(String token, String ref, Instant expiresAt) {}

    /** A live token as the session list shows it. */
    record Live(String ref, @Nullable String ip, @Nullable String userAgent, Instant createdAt, Instant lastUsedAt,
            @Nullable String lastUsedIp, Instant expiresAt) {}

    private record Row(TenantId tenantId, UUID employeeId, String ref, Instant createdAt, Instant expiresAt, @Nullable Instant revokedAt,
            @Nullable Instant lastUsedAt, @Nullable String ip, @Nullable String userAgent, @Nullable String lastUsedIp,
            @Nullable Instant secondFactorAt) {

        Instant lastUsed() {
            return lastUsedAt == null ? createdAt : lastUsedAt;
        }
    }

    /** Issues a token and journals the sign-in in one transaction; runs in the subject's tenant. */
    @Transactional
    Issued issue(Subject subject, RequestOrigin origin) {
        return issue(subject, origin, null);
    }

    /**
     * @param secondFactor the second factor proven with this sign-in ({@code totp}, {@code recovery_code}), or
     *     {@code null}; the token then counts as stepped up from now
     */
    @Transactional
    Issued issue(Subject subject, RequestOrigin origin, @Nullable String secondFactor) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String ref = sha256(token).substring(0, 12);
        Instant now = now();
        Duration absolute = policies.of(subject.tenantId()).sessions().absoluteLifetime();
        Duration lifetime = properties.apiTokenLifetime().compareTo(absolute) < 0 ? properties.apiTokenLifetime() : absolute;
        Instant expires = now.plus(lifetime);
        jdbc.sql("""
                INSERT INTO api_tokens (token_hash, ref, tenant_id, employee_id, created_at, expires_at, ip, user_agent, last_used_at, last_used_ip,
                    second_factor_at)
                VALUES (:h, :ref, :t, :e, :now, :exp, :ip, :ua, :now, :ip, :factorAt)""")
                .param("h", sha256(token)).param("ref", ref).param("t", subject.tenantId().value()).param("e", subject.employeeId())
                .param("now", ts(now)).param("exp", ts(expires))
                .param("ip", origin.ip()).param("ua", origin.userAgent()).param("factorAt", secondFactor == null ? null : ts(now)).update();
        events.publishEvent(new IdentityEvents.SignInSucceeded(subject.withSessionRef("api:" + ref),
                secondFactor == null ? "api_token" : "api_token+" + secondFactor, origin.ip(), origin.userAgent()));
        return new Issued(token, ref, expires);
    }

    /**
     * Decides on a presented sign-in token: unknown, revoked, expired (by its expiry, the company's absolute
     * lifetime or idle timeout), its account unable to sign in, or accepted with the account's current rights.
     * Looked up platform-wide, as the token names its tenant; everything after runs in that tenant.
     */
    TokenVerdict authenticate(String token, RequestOrigin origin) {
        if (!token.startsWith(PREFIX) || token.length() > 64) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        String hash = sha256(token);
        Optional<Row> found = TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT tenant_id, employee_id, ref, created_at, expires_at, revoked_at, last_used_at, ip, user_agent, last_used_ip,
                            second_factor_at
                        FROM api_tokens WHERE token_hash = :h""")
                .param("h", hash).query((rs, n) -> row(rs)).optional());
        if (found.isEmpty()) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        Row row = found.get();
        Instant now = now();
        if (row.revokedAt() != null) {
            return TokenVerdict.Refused.REVOKED;
        }
        if (!row.expiresAt().isAfter(now)) {
            return TokenVerdict.Refused.EXPIRED;
        }
        Optional<Employee> employee = accounts.current(row.tenantId(), row.employeeId());
        if (employee.isEmpty() || !employee.get().canSignIn(now)) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        SignInPolicy.Sessions limits = TenantContext.as(row.tenantId(), () -> policies.of(row.tenantId()).sessions());
        String reason = outlived(row, limits, now);
        if (reason != null) {
            expire(row, hash, employee.get(), reason, origin, now);
            return TokenVerdict.Refused.EXPIRED;
        }
        touch(row, hash, limits, origin, now);
        Subject subject = TenantContext.as(row.tenantId(), () -> accounts.subjectOf(employee.get())).withSessionRef("api:" + row.ref());
        return new TokenVerdict.Accepted(subject, row.secondFactorAt());
    }

    /** Records a step-up on the token in use: sensitive actions are open to it for the company's step-up time. */
    void steppedUp(String token, Subject subject) {
        TenantContext.as(subject.tenantId(), () -> transaction.executeWithoutResult(status -> jdbc.sql(
                "UPDATE api_tokens SET second_factor_at = :now WHERE token_hash = :h AND tenant_id = :t AND employee_id = :e")
                .param("now", ts(now())).param("h", sha256(token)).param("t", subject.tenantId().value()).param("e", subject.employeeId())
                .update()));
    }

    /** Why a live token has outlived the company's session settings, or {@code null} while it has not. */
    private static @Nullable String outlived(Row row, SignInPolicy.Sessions limits, Instant now) {
        if (!row.createdAt().plus(limits.absoluteLifetime()).isAfter(now)) {
            return "absolute_lifetime";
        }
        if (now.isAfter(row.lastUsed().plus(limits.idleTimeout()).plus(touchInterval(limits)))) {
            return "idle_timeout";
        }
        return null;
    }

    /** Ends the token by moving its expiry to now; only the request that does so journals it, so it is journaled once. */
    private void expire(Row row, String hash, Employee employee, String reason, RequestOrigin origin, Instant now) {
        TenantContext.as(row.tenantId(), () -> transaction.executeWithoutResult(status -> {
            int ended = jdbc.sql("UPDATE api_tokens SET expires_at = :now WHERE token_hash = :h AND revoked_at IS NULL AND expires_at > :now")
                    .param("now", ts(now)).param("h", hash).update();
            if (ended == 1) {
                events.publishEvent(new IdentityEvents.SessionExpired(row.tenantId(), row.employeeId(), employee.login(), "api:" + row.ref(),
                        reason, origin.ip(), origin.userAgent()));
            }
        }));
    }

    /** Records the use when the last record is older than the write interval (or the address changed). */
    private void touch(Row row, String hash, SignInPolicy.Sessions limits, RequestOrigin origin, Instant now) {
        Instant threshold = now.minus(touchInterval(limits));
        boolean stale = row.lastUsedAt() == null || row.lastUsedAt().isBefore(threshold);
        boolean moved = origin.ip() != null && !origin.ip().equals(row.lastUsedIp());
        if (!stale && !moved) {
            return;
        }
        TenantContext.as(row.tenantId(), () -> jdbc.sql("UPDATE api_tokens SET last_used_at = :now, last_used_ip = :ip WHERE token_hash = :h")
                .param("now", ts(now)).param("ip", origin.ip()).param("h", hash).update());
    }

    private static Duration touchInterval(SignInPolicy.Sessions limits) {
        Duration half = limits.idleTimeout().dividedBy(2);
        return half.compareTo(TOUCH_INTERVAL) < 0 ? half : TOUCH_INTERVAL;
    }

    /** The employee's tokens that still work under the company's settings, newest use first. Runs in the caller's tenant. */
    List<Live> live(TenantId tenant, UUID employee) {
        Instant now = now();
        SignInPolicy.Sessions limits = policies.of(tenant).sessions();
        return jdbc.sql("""
                        SELECT tenant_id, employee_id, ref, created_at, expires_at, revoked_at, last_used_at, ip, user_agent, last_used_ip,
                            second_factor_at
                        FROM api_tokens WHERE tenant_id = :t AND employee_id = :e AND revoked_at IS NULL AND expires_at > :now""")
                .param("t", tenant.value()).param("e", employee).param("now", ts(now))
                .query((rs, n) -> row(rs)).list().stream()
                .filter(r -> outlived(r, limits, now) == null)
                .map(r -> {
                    Instant absoluteEnd = r.createdAt().plus(limits.absoluteLifetime());
                    return new Live(r.ref(), r.ip(), r.userAgent(), r.createdAt(), r.lastUsed(), r.lastUsedIp(),
                            absoluteEnd.isBefore(r.expiresAt()) ? absoluteEnd : r.expiresAt());
                })
                .sorted(java.util.Comparator.comparing(Live::lastUsedAt).reversed())
                .toList();
    }

    /** Ends the caller's own token (API sign-out). */
    @Transactional
    boolean revoke(String token, Subject subject, RequestOrigin origin) {
        int n = jdbc.sql("UPDATE api_tokens SET revoked_at = :now WHERE token_hash = :h AND tenant_id = :t AND revoked_at IS NULL")
                .param("now", ts(now())).param("h", sha256(token))
                .param("t", subject.tenantId().value()).update();
        if (n > 0) {
            events.publishEvent(new IdentityEvents.SignedOut(subject, "api_token", origin.ip(), origin.userAgent()));
        }
        return n > 0;
    }

    /** Ends one live token of an employee by its public reference; runs in the caller's transaction. */
    boolean revoke(TenantId tenant, UUID employee, String ref) {
        return jdbc.sql("""
                        UPDATE api_tokens SET revoked_at = :now
                        WHERE tenant_id = :t AND employee_id = :e AND ref = :ref AND revoked_at IS NULL AND expires_at > :now""")
                .param("now", ts(now())).param("t", tenant.value()).param("e", employee).param("ref", ref).update() > 0;
    }

    /** Ends every live token of an employee (they were disabled or deleted); runs in the caller's transaction. */
    int revokeAll(TenantId tenant, UUID employee) {
        return revokeAllExcept(tenant, employee, null);
    }

    /** Ends every live token of an employee but the one with reference {@code keep} (the caller's own, at a password change). */
    int revokeAllExcept(TenantId tenant, UUID employee, @Nullable String keep) {
        return jdbc.sql("""
                        UPDATE api_tokens SET revoked_at = :now
                        WHERE tenant_id = :t AND employee_id = :e AND revoked_at IS NULL AND expires_at > :now AND ref <> :keep""")
                .param("now", ts(now())).param("t", tenant.value()).param("e", employee).param("keep", keep == null ? "" : keep)
                .update();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("employee_id", UUID.class), rs.getString("ref"),
                instant(rs.getObject("created_at", OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class)),
                instantOrNull(rs.getObject("revoked_at", OffsetDateTime.class)), instantOrNull(rs.getObject("last_used_at", OffsetDateTime.class)),
                rs.getString("ip"), rs.getString("user_agent"), rs.getString("last_used_ip"),
                instantOrNull(rs.getObject("second_factor_at", OffsetDateTime.class)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t.toInstant();
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
