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
 * The WebAuthn user entities of {@link PasskeyStore}: one random user handle per employee, named by the login
 * (unique across companies). Platform-wide lookups, as for credentials.
 */
@Repository
class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

    private final JdbcClient jdbc;
    private final Employees employees;

    PasskeyUsers(JdbcClient jdbc, Employees employees) {
        this.jdbc = jdbc;
        this.employees = employees;
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
        return TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT u.user_handle, e.login, e.display_name FROM passkey_users u
                        JOIN employees e ON e.tenant_id = u.tenant_id AND e.id = u.employee_id WHERE u.user_handle = :h""")
                .param("h", id.toBase64UrlString()).query((rs, n) -> user(rs)).optional().orElse(null));
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
        return TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT u.user_handle, e.login, e.display_name FROM passkey_users u
                        JOIN employees e ON e.tenant_id = u.tenant_id AND e.id = u.employee_id WHERE e.login = :l""")
                .param("l", username).query((rs, n) -> user(rs)).optional().orElse(null));
    }

    /** Keeps the handle of an employee; a name that is no employee's login (an anonymous request's) is not kept. */
    @Override
    public void save(PublicKeyCredentialUserEntity user) {
        Optional<Employee> employee = username(user.getName());
        if (employee.isEmpty()) {
            return;
        }
        Employee e = employee.get();
        TenantContext.asPlatform(() -> {
            boolean known = jdbc.sql("SELECT COUNT(*) FROM passkey_users WHERE tenant_id = :t AND employee_id = :e")
                    .param("t", e.tenantId().value()).param("e", e.id()).query(Integer.class).single() > 0;
            if (!known) {
                jdbc.sql("INSERT INTO passkey_users (tenant_id, employee_id, user_handle) VALUES (:t, :e, :h)")
                        .param("t", e.tenantId().value()).param("e", e.id()).param("h", user.getId().toBase64UrlString()).update();
            }
            return null;
        });
    }

    @Override
    public void delete(Bytes id) {
        TenantContext.asPlatform(() -> jdbc.sql("DELETE FROM passkey_users WHERE user_handle = :h").param("h", id.toBase64UrlString()).update());
    }

    private Optional<Employee> username(String login) {
        return login.length() > 254 ? Optional.empty() : TenantContext.asPlatform(() -> employees.findByLoginAcrossTenants(login));
    }

    private static PublicKeyCredentialUserEntity user(ResultSet rs) throws SQLException {
        return ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.fromBase64(rs.getString(1))).name(rs.getString(2))
                .displayName(rs.getString(3)).build();
    }
}
