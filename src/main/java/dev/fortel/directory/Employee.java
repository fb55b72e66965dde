package dev.fortel.directory;

import dev.fortel.access.Role;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An employee of a tenant.
 *
 * @param login the sign-in e-mail, lower-cased, unique across the whole platform
 * @param expiresAt the moment the account stops being able to sign in; {@code null} for no expiry
 */
public record Employee(TenantId tenantId, UUID id, String login, String displayName, @Nullable String extension,
        @Nullable String mobile, Set<UUID> groupIds, @Nullable UUID supervisorId, EmployeeStatus status,
        @Nullable Instant expiresAt, Set<Role> roles, Instant createdAt, Instant updatedAt) {

    public Employee {
        groupIds = Set.copyOf(groupIds);
        roles = Set.copyOf(roles);
    }

    /** Whether the account may sign in at {@code now}: active and not past its last day. */
    public boolean canSignIn(Instant now) {
        return status == EmployeeStatus.ACTIVE && !expired(now);
    }

    /** Whether the account's lifetime has run out at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
