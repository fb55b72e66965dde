package dev.fortel.audit.correlation;

import dev.fortel.tenancy.TenantId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rule that matched: the event that completed it, the group it matched for (the group-by values; empty for a plain
 * detection) and how many events or values it took.
 *
 * @param scope the company whose rules matched, or null for the provider's rules over every company
 */
record Match(@Nullable TenantId scope, String file, String rule, String title, Rule.Level level, String groupKey, Map<String, String> group,
        int count, ObservedEvent trigger) {}
