package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.PublicEndpoint;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** API sign-in and sign-out, and "who am I". */
@RestController
@Tag(name = "Authentication")
class TokenController {

    private static final int MAX_CREDENTIALS = 1024;

    /** The header that carries a second-factor code (or a recovery code) to the token and step-up endpoints. */
    static final String OTP_HEADER = "X-Fortel-OTP";
    /** The header that asks for a code to be sent ({@code email} or {@code sms}) instead of carrying one. */
    static final String DELIVERY_HEADER = "X-Fortel-OTP-Delivery";

    private final AuthenticationManager authentication;
    private final ApiTokens tokens;
    private final AccessDecisions access;
    private final SecondFactors factors;
    private final SecondFactorChallenge challenge;
    private final Accounts accounts;
    private final StepUp stepUp;
    private final org.springframework.context.ApplicationEventPublisher events;

    TokenController(AuthenticationManager authentication, ApiTokens tokens, AccessDecisions access, SecondFactors factors,
            SecondFactorChallenge challenge, Accounts accounts, StepUp stepUp, org.springframework.context.ApplicationEventPublisher events) {
        this.authentication = authentication;
        this.tokens = tokens;
        this.access = access;
        this.factors = factors;
        this.challenge = challenge;
        this.accounts = accounts;
        this.stepUp = stepUp;
        this.events = events;
    }

    /** @param recoveryCodesLeft set when a recovery code signed in: how many unused ones remain */
    record TokenResponse(String token, Instant expiresAt, @org.jspecify.annotations.Nullable Integer recoveryCodesLeft) {}

    record SteppedUp(Instant validUntil) {}

    record Me(UUID id, UUID tenantId, String login, String displayName, List<String> roles, boolean provider) {}

