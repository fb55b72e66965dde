package dev.fortel.identity;

import dev.fortel.platform.RequestOrigin;
import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two filter chains. The API ({@code /api/**}, {@code /actuator/**}) is stateless: bearer tokens only, no
 * cookies, so CSRF cannot apply and is off there. The console uses a form sign-in, a database-backed
 * session whose id is replaced at sign-in (session fixation), and CSRF tokens on every form. Both send
 * the same hardening headers: a CSP that allows no inline script, no framing, HSTS, no MIME sniffing.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /** Swagger UI renders with inline styles; its page still runs no inline script. */
    static final String DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, IntegrationTokens integrationTokens, PasswordPolicy passwordPolicy,
            AddressGate addresses, SecondFactors factors, dev.fortel.access.SupportGrants supportGrants) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        // "Forgot password": answers the same whoever asks, rate-limited (onboarding.PasswordResets).
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/password-reset-requests").permitAll()
                        .requestMatchers("/api/v1/activation/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("OPERATOR")
                        .anyRequest().authenticated())
                // No cookie authenticates an API call, so there is no ambient credential to forge (CSRF).
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> { })
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ProblemResponses.unauthenticated(res))
                        .accessDeniedHandler((req, res, ex) -> ProblemResponses.write(res, HttpStatus.FORBIDDEN, dev.fortel.platform.web.Problems.FORBIDDEN,
                                "Forbidden", "Your roles do not allow this action.")))
                .addFilterBefore(new BearerTokenFilter(tokens, integrationTokens, addresses, supportGrants), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new SecondFactorGate(factors, true), BearerTokenFilter.class)
                .addFilterAfter(new PasswordExpiryGate(passwordPolicy, true), SecondFactorGate.class)
                .headers(h -> hardening(h, CSP));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain docs(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> hardening(h, DOCS_CSP));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, Accounts accounts, PasswordPolicy passwordPolicy, Clock clock, ApplicationEventPublisher events, AddressGate addresses,
            AuthenticationManager passwords, OpenSessions sessions, SecondFactors factors, dev.fortel.access.SupportGrants supportGrants) throws Exception {
        // The form must use the guarded manager (PasswordAuthentication): left to itself, Spring Security builds
        // the chain a plain DaoAuthenticationProvider from the UserDetailsService bean, which would skip IP
        // rules and guessing protection for console sign-ins.
        http.authenticationManager(passwords)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login/passkey", "/login/passkey/options", "/login/sso", "/saml/*/metadata", "/saml/*/login", "/saml/*/acs", "/forgot-password", "/activate/**", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
                                "/problems/**")
                        .permitAll()
                        .anyRequest().authenticated())
                // The IdP's cross-site POST carries no CSRF token; what protects the ACS is the response's signature, audience,
                // recipient, InResponseTo and one-time use (SamlServiceProvider), not a cookie.
                .csrf(c -> c.ignoringRequestMatchers("/saml/*/acs"))
                .formLogin(f -> f.loginPage("/login").usernameParameter("login").passwordParameter("password")
                        .successHandler(new JournalingSuccessHandler(events, sessions, factors)).failureHandler(failureHandler()))
                .logout(l -> l.logoutUrl("/logout").addLogoutHandler(journalingLogout(events)).logoutSuccessUrl("/login?logout")
                        .deleteCookies("FORTEL_SESSION"))
                // A new session at sign-in, not only a new id: its creation time is then the sign-in time, from which the
                // company's absolute session lifetime counts (OpenSessions.admit).
                .sessionManagement(s -> s.sessionFixation(f -> f.migrateSession()))
                .addFilterBefore(new SubjectRefreshFilter(accounts, clock, addresses, sessions, supportGrants), AuthorizationFilter.class)
                .addFilterAfter(new SecondFactorGate(factors, false), SubjectRefreshFilter.class)
                .addFilterAfter(new PasswordExpiryGate(passwordPolicy, false), SecondFactorGate.class)
                .headers(h -> hardening(h, CSP));
        return http.build();
    }

    private static void hardening(org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h, String csp) {
        h.contentSecurityPolicy(c -> c.policyDirectives(csp))
                .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny());
    }

    /**
     * Back to the form with the generic error, or, when IP rules refused the address, with the message that
     * says so (the person can do nothing about it but ask their administrator).
     */
    private static AuthenticationFailureHandler failureHandler() {
        ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
        handler.setDefaultFailureUrl("/login?error");
        handler.setExceptionMappings(java.util.Map.of(AddressRefusal.class.getName(), "/login?address", SsoOnlyRefusal.class.getName(), "/login?sso"));
        return handler;
    }

    private static LogoutHandler journalingLogout(ApplicationEventPublisher events) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            if (authentication != null && authentication.getPrincipal() instanceof AccessDecisions.SubjectHolder holder) {
                RequestOrigin origin = RequestOrigin.of(request);
                events.publishEvent(new IdentityEvents.SignedOut(holder.subject(), "password_form", origin.ip(), origin.userAgent()));
            }
        };
    }

    /**
     * Journals the sign-in once the session has been replaced, so the journal names the session in use; then
     * applies the company's session settings to it ({@link OpenSessions#signedIn}). When the person has a
     * second factor, the sign-in is not complete yet: the session is marked pending, lives five minutes
     * unless the code comes, and is sent to the code page ({@link SecondFactorPage} completes it).
     */
    static final class JournalingSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

        /** How long a session may wait for its second factor. */
        static final int PENDING_SECONDS = 300;

        private final ApplicationEventPublisher events;
        private final OpenSessions sessions;
        private final SecondFactors factors;

        JournalingSuccessHandler(ApplicationEventPublisher events, OpenSessions sessions, SecondFactors factors) {
            this.events = events;
            this.sessions = sessions;
            this.factors = factors;
            setDefaultTargetUrl("/");
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                throws jakarta.servlet.ServletException, java.io.IOException {
            if (authentication.getPrincipal() instanceof AccessDecisions.SubjectHolder holder) {
                if (factors.atSignIn(holder.subject()) == SecondFactors.Requirement.VERIFY) {
                    request.getSession().setAttribute(SecondFactorGate.PENDING, Boolean.TRUE);
                    request.getSession().setMaxInactiveInterval(PENDING_SECONDS);
                    SecondFactorPage.sendFirstCodeIfOnlySent(factors, holder.subject(), request.getSession());
                    getRedirectStrategy().sendRedirect(request, response, SecondFactorGate.CODE_PAGE);
                    return;
                }
                Subject subject = holder.subject().withSessionRef(SessionRefs.of(request.getSession().getId()));
                RequestOrigin origin = RequestOrigin.of(request);
                events.publishEvent(new IdentityEvents.SignInSucceeded(subject, "password_form", origin.ip(), origin.userAgent()));
                sessions.signedIn(request, subject);
            }
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
