package dev.fortel.identity;

import dev.fortel.directory.EffectiveRoles;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An employee's sessions of both kinds, as people see and end them: console sessions ({@code web:} refs,
 * {@link ConsoleSessions}) and API sign-in tokens ({@code api:} refs, {@link ApiTokens}). Integration tokens
 * are not sessions and are managed on their own ({@link IntegrationTokens}).
 *
 * <p>Also applies the company's session settings to console sessions: the idle timeout and the limit of
 * concurrent sessions at sign-in, the absolute lifetime on every request. When a new sign-in goes beyond the
 * limit, the <em>oldest</em> sessions are ended rather than the sign-in refused: refusing would lock out
 * someone whose old device is lost or whose browser dropped its cookie, until the old session times out; ending
 * the oldest keeps the limit and leaves the person in control, and the ended session is journaled.
 */
@Service
class OpenSessions {

    static final String KIND_CONSOLE = "console";
    static final String KIND_API = "api";

    private final ConsoleSessions console;
    private final ApiTokens tokens;
    private final SignInPolicies policies;
    private final ApplicationEventPublisher events;
    private final EffectiveRoles effectiveRoles;
    private final TransactionTemplate transaction;

    OpenSessions(EffectiveRoles effectiveRoles, ConsoleSessions console, ApiTokens tokens, SignInPolicies policies, ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.effectiveRoles = effectiveRoles;
        this.console = console;
        this.tokens = tokens;
        this.policies = policies;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * One session as listed. {@code ref} is its public reference ({@code web:} + 12 hex digits of the SHA-256 of
     * the session id, or {@code api:} + those of the token), never the secret itself.
     */
    record View(String ref, String kind, @Nullable String ip, @Nullable String userAgent, Instant startedAt, Instant lastActiveAt,
            Instant expiresAt, boolean current) {}

    /** Both kinds of the employee's working sessions, most recently used first; runs in the employee's tenant. */
    List<View> of(Employee employee, @Nullable String currentRef) {
        SignInPolicy.Sessions limits = policies.of(employee.tenantId()).sessions();
        List<View> views = new ArrayList<>();
        for (ConsoleSessions.Open o : console.open(employee.login(), limits.absoluteLifetime())) {
            views.add(new View(o.ref(), KIND_CONSOLE, o.ip(), o.userAgent(), o.startedAt(), o.lastActiveAt(), o.expiresAt(),
                    o.ref().equals(currentRef)));
        }
        for (ApiTokens.Live t : tokens.live(employee.tenantId(), employee.id())) {
            String ref = "api:" + t.ref();
            views.add(new View(ref, KIND_API, t.lastUsedIp() != null ? t.lastUsedIp() : t.ip(), t.userAgent(), t.createdAt(), t.lastUsedAt(),
                    t.expiresAt(), ref.equals(currentRef)));
        }
        views.sort(Comparator.comparing(View::current).reversed().thenComparing(Comparator.comparing(View::lastActiveAt).reversed()));
        return views;
    }

    /**
     * Ends one session of {@code employee} and journals who ended it ({@code reason}: {@code self} or
     * {@code administrator}). The caller has checked that {@code actor} may.
     *
     * @throws NotFoundException for a reference that names no working session of this employee
     */
    @Transactional
    void end(Subject actor, Employee employee, String ref) {
        String reason = actor.employeeId().equals(employee.id()) ? "self" : "administrator";
        boolean ended;
        if (ref.startsWith("web:")) {
            SignInPolicy.Sessions limits = policies.of(employee.tenantId()).sessions();
            ended = console.open(employee.login(), limits.absoluteLifetime()).stream().filter(o -> o.ref().equals(ref)).findFirst()
                    .map(o -> console.end(o.id())).orElse(false);
        } else if (ref.startsWith("api:")) {
            ended = tokens.revoke(employee.tenantId(), employee.id(), ref.substring(4));
        } else {
            ended = false;
        }
        if (!ended) {
            throw new NotFoundException("session");
        }
        events.publishEvent(new IdentityEvents.SessionEnded(employee.tenantId(), employee.id(), employee.login(), ref, reason));
    }

    /** What ending all sessions ended. */
    record Ended(int consoleSessions, int apiTokens) {}

    /** Ends every session of both kinds of {@code employee}, journaled with the counts; the caller has checked that {@code actor} may. */
    @Transactional
    Ended endAll(Subject actor, Employee employee) {
        String reason = actor.employeeId().equals(employee.id()) ? "self" : "administrator";
        int consoleSessions = console.endAll(employee.login());
        int apiTokens = tokens.revokeAll(employee.tenantId(), employee.id());
        if (consoleSessions > 0) {
            events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(employee.tenantId(), employee.id(), consoleSessions, reason));
        }
        if (apiTokens > 0) {
            events.publishEvent(new IdentityEvents.ApiTokensRevoked(employee.tenantId(), employee.id(), apiTokens, reason));
        }
        return new Ended(consoleSessions, apiTokens);
    }

