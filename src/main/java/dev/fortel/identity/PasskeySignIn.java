package dev.fortel.identity;

import dev.fortel.access.PublicEndpoint;
import dev.fortel.directory.Employee;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Signing in with a passkey alone, where the person's company allows it ({@code two_factor.passkey_sign_in}):
 * the authenticator proves possession and, by its PIN or biometrics (user verification is required), the
 * person. Everything a password sign-in passes through still applies: the provider's deny-list, the
 * company's IP rules, guessing protection (a refused assertion counts against the address), the account's
 * state; then a new session, journaled, with the company's session settings and a fresh second factor for
 * step-up.
 */
@Controller
class PasskeySignIn {

    private final PasskeyCeremonies ceremonies;
    private final SecondFactors factors;
    private final Accounts accounts;
    private final AddressGate addresses;
    private final GuessingProtection guards;
    private final OpenSessions sessions;
    private final ApplicationEventPublisher events;
    private final Tenants tenants;
    private final Clock clock;

    PasskeySignIn(PasskeyCeremonies ceremonies, SecondFactors factors, Accounts accounts, AddressGate addresses, GuessingProtection guards,
            OpenSessions sessions, ApplicationEventPublisher events, Tenants tenants, Clock clock) {
        this.ceremonies = ceremonies;
        this.factors = factors;
        this.accounts = accounts;
        this.addresses = addresses;
        this.guards = guards;
        this.sessions = sessions;
        this.events = events;
        this.tenants = tenants;
        this.clock = clock;
    }

    @PublicEndpoint(reason = "passkey sign-in: a challenge for the authenticator, before anyone is signed in")
    @PostMapping(path = "/login/passkey/options", produces = "application/json")
    @ResponseBody
    ResponseEntity<String> options(HttpServletRequest request) {
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(ceremonies.requestOptions(null, request.getSession()));
    }

    @PublicEndpoint(reason = "passkey sign-in: checks the authenticator's answer and signs its owner in where their company allows it")
    @PostMapping(path = "/login/passkey", produces = "application/json")
    @ResponseBody
    ResponseEntity<Map<String, String>> signIn(@RequestBody String body, HttpServletRequest request, HttpServletResponse response) {
        RequestOrigin origin = RequestOrigin.of(request);
        if (addresses.provider(origin.ip()).isPresent()) {
            return ResponseEntity.status(403).body(Map.of("redirect", "/login?address"));
        }
        PasskeyCeremonies.Asserted asserted;
        try {
            asserted = ceremonies.authenticate(request.getSession(), body);
        } catch (PasskeyCeremonies.Refused refused) {
            return refusedAssertion(refused.getMessage(), origin);
        }
        Optional<Employee> account = accounts.current(asserted.owner().tenantId(), asserted.owner().employeeId());
        if (account.isEmpty() || !account.get().canSignIn(clock.instant())) {
            return failed(account, "disabled", origin, "/login?error");
        }
        Employee e = account.get();
        if (!factors.passkeySignIn(e.tenantId()) || !factors.passkeyUsable(e.tenantId(), e.id(), asserted.owner().factorId())) {
            return failed(account, "passkey_sign_in_not_allowed", origin, "/login?passkey");
        }
        Optional<Refusal> byRules = addresses.signIn(e, false, origin.ip());
        if (byRules.isPresent()) {
            addresses.signInRefused(byRules.get(), account, e.login(), AddressGate.PASSWORD_FORM, origin);
            return ResponseEntity.status(403).body(Map.of("redirect", "/login?address"));
        }
        try {
            guards.succeeded(guards.admit(e, origin.ip()));
        } catch (GuessingRefusal locked) {
            return failed(account, "locked", origin, "/login?error");
        }
        FortelUser user = (FortelUser) accounts.loadUserByUsername(e.login());
        user.eraseCredentials();
        HttpSession session = SessionOpening.open(request, response, user, "passkey", events, sessions);
        StepUp.proven(session, clock.instant());
        return ResponseEntity.ok(Map.of("redirect", "/"));
    }

    /** An assertion that proved nothing: counted against the address like a wrong password, journaled for the provider. */
    private ResponseEntity<Map<String, String>> refusedAssertion(String reason, RequestOrigin origin) {
        SessionOpening.countFailure(guards, origin);
        tenants.provider().ifPresent(p -> events.publishEvent(new IdentityEvents.SignInFailed(p.id(), null, "", reason, "passkey", origin.ip(),
                origin.userAgent())));
        return ResponseEntity.status(401).body(Map.of("redirect", "/login?error"));
    }

    private ResponseEntity<Map<String, String>> failed(Optional<Employee> account, String reason, RequestOrigin origin, String where) {
        account.ifPresent(e -> events.publishEvent(new IdentityEvents.SignInFailed(e.tenantId(), e.id(), e.login(), reason, "passkey", origin.ip(),
                origin.userAgent())));
        return ResponseEntity.status(401).body(Map.of("redirect", where));
    }
}
