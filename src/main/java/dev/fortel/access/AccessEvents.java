package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Past-tense facts about the company's roles, published inside the transaction that made them true (the audit module
 * journals them). {@code changes} maps a field ({@code name}, {@code description}, {@code grants}) to its
 * {@code [before, after]} pair; grants are listed as {@code function: scope[groups]} texts.
 */
public final class AccessEvents {

    private AccessEvents() {}

    public record RoleCreated(TenantId tenantId, String code, String name, Map<String, Object> fields) {
        public RoleCreated {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    public record RoleChanged(TenantId tenantId, String code, Map<String, Object[]> changes) {
        public RoleChanged {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    /** A company's own role was removed (it was held by nobody). */
    public record RoleDeleted(TenantId tenantId, String code, String name, Map<String, Object> fields) {
        public RoleDeleted {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A customized built-in role went back to the product's default. */
    public record RoleReset(TenantId tenantId, String code, Map<String, Object[]> changes) {
        public RoleReset {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }
}
