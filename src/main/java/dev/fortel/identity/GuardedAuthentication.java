package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Puts guessing protection in front of the password check: the attempt is admitted (and counted) first,
 * refused attempts still cost one hash so that a locked account answers as slowly as any other, and the
 * outcome is reported back.
 */
final class GuardedAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final GuessingProtection guards;
    private final Employees employees;
    private final PasswordEncoder encoder;
    private final String dummyHash;

    GuardedAuthentication(AuthenticationProvider passwords, GuessingProtection guards, Employees employees, PasswordEncoder encoder) {
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
        GuessingProtection.Ticket ticket;
        try {
            ticket = guards.admit(account.orElse(null), RequestOrigin.current().ip());
        } catch (GuessingRefusal refused) {
            encoder.matches(String.valueOf(attempt.getCredentials()), dummyHash);
            throw refused;
        }
        try {
            Authentication result = passwords.authenticate(attempt);
            guards.succeeded(ticket);
            return result;
        } catch (AuthenticationException failed) {
            guards.failed(ticket);
            throw failed;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
