package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.identity.factors.EnrolledFactor;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
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
 * The console's "Two-factor sign-in" page: one's own factors, setting up an authenticator app (QR code,
 * then the first code), recovery codes, removal. Adding a factor when one exists, removing one and making
 * new recovery codes need a recent second factor (step-up), so a borrowed session cannot swap the factors.
 */
@Controller
class TwoFactorPage {

    private final SecondFactors factors;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;
    private final Clock clock;
    private final dev.fortel.directory.Employees employees;
    private final OpenSessions sessions;

    private final PasskeyCeremonies ceremonies;
    private final PasskeyStore passkeys;

    /** Session attribute: recovery codes to show once on the page after a passkey was added (the browser navigates there). */
    static final String CODES_TO_SHOW = "fortel.recoveryCodesToShow";

    TwoFactorPage(SecondFactors factors, AccessDecisions access, StepUp stepUp, ViolationMessages messages, Clock clock,
            dev.fortel.directory.Employees employees, OpenSessions sessions, PasskeyCeremonies ceremonies, PasskeyStore passkeys) {
        this.ceremonies = ceremonies;
        this.passkeys = passkeys;
        this.employees = employees;
        this.sessions = sessions;
        this.factors = factors;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
        this.clock = clock;
    }

    @SignedInOnly(reason = "the caller's own second factors")
    @GetMapping(SecondFactorGate.ENROLL_PAGE)
    String overview(Model model) {
        return overview(access.requirePerson(), model, null);
    }

    private String overview(Subject s, Model model, @Nullable String error) {
        List<EnrolledFactor> mine = factors.list(s.tenantId(), s.employeeId()).stream().filter(EnrolledFactor::confirmed).toList();
        model.addAttribute("factors", mine);
        model.addAttribute("recoveryLeft", factors.unusedRecoveryCodes(s.tenantId(), s.employeeId()));
        model.addAttribute("required", factors.requiredFor(s));
        model.addAttribute("due", factors.enrollmentDue(s));
        model.addAttribute("error", error);
        List<dev.fortel.identity.factors.FactorMethod> allowed = factors.allowedMethods(s.tenantId());
        model.addAttribute("allowTotp", allowed.contains(dev.fortel.identity.factors.FactorMethod.TOTP));
        model.addAttribute("allowEmail", allowed.contains(dev.fortel.identity.factors.FactorMethod.EMAIL)
                && mine.stream().noneMatch(f -> f.method() == dev.fortel.identity.factors.FactorMethod.EMAIL));
        model.addAttribute("allowSms", allowed.contains(dev.fortel.identity.factors.FactorMethod.SMS) && factors.smsAvailable());
        model.addAttribute("allowPasskey", allowed.contains(dev.fortel.identity.factors.FactorMethod.PASSKEY));
        model.addAttribute("mobile", employees.find(s.tenantId(), s.employeeId()).map(dev.fortel.directory.Employee::mobile).orElse(null));
        return "me/two-factor";
    }

    @SignedInOnly(reason = "starts receiving the caller's own sign-in codes by e-mail")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/email")
    String beginEmail(Model model) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        try {
            return sentPage(factors.beginEmail(s), java.util.Map.of(), model);
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
    }

    @SignedInOnly(reason = "starts receiving the caller's own sign-in codes by SMS")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/sms")
    String beginSms(@RequestParam(name = "phone", required = false) @Nullable String phone, Model model) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        try {
            return sentPage(factors.beginSms(s, phone == null ? "" : phone), java.util.Map.of(), model);
        } catch (ValidationFailedException e) {
            return overview(s, model, messages.text(e.violations().get(0).text()));
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
    }

