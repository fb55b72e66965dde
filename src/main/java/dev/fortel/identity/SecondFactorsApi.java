package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.factors.EnrolledFactor;
import dev.fortel.identity.factors.FactorMethod;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Second factors through the API: one's own (any person signed in with a sign-in token; integration tokens
 * have no factors), and an administrator's reset of an employee's factors. Removing a factor, making new
 * recovery codes, adding a factor when one exists and resetting someone's factors need a recent second
 * factor ({@code POST /api/v1/auth/step-up}).
 */
@RestController
@Tag(name = "Second factors")
class SecondFactorsApi {

    private final SecondFactors factors;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final Employees employees;
    private final OpenSessions sessions;
    private final ApiTokens tokens;

    SecondFactorsApi(SecondFactors factors, AccessDecisions access, StepUp stepUp, Employees employees, OpenSessions sessions,
            ApiTokens tokens) {
        this.tokens = tokens;
        this.factors = factors;
        this.access = access;
        this.stepUp = stepUp;
        this.employees = employees;
        this.sessions = sessions;
    }

    record FactorJson(UUID id, FactorMethod method, String label, boolean confirmed, Instant createdAt, @Nullable Instant lastUsedAt) {

        static FactorJson of(EnrolledFactor f) {
            return new FactorJson(f.id(), f.method(), f.label(), f.confirmed(), f.createdAt(), f.lastUsedAt());
        }
    }

    /**
     * @param required whether the company requires the caller to have a second factor
     * @param methodsAllowed the methods the company allows
     */
    record Overview(List<FactorJson> items, int recoveryCodesLeft, boolean required, List<FactorMethod> methodsAllowed) {}

    record TotpRequest(@Nullable String label) {}

    /** The secret is shown here once, for the app; it is never shown again. */
    record TotpSetupJson(UUID id, String label, String secret, String keyUri, String qrCode) {

        @Override
        public String toString() {
            return "TotpSetupJson[" + id + "]";
        }
    }

    record ConfirmRequest(@Nullable String code) {}

