package dev.fortel.audit.syslog;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A company's syslog receiver and where its delivery stands. {@code caPem} (the receiver's authority) or
 * {@code pinnedSha256} (exactly its certificate) apply to TLS only; without either the JVM's authorities are trusted.
 * The client certificate's private key is sealed at rest and never part of this record.
 *
 * @param cursor the last journal sequence number the receiver confirmed (or passed over as not selected)
 * @param lag how many journal events lie after the cursor
 */
public record SyslogTarget(TenantId tenantId, UUID id, String name, String host, int port, Transport transport, MessageFormat format,
        int facility, EventSelection events, @Nullable String caPem, @Nullable String pinnedSha256, @Nullable String clientCertPem,
        boolean clientKeySet, boolean enabled, long cursor, long lag, long delivered, Status status, int attempts,
        @Nullable Instant nextAttemptAt, @Nullable String lastError, @Nullable Instant lastErrorAt, @Nullable Instant lastDeliveredAt,
        Instant createdAt, Instant updatedAt) {

    public enum Status {
        /** Nothing sent yet. */
        NEW,
        /** The last attempt delivered everything it read. */
        OK,
        /** The last attempt failed; it is retried with growing delays. */
        FAILING
    }
}
