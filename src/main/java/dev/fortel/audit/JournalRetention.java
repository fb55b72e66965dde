package dev.fortel.audit;

import dev.fortel.access.Subject;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import jakarta.validation.constraints.NotNull;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * How long each company's journal is kept, and the removal of what has expired. A company chooses a retention class
 * (months, no shorter than the provider's minimum); it is stored on the company's chain head, so every event is written
 * under the class in force when it was appended.
 *
 * <p>On PostgreSQL the journal is partitioned by class, then by month; the job creates the months to come, moves the
 * events of a company that changed class, and drops a month of a class once all of it has expired — whole partitions,
 * never row by row — through functions that run as the schema owner (the application role cannot delete journal
 * rows). Before a month goes, the last expired event of every company in it is recorded as the company's signed
 * horizon ({@link JournalCheckpoints#signHorizon}), so verification starts the chain there and a removal that is not an
 * expiry still shows. On the embedded database the expired rows are deleted, with the same horizons.
 */
@Service
public class JournalRetention {

    /** The classes offered, in months; the partitions exist for exactly these (see V24 migrations). */
    public static final List<Integer> CLASSES = List.of(3, 6, 12, 24, 36, 60, 120);

    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);

    /**
     * Retention ({@code fortel.journal.retention.*}).
     *
     * @param defaultMonths a new company's class
     * @param minimumMonths the shortest class a company may choose (the provider's floor: evidence is not a company's
     *     alone to destroy quickly)
     * @param checkInterval how often expired months are removed and the months ahead created
     */
    @Validated
    @ConfigurationProperties("fortel.journal.retention")
    record Properties(int defaultMonths, int minimumMonths, @NotNull Duration checkInterval) {

        Properties {
            if (!CLASSES.contains(defaultMonths)) {
                throw new IllegalArgumentException("fortel.journal.retention.default-months must be one of " + CLASSES);
            }
            if (!CLASSES.contains(minimumMonths) || minimumMonths > defaultMonths) {
                throw new IllegalArgumentException("fortel.journal.retention.minimum-months must be one of " + CLASSES
                        + " and not above fortel.journal.retention.default-months");
            }
        }
    }

    /** What one run did. */
    public record Report(int monthsCreated, long eventsMoved, int monthsDropped, long eventsRemoved, int horizons) {}

    private final JdbcClient jdbc;
    private final Journal journal;
    private final JournalCheckpoints checkpoints;
    private final Properties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final boolean partitioned;

    JournalRetention(JdbcClient jdbc, Journal journal, JournalCheckpoints checkpoints, Properties properties, Clock clock,
            PlatformTransactionManager transactionManager, DataSource dataSource) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.partitioned = postgres(dataSource);
    }

    public int defaultMonths() {
        return properties.defaultMonths();
    }

    public int minimumMonths() {
        return properties.minimumMonths();
    }

    /** The company's class: months its events are kept. */
    public int months(TenantId tenant) {
        return jdbc.sql("SELECT retention_months FROM journal_heads WHERE tenant_id = :t").param("t", tenant.value()).query(Integer.class).optional()
                .orElse(properties.defaultMonths());
    }

    /** Changes the company's class, journaled; events already written move to it at the next run of the job. */
    @Transactional
    public int change(Subject actor, Integer months) {
        TenantId tenant = actor.tenantId();
        List<Integer> allowed = CLASSES.stream().filter(m -> m >= properties.minimumMonths()).toList();
        if (months == null || !allowed.contains(months)) {
            throw ValidationFailedException.of("months", "retention.months", "must be one of " + allowed + " (months)",
                    String.join(", ", allowed.stream().map(String::valueOf).toList()));
        }
        int before = months(tenant);
        jdbc.sql("INSERT INTO journal_heads (tenant_id, last_seq, last_hash, retention_months) VALUES (:t, 0, :genesis, :m) ON CONFLICT DO NOTHING")
                .param("t", tenant.value()).param("genesis", JournalChain.GENESIS).param("m", before).update();
        jdbc.sql("UPDATE journal_heads SET retention_months = :m WHERE tenant_id = :t").param("m", months).param("t", tenant.value()).update();
        if (before != months) {
            journal.append(new Journal.Draft(tenant, JournalTypes.JOURNAL_RETENTION_CHANGED, Outcome.SUCCESS, Journal.currentActor(),
                    new Target("journal", tenant.toString(), "retention"), Map.of("before", Map.of("months", before), "after", Map.of("months", months))));
        }
        return months;
    }

    /** Creates the months ahead, moves events to their company's class, and removes what has expired. */
    @Scheduled(fixedDelayString = "${fortel.journal.retention.check-interval}", initialDelayString = "${fortel.journal.retention.check-interval}")
    public Report enforce() {
        return TenantContext.asPlatform(() -> partitioned ? enforcePartitions() : enforceRows());
    }

    private Report enforcePartitions() {
        long moved = 0;
        long step;
        do {
            step = transactions.execute(s -> jdbc.sql("SELECT fortel_journal_move_class(10000)").query(Long.class).single());
            moved += step;
        } while (step > 0);
        int created = 0;
        int dropped = 0;
        long removed = 0;
        int horizons = 0;
        LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        for (int m : CLASSES) {
            List<LocalDate> wanted = new java.util.ArrayList<>(List.of(thisMonth, thisMonth.plusMonths(1), thisMonth.plusMonths(2)));
            wanted.addAll(jdbc.sql("SELECT fortel_journal_default_months(:m)").param("m", m).query(LocalDate.class).list());
            for (LocalDate month : wanted) {
                Boolean made = transactions.execute(s -> jdbc.sql("SELECT fortel_journal_ensure_month(:m, :month)").param("m", m).param("month", month)
                        .query(Boolean.class).single());
                created += Boolean.TRUE.equals(made) ? 1 : 0;
            }
            for (LocalDate month : jdbc.sql("SELECT fortel_journal_months(:m)").param("m", m).query(LocalDate.class).list()) {
                if (!expired(month, m)) {
                    continue;
                }
                long[] result = transactions.execute(s -> {
                    int signed = signHorizons(m, month.atStartOfDay().atOffset(ZoneOffset.UTC), month.plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC));
                    long n = jdbc.sql("SELECT fortel_journal_drop_month(:m, :month)").param("m", m).param("month", month).query(Long.class).single();
                    return new long[] {signed, n};
                });
                horizons += (int) result[0];
                removed += result[1];
                dropped++;
                LOG.info("journal retention: removed {} events of {} (class {} months)", result[1], month, m);
            }
        }
        return new Report(created, moved, dropped, removed, horizons);
    }

    /** The embedded database: expired rows are deleted per company, each company's horizon signed first. */
    private Report enforceRows() {
        record Company(UUID tenant, int months) {}
        List<Company> companies = jdbc.sql("SELECT tenant_id, retention_months FROM journal_heads").query((rs, n) -> new Company(rs.getObject(1, UUID.class),
                rs.getInt(2))).list();
        long removed = 0;
        int horizons = 0;
        for (Company c : companies) {
            OffsetDateTime cutoff = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusMonths(c.months());
            long[] result = transactions.execute(s -> {
                var last = jdbc.sql("SELECT seq, hash FROM journal WHERE tenant_id = :t AND occurred_at < :cut ORDER BY seq DESC LIMIT 1")
                        .param("t", c.tenant()).param("cut", cutoff).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
                if (last.isEmpty()) {
                    return new long[] {0, 0};
                }
                long seq = (Long) last.get()[0];
                checkpoints.signHorizon(TenantId.of(c.tenant()), seq, (String) last.get()[1]);
                long n = jdbc.sql("DELETE FROM journal WHERE tenant_id = :t AND seq <= :seq").param("t", c.tenant()).param("seq", seq).update();
                return new long[] {1, n};
            });
            horizons += (int) result[0];
            removed += result[1];
        }
        return new Report(0, 0, 0, removed, horizons);
    }

    /** Signs, for every company with events in this month of the class, its last one as its horizon. */
    private int signHorizons(int months, OffsetDateTime from, OffsetDateTime to) {
        record Last(UUID tenant, long seq, String hash) {}
        List<Last> last = jdbc.sql("""
                SELECT j.tenant_id, j.seq, j.hash FROM journal j
                JOIN (SELECT tenant_id, MAX(seq) AS seq FROM journal WHERE retention_months = :m AND occurred_at >= :from AND occurred_at < :to
                      GROUP BY tenant_id) x ON x.tenant_id = j.tenant_id AND x.seq = j.seq
                WHERE j.retention_months = :m AND j.occurred_at >= :from AND j.occurred_at < :to""")
                .param("m", months).param("from", from).param("to", to)
                .query((rs, n) -> new Last(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3))).list();
        last.forEach(l -> checkpoints.signHorizon(TenantId.of(l.tenant()), l.seq(), l.hash()));
        return last.size();
    }

    /** Whether every event of this month of the class has expired: the month ended at least {@code months} ago. */
    private boolean expired(LocalDate month, int months) {
        return !month.plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC).isAfter(OffsetDateTime.now(clock).minusMonths(months));
    }

    private static boolean postgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database's kind: " + e.getMessage(), e);
        }
    }
}
