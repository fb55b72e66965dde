package dev.fortel.audit.correlation;

import dev.fortel.tenancy.TenantId;
import org.jspecify.annotations.Nullable;

/** A value a {@code first_seen} rule learned (or saw again after a day), for its durable copy. */
record SeenWrite(@Nullable TenantId scope, String file, String rule, String groupKey, String value, long millis) {}
