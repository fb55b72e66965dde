package dev.fortel.identity.ldap;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import dev.fortel.access.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Employees linked to an entry of their company's directory, by the entry's stable id. */
@Repository
class LdapAccounts {

    /** One link, with what the last synchronization gave (so the next one replaces only that). */
    record Link(UUID employeeId, String externalId, String dn, @Nullable UUID groupId, Set<Role> roles) {}

    private final JdbcClient jdbc;

    LdapAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Link> byEmployee(TenantId tenant, UUID employee) {
        return jdbc.sql("SELECT * FROM ldap_accounts WHERE tenant_id = :t AND employee_id = :e").param("t", tenant.value()).param("e", employee)
                .query((rs, n) -> map(rs)).optional();
    }

    List<Link> all(TenantId tenant) {
        return jdbc.sql("SELECT * FROM ldap_accounts WHERE tenant_id = :t").param("t", tenant.value()).query((rs, n) -> map(rs)).list();
    }

    int count(TenantId tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM ldap_accounts WHERE tenant_id = :t").param("t", tenant.value()).query(Integer.class).single();
    }

    void save(TenantId tenant, Link link, Instant at) {
        String roles = link.roles().stream().map(Role::code).sorted().collect(Collectors.joining(","));
        int updated = jdbc.sql("""
                UPDATE ldap_accounts SET external_id = :x, dn = :dn, group_id = :g, roles = :r, synced_at = :at
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("x", link.externalId()).param("dn", link.dn()).param("g", link.groupId()).param("r", roles)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("t", tenant.value()).param("e", link.employeeId()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO ldap_accounts (tenant_id, employee_id, external_id, dn, group_id, roles, synced_at)
                    VALUES (:t, :e, :x, :dn, :g, :r, :at)""")
                    .param("x", link.externalId()).param("dn", link.dn()).param("g", link.groupId()).param("r", roles)
                    .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("t", tenant.value()).param("e", link.employeeId()).update();
        }
    }

    /** Unlinks every employee of the company (the directory was removed); returns how many were linked. */
    int unlinkAll(TenantId tenant) {
        return jdbc.sql("DELETE FROM ldap_accounts WHERE tenant_id = :t").param("t", tenant.value()).update();
    }

    private static Link map(java.sql.ResultSet rs) throws java.sql.SQLException {
        String roles = rs.getString("roles");
        Set<Role> parsed = new TreeSet<>();
        if (roles != null && !roles.isBlank()) {
            Arrays.stream(roles.split(",")).map(Role::new).forEach(parsed::add);
        }
        return new Link(rs.getObject("employee_id", UUID.class), rs.getString("external_id"), rs.getString("dn"), rs.getObject("group_id", UUID.class),
                parsed);
    }
}
