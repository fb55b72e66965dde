package dev.fortel.audit.correlation;

import dev.fortel.audit.JournalEntries;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.alerting.AlertMail;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads every company's journal by a durable cursor and feeds each committed event to the correlation rules and the
 * e-mail alerts. A round takes each company's next events, merges them by time (the provider's rules see companies
 * side by side), evaluates them, and in one transaction records the alerts (journaled), queues the mail, stores what
 * first_seen rules learned, and moves the cursors: an event is analyzed at least once, and a crash between rounds
 * repeats a round rather than skipping one. One node at a time holds the analysis (its windows are in its memory).
 * Alerts' own events ({@code alert.*}) are not analyzed: a rule about alerts would otherwise feed on itself.
 */
@Service
public class JournalAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(JournalAnalyzer.class);
    private static final String LEASE = "analyzer";
    private static final java.util.Locale RU = java.util.Locale.forLanguageTag("ru");

    private final JdbcClient jdbc;
    private final JournalEntries entries;
    private final CorrelationRules rules;
    private final SecurityAlerts alerts;
    private final AlertMail mail;
    private final RuleTitles titles;
    private final Tenants tenants;
    private final CorrelationProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final String node = UUID.randomUUID().toString();
    private final Counter analyzed;
    private final Counter raised;
    private @Nullable CorrelationEngine engine;
    private @Nullable TenantId provider;
    private Map<UUID, String> stamps = Map.of();

    JournalAnalyzer(JdbcClient jdbc, JournalEntries entries, CorrelationRules rules, SecurityAlerts alerts, AlertMail mail, RuleTitles titles, Tenants tenants,
            CorrelationProperties properties, Clock clock, PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.entries = entries;
        this.rules = rules;
        this.alerts = alerts;
        this.mail = mail;
        this.titles = titles;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.analyzed = Counter.builder("fortel.correlation.events").description("Journal events analyzed by correlation rules").register(meters);
        this.raised = Counter.builder("fortel.correlation.alerts").description("Rule matches recorded as alerts").register(meters);
        Gauge.builder("fortel.correlation.keys", this, a -> a.engine == null ? 0 : a.engine.keys()[0])
                .description("Group keys held in correlation windows").register(meters);
    }

    /** Analyzes everything committed since the last round; returns how many events were read. */
    @Scheduled(fixedDelayString = "${fortel.correlation.poll-interval}", initialDelayString = "${fortel.correlation.poll-interval}")
    public synchronized long poll() {
        return TenantContext.asPlatform(() -> {
            if (!lease()) {
                engine = null; // another node analyzes; if we take over later, we start from the stored state
                return 0L;
            }
            CorrelationEngine e = engine();
            long read = 0;
            long round;
            // The lease is renewed every round: a long catch-up keeps it, a node that stalls loses it.
            while ((round = round(e)) > 0) {
                read += round;
                if (!lease()) {
                    engine = null;
                    break;
                }
            }
            return read;
        });
    }

    private long round(CorrelationEngine e) {
        record Due(UUID tenant, long cursor) {}
        List<Due> due = jdbc.sql("""
                SELECT h.tenant_id, COALESCE(a.last_seq, 0) FROM journal_heads h LEFT JOIN journal_analysis a ON a.tenant_id = h.tenant_id
                WHERE h.last_seq > COALESCE(a.last_seq, 0) ORDER BY h.tenant_id LIMIT 200""")
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        if (due.isEmpty()) {
            return 0;
        }
        List<JournalEntry> batch = new ArrayList<>();
        Map<UUID, Long> moved = new HashMap<>();
        for (Due d : due) {
            List<JournalEntry> next = entries.after(TenantId.of(d.tenant()), d.cursor(), properties.batch());
            if (!next.isEmpty()) {
                batch.addAll(next);
                moved.put(d.tenant(), next.getLast().seq());
            }
        }
        batch.sort(Comparator.comparing(JournalEntry::time).thenComparing(x -> x.tenantId().value()).thenComparingLong(JournalEntry::seq));
        Instant oldest = clock.instant().minus(properties.maxAlertAge());
        transactions.executeWithoutResult(status -> {
            for (JournalEntry entry : batch) {
                if (entry.type().startsWith("alert.")) {
                    continue;
                }
                List<SeenWrite> writes = new ArrayList<>();
                List<Match> matches = e.accept(new ObservedEvent(entry), writes);
                analyzed.increment();
                writes.forEach(this::store);
                boolean current = !entry.time().isBefore(oldest);
                if (current) {
                    mail.observe(entry);
                }
                for (Match m : matches) {
                    if (!current) {
                        continue;
                    }
                    TenantId owner = m.scope() != null ? m.scope() : provider;
                    if (owner == null) {
                        continue;
                    }
                    SecurityAlerts.Raised r = alerts.record(owner, m);
                    raised.increment();
                    mail.alert(owner, m.file(), m.rule(), titles.in(m.file(), m.rule(), m.title(), RU), titles.in(m.file(), m.rule(), m.title(), java.util.Locale.ENGLISH),
                            m.level().code(), m.group(), r.alert().matches(), entry);
                }
            }
            moved.forEach((tenant, seq) -> {
                if (jdbc.sql("UPDATE journal_analysis SET last_seq = :seq WHERE tenant_id = :t").param("seq", seq).param("t", tenant).update() == 0) {
                    jdbc.sql("INSERT INTO journal_analysis (tenant_id, last_seq) VALUES (:t, :seq)").param("t", tenant).param("seq", seq).update();
                }
            });
        });
        return batch.size();
    }

    private CorrelationEngine engine() {
        Map<UUID, String> now = rules.stamps();
        CorrelationEngine e = engine;
        if (e == null) {
            provider = tenants.provider().map(Tenant::id).orElse(null);
            TenantId p = provider;
            e = new CorrelationEngine(properties.maxKeysPerRule(), p == null ? BuiltInRules.provider() : rules.active(p, true),
                    t -> t.equals(provider) ? BuiltInRules.company() : rules.active(t, false));
            restore(e);
            engine = e;
        } else if (!now.equals(stamps)) {
            for (UUID t : union(now, stamps)) {
                if (!java.util.Objects.equals(now.get(t), stamps.get(t))) {
                    TenantId id = TenantId.of(t);
                    if (id.equals(provider)) {
                        e.reloadProvider(rules.active(id, true));
                        restore(e);
                    } else {
                        e.reload(id);
                    }
                }
            }
        }
        stamps = now;
        return e;
    }

    private static java.util.Set<UUID> union(Map<UUID, String> a, Map<UUID, String> b) {
        java.util.Set<UUID> all = new java.util.HashSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    /** Puts back what first_seen rules had learned, newest last so the cap keeps the freshest. */
    private void restore(CorrelationEngine e) {
        Instant since = clock.instant().minus(java.time.Duration.ofDays(400));
        jdbc.sql("SELECT tenant_id, rule_file, rule, group_key, seen_value, last_seen FROM correlation_seen WHERE last_seen > :since ORDER BY last_seen")
                .param("since", CorrelationRules.ts(since))
                .query((rs, n) -> {
                    TenantId t = TenantId.of(rs.getObject(1, UUID.class));
                    ActiveRules scope = t.equals(provider) && isProviderRule(e, rs.getString(2)) ? e.provider() : e.scope(t);
                    scope.restoreSeen(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, java.time.OffsetDateTime.class).toInstant().toEpochMilli());
                    return 1;
                }).list();
    }

    private static boolean isProviderRule(CorrelationEngine e, String file) {
        return e.provider().files().stream().anyMatch(f -> f.name().equals(file));
    }

    private void store(SeenWrite w) {
        TenantId owner = w.scope() != null ? w.scope() : provider;
        if (owner == null) {
            return;
        }
        var ts = CorrelationRules.ts(Instant.ofEpochMilli(w.millis()));
        String key = w.groupKey().length() > 1000 ? w.groupKey().substring(0, 1000) : w.groupKey();
        String value = w.value().length() > 500 ? w.value().substring(0, 500) : w.value();
        int updated = jdbc.sql("""
                UPDATE correlation_seen SET last_seen = :at WHERE tenant_id = :t AND rule_file = :f AND rule = :r AND group_key = :k AND seen_value = :v""")
                .param("at", ts).param("t", owner.value()).param("f", w.file()).param("r", w.rule()).param("k", key).param("v", value).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO correlation_seen (tenant_id, rule_file, rule, group_key, seen_value, last_seen) VALUES (:t, :f, :r, :k, :v, :at)")
                    .param("t", owner.value()).param("f", w.file()).param("r", w.rule()).param("k", key).param("v", value).param("at", ts).update();
        }
    }

    private boolean lease() {
        Instant now = clock.instant();
        var until = CorrelationRules.ts(now.plus(properties.lease()));
        int taken = jdbc.sql("""
                UPDATE journal_analysis_lease SET lease_owner = :node, lease_until = :until
                WHERE name = :name AND (lease_owner = :node OR lease_until IS NULL OR lease_until < :now)""")
                .param("node", node).param("until", until).param("name", LEASE).param("now", CorrelationRules.ts(now)).update();
        if (taken == 1) {
            return true;
        }
        try {
            return jdbc.sql("INSERT INTO journal_analysis_lease (name, lease_owner, lease_until) VALUES (:name, :node, :until)").param("name", LEASE)
                    .param("node", node).param("until", until).update() == 1;
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            LOG.debug("another node holds the journal analysis");
            return false;
        }
    }

    /** For tests and the benchmark: the keys held and dropped across windows. */
    long[] keys() {
        CorrelationEngine e = engine;
        return e == null ? new long[2] : e.keys();
    }
}
