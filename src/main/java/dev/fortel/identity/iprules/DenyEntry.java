package dev.fortel.identity.iprules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One address or range on the provider-wide deny-list. */
record DenyEntry(UUID id, IpRange range, @Nullable String note, @Nullable UUID createdBy, @Nullable String createdByName,
        Instant createdAt, Instant updatedAt) {

    Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", range.text());
        m.put("note", note);
        return m;
    }
}
