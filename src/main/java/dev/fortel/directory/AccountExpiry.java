package dev.fortel.directory;

import dev.fortel.tenancy.TenantContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records the end of temporary accounts' lifetimes. Sign-in already refuses an expired account at the
 * moment it expires (the check reads the expiry on every sign-in and request); this job makes the expiry a
 * journaled fact and lets the sign-in module end sessions and tokens, in one transaction per account.
 * Several nodes may run it at once: marking the expiry is a conditional update, so each is recorded once.
 */
@Component
class AccountExpiry {

    private static final int BATCH = 200;

    private final Employees employees;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AccountExpiry(Employees employees, ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.employees = employees;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${fortel.account-expiry-check:PT1M}", initialDelayString = "${fortel.account-expiry-check:PT1M}")
    void scheduled() {
        recordExpired();
    }

    /** Returns how many expiries were recorded. */
    int recordExpired() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Employees.Expired> due = TenantContext.asPlatform(() -> employees.expiredUnrecorded(now, BATCH));
        int recorded = 0;
        for (Employees.Expired e : due) {
            Boolean done = TenantContext.as(e.tenantId(), () -> transaction.execute(status -> {
                if (!employees.recordExpiry(e, now)) {
                    return false;
                }
                events.publishEvent(new DirectoryEvents.EmployeeExpired(e.tenantId(), e.id(), e.login(), e.expiresAt()));
                return true;
            }));
            recorded += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return recorded;
    }
}
