package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import dev.fortel.access.SupportGrants;
import dev.fortel.directory.Employee;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For console sessions: re-reads the account on every request, so a disabled, expired or deleted account
 * loses its open sessions at once and changed roles apply without signing in again. Then judges the
 * request's address by IP rules whenever the address, the roles or the rules changed since the session's
 * last check ({@link AddressGate#sessionRequest}): a session carried to a refused network is ended.
 * It also ends a session that has lived the company's absolute lifetime ({@link OpenSessions#admit}). Then
 * runs the request in the subject's tenant.
 */
final class SubjectRefreshFilter extends OncePerRequestFilter {

    private final Accounts accounts;
    private final Clock clock;
    private final AddressGate addresses;
    private final OpenSessions sessions;
    private final SupportGrants supportGrants;

    SubjectRefreshFilter(Accounts accounts, Clock clock, AddressGate addresses, OpenSessions sessions, SupportGrants supportGrants) {
        this.supportGrants = supportGrants;
        this.addresses = addresses;
        this.sessions = sessions;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    @SuppressFBWarnings(value = "UNVALIDATED_REDIRECT", justification = "The redirect target is the fixed sign-in page, not request input")
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Subject subject = AccessDecisions.currentOrNull();
        if (subject == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Employee> current = accounts.current(subject);
        if (current.isEmpty() || !current.get().canSignIn(clock.instant())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        // The company's absolute session lifetime (the idle timeout is the session store's own expiry).
        if (!sessions.admit(request, subject)) {
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        Subject fresh = TenantContext.as(subject.tenantId(), () -> accounts.subjectOf(current.get()))
                .withSessionRef(request.getSession(false) == null ? subject.sessionRef() : SessionRefs.of(request.getSession(false).getId()));
        HttpSession session = request.getSession(false);
        Optional<Refusal> refused = addresses.sessionRequest(fresh, session, request.getRemoteAddr());
        if (refused.isPresent()) {
            addresses.sessionRefused(refused.get(), fresh, RequestOrigin.of(request));
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login?address");
            return;
        }
        if (session != null && session.getAttribute(SupportGrants.SESSION_ATTRIBUTE) instanceof UUID grant) {
            // A support agent who entered a client company: for this request only (the session keeps the agent's own
            // subject), and only while the grant is in force and the session signed in with a second factor.
            Subject agent = fresh;
            Optional<Subject> inside = session.getAttribute(StepUp.SESSION_ATTRIBUTE) instanceof Long ? supportGrants.enter(agent, grant) : Optional.empty();
            if (inside.isEmpty()) {
                session.removeAttribute(SupportGrants.SESSION_ATTRIBUTE);
                response.sendRedirect(request.getContextPath() + "/provider/support?ended");
                return;
            }
            fresh = inside.get();
        }
        if (!fresh.equals(subject)) {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            FortelUser user = ((FortelUser) auth.getPrincipal()).withSubject(fresh);
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        }
        TenantContext.set(fresh.tenantId());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
