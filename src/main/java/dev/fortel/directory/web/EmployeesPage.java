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
import dev.fortel.directory.Groups;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's employee list, creation form and edit page. */
@Controller
class EmployeesPage {

    private static final int PAGE = 50;

    private final Employees employees;
    private final Groups groups;
    private final EmployeeDirectory directory;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    EmployeesPage(Employees employees, Groups groups, EmployeeDirectory directory, AccessDecisions access, ViolationMessages messages) {
        this.messages = messages;
        this.employees = employees;
        this.groups = groups;
        this.directory = directory;
        this.access = access;
    }

    @RequiresFunction(Permission.EMPLOYEES_VIEW)
    @GetMapping("/employees")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor, Model model) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        EmployeeStatus st = "active".equals(status) ? EmployeeStatus.ACTIVE : "disabled".equals(status) ? EmployeeStatus.DISABLED : null;
        String query = q == null ? "" : q.length() > 200 ? q.substring(0, 200) : q;
        String after;
        try {
            after = Cursor.decode(cursor);
        } catch (ValidationFailedException e) {
            after = null;
        }
        List<Employee> page = employees.page(s.tenantId(), query, st, null, after, PAGE + 1, access.reachableEmployees(s, Permission.EMPLOYEES_VIEW));
        List<Employee> items = page.stream().limit(PAGE).toList();
        Set<UUID> related = new HashSet<>();
        items.forEach(e -> {
            if (e.supervisorId() != null) {
                related.add(e.supervisorId());
            }
        });
        model.addAttribute("items", items);
        model.addAttribute("names", employees.names(s.tenantId(), related));
        model.addAttribute("groupNames", groups.all(s.tenantId()).stream().collect(Collectors.toMap(g -> g.id(), g -> g.name())));
        model.addAttribute("q", query);
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("nextCursor", page.size() > PAGE ? Cursor.encode(items.getLast().login()) : null);
        return "employees/list";
    }

    @RequiresFunction(Permission.EMPLOYEES_MANAGE)
    @GetMapping("/employees/new")
    String newForm(Model model) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        return form(s, new EmployeeForm(), null, Map.of(), model);
    }

    @RequiresFunction(Permission.EMPLOYEES_MANAGE)
    @PostMapping("/employees/new")
    String create(@ModelAttribute("form") EmployeeForm form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        try {
            Employee e = directory.create(s, form.toDraft());
            redirect.addFlashAttribute("notice", "employees.created");
            redirect.addFlashAttribute("noticeArg", e.displayName());
            return "redirect:/employees/" + e.id();
        } catch (ValidationFailedException e) {
            return form(s, form, null, messages.byField(e), model);
        } catch (ConflictException e) {
            return form(s, form, null, messages.byField(e), model);
        }
    }

    @RequiresFunction(value = Permission.EMPLOYEES_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/employees/{id}")
    String edit(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        return form(s, EmployeeForm.of(e), e, Map.of(), model);
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}")
    String update(@PathVariable UUID id, @ModelAttribute("form") EmployeeForm form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee existing = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        try {
            var draft = form.toDraft();
            directory.update(s, id, base -> draft);
            redirect.addFlashAttribute("notice", "employees.saved");
            return "redirect:/employees/" + id;
        } catch (ValidationFailedException e) {
            return form(s, form, existing, messages.byField(e), model);
        } catch (ConflictException e) {
            return form(s, form, existing, messages.byField(e), model);
        }
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect, Model model) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee existing = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        try {
            directory.delete(s.tenantId(), id, s.employeeId());
        } catch (ValidationFailedException e) {
            return form(s, EmployeeForm.of(existing), existing, Map.of("delete", messages.text(e.violations().getFirst().text())), model);
        }
        redirect.addFlashAttribute("notice", "employees.deleted");
        redirect.addFlashAttribute("noticeArg", existing.displayName());
        return "redirect:/employees";
    }

    private String form(Subject s, EmployeeForm form, Employee existing, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("employee", existing);
        model.addAttribute("errors", errors);
        model.addAttribute("groups", groups.all(s.tenantId()));
        // Only people the viewer can see are offered as supervisors; the current supervisor stays offered even when out
        // of the viewer's reach, or saving the form would silently remove them.
        List<Employee> supervisors = new java.util.ArrayList<>(employees.page(s.tenantId(), null, EmployeeStatus.ACTIVE, null, null, 500,
                        access.reachableEmployees(s, Permission.EMPLOYEES_VIEW)).stream()
                .filter(e -> existing == null || !e.id().equals(existing.id())).toList());
        if (existing != null && existing.supervisorId() != null && supervisors.stream().noneMatch(e -> e.id().equals(existing.supervisorId()))) {
            employees.find(s.tenantId(), existing.supervisorId()).ifPresent(supervisors::addFirst);
        }
        model.addAttribute("supervisors", supervisors);
        model.addAttribute("editable", existing == null ? s.has(Permission.EMPLOYEES_MANAGE)
                : access.can(s, Permission.EMPLOYEES_MANAGE, dev.fortel.access.AccessTarget.employee(existing.id())));
        model.addAttribute("ownerLocked", existing != null && existing.roles().contains(dev.fortel.access.Role.OWNER));
        return "employees/form";
    }
}
