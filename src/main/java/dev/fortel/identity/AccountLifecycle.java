package dev.fortel.identity;

import dev.fortel.directory.DirectoryEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends an employee's API tokens when the account is disabled, inside the same transaction, so a disabled
 * account cannot keep calling the API with a token issued before. Console sessions are re-checked on
 * every request by {@link SubjectRefreshFilter}.
 */
@Component
class AccountLifecycle {

    private final ApiTokens tokens;
    private final ApplicationEventPublisher events;

    AccountLifecycle(ApiTokens tokens, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.events = events;
    }

    @EventListener
    void on(DirectoryEvents.EmployeeDisabled disabled) {
        int n = tokens.revokeAll(disabled.tenantId(), disabled.employeeId());
        if (n > 0) {
            events.publishEvent(new IdentityEvents.ApiTokensRevoked(disabled.tenantId(), disabled.employeeId(), n, "account_disabled"));
        }
    }
}