    @SignedInOnly(reason = "sends a new first code for the caller's own e-mail or SMS setup")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/sent/{id}/resend")
    String resend(@PathVariable UUID id, Model model) {
        Subject s = access.requirePerson();
        try {
            return sentPage(factors.resend(s, id), java.util.Map.of(), model);
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
    }

    @SignedInOnly(reason = "completes the caller's own e-mail or SMS setup with the code sent")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/sent/{id}/confirm")
    String confirmSent(@PathVariable UUID id, @RequestParam(name = "code", required = false) @Nullable String code, HttpServletRequest request,
            Model model, RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        SecondFactors.Confirmed done;
        try {
            done = factors.confirm(s, id, code == null ? "" : code, RequestOrigin.of(request));
        } catch (ValidationFailedException e) {
            EnrolledFactor f = factors.list(s.tenantId(), s.employeeId()).stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new dev.fortel.platform.NotFoundException("second factor"));
            String shown = f.method() == dev.fortel.identity.factors.FactorMethod.SMS
                    ? dev.fortel.notification.SmsGateway.mask(java.util.Objects.requireNonNull(f.destination())) : f.destination();
            return sentPage(new SecondFactors.SentSetup(id, f.method(), java.util.Objects.requireNonNull(shown)), messages.byField(e), model);
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
        return enrolled(done, request, model, redirect);
    }

    private String sentPage(SecondFactors.SentSetup setup, java.util.Map<String, String> errors, Model model) {
        model.addAttribute("setup", setup);
        model.addAttribute("errors", errors);
        return "me/two-factor-sent";
    }

    /** After a first code: a recent second factor for sensitive actions, and the recovery codes if this was the first factor. */
    private String enrolled(SecondFactors.Confirmed done, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        StepUp.proven(request.getSession(), clock.instant());
        if (done.recoveryCodes().isEmpty()) {
            redirect.addFlashAttribute("notice", "factors.enrolled." + done.factor().method().code());
            return "redirect:" + SecondFactorGate.ENROLL_PAGE;
        }
        model.addAttribute("codes", done.recoveryCodes());
        model.addAttribute("first", true);
        model.addAttribute("method", done.factor().method().code());
        return "me/recovery-codes";
    }

    @SignedInOnly(reason = "starts setting up the caller's own authenticator app")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/totp")
    String begin(@RequestParam(name = "label", required = false) @Nullable String label, Model model) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        try {
            model.addAttribute("setup", factors.beginTotp(s, label == null ? "" : label));
        } catch (ValidationFailedException | ConflictException e) {
            return overview(s, model, messages.text(e instanceof ConflictException c ? c.violation().text()
                    : ((ValidationFailedException) e).violations().get(0).text()));
        }
        model.addAttribute("errors", java.util.Map.of());
        return "me/two-factor-setup";
    }

    @SignedInOnly(reason = "completes the caller's own authenticator setup with its first code")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/totp/{id}/confirm")
    String confirm(@PathVariable UUID id, @RequestParam(name = "code", required = false) @Nullable String code, HttpServletRequest request,
            Model model, RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        SecondFactors.Confirmed done;
        try {
            done = factors.confirm(s, id, code == null ? "" : code, RequestOrigin.of(request));
        } catch (ValidationFailedException e) {
            model.addAttribute("setup", factors.pendingTotp(s, id));
            model.addAttribute("errors", messages.byField(e));
            return "me/two-factor-setup";
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
        // The code just entered proves the factor: sensitive actions need no second code right away.
        return enrolled(done, request, model, redirect);
    }

    @SignedInOnly(reason = "removes one of the caller's own second factors")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/{id}/remove")
    String remove(@PathVariable UUID id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        try {
            factors.remove(s, id, RequestOrigin.of(request));
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
        redirect.addFlashAttribute("notice", "factors.removed");
        return "redirect:" + SecondFactorGate.ENROLL_PAGE;
    }

    @SignedInOnly(reason = "makes a new set of the caller's own recovery codes")
    @PostMapping(SecondFactorGate.ENROLL_PAGE + "/recovery-codes")
    String regenerate(HttpServletRequest request, Model model) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        try {
            model.addAttribute("codes", factors.regenerateRecoveryCodes(s, RequestOrigin.of(request)));
        } catch (ConflictException e) {
            return overview(s, model, messages.text(e.violation().text()));
        }
        model.addAttribute("first", false);
        return "me/recovery-codes";
    }

    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/employees/{id}/second-factors/reset")
    String reset(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        dev.fortel.directory.Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new dev.fortel.platform.NotFoundException("employee"));
        try {
            sessions.checkMayResetFactors(s, e);
        } catch (ValidationFailedException refused) {
            redirect.addFlashAttribute("error", messages.text(refused.violations().getFirst().text()));
            return "redirect:/employees/" + id + "/sessions";
        }
        stepUp.require(s);
        int removed = factors.reset(s, e, RequestOrigin.of(request));
        redirect.addFlashAttribute("notice", "factors.employeeResetDone");
        redirect.addFlashAttribute("noticeArg", removed);
        return "redirect:/employees/" + id + "/sessions";
    }

