package dev.fortel.identity.iprules;

import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code ip_rules} (per company, every method takes its {@link TenantId}) and of the platform-wide
 * {@code ip_deny_list}, and the per-list lock rows in {@code ip_rule_lists}.
 */
@Repository
class IpRules {

    /** The two kinds of list a lock row stands for. */
    enum ListKind { TENANT, PROVIDER_DENY }

    private static final String RULE_COLUMNS = "tenant_id, id, action, address, scope, note, created_by, created_by_name, created_at, updated_at";
    private static final String DENY_COLUMNS = "id, address, note, created_by, created_by_name, created_at, updated_at";

    private final JdbcClient jdbc;

    IpRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<IpRule> all(TenantId tenant) {
        return jdbc.sql("SELECT " + RULE_COLUMNS + " FROM ip_rules WHERE tenant_id = :t ORDER BY created_at, id")
                .param("t", tenant.value()).query(IpRules::rule).list();
    }

    Optional<IpRule> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + RULE_COLUMNS + " FROM ip_rules WHERE tenant_id = :t AND id = :id")
                .param("t", tenant.value()).param("id", id).query(IpRules::rule).optional();
    }

    void insert(IpRule r) {
        jdbc.sql("""
                INSERT INTO ip_rules (tenant_id, id, action, address, scope, note, created_by, created_by_name, created_at, updated_at)
                VALUES (:t, :id, :action, :address, :scope, :note, :by, :byName, :at, :at)""")
                .param("t", r.tenantId().value()).param("id", r.id()).param("action", r.action().name()).param("address", r.range().text())
                .param("scope", r.scope().name()).param("note", r.note()).param("by", r.createdBy()).param("byName", r.createdByName())
                .param("at", ts(r.createdAt())).update();
    }

    void update(IpRule r) {
        jdbc.sql("""
                UPDATE ip_rules SET action = :action, address = :address, scope = :scope, note = :note, updated_at = :at
                WHERE tenant_id = :t AND id = :id""")
                .param("action", r.action().name()).param("address", r.range().text()).param("scope", r.scope().name())
                .param("note", r.note()).param("at", ts(r.updatedAt())).param("t", r.tenantId().value()).param("id", r.id()).update();
    }

    void delete(TenantId tenant, UUID id) {
        jdbc.sql("DELETE FROM ip_rules WHERE tenant_id = :t AND id = :id").param("t", tenant.value()).param("id", id).update();
    }

    List<DenyEntry> denyList() {
        return jdbc.sql("SELECT " + DENY_COLUMNS + " FROM ip_deny_list ORDER BY created_at, id").query(IpRules::entry).list();
    }

    Optional<DenyEntry> findDenied(UUID id) {
        return jdbc.sql("SELECT " + DENY_COLUMNS + " FROM ip_deny_list WHERE id = :id").param("id", id).query(IpRules::entry).optional();
    }

    void insert(DenyEntry e) {
        jdbc.sql("""
                INSERT INTO ip_deny_list (id, address, note, created_by, created_by_name, created_at, updated_at)
                VALUES (:id, :address, :note, :by, :byName, :at, :at)""")
                .param("id", e.id()).param("address", e.range().text()).param("note", e.note()).param("by", e.createdBy())
                .param("byName", e.createdByName()).param("at", ts(e.createdAt())).update();
    }

    void update(DenyEntry e) {
        jdbc.sql("UPDATE ip_deny_list SET address = :address, note = :note, updated_at = :at WHERE id = :id")
                .param("address", e.range().text()).param("note", e.note()).param("at", ts(e.updatedAt())).param("id", e.id()).update();
    }

    void deleteDenied(UUID id) {
        jdbc.sql("DELETE FROM ip_deny_list WHERE id = :id").param("id", id).update();
    }

    /**
     * Locks the list's row for the rest of the transaction (creating it on first use) and counts the change.
     * Every change takes this lock first, so two administrators' changes never interleave.
     */
    void lock(TenantId owner, ListKind kind, Instant now) {
        jdbc.sql("INSERT INTO ip_rule_lists (tenant_id, list, version, updated_at) VALUES (:t, :l, 0, :now) ON CONFLICT DO NOTHING")
                .param("t", owner.value()).param("l", kind.name()).param("now", ts(now)).update();
        jdbc.sql("SELECT version FROM ip_rule_lists WHERE tenant_id = :t AND list = :l FOR UPDATE")
                .param("t", owner.value()).param("l", kind.name()).query(Long.class).single();
        jdbc.sql("UPDATE ip_rule_lists SET version = version + 1, updated_at = :now WHERE tenant_id = :t AND list = :l")
                .param("t", owner.value()).param("l", kind.name()).param("now", ts(now)).update();
    }

    private static IpRule rule(ResultSet rs, int row) throws SQLException {
        return new IpRule(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class),
                IpRuleAction.valueOf(rs.getString("action")), IpRange.stored(rs.getString("address")), IpRuleScope.valueOf(rs.getString("scope")),
                rs.getString("note"), rs.getObject("created_by", UUID.class), rs.getString("created_by_name"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static DenyEntry entry(ResultSet rs, int row) throws SQLException {
        return new DenyEntry(rs.getObject("id", UUID.class), IpRange.stored(rs.getString("address")), rs.getString("note"),
                rs.getObject("created_by", UUID.class), rs.getString("created_by_name"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
