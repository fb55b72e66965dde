package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The roles a company stored: its own roles and its customized built-ins (a built-in with no row is at its default).
 * Also the company's access version, which every change of roles increments in the same transaction, so that other
 * nodes notice the change (see {@link RoleBook}).
 */
@Repository
class Roles {

    private final JdbcClient jdbc;

    Roles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RoleDefinition> all(TenantId tenant) {
        Map<Role, Map<Permission, Grant>> grants = new HashMap<>();
        Map<String, Set<UUID>> groups = new HashMap<>();
        jdbc.sql("SELECT role_code, function_code, group_id FROM role_grant_groups WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(rs -> {
                    groups.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new HashSet<>()).add(rs.getObject(3, UUID.class));
                });
        jdbc.sql("SELECT role_code, function_code, scope FROM role_grants WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    Role role = new Role(rs.getString(1));
                    String scopeCode = rs.getString(3);
                    // A function retired from the catalog, or a scope no longer offered, grants nothing.
                    Permission.ofCode(rs.getString(2)).ifPresent(p -> Scope.ofCode(scopeCode).ifPresent(scope ->
                            grants.computeIfAbsent(role, k -> new EnumMap<>(Permission.class)).put(p,
                                    new Grant(scope, groups.getOrDefault(role.code() + "/" + p.code(), Set.of())))));
                });
        List<RoleDefinition> out = new ArrayList<>();
        jdbc.sql("SELECT code, name, description FROM roles WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    Role role = new Role(rs.getString(1));
                    out.add(new RoleDefinition(role, role.builtIn(), rs.getString(2), rs.getString(3), grants.getOrDefault(role, Map.of())));
                });
        return out;
    }

    boolean exists(TenantId tenant, Role role) {
        return jdbc.sql("SELECT count(*) FROM roles WHERE tenant_id = :tenant AND code = :code").param("tenant", tenant.value())
                .param("code", role.code()).query(Long.class).single() > 0;
    }

    boolean nameTaken(TenantId tenant, String name, Role except) {
        return jdbc.sql("SELECT count(*) FROM roles WHERE tenant_id = :tenant AND name_key = :key AND code <> :code")
                .param("tenant", tenant.value()).param("key", nameKey(name)).param("code", except.code()).query(Long.class).single() > 0;
    }

    /** Stores {@code d} in place of whatever the company had for its role (insert or replace). */
    void save(TenantId tenant, RoleDefinition d, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int updated = jdbc.sql("UPDATE roles SET name = :name, name_key = :key, description = :description, updated_at = :at "
                        + "WHERE tenant_id = :tenant AND code = :code")
                .param("tenant", tenant.value()).param("code", d.role().code()).param("name", d.name())
                .param("key", d.name() == null ? null : nameKey(d.name())).param("description", d.description()).param("at", at).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO roles (tenant_id, code, name, name_key, description, built_in, created_at, updated_at) "
                            + "VALUES (:tenant, :code, :name, :key, :description, :builtIn, :at, :at)")
                    .param("tenant", tenant.value()).param("code", d.role().code()).param("name", d.name())
                    .param("key", d.name() == null ? null : nameKey(d.name())).param("description", d.description())
                    .param("builtIn", d.builtIn()).param("at", at).update();
        }
        jdbc.sql("DELETE FROM role_grant_groups WHERE tenant_id = :tenant AND role_code = :code").param("tenant", tenant.value())
                .param("code", d.role().code()).update();
        jdbc.sql("DELETE FROM role_grants WHERE tenant_id = :tenant AND role_code = :code").param("tenant", tenant.value())
                .param("code", d.role().code()).update();
        d.grants().forEach((p, g) -> {
            jdbc.sql("INSERT INTO role_grants (tenant_id, role_code, function_code, scope) VALUES (:tenant, :code, :function, :scope)")
                    .param("tenant", tenant.value()).param("code", d.role().code()).param("function", p.code()).param("scope", g.scope().code())
                    .update();
            for (UUID group : g.groups()) {
                jdbc.sql("INSERT INTO role_grant_groups (tenant_id, role_code, function_code, group_id) VALUES (:tenant, :code, :function, :group)")
                        .param("tenant", tenant.value()).param("code", d.role().code()).param("function", p.code()).param("group", group)
                        .update();
            }
        });
    }

    void delete(TenantId tenant, Role role) {
        jdbc.sql("DELETE FROM role_grant_groups WHERE tenant_id = :tenant AND role_code = :code").param("tenant", tenant.value())
                .param("code", role.code()).update();
        jdbc.sql("DELETE FROM role_grants WHERE tenant_id = :tenant AND role_code = :code").param("tenant", tenant.value())
                .param("code", role.code()).update();
        jdbc.sql("DELETE FROM roles WHERE tenant_id = :tenant AND code = :code").param("tenant", tenant.value()).param("code", role.code())
                .update();
    }

    /** The roles whose grants name {@code group}, each with the functions that name it (a group they name cannot be deleted). */
    Map<Role, List<Permission>> naming(TenantId tenant, UUID group) {
        Map<Role, List<Permission>> out = new LinkedHashMap<>();
        jdbc.sql("SELECT role_code, function_code FROM role_grant_groups WHERE tenant_id = :tenant AND group_id = :group "
                        + "ORDER BY role_code, function_code")
                .param("tenant", tenant.value()).param("group", group)
                .query(rs -> {
                    Role role = new Role(rs.getString(1));
                    Permission.ofCode(rs.getString(2)).ifPresent(p -> out.computeIfAbsent(role, k -> new ArrayList<>()).add(p));
                });
        return out;
    }

    long version(TenantId tenant) {
        return jdbc.sql("SELECT version FROM access_versions WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(Long.class).optional().orElse(0L);
    }

    /** Called in the transaction of every change of roles: other nodes compare this number with the one they loaded. */
    void bump(TenantId tenant) {
        // Insert-if-absent, then increment under the row lock: two first changes at once both count.
        jdbc.sql("INSERT INTO access_versions (tenant_id, version) VALUES (:tenant, 0) ON CONFLICT DO NOTHING").param("tenant", tenant.value()).update();
        jdbc.sql("UPDATE access_versions SET version = version + 1 WHERE tenant_id = :tenant").param("tenant", tenant.value()).update();
    }

    static String nameKey(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
