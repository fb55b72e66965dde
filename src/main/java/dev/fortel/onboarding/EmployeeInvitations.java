package dev.fortel.onboarding;

import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.Activations;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives an employee a one-time link to choose their password: right after creation, or again when they
 * lost access (then it acts as an administrator's password reset). Older unused links stop working.
 */
@Service
public class EmployeeInvitations {

    private final Employees employees;
    private final Activations activations;
    private final FortelProperties properties;
    private final ApplicationEventPublisher events;

    EmployeeInvitations(Employees employees, Activations activations, FortelProperties properties, ApplicationEventPublisher events) {
        this.employees = employees;
        this.activations = activations;
        this.properties = properties;
        this.events = events;
    }

    public record Invitation(Employee employee, String token, Instant expiresAt) {}

    /**
     * A link replaces the employee's password once used, so it is a password reset in the issuer's hands:
     * nobody may issue one for the company owner or the provider's operators, nor for anyone whose rights
     * exceed the issuer's own (an administrator cannot take over a security officer's account this way).
     */
    @Transactional
    public Invitation invite(Subject actor, UUID employeeId) {
        TenantId tenant = actor.tenantId();
        Employee e = employees.find(tenant, employeeId).orElseThrow(() -> new NotFoundException("employee"));
        if (e.roles().contains(Role.OWNER) || e.roles().contains(Role.OPERATOR)) {
            throw ValidationFailedException.of("id", "invitation.protected",
                    "no activation link can be issued for the company owner or a provider operator");
        }
        boolean exceeds = e.roles().stream().flatMap(r -> r.permissions().stream()).anyMatch(p -> !actor.has(p));
        if (exceeds) {
            throw ValidationFailedException.of("id", "invitation.exceeds",
                    "this employee has rights you do not have; ask the company owner to issue the link");
        }
        boolean hadPassword = activations.hasPassword(e);
        activations.withdraw(tenant, employeeId);
        String token = activations.issue(tenant, employeeId, Activations.ACTIVATION);
        events.publishEvent(new OnboardingEvents.EmployeeInvited(tenant, employeeId, e.login(), hadPassword));
        return new Invitation(e, token, Instant.now().plus(properties.activationLifetime()));
    }
}