    record ConfirmedJson(FactorJson factor, List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "ConfirmedJson[" + factor.id() + "]";
        }
    }

    record RecoveryCodesJson(List<String> codes) {

        @Override
        public String toString() {
            return "RecoveryCodesJson[" + codes.size() + "]";
        }
    }

    record ResetJson(int removed) {}

    @Operation(summary = "Your second factors, unused recovery codes, and what your company requires")
    @SignedInOnly(reason = "the caller's own second factors")
    @GetMapping("/api/v1/me/second-factors")
    Overview mine() {
        Subject s = access.requirePerson();
        return new Overview(factors.list(s.tenantId(), s.employeeId()).stream().map(FactorJson::of).toList(),
                factors.unusedRecoveryCodes(s.tenantId(), s.employeeId()), factors.requiredFor(s), factors.allowedMethods(s.tenantId()));
    }

    @Operation(summary = "Start setting up an authenticator app: returns the secret, its otpauth:// URI and a QR code; "
            + "confirm with the app's first code within 15 minutes")
    @SignedInOnly(reason = "starts setting up the caller's own authenticator app")
    @PostMapping("/api/v1/me/second-factors/totp")
    ResponseEntity<TotpSetupJson> beginTotp(@RequestBody(required = false) @Nullable TotpRequest body) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        SecondFactors.TotpSetup setup = factors.beginTotp(s, body == null || body.label() == null ? "" : body.label());
        return ResponseEntity.created(URI.create("/api/v1/me/second-factors/" + setup.id())).header("Cache-Control", "no-store")
                .body(new TotpSetupJson(setup.id(), setup.label(), setup.secret().replace(" ", ""), setup.keyUri(), setup.qrCode()));
    }

    record SmsRequest(@Nullable String phone) {}

    /** @param destination where the first code went (an SMS number partly hidden) */
    record SentSetupJson(UUID id, FactorMethod method, String destination) {

        static SentSetupJson of(SecondFactors.SentSetup s) {
            return new SentSetupJson(s.id(), s.method(), s.destination());
        }
    }

    @Operation(summary = "Start receiving sign-in codes by e-mail (to your login address): a first code is sent; confirm with it")
    @SignedInOnly(reason = "starts the caller's own e-mail codes")
    @PostMapping("/api/v1/me/second-factors/email")
    ResponseEntity<SentSetupJson> beginEmail() {
        Subject s = access.requirePerson();
        stepUp.require(s);
        SecondFactors.SentSetup setup = factors.beginEmail(s);
        return ResponseEntity.created(URI.create("/api/v1/me/second-factors/" + setup.id())).body(SentSetupJson.of(setup));
    }

    @Operation(summary = "Start receiving sign-in codes by SMS to a mobile number (E.164): a first code is sent; confirm with it")
    @SignedInOnly(reason = "starts the caller's own SMS codes")
    @PostMapping("/api/v1/me/second-factors/sms")
    ResponseEntity<SentSetupJson> beginSms(@RequestBody(required = false) @Nullable SmsRequest body) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        SecondFactors.SentSetup setup = factors.beginSms(s, body == null || body.phone() == null ? "" : body.phone());
        return ResponseEntity.created(URI.create("/api/v1/me/second-factors/" + setup.id())).body(SentSetupJson.of(setup));
    }

    @Operation(summary = "Send a new first code for an e-mail or SMS setup that is not confirmed yet")
    @SignedInOnly(reason = "sends a new code for the caller's own e-mail or SMS setup")
    @PostMapping("/api/v1/me/second-factors/{id}/resend")
    SentSetupJson resend(@PathVariable UUID id) {
        return SentSetupJson.of(factors.resend(access.requirePerson(), id));
    }

    @Operation(summary = "Complete a setup with its code (the app's current code, or the code sent); the first factor comes with 10 "
            + "recovery codes, shown once")
    @SignedInOnly(reason = "completes the caller's own authenticator setup")
    @PostMapping("/api/v1/me/second-factors/{id}/confirm")
    ResponseEntity<ConfirmedJson> confirm(@PathVariable UUID id, @RequestBody(required = false) @Nullable ConfirmRequest body,
            HttpServletRequest request) {
        Subject s = access.requirePerson();
        SecondFactors.Confirmed done = factors.confirm(s, id, body == null || body.code() == null ? "" : body.code(),
                RequestOrigin.of(request));
        // The code just entered proves the factor: the token in use counts as stepped up, as a console session does.
        if (request.getAttribute(BearerTokenFilter.ApiTokenAttribute.NAME) instanceof String bearer) {
            tokens.steppedUp(bearer, s);
        }
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new ConfirmedJson(FactorJson.of(done.factor()), done.recoveryCodes()));
    }

    @Operation(summary = "Remove one of your second factors (needs a recent step-up)")
    @SignedInOnly(reason = "removes one of the caller's own second factors")
    @DeleteMapping("/api/v1/me/second-factors/{id}")
    ResponseEntity<Void> remove(@PathVariable UUID id, HttpServletRequest request) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        factors.remove(s, id, RequestOrigin.of(request));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Make a new set of 10 recovery codes, shown once; the old set stops working (needs a recent step-up)")
    @SignedInOnly(reason = "makes a new set of the caller's own recovery codes")
    @PostMapping("/api/v1/me/second-factors/recovery-codes")
    ResponseEntity<RecoveryCodesJson> regenerate(HttpServletRequest request) {
        Subject s = access.requirePerson();
        stepUp.require(s);
        return ResponseEntity.status(201).header("Cache-Control", "no-store")
                .body(new RecoveryCodesJson(factors.regenerateRecoveryCodes(s, RequestOrigin.of(request))));
    }

    @Operation(summary = "Remove every second factor and recovery code of an employee (a lost phone); the employee is told by e-mail. "
            + "Needs your own recent step-up; not for someone whose rights exceed yours")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @DeleteMapping("/api/v1/employees/{id}/second-factors")
    ResponseEntity<ResetJson> reset(@PathVariable UUID id, HttpServletRequest request) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
        sessions.checkMayResetFactors(s, e);
        stepUp.require(s);
        return ResponseEntity.ok(new ResetJson(factors.reset(s, e, RequestOrigin.of(request))));
    }
}
