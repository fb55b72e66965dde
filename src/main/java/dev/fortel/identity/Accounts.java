package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.directory.EffectiveRoles;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds the account for a login at sign-in. An employee who has not yet chosen a password (an
 * activation link still open) has no account to sign in to and is treated exactly like an unknown login.
 */
@Component
class Accounts implements UserDetailsService, UserDetailsPasswordService {

    private final Employees employees;
    private final EffectiveRoles effectiveRoles;
    private final Credentials credentials;
    private final Tenants tenants;
    private final Clock clock;
    private final dev.fortel.access.RoleBook roleBook;

    private final dev.fortel.identity.ldap.DirectoryBind directoryBind;

    Accounts(Employees employees, EffectiveRoles effectiveRoles, dev.fortel.access.RoleBook roleBook, Credentials credentials, Tenants tenants,
            Clock clock, dev.fortel.identity.ldap.DirectoryBind directoryBind) {
        this.directoryBind = directoryBind;
        this.roleBook = roleBook;
        this.effectiveRoles = effectiveRoles;
        this.employees = employees;
        this.credentials = credentials;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String login) {
        // Sign-in is the one lookup that cannot know the tenant in advance: the login decides it.
        return TenantContext.asPlatform(() -> {
            Employee e = employees.findByLoginAcrossTenants(login).orElseThrow(() -> new UsernameNotFoundException("unknown login"));
            String hash = credentials.hash(e.tenantId(), e.id()).orElseThrow(() -> new UsernameNotFoundException("not activated"));
            return new FortelUser(subjectOf(e), hash, e.status() == EmployeeStatus.ACTIVE, !e.expired(clock.instant()));
        });
    }

    /** Called by the authentication provider when the stored hash was made with weaker Argon2id settings. */
    @Override
    public UserDetails updatePassword(UserDetails user, String newHash) {
        FortelUser fu = (FortelUser) user;
        Subject s = fu.subject();
        String old = fu.getPassword();
        if (old != null) {
            TenantContext.as(s.tenantId(), () -> credentials.upgrade(s.tenantId(), s.employeeId(), old, newHash));
        }
        return new FortelUser(s, newHash, fu.isEnabled(), fu.isAccountNonExpired());
    }

    /** The current state of an account, for checking that a session or token still belongs to a valid one. */
    Optional<Employee> current(Subject s) {
        return current(s.tenantId(), s.employeeId());
    }

    Optional<Employee> current(dev.fortel.tenancy.TenantId tenant, java.util.UUID employee) {
        return TenantContext.as(tenant, () -> employees.find(tenant, employee));
    }

    Subject subjectOf(Employee e) {
        boolean provider = tenants.find(e.tenantId()).map(t -> t.kind() == dev.fortel.tenancy.TenantKind.PROVIDER).orElse(false);
        // A person holds their own roles and those their groups carry.
        java.util.Set<dev.fortel.access.Role> roles = effectiveRoles.of(e);
        return new Subject(e.tenantId(), e.id(), e.login(), e.displayName(), roles, roleBook.grantsOf(e.tenantId(), roles), provider, null);
    }

    /** A failed sign-in as the journal records it: the account tried (if any) and why it failed. */
    record Failure(Optional<Employee> account, String reason) {}

    /** Whether the company's directory checks this employee's password (sign-in by bind, no password stored here). */
    boolean directoryAccount(Employee e) {
        return directoryBind.linked(e.tenantId(), e.id());
    }

    /** Why a login could not sign in. For the journal only: the person signing in is never told. */
    Failure diagnose(String login, boolean passwordMatched) {
        return TenantContext.asPlatform(() -> {
            Optional<Employee> e = employees.findByLoginAcrossTenants(login);
            if (e.isEmpty()) {
                return new Failure(e, "unknown_login");
            }
            if (!directoryAccount(e.get()) && credentials.hash(e.get().tenantId(), e.get().id()).isEmpty()) {
                return new Failure(e, "not_activated");
            }
            if (!passwordMatched) {
                return new Failure(e, "bad_password");
            }
            return new Failure(e, e.get().status() != EmployeeStatus.ACTIVE ? "disabled" : "expired");
        });
    }
}
