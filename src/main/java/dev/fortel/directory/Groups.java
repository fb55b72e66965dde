package dev.fortel.directory;

import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import dev.fortel.access.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Group rows, each with its member count. */
@Repository
public class Groups {

    private static final String SELECT = """
            SELECT g.tenant_id, g.id, g.name, g.description, g.created_at, g.updated_at,
              (SELECT count(*) FROM group_members m WHERE m.tenant_id = g.tenant_id AND m.group_id = g.id) AS members
            FROM employee_groups g""";

    private final JdbcClient jdbc;

    Groups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of groups by name, narrowed to {@code within} (the groups a caller's grant reaches) unless it is {@code null}. */
    public List<Group> page(TenantId tenant, @Nullable String afterName, int limit, @Nullable Set<UUID> within) {
        if (within != null && within.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE g.tenant_id = :tenant" + (afterName == null ? "" : " AND g.name_key > :after")
                        + (within == null ? "" : " AND g.id IN (:within)") + " ORDER BY g.name_key LIMIT :limit")
                .param("tenant", tenant.value()).param("after", afterName == null ? "" : afterName).param("limit", limit)
                .param("within", within == null ? List.of(new UUID(0, 0)) : List.copyOf(within))
                .query(Groups::map).list();
    }

    public List<Group> all(TenantId tenant) {
        return jdbc.sql(SELECT + " WHERE g.tenant_id = :tenant ORDER BY g.name_key").param("tenant", tenant.value())
                .query(Groups::map).list();
    }

    public Optional<Group> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + " WHERE g.tenant_id = :tenant AND g.id = :id").param("tenant", tenant.value()).param("id", id)
                .query(Groups::map).optional();
    }

    /** The subset of {@code ids} that name groups of this tenant. */
    public List<UUID> existing(TenantId tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM employee_groups WHERE tenant_id = :tenant AND id IN (:ids)")
                .param("tenant", tenant.value()).param("ids", List.copyOf(ids)).query(UUID.class).list();
    }

    /** Every group's name by id (no member counts: cheap enough to read for each access question). */
    public Map<UUID, String> names(TenantId tenant) {
        Map<UUID, String> out = new HashMap<>();
        jdbc.sql("SELECT id, name FROM employee_groups WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return out;
    }

    /** The roles a group carries to its members, in role order. */
    public Set<Role> roles(TenantId tenant, UUID group) {
        return rolesOf(tenant, List.of(group));
    }

    /** Every role carried by any of these groups (what a member of all of them inherits). */
    public Set<Role> rolesOf(TenantId tenant, Collection<UUID> groupIds) {
        Set<Role> out = new java.util.TreeSet<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT DISTINCT role FROM group_roles WHERE tenant_id = :tenant AND group_id IN (:ids)")
                .param("tenant", tenant.value()).param("ids", List.copyOf(groupIds)).query(String.class).list()
                .forEach(code -> out.add(new Role(code)));
        return out;
    }

    /** Group id to the roles it carries, for every group of the tenant that carries any. */
    public Map<UUID, Set<Role>> carriedRoles(TenantId tenant) {
        Map<UUID, Set<Role>> out = new HashMap<>();
        jdbc.sql("SELECT group_id, role FROM group_roles WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    UUID group = rs.getObject(1, UUID.class);
                    out.computeIfAbsent(group, k -> new java.util.TreeSet<>()).add(new Role(rs.getString(2)));
                });
        return out;
    }

    void replaceRoles(TenantId tenant, UUID group, Set<Role> roles) {
        jdbc.sql("DELETE FROM group_roles WHERE tenant_id = :tenant AND group_id = :g").param("tenant", tenant.value()).param("g", group).update();
        for (Role r : roles) {
            jdbc.sql("INSERT INTO group_roles (tenant_id, group_id, role) VALUES (:tenant, :g, :r)")
                    .param("tenant", tenant.value()).param("g", group).param("r", r.code()).update();
        }
    }

    public boolean nameTaken(TenantId tenant, String name, @Nullable UUID except) {
        return jdbc.sql("SELECT count(*) FROM employee_groups WHERE tenant_id = :tenant AND name_key = :key AND id <> :except")
                .param("tenant", tenant.value()).param("key", key(name))
                .param("except", except == null ? new UUID(0, 0) : except).query(Long.class).single() > 0;
    }

    void insert(Group g) {
        jdbc.sql("""
                INSERT INTO employee_groups (tenant_id, id, name, name_key, description, created_at, updated_at)
                VALUES (:tenant, :id, :name, :key, :description, :created, :updated)""")
                .param("tenant", g.tenantId().value()).param("id", g.id()).param("name", g.name()).param("key", key(g.name()))
                .param("description", g.description())
                .param("created", OffsetDateTime.ofInstant(g.createdAt(), ZoneOffset.UTC))
                .param("updated", OffsetDateTime.ofInstant(g.updatedAt(), ZoneOffset.UTC)).update();
    }

    void update(Group g) {
        jdbc.sql("""
                UPDATE employee_groups SET name = :name, name_key = :key, description = :description, updated_at = :updated
                WHERE tenant_id = :tenant AND id = :id""")
                .param("tenant", g.tenantId().value()).param("id", g.id()).param("name", g.name()).param("key", key(g.name()))
                .param("description", g.description())
                .param("updated", OffsetDateTime.ofInstant(g.updatedAt(), ZoneOffset.UTC)).update();
    }

    void delete(TenantId tenant, UUID id) {
        jdbc.sql("DELETE FROM employee_groups WHERE tenant_id = :tenant AND id = :id").param("tenant", tenant.value()).param("id", id).update();
    }

    static String key(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static Group map(ResultSet rs, int n) throws SQLException {
        return new Group(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getInt("members"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
