package dev.fortel.access;

import dev.fortel.tenancy.TenantId;

/**
 * Where the decision point gets a company's org chart: {@link OrgCharts} in the application (cached, versioned); a
 * chart built in memory in unit tests and in the decision benchmark, which measure the decision without a database.
 */
@FunctionalInterface
public interface OrgChartSource {

    OrgChart of(TenantId tenant);
}
