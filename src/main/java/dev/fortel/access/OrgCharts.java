package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Each company's {@link OrgChart}, cached per node like its roles (same access version, same check interval): the
 * scopes of grants are decided in memory, without a query per decision. The directory calls {@link #changed} in the
 * transaction of every change to reporting lines, group memberships or the set of employees.
 */
@Component
public class OrgCharts implements OrgChartSource {

    private final Roles versions;
    private final VersionedCache<OrgChart> cache;

    OrgCharts(Roles versions, RoleAssignments assignments, PlatformTransactionManager transactions, AccessProperties settings) {
        this.versions = versions;
        this.cache = new VersionedCache<>(versions, assignments::orgChart, transactions, settings.cacheCheckInterval(), 10_000);
    }

    @Override
    public OrgChart of(TenantId tenant) {
        return cache.get(tenant);
    }

    /** Increments the company's access version in the current transaction; this node drops its copy when it commits. */
    public void changed(TenantId tenant) {
        versions.bump(tenant);
        cache.changed(tenant);
    }
}
