package dev.fortel.directory;

import dev.fortel.access.Role;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The roles a person actually holds: their own and those carried by their groups. Every decision about
 * what someone may do, or how strongly their account must be protected (IP rules for administrators, who
 * may reset or end whose sessions), reads this, never {@link Employee#roles()} alone, so that a role given
 * through a group counts exactly like one given directly.
 */
@Component
public class EffectiveRoles {

    private final Groups groups;

    EffectiveRoles(Groups groups) {
        this.groups = groups;
    }

    public Set<Role> of(Employee e) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(e.roles());
        roles.addAll(groups.rolesOf(e.tenantId(), e.groupIds()));
        return roles;
    }
}
