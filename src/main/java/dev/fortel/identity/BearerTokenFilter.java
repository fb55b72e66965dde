package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by {@code Authorization: Bearer <token>}: a sign-in token ({@code ft_}, see
 * {@link ApiTokens}) or an integration token ({@code fti_}, see {@link IntegrationTokens}). A token that is
 * unknown, revoked, expired, or whose account can no longer sign in gets 401 at once, before any controller;
 * a revoked or expired one is told so. The request then runs in the token's tenant.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final IntegrationTokens integrationTokens;

    BearerTokenFilter(ApiTokens tokens, IntegrationTokens integrationTokens) {
        this.tokens = tokens;
        this.integrationTokens = integrationTokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).strip();
        RequestOrigin origin = RequestOrigin.of(request);
        TokenVerdict verdict = token.startsWith(IntegrationTokens.PREFIX) ? integrationTokens.authenticate(token, origin)
                : tokens.authenticate(token, origin);
        Subject subject;
        switch (verdict) {
            case TokenVerdict.Accepted accepted -> subject = accepted.subject();
            case TokenVerdict.Refused refused -> {
                ProblemResponses.tokenRefused(response, refused);
                return;
            }
        }
        FortelUser user = new FortelUser(subject, null, true, true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.setAttribute(ApiTokenAttribute.NAME, token);
        TenantContext.set(subject.tenantId());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
            SecurityContextHolder.clearContext();
        }
    }

    /** The request attribute that carries the presented token to the sign-out endpoint. */
    static final class ApiTokenAttribute {
        static final String NAME = BearerTokenFilter.class.getName() + ".token";

        private ApiTokenAttribute() {}
    }
}
