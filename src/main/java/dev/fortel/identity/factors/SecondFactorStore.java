package dev.fortel.identity.factors;

import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Second factors and recovery codes in the database. Every statement names its tenant and employee, so a
 * factor id from another company or person finds nothing. Runs in the caller's transaction and tenant.
 */
@Repository
public class SecondFactorStore {

    private final JdbcClient jdbc;

    SecondFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<EnrolledFactor> list(TenantId tenant, UUID employee) {
        return jdbc.sql("""
                SELECT id, method, label, destination, created_at, confirmed_at, last_used_at FROM second_factors
                WHERE tenant_id = :t AND employee_id = :e ORDER BY created_at, id""")
                .param("t", tenant.value()).param("e", employee).query((rs, n) -> factor(rs)).list();
    }

    public Optional<EnrolledFactor> find(TenantId tenant, UUID employee, UUID id) {
        return jdbc.sql("""
                SELECT id, method, label, destination, created_at, confirmed_at, last_used_at FROM second_factors
                WHERE tenant_id = :t AND employee_id = :e AND id = :id""")
                .param("t", tenant.value()).param("e", employee).param("id", id).query((rs, n) -> factor(rs)).optional();
    }

    /** The sealed secret of a factor (TOTP), or empty when it has none or does not exist. */
    public Optional<String> sealedSecret(TenantId tenant, UUID employee, UUID id) {
        return jdbc.sql("SELECT secret_sealed FROM second_factors WHERE tenant_id = :t AND employee_id = :e AND id = :id")
                .param("t", tenant.value()).param("e", employee).param("id", id).query(String.class).optional();
    }

    public void add(TenantId tenant, UUID employee, UUID id, FactorMethod method, String label, @Nullable String sealedSecret,
            @Nullable String destination, Instant now) {
        jdbc.sql("""
                INSERT INTO second_factors (id, tenant_id, employee_id, method, label, secret_sealed, destination, created_at)
                VALUES (:id, :t, :e, :m, :label, :secret, :destination, :now)""")
                .param("id", id).param("t", tenant.value()).param("e", employee).param("m", method.name()).param("label", label)
                .param("secret", sealedSecret).param("destination", destination).param("now", ts(now)).update();
    }

    /** A code sent for a factor, as stored: its value sealed. */
    public record SentCode(UUID id, UUID factorId, String sealed, Instant createdAt, Instant expiresAt, int attempts, @Nullable Instant usedAt) {

        @Override
        public String toString() {
            return "SentCode[" + id + "]";
        }
    }

    /** Stores a new code for a factor; the factor's earlier codes stop working (they are deleted). */
    public void addCode(TenantId tenant, UUID employee, UUID factorId, UUID id, String sealed, Instant now, Instant expiresAt) {
        jdbc.sql("DELETE FROM second_factor_codes WHERE tenant_id = :t AND employee_id = :e AND factor_id = :f")
                .param("t", tenant.value()).param("e", employee).param("f", factorId).update();
        jdbc.sql("""
                INSERT INTO second_factor_codes (id, tenant_id, employee_id, factor_id, code_sealed, created_at, expires_at)
                VALUES (:id, :t, :e, :f, :code, :now, :exp)""")
                .param("id", id).param("t", tenant.value()).param("e", employee).param("f", factorId).param("code", sealed)
                .param("now", ts(now)).param("exp", ts(expiresAt)).update();
    }

    public void deleteCode(TenantId tenant, UUID employee, UUID id) {
        jdbc.sql("DELETE FROM second_factor_codes WHERE tenant_id = :t AND employee_id = :e AND id = :id")
                .param("t", tenant.value()).param("e", employee).param("id", id).update();
    }

    /** The factor's current code, if one was sent. */
    public Optional<SentCode> currentCode(TenantId tenant, UUID employee, UUID factorId) {
        return jdbc.sql("""
                SELECT id, factor_id, code_sealed, created_at, expires_at, attempts, used_at FROM second_factor_codes
                WHERE tenant_id = :t AND employee_id = :e AND factor_id = :f ORDER BY created_at DESC""")
                .param("t", tenant.value()).param("e", employee).param("f", factorId)
                .query((rs, n) -> new SentCode(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getInt(6),
                        instant(rs.getObject(7, OffsetDateTime.class))))
                .list().stream().findFirst();
    }

    /** When codes were sent to the employee since {@code since}, newest first: for the sending limits. */
    public List<Instant> codesSentSince(TenantId tenant, UUID employee, Instant since) {
        return jdbc.sql("SELECT created_at FROM second_factor_codes WHERE tenant_id = :t AND employee_id = :e AND created_at > :since "
                        + "ORDER BY created_at DESC")
                .param("t", tenant.value()).param("e", employee).param("since", ts(since))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
    }

    /** Counts one attempt at a code: true while it is within {@code max} attempts (the conditional update counts atomically). */
    public boolean attemptCode(UUID id, int max) {
        return jdbc.sql("UPDATE second_factor_codes SET attempts = attempts + 1 WHERE id = :id AND attempts < :max AND used_at IS NULL")
                .param("id", id).param("max", max).update() == 1;
    }

    /** Uses a code once: true only for the request that marks it used. */
    public boolean useCode(UUID id, Instant now) {
        return jdbc.sql("UPDATE second_factor_codes SET used_at = :now WHERE id = :id AND used_at IS NULL")
                .param("now", ts(now)).param("id", id).update() == 1;
    }

