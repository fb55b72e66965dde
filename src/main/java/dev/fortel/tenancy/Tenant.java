package dev.fortel.tenancy;

import java.time.Instant;

public record Tenant(TenantId id, String name, TenantKind kind, Instant createdAt) {}
