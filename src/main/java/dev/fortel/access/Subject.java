package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller as every module sees it: established by sign-in, carried in the security
 * context, never built from request parameters.
 *
 * @param sessionRef a short, non-secret reference to the console session or API token in use, for the journal
 */
public record Subject(TenantId tenantId, UUID employeeId, String login, String displayName, Set<Role> roles,
        boolean provider, @Nullable String sessionRef) implements java.io.Serializable {

    public Subject {
        roles = Set.copyOf(roles);
    }

    public boolean has(Permission permission) {
        return roles.stream().anyMatch(r -> r.permissions().contains(permission));
    }

    public Subject withSessionRef(@Nullable String ref) {
        return new Subject(tenantId, employeeId, login, displayName, roles, provider, ref);
    }
}
