package dev.fortel.identity;

import dev.fortel.directory.DirectoryEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends an employee's API tokens and console sessions when the account is disabled, inside the same
 * transaction, so a disabled account cannot keep calling the API with a token issued before or keep a
 * console open ({@link SubjectRefreshFilter} re-checks every request besides).
 */
@Component
class AccountLifecycle {

    private final ApiTokens tokens;
    private final ConsoleSessions consoleSessions;
    private final ApplicationEventPublisher events;

    AccountLifecycle(ApiTokens tokens, ConsoleSessions consoleSessions, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.consoleSessions = consoleSessions;
        this.events = events;
    }

    @EventListener
    void on(DirectoryEvents.EmployeeExpired expired) {
        int n = tokens.revokeAll(expired.tenantId(), expired.employeeId());
        if (n > 0) {
            events.publishEvent(new IdentityEvents.ApiTokensRevoked(expired.tenantId(), expired.employeeId(), n, "account_expired"));
        }
        int ended = consoleSessions.endAll(expired.login());
        if (ended > 0) {
            events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(expired.tenantId(), expired.employeeId(), ended, "account_expired"));
        }
    }

    @EventListener
    void on(DirectoryEvents.EmployeeDisabled disabled) {
        int n = tokens.revokeAll(disabled.tenantId(), disabled.employeeId());
        if (n > 0) {
            events.publishEvent(new IdentityEvents.ApiTokensRevoked(disabled.tenantId(), disabled.employeeId(), n, "account_disabled"));
        }
        int ended = consoleSessions.endAll(disabled.login());
        if (ended > 0) {
            events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(disabled.tenantId(), disabled.employeeId(), ended, "account_disabled"));
        }
    }

    /**
     * A deleted employee's API tokens and integration tokens go with the row (foreign keys cascade); the console
     * sessions live in the session store, so they are ended here.
     */
    @EventListener
    void on(DirectoryEvents.EmployeeDeleted deleted) {
        int ended = consoleSessions.endAll(deleted.login());
        if (ended > 0) {
            events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(deleted.tenantId(), deleted.employeeId(), ended, "account_deleted"));
        }
    }
}
