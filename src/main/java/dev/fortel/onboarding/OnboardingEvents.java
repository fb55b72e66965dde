package dev.fortel.onboarding;

import dev.fortel.tenancy.TenantId;
import java.util.UUID;

public final class OnboardingEvents {

    private OnboardingEvents() {}

    /** The provider's first operator was created at first start. */
    public record OperatorBootstrapped(TenantId tenantId, UUID employeeId, String login, String method) {}

    /** An administrator issued an employee a new activation link (the link itself is never recorded). */
    public record EmployeeInvited(TenantId tenantId, UUID employeeId, String login, boolean hadPassword) {}

    /** An activation link was issued for a company's owner (the link itself is never recorded). */
    public record OwnerInvited(TenantId tenantId, UUID employeeId, String login, String invitedBy) {}
}
