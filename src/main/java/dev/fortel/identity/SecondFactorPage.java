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
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
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
    private final PasskeyCeremonies ceremonies;

    SecondFactorPage(SecondFactorChallenge challenge, SecondFactors factors, Accounts accounts, AccessDecisions access, OpenSessions sessions,
            ApplicationEventPublisher events, StepUp stepUp, Clock clock, dev.fortel.platform.web.ViolationMessages messages,
            PasskeyCeremonies ceremonies) {
        this.ceremonies = ceremonies;
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
    @SuppressFBWarnings(value = "UNVALIDATED_REDIRECT", justification = "complete() returns a path of this console only")
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
        return "redirect:" + complete(s, (SecondFactorChallenge.Outcome.Passed) outcome, request, response, redirect);
    }

    /**
     * Completes a sign-in whose second factor passed: a new session id (an id seen during the password step is
     * worth nothing then), the step-up clock started, the sign-in journaled, the company's session settings
     * applied. Returns where to go: the request the sign-in interrupted, or the overview.
     */
    @SuppressFBWarnings(value = "RV_RETURN_VALUE_IGNORED_NO_SIDE_EFFECT", justification = "changeSessionId's effect is the new id")
    private String complete(Subject s, SecondFactorChallenge.Outcome.Passed passed, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        HttpSession session = request.getSession();
        session.removeAttribute(SecondFactorGate.PENDING);
        session.removeAttribute(ATTEMPTS);
        session.removeAttribute(SENT_TO);
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
            java.net.URI target = java.net.URI.create(saved.getRedirectUrl());
            return local(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
        }
        return "/";
    }

    @SignedInOnly(reason = "the second step of the caller's own sign-in: options for a passkey assertion")
    @PostMapping(path = SecondFactorGate.CODE_PAGE + "/passkey/options", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    ResponseEntity<String> passkeyOptionsForSignIn(HttpServletRequest request) {
        if (!pending(request)) {
            return ResponseEntity.status(409).body("{}");
        }
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .body(ceremonies.requestOptions(SecurityContextHolder.getContext().getAuthentication(), request.getSession()));
    }

    @SignedInOnly(reason = "the second step of the caller's own sign-in: checks a passkey assertion")
    @PostMapping(path = SecondFactorGate.CODE_PAGE + "/passkey", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    ResponseEntity<Map<String, String>> passkeyForSignIn(@RequestBody String body, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!pending(request)) {
            return ResponseEntity.status(409).body(Map.of("redirect", "/"));
        }
        Subject s = access.requirePerson();
        SecondFactorChallenge.Outcome outcome = passkeyOutcome(s, body, request, SecondFactorChallenge.Context.SIGN_IN);
        if (outcome instanceof SecondFactorChallenge.Outcome.Passed passed) {
            return ResponseEntity.ok(Map.of("redirect", complete(s, passed, request, response, redirect)));
        }
        HttpSession session = request.getSession();
        int attempts = session.getAttribute(ATTEMPTS) instanceof Integer n ? n + 1 : 1;
        if (((SecondFactorChallenge.Outcome.Failed) outcome).locked() || attempts >= MAX_ATTEMPTS) {
            session.invalidate();
            SecurityContextHolder.clearContext();
            return ResponseEntity.status(401).body(Map.of("redirect", "/login?error"));
        }
        session.setAttribute(ATTEMPTS, attempts);
        return ResponseEntity.status(401).body(Map.of("error", "refused"));
    }

    @SignedInOnly(reason = "the caller confirms a sensitive action with their own passkey: assertion options")
    @PostMapping(path = "/login/step-up/passkey/options", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    ResponseEntity<String> passkeyOptionsForStepUp(HttpServletRequest request) {
        access.requirePerson();
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .body(ceremonies.requestOptions(SecurityContextHolder.getContext().getAuthentication(), request.getSession()));
    }

    @SignedInOnly(reason = "the caller confirms a sensitive action with their own passkey")
    @PostMapping(path = "/login/step-up/passkey", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    ResponseEntity<Map<String, String>> passkeyForStepUp(@RequestBody String body,
            @RequestParam(name = "continue", required = false) @Nullable String next, HttpServletRequest request) {
        Subject s = access.requirePerson();
        SecondFactorChallenge.Outcome outcome = passkeyOutcome(s, body, request, SecondFactorChallenge.Context.STEP_UP);
        if (outcome instanceof SecondFactorChallenge.Outcome.Passed passed) {
            StepUp.proven(request.getSession(), clock.instant());
            RequestOrigin origin = RequestOrigin.of(request);
            events.publishEvent(new IdentityEvents.SteppedUp(s, passed.method(), origin.ip(), origin.userAgent()));
            return ResponseEntity.ok(Map.of("redirect", local(next)));
        }
        return ResponseEntity.status(401).body(Map.of("error", "refused"));
    }

    /** Checks an assertion: it must verify, and be a passkey of this person that their company accepts. */
    private SecondFactorChallenge.Outcome passkeyOutcome(Subject s, String body, HttpServletRequest request, SecondFactorChallenge.Context context) {
        Employee me = accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
        boolean verified;
        try {
            PasskeyCeremonies.Asserted asserted = ceremonies.authenticate(request.getSession(), body);
            verified = asserted.owner().employeeId().equals(s.employeeId()) && asserted.owner().tenantId().equals(s.tenantId())
                    && factors.passkeyUsable(s.tenantId(), s.employeeId(), asserted.owner().factorId());
        } catch (PasskeyCeremonies.Refused refused) {
            verified = false;
        }
        return challenge.passkey(me, verified, context, RequestOrigin.of(request));
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
        var usable = factors.usable(s.tenantId(), s.employeeId());
        model.addAttribute("hasApp", usable.stream().anyMatch(f -> f.method() == dev.fortel.identity.factors.FactorMethod.TOTP));
        model.addAttribute("hasPasskey", usable.stream().anyMatch(f -> f.method() == dev.fortel.identity.factors.FactorMethod.PASSKEY));
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
