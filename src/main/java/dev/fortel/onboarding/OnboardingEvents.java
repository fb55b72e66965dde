package dev.fortel.onboarding;

import dev.fortel.tenancy.TenantId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

public final class OnboardingEvents {

    private OnboardingEvents() {}

    /** The provider's first operator was created at first start. */
    public record OperatorBootstrapped(TenantId tenantId, UUID employeeId, String login, String method) {}

    /** An administrator issued an employee a new activation link (the link itself is never recorded). */
    public record EmployeeInvited(TenantId tenantId, UUID employeeId, String login, boolean hadPassword) {}

    /** An activation link was issued for a company's owner (the link itself is never recorded). */
    public record OwnerInvited(TenantId tenantId, UUID employeeId, String login, String invitedBy) {}

    /**
     * An administrator reset an employee's password: the old one stopped working, their sessions and API tokens
     * ended, and a single-use link was mailed to them (the link itself is never recorded).
     */
    public record PasswordResetIssued(TenantId tenantId, UUID employeeId, String login, boolean passwordRemoved, UUID messageId) {}

    /**
     * Someone asked for a password reset link ("forgot password"). The requester is told the same in every case;
     * only the journal knows which it was.
     *
     * @param tenantId the account's company, or the provider's when no account has this login
     * @param login the login asked for when it looks like one, otherwise a description of what was typed
     * @param outcome {@code mailed}, or why nothing was sent: {@code unknown_login}, {@code not_activated},
     *     {@code disabled}, {@code expired}
     */
    public record PasswordResetRequested(TenantId tenantId, @Nullable UUID employeeId, String login, String outcome,
            @Nullable String ip, @Nullable String userAgent) {}

    /**
     * A password reset request was refused by its rate limit ({@code login_limit} or {@code address_limit}); the
     * requester was told the same as for any other request.
     */
    public record PasswordResetRefused(TenantId tenantId, @Nullable UUID employeeId, String login, String reason,
            @Nullable String ip, @Nullable String userAgent) {}
}
