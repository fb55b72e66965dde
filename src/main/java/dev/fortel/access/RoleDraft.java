package dev.fortel.access;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A role as someone asks for it: a name and description (a company's own roles only; built-ins keep theirs) and the
 * functions it grants, each with its grant. Checked by {@link RoleAdministration} before anything is stored.
 */
public record RoleDraft(@Nullable String name, @Nullable String description, Map<Permission, Grant> grants) {

    public RoleDraft {
        EnumMap<Permission, Grant> copy = new EnumMap<>(Permission.class);
        copy.putAll(grants);
        grants = Collections.unmodifiableMap(copy);
    }
}
