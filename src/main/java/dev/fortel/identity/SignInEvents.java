package dev.fortel.identity;

import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Counts sign-ins and turns every failed attempt into a journal event. Successes are journaled where the
 * session or token they open is known (the form's success handler, the token endpoint).
 */
@Component
class SignInEvents {

    private final Accounts accounts;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final Counter successes;
    private final Counter failures;

    SignInEvents(Accounts accounts, Tenants tenants, ApplicationEventPublisher events, MeterRegistry meters) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.events = events;
        this.successes = Counter.builder("fortel.signin").tag("outcome", "success").description("Password sign-ins").register(meters);
        this.failures = Counter.builder("fortel.signin").tag("outcome", "failure").description("Password sign-ins").register(meters);
    }

    @EventListener
    void on(AuthenticationSuccessEvent success) {
        successes.increment();
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        failures.increment();
        String login = recordableLogin(String.valueOf(event.getAuthentication().getName()));
        boolean passwordMatched = !(event instanceof AuthenticationFailureBadCredentialsEvent);
        Accounts.Failure failure = accounts.diagnose(login, passwordMatched);
        if (event.getException() instanceof GuessingRefusal refused) {
            failure = new Accounts.Failure(failure.account(), refused.reason());
        } else if (event.getException() instanceof SsoOnlyRefusal) {
            failure = new Accounts.Failure(failure.account(), "sso_only");
        } else if (event.getException() instanceof DirectorySignIn.Refused refused) {
            failure = new Accounts.Failure(failure.account(), refused.reason());
        }
        // A login that names no account is recorded in the provider's own journal: no company owns it.
        TenantId tenant = failure.account().map(e -> e.tenantId())
                .orElseGet(() -> TenantContext.asPlatform(() -> tenants.provider().orElseThrow().id()));
        RequestOrigin origin = RequestOrigin.current();
        events.publishEvent(new IdentityEvents.SignInFailed(tenant, failure.account().map(e -> e.id()).orElse(null), login,
                failure.reason(), method(), origin.ip(), origin.userAgent()));
    }

    /**
     * The login as the journal may keep it. People sometimes type their password into the login field; a
     * value that is not an e-mail address is therefore recorded only by its length, never as typed.
     */
    static String recordableLogin(String typed) {
        String login = typed.strip().toLowerCase(java.util.Locale.ROOT);
        boolean looksLikeLogin = login.length() <= 254 && login.matches("[^@\\s]{1,64}@[^@\\s]{1,189}");
        return looksLikeLogin ? login : "(not an e-mail address, " + typed.length() + " characters)";
    }

    private static String method() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
                && attrs.getRequest().getRequestURI().startsWith("/api/")) {
            return "api_token";
        }
        return "password_form";
    }
}
