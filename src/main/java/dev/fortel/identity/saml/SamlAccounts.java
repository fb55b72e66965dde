package dev.fortel.identity.saml;

import dev.fortel.access.Role;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a valid assertion into one of the company's employees. The e-mail it carries is the login; an IdP speaks only
 * for its own company, so a login that belongs to another company is refused, never signed in. Someone unknown is
 * created only when the company allows it and the e-mail is in one of its domains. The roles the IdP's groups give
 * replace those they gave last time; roles given by hand stay. The owner is never signed in by the IdP.
 */
@Service
public class SamlAccounts {

    private final Employees employees;
    private final EmployeeDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    SamlAccounts(Employees employees, EmployeeDirectory directory, JdbcClient jdbc, Clock clock) {
        this.employees = employees;
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The employee the assertion signs in, created or brought up to date; call inside the company's context. */
    @Transactional
    public Employee employeeOf(SamlServiceProvider.Assertion assertion) {
        SamlSettings idp = assertion.provider();
        TenantId tenant = idp.tenantId();
        String email = email(idp, assertion);
        Optional<Employee> known = TenantContext.asPlatform(() -> employees.findByLoginAcrossTenants(email));
        if (known.isPresent() && !known.get().tenantId().equals(tenant)) {
            throw new SamlRefusal("saml_foreign_account", "the e-mail belongs to an employee of another company");
        }
        Set<Role> mapped = mappedRoles(idp, assertion);
        String name = shortened(assertion.first(idp.nameAttribute()), 200);
        String phone = assertion.first(idp.phoneAttribute());
        try {
            Employee e;
            Set<Role> previous = previousRoles(tenant, known.map(Employee::id).orElse(null));
            if (known.isEmpty()) {
                String domain = email.substring(email.lastIndexOf('@') + 1);
                if (!idp.jit()) {
                    throw new SamlRefusal("saml_unknown_account", "no employee has this e-mail and creation at sign-in is off");
                }
                if (!idp.domains().contains(domain)) {
                    throw new SamlRefusal("saml_domain_not_allowed", "the e-mail's domain " + domain + " is not one of the company's");
                }
                e = directory.createFromDirectory(tenant, new EmployeeDraft(email, name != null ? name : email.substring(0, email.indexOf('@')), null,
                        phone, Set.of(), null, EmployeeStatus.ACTIVE, null, mapped));
            } else if (known.get().roles().stream().anyMatch(Role::protectedRole)) {
                // The owner signs in with their own password only: otherwise an administrator who controls the IdP
                // settings could sign in as the owner, and the break-glass account would depend on the IdP.
                throw new SamlRefusal("saml_protected_account", "the owner's account signs in with its password, never through the IdP");
            } else {
                Employee before = known.get();
                Set<Role> roles = new TreeSet<>(before.roles());
                roles.removeAll(previous);
                roles.addAll(mapped);
                boolean changed = !roles.equals(new TreeSet<>(before.roles())) || name != null && !name.equals(before.displayName())
                        || phone != null && !phone.equals(before.mobile());
                e = !changed ? before : directory.updateFromDirectory(tenant, before.id(), d -> new EmployeeDraft(d.login(),
                        name != null ? name : d.displayName(), d.extension(), phone != null ? phone : d.mobile(), d.groupIds(), d.supervisorId(),
                        d.status(), d.expiresAt(), roles));
            }
            link(tenant, e.id(), assertion.nameId(), mapped);
            return e;
        } catch (ValidationFailedException | ConflictException bad) {
            throw new SamlRefusal("saml_attributes_invalid", "the identity provider's attributes do not make a valid employee: " + bad.getMessage());
        }
    }

    private static String email(SamlSettings idp, SamlServiceProvider.Assertion a) {
        String fromAttribute = a.first(idp.emailAttribute());
        String value = fromAttribute != null ? fromAttribute : a.nameId();
        String email = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !email.matches("[^@\\s]{1,64}@[^@\\s]{1,189}")) {
            throw new SamlRefusal("saml_no_email", idp.emailAttribute() == null
                    ? "the NameID is not an e-mail address; name the attribute that holds it (email_attribute)"
                    : "the attribute " + idp.emailAttribute() + " holds no e-mail address");
        }
        return email;
    }

    private static Set<Role> mappedRoles(SamlSettings idp, SamlServiceProvider.Assertion a) {
        Set<Role> roles = new TreeSet<>();
        if (idp.groupsAttribute() == null) {
            return roles;
        }
        List<String> groups = a.attributes().getOrDefault(idp.groupsAttribute(), List.of());
        for (SamlSettings.GroupRole g : idp.groupRoles()) {
            if (groups.stream().anyMatch(v -> v.strip().equals(g.group()))) {
                roles.add(g.role());
            }
        }
        return roles;
    }

    private Set<Role> previousRoles(TenantId tenant, @Nullable UUID employee) {
        if (employee == null) {
            return Set.of();
        }
        return jdbc.sql("SELECT roles FROM saml_accounts WHERE tenant_id = :t AND employee_id = :e").param("t", tenant.value()).param("e", employee)
                .query(String.class).optional()
                .map(r -> r.isBlank() ? Set.<Role>of() : Arrays.stream(r.split(",")).map(Role::new).collect(Collectors.toCollection(TreeSet::new)))
                .orElse(Set.of());
    }

    private void link(TenantId tenant, UUID employee, String nameId, Set<Role> roles) {
        String codes = roles.stream().map(Role::code).sorted().collect(Collectors.joining(","));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String id = shortened(nameId, 1000);
        int updated = jdbc.sql("UPDATE saml_accounts SET name_id = :n, roles = :r, signed_in_at = :at WHERE tenant_id = :t AND employee_id = :e")
                .param("n", id).param("r", codes).param("at", now).param("t", tenant.value()).param("e", employee).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO saml_accounts (tenant_id, employee_id, name_id, roles, signed_in_at) VALUES (:t, :e, :n, :r, :at)")
                    .param("n", id).param("r", codes).param("at", now).param("t", tenant.value()).param("e", employee).update();
        }
    }

    private static @Nullable String shortened(@Nullable String s, int max) {
        return s == null ? null : s.length() > max ? s.substring(0, max) : s;
    }
}
