package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Each company's roles as they are now, cached per node because every request asks what its caller's roles grant.
 * The node that changes a company's roles drops its copy when the change commits; every other node compares the
 * company's access version with the one it loaded at most once per {@code fortel.access.cache-check-interval}, so a
 * cluster applies a change within that interval without reading the roles on every request.
 */
@Component
public class RoleBook {

    private final Roles roles;
    private final VersionedCache<TenantRoles> cache;

    RoleBook(Roles roles, PlatformTransactionManager transactions, AccessProperties settings) {
        this.roles = roles;
        this.cache = new VersionedCache<>(roles, this::load, transactions, settings.cacheCheckInterval(), 100_000);
    }

    /** Every role of the company: built-ins (default or customized) and its own. */
    public TenantRoles of(TenantId tenant) {
        return cache.get(tenant);
    }

    /** What {@code held} grants in the company: each function with how far it reaches. */
    public Map<Permission, Reach> grantsOf(TenantId tenant, Collection<Role> held) {
        return of(tenant).grants(held);
    }

    private TenantRoles load(TenantId tenant) {
        List<RoleDefinition> stored = roles.all(tenant);
        List<RoleDefinition> all = new ArrayList<>(stored);
        for (Role builtIn : Role.BUILT_IN) {
            boolean customized = stored.stream().anyMatch(d -> d.role().equals(builtIn));
            if (!customized || BuiltInRoles.fixed(builtIn)) {
                all.removeIf(d -> d.role().equals(builtIn));
                all.add(BuiltInRoles.defaultOf(builtIn));
            }
        }
        return new TenantRoles(all);
    }

    /** Drops this node's copy once the current transaction commits. */
    void changed(TenantId tenant) {
        cache.changed(tenant);
    }
}