    @SignedInOnly(reason = "options for registering a passkey of the caller's own")
    @PostMapping(path = SecondFactorGate.ENROLL_PAGE + "/passkey/options", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> passkeyOptions(HttpServletRequest request) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        if (!factors.allowedMethods(s.tenantId()).contains(dev.fortel.identity.factors.FactorMethod.PASSKEY)) {
            return org.springframework.http.ResponseEntity.status(409).body("{}");
        }
        return org.springframework.http.ResponseEntity.ok().header("Cache-Control", "no-store").body(ceremonies.registrationOptions(
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication(), request.getSession()));
    }

    @SignedInOnly(reason = "registers a passkey of the caller's own as a second factor")
    @PostMapping(path = SecondFactorGate.ENROLL_PAGE + "/passkey", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<java.util.Map<String, String>> addPasskey(
            @org.springframework.web.bind.annotation.RequestBody String body, HttpServletRequest request) {
        Subject s = access.requirePerson();
        String label = passkeyLabel(body);
        if (label == null) {
            return org.springframework.http.ResponseEntity.status(422).body(java.util.Map.of("error", "label"));
        }
        SecondFactors.Confirmed done;
        try {
            done = factors.registerPasskey(s, () -> passkeys.owner(ceremonies.register(request.getSession(), body, label).getCredentialId())
                    .orElseThrow(), RequestOrigin.of(request));
        } catch (PasskeyCeremonies.Refused | ConflictException refused) {
            return org.springframework.http.ResponseEntity.status(422).body(java.util.Map.of("error", "refused"));
        }
        StepUp.proven(request.getSession(), clock.instant());
        request.getSession().setAttribute(CODES_TO_SHOW, new java.util.ArrayList<>(done.recoveryCodes()));
        return org.springframework.http.ResponseEntity.ok(java.util.Map.of("redirect", SecondFactorGate.ENROLL_PAGE + "/passkey/added"));
    }

    @SignedInOnly(reason = "the page after the caller added a passkey: their first recovery codes, once")
    @GetMapping(SecondFactorGate.ENROLL_PAGE + "/passkey/added")
    String passkeyAdded(HttpServletRequest request, Model model, RedirectAttributes redirect) {
        access.requirePerson();
        Object codes = request.getSession().getAttribute(CODES_TO_SHOW);
        request.getSession().removeAttribute(CODES_TO_SHOW);
        if (!(codes instanceof List<?> list) || list.isEmpty()) {
            redirect.addFlashAttribute("notice", "factors.enrolled.passkey");
            return "redirect:" + SecondFactorGate.ENROLL_PAGE;
        }
        model.addAttribute("codes", list);
        model.addAttribute("first", true);
        model.addAttribute("method", "passkey");
        return "me/recovery-codes";
    }

    /** The passkey's name from the registration body: 1 to 100 characters without control characters, or null. */
    private static @Nullable String passkeyLabel(String body) {
        try {
            tools.jackson.databind.JsonNode label = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body)
                    .path("publicKey").path("label");
            String text = label.isString() ? label.asString().strip() : "";
            if (text.isEmpty()) {
                return "Passkey";
            }
            return text.length() > 100 || text.chars().anyMatch(Character::isISOControl) ? null : text;
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        }
    }
}
