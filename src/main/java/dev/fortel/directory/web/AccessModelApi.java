package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.Employees;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The access model as integrators read it: the function catalog, the roles with the functions they grant
 * (and over what scope), an employee's effective functions with where each comes from, and copying one
 * employee's access to another.
 */
@RestController
@Tag(name = "Access model")
class AccessModelApi {

    /** Every grant covers the whole company today; the scope is reported so clients are ready for narrower ones. */
    static final String TENANT_SCOPE = "tenant";

    private final AccessDecisions access;
    private final Employees employees;
    private final EmployeeDirectory directory;
    private final ViolationMessages messages;

    AccessModelApi(AccessDecisions access, Employees employees, EmployeeDirectory directory, ViolationMessages messages) {
        this.access = access;
        this.employees = employees;
        this.directory = directory;
        this.messages = messages;
    }

    record FunctionView(String code, String description) {}

    record Grant(String function, String scope) {}

    record RoleView(String code, String name, String description, boolean builtin, List<Grant> functions) {}

    record Source(String role, String scope) {}

    record EffectiveFunction(String code, String description, List<Source> grantedBy) {}

    record EmployeeFunctions(UUID employeeId, String login, List<EffectiveFunction> functions) {}

    record CopyRequest(@Nullable UUID from) {}

    @Operation(summary = "The catalog of functions (stable codes) with their descriptions")
    @GetMapping("/api/v1/functions")
    List<FunctionView> functions() {
        access.require(Permission.ROLES_VIEW);
        return Arrays.stream(Permission.values()).map(this::function).toList();
    }

    @Operation(summary = "Roles with the functions they grant and the scope of each grant")
    @GetMapping("/api/v1/roles")
    List<RoleView> roles() {
        Subject s = access.require(Permission.ROLES_VIEW);
        return visibleRoles(s).stream().map(r -> new RoleView(r.code(), text("role." + r.code(), r.code()),
                text("roledesc." + r.code(), r.code()), true,
                r.permissions().stream().sorted().map(p -> new Grant(p.code(), TENANT_SCOPE)).toList())).toList();
    }

    @Operation(summary = "An employee's effective functions, each with the roles that grant it")
    @GetMapping("/api/v1/employees/{id}/functions")
    EmployeeFunctions employeeFunctions(@PathVariable UUID id) {
        Subject s = access.require(Permission.ROLES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return new EmployeeFunctions(e.id(), e.login(), effective(e).stream()
                .map(f -> new EffectiveFunction(f.permission().code(), function(f.permission()).description(),
                        f.roles().stream().map(r -> new Source(r.code(), TENANT_SCOPE)).toList()))
                .toList());
    }

    @Operation(summary = "Give the employee the roles and groups of another employee (owner and operator roles are not copied)")
    @PostMapping("/api/v1/employees/{id}/copy-access")
    EmployeeJson.View copyAccess(@PathVariable UUID id, @RequestBody CopyRequest body) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        if (body.from() == null) {
            throw ValidationFailedException.of("from", "employee.copyFromRequired", "required: the id of the employee whose access to copy");
        }
        return EmployeeJson.view(directory.copyAccess(s, id, body.from()));
    }

    /** One function and the roles of the employee that grant it. */
    record Effective(Permission permission, List<Role> roles) {}

    static List<Effective> effective(Employee e) {
        List<Effective> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            List<Role> via = e.roles().stream().filter(r -> r.permissions().contains(p)).sorted().toList();
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
