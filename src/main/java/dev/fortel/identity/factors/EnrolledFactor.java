package dev.fortel.identity.factors;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One second factor of an employee, as listed; never its secret. */
public record EnrolledFactor(UUID id, FactorMethod method, String label, Instant createdAt, @Nullable Instant confirmedAt,
        @Nullable Instant lastUsedAt) {

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
