package dev.fortel.audit;

import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal as NDJSON, one OCSF event per line, oldest first: for a SIEM that pulls instead of receiving syslog,
 * and for archives. Rows stream from the database through a cursor and are written as they come, so memory stays
 * the same whatever the range; an interrupted export resumes with {@code after} = the last {@code
 * metadata.sequence} received. The export is journaled (who, which filters) before the first line is written.
 */
@Component
public class JournalExports {

    private static final int FETCH = 500;

    private final JdbcClient jdbc;
    private final Journal journal;
    private final TransactionTemplate readOnly;

    JournalExports(JdbcClient jdbc, Journal journal, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.readOnly = new TransactionTemplate(transactions);
        // PostgreSQL streams by cursor only inside a transaction; read-only keeps it cheap.
        this.readOnly.setReadOnly(true);
    }

    /** Writes the matching events after {@code afterSeq}; returns how many. */
    public long export(TenantId tenant, JournalEntries.Filter filter, @Nullable Long afterSeq, OutputStream out) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", filter.type());
        details.put("from", filter.from() == null ? null : filter.from().toString());
        details.put("to", filter.to() == null ? null : filter.to().toString());
        details.put("actor", filter.actor());
        details.put("after", afterSeq);
        details.put("scoped", filter.about() != null);
        details.put("format", "ocsf-ndjson");
        journal.append(new Journal.Draft(tenant, JournalTypes.JOURNAL_EXPORTED, Outcome.SUCCESS, JournalRecorder.currentActor(),
                new Target("journal", tenant.toString(), null), details));
        StringBuilder sql = new StringBuilder("SELECT * FROM journal WHERE tenant_id = :t");
        Map<String, Object> p = new HashMap<>();
        JournalEntries.where(tenant, filter, sql, p);
        if (afterSeq != null) {
            sql.append(" AND seq > :after");
            p.put("after", afterSeq);
        }
        sql.append(" ORDER BY seq");
        Long written = readOnly.execute(tx -> {
            long n = 0;
            try (var rows = jdbc.sql(sql.toString()).params(p).withFetchSize(FETCH).query(JournalEntries::map).stream()) {
                var it = rows.iterator();
                while (it.hasNext()) {
                    out.write(OcsfEvent.json(it.next()).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    n++;
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the export was interrupted", e);
            }
            return n;
        });
        return written == null ? 0 : written;
    }
}
