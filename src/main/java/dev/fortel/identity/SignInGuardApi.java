package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
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

    /**
     * @param lockedUntil the end of a temporary lock; null with {@code locked} true means it waits for an administrator
     * @param failuresSinceLastSuccess every failure since the last successful sign-in, across windows and locks
     */
    record SignInStatus(boolean locked, @Nullable Instant lockedUntil, boolean lockedUntilUnlocked, int failuresInWindow,
            int locksSinceLastSuccess, int failuresSinceLastSuccess, @Nullable Instant lastFailureAt, @Nullable String lastFailureIp,
            List<String> recentFailureIps, @Nullable Instant lastSuccessAt) {

        static SignInStatus of(GuessingProtection.Status g) {
            return new SignInStatus(g.locked(), g.lockedUntil(), g.lockedPermanently(), g.failures(), g.lockCount(), g.failuresSinceSuccess(),
                    g.lastFailureAt(), g.lastFailureIp(), g.recentFailureIps(), g.lastSuccessAt());
        }

        static final SignInStatus NEVER = new SignInStatus(false, null, false, 0, 0, 0, null, null, List.of(), null);
    }

    @Operation(summary = "Failed sign-ins and lock state of an employee")
    @RequiresFunction(value = Permission.EMPLOYEES_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/api/v1/employees/{id}/sign-in-status")
    SignInStatus status(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return guards.status(s.tenantId(), e.id()).map(SignInStatus::of).orElse(SignInStatus.NEVER);
    }

    /** One employee's line in the company's failed-sign-in view. */
    record Activity(UUID employeeId, String login, String displayName, SignInStatus status) {}

    @Operation(summary = "Employees with failed sign-ins since their last success, or locked; locked first")
    @RequiresFunction(Permission.EMPLOYEES_VIEW)
    @GetMapping("/api/v1/sign-in-activity")
    List<Activity> activity() {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        List<Activity> out = new java.util.ArrayList<>();
        java.util.Set<UUID> within = access.reachableEmployees(s, Permission.EMPLOYEES_VIEW);
        guards.statuses(s.tenantId()).forEach((id, g) -> {
            if ((g.failuresSinceSuccess() > 0 || g.locked()) && (within == null || within.contains(id))) {
                employees.find(s.tenantId(), id).ifPresent(e -> out.add(new Activity(e.id(), e.login(), e.displayName(), SignInStatus.of(g))));
            }
        });
        out.sort(java.util.Comparator.comparing((Activity a) -> !a.status().locked())
                .thenComparing(a -> -a.status().failuresSinceLastSuccess()).thenComparing(Activity::login));
        return out;
    }

    @Operation(summary = "End an employee's sign-in lock now")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
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
