package dev.fortel.identity;

import dev.fortel.access.Role;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.iprules.Refusal;
import dev.fortel.identity.saml.SamlProviders;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Puts IP rules and guessing protection in front of the password check: the address is judged and the
 * attempt admitted (and counted) first, refused attempts still cost one hash so that a refusal answers as
 * slowly as a wrong password, and the outcome is reported back.
 *
 * <p>Order: the provider-wide deny-list (refuses whatever the login, so it tells nothing about accounts);
 * then the company's IP rules for the account's scopes, unless the address is already blocked by guessing
 * protection (then the generic answer below wins, so a blocked address learns nothing more); a refusal by
 * the company's rules counts as a failure of the address, because its distinct answer says the login
 * exists; then, where the company signs its people in only through its SAML identity provider, a refusal for everyone but
 * the owner ({@link SsoOnlyRefusal}); then guessing protection's own admission; then the password (or, for an employee of a company directory,
 * a bind to the directory: {@link DirectorySignIn}).
 */
final class GuardedAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final GuessingProtection guards;
    private final Employees employees;
    private final PasswordEncoder encoder;
    private final String dummyHash;
    private final AddressGate addresses;
    private final SecondFactors factors;
    private final DirectorySignIn directory;
    private final SamlProviders sso;

    GuardedAuthentication(AuthenticationProvider passwords, GuessingProtection guards, Employees employees, PasswordEncoder encoder,
            AddressGate addresses, SecondFactors factors, DirectorySignIn directory, SamlProviders sso) {
        this.directory = directory;
        this.sso = sso;
        this.addresses = addresses;
        this.factors = factors;
        this.passwords = passwords;
        this.guards = guards;
        this.employees = employees;
        this.encoder = encoder;
        this.dummyHash = encoder.encode("dummy password for equal timing");
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String login = String.valueOf(attempt.getName());
        Optional<Employee> account = login.length() > 254 ? Optional.empty()
                : TenantContext.asPlatform(() -> employees.findByLoginAcrossTenants(login));
        RequestOrigin origin = RequestOrigin.current();
        boolean tokenEndpoint = tokenEndpoint();
        Optional<Refusal> refusal = addresses.provider(origin.ip());
        if (refusal.isEmpty() && account.isPresent()) {
            Optional<Refusal> byRules = addresses.signIn(account.get(), tokenEndpoint, origin.ip());
            if (byRules.isPresent() && !guards.addressBlocked(origin.ip())) {
                guards.addressRefused(origin.ip());
                refusal = byRules;
            }
        }
        if (refusal.isPresent()) {
            encoder.matches(String.valueOf(attempt.getCredentials()), dummyHash);
            addresses.signInRefused(refusal.get(), account, login, tokenEndpoint ? AddressGate.API_TOKEN_SIGN_IN : AddressGate.PASSWORD_FORM,
                    origin);
            throw new AddressRefusal(refusal.get());
        }
        if (account.isPresent() && sso.ssoOnly(account.get().tenantId()) && account.get().roles().stream().noneMatch(Role.OWNER::equals)) {
            encoder.matches(String.valueOf(attempt.getCredentials()), dummyHash);
            throw new SsoOnlyRefusal();
        }
        GuessingProtection.Ticket ticket;
        try {
            ticket = guards.admit(account.orElse(null), origin.ip());
        } catch (GuessingRefusal refused) {
            encoder.matches(String.valueOf(attempt.getCredentials()), dummyHash);
            throw refused;
        }
        try {
            // An employee of a company directory has no password here: the directory checks it by bind.
            Authentication result = account.isPresent() && directory.applies(account.get()) ? directory.authenticate(attempt, account.get())
                    : passwords.authenticate(attempt);
            // With a second factor to come, the sign-in has not succeeded yet: the failure count stays until the
            // code is right (SecondFactorChallenge), so wrong codes add up across repeated password sign-ins.
            if (account.isEmpty() || factors.usable(account.get().tenantId(), account.get().id()).isEmpty()) {
                guards.succeeded(ticket);
            }
            return result;
        } catch (AuthenticationException failed) {
            // A directory that is down or no longer has the entry checked no password: that is nobody's guess, and an
            // outage must not lock the whole company out.
            if (!(failed instanceof DirectorySignIn.Refused refused) || refused.guess()) {
                guards.failed(ticket);
            }
            throw failed;
        }
    }

    /** The token endpoint's sign-in mints an API token, so the {@code api_tokens} rules judge it too. */
    private static boolean tokenEndpoint() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
                && attrs.getRequest().getRequestURI().startsWith("/api/");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
