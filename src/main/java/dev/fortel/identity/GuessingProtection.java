package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts failed sign-ins per account and per source address in the database and refuses attempts while
 * an account is locked or an address blocked.
 *
 * <p>An attempt on an account is admitted under a row lock on the account's counter and counted as a
 * failure <em>before</em> its password is checked; a success then resets the counter. So however many
 * attempts arrive in parallel, each is counted, and no more than the threshold ever reach the password
 * check in one window (a lock cannot be outrun by a burst).
 */
@Component
class GuessingProtection {

    private final JdbcClient jdbc;
    private final GuessingProperties settings;
    private final SignInPolicies policies;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    GuessingProtection(JdbcClient jdbc, GuessingProperties settings, SignInPolicies policies, Tenants tenants,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.policies = policies;
        this.tenants = tenants;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** One admitted attempt, to report back its outcome. */
    record Ticket(@Nullable Employee account, @Nullable String ip) {}

    /**
     * The state an administrator sees.
     *
     * @param failures failures in the current counting window
     * @param lockedUntil the end of a temporary lock in force
     * @param lockedPermanently a lock that lasts until an administrator unlocks (the company's permanent mode)
     * @param failuresSinceSuccess every failure since the last successful sign-in, across windows and locks
     * @param recentFailureIps the latest distinct source addresses of failures, newest first
     */
    record Status(int failures, @Nullable Instant lockedUntil, boolean lockedPermanently, int lockCount, @Nullable Instant lastFailureAt,
            @Nullable String lastFailureIp, @Nullable Instant lastSuccessAt, int failuresSinceSuccess, List<String> recentFailureIps) {

        public boolean locked() {
            return lockedPermanently || lockedUntil != null;
        }
    }

    /** Admits the attempt or throws {@link GuessingRefusal}; the refusal's reason goes to the journal only. */
    Ticket admit(@Nullable Employee account, @Nullable String ip) {
        Instant now = now();
        String refusal = ip == null ? null : TenantContext.asPlatform(() -> transaction.execute(s -> admitAddress(ip, now)));
        if (refusal != null) {
            throw new GuessingRefusal(refusal);
        }
        if (account != null && !TenantContext.as(account.tenantId(), () -> transaction.execute(s -> admitAccount(account, ip, now)))) {
            throw new GuessingRefusal("locked");
        }
        return new Ticket(account, ip);
    }

    /** Whether {@code ip} is blocked now (without admitting an attempt): IP rules answer generically then. */
    boolean addressBlocked(@Nullable String ip) {
        if (ip == null) {
            return false;
        }
        Instant now = now();
        // Read only: asking must not take the address's throttle slot, which the attempt itself claims in admit.
        Instant blocked = TenantContext.asPlatform(() -> jdbc.sql("SELECT blocked_until FROM ip_guards WHERE ip = :ip").param("ip", ip)
                .query((rs, n) -> instant(rs.getObject(1, OffsetDateTime.class))).optional().orElse(null));
        return blocked != null && blocked.isAfter(now);
    }

    /**
     * Counts an attempt that IP rules refused as a failure of its address: the refusal says that the login
     * exists, so it must not be askable faster than a password guess.
     */
    void addressRefused(@Nullable String ip) {
        if (ip != null) {
            Instant now = now();
            TenantContext.asPlatform(() -> transaction.executeWithoutResult(s -> countAddressFailure(ip, now)));
        }
    }

    void succeeded(Ticket ticket) {
        if (ticket.account() == null) {
            return;
        }
        Employee e = ticket.account();
        TenantContext.as(e.tenantId(), () -> transaction.executeWithoutResult(s -> jdbc.sql("""
                UPDATE account_guards SET failures = 0, window_started = NULL, lock_count = 0, last_success_at = :now,
                    failures_since_success = 0
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("now", ts(now())).param("t", e.tenantId().value()).param("e", e.id()).update()));
    }

    void failed(Ticket ticket) {
        Instant now = now();
        if (ticket.account() != null) {
            Employee e = ticket.account();
            TenantContext.as(e.tenantId(), () -> transaction.executeWithoutResult(s -> lockIfDue(e, ticket.ip(), now)));
        }
        if (ticket.ip() != null) {
            TenantContext.asPlatform(() -> transaction.executeWithoutResult(s -> countAddressFailure(ticket.ip(), now)));
        }
    }

    /** Ends a lock early and clears the counter (an administrator's unlock). Returns whether it was locked. */
    boolean unlock(TenantId tenant, UUID employee) {
        return jdbc.sql("""
                UPDATE account_guards SET failures = 0, window_started = NULL, locked_until = NULL, locked_permanently = FALSE, lock_count = 0
                WHERE tenant_id = :t AND employee_id = :e AND (locked_until > :now OR locked_permanently)""")
                .param("t", tenant.value()).param("e", employee).param("now", ts(now())).update() > 0;
    }

    Optional<Status> status(TenantId tenant, UUID employee) {
        return jdbc.sql("""
                SELECT employee_id, failures, window_started, locked_until, locked_permanently, lock_count, last_failure_at, last_failure_ip,
                       last_success_at, failures_since_success, recent_failure_ips
                FROM account_guards WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant.value()).param("e", employee)
                .query((rs, n) -> statusOf(rs, policies.of(tenant).lockout())).optional();
    }

    /** Every employee of the company with any sign-in history, for the failed-sign-in view. */
    Map<UUID, Status> statuses(TenantId tenant) {
        SignInPolicy.Lockout rules = policies.of(tenant).lockout();
        Map<UUID, Status> out = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT employee_id, failures, window_started, locked_until, locked_permanently, lock_count, last_failure_at, last_failure_ip,
                       last_success_at, failures_since_success, recent_failure_ips
                FROM account_guards WHERE tenant_id = :t""")
                .param("t", tenant.value())
                .query(rs -> {
                    out.put(rs.getObject("employee_id", UUID.class), statusOf(rs, rules));
                });
        return out;
    }

    private Status statusOf(java.sql.ResultSet rs, SignInPolicy.Lockout rules) throws java.sql.SQLException {
        Instant now = now();
        Instant window = instant(rs.getObject("window_started", OffsetDateTime.class));
        boolean windowOpen = window != null && window.plus(rules.window()).isAfter(now);
        Instant locked = instant(rs.getObject("locked_until", OffsetDateTime.class));
        String ips = rs.getString("recent_failure_ips");
        return new Status(windowOpen ? rs.getInt("failures") : 0, locked != null && locked.isAfter(now) ? locked : null,
                rs.getBoolean("locked_permanently"), rs.getInt("lock_count"), instant(rs.getObject("last_failure_at", OffsetDateTime.class)),
                rs.getString("last_failure_ip"), instant(rs.getObject("last_success_at", OffsetDateTime.class)),
                rs.getInt("failures_since_success"), ips == null || ips.isBlank() ? List.of() : List.of(ips.split(",")));
    }

    private boolean admitAccount(Employee e, @Nullable String ip, Instant now) {
        jdbc.sql("INSERT INTO account_guards (tenant_id, employee_id, failures, lock_count) VALUES (:t, :e, 0, 0) ON CONFLICT DO NOTHING")
                .param("t", e.tenantId().value()).param("e", e.id()).update();
        Guard g = jdbc.sql("""
                        SELECT failures, window_started, locked_until, lock_count, locked_permanently FROM account_guards
                        WHERE tenant_id = :t AND employee_id = :e FOR UPDATE""")
                .param("t", e.tenantId().value()).param("e", e.id())
                .query((rs, n) -> new Guard(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), instant(rs.getObject(3, OffsetDateTime.class)),
                        rs.getInt(4), rs.getBoolean(5)))
                .single();
        if (g.permanent() || g.lockedUntil() != null && g.lockedUntil().isAfter(now)) {
            return false;
        }
        if (g.lockedUntil() != null) {
            // A temporary lock ran out since the last attempt: record its end once, then admit.
            jdbc.sql("UPDATE account_guards SET locked_until = NULL WHERE tenant_id = :t AND employee_id = :e")
                    .param("t", e.tenantId().value()).param("e", e.id()).update();
            events.publishEvent(new IdentityEvents.AccountLockEnded(e.tenantId(), e.id(), e.login(), g.lockedUntil()));
        }
        SignInPolicy.Lockout rules = policies.of(e.tenantId()).lockout();
        boolean windowOpen = g.windowStarted() != null && g.windowStarted().plus(rules.window()).isAfter(now);
        int failures = windowOpen ? g.failures() : 0;
        if (failures >= rules.maxFailures()) {
            // Attempts admitted earlier are still being checked; their outcome decides whether this locks.
            return false;
        }
        jdbc.sql("UPDATE account_guards SET failures = :f, window_started = :w WHERE tenant_id = :t AND employee_id = :e")
                .param("f", failures + 1).param("w", ts(windowOpen ? g.windowStarted() : now))
                .param("t", e.tenantId().value()).param("e", e.id()).update();
        return true;
    }

    private void lockIfDue(Employee e, @Nullable String ip, Instant now) {
        Guard g = jdbc.sql("""
                        SELECT failures, window_started, locked_until, lock_count, locked_permanently, recent_failure_ips FROM account_guards
                        WHERE tenant_id = :t AND employee_id = :e FOR UPDATE""")
                .param("t", e.tenantId().value()).param("e", e.id())
                .query((rs, n) -> new Guard(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), instant(rs.getObject(3, OffsetDateTime.class)),
                        rs.getInt(4), rs.getBoolean(5), rs.getString(6)))
                .optional().orElse(null);
        if (g == null) {
            return;
        }
        jdbc.sql("""
                UPDATE account_guards SET last_failure_at = :now, last_failure_ip = :ip, failures_since_success = failures_since_success + 1,
                    recent_failure_ips = :ips
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("now", ts(now)).param("ip", ip).param("ips", recentIps(g.recentIps(), ip))
                .param("t", e.tenantId().value()).param("e", e.id()).update();
        SignInPolicy.Lockout rules = policies.of(e.tenantId()).lockout();
        boolean alreadyLocked = g.permanent() || g.lockedUntil() != null && g.lockedUntil().isAfter(now);
        if (alreadyLocked || g.failures() < rules.maxFailures()) {
            return;
        }
        boolean permanent = rules.mode() == SignInPolicy.LockMode.PERMANENT;
        Instant until = permanent ? null : now.plus(lockLength(rules, g.lockCount())).truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                UPDATE account_guards SET locked_until = :until, locked_permanently = :permanent, lock_count = lock_count + 1, failures = 0,
                    window_started = NULL
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("until", ts(until)).param("permanent", permanent).param("t", e.tenantId().value()).param("e", e.id()).update();
        events.publishEvent(new IdentityEvents.AccountLocked(e.tenantId(), e.id(), e.login(), until, g.failures(), g.lockCount() + 1, ip));
    }

    /** The latest distinct failure addresses, newest first, at most five (enough to tell one attacker from many). */
    static @Nullable String recentIps(@Nullable String stored, @Nullable String ip) {
        if (ip == null) {
            return stored;
        }
        List<String> ips = new ArrayList<>();
        ips.add(ip);
        if (stored != null && !stored.isBlank()) {
            for (String old : stored.split(",")) {
                if (!old.equals(ip) && ips.size() < 5) {
                    ips.add(old);
                }
            }
        }
        return String.join(",", ips);
    }

    /** The n-th lock (from 0) lasts the first lock's length doubled n times, capped. */
    static Duration lockLength(SignInPolicy.Lockout rules, int previousLocks) {
        Duration length = rules.lock();
        for (int i = 0; i < previousLocks && length.compareTo(rules.lockMax()) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(rules.lockMax()) > 0 ? rules.lockMax() : length;
    }

    /** Records the end of temporary locks that ran out with nobody trying again (run by the scheduler). */
    int endExpiredLocks() {
        Instant now = now();
        record Ended(TenantId tenant, UUID employee, Instant until) {}
        List<Ended> ended = TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT tenant_id, employee_id, locked_until FROM account_guards
                        WHERE locked_until IS NOT NULL AND locked_until <= :now AND NOT locked_permanently""")
                .param("now", ts(now))
                .query((rs, n) -> new Ended(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list());
        int count = 0;
        for (Ended x : ended) {
            Boolean done = TenantContext.as(x.tenant(), () -> transaction.execute(s -> {
                int n = jdbc.sql("""
                        UPDATE account_guards SET locked_until = NULL
                        WHERE tenant_id = :t AND employee_id = :e AND locked_until = :until AND NOT locked_permanently""")
                        .param("t", x.tenant().value()).param("e", x.employee()).param("until", ts(x.until())).update();
                if (n == 1) {
                    String login = jdbc.sql("SELECT login FROM employees WHERE tenant_id = :t AND id = :e")
                            .param("t", x.tenant().value()).param("e", x.employee()).query(String.class).optional().orElse("");
                    events.publishEvent(new IdentityEvents.AccountLockEnded(x.tenant(), x.employee(), login, x.until()));
                }
                return n == 1;
            }));
            count += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return count;
    }

    /**
     * Null when the address may try, else why not: {@code ip_blocked} during a block; {@code ip_throttled} when,
     * past the throttle threshold in the current window, it tries again sooner than the throttle interval
     * (spraying slows to a crawl well before the block). The throttle claim is one conditional update, so
     * parallel attempts cannot all pass through the same interval.
     */
    private @Nullable String admitAddress(String ip, Instant now) {
        record Row(@Nullable Instant blockedUntil, int failures, @Nullable Instant windowStarted) {}
        Row row = jdbc.sql("SELECT blocked_until, failures, window_started FROM ip_guards WHERE ip = :ip").param("ip", ip)
                .query((rs, n) -> new Row(instant(rs.getObject(1, OffsetDateTime.class)), rs.getInt(2), instant(rs.getObject(3, OffsetDateTime.class))))
                .optional().orElse(null);
        if (row == null) {
            return null;
        }
        if (row.blockedUntil() != null && row.blockedUntil().isAfter(now)) {
            return "ip_blocked";
        }
        boolean windowOpen = row.windowStarted() != null && row.windowStarted().plus(settings.ipWindow()).isAfter(now);
        if (!windowOpen || row.failures() < settings.ipThrottleAfter()) {
            return null;
        }
        int claimed = jdbc.sql("""
                UPDATE ip_guards SET last_attempt_at = :now
                WHERE ip = :ip AND (last_attempt_at IS NULL OR last_attempt_at <= :earliest)""")
                .param("now", ts(now)).param("ip", ip).param("earliest", ts(now.minus(settings.ipThrottleInterval()))).update();
        return claimed == 1 ? null : "ip_throttled";
    }

    private void countAddressFailure(String ip, Instant now) {
        jdbc.sql("INSERT INTO ip_guards (ip, failures, window_started) VALUES (:ip, 0, :now) ON CONFLICT DO NOTHING")
                .param("ip", ip).param("now", ts(now)).update();
        Guard g = jdbc.sql("SELECT failures, window_started, blocked_until FROM ip_guards WHERE ip = :ip FOR UPDATE").param("ip", ip)
                .query((rs, n) -> new Guard(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), instant(rs.getObject(3, OffsetDateTime.class))))
                .single();
        boolean windowOpen = g.windowStarted() != null && g.windowStarted().plus(settings.ipWindow()).isAfter(now);
        int failures = (windowOpen ? g.failures() : 0) + 1;
        if (failures >= settings.ipMaxFailures()) {
            Instant until = now.plus(settings.ipBlock()).truncatedTo(ChronoUnit.MICROS);
            jdbc.sql("UPDATE ip_guards SET failures = 0, window_started = :now, blocked_until = :until WHERE ip = :ip")
                    .param("now", ts(now)).param("until", ts(until)).param("ip", ip).update();
            tenants.provider().ifPresent(p -> events.publishEvent(new IdentityEvents.AddressBlocked(p.id(), ip, until, failures)));
        } else {
            jdbc.sql("UPDATE ip_guards SET failures = :f, window_started = :w WHERE ip = :ip")
                    .param("f", failures).param("w", ts(windowOpen ? g.windowStarted() : now)).param("ip", ip).update();
        }
    }

    private record Guard(int failures, @Nullable Instant windowStarted, @Nullable Instant lockedUntil, int lockCount, boolean permanent,
            @Nullable String recentIps) {
        Guard(int failures, @Nullable Instant windowStarted, @Nullable Instant lockedUntil) {
            this(failures, windowStarted, lockedUntil, 0, false, null);
        }

        Guard(int failures, @Nullable Instant windowStarted, @Nullable Instant lockedUntil, int lockCount, boolean permanent) {
            this(failures, windowStarted, lockedUntil, lockCount, permanent, null);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static @Nullable OffsetDateTime ts(@Nullable Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
