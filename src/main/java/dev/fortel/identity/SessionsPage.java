package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's session pages: "My sessions" and "Change password" for everyone signed in, and an employee's
 * sessions for administrators. Ending the session in use is signing out.
 */
@Controller
class SessionsPage {

    private final OpenSessions sessions;
    private final PasswordChange passwords;
    private final SignInPolicies policies;
    private final Accounts accounts;
    private final Employees employees;
    private final AccessDecisions access;
    private final ViolationMessages messages;
    private final PasswordPolicy passwordPolicy;

    private final SecondFactors secondFactors;

    SessionsPage(OpenSessions sessions, PasswordChange passwords, SignInPolicies policies, Accounts accounts, Employees employees,
            AccessDecisions access, ViolationMessages messages, PasswordPolicy passwordPolicy, SecondFactors secondFactors) {
        this.secondFactors = secondFactors;
        this.passwordPolicy = passwordPolicy;
        this.sessions = sessions;
        this.passwords = passwords;
        this.policies = policies;
        this.accounts = accounts;
        this.employees = employees;
        this.access = access;
        this.messages = messages;
    }

    @SignedInOnly(reason = "the caller's own sessions")
    @GetMapping("/me/sessions")
    String mine(Model model) {
        Subject s = access.requirePerson();
        Employee me = accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
        model.addAttribute("sessions", sessions.of(me, s.sessionRef()));
        model.addAttribute("limits", limits(me));
        model.addAttribute("agents", UserAgents.INSTANCE);
        return "me/sessions";
    }

    @SignedInOnly(reason = "ends one of the caller's own sessions")
    @PostMapping("/me/sessions/end")
    String endMine(@RequestParam String ref, HttpServletRequest request, RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        Employee me = accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
        String normalized = OpenSessions.normalize(ref);
        if (!end(s, me, normalized, redirect)) {
            return "redirect:/me/sessions";
        }
        if (normalized.equals(s.sessionRef())) {
            // The session in use is gone from the store: finish the job as a sign-out would.
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            return "redirect:/login?logout";
        }
        redirect.addFlashAttribute("notice", "sessions.ended");
        return "redirect:/me/sessions";
    }

    @SignedInOnly(reason = "the caller's own password form")
    @GetMapping("/me/password")
    String passwordForm(Model model) {
        Subject s = access.requirePerson();
        return passwordPage(s, Map.of(), model);
    }

    /** The change form, with the company's rules beside the field and, when the password has expired, why the person is here. */
    private String passwordPage(Subject s, Map<String, String> errors, Model model) {
        model.addAttribute("errors", errors);
        model.addAttribute("rules", passwordPolicy.describe(s.tenantId()).stream().map(messages::text).toList());
        model.addAttribute("expired", passwordPolicy.expired(s.tenantId(), s.employeeId()));
        return "me/password";
    }

    @SignedInOnly(reason = "changes the caller's own password, proven by the current one")
    @PostMapping("/me/password")
    @SuppressFBWarnings(value = "RV_RETURN_VALUE_IGNORED_NO_SIDE_EFFECT",
            justification = "changeSessionId's effect is the new id of the session; the id itself must not be handled here")
    String changePassword(@RequestParam(name = "currentPassword", required = false) @Nullable String current,
            @RequestParam(name = "newPassword", required = false) @Nullable String next,
            @RequestParam(name = "confirm", required = false) @Nullable String confirm, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        if (next != null && !next.equals(confirm)) {
            return passwordPage(s, Map.of("confirm", messages.text(new ValidationFailedException.Violation("confirm",
                    "password.mismatch", "the two passwords differ; type the same password twice").text())), model);
        }
        PasswordChange.Outcome outcome;
        try {
            outcome = passwords.change(s, current, next, RequestOrigin.of(request));
        } catch (ValidationFailedException e) {
            return passwordPage(s, messages.byField(e), model);
        }
        // Whoever may have copied this session's cookie before the change loses it now.
        request.changeSessionId();
        redirect.addFlashAttribute("notice", "password.changed");
        redirect.addFlashAttribute("noticeArg", outcome.consoleSessionsEnded() + outcome.apiTokensRevoked());
        return "redirect:/me/sessions";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @GetMapping("/employees/{id}/sessions")
    String ofEmployee(@PathVariable UUID id, Model model) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        model.addAttribute("employee", e);
        model.addAttribute("sessions", sessions.of(e, s.sessionRef()));
        model.addAttribute("limits", limits(e));
        model.addAttribute("agents", UserAgents.INSTANCE);
        String refusal = null;
        try {
            sessions.checkMayEnd(s, e);
        } catch (ValidationFailedException refused) {
            refusal = messages.text(refused.violations().getFirst().text());
        }
        model.addAttribute("refusal", refusal);
        model.addAttribute("secondFactors", secondFactors.list(e.tenantId(), e.id()).stream()
                .filter(dev.fortel.identity.factors.EnrolledFactor::confirmed).toList());
        return "employees/sessions";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sessions/end")
    String endOne(@PathVariable UUID id, @RequestParam String ref, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        try {
            sessions.checkMayEnd(s, e);
        } catch (ValidationFailedException refused) {
            redirect.addFlashAttribute("error", messages.text(refused.violations().getFirst().text()));
            return "redirect:/employees/" + id + "/sessions";
        }
        if (end(s, e, OpenSessions.normalize(ref), redirect)) {
            redirect.addFlashAttribute("notice", "sessions.ended");
        }
        return "redirect:/employees/" + id + "/sessions";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/sessions/end-all")
    String endAll(@PathVariable UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        try {
            sessions.checkMayEnd(s, e);
        } catch (ValidationFailedException refused) {
            redirect.addFlashAttribute("error", messages.text(refused.violations().getFirst().text()));
            return "redirect:/employees/" + id + "/sessions";
        }
        OpenSessions.Ended ended = sessions.endAll(s, e);
        redirect.addFlashAttribute("notice", "sessions.endedAll");
        redirect.addFlashAttribute("noticeArg", ended.consoleSessions() + ended.apiTokens());
        return "redirect:/employees/" + id + "/sessions";
    }

    /** Ends the session; a reference that names no working session (ended meanwhile, or never) is said so on the page. */
    private boolean end(Subject s, Employee e, String ref, RedirectAttributes redirect) {
        try {
            sessions.end(s, e, ref);
            return true;
        } catch (NotFoundException gone) {
            redirect.addFlashAttribute("error", messages.text(new org.springframework.context.support.DefaultMessageSourceResolvable(
                    new String[] {"sessions.gone"}, "This session has already ended.")));
            return false;
        }
    }

    /** The company's session settings as a sentence's parts: idle timeout, absolute lifetime, concurrent limit (0: none). */
    private List<Object> limits(Employee e) {
        SignInPolicy.Sessions limits = policies.of(e.tenantId()).sessions();
        Locale locale = LocaleContextHolder.getLocale();
        return List.of(DurationText.of(limits.idleTimeout(), locale), DurationText.of(limits.absoluteLifetime(), locale),
                limits.maxConcurrent());
    }
}
