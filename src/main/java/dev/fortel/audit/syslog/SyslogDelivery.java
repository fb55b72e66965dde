package dev.fortel.audit.syslog;

import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntries;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalEntry.Actor;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.audit.JournalTypes;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each target the journal events after its cursor. A poll finds targets with undelivered events that are due
 * (not waiting out a retry delay) and hands each to its own worker, so a receiver that is down or slow delays nobody
 * else. A worker holds the target's lease (one node at a time), reads the journal in order, sends what the target
 * selects, confirms the stream every {@code confirm-every} messages or {@code confirm-interval}, and only then moves
 * the cursor. A failure keeps the cursor at the last confirmed event, records the reason, and retries after a delay
 * that doubles up to {@code backoff-max}; the first failure after success, and the recovery, are journaled.
 */
@Service
public class SyslogDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogDelivery.class);

    private final JdbcClient jdbc;
    private final JournalEntries entries;
    private final SyslogTargets targets;
    private final SyslogMessages messages;
    private final SyslogProperties properties;
    private final SyslogConnector connector;
    private final Journal journal;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final String node = UUID.randomUUID().toString();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("syslog-", 0).factory());

    SyslogDelivery(JdbcClient jdbc, JournalEntries entries, SyslogTargets targets, SyslogMessages messages, SyslogProperties properties,
            Journal journal, Clock clock, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.entries = entries;
        this.targets = targets;
        this.messages = messages;
        this.properties = properties;
        this.journal = journal;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.connector = new SyslogConnector(properties.connectTimeout());
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Starts a worker for every target that has undelivered events and is due; returns how many were started. */
    @Scheduled(fixedDelayString = "${fortel.journal.syslog.poll-interval}", initialDelayString = "${fortel.journal.syslog.poll-interval}")
    public int poll() {
        record Due(UUID tenant, UUID id) {}
        Instant now = clock.instant();
        List<Due> due = TenantContext.asPlatform(() -> jdbc.sql("""
                SELECT t.tenant_id, t.id FROM syslog_targets t JOIN journal_heads h ON h.tenant_id = t.tenant_id
                WHERE t.enabled AND t.next_attempt_at <= :now AND h.last_seq > t.cursor_seq
                  AND (t.lease_until IS NULL OR t.lease_until < :now OR t.lease_owner = :node)""")
                .param("now", SyslogTargets.ts(now)).param("node", node)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list());
        int started = 0;
        for (Due d : due) {
            if (running.add(d.id())) {
                started++;
                workers.execute(() -> {
                    try {
                        deliver(TenantId.of(d.tenant()), d.id());
                    } catch (RuntimeException e) {
                        LOG.warn("syslog delivery to target {} stopped: {}", d.id(), e.toString());
                    } finally {
                        running.remove(d.id());
                    }
                });
            }
        }
        return started;
    }

    /**
     * Delivers everything after the target's cursor, on the calling thread, unless another node holds the target;
     * returns how many messages the receiver confirmed (-1 when the target was not taken).
     */
    long deliver(TenantId tenant, UUID id) {
        return TenantContext.as(tenant, () -> {
            if (!claim(tenant, id)) {
                return -1L;
            }
            try {
                return run(tenant, id);
            } finally {
                jdbc.sql("UPDATE syslog_targets SET lease_owner = NULL, lease_until = NULL WHERE tenant_id = :t AND id = :id AND lease_owner = :node")
                        .param("t", tenant.value()).param("id", id).param("node", node).update();
            }
        });
    }

    private boolean claim(TenantId tenant, UUID id) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE syslog_targets SET lease_owner = :node, lease_until = :until
                WHERE tenant_id = :t AND id = :id AND enabled AND (lease_until IS NULL OR lease_until < :now OR lease_owner = :node)""")
                .param("node", node).param("until", SyslogTargets.ts(now.plus(properties.lease()))).param("t", tenant.value()).param("id", id)
                .param("now", SyslogTargets.ts(now)).update() == 1;
    }

    private long run(TenantId tenant, UUID id) {
        SyslogTarget t = targets.find(tenant, id).orElse(null);
        if (t == null) {
            return -1;
        }
        long sentUpTo = t.cursor();
        long pending = 0;
        long confirmed = 0;
        long since = System.nanoTime();
        SyslogConnection connection = null;
        java.util.concurrent.CompletableFuture<List<JournalEntry>> next = null;
        try {
            SyslogConnector.Dialer dialer = connector.dialer(targets.endpoint(t));
            List<JournalEntry> batch = entries.after(tenant, sentUpTo, properties.batch());
            while (!batch.isEmpty()) {
                // The next batch is read while this one is formatted and sent: the database works beside us.
                long after = batch.getLast().seq();
                next = batch.size() < properties.batch() ? null : java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> TenantContext.as(tenant, () -> entries.after(tenant, after, properties.batch())), workers);
                for (JournalEntry e : batch) {
                    if (t.events().matches(e.type())) {
                        if (connection == null) {
                            connection = dialer.open();
                        }
                        connection.send(messages.message(e, t.facility(), t.format()));
                        pending++;
                    }
                    sentUpTo = e.seq();
                }
                if (pending >= properties.confirmEvery() || System.nanoTime() - since >= properties.confirmInterval().toNanos()) {
                    if (connection != null) {
                        connection.confirm();
                        connection = null;
                    }
                    if (!advance(t, sentUpTo, pending)) {
                        return confirmed; // changed, deleted or taken over meanwhile: the next run starts from the stored cursor
                    }
                    confirmed += pending;
                    pending = 0;
                    since = System.nanoTime();
                }
                batch = next == null ? entries.after(tenant, sentUpTo, properties.batch()) : next.join();
                next = null;
            }
            if (connection != null) {
                connection.confirm();
                connection = null;
            }
            if (!advance(t, sentUpTo, pending)) {
                return confirmed;
            }
            confirmed += pending;
            succeeded(t);
            return confirmed;
        } catch (IOException | RuntimeException e) {
            if (next != null) {
                next.cancel(false);
            }
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // The failure is what is reported.
                }
            }
            String reason = e instanceof SyslogConnector.ConnectFailedException && e.getMessage() != null ? e.getMessage()
                    : connector.reason(t.host(), t.port(), e);
            failed(t, reason);
            return confirmed;
        }
    }

    /** Moves the cursor, if the target is still ours and unchanged. */
    private boolean advance(SyslogTarget t, long seq, long count) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE syslog_targets SET cursor_seq = :seq, delivered = delivered + :n,
                    last_delivered_at = CASE WHEN :n > 0 THEN :now ELSE last_delivered_at END, lease_until = :until
                WHERE tenant_id = :t AND id = :id AND lease_owner = :node AND updated_at = :stamp""")
                .param("seq", seq).param("n", count).param("now", SyslogTargets.ts(now)).param("until", SyslogTargets.ts(now.plus(properties.lease())))
                .param("t", t.tenantId().value()).param("id", t.id()).param("node", node).param("stamp", SyslogTargets.ts(t.updatedAt())).update() == 1;
    }

    private void succeeded(SyslogTarget t) {
        transactions.executeWithoutResult(tx -> {
            int changed = jdbc.sql("""
                    UPDATE syslog_targets SET status = 'OK', attempts = 0, last_error = NULL WHERE tenant_id = :t AND id = :id AND status <> 'OK'""")
                    .param("t", t.tenantId().value()).param("id", t.id()).update();
            if (changed == 1 && t.status() == SyslogTarget.Status.FAILING) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("failed_attempts", t.attempts());
                details.put("last_error", t.lastError());
                journal.append(new Journal.Draft(t.tenantId(), JournalTypes.SYSLOG_DELIVERY_RESUMED, Outcome.SUCCESS, system(),
                        new Target("syslog_target", t.id().toString(), t.name()), details));
            }
        });
    }

    private void failed(SyslogTarget t, String reason) {
        Instant now = clock.instant();
        int attempts = t.attempts() + 1;
        Duration delay = properties.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(properties.backoffMax()) > 0) {
            delay = properties.backoffMax();
        }
        Instant next = now.plus(delay);
        String text = reason.length() > 500 ? reason.substring(0, 500) : reason;
        LOG.info("syslog target {} ({}:{}) failed, attempt {}, next at {}: {}", t.id(), t.host(), t.port(), attempts, next, text);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    UPDATE syslog_targets SET status = 'FAILING', attempts = :a, last_error = :e, last_error_at = :now, next_attempt_at = :next
                    WHERE tenant_id = :t AND id = :id""")
                    .param("a", attempts).param("e", text).param("now", SyslogTargets.ts(now)).param("next", SyslogTargets.ts(next))
                    .param("t", t.tenantId().value()).param("id", t.id()).update();
            if (t.status() != SyslogTarget.Status.FAILING) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reason", text);
                details.put("undelivered", t.lag());
                details.put("retry_at", next.toString());
                journal.append(new Journal.Draft(t.tenantId(), JournalTypes.SYSLOG_DELIVERY_FAILED, Outcome.FAILURE, system(),
                        new Target("syslog_target", t.id().toString(), t.name()), details));
            }
        });
    }

    private static Actor system() {
        return new Actor(null, "system", null, null, null);
    }

}
