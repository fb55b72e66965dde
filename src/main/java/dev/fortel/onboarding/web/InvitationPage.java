package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.onboarding.EmployeeInvitations;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The console's "activation link" button on an employee's page (shows the new link once; it is mailed too) and its
 * "reset password" button (mails the link to the employee only).
 */
@Controller
class InvitationPage {

    private final EmployeeInvitations invitations;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    InvitationPage(EmployeeInvitations invitations, AccessDecisions access, ViolationMessages messages) {
        this.messages = messages;
        this.invitations = invitations;
        this.access = access;
    }

    /** The link is shown once, right after it is made; coming back (a reload, a language switch) leads to the employee. */
    @SignedInOnly(reason = "only redirects to the employee's page, which requires employees.view itself")
    @GetMapping("/employees/{id}/activation-link")
    String shownOnlyOnce(@PathVariable UUID id) {
        return "redirect:/employees/" + id;
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/activation-link")
    String issue(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        EmployeeInvitations.Invitation inv;
        try {
            inv = invitations.invite(s, id);
        } catch (ValidationFailedException e) {
            redirect.addFlashAttribute("invitationError", messages.text(e.violations().getFirst().text()));
            return "redirect:/employees/" + id;
        }
        model.addAttribute("employee", inv.employee());
        model.addAttribute("activationUrl", inv.url());
        return "employees/invitation";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/password-reset")
    String reset(@PathVariable UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        try {
            EmployeeInvitations.Reset reset = invitations.resetPassword(s, id);
            redirect.addFlashAttribute("notice", "reset.done");
            redirect.addFlashAttribute("noticeArg", reset.mailedTo());
        } catch (ValidationFailedException e) {
            redirect.addFlashAttribute("resetError", messages.text(e.violations().getFirst().text()));
        }
        return "redirect:/employees/" + id;
    }
}