    /** Marks a factor used now (a sent code of it was accepted). */
    public void used(TenantId tenant, UUID employee, UUID id, Instant now) {
        jdbc.sql("UPDATE second_factors SET last_used_at = :now WHERE tenant_id = :t AND employee_id = :e AND id = :id")
                .param("now", ts(now)).param("t", tenant.value()).param("e", employee).param("id", id).update();
    }

    /** Completes the enrollment of a factor whose codes are sent (no time step to record). */
    public boolean confirmSent(TenantId tenant, UUID employee, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE second_factors SET confirmed_at = :now, last_used_at = :now
                WHERE tenant_id = :t AND employee_id = :e AND id = :id AND confirmed_at IS NULL""")
                .param("now", ts(now)).param("t", tenant.value()).param("e", employee).param("id", id).update() == 1;
    }

    /** Marks an enrollment complete at the step its first code matched. */
    public boolean confirm(TenantId tenant, UUID employee, UUID id, long step, Instant now) {
        return jdbc.sql("""
                UPDATE second_factors SET confirmed_at = :now, last_step = :step, last_used_at = :now
                WHERE tenant_id = :t AND employee_id = :e AND id = :id AND confirmed_at IS NULL""")
                .param("now", ts(now)).param("step", step).param("t", tenant.value()).param("e", employee).param("id", id).update() == 1;
    }

    /**
     * Records that a TOTP code for {@code step} was used, unless that step or a later one already was: the
     * conditional update is the replay check, atomic even when two requests race with the same code.
     */
    public boolean useStep(TenantId tenant, UUID employee, UUID id, long step, Instant now) {
        return jdbc.sql("""
                UPDATE second_factors SET last_step = :step, last_used_at = :now
                WHERE tenant_id = :t AND employee_id = :e AND id = :id AND confirmed_at IS NOT NULL
                  AND (last_step IS NULL OR last_step < :step)""")
                .param("step", step).param("now", ts(now)).param("t", tenant.value()).param("e", employee).param("id", id).update() == 1;
    }

    public boolean delete(TenantId tenant, UUID employee, UUID id) {
        return jdbc.sql("DELETE FROM second_factors WHERE tenant_id = :t AND employee_id = :e AND id = :id")
                .param("t", tenant.value()).param("e", employee).param("id", id).update() == 1;
    }

    /** Enrollments that never got their first code and are older than {@code before}. */
    public int deleteUnconfirmed(TenantId tenant, UUID employee, Instant before) {
        return jdbc.sql("DELETE FROM second_factors WHERE tenant_id = :t AND employee_id = :e AND confirmed_at IS NULL AND created_at < :before")
                .param("t", tenant.value()).param("e", employee).param("before", ts(before)).update();
    }

    /** Removes every factor and recovery code of an employee; returns how many factors there were. */
    public int deleteAll(TenantId tenant, UUID employee) {
        jdbc.sql("DELETE FROM second_factor_codes WHERE tenant_id = :t AND employee_id = :e").param("t", tenant.value()).param("e", employee)
                .update();
        jdbc.sql("DELETE FROM recovery_codes WHERE tenant_id = :t AND employee_id = :e").param("t", tenant.value()).param("e", employee).update();
        return jdbc.sql("DELETE FROM second_factors WHERE tenant_id = :t AND employee_id = :e")
                .param("t", tenant.value()).param("e", employee).update();
    }

    /** Replaces the employee's recovery codes with new ones (given as hashes). */
    public void replaceRecoveryCodes(TenantId tenant, UUID employee, List<String> hashes, Instant now) {
        jdbc.sql("DELETE FROM recovery_codes WHERE tenant_id = :t AND employee_id = :e").param("t", tenant.value()).param("e", employee).update();
        for (String hash : hashes) {
            jdbc.sql("INSERT INTO recovery_codes (tenant_id, employee_id, code_hash, created_at) VALUES (:t, :e, :h, :now)")
                    .param("t", tenant.value()).param("e", employee).param("h", hash).param("now", ts(now)).update();
        }
    }

    /** Uses a recovery code once: true only for the request that marks it used. */
    public boolean useRecoveryCode(TenantId tenant, UUID employee, String hash, Instant now) {
        return jdbc.sql("""
                UPDATE recovery_codes SET used_at = :now
                WHERE tenant_id = :t AND employee_id = :e AND code_hash = :h AND used_at IS NULL""")
                .param("now", ts(now)).param("t", tenant.value()).param("e", employee).param("h", hash).update() == 1;
    }

    public int unusedRecoveryCodes(TenantId tenant, UUID employee) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_codes WHERE tenant_id = :t AND employee_id = :e AND used_at IS NULL")
                .param("t", tenant.value()).param("e", employee).query(Integer.class).single();
    }

    private static EnrolledFactor factor(ResultSet rs) throws SQLException {
        return new EnrolledFactor(rs.getObject("id", UUID.class), FactorMethod.valueOf(rs.getString("method")), rs.getString("label"),
                rs.getString("destination"), rs.getObject("created_at", OffsetDateTime.class).toInstant(), instant(rs.getObject("confirmed_at", OffsetDateTime.class)),
                instant(rs.getObject("last_used_at", OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
