package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An employee's sign-in state (failures, lock) and the administrator's unlock. */
@RestController
@Tag(name = "Employees")
class SignInGuardApi {

    private final GuessingProtection guards;
    private final Employees employees;
    private final AccessDecisions access;
    private final ApplicationEventPublisher events;

    SignInGuardApi(GuessingProtection guards, Employees employees, AccessDecisions access, ApplicationEventPublisher events) {
        this.guards = guards;
        this.employees = employees;
        this.access = access;
        this.events = events;
    }

    record SignInStatus(boolean locked, @Nullable Instant lockedUntil, int failuresInWindow, int locksSinceLastSuccess,
            @Nullable Instant lastFailureAt, @Nullable String lastFailureIp, @Nullable Instant lastSuccessAt) {}

    @Operation(summary = "Failed sign-ins and lock state of an employee")
    @GetMapping("/api/v1/employees/{id}/sign-in-status")
    SignInStatus status(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return guards.status(s.tenantId(), e.id())
                .map(g -> new SignInStatus(g.lockedUntil() != null, g.lockedUntil(), g.failures(), g.lockCount(), g.lastFailureAt(),
                        g.lastFailureIp(), g.lastSuccessAt()))
                .orElse(new SignInStatus(false, null, 0, 0, null, null, null));
    }

    @Operation(summary = "End an employee's sign-in lock now")
    @PostMapping("/api/v1/employees/{id}/unlock")
    @Transactional
    SignInStatus unlock(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        if (guards.unlock(s.tenantId(), e.id())) {
            events.publishEvent(new IdentityEvents.AccountUnlocked(s.tenantId(), e.id(), e.login()));
        }
        return status(id);
    }
}