    @Operation(summary = "Sign in with HTTP Basic login:password (and, when the account has a second factor, its current code in "
            + "the X-Fortel-OTP header) and receive a bearer token")
    @PublicEndpoint(reason = "API sign-in: exchanges login and password for a token, guarded like the sign-in form")
    @PostMapping("/api/v1/auth/token")
    ResponseEntity<?> issue(@RequestHeader(name = "Authorization", required = false) String header,
            @RequestHeader(name = OTP_HEADER, required = false) @org.jspecify.annotations.Nullable String otp,
            @RequestHeader(name = DELIVERY_HEADER, required = false) @org.jspecify.annotations.Nullable String delivery,
            HttpServletRequest request) {
        String[] credentials = basic(header);
        if (credentials == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"fortel\", charset=\"UTF-8\"")
                    .body(Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Unauthenticated",
                            "Send your login and password as HTTP Basic credentials: Authorization: Basic base64(login:password)."));
        }
        Authentication result;
        try {
            // Outside any transaction: a failed attempt's journal event must commit although the attempt fails.
            result = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(credentials[0], credentials[1]));
        } catch (AddressRefusal e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(addressNotAllowed());
        } catch (AuthenticationException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"fortel\", charset=\"UTF-8\"")
                    .body(signInFailed());
        }
        Subject subject = ((FortelUser) result.getPrincipal()).subject();
        RequestOrigin origin = RequestOrigin.of(request);
        String proven = null;
        Integer codesLeft = null;
        if (factors.atSignIn(subject) == SecondFactors.Requirement.VERIFY) {
            if (otp == null || otp.isBlank()) {
                return codeDue(subject, delivery);
            }
            var employee = accounts.current(subject).orElse(null);
            if (employee == null) {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(signInFailed());
            }
            SecondFactorChallenge.Outcome outcome = challenge.checkWithPassword(employee, otp, origin);
            if (!(outcome instanceof SecondFactorChallenge.Outcome.Passed passed)) {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("Cache-Control", "no-store").body(secondFactorFailed());
            }
            proven = passed.method();
            codesLeft = passed.recoveryCodesLeft() >= 0 ? passed.recoveryCodesLeft() : null;
        }
        String factor = proven;
        ApiTokens.Issued issued = dev.fortel.tenancy.TenantContext.as(subject.tenantId(), () -> tokens.issue(subject, origin, factor));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new TokenResponse(issued.token(), issued.expiresAt(), codesLeft));
    }

    @Operation(summary = "Step up: prove a second factor (X-Fortel-OTP) so that this sign-in token may do sensitive actions for the "
            + "company's step-up time")
    @SignedInOnly(reason = "the caller proves their own second factor for the token in use")
    @PostMapping("/api/v1/auth/step-up")
    ResponseEntity<?> stepUp(@RequestHeader(name = OTP_HEADER, required = false) @org.jspecify.annotations.Nullable String otp,
            HttpServletRequest request) {
        Subject subject = access.requirePerson();
        if (!(request.getAttribute(BearerTokenFilter.ApiTokenAttribute.NAME) instanceof String token)) {
            throw new dev.fortel.platform.ConflictException("token", "factors.stepUpToken", "step-up applies to a sign-in token");
        }
        if (factors.usable(subject.tenantId(), subject.employeeId()).isEmpty()) {
            throw new dev.fortel.platform.ConflictException("X-Fortel-OTP", "factors.noneToStepUp",
                    "you have no second factor, so there is nothing to step up with: set one up at /api/v1/me/second-factors");
        }
        if (otp == null || otp.isBlank()) {
            return codeDue(subject, request.getHeader(DELIVERY_HEADER));
        }
        var employee = accounts.current(subject).orElseThrow(() -> new dev.fortel.platform.NotFoundException("employee"));
        RequestOrigin origin = RequestOrigin.of(request);
        SecondFactorChallenge.Outcome outcome = challenge.check(employee, otp, SecondFactorChallenge.Context.STEP_UP, origin);
        if (!(outcome instanceof SecondFactorChallenge.Outcome.Passed passed)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("Cache-Control", "no-store").body(secondFactorFailed());
        }
        tokens.steppedUp(token, subject);
        events.publishEvent(new IdentityEvents.SteppedUp(subject, passed.method(), origin.ip(), origin.userAgent()));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new SteppedUp(Instant.now().plus(stepUp.window(subject))));
    }

    /**
     * A code is due and none came: 401 saying which kinds the person has and, when asked with
     * {@value #DELIVERY_HEADER}, sending one by e-mail or SMS first (409 when it cannot be sent now).
     */
    private ResponseEntity<?> codeDue(Subject subject, @org.jspecify.annotations.Nullable String delivery) {
        String sentTo = null;
        if (delivery != null && !delivery.isBlank()) {
            var method = dev.fortel.identity.factors.FactorMethod.fromCode(delivery.strip().toLowerCase(java.util.Locale.ROOT))
                    .filter(m -> m.sent())
                    .orElseThrow(() -> dev.fortel.platform.ValidationFailedException.of(DELIVERY_HEADER, "factors.delivery",
                            "must be email or sms: how to send you a code", DELIVERY_HEADER));
            sentTo = factors.sendSignInCode(subject.tenantId(), subject.employeeId(), subject.displayName(), method);
        }
        ProblemDetail p = Problems.of(HttpStatus.UNAUTHORIZED, Problems.SECOND_FACTOR_REQUIRED, "Second factor required",
                (sentTo != null ? "A code was sent to " + sentTo + "; it works for 5 minutes. " : "")
                        + "This account signs in with a second factor. Repeat the request with the code in the " + OTP_HEADER
                        + " header: from your authenticator app, a recovery code, or one sent to you (ask with " + DELIVERY_HEADER
                        + ": email or sms).");
        p.setProperty("header", OTP_HEADER);
        List<String> methods = new java.util.ArrayList<>(factors.usable(subject.tenantId(), subject.employeeId()).stream()
                .map(f -> f.method().code()).distinct().toList());
        methods.add("recovery_code");
        p.setProperty("methods", methods);
        if (sentTo != null) {
            p.setProperty("sent_to", sentTo);
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("Cache-Control", "no-store").body(p);
    }

    static ProblemDetail secondFactorFailed() {
        return Problems.of(HttpStatus.UNAUTHORIZED, Problems.SECOND_FACTOR_FAILED, "Second factor refused",
                "The code is wrong, expired or already used, or the account is locked for now. Wait for the next code and try again.");
    }

    @Operation(summary = "Sign out: revoke the bearer token this request carries")
    @SignedInOnly(reason = "signs out: revokes the sign-in token this request carries")
    @DeleteMapping("/api/v1/auth/token")
    ResponseEntity<Void> revoke(HttpServletRequest request) {
        // An integration token is not a sign-in: an administrator revokes it (DELETE /api/v1/integration-tokens/{id}).
        Subject subject = access.requirePerson();
        Object token = request.getAttribute(BearerTokenFilter.ApiTokenAttribute.NAME);
        if (token instanceof String t) {
            tokens.revoke(t, subject, RequestOrigin.of(request));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The signed-in caller")
    @SignedInOnly(reason = "describes the caller itself; an integration token may ask whom it acts for", integrationTokens = true)
    @GetMapping("/api/v1/me")
    Me me() {
        Subject s = access.current();
        return new Me(s.employeeId(), s.tenantId().value(), s.login(), s.displayName(), FortelUser.roleNames(s), s.provider());
    }

    /** The same answer for every cause (unknown login, wrong password, disabled account): no account oracle. */
    static ProblemDetail signInFailed() {
        return Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Sign-in failed",
                "The login or password is incorrect, or the account cannot sign in. Check them and try again.");
    }

    /** IP rules refused the address: said plainly, so the person asks their administrator instead of retrying the password. */
    static ProblemDetail addressNotAllowed() {
        return Problems.of(HttpStatus.FORBIDDEN, Problems.ADDRESS_NOT_ALLOWED, "Network address not allowed",
                "Sign-in from this network address is not allowed for this account; contact your administrator.");
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > MAX_CREDENTIALS) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
