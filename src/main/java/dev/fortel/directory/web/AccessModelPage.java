package dev.fortel.directory.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Role;
import dev.fortel.access.RoleAdministration;
import dev.fortel.access.RoleBook;
import dev.fortel.access.RoleDefinition;
import dev.fortel.access.RoleNames;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.Employees;
import dev.fortel.directory.Groups;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's view of the access model: roles × functions, and one employee's functions with copying access. */
@Controller
class AccessModelPage {

    private final AccessDecisions access;
    private final Employees employees;
    private final EmployeeDirectory directory;
    private final Groups groups;
    private final ViolationMessages messages;

    private final RoleAdministration administration;
    private final RoleBook book;
    private final RoleNames names;
    private final dev.fortel.access.OrgCharts charts;

    AccessModelPage(AccessDecisions access, Employees employees, EmployeeDirectory directory, Groups groups, ViolationMessages messages,
            RoleAdministration administration, RoleBook book, RoleNames names, dev.fortel.access.OrgCharts charts) {
        this.charts = charts;
        this.administration = administration;
        this.book = book;
        this.names = names;
        this.groups = groups;
        this.access = access;
        this.employees = employees;
        this.directory = directory;
        this.messages = messages;
    }

    @RequiresFunction(Permission.ROLES_VIEW)
    @GetMapping("/roles")
    String roles(Model model) {
        Subject s = access.require(Permission.ROLES_VIEW);
        List<RoleDefinition> roles = administration.list(s);
        model.addAttribute("roles", roles);
        // Functions no visible role grants (the provider's own, for a client company) are left out of the matrix.
        model.addAttribute("functions", Arrays.stream(Permission.values())
                .filter(p -> roles.stream().anyMatch(r -> r.grants(p))).toList());
        model.addAttribute("canManage", s.has(Permission.ROLES_MANAGE));
        return "roles/list";
    }

    @RequiresFunction(value = Permission.ROLES_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/employees/{id}/access")
    String employee(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.ROLES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return page(s, e, null, Map.of(), model);
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/copy-access")
    String copy(@PathVariable UUID id, @RequestParam(name = "from", required = false) String from, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        UUID source;
        try {
            source = UUID.fromString(from == null ? "" : from.strip());
        } catch (IllegalArgumentException bad) {
            return page(s, e, from, messages.byField(List.of(new ValidationFailedException.Violation("from", "form.employee",
                    "choose an employee from the list"))), model);
        }
        try {
            directory.copyAccess(s, id, source);
        } catch (ValidationFailedException failed) {
            return page(s, e, from, messages.byField(failed), model);
        }
        String name = employees.find(s.tenantId(), source).map(Employee::displayName).orElse("");
        redirect.addFlashAttribute("notice", "access.copied");
        redirect.addFlashAttribute("noticeArg", name);
        return "redirect:/employees/" + id + "/access";
    }

    private String page(Subject s, Employee e, String from, Map<String, String> errors, Model model) {
        model.addAttribute("employee", e);
        AccessModelApi.Paths paths = AccessModelApi.Paths.of(book, groups, names, charts, s.tenantId());
        model.addAttribute("effective", AccessModelApi.effective(e, paths));
        model.addAttribute("accessors", AccessModelApi.accessors(employees, paths, s.tenantId(), List.of(Permission.EMPLOYEES_MANAGE), dev.fortel.access.AccessTarget.employee(e.id()),
                null, 500).items());
        model.addAttribute("canCopy", s.has(Permission.EMPLOYEES_MANAGE));
        model.addAttribute("others", employees.page(s.tenantId(), "", null, null, null, 500, access.reachableEmployees(s, Permission.EMPLOYEES_VIEW)).stream().filter(o -> !o.id().equals(e.id())).toList());
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("errors", errors);
        model.addAttribute("ownerRole", Role.OWNER);
        return "employees/access";
    }
}
