package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's view of an employee's failed sign-ins and lock, with the administrator's unlock. */
@Controller
class SignInStatusPage {

    private final GuessingProtection guards;
    private final Employees employees;
    private final AccessDecisions access;
    private final ApplicationEventPublisher events;
    private final SignInPolicies policies;

    SignInStatusPage(GuessingProtection guards, Employees employees, AccessDecisions access, ApplicationEventPublisher events,
            SignInPolicies policies) {
        this.policies = policies;
        this.guards = guards;
        this.employees = employees;
        this.access = access;
        this.events = events;
    }

    @RequiresFunction(value = Permission.EMPLOYEES_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/employees/{id}/sign-in")
    String show(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        model.addAttribute("employee", e);
        model.addAttribute("status", guards.status(s.tenantId(), id).orElse(null));
        model.addAttribute("canUnlock", access.can(s, Permission.EMPLOYEES_MANAGE, dev.fortel.access.AccessTarget.employee(id)));
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        SignInPolicy.Lockout rules = policies.of(s.tenantId()).lockout();
        model.addAttribute("rule", java.util.List.of(rules.maxFailures(), DurationText.of(rules.window(), locale),
                DurationText.of(rules.lock(), locale), DurationText.of(rules.lockMax(), locale)));
        model.addAttribute("permanentMode", rules.mode() == SignInPolicy.LockMode.PERMANENT);
        return "employees/sign-in";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/unlock")
    @Transactional
    String unlock(@PathVariable UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        if (guards.unlock(s.tenantId(), id)) {
            events.publishEvent(new IdentityEvents.AccountUnlocked(s.tenantId(), e.id(), e.login()));
            redirect.addFlashAttribute("notice", "signin.unlocked");
            redirect.addFlashAttribute("noticeArg", e.displayName());
        }
        return "redirect:/employees/" + id + "/sign-in";
    }
}
