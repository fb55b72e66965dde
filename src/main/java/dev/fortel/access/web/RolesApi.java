package dev.fortel.access.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Grant;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Role;
import dev.fortel.access.RoleAdministration;
import dev.fortel.access.RoleDefinition;
import dev.fortel.access.RoleDraft;
import dev.fortel.access.RoleNames;
import dev.fortel.access.Scope;
import dev.fortel.access.Subject;
import dev.fortel.platform.LocalizedMessage;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.web.ViolationMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's roles as integrators manage them: the function catalog, the roles with what each grants and how far,
 * and creating, changing, deleting and resetting roles. A role's functions are replaced as a whole (PUT), so a request
 * says exactly what the role grants afterwards.
 */
@RestController
@Tag(name = "Access model")
class RolesApi {

    private final AccessDecisions access;
    private final RoleAdministration administration;
    private final RoleNames names;
    private final ViolationMessages messages;

    RolesApi(AccessDecisions access, RoleAdministration administration, RoleNames names, ViolationMessages messages) {
        this.access = access;
        this.administration = administration;
        this.names = names;
        this.messages = messages;
    }

    record FunctionView(String code, String description, List<String> scopes) {}

    /** One function a role grants: its scope and, for {@code groups}, the groups whose members it reaches. */
    record GrantView(String function, String scope, List<UUID> groupIds) {}

    record RoleView(String code, String name, String description, boolean builtin, boolean customized, boolean editable,
            List<GrantView> functions) {}

    /** A function as a request names it; checked field by field so each mistake is reported where it is. */
    record GrantRequest(@Nullable String function, @Nullable String scope, @Nullable List<UUID> groupIds) {}

    record RoleRequest(@Nullable String code, @Nullable String name, @Nullable String description, @Nullable List<GrantRequest> functions) {}

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "The catalog of functions (stable codes) with their descriptions and the scopes each can be granted over")
    @GetMapping("/api/v1/functions")
    List<FunctionView> functions() {
        access.require(Permission.ROLES_VIEW);
        return Arrays.stream(Permission.values()).map(p -> new FunctionView(p.code(),
                messages.text(new LocalizedMessage(p.messageKey(), p.description(), List.of())),
                p.scopes().stream().map(Scope::code).toList())).toList();
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "The company's roles with the functions they grant and the scope of each grant")
    @GetMapping("/api/v1/roles")
    List<RoleView> roles() {
        Subject s = access.require(Permission.ROLES_VIEW);
        return administration.list(s).stream().map(this::view).toList();
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @Operation(summary = "One role")
    @GetMapping("/api/v1/roles/{code}")
    RoleView role(@PathVariable String code) {
        Subject s = access.require(Permission.ROLES_VIEW);
        return view(administration.find(s, roleCode(code)));
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @Operation(summary = "Create a role of the company's own: code, name, description and functions [{function, scope, group_ids}]")
    @PostMapping("/api/v1/roles")
    ResponseEntity<RoleView> create(@RequestBody RoleRequest body) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        RoleDefinition d = administration.create(s, body.code(), draft(body));
        return ResponseEntity.created(URI.create("/api/v1/roles/" + d.role().code())).body(view(d));
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @Operation(summary = "Replace what a role grants (and a company role's name and description); built-ins become customized")
    @PutMapping("/api/v1/roles/{code}")
    RoleView replace(@PathVariable String code, @RequestBody RoleRequest body) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        if (body.code() != null && !body.code().equals(code)) {
            throw ValidationFailedException.of("code", "role.codeFixed", "a role's code cannot change; create a new role instead");
        }
        return view(administration.replace(s, roleCode(code), draft(body)));
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @Operation(summary = "Delete a company role that nobody holds (built-in roles are reset instead)")
    @DeleteMapping("/api/v1/roles/{code}")
    ResponseEntity<Void> delete(@PathVariable String code) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        administration.delete(s, roleCode(code));
        return ResponseEntity.noContent().build();
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @Operation(summary = "Return a customized built-in role to the product's default")
    @PostMapping("/api/v1/roles/{code}/reset")
    RoleView reset(@PathVariable String code) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        return view(administration.reset(s, roleCode(code)));
    }

    /** A malformed code names no role: 404, exactly like a role the company does not have. */
    private static Role roleCode(String code) {
        return Role.parse(code).orElseThrow(() -> new NotFoundException("role"));
    }

    private RoleView view(RoleDefinition d) {
        List<GrantView> grants = d.grants().entrySet().stream()
                .map(e -> new GrantView(e.getKey().code(), e.getValue().scope().code(), e.getValue().groups().stream().sorted().toList()))
                .toList();
        return new RoleView(d.role().code(), names.name(d), names.description(d), d.builtIn(), d.customized(), !d.role().protectedRole(), grants);
    }

    /** Every mistake in the functions list at once, each named by its position: {@code functions[2].scope}. */
    static RoleDraft draft(RoleRequest body) {
        List<Violation> found = new ArrayList<>();
        Map<Permission, Grant> grants = new EnumMap<>(Permission.class);
        if (body.functions() == null) {
            found.add(new Violation("functions", "role.functionsRequired",
                    "required: the functions the role grants, such as [{\"function\": \"employees.view\", \"scope\": \"tenant\"}] (may be empty)"));
        } else {
            for (int i = 0; i < body.functions().size(); i++) {
                GrantRequest g = body.functions().get(i);
                String at = "functions[" + i + "]";
                if (g == null) {
                    found.add(new Violation(at, "role.grantRequired", "must be an object with function and scope"));
                    continue;
                }
                Permission p = g.function() == null ? null : Permission.ofCode(g.function()).orElse(null);
                if (p == null) {
                    String known = Arrays.stream(Permission.values()).map(Permission::code).collect(Collectors.joining(", "));
                    found.add(new Violation(at + ".function", "role.functionUnknown",
                            "unknown function code " + (g.function() == null ? "(missing)" : g.function()) + "; known codes: " + known,
                            List.of(String.valueOf(g.function()), known)));
                    continue;
                }
                Scope scope = g.scope() == null ? null : Scope.ofCode(g.scope()).orElse(null);
                if (scope == null) {
                    found.add(new Violation(at + ".scope", "role.scopeUnknown", "must be one of own, groups, subordinates, tenant"));
                    continue;
                }
                List<UUID> groups = g.groupIds() == null ? List.of() : g.groupIds();
                if (scope != Scope.GROUPS && !groups.isEmpty()) {
                    found.add(new Violation(at + ".group_ids", "role.groupsWithoutScope", "group_ids go only with the scope groups"));
                    continue;
                }
                if (groups.stream().anyMatch(java.util.Objects::isNull)) {
                    found.add(new Violation(at + ".group_ids", "role.groupUnknown", "contains an id that is not a group of your company"));
                    continue;
                }
                if (grants.put(p, new Grant(scope, java.util.Set.copyOf(groups))) != null) {
                    found.add(new Violation(at + ".function", "role.functionTwice", p.code() + " is listed twice; list each function once",
                            List.of(p.code())));
                }
            }
        }
        if (!found.isEmpty()) {
            throw new ValidationFailedException(found);
        }
        return new RoleDraft(body.name(), body.description(), grants);
    }
}
