package dev.fortel.onboarding;

import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.Activations;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.NotFoundException;
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

    @Transactional
    public Invitation invite(TenantId tenant, UUID employeeId) {
        Employee e = employees.find(tenant, employeeId).orElseThrow(() -> new NotFoundException("employee"));
        boolean hadPassword = activations.hasPassword(e);
        activations.withdraw(tenant, employeeId);
        String token = activations.issue(tenant, employeeId, Activations.ACTIVATION);
        events.publishEvent(new OnboardingEvents.EmployeeInvited(tenant, employeeId, e.login(), hadPassword));
        return new Invitation(e, token, Instant.now().plus(properties.activationLifetime()));
    }
}
