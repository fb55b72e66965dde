package dev.fortel.access;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a role grants in one company: each function with its {@link Grant}. A built-in role starts from the product's
 * default ({@link BuiltInRoles}) and may be {@code customized} by the company, then reset; a company's own role has a
 * name and description of its choosing (a built-in's come from the message bundles, in the reader's language).
 */
public record RoleDefinition(Role role, boolean customized, @Nullable String name, @Nullable String description,
        Map<Permission, Grant> grants) {

    public RoleDefinition {
        EnumMap<Permission, Grant> copy = new EnumMap<>(Permission.class);
        copy.putAll(grants);
        grants = Collections.unmodifiableMap(copy);
    }

    public boolean builtIn() {
        return role.builtIn();
    }

    public boolean grants(Permission p) {
        return grants.containsKey(p);
    }
}
