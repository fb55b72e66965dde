package dev.fortel.supportaccess;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What happens to support access, published in the transaction that does it (the journal records each). */
public final class SupportEvents {

    private SupportEvents() {}

    /** {@code company}: the client company; {@code provider}: the provider's company, whose journal keeps a copy. */
    public record Requested(TenantId company, TenantId provider, UUID grant, UUID agentId, String agent, String reason, @Nullable String ticket,
            List<String> functions, int minutes) {}

    /** {@code automatic}: approved by the company's standing policy, not by a person. */
    public record Approved(TenantId company, TenantId provider, UUID grant, String agent, List<String> functions, Instant expiresAt, boolean narrowed,
            boolean automatic) {}

    public record Denied(TenantId company, TenantId provider, UUID grant, String agent, @Nullable String note, boolean automatic) {}

    public record Revoked(TenantId company, TenantId provider, UUID grant, String agent, @Nullable String note) {}

    public record Expired(TenantId company, TenantId provider, UUID grant, String agent, Instant expiredAt) {}

    /** One request the agent made inside the company under the grant: what support did, as the client sees it. */
    public record Acted(TenantId company, UUID grant, String method, String path, int status) {}
}
