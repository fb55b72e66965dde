package dev.fortel.identity;

import dev.fortel.access.PublicEndpoint;
import dev.fortel.directory.Employee;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.identity.saml.SamlAccounts;
import dev.fortel.identity.saml.SamlProviders;
import dev.fortel.identity.saml.SamlRefusal;
import dev.fortel.identity.saml.SamlServiceProvider;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Single sign-on through the company's SAML identity provider. The sign-in page finds the company by the e-mail's
 * domain ({@code POST /login/sso}); Fortel then sends the browser to the IdP with a signed AuthnRequest, or the IdP
 * starts on its own (IdP-initiated); either way the IdP posts its response to the company's ACS, which lets the person
 * in only if the response is valid for that company ({@link SamlServiceProvider#consume}). Everything else a sign-in
 * passes through still applies: the provider's deny-list, the company's IP rules, guessing protection (a refused
 * response counts against the address), the account's state; then a new session, journaled with method {@code saml}.
 * The IdP vouched for the person, so Fortel asks for no password; its own second factor is still asked for step-up.
 */
@Controller
class SamlSignIn {

    private static final String FAILED = "/login?sso_failed";

    private final SamlServiceProvider sp;
    private final SamlProviders providers;
    private final SamlAccounts samlAccounts;
    private final Accounts accounts;
    private final AddressGate addresses;
    private final GuessingProtection guards;
    private final OpenSessions sessions;
    private final ApplicationEventPublisher events;
    private final Tenants tenants;
    private final FortelProperties properties;
    private final Clock clock;

    SamlSignIn(SamlServiceProvider sp, SamlProviders providers, SamlAccounts samlAccounts, Accounts accounts, AddressGate addresses,
            GuessingProtection guards, OpenSessions sessions, ApplicationEventPublisher events, Tenants tenants, FortelProperties properties,
            Clock clock) {
        this.sp = sp;
        this.providers = providers;
        this.samlAccounts = samlAccounts;
        this.accounts = accounts;
        this.addresses = addresses;
        this.guards = guards;
        this.sessions = sessions;
        this.events = events;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    @PublicEndpoint(reason = "SAML service provider metadata: public by design, the identity provider reads it")
    @GetMapping(path = "/saml/{tenant}/metadata")
    ResponseEntity<String> metadata(@PathVariable String tenant, HttpServletRequest request) {
        TenantId t = company(tenant);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/samlmetadata+xml"))
                .body(sp.metadata(base(request), t));
    }

    @PublicEndpoint(reason = "sign-in page: finds the company's identity provider by the e-mail domain typed")
    @PostMapping("/login/sso")
    String discover(@RequestParam(name = "login", required = false) @Nullable String login, org.springframework.ui.Model model) {
        Optional<TenantId> company = login == null ? Optional.empty() : providers.companyOf(login.strip());
        if (company.isEmpty()) {
            return "redirect:/login?sso_unknown";
        }
        // Not a redirect: the CSP's form-action 'self' also covers where a form's answer redirects, and the IdP is elsewhere.
        model.addAttribute("target", "/saml/" + company.get().value() + "/login");
        return "auth/sso-redirect";
    }

    @PublicEndpoint(reason = "SP-initiated single sign-on: sends the browser to the company's identity provider with a signed request")
    @GetMapping("/saml/{tenant}/login")
    String login(@PathVariable String tenant, HttpServletRequest request) {
        TenantId t = company(tenant);
        try {
            return "redirect:" + sp.loginRedirect(base(request), t).url();
        } catch (NotFoundException | SamlRefusal off) {
            return "redirect:/login?sso_unknown";
        }
    }

    @PublicEndpoint(reason = "SAML assertion consumer service: the identity provider's signed response is the credential")
    @PostMapping("/saml/{tenant}/acs")
    String acs(@PathVariable String tenant, @RequestParam(name = "SAMLResponse", required = false) @Nullable String samlResponse,
            HttpServletRequest request, HttpServletResponse response) {
        TenantId t = company(tenant);
        RequestOrigin origin = RequestOrigin.of(request);
        if (addresses.provider(origin.ip()).isPresent()) {
            return "redirect:/login?address";
        }
        if (samlResponse == null || samlResponse.isBlank() || samlResponse.length() > 2_000_000) {
            return refused(t, null, "", "saml_malformed", origin);
        }
        SamlServiceProvider.Assertion assertion;
        Employee e;
        try {
            assertion = sp.consume(base(request), t, samlResponse);
            e = TenantContext.as(t, () -> samlAccounts.employeeOf(assertion));
        } catch (SamlRefusal refusal) {
            return refused(t, null, "", refusal.reason(), origin);
        }
        Optional<Employee> account = accounts.current(e.tenantId(), e.id());
        if (account.isEmpty() || !account.get().canSignIn(clock.instant())) {
            return failed(e, "disabled", origin, "/login?error");
        }
        Optional<Refusal> byRules = addresses.signIn(e, false, origin.ip());
        if (byRules.isPresent()) {
            addresses.signInRefused(byRules.get(), account, e.login(), AddressGate.PASSWORD_FORM, origin);
            return "redirect:/login?address";
        }
        try {
            guards.succeeded(guards.admit(e, origin.ip()));
        } catch (GuessingRefusal locked) {
            return failed(e, "locked", origin, "/login?error");
        }
        FortelUser user = TenantContext.as(e.tenantId(), () -> new FortelUser(accounts.subjectOf(e), null, true, true));
        SessionOpening.open(request, response, user, "saml", events, sessions);
        return "redirect:/";
    }

    /** A response that proved nothing: counted against the address like a wrong password, journaled for the company. */
    private String refused(TenantId tenant, @Nullable UUID employee, String login, String reason, RequestOrigin origin) {
        SessionOpening.countFailure(guards, origin);
        events.publishEvent(new IdentityEvents.SignInFailed(tenant, employee, login, reason, "saml", origin.ip(), origin.userAgent()));
        return "redirect:" + FAILED;
    }

    private String failed(Employee e, String reason, RequestOrigin origin, String where) {
        events.publishEvent(new IdentityEvents.SignInFailed(e.tenantId(), e.id(), e.login(), reason, "saml", origin.ip(), origin.userAgent()));
        return "redirect:" + where;
    }

    private TenantId company(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("company");
        }
        TenantId t = new TenantId(uuid);
        if (TenantContext.asPlatform(() -> tenants.find(t)).isEmpty()) {
            throw new NotFoundException("company");
        }
        return t;
    }

    private String base(HttpServletRequest request) {
        return properties.baseUrl(request.getLocalPort());
    }
}
