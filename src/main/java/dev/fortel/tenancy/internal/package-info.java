/** Database-side tenant isolation for PostgreSQL (row-level security session settings). */
@NullMarked
package dev.fortel.tenancy.internal;

import org.jspecify.annotations.NullMarked;
