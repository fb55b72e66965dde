package dev.fortel.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Plain SQL through the application's own data source, for tests that check what row-level security lets the
 * application see and change (run inside {@code TenantContext.as(..)} to act as one company).
 */
public final class SqlProbe {

    private final DataSource dataSource;

    public SqlProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first column of the first row, as text. */
    public String query(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** How many rows the statement changed. */
    public int update(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