    /**
     * Ending someone's sessions is for those who hold every right the employee has (the rule of
     * {@code directory.RoleGuard}): an administrator cannot sign out the owner or a security
     * officer, whose rights exceed theirs. Anyone may end their own.
     */
    void checkMayEnd(Subject actor, Employee employee) {
        if (exceeds(actor, employee)) {
            throw ValidationFailedException.of("id", "sessions.exceeds",
                    "this employee has rights you do not have; ask the company owner to end their sessions");
        }
    }

    /** Resetting someone's second factors follows the same rule as ending their sessions. */
    void checkMayResetFactors(Subject actor, Employee employee) {
        if (exceeds(actor, employee)) {
            throw ValidationFailedException.of("id", "factors.exceeds",
                    "this employee has rights you do not have; ask the company owner to reset their second factors");
        }
    }

    private boolean exceeds(Subject actor, Employee employee) {
        return !actor.employeeId().equals(employee.id()) && !actor.holdsAtLeast(effectiveRoles.grantsOf(employee));
    }

    /**
     * At a console sign-in: records where from, gives the session the company's idle timeout, and ends the
     * employee's oldest sessions beyond the company's limit (each journaled). Called after the session id has
     * been replaced, before the new session is stored, so the new session is not among those counted.
     */
    void signedIn(HttpServletRequest request, Subject subject) {
        TenantId tenant = subject.tenantId();
        SignInPolicy.Sessions limits = TenantContext.as(tenant, () -> policies.of(tenant).sessions());
        HttpSession session = request.getSession();
        RequestOrigin origin = RequestOrigin.of(request);
        console.started(session, new ConsoleSessions.Origin(origin.ip(), origin.userAgent()), limits.idleTimeout());
        if (limits.maxConcurrent() <= 0) {
            return;
        }
        List<ConsoleSessions.Open> others = console.open(subject.login(), limits.absoluteLifetime()).stream()
                .filter(o -> !o.id().equals(session.getId())).sorted(ConsoleSessions.OLDEST_FIRST).toList();
        int excess = others.size() - (limits.maxConcurrent() - 1);
        if (excess <= 0) {
            return;
        }
        TenantContext.as(tenant, () -> transaction.executeWithoutResult(status -> {
            for (ConsoleSessions.Open oldest : others.subList(0, excess)) {
                if (console.end(oldest.id())) {
                    events.publishEvent(new IdentityEvents.SessionEnded(tenant, subject.employeeId(), subject.login(), oldest.ref(),
                            "concurrent_limit"));
                }
            }
        }));
    }

    /**
     * On every signed-in console request: ends the session once it has lived the company's absolute lifetime
     * (journaled once: only the request whose delete removed it records it) and keeps its idle timeout equal
     * to the company's current setting. Returns whether the request may go on.
     */
    boolean admit(HttpServletRequest request, Subject subject) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return true;
        }
        TenantId tenant = subject.tenantId();
        SignInPolicy.Sessions limits = TenantContext.as(tenant, () -> policies.of(tenant).sessions());
        if (!console.outlived(session, limits.absoluteLifetime())) {
            console.follow(session, limits.idleTimeout());
            return true;
        }
        String id = session.getId();
        RequestOrigin origin = RequestOrigin.of(request);
        TenantContext.as(tenant, () -> transaction.executeWithoutResult(status -> {
            if (console.end(id)) {
                events.publishEvent(new IdentityEvents.SessionExpired(tenant, subject.employeeId(), subject.login(), SessionRefs.of(id),
                        "absolute_lifetime", origin.ip(), origin.userAgent()));
            }
        }));
        // Only after the commit: the store deletes in a transaction of its own, which would wait on ours.
        session.invalidate();
        return false;
    }

    /** A reference as typed in a URL, normalized ({@code WEB:ABC} and {@code web:abc} name the same session). */
    static String normalize(String ref) {
        return ref.strip().toLowerCase(Locale.ROOT);
    }
}
