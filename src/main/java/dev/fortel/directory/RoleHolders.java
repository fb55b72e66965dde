package dev.fortel.directory;

import dev.fortel.access.OrgChart;
import dev.fortel.access.Role;
import dev.fortel.access.RoleAssignments;
import dev.fortel.tenancy.TenantId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The directory's answers to the access model: who holds a role, which groups exist. */
@Component
class RoleHolders implements RoleAssignments {

    private final JdbcClient jdbc;
    private final Groups groups;

    RoleHolders(JdbcClient jdbc, Groups groups) {
        this.jdbc = jdbc;
        this.groups = groups;
    }

    @Override
    public Usage usage(TenantId tenant, Role role) {
        long employees = jdbc.sql("SELECT count(*) FROM employee_roles WHERE tenant_id = :tenant AND role = :role")
                .param("tenant", tenant.value()).param("role", role.code()).query(Long.class).single();
        long carrying = jdbc.sql("SELECT count(*) FROM group_roles WHERE tenant_id = :tenant AND role = :role")
                .param("tenant", tenant.value()).param("role", role.code()).query(Long.class).single();
        return new Usage(Math.toIntExact(employees), Math.toIntExact(carrying));
    }

    @Override
    public java.util.SequencedMap<UUID, String> groupNames(TenantId tenant) {
        java.util.LinkedHashMap<UUID, String> out = new java.util.LinkedHashMap<>();
        groups.all(tenant).forEach(g -> out.put(g.id(), g.name()));
        return out;
    }

    @Override
    public OrgChart orgChart(TenantId tenant) {
        java.util.Map<UUID, UUID> supervisors = new java.util.HashMap<>();
        Set<UUID> everyone = new HashSet<>();
        jdbc.sql("SELECT id, supervisor_id FROM employees WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    everyone.add(id);
                    UUID supervisor = rs.getObject(2, UUID.class);
                    if (supervisor != null) {
                        supervisors.put(id, supervisor);
                    }
                });
        java.util.Map<UUID, Set<UUID>> groupsOf = new java.util.HashMap<>();
        jdbc.sql("SELECT employee_id, group_id FROM group_members WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(rs -> {
                    groupsOf.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getObject(2, UUID.class));
                });
        Set<UUID> groupIds = new HashSet<>(jdbc.sql("SELECT id FROM employee_groups WHERE tenant_id = :tenant").param("tenant", tenant.value())
                .query(UUID.class).list());
        return new OrgChart(supervisors, groupsOf, everyone, groupIds);
    }

    @Override
    public Set<UUID> existingGroups(TenantId tenant, Set<UUID> ids) {
        return new HashSet<>(groups.existing(tenant, ids));
    }
}
