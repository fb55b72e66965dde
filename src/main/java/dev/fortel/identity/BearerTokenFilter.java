package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.access.SupportGrants;
import dev.fortel.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by {@code Authorization: Bearer <token>}: a sign-in token ({@code ft_}, see
 * {@link ApiTokens}) or an integration token ({@code fti_}, see {@link IntegrationTokens}). A token that is
 * unknown, revoked, expired, or whose account can no longer sign in gets 401 at once, before any controller;
 * a revoked or expired one is told so. A token used from an address that IP rules refuse (the provider's
 * deny-list, or the company's rules for {@code api_tokens} and for its holder's own scopes) gets 403. The
 * request then runs in the token's tenant. Requests without a token face the provider's deny-list here too,
 * except the token endpoint's sign-in, which the sign-in path judges (and journals) itself.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final IntegrationTokens integrationTokens;
    private final AddressGate addresses;
    private final SupportGrants supportGrants;

    BearerTokenFilter(ApiTokens tokens, IntegrationTokens integrationTokens, AddressGate addresses, SupportGrants supportGrants) {
        this.supportGrants = supportGrants;
        this.tokens = tokens;
        this.integrationTokens = integrationTokens;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!isTokenSignIn(request)) {
                Optional<Refusal> denied = addresses.provider(request.getRemoteAddr());
                if (denied.isPresent()) {
                    addresses.anonymousRequestRefused(denied.get(), RequestOrigin.of(request));
                    AddressGate.writeRefusal(response);
                    return;
                }
            }
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).strip();
        RequestOrigin origin = RequestOrigin.of(request);
        TokenVerdict verdict = token.startsWith(IntegrationTokens.PREFIX) ? integrationTokens.authenticate(token, origin)
                : tokens.authenticate(token, origin);
        Subject subject;
        boolean secondFactor = false;
        switch (verdict) {
            case TokenVerdict.Accepted accepted -> {
                subject = accepted.subject();
                secondFactor = accepted.secondFactorAt() != null;
                if (accepted.secondFactorAt() != null) {
                    request.setAttribute(StepUp.TOKEN_ATTRIBUTE, accepted.secondFactorAt());
                }
            }
            case TokenVerdict.Refused refused -> {
                ProblemResponses.tokenRefused(response, refused);
                return;
            }
        }
        Optional<Refusal> refused = addresses.tokenRequest(subject, request.getRemoteAddr());
        if (refused.isPresent()) {
            addresses.tokenRequestRefused(refused.get(), subject, origin);
            AddressGate.writeRefusal(response);
            return;
        }
        String grant = request.getHeader(SUPPORT_GRANT_HEADER);
        if (grant != null) {
            // A support agent acting inside a client company: the grant is checked on every request, so a revoked or
            // expired one stops the very next request, and nothing else lets the agent's token reach that company.
            if (!secondFactor) {
                ProblemResponses.supportNeedsSecondFactor(response);
                return;
            }
            Subject agent = subject;
            Optional<Subject> inside = supportGrant(grant).flatMap(id -> supportGrants.enter(agent, id));
            if (inside.isEmpty()) {
                ProblemResponses.supportGrantRefused(response);
                return;
            }
            subject = inside.get();
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

    /** Names the support grant a provider's agent acts under (see {@link SupportGrants}). */
    static final String SUPPORT_GRANT_HEADER = "Fortel-Support-Grant";

    private static Optional<UUID> supportGrant(String header) {
        try {
            return Optional.of(UUID.fromString(header.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isTokenSignIn(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/v1/auth/token".equals(request.getRequestURI());
    }

    /** The request attribute that carries the presented token to the sign-out endpoint. */
    static final class ApiTokenAttribute {
        static final String NAME = BearerTokenFilter.class.getName() + ".token";

        private ApiTokenAttribute() {}
    }
}
