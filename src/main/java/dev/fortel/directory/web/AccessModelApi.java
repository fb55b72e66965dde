package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.Grant;
import dev.fortel.access.OrgChart;
import dev.fortel.access.OrgCharts;
import dev.fortel.access.Role;
import dev.fortel.access.RoleBook;
import dev.fortel.access.RoleNames;
import dev.fortel.access.TenantRoles;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.Employees;
import dev.fortel.directory.GroupDirectory;
import dev.fortel.directory.Groups;
import dev.fortel.platform.LocalizedMessage;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The access model as integrators read it: the function catalog, the roles with the functions they grant
 * (and over what scope), an employee's effective functions with where each comes from, and copying one
 * employee's access to another.
 */
@RestController
@Tag(name = "Access model")
class AccessModelApi {

    private final AccessDecisions access;
    private final Employees employees;
    private final EmployeeDirectory directory;
    private final Groups groups;
    private final GroupDirectory groupDirectory;
    private final ViolationMessages messages;
    private final RoleBook book;
    private final RoleNames names;
    private final OrgCharts charts;

    AccessModelApi(AccessDecisions access, Employees employees, EmployeeDirectory directory, Groups groups, GroupDirectory groupDirectory,
            ViolationMessages messages, RoleBook book, RoleNames names, OrgCharts charts) {
        this.charts = charts;
        this.book = book;
        this.names = names;
        this.access = access;
        this.employees = employees;
        this.directory = directory;
        this.groups = groups;
        this.groupDirectory = groupDirectory;
        this.messages = messages;
    }

    /**
     * Where a function comes from: a role held directly ({@code group} null) or carried by a group the employee is in,
     * with the grant's scope (and, for a grant over groups, their names).
     */
    record Source(String role, String roleName, @Nullable UUID groupId, @Nullable String groupName, String scope, List<String> scopeGroups) {}

    record EffectiveFunction(String code, String description, List<Source> grantedBy) {}

    record EmployeeFunctions(UUID employeeId, String login, List<EffectiveFunction> functions) {}

    record CopyRequest(@Nullable UUID from) {}

    @RequiresFunction(value = Permission.ROLES_VIEW, object = ObjectKind.EMPLOYEE)
    @Operation(summary = "An employee's effective functions, each with the roles that grant it")
    @GetMapping("/api/v1/employees/{id}/functions")
    EmployeeFunctions employeeFunctions(@PathVariable UUID id) {
        Subject s = access.require(Permission.ROLES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        Paths paths = paths(s);
        return new EmployeeFunctions(e.id(), e.login(), effective(e, paths).stream()
                .map(f -> new EffectiveFunction(f.permission().code(), function(f.permission()).description(), f.sources()))
                .toList());
    }

    record RoleList(List<String> roles) {}

    @RequiresFunction(value = Permission.ROLES_VIEW, object = ObjectKind.GROUP)
    @Operation(summary = "The roles a group carries to its members")
    @GetMapping("/api/v1/groups/{id}/roles")
    RoleList groupRoles(@PathVariable UUID id) {
        Subject s = access.require(Permission.ROLES_VIEW);
        groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        return new RoleList(groups.roles(s.tenantId(), id).stream().map(Role::code).toList());
    }

    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @Operation(summary = "Set the roles a group carries to its members (owner and operator cannot be carried)")
    @PutMapping("/api/v1/groups/{id}/roles")
    RoleList assignGroupRoles(@PathVariable UUID id, @RequestBody RoleList body) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        java.util.Set<Role> roles = new java.util.TreeSet<>();
        for (String code : body.roles() == null ? List.<String>of() : body.roles()) {
            roles.add(Role.parse(code == null ? "" : code).orElseThrow(() -> ValidationFailedException.of("roles", "employee.roleCode",
                    "must contain role codes such as admin or call_center_lead (GET /api/v1/roles lists them)")));
        }
        return new RoleList(groupDirectory.assignRoles(s, id, roles).stream().map(Role::code).toList());
    }

    /** One person who can use a function on the object, and how. */
    record Accessor(UUID employeeId, String login, String displayName, String function, List<Source> grantedBy) {}

    /** One page of "who can access": people in login order; {@code nextCursor} continues after the last of them. */
    record Accessors(List<Accessor> items, @Nullable String nextCursor) {}

    @RequiresFunction(value = Permission.ROLES_VIEW, object = ObjectKind.EMPLOYEE)
    @Operation(summary = "Who can access this employee: active colleagues with a function over them and the grant path, a page at a time")
    @GetMapping("/api/v1/employees/{id}/accessors")
    Accessors employeeAccessors(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Subject s = access.require(Permission.ROLES_VIEW);
        employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return accessors(employees, paths(s), s.tenantId(), List.of(Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE), AccessTarget.employee(id),
                dev.fortel.platform.Cursor.decode(cursor), dev.fortel.platform.Cursor.limit(limit, 100, 1000));
    }

