package dev.fortel.tenancy;

/**
 * {@code PROVIDER} is the one tenant that holds the provider's own staff (operators, support); its journal
 * is the provider's staff journal. Every other tenant is a {@code CLIENT} company.
 */
public enum TenantKind {
    PROVIDER,
    CLIENT
}
