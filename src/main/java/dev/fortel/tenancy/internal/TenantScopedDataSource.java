package dev.fortel.tenancy.internal;

import dev.fortel.tenancy.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out PostgreSQL connections that act as the non-owner application role and carry the current
 * tenant in the session setting {@code fortel.tenant_id}, which every row-level security policy reads.
 *
 * <p>Both settings are written at every checkout, in one round trip, so a pooled connection can never
 * carry the previous borrower's tenant into this one. A transaction holds one connection from begin to
 * commit, so the setting is fixed for the whole transaction (the effect of {@code SET LOCAL}) and also
 * covers statements outside a transaction.
 */
public final class TenantScopedDataSource extends DelegatingDataSource {

    private final String appRole;

    public TenantScopedDataSource(DataSource target, String appRole) {
        super(target);
        this.appRole = appRole;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scope(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scope(super.getConnection(username, password));
    }

    private Connection scope(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT set_config('role', ?, false), set_config('fortel.tenant_id', ?, false)")) {
            st.setString(1, appRole);
            st.setString(2, TenantContext.databaseSetting());
            st.execute();
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
