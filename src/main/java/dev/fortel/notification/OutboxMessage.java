package dev.fortel.notification;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A mail's record in the outbox, without its text.
 *
 * @param lastError why the last attempt failed, as the sender worded it (never containing a secret)
 * @param bodyStored whether the text is still kept (not yet delivered)
 */
public record OutboxMessage(UUID id, TenantId tenantId, String kind, String recipient, String subject, MessageStatus status,
        int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt,
        boolean bodyStored) {}
