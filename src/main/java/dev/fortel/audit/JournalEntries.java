package dev.fortel.audit;

import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the journal: filtered pages for people, and whole chains in order for verification. */
@Repository
public class JournalEntries {

    private final JdbcClient jdbc;

    JournalEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param actor an actor id, or text found in the actor's name
     * @param beforeSeq return only events older than this sequence number (keyset cursor)
     */
    public record Filter(@Nullable String type, @Nullable Instant from, @Nullable Instant to, @Nullable String actor,
            @Nullable Long beforeSeq, java.util.@Nullable Set<UUID> about) {

        public Filter(@Nullable String type, @Nullable Instant from, @Nullable Instant to, @Nullable String actor, @Nullable Long beforeSeq) {
            this(type, from, to, actor, beforeSeq, null);
        }

        /** The same filter, limited to events by or about these employees ({@code null}: no limit). */
        public Filter about(java.util.@Nullable Set<UUID> employees) {
            return new Filter(type, from, to, actor, beforeSeq, employees == null ? null : java.util.Set.copyOf(employees));
        }
    }

    /** Newest first. {@code type} matches exactly or, ending in {@code .*}, by prefix ({@code auth.*}). */
    public List<JournalEntry> page(TenantId tenant, Filter f, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM journal WHERE tenant_id = :t");
        Map<String, Object> p = new HashMap<>();
        where(tenant, f, sql, p);
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        p.put("limit", limit);
        return jdbc.sql(sql.toString()).params(p).query(JournalEntries::map).list();
    }

    /** Oldest first, every event after {@code afterSeq}: how delivery reads the journal by cursor. */
    public List<JournalEntry> after(TenantId tenant, long afterSeq, int limit) {
        return jdbc.sql("SELECT * FROM journal WHERE tenant_id = :t AND seq > :after ORDER BY seq LIMIT :limit").param("t", tenant.value())
                .param("after", afterSeq).param("limit", limit).query(JournalEntries::map).list();
    }

    /** How many events match the filter (the dashboard's counts, narrowed like the list it links to). */
    public long count(TenantId tenant, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM journal WHERE tenant_id = :t");
        Map<String, Object> p = new HashMap<>();
        where(tenant, f, sql, p);
        return jdbc.sql(sql.toString()).params(p).query(Long.class).single();
    }

    static void where(TenantId tenant, Filter f, StringBuilder sql, Map<String, Object> p) {
        p.put("t", tenant.value());
        if (f.type() != null && !f.type().isBlank()) {
            if (f.type().endsWith(".*")) {
                sql.append(" AND type LIKE :type");
                p.put("type", f.type().substring(0, f.type().length() - 1).replace("_", "\\_") + "%");
            } else {
                sql.append(" AND type = :type");
                p.put("type", f.type());
            }
        }
        if (f.from() != null) {
            sql.append(" AND occurred_at >= :from");
            p.put("from", OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sql.append(" AND occurred_at < :to");
            p.put("to", OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        if (f.actor() != null && !f.actor().isBlank()) {
            UUID id = parseUuid(f.actor());
            if (id != null) {
                sql.append(" AND actor_id = :actorId");
                p.put("actorId", id);
            } else {
                sql.append(" AND lower(actor_name) LIKE :actorName");
                p.put("actorName", "%" + f.actor().strip().toLowerCase(java.util.Locale.ROOT).replace("%", "") + "%");
            }
        }
        if (f.about() != null) {
            // A scoped viewer sees events done by, or done to, the people in their scope.
            if (f.about().isEmpty()) {
                sql.append(" AND 1 = 0");
            } else {
                sql.append(" AND (actor_id IN (:about) OR (target_kind = 'employee' AND target_id IN (:aboutText)))");
                p.put("about", java.util.List.copyOf(f.about()));
                p.put("aboutText", f.about().stream().map(UUID::toString).toList());
            }
        }
        if (f.beforeSeq() != null) {
            sql.append(" AND seq < :before");
            p.put("before", f.beforeSeq());
        }
    }

    /** Streams one tenant's chain in order, oldest first, without holding it all in memory. */
    void forEachInOrder(TenantId tenant, Consumer<JournalEntry> sink) {
        try (var stream = jdbc.sql("SELECT * FROM journal WHERE tenant_id = :t ORDER BY seq").param("t", tenant.value())
                .query(JournalEntries::map).stream()) {
            stream.forEach(sink);
        }
    }

    record Head(long seq, String hash) {}

    @Nullable Head head(TenantId tenant) {
        return jdbc.sql("SELECT last_seq, last_hash FROM journal_heads WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional().orElse(null);
    }

    private static @Nullable UUID parseUuid(String s) {
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static JournalEntry map(ResultSet rs, int n) throws SQLException {
        return new JournalEntry(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getLong("seq"), rs.getObject("id", UUID.class),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("type"),
                JournalEntry.Outcome.valueOf(rs.getString("outcome")),
                new JournalEntry.Actor(rs.getObject("actor_id", UUID.class), rs.getString("actor_name"), rs.getString("actor_ip"),
                        rs.getString("actor_user_agent"), rs.getString("actor_session")),
                new JournalEntry.Target(rs.getString("target_kind"), rs.getString("target_id"), rs.getString("target_name")),
                rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
