package dev.fortel.tenancy;

/** Published inside the transaction that created the tenant. */
public record TenantCreated(TenantId tenantId, String name) {}
