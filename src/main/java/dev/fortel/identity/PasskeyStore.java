package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Repository;

/**
 * The credentials behind Spring Security's WebAuthn relying-party operations ({@link PasskeyCeremonies}), in
 * Fortel's tables instead of Spring's: every passkey belongs to a company and an employee and is one of their
 * second factors ({@code second_factors} row, method {@code PASSKEY}), so listing, removal, an
 * administrator's reset, the company's allowed methods and row-level security treat it like any other.
 *
 * <p>Lookups are platform-wide: a passkey sign-in names its credential before any company is known, as a
 * password sign-in names its login. The user entity's name is the login, which is unique across companies.
 */
@Repository
class PasskeyStore implements UserCredentialRepository {

    /** Who a credential belongs to. */
    record Owner(TenantId tenantId, UUID employeeId, UUID factorId) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    PasskeyStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // The credentials.

    /**
     * A new credential becomes a confirmed second factor of its user's employee, labelled as registered; a known
     * one (after a sign-in) gets its new signature counter and last use. Runs in the caller's transaction.
     */
    @Override
    public void save(CredentialRecord record) {
        String id = record.getCredentialId().toBase64UrlString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        TenantContext.asPlatform(() -> {
            Optional<Owner> owner = owner(record.getCredentialId());
            if (owner.isPresent()) {
                jdbc.sql("UPDATE passkeys SET signature_count = :c, backup_state = :bs, last_used_at = :now WHERE credential_id = :id")
                        .param("c", record.getSignatureCount()).param("bs", record.isBackupState()).param("now", ts(now)).param("id", id).update();
                jdbc.sql("UPDATE second_factors SET last_used_at = :now WHERE id = :f").param("now", ts(now)).param("f", owner.get().factorId())
                        .update();
                return null;
            }
            String handle = record.getUserEntityUserId().toBase64UrlString();
            var user = jdbc.sql("SELECT tenant_id, employee_id FROM passkey_users WHERE user_handle = :h").param("h", handle)
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).optional()
                    .orElseThrow(() -> new IllegalStateException("a passkey registered for an unknown user handle"));
            UUID factor = UUID.randomUUID();
            String label = record.getLabel() == null || record.getLabel().isBlank() ? "Passkey" : record.getLabel();
            jdbc.sql("""
                    INSERT INTO second_factors (id, tenant_id, employee_id, method, label, created_at, confirmed_at, last_used_at)
                    VALUES (:id, :t, :e, 'PASSKEY', :label, :now, :now, :now)""")
                    .param("id", factor).param("t", user[0]).param("e", user[1]).param("label", label).param("now", ts(now)).update();
            jdbc.sql("""
                    INSERT INTO passkeys (credential_id, tenant_id, employee_id, factor_id, user_handle, public_key, signature_count,
                        uv_initialized, backup_eligible, backup_state, transports, attestation_object, attestation_client_data, created_at)
                    VALUES (:id, :t, :e, :f, :h, :pk, :c, :uv, :be, :bs, :tr, :ao, :cd, :now)""")
                    .param("id", id).param("t", user[0]).param("e", user[1]).param("f", factor).param("h", handle)
                    .param("pk", new Bytes(record.getPublicKey().getBytes()).toBase64UrlString()).param("c", record.getSignatureCount())
                    .param("uv", record.isUvInitialized()).param("be", record.isBackupEligible()).param("bs", record.isBackupState())
                    .param("tr", record.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(",")))
                    .param("ao", b64(record.getAttestationObject())).param("cd", b64(record.getAttestationClientDataJSON()))
                    .param("now", ts(now)).update();
            return null;
        });
    }

    @Override
    public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT p.*, f.label FROM passkeys p JOIN second_factors f ON f.id = p.factor_id "
                        + "WHERE p.credential_id = :id").param("id", credentialId.toBase64UrlString()).query((rs, n) -> record(rs)).optional()
                .orElse(null));
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT p.*, f.label FROM passkeys p JOIN second_factors f ON f.id = p.factor_id "
                        + "WHERE p.user_handle = :h ORDER BY p.created_at").param("h", userId.toBase64UrlString())
                .query((rs, n) -> record(rs)).list());
    }

    @Override
    public void delete(Bytes credentialId) {
        TenantContext.asPlatform(() -> jdbc.sql("DELETE FROM second_factors WHERE id IN (SELECT factor_id FROM passkeys WHERE credential_id = :id)")
                .param("id", credentialId.toBase64UrlString()).update());
    }

    Optional<Owner> owner(Bytes credentialId) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT tenant_id, employee_id, factor_id FROM passkeys WHERE credential_id = :id")
                .param("id", credentialId.toBase64UrlString())
                .query((rs, n) -> new Owner(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)))
                .optional());
    }

    private static CredentialRecord record(ResultSet rs) throws SQLException {
        String transports = rs.getString("transports");
        Set<AuthenticatorTransport> set = transports == null || transports.isBlank() ? Set.of()
                : Arrays.stream(transports.split(",")).map(AuthenticatorTransport::valueOf).collect(Collectors.toUnmodifiableSet());
        OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
        return ImmutableCredentialRecord.builder().credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(Bytes.fromBase64(rs.getString("credential_id"))).userEntityUserId(Bytes.fromBase64(rs.getString("user_handle")))
                .publicKey(new ImmutablePublicKeyCose(Bytes.fromBase64(rs.getString("public_key")).getBytes()))
                .signatureCount(rs.getLong("signature_count")).uvInitialized(rs.getBoolean("uv_initialized"))
                .backupEligible(rs.getBoolean("backup_eligible")).backupState(rs.getBoolean("backup_state")).transports(set)
                .attestationObject(bytes(rs.getString("attestation_object"))).attestationClientDataJSON(bytes(rs.getString("attestation_client_data")))
                .created(rs.getObject("created_at", OffsetDateTime.class).toInstant()).lastUsed(lastUsed == null ? null : lastUsed.toInstant())
                .label(rs.getString("label")).build();
    }

    private static @Nullable Bytes bytes(@Nullable String base64url) {
        return base64url == null ? null : Bytes.fromBase64(base64url);
    }

    private static @Nullable String b64(@Nullable Bytes b) {
        return b == null ? null : b.toBase64UrlString();
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
