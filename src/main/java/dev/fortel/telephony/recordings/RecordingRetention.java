package dev.fortel.telephony.recordings;

import dev.fortel.telephony.TelephonyEvents;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes recordings older than their company's retention period. Each deletion is journaled in the transaction that
 * removes the row; the encrypted file goes after that commits (a file left behind by a crash is unreadable without its
 * row's call and company, and is reported in the log).
 */
@Service
public class RecordingRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingRetention.class);

    private final JdbcClient jdbc;
    private final RecordingStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RecordingRetention(JdbcClient jdbc, RecordingStore store, ApplicationEventPublisher events, Clock clock, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(tm);
    }

    /** Deletes every expired recording of every company; returns how many. */
    @Scheduled(fixedDelayString = "${fortel.telephony.recordings.retention-check}", initialDelayString = "${fortel.telephony.recordings.retention-check}")
    public int deleteExpired() {
        record Expired(UUID tenant, String callId, String key, Instant storedAt, int days) {}
        record Policy(UUID tenant, int days) {}
        Instant now = clock.instant();
        List<Policy> policies = TenantContext.asPlatform(() -> jdbc.sql(
                "SELECT tenant_id, retention_days FROM recording_settings WHERE retention_days IS NOT NULL")
                .query((rs, n) -> new Policy(rs.getObject(1, UUID.class), rs.getInt(2))).list());
        List<Expired> expired = new java.util.ArrayList<>();
        for (Policy p : policies) {
            expired.addAll(TenantContext.as(new TenantId(p.tenant()), () -> jdbc.sql("""
                    SELECT call_id, object_key, stored_at FROM call_recordings WHERE tenant_id = :t AND stored_at < :cutoff
                    ORDER BY stored_at LIMIT 1000""").param("t", p.tenant())
                    .param("cutoff", OffsetDateTime.ofInstant(now.minus(Duration.ofDays(p.days())), ZoneOffset.UTC))
                    .query((rs, n) -> new Expired(p.tenant(), rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            p.days())).list()));
        }
        int deleted = 0;
        for (Expired e : expired) {
            TenantId tenant = new TenantId(e.tenant());
            Boolean gone = TenantContext.as(tenant, () -> transactions.execute(tx -> {
                if (jdbc.sql("DELETE FROM call_recordings WHERE tenant_id = :t AND call_id = :c AND object_key = :k").param("t", e.tenant())
                        .param("c", e.callId()).param("k", e.key()).update() == 0) {
                    return false;
                }
                events.publishEvent(new TelephonyEvents.RecordingExpired(tenant, e.callId(), e.storedAt(), e.days()));
                return true;
            }));
            if (Boolean.TRUE.equals(gone)) {
                deleted++;
                try {
                    store.delete(e.key());
                } catch (IOException | RuntimeException failure) {
                    LOG.warn("recording file {} of an expired recording could not be removed: {}", e.key(), failure.toString());
                }
            }
        }
        TenantContext.asPlatform(() -> jdbc.sql("DELETE FROM recording_links WHERE expires_at < :now")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update());
        return deleted;
    }
}
