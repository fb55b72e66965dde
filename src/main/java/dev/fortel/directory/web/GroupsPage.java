package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Group;
import dev.fortel.directory.GroupDirectory;
import dev.fortel.directory.GroupDraft;
import dev.fortel.directory.Groups;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's groups: a list with an add form, and an edit page with the members. */
@Controller
class GroupsPage {

    private final Groups groups;
    private final Employees employees;
    private final GroupDirectory directory;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    private final dev.fortel.access.RoleBook book;
    private final dev.fortel.access.RoleNames names;
    private final dev.fortel.access.OrgCharts charts;

    GroupsPage(Groups groups, Employees employees, GroupDirectory directory, AccessDecisions access, ViolationMessages messages,
            dev.fortel.access.RoleBook book, dev.fortel.access.RoleNames names, dev.fortel.access.OrgCharts charts) {
        this.book = book;
        this.names = names;
        this.charts = charts;
        this.messages = messages;
        this.groups = groups;
        this.employees = employees;
        this.directory = directory;
        this.access = access;
    }

    @RequiresFunction(Permission.GROUPS_VIEW)
    @GetMapping("/groups")
    String list(Model model) {
        Subject s = access.require(Permission.GROUPS_VIEW);
        model.addAttribute("items", visible(s));
        model.addAttribute("form", Map.of("name", "", "description", ""));
        model.addAttribute("errors", Map.of());
        return "groups/list";
    }

    @RequiresFunction(Permission.GROUPS_MANAGE)
    @PostMapping("/groups")
    String create(@RequestParam String name, @RequestParam(required = false) String description, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        try {
            Group g = directory.create(s, new GroupDraft(name, description));
            redirect.addFlashAttribute("notice", "groups.created");
            redirect.addFlashAttribute("noticeArg", g.name());
            return "redirect:/groups";
        } catch (ValidationFailedException e) {
            model.addAttribute("errors", messages.byField(e));
        } catch (ConflictException e) {
            model.addAttribute("errors", messages.byField(e));
        }
        model.addAttribute("items", visible(s));
        model.addAttribute("form", Map.of("name", name, "description", description == null ? "" : description));
        return "groups/list";
    }

    @RequiresFunction(value = Permission.GROUPS_VIEW, object = ObjectKind.GROUP)
    @GetMapping("/groups/{id}")
    String edit(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.GROUPS_VIEW);
        Group g = groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        return form(s, g, Map.of("name", g.name(), "description", g.description() == null ? "" : g.description()), Map.of(), model);
    }

    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @PostMapping("/groups/{id}")
    String update(@PathVariable UUID id, @RequestParam String name, @RequestParam(required = false) String description, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        Group g = groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        try {
            directory.update(s.tenantId(), id, base -> new GroupDraft(name, description));
            redirect.addFlashAttribute("notice", "groups.saved");
            return "redirect:/groups/" + id;
        } catch (ValidationFailedException e) {
            return form(s, g, Map.of("name", name, "description", description == null ? "" : description), messages.byField(e), model);
        } catch (ConflictException e) {
            return form(s, g, Map.of("name", name, "description", description == null ? "" : description), messages.byField(e), model);
        }
    }

    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @PostMapping("/groups/{id}/delete")
    String delete(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        Group g = groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        try {
            directory.delete(s, id);
        } catch (ValidationFailedException refused) {
            model.addAttribute("deleteError", messages.byField(refused).values().iterator().next());
            return form(s, g, Map.of("name", g.name(), "description", g.description() == null ? "" : g.description()), Map.of(), model);
        }
        redirect.addFlashAttribute("notice", "groups.deleted");
        redirect.addFlashAttribute("noticeArg", g.name());
        return "redirect:/groups";
    }

    /** The roles the group carries to its members (owner and operator are never offered). */
    @RequiresFunction(value = Permission.GROUPS_MANAGE, object = ObjectKind.GROUP)
    @PostMapping("/groups/{id}/roles")
    String roles(@PathVariable UUID id, @RequestParam(name = "roles", required = false) java.util.List<String> roles, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.GROUPS_MANAGE);
        Group g = groups.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("group"));
        java.util.Set<dev.fortel.access.Role> chosen = new java.util.TreeSet<>();
        (roles == null ? java.util.List.<String>of() : roles).forEach(code -> dev.fortel.access.Role.parse(code).ifPresent(chosen::add));
        try {
            directory.assignRoles(s, id, chosen);
        } catch (ValidationFailedException refused) {
            model.addAttribute("rolesError", String.join("; ", messages.byField(refused).values()));
            return form(s, g, Map.of("name", g.name(), "description", g.description() == null ? "" : g.description()), Map.of(), model);
        }
        redirect.addFlashAttribute("notice", "groups.rolesSaved");
        redirect.addFlashAttribute("noticeArg", g.name());
        return "redirect:/groups/" + id;
    }

    /** The groups the viewer's groups.view reaches. */
    private java.util.List<Group> visible(Subject s) {
        java.util.Set<UUID> within = access.reachableGroups(s, Permission.GROUPS_VIEW);
        return groups.all(s.tenantId()).stream().filter(g -> within == null || within.contains(g.id())).toList();
    }

    private String form(Subject s, Group g, Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("carried", groups.roles(s.tenantId(), g.id()).stream().map(dev.fortel.access.Role::code).toList());
        model.addAttribute("group", g);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("members", employees.page(s.tenantId(), null, null, g.id(), null, 500, access.reachableEmployees(s, Permission.EMPLOYEES_VIEW)));
        model.addAttribute("editable", access.can(s, Permission.GROUPS_MANAGE, dev.fortel.access.AccessTarget.group(g.id())));
        // Who can manage the group, for those who may read roles and paths (as on an employee's Access page).
        model.addAttribute("accessors", !s.has(Permission.ROLES_VIEW) ? null : AccessModelApi.accessors(employees,
                AccessModelApi.Paths.of(book, groups, names, charts, s.tenantId()), s.tenantId(), java.util.List.of(Permission.GROUPS_MANAGE),
                dev.fortel.access.AccessTarget.group(g.id()), null, 500).items());
        return "groups/form";
    }
}
