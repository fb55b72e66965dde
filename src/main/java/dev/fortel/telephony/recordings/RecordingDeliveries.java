package dev.fortel.telephony.recordings;

import dev.fortel.telephony.TelephonyEvents;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery of recordings to the company's FTPS server: queued with the recording (in its transaction), sent by a
 * background worker, retried with doubling delays up to the configured number of attempts. Every attempt's outcome
 * is journaled; the console shows each delivery's status.
 *
 * <p>Several servers may run the worker: a delivery is claimed by moving its next attempt past the network timeout
 * in a conditional update, so only one server sends it.
 */
@Service
public class RecordingDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingDeliveries.class);
    private static final int BATCH = 20;

    /** One delivery as the console and the API show it. */
    public record Delivery(String callId, String status, int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError,
            @Nullable String remotePath, Instant updatedAt) {}

    private final JdbcClient jdbc;
    private final RecordingSettings settings;
    private final RecordingCipher cipher;
    private final RecordingProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final FtpsUploader uploader;

    RecordingDeliveries(JdbcClient jdbc, RecordingSettings settings, RecordingCipher cipher, RecordingProperties properties,
            ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.cipher = cipher;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.uploader = new FtpsUploader(properties.delivery().timeout());
    }

    /** Queues a new recording for delivery when the company delivers to FTPS (called in the recording's transaction). */
    void enqueue(TenantId tenant, String callId) {
        if (settings.target(tenant).isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO recording_deliveries (tenant_id, call_id, status, attempts, next_attempt_at, updated_at)
                VALUES (:t, :c, 'PENDING', 0, :now, :now)""").param("t", tenant.value()).param("c", callId).param("now", ts(clock.instant())).update();
    }

    /** The company's latest deliveries, newest first. */
    public List<Delivery> latest(TenantId tenant, int limit) {
        return jdbc.sql("""
                SELECT call_id, status, attempts, next_attempt_at, last_error, remote_path, updated_at FROM recording_deliveries
                WHERE tenant_id = :t ORDER BY updated_at DESC, call_id LIMIT :n""").param("t", tenant.value()).param("n", limit)
                .query((rs, n) -> {
                    OffsetDateTime next = rs.getObject(4, OffsetDateTime.class);
                    return new Delivery(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), rs.getInt(3), next == null ? null : next.toInstant(),
                            rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant());
                }).list();
    }

    /** Sends what is due now; returns how many deliveries were attempted. */
    @Scheduled(fixedDelayString = "${fortel.telephony.recordings.delivery.poll-interval}",
            initialDelayString = "${fortel.telephony.recordings.delivery.poll-interval}")
    public int sendDue() {
        record Due(UUID tenant, String callId, int attempts) {}
        List<Due> due = TenantContext.asPlatform(() -> jdbc.sql("""
                SELECT tenant_id, call_id, attempts FROM recording_deliveries WHERE status = 'PENDING' AND next_attempt_at <= :now
                ORDER BY next_attempt_at LIMIT :n""").param("now", ts(clock.instant())).param("n", BATCH)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3))).list());
        int sent = 0;
        for (Due d : due) {
            TenantId tenant = new TenantId(d.tenant());
            if (TenantContext.as(tenant, () -> claim(tenant, d.callId(), d.attempts()))) {
                TenantContext.as(tenant, () -> attempt(tenant, d.callId(), d.attempts() + 1));
                sent++;
            }
        }
        return sent;
    }

    private boolean claim(TenantId tenant, String callId, int attempts) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE recording_deliveries SET next_attempt_at = :later WHERE tenant_id = :t AND call_id = :c AND status = 'PENDING'
                AND attempts = :a AND next_attempt_at <= :now""").param("later", ts(now.plus(properties.delivery().timeout().multipliedBy(4))))
                .param("t", tenant.value()).param("c", callId).param("a", attempts).param("now", ts(now)).update() == 1;
    }

    private void attempt(TenantId tenant, String callId, int attempt) {
        record Source(String key, Instant startedAt, String direction, String mediaType) {}
        Source source = jdbc.sql("""
                SELECT r.object_key, c.started_at, c.direction, r.media_type FROM call_recordings r
                JOIN calls c ON c.tenant_id = r.tenant_id AND c.call_id = r.call_id WHERE r.tenant_id = :t AND r.call_id = :c""")
                .param("t", tenant.value()).param("c", callId)
                .query((rs, n) -> new Source(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3).toLowerCase(Locale.ROOT),
                        rs.getString(4))).optional().orElse(null);
        RecordingSettings.Target target = settings.target(tenant).orElse(null);
        String host = target == null ? "-" : target.target().host();
        String outcome;
        String remote = null;
        if (source == null) {
            outcome = "the recording no longer exists";
        } else if (target == null) {
            outcome = "delivery to FTPS is turned off for this company";
        } else {
            String relative = target.target().fileNameTemplate().render(callId, source.startedAt(), source.direction(),
                    AudioType.stored(source.mediaType()).orElseThrow().extension());
            try (SeekableByteChannel plain = cipher.decrypting(tenant, callId, source.key()); InputStream in = Channels.newInputStream(plain)) {
                remote = uploader.upload(target.target(), target.password(), relative, in);
                outcome = null;
            } catch (FtpsUploader.DeliveryFailedException e) {
                outcome = e.getMessage();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("recording {} of company {} could not be read for delivery", callId, tenant.value(), e);
                outcome = "the recording could not be read: " + e.getClass().getSimpleName();
            }
        }
        String reason = outcome;
        String delivered = remote;
        boolean last = reason != null && (attempt >= properties.delivery().maxAttempts() || source == null || target == null);
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            if (reason == null) {
                jdbc.sql("""
                        UPDATE recording_deliveries SET status = 'DELIVERED', attempts = :a, next_attempt_at = NULL, last_error = NULL,
                        remote_path = :p, updated_at = :now WHERE tenant_id = :t AND call_id = :c""").param("a", attempt).param("p", delivered)
                        .param("now", ts(now)).param("t", tenant.value()).param("c", callId).update();
                events.publishEvent(new TelephonyEvents.RecordingDelivered(tenant, callId, host, delivered, attempt));
            } else {
                jdbc.sql("""
                        UPDATE recording_deliveries SET status = :s, attempts = :a, next_attempt_at = :next, last_error = :e, updated_at = :now
                        WHERE tenant_id = :t AND call_id = :c""").param("s", last ? "FAILED" : "PENDING").param("a", attempt)
                        .param("next", last ? null : ts(now.plus(backoff(attempt)))).param("e", reason.length() > 500 ? reason.substring(0, 500) : reason)
                        .param("now", ts(now)).param("t", tenant.value()).param("c", callId).update();
                if (source != null) {
                    events.publishEvent(new TelephonyEvents.RecordingDeliveryFailed(tenant, callId, host, attempt, reason, last));
                }
            }
        });
    }

    /** 1, 2, 4, 8 ... times the first delay, at most the configured maximum. */
    Duration backoff(int attempt) {
        Duration d = properties.delivery().backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(properties.delivery().backoffMax()) > 0 ? properties.delivery().backoffMax() : d;
    }

    /** Puts a delivery that gave up back in the queue (after the client fixed their server). */
    public boolean retry(TenantId tenant, String callId) {
        return jdbc.sql("""
                UPDATE recording_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = :now, updated_at = :now
                WHERE tenant_id = :t AND call_id = :c AND status = 'FAILED'""").param("now", ts(clock.instant())).param("t", tenant.value())
                .param("c", callId).update() == 1;
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
