package dev.fortel.directory;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A group or department of employees. */
public record Group(TenantId tenantId, UUID id, String name, @Nullable String description, int memberCount,
        Instant createdAt, Instant updatedAt) {}
