package dev.fortel.identity.iprules;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One rule of a company's IP rules. */
record IpRule(TenantId tenantId, UUID id, IpRuleAction action, IpRange range, IpRuleScope scope, @Nullable String note,
        @Nullable UUID createdBy, @Nullable String createdByName, Instant createdAt, Instant updatedAt) {

    /** The rule's settings as the journal records them before and after a change. */
    Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action.code());
        m.put("address", range.text());
        m.put("scope", scope.code());
        m.put("note", note);
        return m;
    }

    IpRule with(IpRuleSettings s, Instant now) {
        return new IpRule(tenantId, id, s.action(), s.range(), s.scope(), s.note(), createdBy, createdByName, createdAt, now);
    }

    IpRuleSettings settingsRecord() {
        return new IpRuleSettings(action, range, scope, note);
    }
}
