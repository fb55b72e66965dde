package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Employees of the caller's company. Ids of another company answer 404, exactly like missing ones. */
@RestController
@Tag(name = "Employees")
class EmployeesApi {

    private final Employees employees;
    private final EmployeeDirectory directory;
    private final AccessDecisions access;
    private final jakarta.validation.Validator validator;

    EmployeesApi(Employees employees, EmployeeDirectory directory, AccessDecisions access, jakarta.validation.Validator validator) {
        this.employees = employees;
        this.directory = directory;
        this.access = access;
        this.validator = validator;
    }

    record Page(List<EmployeeJson.View> items, @Nullable String nextCursor) {}

    @Operation(summary = "List employees by login; q searches name, login and extension")
    @RequiresFunction(Permission.EMPLOYEES_VIEW)
    @GetMapping("/api/v1/employees")
    Page list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(name = "group_id", required = false) UUID groupId, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        int n = Cursor.limit(limit, 50, 200);
        EmployeeStatus st = status == null || status.isBlank() ? null : switch (status) {
            case "active" -> EmployeeStatus.ACTIVE;
            case "disabled" -> EmployeeStatus.DISABLED;
            default -> throw ValidationFailedException.of("status", "employee.status", "must be active or disabled");
        };
        if (q != null && q.length() > 200) {
            throw ValidationFailedException.of("q", "search.tooLong", "must be at most 200 characters");
        }
        List<Employee> page = employees.page(s.tenantId(), q, st, groupId, Cursor.decode(cursor), n + 1,
                access.reachableEmployees(s, Permission.EMPLOYEES_VIEW));
        List<EmployeeJson.View> items = page.stream().limit(n).map(EmployeeJson::view).toList();
        return new Page(items, page.size() > n ? Cursor.encode(items.getLast().login()) : null);
    }

    @Operation(summary = "One employee")
    @RequiresFunction(value = Permission.EMPLOYEES_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/api/v1/employees/{id}")
    EmployeeJson.View get(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        return EmployeeJson.view(employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee")));
    }

    @Operation(summary = "Create an employee (needs login and display_name)")
    @RequiresFunction(Permission.EMPLOYEES_MANAGE)
    @PostMapping("/api/v1/employees")
    ResponseEntity<EmployeeJson.View> create(@RequestBody JsonNode body) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = directory.create(s, EmployeeJson.merge(EmployeeJson.empty(), body, validator));
        return ResponseEntity.created(URI.create("/api/v1/employees/" + e.id())).body(EmployeeJson.view(e));
    }

    @Operation(summary = "Change an employee (JSON Merge Patch: absent fields stay, null clears)")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PatchMapping(path = "/api/v1/employees/{id}", consumes = {"application/json", "application/merge-patch+json"})
    EmployeeJson.View update(@PathVariable UUID id, @RequestBody JsonNode body) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        return EmployeeJson.view(directory.update(s, id, base -> EmployeeJson.merge(base, body, validator)));
    }

    @Operation(summary = "Delete an employee")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @DeleteMapping("/api/v1/employees/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        directory.delete(s.tenantId(), id, s.employeeId());
        return ResponseEntity.noContent().build();
    }
}
