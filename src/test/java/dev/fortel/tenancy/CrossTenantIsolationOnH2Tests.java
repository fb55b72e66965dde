package dev.fortel.tenancy;

import dev.fortel.support.FortelServerTest;

/** The cross-tenant matrix on the embedded H2 database, where only the application's tenant filters protect. */
@FortelServerTest
class CrossTenantIsolationOnH2Tests extends CrossTenantIsolationContract {}
