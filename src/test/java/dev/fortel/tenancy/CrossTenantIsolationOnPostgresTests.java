package dev.fortel.tenancy;

import dev.fortel.support.FortelPostgresServerTest;

/** The cross-tenant matrix on PostgreSQL, where row-level security stands behind the application's tenant filters. */
@FortelPostgresServerTest
class CrossTenantIsolationOnPostgresTests extends CrossTenantIsolationContract {}
