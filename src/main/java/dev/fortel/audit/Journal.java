package dev.fortel.audit;

import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to a tenant's chain. Inside a business transaction the event joins it, so the change
 * and its record commit or roll back together. Outside one (a failed sign-in, whose attempt changes
 * nothing) it commits on its own, so the record survives the failure it describes.
 *
 * <p>Appends to one tenant are serialized by a row lock on the tenant's chain head: a chain cannot fork.
 */
@Component
public class Journal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Counter appends;

    Journal(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.appends = Counter.builder("fortel.journal.appends").description("Events appended to the security journal").register(meters);
    }

    /** An event about to be recorded; {@code details} may nest maps and lists. */
    public record Draft(TenantId tenantId, String type, JournalEntry.Outcome outcome, JournalEntry.Actor actor,
            JournalEntry.Target target, Map<String, ?> details) {

        public Draft {
            // A copy: the event must record the details as they were when it was drafted. Values may be null.
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }

    /** Who is acting now, as journal entries name them: the signed-in subject and the request's origin, or the system. */
    public static JournalEntry.Actor currentActor() {
        return JournalRecorder.currentActor();
    }

    public JournalEntry append(Draft draft) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return write(draft);
        }
        return TenantContext.as(draft.tenantId(), () -> ownTransaction.execute(status -> write(draft)));
    }

    private JournalEntry write(Draft d) {
        UUID tenant = d.tenantId().value();
        jdbc.sql("INSERT INTO journal_heads (tenant_id, last_seq, last_hash) VALUES (:t, 0, :genesis) ON CONFLICT DO NOTHING")
                .param("t", tenant).param("genesis", JournalChain.GENESIS).update();
        Head head = jdbc.sql("SELECT last_seq, last_hash FROM journal_heads WHERE tenant_id = :t FOR UPDATE")
                .param("t", tenant).query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        JournalEntry unsigned = new JournalEntry(d.tenantId(), head.seq() + 1, UUID.randomUUID(), now, d.type(), d.outcome(),
                d.actor(), d.target(), canonicalJson(d.details()), head.hash(), "");
        String hash = JournalChain.hash(head.hash(), unsigned);
        JournalEntry e = new JournalEntry(unsigned.tenantId(), unsigned.seq(), unsigned.id(), unsigned.time(), unsigned.type(),
                unsigned.outcome(), unsigned.actor(), unsigned.target(), unsigned.details(), head.hash(), hash);
        jdbc.sql("""
                INSERT INTO journal (tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip,
                  actor_user_agent, actor_session, target_kind, target_id, target_name, details, prev_hash, hash)
                VALUES (:t, :seq, :id, :at, :type, :outcome, :actorId, :actorName, :ip, :ua, :session,
                  :targetKind, :targetId, :targetName, :details, :prev, :hash)""")
                .param("t", tenant).param("seq", e.seq()).param("id", e.id())
                .param("at", OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC)).param("type", e.type())
                .param("outcome", e.outcome().name()).param("actorId", e.actor().id()).param("actorName", e.actor().name())
                .param("ip", e.actor().ip()).param("ua", e.actor().userAgent()).param("session", e.actor().session())
                .param("targetKind", e.target().kind()).param("targetId", e.target().id()).param("targetName", e.target().name())
                .param("details", e.details()).param("prev", e.prevHash()).param("hash", e.hash()).update();
        jdbc.sql("UPDATE journal_heads SET last_seq = :seq, last_hash = :hash WHERE tenant_id = :t")
                .param("seq", e.seq()).param("hash", e.hash()).param("t", tenant).update();
        appends.increment();
        return e;
    }

    /** JSON with object keys sorted at every level, so equal details always hash equally. */
    static String canonicalJson(Map<String, ?> details) {
        return JSON.writeValueAsString(sortKeys(details));
    }

    private static Object sortKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortKeys(v)));
            return sorted;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(Journal::sortKeys).toList();
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.stream(array).map(Journal::sortKeys).toList();
        }
        return value;
    }

    private record Head(long seq, String hash) {}

    /** For the verifier and tests: the tenants that have a chain. */
    List<UUID> chainedTenants() {
        return jdbc.sql("SELECT tenant_id FROM journal_heads ORDER BY tenant_id").query(UUID.class).list();
    }
}
