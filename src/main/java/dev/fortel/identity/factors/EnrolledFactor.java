package dev.fortel.identity.factors;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One second factor of an employee, as listed; never its secret.
 *
 * @param destination where codes of an e-mail or SMS factor go (the address, the E.164 number); null for an app
 */
public record EnrolledFactor(UUID id, FactorMethod method, String label, @Nullable String destination, Instant createdAt,
        @Nullable Instant confirmedAt, @Nullable Instant lastUsedAt) {

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
