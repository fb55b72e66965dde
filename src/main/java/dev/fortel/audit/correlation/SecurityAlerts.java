package dev.fortel.audit.correlation;

import dev.fortel.access.Subject;
import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.audit.JournalTypes;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alerts: raised by the analysis, read and handled by the company's security officers (or the provider's team). */
@Service
public class SecurityAlerts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Journal journal;
    private final Clock clock;

    SecurityAlerts(JdbcClient jdbc, Journal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    /** Newest activity first; {@code status} null: open and acknowledged (everything not closed). */
    public List<SecurityAlert> list(TenantId tenant, SecurityAlert.@Nullable Status status, int limit) {
        String where = status == null ? "status <> 'CLOSED'" : "status = :status";
        var q = jdbc.sql("SELECT * FROM security_alerts WHERE tenant_id = :t AND " + where + " ORDER BY last_at DESC, id LIMIT :limit")
                .param("t", tenant.value()).param("limit", limit);
        if (status != null) {
            q = q.param("status", status.name());
        }
        return q.query((rs, n) -> map(rs)).list();
    }

    public long countOpen(TenantId tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM security_alerts WHERE tenant_id = :t AND status = 'OPEN'").param("t", tenant.value())
                .query(Long.class).single();
    }

    public Optional<SecurityAlert> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT * FROM security_alerts WHERE tenant_id = :t AND id = :id").param("t", tenant.value()).param("id", id)
                .query((rs, n) -> map(rs)).optional();
    }

    /** Acknowledges (someone is on it) or closes an alert, with an optional note; journaled. */
    @Transactional
    public SecurityAlert handle(Subject actor, UUID id, SecurityAlert.@Nullable Status status, @Nullable String note) {
        TenantId tenant = actor.tenantId();
        SecurityAlert before = find(tenant, id).orElseThrow(() -> new NotFoundException("alert"));
        if (status == null || status == SecurityAlert.Status.OPEN) {
            throw ValidationFailedException.of("status", "alert.status", "must be acknowledged or closed");
        }
        String text = note == null ? null : note.strip();
        if (text != null && text.length() > 1000) {
            throw ValidationFailedException.of("note", "alert.note", "is longer than 1000 characters");
        }
        if (before.status() == SecurityAlert.Status.CLOSED) {
            throw ValidationFailedException.of("status", "alert.closed", "this alert is already closed");
        }
        jdbc.sql("UPDATE security_alerts SET status = :s, handled_by = :by, handled_at = :at, note = :note WHERE tenant_id = :t AND id = :id")
                .param("s", status.name()).param("by", actor.displayName()).param("at", CorrelationRules.ts(clock.instant()))
                .param("note", text == null || text.isEmpty() ? before.note() : text).param("t", tenant.value()).param("id", id).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", before.ruleFile() + "/" + before.rule());
        details.put("from", before.status().name().toLowerCase(java.util.Locale.ROOT));
        if (text != null && !text.isEmpty()) {
            details.put("note", text);
        }
        journal.append(new Journal.Draft(tenant, status == SecurityAlert.Status.CLOSED ? JournalTypes.ALERT_CLOSED : JournalTypes.ALERT_ACKNOWLEDGED,
                Outcome.SUCCESS, Journal.currentActor(), new Target("alert", id.toString(), before.title()), details));
        return find(tenant, id).orElseThrow();
    }

    /**
     * Records a match in the caller's transaction: adds it to the group's alert that is not closed, or opens one, and
     * journals it in the alert owner's journal. Returns the alert and whether it is new.
     */
    Raised record(TenantId owner, Match m) {
        JournalEntry e = m.trigger().entry();
        Instant at = e.time();
        String groupJson = JSON.writeValueAsString(m.group());
        Optional<UUID> existing = jdbc.sql("""
                SELECT id FROM security_alerts WHERE tenant_id = :t AND rule_file = :file AND rule = :rule AND group_key = :key
                  AND status <> 'CLOSED' ORDER BY last_at DESC LIMIT 1""")
                .param("t", owner.value()).param("file", m.file()).param("rule", m.rule()).param("key", clip(m.groupKey(), 1000)).query(UUID.class).optional();
        UUID id;
        boolean created = existing.isEmpty();
        if (existing.isPresent()) {
            id = existing.get();
            jdbc.sql("""
                    UPDATE security_alerts SET matches = matches + 1, last_at = :at, last_event_id = :eid, last_event_seq = :seq, last_event_type = :type,
                      last_actor = :actor, last_ip = :ip, source_tenant_id = :src, title = :title, level = :level WHERE tenant_id = :t AND id = :id""")
                    .param("at", CorrelationRules.ts(at)).param("eid", e.id()).param("seq", e.seq()).param("type", e.type())
                    .param("actor", clip(e.actor().name(), 200)).param("ip", e.actor().ip()).param("src", e.tenantId().value()).param("title", m.title())
                    .param("level", m.level().name()).param("t", owner.value()).param("id", id).update();
        } else {
            id = UUID.randomUUID();
            jdbc.sql("""
                    INSERT INTO security_alerts (tenant_id, id, rule_file, rule, title, level, group_key, group_values, source_tenant_id, matches, first_at,
                      last_at, last_event_id, last_event_seq, last_event_type, last_actor, last_ip, status)
                    VALUES (:t, :id, :file, :rule, :title, :level, :key, :group, :src, 1, :at, :at, :eid, :seq, :type, :actor, :ip, 'OPEN')""")
                    .param("t", owner.value()).param("id", id).param("file", m.file()).param("rule", m.rule()).param("title", m.title())
                    .param("level", m.level().name()).param("key", clip(m.groupKey(), 1000)).param("group", clip(groupJson, 2000))
                    .param("src", e.tenantId().value()).param("at", CorrelationRules.ts(at)).param("eid", e.id()).param("seq", e.seq())
                    .param("type", e.type()).param("actor", clip(e.actor().name(), 200)).param("ip", e.actor().ip()).update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule_file", m.file());
        details.put("rule", m.rule());
        details.put("level", m.level().code());
        details.put("group", m.group());
        details.put("count", m.count());
        details.put("new_alert", created);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("company", e.tenantId().toString());
        event.put("seq", e.seq());
        event.put("id", e.id().toString());
        event.put("type", e.type());
        details.put("event", event);
        journal.append(new Journal.Draft(owner, JournalTypes.ALERT_RAISED, Outcome.SUCCESS, new JournalEntry.Actor(null, "system", null, null, null),
                new Target("alert", id.toString(), m.title()), details));
        return new Raised(find(owner, id).orElseThrow(), created);
    }

    record Raised(SecurityAlert alert, boolean created) {}

    private static @Nullable String clip(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static SecurityAlert map(ResultSet rs) throws SQLException {
        Map<String, String> group = JSON.readValue(rs.getString("group_values"), new TypeReference<LinkedHashMap<String, String>>() {});
        OffsetDateTime handled = rs.getObject("handled_at", OffsetDateTime.class);
        return new SecurityAlert(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class), rs.getString("rule_file"),
                rs.getString("rule"), rs.getString("title"), rs.getString("level").toLowerCase(java.util.Locale.ROOT), group,
                TenantId.of(rs.getObject("source_tenant_id", UUID.class)), rs.getInt("matches"), rs.getObject("first_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_at", OffsetDateTime.class).toInstant(), rs.getObject("last_event_id", UUID.class), rs.getLong("last_event_seq"),
                rs.getString("last_event_type"), rs.getString("last_actor"), rs.getString("last_ip"), SecurityAlert.Status.valueOf(rs.getString("status")),
                rs.getString("handled_by"), handled == null ? null : handled.toInstant(), rs.getString("note"));
    }
}
