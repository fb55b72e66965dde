package dev.fortel.directory;

import dev.fortel.access.Permission;
import dev.fortel.access.Reach;
import dev.fortel.access.Role;
import dev.fortel.access.RoleBook;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The roles a person actually holds: their own and those carried by their groups, and what those roles grant in the
 * company as it defines them now. Every decision about what someone may do, or how strongly their account must be
 * protected (IP rules for administrators, who may reset or end whose sessions), reads this, never
 * {@link Employee#roles()} alone, so that a role given through a group counts exactly like one given directly.
 */
@Component
public class EffectiveRoles {

    private final Groups groups;
    private final RoleBook book;

    EffectiveRoles(Groups groups, RoleBook book) {
        this.groups = groups;
        this.book = book;
    }

    public Set<Role> of(Employee e) {
        Set<Role> roles = new TreeSet<>(e.roles());
        roles.addAll(groups.rolesOf(e.tenantId(), e.groupIds()));
        return roles;
    }

    /** Each function the person holds, with how far it reaches. */
    public Map<Permission, Reach> grantsOf(Employee e) {
        return book.grantsOf(e.tenantId(), of(e));
    }
}
