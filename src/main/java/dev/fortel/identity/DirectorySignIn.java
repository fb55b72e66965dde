package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.identity.ldap.DirectoryBind;
import dev.fortel.identity.ldap.DirectoryProblem;
import dev.fortel.tenancy.TenantContext;
import java.io.Serial;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The password check for employees whose company directory holds their password: a bind instead of a hash. Everything
 * around it is the same as for a password stored here (IP rules, guessing protection, second factor, journal); the
 * account's status is checked after the password, as for stored passwords. A directory that cannot be reached fails the
 * sign-in with the same generic answer as a wrong password; the journal says which it was.
 */
final class DirectorySignIn {

    /** A bind that did not succeed; {@code reason} is the journal's ({@code directory_bind_rejected}, …). */
    static final class Refused extends BadCredentialsException {

        @Serial
        private static final long serialVersionUID = 1L;

        private final String reason;

        Refused(String reason, DirectoryProblem cause) {
            super("Bad credentials", cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }

        /** Whether the directory checked the password and said no (as opposed to not checking it at all). */
        boolean guess() {
            return reason.equals("directory_bind_rejected");
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DirectorySignIn.class);

    private final DirectoryBind bind;
    private final Accounts accounts;
    private final Clock clock;

    DirectorySignIn(DirectoryBind bind, Accounts accounts, Clock clock) {
        this.bind = bind;
        this.accounts = accounts;
        this.clock = clock;
    }

    boolean applies(Employee e) {
        return bind.linked(e.tenantId(), e.id());
    }

    Authentication authenticate(Authentication attempt, Employee e) {
        try {
            bind.verify(e.tenantId(), e.id(), e.login(), String.valueOf(attempt.getCredentials()));
        } catch (DirectoryProblem p) {
            String reason = switch (p.code()) {
                case "bind_rejected" -> "directory_bind_rejected";
                case "entry_missing" -> "directory_entry_missing";
                case "directory_off" -> "directory_off";
                default -> p.unreachable() ? "directory_unreachable" : "directory_error";
            };
            throw new Refused(reason, p);
        } catch (RuntimeException unexpected) {
            // A sealed password that no longer opens, a database hiccup: the sign-in fails like any other, never with a 500.
            log.warn("Sign-in by directory bind failed unexpectedly for company {}: {}", e.tenantId().value(), unexpected.toString());
            throw new Refused("directory_error", new DirectoryProblem("failed", unexpected.getClass().getSimpleName()));
        }
        FortelUser user = TenantContext.as(e.tenantId(), () -> new FortelUser(accounts.subjectOf(e), null, e.status() == EmployeeStatus.ACTIVE,
                !e.expired(clock.instant())));
        new AccountStatusUserDetailsChecker().check(user);
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated((UserDetails) user, null, authorities);
        result.setDetails(attempt.getDetails());
        return result;
    }
}
