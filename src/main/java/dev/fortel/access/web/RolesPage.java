package dev.fortel.access.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Grant;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Role;
import dev.fortel.access.RoleAdministration;
import dev.fortel.access.RoleAssignments;
import dev.fortel.access.RoleDefinition;
import dev.fortel.access.RoleDraft;
import dev.fortel.access.RoleNames;
import dev.fortel.access.Scope;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's role editor: a company's own role or a built-in one, one row per function with the scope of its grant
 * (not granted, own, chosen groups, subordinates, whole company), only the scopes each function offers. The matrix of
 * all roles is the page {@code /roles}.
 */
@Controller
class RolesPage {

    private final AccessDecisions access;
    private final RoleAdministration administration;
    private final RoleAssignments assignments;
    private final RoleNames names;
    private final ViolationMessages messages;

    RolesPage(AccessDecisions access, RoleAdministration administration, RoleAssignments assignments, RoleNames names,
            ViolationMessages messages) {
        this.access = access;
        this.administration = administration;
        this.assignments = assignments;
        this.names = names;
        this.messages = messages;
    }

    /** One function's row in the form: what is chosen now, and the scopes the function offers. */
    record Row(Permission function, String scope, Set<UUID> groups, List<String> choices) {}

    @RequiresFunction(Permission.ROLES_MANAGE)
    @GetMapping("/roles/new")
    String create(Model model) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        return form(s, null, "", "", "", rows(Map.of()), Map.of(), model);
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @PostMapping("/roles/new")
    String create(@RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        Map<Permission, Grant> grants = grants(form);
        try {
            RoleDefinition d = administration.create(s, first(form, "code"), new RoleDraft(first(form, "name"), first(form, "description"), grants));
            redirect.addFlashAttribute("notice", "roles.created");
            redirect.addFlashAttribute("noticeArg", names.name(d));
            return "redirect:/roles";
        } catch (ValidationFailedException | ConflictException refused) {
            return form(s, null, first(form, "code"), first(form, "name"), first(form, "description"), rows(grants), errors(refused), model);
        }
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @GetMapping("/roles/{code}")
    String edit(@PathVariable String code, Model model) {
        Subject s = access.require(Permission.ROLES_VIEW);
        RoleDefinition d = administration.find(s, role(code));
        return form(s, d, d.role().code(), d.name() == null ? "" : d.name(), d.description() == null ? "" : d.description(), rows(d.grants()),
                Map.of(), model);
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @PostMapping("/roles/{code}")
    String save(@PathVariable String code, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        RoleDefinition before = administration.find(s, role(code));
        Map<Permission, Grant> grants = grants(form);
        String name = before.builtIn() ? null : first(form, "name");
        String description = before.builtIn() ? null : first(form, "description");
        try {
            RoleDefinition d = administration.replace(s, before.role(), new RoleDraft(name, description, grants));
            redirect.addFlashAttribute("notice", "roles.saved");
            redirect.addFlashAttribute("noticeArg", names.name(d));
            return "redirect:/roles/" + d.role().code();
        } catch (ValidationFailedException | ConflictException refused) {
            return form(s, before, code, name == null ? "" : name, description == null ? "" : description, rows(grants), errors(refused), model);
        }
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @PostMapping("/roles/{code}/reset")
    String reset(@PathVariable String code, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        RoleDefinition before = administration.find(s, role(code));
        try {
            RoleDefinition d = administration.reset(s, before.role());
            redirect.addFlashAttribute("notice", "roles.reset");
            redirect.addFlashAttribute("noticeArg", names.name(d));
            return "redirect:/roles/" + code;
        } catch (ValidationFailedException e) {
            model.addAttribute("actionError", String.join("; ", messages.byField(e).values()));
            return form(s, before, code, "", "", rows(before.grants()), Map.of(), model);
        }
    }

    @RequiresFunction(Permission.ROLES_MANAGE)
    @PostMapping("/roles/{code}/delete")
    String delete(@PathVariable String code, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.ROLES_MANAGE);
        RoleDefinition before = administration.find(s, role(code));
        try {
            administration.delete(s, before.role());
            redirect.addFlashAttribute("notice", "roles.deleted");
            redirect.addFlashAttribute("noticeArg", names.name(before));
            return "redirect:/roles";
        } catch (ValidationFailedException | ConflictException refused) {
            model.addAttribute("actionError", String.join("; ", errors(refused).values()));
        }
        return form(s, before, code, before.name() == null ? "" : before.name(), before.description() == null ? "" : before.description(),
                rows(before.grants()), Map.of(), model);
    }

    private String form(Subject s, @Nullable RoleDefinition role, String code, String name, String description, List<Row> rows,
            Map<String, String> errors, Model model) {
        model.addAttribute("role", role);
        model.addAttribute("roleName", role == null ? "" : names.name(role));
        model.addAttribute("roleDescription", role == null ? "" : names.description(role));
        model.addAttribute("code", code);
        model.addAttribute("name", name);
        model.addAttribute("description", description);
        model.addAttribute("rows", rows);
        model.addAttribute("groups", assignments.groupNames(s.tenantId()));
        model.addAttribute("errors", errors);
        model.addAttribute("editable", s.has(Permission.ROLES_MANAGE) && (role == null || !role.role().protectedRole()));
        return "roles/form";
    }

    /** Every function a company role can grant (the provider's own only in the provider's company). */
    private List<Row> rows(Map<Permission, Grant> grants) {
        Subject s = access.current();
        List<Row> out = new ArrayList<>();
        for (Permission p : Permission.values()) {
            if (p == Permission.TENANTS_MANAGE && !s.provider()) {
                continue;
            }
            Grant g = grants.get(p);
            out.add(new Row(p, g == null ? "" : g.scope().code(), g == null ? Set.of() : g.groups(), scopeChoices(p)));
        }
        return out;
    }

    /** The form's {@code scope.<function>} and {@code groups.<function>} fields as grants; an unknown scope grants nothing. */
    private static Map<Permission, Grant> grants(MultiValueMap<String, String> form) {
        Map<Permission, Grant> out = new EnumMap<>(Permission.class);
        for (Permission p : Permission.values()) {
            String chosen = first(form, "scope." + p.code());
            Scope scope = chosen == null ? null : Scope.ofCode(chosen).orElse(null);
            if (scope == null) {
                continue;
            }
            Set<UUID> groups = new HashSet<>();
            for (String id : form.getOrDefault("groups." + p.code(), List.of())) {
                try {
                    groups.add(UUID.fromString(id));
                } catch (IllegalArgumentException ignored) {
                    // A forged value names no group; the grant is checked against the company's groups anyway.
                }
            }
            out.put(p, new Grant(scope, groups));
        }
        return out;
    }

    /** A refusal's messages by field, in the reader's language. */
    private Map<String, String> errors(RuntimeException refused) {
        return refused instanceof ConflictException conflict ? messages.byField(conflict) : messages.byField((ValidationFailedException) refused);
    }

    private static @Nullable String first(MultiValueMap<String, String> form, String key) {
        return form.getFirst(key);
    }

    private static Role role(String code) {
        return Role.parse(code).orElseThrow(() -> new NotFoundException("role"));
    }

    /** Scope choices for a function, in the order the form shows them. */
    private static List<String> scopeChoices(Permission p) {
        return Arrays.stream(Scope.values()).filter(p.scopes()::contains).map(Scope::code).toList();
    }
}
