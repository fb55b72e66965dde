package dev.fortel.directory;

import dev.fortel.access.Role;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Employee rows. Every method but {@link #findByLoginAcrossTenants} filters by tenant in SQL; on PostgreSQL
 * row-level security filters a second time.
 */
@Repository
public class Employees {

    private static final String COLUMNS = "tenant_id, id, login, display_name, extension, mobile, supervisor_id, status, expires_at, created_at, updated_at";

    private final JdbcClient jdbc;

    Employees(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of employees ordered by login, after {@code afterLogin} if given. */
    public List<Employee> page(TenantId tenant, @Nullable String query, @Nullable EmployeeStatus status,
            @Nullable UUID groupId, @Nullable String afterLogin, int limit) {
        return page(tenant, query, status, groupId, afterLogin, limit, null);
    }

    /**
     * The same, narrowed to {@code within} (the employees a caller's grant reaches), or the whole company when it is
     * {@code null}.
     */
    public List<Employee> page(TenantId tenant, @Nullable String query, @Nullable EmployeeStatus status,
            @Nullable UUID groupId, @Nullable String afterLogin, int limit, @Nullable Set<UUID> within) {
        if (within != null && within.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM employees e WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.value());
        if (query != null && !query.isBlank()) {
            sql.append(" AND (lower(display_name) LIKE :q ESCAPE '\\' OR login LIKE :q ESCAPE '\\' OR extension LIKE :q ESCAPE '\\')");
            params.put("q", "%" + likeEscape(query.strip().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        }
        if (groupId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM group_members m WHERE m.tenant_id = e.tenant_id AND m.employee_id = e.id AND m.group_id = :group)");
            params.put("group", groupId);
        }
        if (afterLogin != null) {
            sql.append(" AND login > :after");
            params.put("after", afterLogin);
        }
        if (within != null) {
            sql.append(" AND id IN (:within)");
            params.put("within", List.copyOf(within));
        }
        sql.append(" ORDER BY login LIMIT :limit");
        params.put("limit", limit);
        List<Row> rows = jdbc.sql(sql.toString()).params(params).query(Employees::row).list();
        return hydrate(tenant, rows);
    }

    /**
     * Active employees who hold one of {@code roles} directly or belong to one of {@code groups}, in login order
     * after {@code afterLogin}: the candidates for "who can access", found by the database instead of by
     * reading the whole company.
     */
    public List<Employee> holding(TenantId tenant, Set<Role> roles, Set<UUID> groups, @Nullable String afterLogin, int limit) {
        if (roles.isEmpty() && groups.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM employees e WHERE tenant_id = :tenant AND status = 'ACTIVE' AND (");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.value());
        List<String> either = new ArrayList<>();
        if (!roles.isEmpty()) {
            either.add("EXISTS (SELECT 1 FROM employee_roles r WHERE r.tenant_id = e.tenant_id AND r.employee_id = e.id AND r.role IN (:roles))");
            params.put("roles", roles.stream().map(Role::code).toList());
        }
        if (!groups.isEmpty()) {
            either.add("EXISTS (SELECT 1 FROM group_members m WHERE m.tenant_id = e.tenant_id AND m.employee_id = e.id AND m.group_id IN (:groups))");
            params.put("groups", List.copyOf(groups));
        }
        sql.append(String.join(" OR ", either)).append(")");
        if (afterLogin != null) {
            sql.append(" AND login > :after");
            params.put("after", afterLogin);
        }
        sql.append(" ORDER BY login LIMIT :limit");
        params.put("limit", limit);
        return hydrate(tenant, jdbc.sql(sql.toString()).params(params).query(Employees::row).list());
    }

    public Optional<Employee> find(TenantId tenant, UUID id) {
        List<Row> rows = jdbc.sql("SELECT " + COLUMNS + " FROM employees WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value()).param("id", id).query(Employees::row).list();
        return hydrate(tenant, rows).stream().findFirst();
    }

    public long count(TenantId tenant) {
        return jdbc.sql("SELECT count(*) FROM employees WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(Long.class).single();
    }

    public boolean exists(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT count(*) FROM employees WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value()).param("id", id).query(Long.class).single() > 0;
    }

    public boolean loginTaken(String login) {
        // Deliberately platform-wide: a login names exactly one account on the whole platform.
        return jdbc.sql("SELECT count(*) FROM employees WHERE login = :login").param("login", login)
                .query(Long.class).single() > 0;
    }

    /**
     * The employee with this login in whichever tenant holds it. Only sign-in asks this, under
     * {@code TenantContext.asPlatform}.
     */
    public Optional<Employee> findByLoginAcrossTenants(String login) {
        List<Row> rows = jdbc.sql("SELECT " + COLUMNS + " FROM employees WHERE login = :login")
                .param("login", login.strip().toLowerCase(java.util.Locale.ROOT)).query(Employees::row).list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return hydrate(rows.getFirst().tenantId(), rows).stream().findFirst();
    }

    /** Display names by id, for showing supervisors and group members without one query each. */
    public Map<UUID, String> names(TenantId tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new HashMap<>();
        jdbc.sql("SELECT id, display_name FROM employees WHERE tenant_id = :tenant AND id IN (:ids)")
                .param("tenant", tenant.value()).param("ids", List.copyOf(ids))
                .query((rs, n) -> names.put(rs.getObject("id", UUID.class), rs.getString("display_name"))).list();
        return names;
    }

    void insert(Employee e) {
        jdbc.sql("INSERT INTO employees (" + COLUMNS + ") VALUES (:tenant, :id, :login, :name, :ext, :mobile, :sup, :status, :expires, :created, :updated)")
                .params(params(e)).update();
        replaceRoles(e);
        replaceGroups(e);
    }

    void update(Employee e) {
        jdbc.sql("""
                UPDATE employees SET login = :login, display_name = :name, extension = :ext, mobile = :mobile,
                  supervisor_id = :sup, status = :status, updated_at = :updated,
                  expiry_recorded_at = CASE WHEN expires_at IS NOT DISTINCT FROM :expires THEN expiry_recorded_at ELSE NULL END,
                  expires_at = :expires
                WHERE tenant_id = :tenant AND id = :id""").params(params(e)).update();
        replaceRoles(e);
        replaceGroups(e);
    }

    /** An account whose lifetime ran out and whose expiry is not yet recorded. */
    record Expired(TenantId tenantId, UUID id, String login, Instant expiresAt) {}

    /** Accounts past their expiry that the expiry job has not handled yet, across companies (the job serves all). */
    List<Expired> expiredUnrecorded(Instant now, int limit) {
        return jdbc.sql("""
                SELECT tenant_id, id, login, expires_at FROM employees
                WHERE expires_at <= :now AND expiry_recorded_at IS NULL ORDER BY expires_at LIMIT :limit""")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("limit", limit)
                .query((rs, n) -> new Expired(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Marks the expiry recorded, once: false if another node or run got there first, or the lifetime was changed meanwhile. */
    boolean recordExpiry(Expired e, Instant now) {
        return jdbc.sql("""
                UPDATE employees SET expiry_recorded_at = :now
                WHERE tenant_id = :t AND id = :id AND expiry_recorded_at IS NULL AND expires_at = :expires""")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("t", e.tenantId().value()).param("id", e.id())
                .param("expires", OffsetDateTime.ofInstant(e.expiresAt(), ZoneOffset.UTC)).update() == 1;
    }

    int clearSupervisor(TenantId tenant, UUID supervisorId) {
        return jdbc.sql("UPDATE employees SET supervisor_id = NULL WHERE tenant_id = :tenant AND supervisor_id = :sup")
                .param("tenant", tenant.value()).param("sup", supervisorId).update();
    }

    void delete(TenantId tenant, UUID id) {
        jdbc.sql("DELETE FROM employees WHERE tenant_id = :tenant AND id = :id").param("tenant", tenant.value()).param("id", id).update();
    }

    /**
     * Everyone who reports to {@code supervisor}, directly or through any number of levels (one recursive
     * query; reporting lines have no cycles, and UNION stops at a repeat regardless).
     */
    public Set<UUID> subordinates(TenantId tenant, UUID supervisor) {
        return new HashSet<>(jdbc.sql("""
                WITH RECURSIVE sub(id) AS (
                    SELECT id FROM employees WHERE tenant_id = :tenant AND supervisor_id = :boss
                    UNION
                    SELECT e.id FROM employees e JOIN sub ON e.supervisor_id = sub.id WHERE e.tenant_id = :tenant)
                SELECT id FROM sub""")
                .param("tenant", tenant.value()).param("boss", supervisor).query(UUID.class).list());
    }

    /** The members of any of {@code groups}. */
    public Set<UUID> membersOf(TenantId tenant, Set<UUID> groups) {
        if (groups.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT DISTINCT employee_id FROM group_members WHERE tenant_id = :tenant AND group_id IN (:groups)")
                .param("tenant", tenant.value()).param("groups", List.copyOf(groups)).query(UUID.class).list());
    }

    /** Whether {@code candidate} is {@code employee} or reports to them, directly or not: a cycle guard. */
    boolean reportsTo(TenantId tenant, UUID candidate, UUID employee) {
        UUID current = candidate;
        Set<UUID> seen = new HashSet<>();
        while (current != null && seen.add(current)) {
            if (current.equals(employee)) {
                return true;
            }
            current = jdbc.sql("SELECT supervisor_id FROM employees WHERE tenant_id = :tenant AND id = :id")
                    .param("tenant", tenant.value()).param("id", current)
                    .query((rs, n) -> rs.getObject(1, UUID.class)).optional().orElse(null);
        }
        return false;
    }

    private void replaceRoles(Employee e) {
        jdbc.sql("DELETE FROM employee_roles WHERE tenant_id = :tenant AND employee_id = :id")
                .param("tenant", e.tenantId().value()).param("id", e.id()).update();
        for (Role role : e.roles()) {
            jdbc.sql("INSERT INTO employee_roles (tenant_id, employee_id, role) VALUES (:tenant, :id, :role)")
                    .param("tenant", e.tenantId().value()).param("id", e.id()).param("role", role.code()).update();
        }
    }

    private void replaceGroups(Employee e) {
        jdbc.sql("DELETE FROM group_members WHERE tenant_id = :tenant AND employee_id = :id")
                .param("tenant", e.tenantId().value()).param("id", e.id()).update();
        for (UUID group : e.groupIds()) {
            jdbc.sql("INSERT INTO group_members (tenant_id, group_id, employee_id) VALUES (:tenant, :group, :id)")
                    .param("tenant", e.tenantId().value()).param("group", group).param("id", e.id()).update();
        }
    }

    private static Map<String, Object> params(Employee e) {
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", e.tenantId().value());
        p.put("id", e.id());
        p.put("login", e.login());
        p.put("name", e.displayName());
        p.put("ext", e.extension());
        p.put("mobile", e.mobile());
        p.put("sup", e.supervisorId());
        p.put("status", e.status().name());
        p.put("expires", e.expiresAt() == null ? null : java.time.OffsetDateTime.ofInstant(e.expiresAt(), java.time.ZoneOffset.UTC));
        p.put("created", OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC));
        p.put("updated", OffsetDateTime.ofInstant(e.updatedAt(), ZoneOffset.UTC));
        return p;
    }

    private List<Employee> hydrate(TenantId tenant, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        // The page's ids as one array joined to the tables: H2 answers "tenant_id = ? AND employee_id IN (?, ?, ...)" by reading
        // every row of the company (7 ms for 10,000), a join from the array by primary-key lookups (0.2 ms). PostgreSQL
        // plans both well.
        UUID[] ids = rows.stream().map(Row::id).toArray(UUID[]::new);
        Map<UUID, Set<Role>> roles = new HashMap<>();
        jdbc.sql("SELECT r.employee_id, r.role FROM UNNEST(CAST(? AS UUID ARRAY)) AS page(id) "
                        + "JOIN employee_roles r ON r.tenant_id = ? AND r.employee_id = page.id")
                .param(1, ids).param(2, tenant.value())
                .query((rs, n) -> roles.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(new Role(rs.getString(2))))
                .list();
        Map<UUID, Set<UUID>> groups = new HashMap<>();
        jdbc.sql("SELECT m.employee_id, m.group_id FROM UNNEST(CAST(? AS UUID ARRAY)) AS page(id) "
                        + "JOIN group_members m ON m.tenant_id = ? AND m.employee_id = page.id")
                .param(1, ids).param(2, tenant.value())
                .query((rs, n) -> groups.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getObject(2, UUID.class)))
                .list();
        List<Employee> result = new ArrayList<>(rows.size());
        for (Row r : rows) {
            result.add(new Employee(r.tenantId(), r.id(), r.login(), r.displayName(), r.extension(), r.mobile(),
                    groups.getOrDefault(r.id(), Set.of()), r.supervisorId(), r.status(), r.expiresAt(),
                    roles.getOrDefault(r.id(), Set.of()), r.createdAt(), r.updatedAt()));
        }
        return result;
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private record Row(TenantId tenantId, UUID id, String login, String displayName, @Nullable String extension,
            @Nullable String mobile, @Nullable UUID supervisorId, EmployeeStatus status, @Nullable Instant expiresAt,
            Instant createdAt, Instant updatedAt) {}

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class),
                rs.getString("login"), rs.getString("display_name"), rs.getString("extension"), rs.getString("mobile"),
                rs.getObject("supervisor_id", UUID.class), EmployeeStatus.valueOf(rs.getString("status")),
                rs.getObject("expires_at", java.time.OffsetDateTime.class) == null ? null : rs.getObject("expires_at", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
