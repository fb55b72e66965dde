package dev.fortel.supportaccess;

import dev.fortel.support.FortelServerTest;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Support access on the embedded database. */
@FortelServerTest
class SupportAccessTests extends SupportAccessScenarios {

    @Autowired
    JdbcClient jdbc;

    @Override
    void endNow(UUID company, String grant) {
        jdbc.sql("UPDATE support_access SET expires_at = :past WHERE tenant_id = :t AND id = :id")
                .param("past", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1)).param("t", company).param("id", UUID.fromString(grant))
                .update();
    }
}
