package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.SipAccount;
import dev.fortel.telephony.SipAccounts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An employee's SIP accounts in the console: list, create, a new password, delete, and "show password",
 * which answers with a page that shows it once (the reveal is journaled; a recent second factor is asked
 * for first when the viewer has one).
 */
@Controller
class SipAccountsPage {

    private final SipAccounts accounts;
    private final Employees employees;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;

    SipAccountsPage(SipAccounts accounts, Employees employees, AccessDecisions access, StepUp stepUp, ViolationMessages messages) {
        this.accounts = accounts;
        this.employees = employees;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
    }

    @RequiresFunction(value = Permission.SIP_ACCOUNTS_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/employees/{id}/sip-accounts")
    String list(@PathVariable UUID id, Model model) {
        return page(employee(Permission.SIP_ACCOUNTS_VIEW, id), model, null, null);
    }

    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sip-accounts")
    String create(@PathVariable UUID id, @RequestParam(name = "username", required = false) @Nullable String username, Model model,
            RedirectAttributes redirect) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        try {
            SipAccount a = accounts.create(access.current(), e, username);
            redirect.addFlashAttribute("notice", "sip.notice.created");
            redirect.addFlashAttribute("noticeArg", a.address());
        } catch (ValidationFailedException invalid) {
            return page(e, model, messages.text(invalid.violations().get(0).text()), null);
        } catch (ConflictException conflict) {
            return page(e, model, messages.text(conflict.violation().text()), null);
        }
        return "redirect:/employees/" + id + "/sip-accounts";
    }

    @RequiresFunction(value = Permission.SIP_CREDENTIALS_REVEAL, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sip-accounts/{accountId}/reveal")
    String reveal(@PathVariable UUID id, @PathVariable UUID accountId, HttpServletRequest request, Model model) {
        Employee e = employee(Permission.SIP_CREDENTIALS_REVEAL, id);
        SipAccount a = accounts.find(e.tenantId(), e.id(), accountId).orElseThrow(() -> new NotFoundException("SIP account"));
        stepUp.require(access.current());
        model.addAttribute("revealed", a);
        model.addAttribute("password", accounts.reveal(access.current(), e, accountId, RequestOrigin.of(request)));
        return page(e, model, null, a);
    }

    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sip-accounts/{accountId}/password")
    String rotate(@PathVariable UUID id, @PathVariable UUID accountId, RedirectAttributes redirect) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        SipAccount a = accounts.rotate(access.current(), e, accountId);
        redirect.addFlashAttribute("notice", "sip.notice.rotated");
        redirect.addFlashAttribute("noticeArg", a.address());
        return "redirect:/employees/" + id + "/sip-accounts";
    }

    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sip-accounts/{accountId}/delete")
    String delete(@PathVariable UUID id, @PathVariable UUID accountId, RedirectAttributes redirect) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        accounts.delete(access.current(), e, accountId);
        redirect.addFlashAttribute("notice", "sip.notice.deleted");
        return "redirect:/employees/" + id + "/sip-accounts";
    }

    private String page(Employee e, Model model, @Nullable String error, @Nullable SipAccount revealed) {
        Subject s = access.current();
        AccessTarget target = new AccessTarget.Employee(e.id());
        model.addAttribute("employee", e);
        model.addAttribute("accounts", accounts.of(e.tenantId(), e.id()));
        model.addAttribute("domain", accounts.domainOf(e.tenantId()));
        model.addAttribute("canManage", access.can(s, Permission.SIP_ACCOUNTS_MANAGE, target));
        model.addAttribute("canReveal", access.can(s, Permission.SIP_CREDENTIALS_REVEAL, target));
        model.addAttribute("error", error);
        return "employees/sip-accounts";
    }

    private Employee employee(Permission function, UUID id) {
        Subject s = access.requireOn(function, new AccessTarget.Employee(id));
        return employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
    }
}
