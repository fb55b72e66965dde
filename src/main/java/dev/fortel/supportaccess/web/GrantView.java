package dev.fortel.supportaccess.web;

import dev.fortel.access.Permission;
import dev.fortel.supportaccess.SupportGrant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A support request or grant in the API, with its status as of now (an ended grant reads as expired at once). */
record GrantView(UUID id, UUID companyId, @Nullable String company, UUID agentId, String agentLogin, String agentName, String reason,
        @Nullable String ticket, List<String> requestedFunctions, int requestedMinutes, String status, List<String> grantedFunctions,
        @Nullable Instant expiresAt, @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String note, @Nullable String endedBy,
        @Nullable Instant endedAt, Instant createdAt) {

    static GrantView of(SupportGrant g, @Nullable String company, Instant now) {
        return new GrantView(g.id(), g.company().value(), company, g.agentId(), g.agentLogin(), g.agentName(), g.reason(), g.ticket(),
                g.requested().stream().map(Permission::code).toList(), g.requestedMinutes(), g.statusAt(now).code(),
                g.granted().stream().map(Permission::code).toList(), g.expiresAt(), g.decidedBy(), g.decidedAt(), g.note(), g.endedBy(), g.endedAt(),
                g.createdAt());
    }
}
