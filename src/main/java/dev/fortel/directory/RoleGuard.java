package dev.fortel.directory;

import dev.fortel.access.Permission;
import dev.fortel.access.Reach;
import dev.fortel.access.Role;
import dev.fortel.access.RoleAdministration;
import dev.fortel.access.RoleBook;
import dev.fortel.access.Subject;
import dev.fortel.access.TenantRoles;
import dev.fortel.platform.ValidationFailedException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The rules for giving and taking away roles, wherever it happens (an employee's roles, a group's, copied access,
 * joining or leaving a group that carries roles): the role must exist in the company, owner and operator are never
 * given here, and nobody gives or takes away a role that grants more than they hold themself.
 */
@Component
class RoleGuard {

    private final RoleBook book;

    RoleGuard(RoleBook book) {
        this.book = book;
    }

    /** Every role in {@code roles} is one the company has (its operator role only in the provider's company). */
    void checkKnown(Subject actor, String field, Set<Role> roles) {
        TenantRoles company = book.of(actor.tenantId());
        Set<String> unknown = new TreeSet<>();
        roles.stream().filter(r -> company.find(r).isEmpty() || !RoleAdministration.visible(actor, r)).forEach(r -> unknown.add(r.code()));
        if (!unknown.isEmpty()) {
            String list = String.join(", ", unknown);
            throw ValidationFailedException.of(field, "employee.roleUnknown",
                    "your company has no role with the code " + list + "; GET /api/v1/roles lists the roles", list);
        }
    }

    /**
     * Nobody grants or takes away rights they do not hold themself: an administrator cannot make anyone (themself
     * included) a security officer, whose journal verification right administrators lack. The actor must hold each
     * function of every role that changes, at least as far as the role's grant reaches.
     */
    void checkNoEscalation(Subject actor, Set<Role> before, Set<Role> after) {
        TenantRoles company = book.of(actor.tenantId());
        Set<Role> changed = new TreeSet<>();
        after.stream().filter(r -> !before.contains(r)).forEach(changed::add);
        before.stream().filter(r -> !after.contains(r)).forEach(changed::add);
        for (Role role : changed) {
            Map<Permission, Reach> grants = company.grants(Set.of(role));
            if (!actor.holdsAtLeast(grants)) {
                throw ValidationFailedException.of("roles", "employee.roleEscalation",
                        "you can grant or remove only roles whose rights you hold yourself; " + role.code() + " has rights you do not have",
                        role.code());
            }
        }
    }
}
