package dev.fortel.identity;

import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    void set(TenantId tenant, UUID employee, String hash, Instant at) {
        int updated = jdbc.sql("UPDATE credentials SET password_hash = :h, changed_at = :at WHERE tenant_id = :t AND employee_id = :e")
                .param("h", hash).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("t", tenant.value()).param("e", employee).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO credentials (tenant_id, employee_id, password_hash, changed_at) VALUES (:t, :e, :h, :at)")
                    .param("h", hash).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .param("t", tenant.value()).param("e", employee).update();
        }
    }

    /** Removes the password (an administrator's reset); returns whether there was one. */
    boolean delete(TenantId tenant, UUID employee) {
        return jdbc.sql("DELETE FROM credentials WHERE tenant_id = :t AND employee_id = :e")
                .param("t", tenant.value()).param("e", employee).update() > 0;
    }

    /** Replaces the hash only if it is still {@code expected}: a concurrent password change wins over a rehash. */
    void upgrade(TenantId tenant, UUID employee, String expected, String upgraded) {
        jdbc.sql("UPDATE credentials SET password_hash = :h WHERE tenant_id = :t AND employee_id = :e AND password_hash = :old")
                .param("h", upgraded).param("old", expected).param("t", tenant.value()).param("e", employee).update();
    }
}
