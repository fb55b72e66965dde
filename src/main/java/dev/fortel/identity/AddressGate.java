package dev.fortel.identity;

import dev.fortel.directory.EffectiveRoles;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.identity.iprules.IpAccess;
import dev.fortel.identity.iprules.IpRuleScope;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.web.Problems;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Where sign-in and the request filters meet IP rules ({@link IpAccess}): which scopes a request belongs
 * to, whose journal records a refusal, how often a repeated refusal is journaled, and the API's answer.
 *
 * <p>Journaling: every refused sign-in attempt is journaled (like every failed one); a refused console
 * session once, as it is ended; refused API requests at most once per token (or, for requests without a
 * token, per address) and address within {@code fortel.ip-rules.refusal-journal-interval} on each node,
 * so a client looping on a refused address cannot flood the journal. Every refusal is counted in the
 * {@code fortel.ip.refusals} metric.
 */
@Component
class AddressGate {

    static final String PASSWORD_FORM = "password_form";
    static final String API_TOKEN_SIGN_IN = "api_token_sign_in";
    static final String API_TOKEN = "api_token";
    static final String CONSOLE_SESSION = "console_session";
    static final String API_REQUEST = "api_request";

    /** The session attribute that remembers the last verdict's inputs (address, scopes, rule versions). */
    static final String SESSION_CHECKED = AddressGate.class.getName() + ".checked";

    private final IpAccess access;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final EffectiveRoles effectiveRoles;
    private final MeterRegistry meters;

    AddressGate(EffectiveRoles effectiveRoles, IpAccess access, Tenants tenants, ApplicationEventPublisher events, MeterRegistry meters) {
        this.effectiveRoles = effectiveRoles;
        this.access = access;
        this.tenants = tenants;
        this.events = events;
        this.meters = meters;
    }

    /** The provider-wide deny-list, which refuses whatever the login or request. */
    Optional<Refusal> provider(@Nullable String ip) {
        return access.provider(ip);
    }

    /** The account's company rules for a sign-in; the token endpoint's sign-in also answers to the {@code api_tokens} rules. */
    Optional<Refusal> signIn(Employee account, boolean tokenEndpoint, @Nullable String ip) {
        return access.tenant(account.tenantId(), IpRuleScope.of(effectiveRoles.grantsOf(account).keySet(), tokenEndpoint), ip);
    }

    /** Journals a refused sign-in attempt: in the account's company for its rules, in the provider's journal for the deny-list. */
    void signInRefused(Refusal r, Optional<Employee> account, String typedLogin, String channel, RequestOrigin origin) {
        count(r, channel);
        boolean byProvider = Refusal.PROVIDER.equals(r.list());
        TenantId journal = byProvider || account.isEmpty() ? providerId() : account.get().tenantId();
        // The provider's journal does not name a company's employee: only the login as typed (if it looks like one).
        UUID employee = byProvider ? null : account.map(Employee::id).orElse(null);
        String login = byProvider || account.isEmpty() ? SignInEvents.recordableLogin(typedLogin) : account.get().login();
        events.publishEvent(new IpRuleEvents.AddressRefused(journal, employee, login, r.ip(), r.list(), r.ruleId(), r.scopeCode(),
                r.reason(), channel, origin.userAgent(), null));
    }

    /** Every request with an API token: the deny-list, then the company's rules for its holder's scopes and {@code api_tokens}. */
    Optional<Refusal> tokenRequest(Subject subject, @Nullable String ip) {
        return access.check(subject.tenantId(), IpRuleScope.of(subject.grants().keySet(), true), ip);
    }

    void tokenRequestRefused(Refusal r, Subject subject, RequestOrigin origin) {
        count(r, API_TOKEN);
        if (!access.firstWithinInterval(API_TOKEN + "|" + subject.sessionRef() + "|" + r.ip())) {
            return;
        }
        boolean byProvider = Refusal.PROVIDER.equals(r.list());
        events.publishEvent(new IpRuleEvents.AddressRefused(byProvider ? providerId() : subject.tenantId(),
                byProvider ? null : subject.employeeId(), byProvider ? null : subject.login(), r.ip(), r.list(), r.ruleId(), r.scopeCode(),
                r.reason(), API_TOKEN, origin.userAgent(), byProvider ? null : subject.sessionRef()));
    }

    /** A request to the API that carries no token (the deny-list applies to every API request). */
    void anonymousRequestRefused(Refusal r, RequestOrigin origin) {
        count(r, API_REQUEST);
        if (access.firstWithinInterval(API_REQUEST + "|" + r.ip())) {
            events.publishEvent(new IpRuleEvents.AddressRefused(providerId(), null, null, r.ip(), r.list(), r.ruleId(), null, r.reason(),
                    API_REQUEST, origin.userAgent(), null));
        }
    }

    /**
     * A console request of a signed-in session. The verdict is remembered in the session together with
     * what it depended on (address, scopes, both rule sets' fingerprints), so the rules are evaluated again
     * only when one of those changes: the session moved to another network, the person's roles changed, or
     * an administrator changed the rules.
     */
    Optional<Refusal> sessionRequest(Subject subject, @Nullable HttpSession session, @Nullable String ip) {
        Set<IpRuleScope> scopes = IpRuleScope.of(subject.grants().keySet(), false);
        String fingerprint = access.fingerprint(subject.tenantId(), scopes, ip);
        if (session != null && fingerprint.equals(session.getAttribute(SESSION_CHECKED))) {
            return Optional.empty();
        }
        Optional<Refusal> refused = access.check(subject.tenantId(), scopes, ip);
        if (refused.isEmpty() && session != null) {
            session.setAttribute(SESSION_CHECKED, fingerprint);
        }
        return refused;
    }

    void sessionRefused(Refusal r, Subject subject, RequestOrigin origin) {
        count(r, CONSOLE_SESSION);
        boolean byProvider = Refusal.PROVIDER.equals(r.list());
        events.publishEvent(new IpRuleEvents.AddressRefused(byProvider ? providerId() : subject.tenantId(),
                byProvider ? null : subject.employeeId(), byProvider ? null : subject.login(), r.ip(), r.list(), r.ruleId(), r.scopeCode(),
                r.reason(), CONSOLE_SESSION, origin.userAgent(), byProvider ? null : subject.sessionRef()));
    }

    /** The API's answer to a refused request: 403 with its own problem type, so clients can tell it from missing rights. */
    static void writeRefusal(HttpServletResponse response) throws IOException {
        ProblemResponses.write(response, HttpStatus.FORBIDDEN, Problems.ADDRESS_NOT_ALLOWED, "Network address not allowed",
                "Requests from this network address are not allowed for this account; contact your administrator.");
    }

    private void count(Refusal r, String channel) {
        Counter.builder("fortel.ip.refusals").description("Requests and sign-ins refused by IP rules")
                .tag("list", r.list()).tag("channel", channel).register(meters).increment();
    }

    private TenantId providerId() {
        return TenantContext.asPlatform(() -> tenants.provider().orElseThrow(() -> new IllegalStateException("no provider tenant")).id());
    }
}