    @RequiresFunction(value = Permission.ROLES_VIEW, object = ObjectKind.GROUP)
    @Operation(summary = "Who can access this group: active colleagues with a function over it and the grant path, a page at a time")
    @GetMapping("/api/v1/groups/{id}/accessors")
    Accessors groupAccessors(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Subject s = access.require(Permission.ROLES_VIEW);
        groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        return accessors(employees, paths(s), s.tenantId(), List.of(Permission.GROUPS_VIEW, Permission.GROUPS_MANAGE), AccessTarget.group(id),
                dev.fortel.platform.Cursor.decode(cursor), dev.fortel.platform.Cursor.limit(limit, 100, 1000));
    }

    /**
     * The candidates are found in the database: people holding, directly or through a group, a role that grants one of
     * the functions (so "who can manage" reads a handful of rows, not the company). Each candidate is then kept only
     * for the functions whose grants reach the object (company-wide, their own, their subordinates, their groups), from
     * the cached org chart. A page may hold fewer people than the limit; the cursor continues after the last candidate.
     */
    static Accessors accessors(Employees employees, Paths paths, dev.fortel.tenancy.TenantId tenant, List<Permission> functions,
            AccessTarget target, @Nullable String afterLogin, int limit) {
        java.util.Set<Role> granting = new java.util.TreeSet<>();
        paths.roles().roles().stream().filter(d -> functions.stream().anyMatch(d::grants)).forEach(d -> granting.add(d.role()));
        java.util.Set<UUID> carrying = new java.util.HashSet<>();
        paths.carried().forEach((g, roles) -> {
            if (roles.stream().anyMatch(granting::contains)) {
                carrying.add(g);
            }
        });
        List<Employee> page = employees.holding(tenant, granting, carrying, afterLogin, limit + 1);
        List<Accessor> out = new ArrayList<>();
        for (Employee e : page.stream().limit(limit).toList()) {
            java.util.Set<Role> held = new java.util.TreeSet<>(e.roles());
            e.groupIds().forEach(g -> held.addAll(paths.carried().getOrDefault(g, java.util.Set.of())));
            java.util.Map<Permission, dev.fortel.access.Reach> grants = paths.roles().grants(held);
            for (Effective f : effective(e, paths)) {
                dev.fortel.access.Reach reach = grants.get(f.permission());
                if (functions.contains(f.permission()) && reach != null && AccessDecisions.reaches(reach, e.id(), target, paths.chart())) {
                    out.add(new Accessor(e.id(), e.login(), e.displayName(), f.permission().code(), f.sources()));
                }
            }
        }
        return new Accessors(out, page.size() > limit ? dev.fortel.platform.Cursor.encode(page.get(limit - 1).login()) : null);
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @Operation(summary = "Give the employee the roles and groups of another employee (owner and operator roles are not copied)")
    @PostMapping("/api/v1/employees/{id}/copy-access")
    EmployeeJson.View copyAccess(@PathVariable UUID id, @RequestBody CopyRequest body) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        if (body.from() == null) {
            throw ValidationFailedException.of("from", "employee.copyFromRequired", "required: the id of the employee whose access to copy");
        }
        return EmployeeJson.view(directory.copyAccess(s, id, body.from()));
    }

    /** One function and every path that grants it to the employee. */
    record Effective(Permission permission, List<Source> sources) {}

    /** The company's roles, the groups that carry them, the groups' names and the org chart, read once per answer. */
    record Paths(TenantRoles roles, java.util.Map<UUID, java.util.Set<Role>> carried, java.util.Map<UUID, String> groupNames,
            RoleNames names, OrgChart chart) {
        static Paths of(RoleBook book, Groups groups, RoleNames names, OrgCharts charts, dev.fortel.tenancy.TenantId tenant) {
            return new Paths(book.of(tenant), groups.carriedRoles(tenant), groups.names(tenant), names, charts.of(tenant));
        }

        Source source(Role role, @Nullable UUID group, Grant grant) {
            String roleName = roles.find(role).map(names::name).orElse(role.code());
            List<String> over = grant.groups().stream().map(g -> groupNames.getOrDefault(g, g.toString())).sorted().toList();
            return new Source(role.code(), roleName, group, group == null ? null : groupNames.get(group), grant.scope().code(), over);
        }
    }

    Paths paths(Subject s) {
        return Paths.of(book, groups, names, charts, s.tenantId());
    }

    static List<Effective> effective(Employee e, Paths paths) {
        List<Effective> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            List<Source> via = new ArrayList<>();
            e.roles().stream().sorted().forEach(r -> paths.roles().find(r).map(d -> d.grants().get(p))
                    .ifPresent(g -> via.add(paths.source(r, null, g))));
            e.groupIds().stream().sorted().forEach(group -> paths.carried().getOrDefault(group, java.util.Set.of()).stream().sorted()
                    .forEach(r -> paths.roles().find(r).map(d -> d.grants().get(p)).ifPresent(g -> via.add(paths.source(r, group, g)))));
            if (!via.isEmpty()) {
                out.add(new Effective(p, via));
            }
        }
        return out;
    }

    private FunctionView function(Permission p) {
        return new FunctionView(p.code(), messages.text(new LocalizedMessage(p.messageKey(), p.description(), List.of())));
    }

    record FunctionView(String code, String description) {}
}
