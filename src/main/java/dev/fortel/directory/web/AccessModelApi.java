package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Role;
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
import java.util.Arrays;
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

    AccessModelApi(AccessDecisions access, Employees employees, EmployeeDirectory directory, Groups groups, GroupDirectory groupDirectory,
            ViolationMessages messages) {
        this.access = access;
        this.employees = employees;
        this.directory = directory;
        this.groups = groups;
        this.groupDirectory = groupDirectory;
        this.messages = messages;
    }

    record FunctionView(String code, String description) {}

    record Grant(String function, String scope) {}

    record RoleView(String code, String name, String description, boolean builtin, List<Grant> functions) {}

    /** Where a function comes from: a role held directly ({@code group} null) or carried by a group the employee is in. */
    record Source(String role, @Nullable UUID groupId, @Nullable String groupName, String scope) {}

    record EffectiveFunction(String code, String description, List<Source> grantedBy) {}

    record EmployeeFunctions(UUID employeeId, String login, List<EffectiveFunction> functions) {}

    record CopyRequest(@Nullable UUID from) {}

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "The catalog of functions (stable codes) with their descriptions")
    @GetMapping("/api/v1/functions")
    List<FunctionView> functions() {
        access.require(Permission.ROLES_VIEW);
        return Arrays.stream(Permission.values()).map(this::function).toList();
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "Roles with the functions they grant and the scope of each grant")
    @GetMapping("/api/v1/roles")
    List<RoleView> roles() {
        Subject s = access.require(Permission.ROLES_VIEW);
        return visibleRoles(s).stream().map(r -> new RoleView(r.code(), text("role." + r.code(), r.code()),
                text("roledesc." + r.code(), r.code()), true,
                r.permissions().stream().sorted().map(p -> new Grant(p.code(), r.scope(p).code())).toList())).toList();
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "An employee's effective functions, each with the roles that grant it")
    @GetMapping("/api/v1/employees/{id}/functions")
    EmployeeFunctions employeeFunctions(@PathVariable UUID id) {
        Subject s = access.require(Permission.ROLES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        Paths paths = Paths.of(groups, s.tenantId());
        return new EmployeeFunctions(e.id(), e.login(), effective(e, paths).stream()
                .map(f -> new EffectiveFunction(f.permission().code(), function(f.permission()).description(), f.sources()))
                .toList());
    }

    record RoleList(List<String> roles) {}

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "The roles a group carries to its members")
    @GetMapping("/api/v1/groups/{id}/roles")
    RoleList groupRoles(@PathVariable UUID id) {
        Subject s = access.require(Permission.ROLES_VIEW);
        groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        return new RoleList(groups.roles(s.tenantId(), id).stream().map(Role::code).toList());
    }

    @RequiresFunction(Permission.GROUPS_MANAGE)
    @Operation(summary = "Set the roles a group carries to its members (owner and operator cannot be carried)")
    @PutMapping("/api/v1/groups/{id}/roles")
    RoleList assignGroupRoles(@PathVariable UUID id, @RequestBody RoleList body) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        for (String code : body.roles() == null ? List.<String>of() : body.roles()) {
            roles.add(Role.ofCode(code == null ? "" : code).orElseThrow(() -> ValidationFailedException.of("roles", "group.roleUnknown",
                    "must contain only admin, security_officer, supervisor, auditor or employee")));
        }
        return new RoleList(groupDirectory.assignRoles(s, id, roles).stream().map(Role::code).toList());
    }

    /** One person who can use a function on the object, and how. */
    record Accessor(UUID employeeId, String login, String displayName, String function, List<Source> grantedBy) {}

    /** One page of "who can access": people in login order; {@code nextCursor} continues after the last of them. */
    record Accessors(List<Accessor> items, @Nullable String nextCursor) {}

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "Who can access this employee: active colleagues with a function over them and the grant path, a page at a time")
    @GetMapping("/api/v1/employees/{id}/accessors")
    Accessors employeeAccessors(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Subject s = access.require(Permission.ROLES_VIEW);
        employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return accessors(employees, groups, s.tenantId(), List.of(Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE),
                dev.fortel.platform.Cursor.decode(cursor), dev.fortel.platform.Cursor.limit(limit, 100, 1000));
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "Who can access this group: active colleagues with a function over it and the grant path, a page at a time")
    @GetMapping("/api/v1/groups/{id}/accessors")
    Accessors groupAccessors(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Subject s = access.require(Permission.ROLES_VIEW);
        groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        return accessors(employees, groups, s.tenantId(), List.of(Permission.GROUPS_VIEW, Permission.GROUPS_MANAGE),
                dev.fortel.platform.Cursor.decode(cursor), dev.fortel.platform.Cursor.limit(limit, 100, 1000));
    }

    /**
     * The candidates are found in the database: people holding, directly or through a group, a role that grants
     * one of the functions (so "who can manage" reads a handful of rows, not the company). Every grant that
     * reaches an employee or a group today is company-wide, so each candidate reaches the object; the paths are
     * computed per person, ready for narrower scopes.
     */
    static Accessors accessors(Employees employees, Groups groups, dev.fortel.tenancy.TenantId tenant, List<Permission> functions,
            @Nullable String afterLogin, int limit) {
        java.util.Set<Role> granting = java.util.EnumSet.noneOf(Role.class);
        Arrays.stream(Role.values()).filter(r -> functions.stream().anyMatch(r.permissions()::contains)).forEach(granting::add);
        Paths paths = Paths.of(groups, tenant);
        java.util.Set<UUID> carrying = new java.util.HashSet<>();
        paths.carried().forEach((g, roles) -> {
            if (roles.stream().anyMatch(granting::contains)) {
                carrying.add(g);
            }
        });
        List<Employee> page = employees.holding(tenant, granting, carrying, afterLogin, limit + 1);
        List<Accessor> out = new ArrayList<>();
        for (Employee e : page.stream().limit(limit).toList()) {
            for (Effective f : effective(e, paths)) {
                if (functions.contains(f.permission())) {
                    out.add(new Accessor(e.id(), e.login(), e.displayName(), f.permission().code(), f.sources()));
                }
            }
        }
        return new Accessors(out, page.size() > limit ? dev.fortel.platform.Cursor.encode(page.get(limit - 1).login()) : null);
    }

    @RequiresFunction(Permission.EMPLOYEES_MANAGE)
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

    /** The company's groups that carry roles, read once per answer. */
    record Paths(java.util.Map<UUID, java.util.Set<Role>> carried, java.util.Map<UUID, String> groupNames) {
        static Paths of(Groups groups, dev.fortel.tenancy.TenantId tenant) {
            return new Paths(groups.carriedRoles(tenant), groups.names(tenant));
        }
    }

    static List<Effective> effective(Employee e, Paths paths) {
        List<Effective> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            List<Source> via = new ArrayList<>();
            e.roles().stream().filter(r -> r.permissions().contains(p)).sorted()
                    .forEach(r -> via.add(new Source(r.code(), null, null, r.scope(p).code())));
            e.groupIds().stream().sorted().forEach(g -> paths.carried().getOrDefault(g, java.util.Set.of()).stream()
                    .filter(r -> r.permissions().contains(p)).sorted()
                    .forEach(r -> via.add(new Source(r.code(), g, paths.groupNames().get(g), r.scope(p).code()))));
            if (!via.isEmpty()) {
                out.add(new Effective(p, via));
            }
        }
        return out;
    }

    /** A client company sees its own built-in roles; the operator role exists only in the provider's company. */
    static List<Role> visibleRoles(Subject s) {
        return Arrays.stream(Role.values()).filter(r -> r != Role.OPERATOR || s.provider()).toList();
    }

    private FunctionView function(Permission p) {
        return new FunctionView(p.code(), messages.text(new LocalizedMessage(p.messageKey(), p.description(), List.of())));
    }

    private String text(String key, String fallback) {
        return messages.text(new LocalizedMessage(key, fallback, List.of()));
    }
}
