package dev.fortel.supportaccess;

import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * Support access on PostgreSQL with row-level security: the agent's side writes the company's rows in the platform
 * context, the company decides in its own, and the provider's journal copy is written in the provider's.
 */
@FortelPostgresServerTest
class SupportAccessOnPostgresTests extends SupportAccessScenarios {

    @Override
    void endNow(UUID company, String grant) throws Exception {
        try (Connection c = PostgresTestDatabase.get().ownerConnection();
                PreparedStatement st = c.prepareStatement("UPDATE support_access SET expires_at = now() - interval '1 second' WHERE tenant_id = ? AND id = ?")) {
            st.setObject(1, company);
            st.setObject(2, UUID.fromString(grant));
            st.executeUpdate();
        }
    }
}
