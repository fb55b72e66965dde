package dev.fortel.notification;

import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbox mail: claims one due message at a time with a conditional update (so several nodes never send
 * the same mail twice at once, and a node that dies mid-send releases it when its claim runs out), sends it
 * outside any transaction, and records the outcome: delivered mail loses its body; a failure waits for a retry
 * with a doubling delay, until the last attempt gives it up. Without SMTP settings, due mail moves to the local
 * outbox instead. Runs platform-wide: the outbox holds every company's mail.
 */
@Component
class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final MailSettings settings;
    private final SmtpTransport transport;
    private final SecretBox secrets;
    private final NotificationProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    MailDelivery(JdbcClient jdbc, MailSettings settings, SmtpTransport transport, SecretBox secrets, NotificationProperties properties,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.transport = transport;
        this.secrets = secrets;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    private record Claimed(TenantId tenantId, UUID id, String kind, String recipient, String subject, @Nullable String bodySealed, int attempts) {}

    /** Delivers every message that is due now (up to a batch); returns how many were attempted. */
    int deliverDue() {
        int attempted = 0;
        while (attempted < BATCH) {
            Optional<UUID> next = TenantContext.asPlatform(() -> jdbc.sql("""
                            SELECT id FROM outbox
                            WHERE (status = 'PENDING' AND next_attempt_at <= :now) OR (status = 'SENDING' AND claimed_until < :now)
                            ORDER BY next_attempt_at, id LIMIT 1""")
                    .param("now", ts(now())).query(UUID.class).optional());
            if (next.isEmpty()) {
                break;
            }
            deliver(next.get());
            attempted++;
        }
        return attempted;
    }

    /** Delivers one message now if it is still waiting (claimed by nobody else). */
    void deliver(UUID id) {
        Optional<Relay> relay = settings.relay();
        Optional<Claimed> claimed = claim(id, relay.isPresent());
        if (claimed.isEmpty() || relay.isEmpty()) {
            return;
        }
        Claimed m = claimed.get();
        if (m.bodySealed() == null) {
            finish(m, null, "the mail's text is gone; it cannot be sent");
            return;
        }
        String body;
        try {
            body = secrets.openText(m.bodySealed(), Outbox.BODY_PURPOSE, Outbox.bodyOwner(m.tenantId(), m.id()));
        } catch (SecretBox.UnreadableSecretException e) {
            finish(m, null, "the mail's stored text cannot be opened: " + e.getMessage());
            return;
        }
        try {
            transport.send(relay.get(), m.recipient(), m.subject(), body);
            finish(m, now(), null);
        } catch (SmtpTransport.DeliveryFailure failure) {
            // The outbox keeps the worded reason; the log names the message but not its recipient's link or the relay password.
            log.warn("Mail {} not delivered (attempt {}): {}", m.id(), m.attempts() + 1, failure.getMessage());
            finish(m, null, failure.getMessage());
        }
    }

    /**
     * Takes the message for this node: PENDING (or SENDING with an expired claim) becomes SENDING until the claim
     * runs out; without a relay it becomes LOCAL instead. Empty when another node was faster or it is not waiting.
     */
    private Optional<Claimed> claim(UUID id, boolean relayConfigured) {
        return TenantContext.asPlatform(() -> transaction.execute(status -> {
            Instant now = now();
            String target = relayConfigured ? "SENDING" : "LOCAL";
            Instant claimUntil = now.plus(properties.timeout().multipliedBy(3)).plus(Duration.ofSeconds(30));
            int taken = jdbc.sql("""
                    UPDATE outbox SET status = :target, claimed_until = :until, next_attempt_at = :next
                    WHERE id = :id AND ((status = 'PENDING' AND next_attempt_at <= :now) OR (status = 'SENDING' AND claimed_until < :now))""")
                    .param("target", target).param("until", relayConfigured ? ts(claimUntil) : null)
                    .param("next", relayConfigured ? ts(now) : null).param("id", id).param("now", ts(now)).update();
            if (taken != 1 || !relayConfigured) {
                return Optional.<Claimed>empty();
            }
            return jdbc.sql("SELECT tenant_id, id, kind, recipient, subject, body_sealed, attempts FROM outbox WHERE id = :id").param("id", id)
                    .query((rs, n) -> new Claimed(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)))
                    .optional();
        }));
    }

    /** Records the outcome of an attempt: {@code sentAt} for a delivery, else the failure's words. */
    private void finish(Claimed m, @Nullable Instant sentAt, @Nullable String error) {
        TenantContext.asPlatform(() -> transaction.executeWithoutResult(status -> {
            int attempts = m.attempts() + 1;
            if (sentAt != null) {
                // Delivered: the text (with its single-use link) has no reason to stay; what was sent to whom does.
                jdbc.sql("""
                        UPDATE outbox SET status = 'SENT', body_sealed = NULL, attempts = :a, sent_at = :sent, last_error = NULL,
                          next_attempt_at = NULL, claimed_until = NULL
                        WHERE id = :id AND status = 'SENDING'""")
                        .param("a", attempts).param("sent", ts(sentAt)).param("id", m.id()).update();
                return;
            }
            boolean giveUp = attempts >= properties.maxAttempts() || m.bodySealed() == null;
            Instant next = giveUp ? null : now().plus(properties.backoff(attempts)).truncatedTo(ChronoUnit.MICROS);
            jdbc.sql("""
                    UPDATE outbox SET status = :status, attempts = :a, last_error = :error, next_attempt_at = :next, claimed_until = NULL
                    WHERE id = :id AND status = 'SENDING'""")
                    .param("status", giveUp ? "FAILED" : "PENDING").param("a", attempts).param("error", error).param("next", ts(next))
                    .param("id", m.id()).update();
            if (giveUp) {
                events.publishEvent(new NotificationEvents.MailDeliveryFailed(settings.providerId(), m.id(), m.tenantId(), m.kind(),
                        m.recipient(), attempts, error == null ? "unknown" : error));
            }
        }));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static @Nullable OffsetDateTime ts(@Nullable Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
