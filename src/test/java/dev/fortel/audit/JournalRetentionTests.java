package dev.fortel.audit;

import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention on the embedded database, where expired events are deleted per company. */
@FortelServerTest
class JournalRetentionTests extends ServerTestSupport {

    @Autowired
    JournalRetention retention;

    @Autowired
    JournalVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @Test
    void expiredEventsAreRemovedAndTheChainVerifiesFromItsSignedHorizonWhichCannotBeForged() {
        new JournalExpiry(fixtures, client, retention, verifier, (sql, args) -> jdbc.sql(sql).params(args).update())
                .expiredEventsGoAndTheChainVerifiesFromItsSignedHorizon();
    }
}
