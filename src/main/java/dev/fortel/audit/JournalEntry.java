package dev.fortel.audit;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One stored journal event. {@code details} is canonical JSON (keys sorted) exactly as hashed. */
public record JournalEntry(TenantId tenantId, long seq, UUID id, Instant time, String type, Outcome outcome,
        Actor actor, Target target, String details, String prevHash, String hash) {

    public enum Outcome {
        SUCCESS,
        FAILURE
    }

    public record Actor(@Nullable UUID id, @Nullable String name, @Nullable String ip, @Nullable String userAgent,
            @Nullable String session) {

        public static final Actor NONE = new Actor(null, null, null, null, null);
    }

    public record Target(@Nullable String kind, @Nullable String id, @Nullable String name) {

        public static final Target NONE = new Target(null, null, null);
    }
}
