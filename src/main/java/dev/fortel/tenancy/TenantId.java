package dev.fortel.tenancy;

import java.util.Objects;
import java.util.UUID;

/** The identity of a tenant. Every repository method that touches tenant data takes one. */
public record TenantId(UUID value) implements java.io.Serializable {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    public static TenantId of(UUID value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
