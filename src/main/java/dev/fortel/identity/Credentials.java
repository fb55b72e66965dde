package dev.fortel.identity;

import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Password hashes, one per employee that has chosen a password. */
@Repository
class Credentials {

    private final JdbcClient jdbc;

    Credentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> hash(TenantId tenant, UUID employee) {
        return jdbc.sql("SELECT password_hash FROM credentials WHERE tenant_id = :t AND employee_id = :e")
                .param("t", tenant.value()).param("e", employee).query(String.class).optional();
    }

    /**
     * Sets a new hash; the one it replaces moves to the history (the newest {@link SignInPolicy#HISTORY_CEILING}
     * are kept, the most any policy can ask to compare).
     */
    void set(TenantId tenant, UUID employee, String hash, Instant at) {
        jdbc.sql("""
                INSERT INTO password_history (tenant_id, employee_id, password_hash, changed_at)
                SELECT tenant_id, employee_id, password_hash, changed_at FROM credentials WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant.value()).param("e", employee).update();
        jdbc.sql("""
                DELETE FROM password_history WHERE tenant_id = :t AND employee_id = :e AND changed_at < (
                    SELECT MIN(changed_at) FROM (SELECT changed_at FROM password_history WHERE tenant_id = :t AND employee_id = :e
                                                 ORDER BY changed_at DESC LIMIT :keep) newest)""")
                .param("t", tenant.value()).param("e", employee).param("keep", SignInPolicy.HISTORY_CEILING).update();
        int updated = jdbc.sql("UPDATE credentials SET password_hash = :h, changed_at = :at WHERE tenant_id = :t AND employee_id = :e")
                .param("h", hash).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("t", tenant.value()).param("e", employee).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO credentials (tenant_id, employee_id, password_hash, changed_at) VALUES (:t, :e, :h, :at)")
                    .param("h", hash).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .param("t", tenant.value()).param("e", employee).update();
        }
    }

    /** When the current password was set. */
    Optional<Instant> changedAt(TenantId tenant, UUID employee) {
        return TenantContext.as(tenant, () -> jdbc.sql("SELECT changed_at FROM credentials WHERE tenant_id = :t AND employee_id = :e")
                .param("t", tenant.value()).param("e", employee).query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant));
    }

    /** The current hash and the newest earlier ones, {@code count} in all, newest first. */
    List<String> recentHashes(TenantId tenant, UUID employee, int count) {
        return TenantContext.as(tenant, () -> recentHashesInTenant(tenant, employee, count));
    }

    private List<String> recentHashesInTenant(TenantId tenant, UUID employee, int count) {
        List<String> out = new ArrayList<>(hash(tenant, employee).stream().toList());
        if (count > out.size()) {
            out.addAll(jdbc.sql("""
                    SELECT password_hash FROM password_history WHERE tenant_id = :t AND employee_id = :e
                    ORDER BY changed_at DESC LIMIT :n""")
                    .param("t", tenant.value()).param("e", employee).param("n", count - out.size()).query(String.class).list());
        }
        return out;
    }

    /**
     * Removes the password (an administrator's reset); returns whether there was one. The hash moves to the
     * history first, so the password the reset took away cannot simply be chosen again.
     */
    boolean delete(TenantId tenant, UUID employee) {
        jdbc.sql("""
                INSERT INTO password_history (tenant_id, employee_id, password_hash, changed_at)
                SELECT tenant_id, employee_id, password_hash, changed_at FROM credentials WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant.value()).param("e", employee).update();
        return jdbc.sql("DELETE FROM credentials WHERE tenant_id = :t AND employee_id = :e")
                .param("t", tenant.value()).param("e", employee).update() > 0;
    }

    /** Replaces the hash only if it is still {@code expected}: a concurrent password change wins over a rehash. */
    void upgrade(TenantId tenant, UUID employee, String expected, String upgraded) {
        jdbc.sql("UPDATE credentials SET password_hash = :h WHERE tenant_id = :t AND employee_id = :e AND password_hash = :old")
                .param("h", upgraded).param("old", expected).param("t", tenant.value()).param("e", employee).update();
    }
}
