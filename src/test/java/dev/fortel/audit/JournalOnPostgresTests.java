package dev.fortel.audit;

import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The journal's group commit and batch appends on PostgreSQL: array parameters, row-level security, row locks. */
@FortelPostgresServerTest
class JournalOnPostgresTests extends ServerTestSupport {

    @Autowired
    Journal journal;

    @Autowired
    JournalVerifier verifier;

    @Autowired
    JournalEntries entries;

    @Test
    void concurrentAppendsOutsideTransactionsShareCommitsAndEveryChainStaysWhole() throws Exception {
        new JournalBursts(fixtures, journal, verifier, entries).concurrentAppendsShareCommitsAndEveryChainStaysWhole();
    }

    @Test
    void aBatchAppendedTogetherIsOneRunOfTheChainInOrder() {
        new JournalBursts(fixtures, journal, verifier, entries).aBatchIsOneRunOfTheChainInOrder();
    }
}
