package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.PostgresTestDatabase;
import dev.fortel.support.ServerTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention on PostgreSQL: the journal is partitioned by retention class and month, an expired month is dropped whole
 * (no DELETE), the application role cannot drop a month that has not expired, and cannot delete journal rows at all.
 */
@FortelPostgresServerTest
class JournalRetentionOnPostgresTests extends ServerTestSupport {

    @Autowired
    JournalRetention retention;

    @Autowired
    JournalVerifier verifier;

    private final PostgresTestDatabase database = PostgresTestDatabase.get();

    @Test
    void anExpiredMonthIsDroppedWholeAndTheChainVerifiesFromItsSignedHorizon() throws Exception {
        String agedMonth = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusMonths(8).withDayOfMonth(1).toString().substring(0, 7).replace("-", "");
        new JournalExpiry(fixtures, client, retention, verifier, this::asOwner).expiredEventsGoAndTheChainVerifiesFromItsSignedHorizon();
        try (Connection owner = database.ownerConnection(); Statement st = owner.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('journal_r3_" + agedMonth + "') IS NULL, to_regclass('journal_r3_default') IS NOT NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the aged month's partition was dropped").isTrue();
                assertThat(rs.getBoolean(2)).isTrue();
            }
            try (ResultSet rs = st.executeQuery("SELECT n_tup_del FROM pg_stat_user_tables WHERE relname LIKE 'journal_r3_2%' AND n_tup_del > 0")) {
                assertThat(rs.next()).as("no month partition had rows deleted").isFalse();
            }
        }
        try (Connection app = database.ownerConnection(); Statement st = app.createStatement()) {
            st.execute("SET ROLE " + database.appRole());
            st.execute("SELECT set_config('fortel.tenant_id', '*', false)");
            String thisMonth = "date_trunc('month', now())::date";
            assertThatThrownBy(() -> st.execute("SELECT fortel_journal_drop_month(3, " + thisMonth + ")"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("have not expired");
            assertThatThrownBy(() -> st.execute("DELETE FROM journal")).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("DROP TABLE journal_r3_default")).isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
        }
    }

    private int asOwner(String sql, Object... args) {
        try (Connection owner = database.ownerConnection(); PreparedStatement ps = owner.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
