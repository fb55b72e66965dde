package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import dev.fortel.platform.web.Problems;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a sign-in at its second factor. A console session whose password was right but whose code is still
 * due reaches only the code page and sign-out. A person whom the company requires to have a factor and
 * who has none reaches only enrollment (console {@code /me/two-factor}, API {@code /api/v1/me/second-factors})
 * and sign-out: checked on every request, so a requirement switched on, or factors reset by an
 * administrator, applies to open sessions and tokens at once. Runs before the password-expiry gate, so a
 * password alone cannot even change the password.
 */
final class SecondFactorGate extends OncePerRequestFilter {

    /** Console session attribute: the password was right, the code is still due. */
    static final String PENDING = "fortel.secondFactorPending";
    static final String CODE_PAGE = "/login/second-factor";
    static final String ENROLL_PAGE = "/me/two-factor";

    private static final Set<String> OPEN_API = Set.of("/api/v1/me", "/api/v1/auth/token");

    private final SecondFactors factors;
    private final boolean api;

    SecondFactorGate(SecondFactors factors, boolean api) {
        this.factors = factors;
        this.api = api;
    }

    @Override
    @SuppressFBWarnings(value = "UNVALIDATED_REDIRECT", justification = "The redirect targets are the fixed code and enrollment pages")
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Subject s = AccessDecisions.currentOrNull();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (s == null || s.restricted() || asset(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (!api) {
            HttpSession session = request.getSession(false);
            if (session != null && Boolean.TRUE.equals(session.getAttribute(PENDING))) {
                if (path.equals(CODE_PAGE) || path.startsWith(CODE_PAGE + "/") || path.equals("/logout")) {
                    chain.doFilter(request, response);
                } else {
                    response.sendRedirect(request.getContextPath() + CODE_PAGE);
                }
                return;
            }
        }
        if (openWhileEnrolling(path) || !factors.enrollmentDue(s)) {
            chain.doFilter(request, response);
            return;
        }
        if (api) {
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, Problems.SECOND_FACTOR_ENROLLMENT_REQUIRED, "Second factor required",
                    "Your company requires a second factor and you have none yet. Set one up first: POST /api/v1/me/second-factors/totp, "
                            + "then POST /api/v1/me/second-factors/{id}/confirm with a code from the app.");
        } else {
            response.sendRedirect(request.getContextPath() + ENROLL_PAGE + "?required");
        }
    }

    private boolean openWhileEnrolling(String path) {
        if (api) {
            return OPEN_API.contains(path) || path.startsWith("/api/v1/me/second-factors");
        }
        return path.equals(ENROLL_PAGE) || path.startsWith(ENROLL_PAGE + "/") || path.equals("/logout") || path.equals("/login")
                || path.equals("/error");
    }

    private boolean asset(String path) {
        return !api && (path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico"));
    }
}
