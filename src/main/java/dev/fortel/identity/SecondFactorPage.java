package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's second step of sign-in (a code after the password) and its step-up page (a code before a
 * sensitive action). A pending sign-in allows {@value #MAX_ATTEMPTS} wrong codes, then ends: the person starts
 * again with the password, and every wrong code has counted toward the account's lock.
 */
@Controller
class SecondFactorPage {

    static final int MAX_ATTEMPTS = 5;
    static final String ATTEMPTS = "fortel.secondFactorAttempts";
    /** Session attribute: where the latest code was sent, as shown to the person. */
    static final String SENT_TO = "fortel.secondFactorSentTo";

    private final SecondFactorChallenge challenge;
    private final SecondFactors factors;
    private final Accounts accounts;
    private final AccessDecisions access;
    private final OpenSessions sessions;
    private final ApplicationEventPublisher events;
    private final StepUp stepUp;
    private final Clock clock;
    private final dev.fortel.platform.web.ViolationMessages messages;

    SecondFactorPage(SecondFactorChallenge challenge, SecondFactors factors, Accounts accounts, AccessDecisions access, OpenSessions sessions,
            ApplicationEventPublisher events, StepUp stepUp, Clock clock, dev.fortel.platform.web.ViolationMessages messages) {
        this.messages = messages;
        this.challenge = challenge;
        this.factors = factors;
        this.accounts = accounts;
        this.access = access;
        this.sessions = sessions;
        this.events = events;
        this.stepUp = stepUp;
        this.clock = clock;
    }

    @SignedInOnly(reason = "the second step of the caller's own sign-in: the password was right, a code is due")
    @GetMapping(SecondFactorGate.CODE_PAGE)
    String codeForm(HttpServletRequest request, Model model) {
        if (!pending(request)) {
            return "redirect:/";
        }
        return codePage(access.requirePerson(), request, model, false);
    }

    /**
     * Right after the password: a person whose only factors are sent codes (no app) gets the first code
     * without asking. A refusal to send (too many codes lately, the SMS gateway down) leaves the buttons.
     */
    static void sendFirstCodeIfOnlySent(SecondFactors factors, Subject s, HttpSession session) {
        boolean app = factors.usable(s.tenantId(), s.employeeId()).stream().anyMatch(f -> !f.method().sent());
        var sendable = factors.sendable(s.tenantId(), s.employeeId());
        if (app || sendable.isEmpty()) {
            return;
        }
        try {
            session.setAttribute(SENT_TO, factors.sendSignInCode(s.tenantId(), s.employeeId(), s.displayName(), sendable.keySet().iterator().next()));
        } catch (dev.fortel.platform.ConflictException refused) {
            session.removeAttribute(SENT_TO);
        }
    }

    @SignedInOnly(reason = "the second step of the caller's own sign-in: sends a code by e-mail or SMS")
    @PostMapping(SecondFactorGate.CODE_PAGE + "/send")
    String sendForSignIn(@RequestParam(name = "method", required = false) @Nullable String method, HttpServletRequest request,
            RedirectAttributes redirect) {
        if (!pending(request)) {
            return "redirect:/";
        }
        send(access.requirePerson(), method, request.getSession(), redirect);
        return "redirect:" + SecondFactorGate.CODE_PAGE;
    }

    @SignedInOnly(reason = "the caller asks for a code by e-mail or SMS to confirm a sensitive action")
    @PostMapping("/login/step-up/send")
    String sendForStepUp(@RequestParam(name = "method", required = false) @Nullable String method,
            @RequestParam(name = "continue", required = false) @Nullable String next, HttpServletRequest request, RedirectAttributes redirect) {
        send(access.requirePerson(), method, request.getSession(), redirect);
        redirect.addAttribute("continue", local(next));
        return "redirect:/login/step-up";
    }

    private void send(Subject s, @Nullable String method, HttpSession session, RedirectAttributes redirect) {
        var chosen = dev.fortel.identity.factors.FactorMethod.fromCode(method == null ? "" : method).filter(m -> m.sent());
        if (chosen.isEmpty()) {
            return;
        }
        try {
            session.setAttribute(SENT_TO, factors.sendSignInCode(s.tenantId(), s.employeeId(), s.displayName(), chosen.get()));
        } catch (dev.fortel.platform.ConflictException refused) {
            redirect.addFlashAttribute("sendError", messages.text(refused.violation().text()));
        }
    }

    @SignedInOnly(reason = "the second step of the caller's own sign-in: checks the code")
    @PostMapping(SecondFactorGate.CODE_PAGE)
    @SuppressFBWarnings(value = {"RV_RETURN_VALUE_IGNORED_NO_SIDE_EFFECT", "UNVALIDATED_REDIRECT"},
            justification = "changeSessionId's effect is the new id; the redirect target is the request this session saved itself")
    String checkCode(@RequestParam(name = "code", required = false) @Nullable String code, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!pending(request)) {
            return "redirect:/";
        }
        Subject s = access.requirePerson();
        Employee me = accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
        HttpSession session = request.getSession();
        SecondFactorChallenge.Outcome outcome = challenge.check(me, code == null ? "" : code, SecondFactorChallenge.Context.SIGN_IN,
                RequestOrigin.of(request));
        if (outcome instanceof SecondFactorChallenge.Outcome.Failed failed) {
            int attempts = session.getAttribute(ATTEMPTS) instanceof Integer n ? n + 1 : 1;
            if (failed.locked() || attempts >= MAX_ATTEMPTS) {
                session.invalidate();
                SecurityContextHolder.clearContext();
                return "redirect:/login?error";
            }
            session.setAttribute(ATTEMPTS, attempts);
            return codePage(s, request, model, true);
        }
        SecondFactorChallenge.Outcome.Passed passed = (SecondFactorChallenge.Outcome.Passed) outcome;
        session.removeAttribute(SecondFactorGate.PENDING);
        session.removeAttribute(ATTEMPTS);
        session.removeAttribute(SENT_TO);
        // A new id now that the sign-in is complete: an id seen during the password step is worth nothing.
        request.changeSessionId();
        StepUp.proven(session, clock.instant());
        Subject signedIn = s.withSessionRef(SessionRefs.of(session.getId()));
        RequestOrigin origin = RequestOrigin.of(request);
        events.publishEvent(new IdentityEvents.SignInSucceeded(signedIn, "password_form+" + passed.method(), origin.ip(), origin.userAgent()));
        sessions.signedIn(request, signedIn);
        fewCodesNotice(passed, redirect);
        SavedRequest saved = new HttpSessionRequestCache().getRequest(request, response);
        if (saved != null) {
            new HttpSessionRequestCache().removeRequest(request, response);
            return "redirect:" + saved.getRedirectUrl();
        }
        return "redirect:/";
    }

    @SignedInOnly(reason = "the caller confirms a sensitive action with their own second factor")
    @GetMapping("/login/step-up")
    String stepUpForm(@RequestParam(name = "continue", required = false) @Nullable String next, HttpServletRequest request, Model model) {
        Subject s = access.requirePerson();
        if (factors.usable(s.tenantId(), s.employeeId()).isEmpty()) {
            return "redirect:" + local(next);
        }
        model.addAttribute("minutes", Math.max(1, stepUp.window(s).toMinutes()));
        return stepUpPage(s, request, model, next, false);
    }

    @SignedInOnly(reason = "the caller confirms a sensitive action with their own second factor")
    @PostMapping("/login/step-up")
    @SuppressFBWarnings(value = "UNVALIDATED_REDIRECT", justification = "local() keeps the target to a path of this console")
    String checkStepUp(@RequestParam(name = "code", required = false) @Nullable String code,
            @RequestParam(name = "continue", required = false) @Nullable String next, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        Employee me = accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
        RequestOrigin origin = RequestOrigin.of(request);
        SecondFactorChallenge.Outcome outcome = challenge.check(me, code == null ? "" : code, SecondFactorChallenge.Context.STEP_UP, origin);
        if (outcome instanceof SecondFactorChallenge.Outcome.Passed passed) {
            StepUp.proven(request.getSession(), clock.instant());
            request.getSession().removeAttribute(SENT_TO);
            events.publishEvent(new IdentityEvents.SteppedUp(s, passed.method(), origin.ip(), origin.userAgent()));
            fewCodesNotice(passed, redirect);
            if (!redirect.getFlashAttributes().containsKey("notice")) {
                redirect.addFlashAttribute("notice", "stepUp.done");
            }
            return "redirect:" + local(next);
        }
        model.addAttribute("minutes", Math.max(1, stepUp.window(s).toMinutes()));
        model.addAttribute("locked", ((SecondFactorChallenge.Outcome.Failed) outcome).locked());
        return stepUpPage(s, request, model, next, true);
    }

    private String codePage(Subject s, HttpServletRequest request, Model model, boolean wrong) {
        // Nothing of the console is shown before the sign-in is complete: no navigation, no name.
        model.addAttribute("me", null);
        model.addAttribute("wrong", wrong);
        codeChoices(s, request, model);
        return "auth/second-factor";
    }

    private String stepUpPage(Subject s, HttpServletRequest request, Model model, @Nullable String next, boolean wrong) {
        model.addAttribute("next", local(next));
        model.addAttribute("wrong", wrong);
        codeChoices(s, request, model);
        return "auth/step-up";
    }

    /** Which codes the person can ask to be sent, whether they have an app, and where the latest code went. */
    private void codeChoices(Subject s, HttpServletRequest request, Model model) {
        model.addAttribute("sendable", factors.sendable(s.tenantId(), s.employeeId()));
        model.addAttribute("hasApp", factors.usable(s.tenantId(), s.employeeId()).stream().anyMatch(f -> !f.method().sent()));
        HttpSession session = request.getSession(false);
        model.addAttribute("sentTo", session == null ? null : session.getAttribute(SENT_TO));
    }

    private static void fewCodesNotice(SecondFactorChallenge.Outcome.Passed passed, RedirectAttributes redirect) {
        if (passed.fewRecoveryCodesLeft()) {
            redirect.addFlashAttribute("notice", "factors.fewCodesLeft");
            redirect.addFlashAttribute("noticeArg", passed.recoveryCodesLeft());
        }
    }

    private static boolean pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && Boolean.TRUE.equals(session.getAttribute(SecondFactorGate.PENDING));
    }

    /** Only a path of this console: never another site ({@code //host}, {@code https://}) or a scheme trick. */
    static String local(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 512
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
