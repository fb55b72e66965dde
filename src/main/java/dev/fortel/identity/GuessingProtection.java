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
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    GuessingProtection(JdbcClient jdbc, GuessingProperties settings, Tenants tenants, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.tenants = tenants;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** One admitted attempt, to report back its outcome. */
    record Ticket(@Nullable Employee account, @Nullable String ip) {}

    /** The state an administrator sees. */
    record Status(int failures, @Nullable Instant lockedUntil, int lockCount, @Nullable Instant lastFailureAt,
            @Nullable String lastFailureIp, @Nullable Instant lastSuccessAt) {}

    /** Admits the attempt or throws {@link GuessingRefusal}; the refusal's reason goes to the journal only. */
    Ticket admit(@Nullable Employee account, @Nullable String ip) {
        Instant now = now();
        if (ip != null && !TenantContext.asPlatform(() -> transaction.execute(s -> admitAddress(ip, now)))) {
            throw new GuessingRefusal("ip_blocked");
        }
        if (account != null && !TenantContext.as(account.tenantId(), () -> transaction.execute(s -> admitAccount(account, ip, now)))) {
            throw new GuessingRefusal("locked");
        }
        return new Ticket(account, ip);
    }

    /** Whether {@code ip} is blocked now (without admitting an attempt): IP rules answer generically then. */
    boolean addressBlocked(@Nullable String ip) {
        Instant now = now();
        return ip != null && !TenantContext.asPlatform(() -> transaction.execute(s -> admitAddress(ip, now)));
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
                UPDATE account_guards SET failures = 0, window_started = NULL, lock_count = 0, last_success_at = :now
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
                UPDATE account_guards SET failures = 0, window_started = NULL, locked_until = NULL, lock_count = 0
                WHERE tenant_id = :t AND employee_id = :e AND locked_until > :now""")
                .param("t", tenant.value()).param("e", employee).param("now", ts(now())).update() > 0;
    }

    Optional<Status> status(TenantId tenant, UUID employee) {
        return jdbc.sql("""
                SELECT failures, window_started, locked_until, lock_count, last_failure_at, last_failure_ip, last_success_at
                FROM account_guards WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant.value()).param("e", employee)
                .query((rs, n) -> {
                    Instant now = now();
                    Instant window = instant(rs.getObject("window_started", OffsetDateTime.class));
                    boolean windowOpen = window != null && window.plus(settings.accountWindow()).isAfter(now);
                    Instant locked = instant(rs.getObject("locked_until", OffsetDateTime.class));
                    return new Status(windowOpen ? rs.getInt("failures") : 0, locked != null && locked.isAfter(now) ? locked : null,
                            rs.getInt("lock_count"), instant(rs.getObject("last_failure_at", OffsetDateTime.class)),
                            rs.getString("last_failure_ip"), instant(rs.getObject("last_success_at", OffsetDateTime.class)));
                }).optional();
    }

    private boolean admitAccount(Employee e, @Nullable String ip, Instant now) {
        jdbc.sql("INSERT INTO account_guards (tenant_id, employee_id, failures, lock_count) VALUES (:t, :e, 0, 0) ON CONFLICT DO NOTHING")
                .param("t", e.tenantId().value()).param("e", e.id()).update();
        Guard g = jdbc.sql("SELECT failures, window_started, locked_until FROM account_guards WHERE tenant_id = :t AND employee_id = :e FOR UPDATE")
                .param("t", e.tenantId().value()).param("e", e.id())
                .query((rs, n) -> new Guard(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), instant(rs.getObject(3, OffsetDateTime.class))))
                .single();
        if (g.lockedUntil() != null && g.lockedUntil().isAfter(now)) {
            return false;
        }
        boolean windowOpen = g.windowStarted() != null && g.windowStarted().plus(settings.accountWindow()).isAfter(now);
        int failures = windowOpen ? g.failures() : 0;
        if (failures >= settings.accountMaxFailures()) {
            // Attempts admitted earlier are still being checked; their outcome decides whether this locks.
            return false;
        }
        jdbc.sql("UPDATE account_guards SET failures = :f, window_started = :w WHERE tenant_id = :t AND employee_id = :e")
                .param("f", failures + 1).param("w", ts(windowOpen ? g.windowStarted() : now))
                .param("t", e.tenantId().value()).param("e", e.id()).update();
        return true;
    }

    private void lockIfDue(Employee e, @Nullable String ip, Instant now) {
        Guard g = jdbc.sql("SELECT failures, window_started, locked_until, lock_count FROM account_guards WHERE tenant_id = :t AND employee_id = :e FOR UPDATE")
                .param("t", e.tenantId().value()).param("e", e.id())
                .query((rs, n) -> new Guard(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), instant(rs.getObject(3, OffsetDateTime.class)),
                        rs.getInt(4)))
                .optional().orElse(null);
        if (g == null) {
            return;
        }
        jdbc.sql("UPDATE account_guards SET last_failure_at = :now, last_failure_ip = :ip WHERE tenant_id = :t AND employee_id = :e")
                .param("now", ts(now)).param("ip", ip).param("t", e.tenantId().value()).param("e", e.id()).update();
        boolean alreadyLocked = g.lockedUntil() != null && g.lockedUntil().isAfter(now);
        if (alreadyLocked || g.failures() < settings.accountMaxFailures()) {
            return;
        }
        Duration length = lockLength(g.lockCount());
        Instant until = now.plus(length).truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                UPDATE account_guards SET locked_until = :until, lock_count = lock_count + 1, failures = 0, window_started = NULL
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("until", ts(until)).param("t", e.tenantId().value()).param("e", e.id()).update();
        events.publishEvent(new IdentityEvents.AccountLocked(e.tenantId(), e.id(), e.login(), until, g.failures(), g.lockCount() + 1, ip));
    }

    /** The n-th lock (from 0) lasts the first lock's length doubled n times, capped. */
    Duration lockLength(int previousLocks) {
        Duration length = settings.accountLock();
        for (int i = 0; i < previousLocks && length.compareTo(settings.accountLockMax()) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(settings.accountLockMax()) > 0 ? settings.accountLockMax() : length;
    }

    private boolean admitAddress(String ip, Instant now) {
        Instant blocked = jdbc.sql("SELECT blocked_until FROM ip_guards WHERE ip = :ip").param("ip", ip)
                .query((rs, n) -> instant(rs.getObject(1, OffsetDateTime.class))).optional().orElse(null);
        return blocked == null || !blocked.isAfter(now);
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

    private record Guard(int failures, @Nullable Instant windowStarted, @Nullable Instant lockedUntil, int lockCount) {
        Guard(int failures, @Nullable Instant windowStarted, @Nullable Instant lockedUntil) {
            this(failures, windowStarted, lockedUntil, 0);
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
