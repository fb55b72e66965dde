/**
 * Client companies (tenants) and the tenant a piece of work runs for. The tenant of a request comes only
 * from the authenticated subject, never from a client-supplied id or header; {@link dev.fortel.tenancy.TenantContext}
 * carries it to the database layer, where PostgreSQL's row-level security enforces it a second time.
 */
@NullMarked
package dev.fortel.tenancy;

import org.jspecify.annotations.NullMarked;
