package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.platform.RequestOrigin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The end of a sign-in that did not go through the password form (a passkey, the company's identity provider): a new
 * session, never the old one (session fixation), holding the person; the sign-in journaled with the session it opened;
 * the company's session settings applied.
 */
final class SessionOpening {

    private SessionOpening() {}

    /** Opens the session for {@code user}, journals the sign-in by {@code method} and returns the new session. */
    static HttpSession open(HttpServletRequest request, HttpServletResponse response, FortelUser user, String method,
            org.springframework.context.ApplicationEventPublisher events, OpenSessions sessions) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
        Subject subject = user.subject().withSessionRef(SessionRefs.of(session.getId()));
        RequestOrigin origin = RequestOrigin.of(request);
        events.publishEvent(new IdentityEvents.SignInSucceeded(subject, method, origin.ip(), origin.userAgent()));
        sessions.signedIn(request, subject);
        return session;
    }

    /** A credential that proved nothing counts against the address, like a wrong password. */
    static void countFailure(GuessingProtection guards, RequestOrigin origin) {
        try {
            guards.failed(guards.admit(null, origin.ip()));
        } catch (GuessingRefusal blocked) {
            // The address is blocked already: the answer is the same.
        }
    }
}
