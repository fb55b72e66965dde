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
 * <p>Appends to one tenant are serialized by a row lock on the tenant's chain head: a chain cannot fork. Appends
 * outside a transaction that arrive together (a burst of failed sign-ins) share one commit ({@link JournalGroupCommit}),
 * and {@link #appendAll} writes a batch with one head lock and one insert per company.
 */
@Component
public class Journal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Counter appends;
    private final JournalGroupCommit groupCommit;

    private final int defaultRetentionMonths;

    Journal(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
            @org.springframework.beans.factory.annotation.Value("${fortel.journal.retention.default-months:36}") int defaultRetentionMonths) {
        this.jdbc = jdbc;
        this.defaultRetentionMonths = defaultRetentionMonths;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.appends = Counter.builder("fortel.journal.appends").description("Events appended to the security journal").register(meters);
        io.micrometer.core.instrument.DistributionSummary batches = io.micrometer.core.instrument.DistributionSummary
                .builder("fortel.journal.group_commit.events").description("Events per shared commit of appends made outside a transaction")
                .register(meters);
        this.groupCommit = new JournalGroupCommit(batch -> TenantContext.asPlatform(() -> ownTransaction.execute(status -> write(batch))),
                batches::record);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        groupCommit.stop();
    }

    /** An event about to be recorded; {@code details} may nest maps and lists. */
    public record Draft(TenantId tenantId, String type, JournalEntry.Outcome outcome, JournalEntry.Actor actor,
            JournalEntry.Target target, Map<String, ?> details) {

        public Draft {
            // A copy: the event must record the details as they were when it was drafted. Values may be null.
            java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>(details);
            // Whatever a support agent does inside a company is marked with the grant it was done under, so the client
            // sees exactly what support did; drafted here, once, rather than in every recorder.
            dev.fortel.access.Subject acting = dev.fortel.access.AccessDecisions.currentOrNull();
            if (acting != null && acting.support() && acting.tenantId().equals(tenantId) && !copy.containsKey("support")) {
                copy.put("support", java.util.Map.of("grant", String.valueOf(acting.supportGrant()), "agent_id", acting.employeeId().toString(),
                        "agent", acting.login()));
            }
            details = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** Who is acting now, as journal entries name them: the signed-in subject and the request's origin, or the system. */
    public static JournalEntry.Actor currentActor() {
        return JournalRecorder.currentActor();
    }

    public JournalEntry append(Draft draft) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return write(List.of(draft)).getFirst();
        }
        return groupCommit.append(draft);
    }

    /**
     * Appends several events in order, in the caller's transaction (or one of their own): one lock of each company's
     * chain head and one insert per company, whatever the number of events.
     */
    public List<JournalEntry> appendAll(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return write(drafts);
        }
        return TenantContext.asPlatform(() -> ownTransaction.execute(status -> write(drafts)));
    }

    /**
     * Writes drafts in their order of arrival, each company's as one run of its chain, in four statements whatever the
     * number of companies: create missing heads, lock every head involved (in the order of the companies' ids, so two
     * batches over the same companies cannot deadlock), insert every event, move every head.
     */
    List<JournalEntry> write(List<Draft> drafts) {
        Map<UUID, List<Integer>> byCompany = new TreeMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            byCompany.computeIfAbsent(drafts.get(i).tenantId().value(), k -> new java.util.ArrayList<>()).add(i);
        }
        UUID[] tenants = byCompany.keySet().toArray(UUID[]::new);
        // Everything that does not depend on the chain is done before the heads are locked, so the locks are held briefly.
        String[] details = new String[drafts.size()];
        for (int i = 0; i < details.length; i++) {
            details[i] = canonicalJson(drafts.get(i).details());
        }
        Map<UUID, Head> heads = lockHeads(tenants);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        JournalEntry[] out = new JournalEntry[drafts.size()];
        Integer[] months = new Integer[drafts.size()];
        Long[] lastSeqs = new Long[tenants.length];
        String[] lastHashes = new String[tenants.length];
        for (int c = 0; c < tenants.length; c++) {
            Head head = heads.get(tenants[c]);
            long seq = head.seq();
            String prev = head.hash();
            for (int i : byCompany.get(tenants[c])) {
                Draft d = drafts.get(i);
                JournalEntry unsigned = new JournalEntry(d.tenantId(), ++seq, UUID.randomUUID(), now, d.type(), d.outcome(), d.actor(), d.target(),
                        details[i], prev, "");
                String hash = JournalChain.hash(prev, unsigned);
                out[i] = new JournalEntry(unsigned.tenantId(), unsigned.seq(), unsigned.id(), unsigned.time(), unsigned.type(), unsigned.outcome(),
                        unsigned.actor(), unsigned.target(), unsigned.details(), prev, hash);
                months[i] = head.retentionMonths();
                prev = hash;
            }
            lastSeqs[c] = seq;
            lastHashes[c] = prev;
        }
        List<JournalEntry> written = List.of(out);
        if (written.size() == 1) {
            insertOne(written.getFirst(), months[0]);
            jdbc.sql("UPDATE journal_heads SET last_seq = :seq, last_hash = :hash WHERE tenant_id = :t")
                    .param("seq", lastSeqs[0]).param("hash", lastHashes[0]).param("t", tenants[0]).update();
        } else {
            insertAll(written, months);
            jdbc.sql("""
                    MERGE INTO journal_heads h
                    USING (SELECT * FROM UNNEST(CAST(? AS UUID ARRAY), CAST(? AS BIGINT ARRAY), CAST(? AS VARCHAR ARRAY))) AS u(t, seq, hash)
                    ON h.tenant_id = u.t
                    WHEN MATCHED THEN UPDATE SET last_seq = u.seq, last_hash = u.hash""")
                    .params(tenants, lastSeqs, lastHashes).update();
        }
        appends.increment(drafts.size());
        return written;
    }

    private Map<UUID, Head> lockHeads(UUID[] tenants) {
        Map<UUID, Head> heads = new java.util.HashMap<>();
        if (tenants.length == 1) {
            UUID tenant = tenants[0];
            jdbc.sql("INSERT INTO journal_heads (tenant_id, last_seq, last_hash, retention_months) VALUES (:t, 0, :genesis, :months) ON CONFLICT DO NOTHING")
                    .param("t", tenant).param("genesis", JournalChain.GENESIS).param("months", defaultRetentionMonths).update();
            heads.put(tenant, jdbc.sql("SELECT last_seq, last_hash, retention_months FROM journal_heads WHERE tenant_id = :t FOR UPDATE")
                    .param("t", tenant).query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getInt(3))).single());
            return heads;
        }
        jdbc.sql("""
                INSERT INTO journal_heads (tenant_id, last_seq, last_hash, retention_months)
                SELECT t, 0, ?, ? FROM UNNEST(CAST(? AS UUID ARRAY)) AS u(t) ON CONFLICT DO NOTHING""")
                .params(JournalChain.GENESIS, defaultRetentionMonths, tenants).update();
        jdbc.sql("""
                SELECT tenant_id, last_seq, last_hash, retention_months FROM journal_heads
                WHERE tenant_id IN (SELECT t FROM UNNEST(CAST(? AS UUID ARRAY)) AS u(t)) ORDER BY tenant_id FOR UPDATE""")
                .params((Object) tenants)
                .query((rs, n) -> heads.put(rs.getObject(1, UUID.class), new Head(rs.getLong(2), rs.getString(3), rs.getInt(4)))).list();
        return heads;
    }

    private void insertOne(JournalEntry e, int months) {
        jdbc.sql("""
                INSERT INTO journal (tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip,
                  actor_user_agent, actor_session, target_kind, target_id, target_name, details, prev_hash, hash, retention_months)
                VALUES (:t, :seq, :id, :at, :type, :outcome, :actorId, :actorName, :ip, :ua, :session,
                  :targetKind, :targetId, :targetName, :details, :prev, :hash, :months)""")
                .param("months", months)
                .param("t", e.tenantId().value()).param("seq", e.seq()).param("id", e.id())
                .param("at", OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC)).param("type", e.type())
                .param("outcome", e.outcome().name()).param("actorId", e.actor().id()).param("actorName", e.actor().name())
                .param("ip", e.actor().ip()).param("ua", e.actor().userAgent()).param("session", e.actor().session())
                .param("targetKind", e.target().kind()).param("targetId", e.target().id()).param("targetName", e.target().name())
                .param("details", e.details()).param("prev", e.prevHash()).param("hash", e.hash()).update();
    }

    /** Events as one statement: one array per column, unnested (one round trip, one plan, whatever the count). */
    private void insertAll(List<JournalEntry> events, Integer[] months) {
        int n = events.size();
        UUID[] tenants = new UUID[n];
        Long[] seqs = new Long[n];
        UUID[] ids = new UUID[n];
        UUID[] actorIds = new UUID[n];
        String[][] text = new String[12][n];
        for (int i = 0; i < n; i++) {
            JournalEntry e = events.get(i);
            tenants[i] = e.tenantId().value();
            seqs[i] = e.seq();
            ids[i] = e.id();
            actorIds[i] = e.actor().id();
            text[0][i] = e.time().toString();
            text[1][i] = e.type();
            text[2][i] = e.outcome().name();
            text[3][i] = e.actor().name();
            text[4][i] = e.actor().ip();
            text[5][i] = e.actor().userAgent();
            text[6][i] = e.actor().session();
            text[7][i] = e.target().kind();
            text[8][i] = e.target().id();
            text[9][i] = e.target().name();
            text[10][i] = e.details();
            text[11][i] = e.prevHash() + e.hash();
        }
        jdbc.sql("""
                INSERT INTO journal (tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip,
                  actor_user_agent, actor_session, target_kind, target_id, target_name, details, prev_hash, hash, retention_months)
                SELECT r.tenant_id, r.seq, r.id, CAST(r.at AS TIMESTAMP WITH TIME ZONE), r.type, r.outcome, r.actor_id, r.actor_name, r.ip, r.ua,
                  r.session, r.target_kind, r.target_id, r.target_name, r.details, SUBSTRING(r.hashes FROM 1 FOR 64), SUBSTRING(r.hashes FROM 65 FOR 64),
                  r.months
                FROM UNNEST(CAST(? AS UUID ARRAY), CAST(? AS BIGINT ARRAY), CAST(? AS UUID ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                  CAST(? AS VARCHAR ARRAY), CAST(? AS UUID ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                  CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                  CAST(? AS VARCHAR ARRAY), CAST(? AS SMALLINT ARRAY))
                  AS r(tenant_id, seq, id, at, type, outcome, actor_id, actor_name, ip, ua, session, target_kind, target_id, target_name, details, hashes,
                    months)""")
                .params(tenants, seqs, ids, text[0], text[1], text[2], actorIds, text[3], text[4], text[5], text[6], text[7], text[8], text[9], text[10],
                        text[11], months)
                .update();
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

    /** A company's chain head, locked: where the next event goes, and the retention class its events are stored under. */
    private record Head(long seq, String hash, int retentionMonths) {}

    /** For the verifier and tests: the tenants that have a chain. */
    List<UUID> chainedTenants() {
        return jdbc.sql("SELECT tenant_id FROM journal_heads ORDER BY tenant_id").query(UUID.class).list();
    }
}
