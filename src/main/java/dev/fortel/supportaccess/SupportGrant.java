package dev.fortel.supportaccess;

import dev.fortel.access.Permission;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A support request and, once approved, the grant it became: what was asked (reason, ticket, functions, minutes) and
 * what the company decided (the granted functions, which may be fewer, and the moment it ends).
 */
public record SupportGrant(TenantId company, UUID id, UUID agentId, String agentLogin, String agentName, String reason, @Nullable String ticket,
        List<Permission> requested, int requestedMinutes, Status status, List<Permission> granted, @Nullable Instant expiresAt,
        @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String note, @Nullable String endedBy, @Nullable Instant endedAt,
        Instant createdAt) {

    public enum Status {
        /** Waiting for the company. */
        REQUESTED,
        /** In force until {@code expiresAt} unless revoked. */
        APPROVED,
        DENIED,
        REVOKED,
        EXPIRED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SupportGrant {
        requested = List.copyOf(requested);
        granted = List.copyOf(granted);
    }

    /** Whether the agent may act under it at {@code now}: approved, and not yet at its end. */
    public boolean inForce(Instant now) {
        return status == Status.APPROVED && expiresAt != null && now.isBefore(expiresAt);
    }

    /**
     * The status as of {@code now}: an approval past its end reads as expired even before the periodic job has
     * recorded it.
     */
    public Status statusAt(Instant now) {
        return status == Status.APPROVED && expiresAt != null && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }

    Set<Permission> grantedSet() {
        return granted.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(granted);
    }
}
