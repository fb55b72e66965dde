package dev.fortel.directory;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.OrgCharts;
import dev.fortel.access.Permission;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and removes employees. Each method is one transaction that also carries its journal
 * event (published here, recorded by the audit module's listener before commit).
 */
@Service
public class EmployeeDirectory {

    private final Employees employees;
    private final Groups groups;
    private final DraftValidator validator;
    private final RoleGuard roleGuard;
    private final AccessDecisions access;
    private final OrgCharts charts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EmployeeDirectory(Employees employees, Groups groups, DraftValidator validator, RoleGuard roleGuard, AccessDecisions access, OrgCharts charts,
            ApplicationEventPublisher events, Clock clock) {
        this.access = access;
        this.charts = charts;
        this.employees = employees;
        this.groups = groups;
        this.roleGuard = roleGuard;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Employee create(Subject actor, EmployeeDraft draft) {
        TenantId tenant = actor.tenantId();
        validator.check(draft);
        if (draft.roles().stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of("roles", "employee.protectedRole",
                    "owner and operator cannot be granted here; use admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        EmployeeDraft checked = draft.roles().isEmpty() ? withRoles(draft, Set.of(Role.EMPLOYEE)) : draft;
        roleGuard.checkKnown(actor, "roles", checked.roles());
        roleGuard.checkNoEscalation(actor, Set.of(), checked.roles());
        checkGroupEscalation(actor, Set.of(), checked.groupIds());
        checkReferences(tenant, null, checked);
        checkStaysInReach(actor, null, checked.supervisorId(), checked.groupIds());
        return insert(tenant, checked);
    }

    /**
     * Creates an employee with roles the directory never grants by itself (a tenant's owner, the provider's
     * operator). Only onboarding calls this, after its own authorization.
     */
    @Transactional
    public Employee createPrivileged(TenantId tenant, EmployeeDraft draft) {
        validator.check(draft);
        checkReferences(tenant, null, draft);
        return insert(tenant, draft);
    }

    private Employee insert(TenantId tenant, EmployeeDraft d) {
        if (employees.loginTaken(d.login())) {
            throw new ConflictException("login", "employee.loginTaken", "this login is already in use; each e-mail can sign in to one account only");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Employee e = new Employee(tenant, UUID.randomUUID(), d.login(), d.displayName(), d.extension(), d.mobile(), d.groupIds(),
                d.supervisorId(), d.status(), d.expiresAt(), d.roles(), now, now);
        try {
            employees.insert(e);
        } catch (DuplicateKeyException race) {
            throw duplicate(race);
        }
        charts.changed(tenant);
        events.publishEvent(new DirectoryEvents.EmployeeCreated(tenant, e.id(), e.login(), e.displayName(), describe(e)));
        return e;
    }

    /** Applies {@code change} to the stored employee's draft and saves the result if it validates. */
    @Transactional
    public Employee update(Subject actor, UUID id, UnaryOperator<EmployeeDraft> change) {
        TenantId tenant = actor.tenantId();
        UUID actorId = actor.employeeId();
        Employee before = employees.find(tenant, id).filter(e -> access.can(actor, Permission.EMPLOYEES_MANAGE, AccessTarget.employee(e.id())))
                .orElseThrow(() -> new NotFoundException("employee"));
        EmployeeDraft requested = change.apply(EmployeeDraft.of(before));
        validator.check(requested);
        Set<Role> heldProtected = new TreeSet<>();
        before.roles().stream().filter(Role::protectedRole).forEach(heldProtected::add);
        if (requested.roles().stream().anyMatch(r -> r.protectedRole() && !heldProtected.contains(r))) {
            throw ValidationFailedException.of("roles", "employee.protectedRole",
                    "owner and operator cannot be granted here; use admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        // The owner and operator roles stay with their holder whatever the request says about roles.
        Set<Role> roles = new TreeSet<>();
        requested.roles().stream().filter(r -> !r.protectedRole()).forEach(roles::add);
        roles.addAll(heldProtected);
        if (roles.isEmpty()) {
            roles.add(Role.EMPLOYEE);
        }
        EmployeeDraft d = withRoles(requested, roles);
        Set<Role> added = new TreeSet<>(roles);
        added.removeAll(before.roles());
        roleGuard.checkKnown(actor, "roles", added);
        roleGuard.checkNoEscalation(actor, before.roles(), d.roles());
        checkGroupEscalation(actor, before.groupIds(), d.groupIds());
        if (d.status() == EmployeeStatus.DISABLED && before.status() == EmployeeStatus.ACTIVE) {
            if (id.equals(actorId)) {
                throw ValidationFailedException.of("status", "employee.disableSelf", "you cannot disable your own account");
            }
            if (before.roles().contains(Role.OWNER)) {
                throw ValidationFailedException.of("status", "employee.disableOwner", "the company owner cannot be disabled");
            }
        }
        checkReferences(tenant, id, d);
        checkStaysInReach(actor, id, d.supervisorId(), d.groupIds());
        return save(tenant, before, d);
    }

    /**
     * Creates an employee taken from the company's corporate directory (identity.ldap). There is no actor to check: the
     * directory is the company's own source of people, and the roles it gives come from a group mapping that an
     * administrator could save only through {@link #checkGrantable}. Owner and operator are never given this way.
     */
    @Transactional
    public Employee createFromDirectory(TenantId tenant, EmployeeDraft draft) {
        validator.check(draft);
        if (draft.roles().stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of("roles", "employee.protectedRole",
                    "owner and operator cannot be granted here; use admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        EmployeeDraft checked = draft.roles().isEmpty() ? withRoles(draft, Set.of(Role.EMPLOYEE)) : draft;
        checkReferences(tenant, null, checked);
        return insert(tenant, checked);
    }

    /**
     * Applies a change that the company's corporate directory made to one of its people (see
     * {@link #createFromDirectory}). The owner's account is never managed by a directory: it stays the local account
     * that still signs in when the directory cannot be reached.
     */
    @Transactional
    public Employee updateFromDirectory(TenantId tenant, UUID id, UnaryOperator<EmployeeDraft> change) {
        Employee before = employees.find(tenant, id).orElseThrow(() -> new NotFoundException("employee"));
        if (before.roles().stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of("login", "employee.directoryProtected",
                    "the owner's account stays a local account, so that someone can still sign in when the directory cannot be reached");
        }
        EmployeeDraft requested = change.apply(EmployeeDraft.of(before));
        validator.check(requested);
        if (requested.roles().stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of("roles", "employee.protectedRole",
                    "owner and operator cannot be granted here; use admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        EmployeeDraft d = requested.roles().isEmpty() ? withRoles(requested, Set.of(Role.EMPLOYEE)) : requested;
        checkReferences(tenant, id, d);
        return save(tenant, before, d);
    }

    /**
     * Whether {@code actor} may let something other than themself hand out {@code roles} later (a corporate directory's
     * group mapping): the roles must exist, must not be owner or operator, and the actor must hold their functions.
     */
    public void checkGrantable(Subject actor, String field, Set<Role> roles) {
        if (roles.stream().anyMatch(Role::protectedRole)) {
            throw ValidationFailedException.of(field, "employee.protectedRole",
                    "owner and operator cannot be granted here; use admin, security_officer, supervisor, auditor, employee or a role of your company");
        }
        roleGuard.checkKnown(actor, field, roles);
        roleGuard.checkNoEscalation(actor, Set.of(), roles);
    }

    private Employee save(TenantId tenant, Employee before, EmployeeDraft d) {
        UUID id = before.id();
        if (!d.login().equals(before.login()) && employees.loginTaken(d.login())) {
            throw new ConflictException("login", "employee.loginTaken", "this login is already in use; each e-mail can sign in to one account only");
        }
        Employee after = new Employee(tenant, id, d.login(), d.displayName(), d.extension(), d.mobile(), d.groupIds(), d.supervisorId(),
                d.status(), d.expiresAt(), d.roles(), before.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object[]> changes = diff(before, after);
        if (changes.isEmpty()) {
            return before;
        }
        try {
            employees.update(after);
        } catch (DuplicateKeyException race) {
            throw duplicate(race);
        }
        if (changes.containsKey("supervisor_id") || changes.containsKey("group_ids")) {
            charts.changed(tenant);
        }
        events.publishEvent(new DirectoryEvents.EmployeeUpdated(tenant, id, after.login(), changes));
        if (before.status() != after.status()) {
            events.publishEvent(after.status() == EmployeeStatus.DISABLED
                    ? new DirectoryEvents.EmployeeDisabled(tenant, id, after.login())
                    : new DirectoryEvents.EmployeeEnabled(tenant, id, after.login()));
        }
        return after;
    }

    @Transactional
    public void delete(TenantId tenant, UUID id, UUID actorId) {
        Employee e = employees.find(tenant, id).orElseThrow(() -> new NotFoundException("employee"));
        if (id.equals(actorId)) {
            throw ValidationFailedException.of("id", "employee.deleteSelf", "you cannot delete your own account");
        }
        if (e.roles().contains(Role.OWNER)) {
            throw ValidationFailedException.of("id", "employee.deleteOwner", "the company owner cannot be deleted");
        }
        employees.clearSupervisor(tenant, id);
        employees.delete(tenant, id);
        charts.changed(tenant);
        events.publishEvent(new DirectoryEvents.EmployeeDeleted(tenant, id, e.login(), e.displayName()));
    }

    /**
     * Gives {@code targetId} the roles and group memberships of {@code sourceId} (the first seed's "give a
     * user the roles and groups of another user"), as one journaled change. The owner and operator roles
     * are neither copied nor taken away; the usual no-escalation rule applies to every role that changes.
     */
    @Transactional
    public Employee copyAccess(Subject actor, UUID targetId, UUID sourceId) {
        TenantId tenant = actor.tenantId();
        Employee source = employees.find(tenant, sourceId).filter(e -> access.can(actor, Permission.EMPLOYEES_VIEW, AccessTarget.employee(e.id())))
                .orElseThrow(() -> new NotFoundException("employee"));
        Employee target = employees.find(tenant, targetId).filter(e -> access.can(actor, Permission.EMPLOYEES_MANAGE, AccessTarget.employee(e.id())))
                .orElseThrow(() -> new NotFoundException("employee"));
        if (source.id().equals(target.id())) {
            throw ValidationFailedException.of("from", "employee.copySelf", "choose another employee: access is copied from a different account");
        }
        Set<Role> roles = new TreeSet<>();
        source.roles().stream().filter(r -> !r.protectedRole()).forEach(roles::add);
        target.roles().stream().filter(Role::protectedRole).forEach(roles::add);
        if (roles.isEmpty()) {
            roles.add(Role.EMPLOYEE);
        }
        roleGuard.checkNoEscalation(actor, target.roles(), roles);
        checkGroupEscalation(actor, target.groupIds(), source.groupIds());
        checkStaysInReach(actor, target.id(), target.supervisorId(), source.groupIds());
        Employee after = new Employee(tenant, target.id(), target.login(), target.displayName(), target.extension(), target.mobile(),
                source.groupIds(), target.supervisorId(), target.status(), target.expiresAt(), roles, target.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object[]> changes = new java.util.LinkedHashMap<>();
        // Lists stay lists in the journal (the generic diff prints values as text).
        if (!target.roles().equals(after.roles())) {
            changes.put("roles", new Object[] {sortedCodes(target.roles()), sortedCodes(after.roles())});
        }
        if (!target.groupIds().equals(after.groupIds())) {
            changes.put("group_ids", new Object[] {sortedIds(target.groupIds()), sortedIds(after.groupIds())});
        }
        if (!changes.isEmpty()) {
            employees.update(after);
        }
        if (changes.containsKey("group_ids")) {
            charts.changed(tenant);
        }
        events.publishEvent(new DirectoryEvents.EmployeeAccessCopied(tenant, target.id(), target.login(), source.id(), source.login(), changes));
        return after;
    }

    private static List<String> sortedCodes(Set<Role> roles) {
        return roles.stream().map(Role::code).sorted().toList();
    }

    private static List<String> sortedIds(Set<UUID> ids) {
        return ids.stream().map(UUID::toString).sorted().toList();
    }

    /**
     * Joining or leaving a group that carries roles grants or takes away those roles: the actor must hold their
     * functions, exactly as for roles given directly.
     */
    private void checkGroupEscalation(Subject actor, Set<UUID> before, Set<UUID> after) {
        Set<UUID> changed = new java.util.HashSet<>();
        after.stream().filter(g -> !before.contains(g)).forEach(changed::add);
        before.stream().filter(g -> !after.contains(g)).forEach(changed::add);
        Set<Role> carried = groups.rolesOf(actor.tenantId(), changed);
        if (!carried.isEmpty()) {
            roleGuard.checkNoEscalation(actor, Set.of(), carried);
        }
    }

    /**
     * Someone whose employees.manage reaches less than the company (their subordinates, chosen groups) can only place an
     * employee where it still reaches: under themself or a subordinate, or in one of their groups. Otherwise the change
     * would hand the employee to nobody they answer for, and they could not undo it.
     */
    private void checkStaysInReach(Subject actor, @Nullable UUID id, @Nullable UUID supervisor, Set<UUID> groupIds) {
        if (!access.wouldReach(actor, Permission.EMPLOYEES_MANAGE, id, supervisor, groupIds)) {
            throw ValidationFailedException.of("group_ids", "employee.outOfReach",
                    "you manage only the employees your role reaches: place the employee under you or one of your subordinates, "
                            + "or in one of the groups your role names");
        }
    }

    private void checkReferences(TenantId tenant, UUID self, EmployeeDraft d) {
        if (d.supervisorId() != null) {
            if (d.supervisorId().equals(self)) {
                throw ValidationFailedException.of("supervisor_id", "employee.supervisorSelf", "an employee cannot supervise themself");
            }
            if (!employees.exists(tenant, d.supervisorId())) {
                throw ValidationFailedException.of("supervisor_id", "employee.supervisorUnknown", "no employee of your company has this id");
            }
            if (self != null && employees.reportsTo(tenant, d.supervisorId(), self)) {
                throw ValidationFailedException.of("supervisor_id", "employee.supervisorCycle",
                        "this would make a reporting cycle: the chosen supervisor reports to this employee");
            }
        }
        List<UUID> found = groups.existing(tenant, d.groupIds());
        if (found.size() != d.groupIds().size()) {
            throw ValidationFailedException.of("group_ids", "employee.groupUnknown", "contains an id that is not a group of your company");
        }
    }

    private static ConflictException duplicate(DuplicateKeyException e) {
        String msg = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (msg.contains("extension")) {
            return new ConflictException("extension", "employee.extensionTaken", "this extension number is already used by another employee");
        }
        return new ConflictException("login", "employee.loginTaken", "this login is already in use; each e-mail can sign in to one account only");
    }

    private static EmployeeDraft withRoles(EmployeeDraft d, Set<Role> roles) {
        return new EmployeeDraft(d.login(), d.displayName(), d.extension(), d.mobile(), d.groupIds(), d.supervisorId(),
                d.status(), d.expiresAt(), roles);
    }

    private static Map<String, Object> describe(Employee e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("login", e.login());
        fields.put("display_name", e.displayName());
        putIfPresent(fields, "extension", e.extension());
        putIfPresent(fields, "mobile", e.mobile());
        putIfPresent(fields, "supervisor_id", e.supervisorId());
        putIfPresent(fields, "expires_at", e.expiresAt());
        if (!e.groupIds().isEmpty()) {
            fields.put("group_ids", sorted(e.groupIds()));
        }
        fields.put("roles", e.roles().stream().map(r -> r.code()).sorted().toList());
        fields.put("status", e.status().code());
        return fields;
    }

    private static Map<String, Object[]> diff(Employee a, Employee b) {
        Map<String, Object[]> changes = new LinkedHashMap<>();
        change(changes, "login", a.login(), b.login());
        change(changes, "display_name", a.displayName(), b.displayName());
        change(changes, "extension", a.extension(), b.extension());
        change(changes, "mobile", a.mobile(), b.mobile());
        change(changes, "supervisor_id", a.supervisorId(), b.supervisorId());
        change(changes, "status", a.status().code(), b.status().code());
        change(changes, "expires_at", a.expiresAt(), b.expiresAt());
        change(changes, "group_ids", sorted(a.groupIds()), sorted(b.groupIds()));
        change(changes, "roles", a.roles().stream().map(r -> r.code()).sorted().toList(),
                b.roles().stream().map(r -> r.code()).sorted().toList());
        return changes;
    }

    private static List<String> sorted(Set<UUID> ids) {
        return new TreeSet<>(ids.stream().map(UUID::toString).toList()).stream().toList();
    }

    private static void change(Map<String, Object[]> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Object[] {before == null ? null : before.toString(), after == null ? null : after.toString()});
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
