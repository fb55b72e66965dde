package dev.fortel.onboarding;

import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.identity.Activations;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Self-service "forgot password". Whoever asks, and whatever the login, the caller learns nothing: the answer
 * does not change, and the work done before answering is the same (count the request per login and per address,
 * look the login up, journal it) but for writing the link and its mail when the account may have one. The mail
 * is sent later by the outbox's own thread, so no answer waits for a mail server. Only an existing, active,
 * activated account that is not past its last day gets a link; the journal records which case it was.
 */
@Service
public class PasswordResets {

    private final Employees employees;
    private final Activations activations;
    private final Tenants tenants;
    private final ResetRequestGuards guards;
    private final ResetRequestLimits limits;
    private final LinkAddresses links;
    private final LinkMails mails;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PasswordResets(Employees employees, Activations activations, Tenants tenants, ResetRequestGuards guards, ResetRequestLimits limits,
            LinkAddresses links, LinkMails mails, ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.employees = employees;
        this.activations = activations;
        this.tenants = tenants;
        this.guards = guards;
        this.limits = limits;
        this.links = links;
        this.mails = mails;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Handles one request. Returns nothing on purpose: there is nothing the caller may be told.
     *
     * @param typed the login as typed; anything at all
     */
    public void request(@Nullable String typed, RequestOrigin origin) {
        String login = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        boolean looksLikeLogin = looksLikeLogin(login);
        String recorded = looksLikeLogin ? login : "(not an e-mail address, " + (typed == null ? 0 : typed.length()) + " characters)";
        // Which company's journal gets the record depends on the login, which names no tenant in advance.
        TenantContext.asPlatform(() -> transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            boolean loginWithinLimit = guards.count(ResetRequestGuards.loginSubject(login), limits.perLogin(), limits.window(), now);
            boolean addressWithinLimit = origin.ip() == null
                    || guards.count(ResetRequestGuards.addressSubject(origin.ip()), limits.perAddress(), limits.window(), now);
            Optional<Employee> account = looksLikeLogin ? employees.findByLoginAcrossTenants(login) : Optional.empty();
            TenantId journal = account.map(Employee::tenantId).orElseGet(() -> tenants.provider().orElseThrow().id());
            if (!loginWithinLimit || !addressWithinLimit) {
                events.publishEvent(new OnboardingEvents.PasswordResetRefused(journal, account.map(Employee::id).orElse(null), recorded,
                        loginWithinLimit ? "address_limit" : "login_limit", origin.ip(), origin.userAgent()));
                return;
            }
            String outcome = account.map(e -> why(e, now)).orElse("unknown_login");
            if (outcome.equals("mailed")) {
                Employee e = account.get();
                String token = activations.issue(e.tenantId(), e.id(), Activations.RESET);
                mails.send(LinkMails.Kind.RESET_REQUESTED, e, links.activation(token), now.plus(activations.lifetime(Activations.RESET)));
            }
            events.publishEvent(new OnboardingEvents.PasswordResetRequested(journal, account.map(Employee::id).orElse(null), recorded, outcome,
                    origin.ip(), origin.userAgent()));
        }));
    }

    /** {@code mailed} when this account may get a link, otherwise why not (for the journal only). */
    private String why(Employee e, Instant now) {
        if (activations.directoryAccount(e)) {
            // The company's directory owns this password: a Fortel link could not change it.
            return "directory_account";
        }
        if (!activations.hasPassword(e)) {
            // No password yet (or reset by an administrator): the administrator's link is the way in, not this.
            return "not_activated";
        }
        if (e.status() != EmployeeStatus.ACTIVE) {
            return "disabled";
        }
        if (e.expired(now)) {
            return "expired";
        }
        return "mailed";
    }

    /** The shape of a login (an e-mail address), checked without a regular expression so no input can make it slow. */
    static boolean looksLikeLogin(String login) {
        int at = login.indexOf('@');
        return login.length() <= 254 && at > 0 && at == login.lastIndexOf('@') && at < login.length() - 1 && at <= 64
                && login.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }
}
