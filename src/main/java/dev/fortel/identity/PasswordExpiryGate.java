package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When the company's maximum password age has passed, the password must be changed before anything else
 * is reachable: the console sends every page to the change form, the API answers 403 with a problem that
 * says where to change it. Checked on each request (two primary-key reads), so the gate opens the moment
 * the password changes, on every device, and closes the moment the company shortens the lifetime.
 * Integration tokens are not sessions of a person and have their own expiry: they are not held up by their
 * creator's password age (they still stop when the creator cannot sign in at all).
 */
final class PasswordExpiryGate extends OncePerRequestFilter {

    static final URI PASSWORD_EXPIRED = URI.create("/problems/password-expired");
    static final String CHANGE_PAGE = "/me/password";

    /** What stays reachable with an expired password: changing it, knowing who one is, signing out. */
    private static final Set<String> OPEN_CONSOLE = Set.of(CHANGE_PAGE, "/logout", "/login", "/error");
    private static final Set<String> OPEN_API = Set.of("/api/v1/me/password", "/api/v1/me", "/api/v1/auth/token");

    private final PasswordPolicy policy;
    private final boolean api;

    PasswordExpiryGate(PasswordPolicy policy, boolean api) {
        this.policy = policy;
        this.api = api;
    }

    @Override
    @SuppressFBWarnings(value = "UNVALIDATED_REDIRECT", justification = "The redirect target is the fixed change-password page")
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Subject s = AccessDecisions.currentOrNull();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (s == null || s.restricted() || open(path) || !policy.expired(s.tenantId(), s.employeeId())) {
            chain.doFilter(request, response);
            return;
        }
        if (api) {
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, PASSWORD_EXPIRED, "Password expired",
                    "Your password has outlived your company's maximum password age. Change it with POST /api/v1/me/password "
                            + "(current_password, new_password) before anything else.");
        } else {
            response.sendRedirect(request.getContextPath() + CHANGE_PAGE + "?expired");
        }
    }

    private boolean open(String path) {
        if (api) {
            return OPEN_API.contains(path);
        }
        return OPEN_CONSOLE.contains(path) || path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico");
    }
}
