package dev.fortel.audit.correlation;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alert raised by a rule, and how it is being handled. A further match for the same rule and group while the alert
 * is not closed adds to {@code matches} instead of opening another.
 *
 * @param tenantId whose alert: the company for its rules, the provider for the provider's
 * @param sourceTenantId the company the last matching event came from
 */
public record SecurityAlert(TenantId tenantId, UUID id, String ruleFile, String rule, String title, String level, Map<String, String> group,
        TenantId sourceTenantId, int matches, Instant firstAt, Instant lastAt, UUID lastEventId, long lastEventSeq, String lastEventType,
        @Nullable String lastActor, @Nullable String lastIp, Status status, @Nullable String handledBy, @Nullable Instant handledAt,
        @Nullable String note) {

    public SecurityAlert {
        group = Map.copyOf(group);
    }

    public enum Status {
        OPEN, ACKNOWLEDGED, CLOSED
    }
}
