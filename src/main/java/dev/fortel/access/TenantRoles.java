package dev.fortel.access;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every role one company has, as it defines them now: the built-ins (default or customized) and its own, in list order. */
public record TenantRoles(List<RoleDefinition> roles) {

    public TenantRoles {
        roles = roles.stream().sorted(java.util.Comparator.comparing(RoleDefinition::role)).toList();
    }

    /** The built-in roles at the product's defaults: what a company that changed nothing has. */
    public static TenantRoles defaults() {
        return new TenantRoles(Role.BUILT_IN.stream().map(BuiltInRoles::defaultOf).toList());
    }

    public Optional<RoleDefinition> find(Role role) {
        return roles.stream().filter(d -> d.role().equals(role)).findFirst();
    }

    /** The functions held through {@code held} and how far each reaches: the union of every grant of it. Unknown roles grant nothing. */
    public Map<Permission, Reach> grants(Collection<Role> held) {
        Map<Permission, Reach> out = new EnumMap<>(Permission.class);
        for (Role r : held) {
            find(r).ifPresent(d -> d.grants().forEach((p, g) -> out.merge(p, g.reach(), Reach::union)));
        }
        return out;
    }
}
