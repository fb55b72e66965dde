package dev.fortel.audit;

import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import dev.fortel.platform.LocalizedMessage;
import org.springframework.stereotype.Component;

/**
 * Recomputes a chain from its first event and names the first link that does not hold: an edited event
 * (its hash no longer matches), a removed or reordered one (a sequence gap or a broken previous-hash
 * link), or events cut off the end (the chain head remembers the last sequence and hash). Signed checkpoints
 * ({@link JournalCheckpoints}) catch what a consistent rewrite would hide: an event whose hash is not the one
 * signed for its sequence, a chain shorter than a signed head, or a checkpoint this server did not sign.
 */
@Component
public class JournalVerifier {

    private final JournalEntries entries;
    private final Journal journal;
    private final JournalCheckpoints checkpoints;

    JournalVerifier(JournalEntries entries, Journal journal, JournalCheckpoints checkpoints) {
        this.entries = entries;
        this.journal = journal;
        this.checkpoints = checkpoints;
    }

    /**
     * @param brokenSeq the first sequence number that fails, or {@code null} when the chain holds
     * @param finding what is wrong there, as a message code with English text (for the console's language)
     */
    public record Result(TenantId tenantId, long events, @Nullable Long brokenSeq, @Nullable LocalizedMessage finding) implements Serializable {
        public boolean intact() {
            return brokenSeq == null;
        }

        /** The finding in English, for the command line and the journal's own record. */
        public @Nullable String problem() {
            return finding == null ? null : finding.english();
        }
    }

    /** What broke, under the message key {@code journal.problem.<code>}. */
    private static LocalizedMessage finding(String code, String english, List<Object> args) {
        return new LocalizedMessage("journal.problem." + code, english, args);
    }

    public Result verify(TenantId tenant) {
        java.util.Map<Long, JournalCheckpoints.Checkpoint> signed = new java.util.HashMap<>();
        JournalCheckpoints.Checkpoint latest = null;
        for (JournalCheckpoints.Checkpoint c : checkpoints.of(tenant)) {
            if (!checkpoints.authentic(tenant, c)) {
                return new Result(tenant, 0, c.seq(), finding("forgedCheckpoint", "the checkpoint of event " + c.seq()
                        + " is not signed by this server's key: checkpoints were tampered with", List.of(c.seq())));
            }
            signed.put(c.seq(), c);
            latest = c;
        }
        Checker checker = new Checker(signed);
        JournalCheckpoints.Horizon horizon = checkpoints.horizon(tenant).orElse(null);
        if (horizon != null) {
            if (!checkpoints.authentic(tenant, horizon)) {
                return new Result(tenant, 0, horizon.seq(), finding("forgedHorizon", "the record that events up to " + horizon.seq()
                        + " expired is not signed by this server's key: events were removed and passed off as expired", List.of(horizon.seq())));
            }
            // Events up to the horizon expired under the company's retention: the chain is checked from the one after it.
            checker.lastSeq = horizon.seq();
            checker.lastHash = horizon.hash();
            checker.horizon = horizon.seq();
        }
        entries.forEachInOrder(tenant, checker);
        if (checker.brokenSeq != null) {
            return new Result(tenant, checker.count, checker.brokenSeq, checker.finding);
        }
        if (latest != null && latest.seq() > checker.lastSeq) {
            return new Result(tenant, checker.count, checker.lastSeq + 1, finding("beforeCheckpoint",
                    "the chain ends at event " + checker.lastSeq + " but event " + latest.seq() + " was signed at " + latest.signedAt()
                            + ": events were removed from the end", List.of(checker.lastSeq, latest.seq(), latest.signedAt().toString())));
        }
        JournalEntries.Head head = entries.head(tenant);
        if (head != null && (head.seq() != checker.lastSeq || !head.hash().equals(checker.lastHash))) {
            return new Result(tenant, checker.count, checker.lastSeq + 1, finding("truncated",
                    "the chain ends at event " + checker.lastSeq + " but its head records event " + head.seq()
                            + ": events were removed from the end", List.of(checker.lastSeq, head.seq())));
        }
        return new Result(tenant, checker.count, null, null);
    }

    /** Every tenant's chain; only the provider's command line and operators ask this. */
    public List<Result> verifyAll() {
        return TenantContext.asPlatform(() -> {
            List<Result> results = new ArrayList<>();
            for (var tenant : journal.chainedTenants()) {
                results.add(verify(TenantId.of(tenant)));
            }
            return results;
        });
    }

    private static final class Checker implements java.util.function.Consumer<JournalEntry> {
        private final java.util.Map<Long, JournalCheckpoints.Checkpoint> signed;
        long count;
        long lastSeq;
        String lastHash = JournalChain.GENESIS;
        long horizon;
        @Nullable Long brokenSeq;
        @Nullable LocalizedMessage finding;

        Checker(java.util.Map<Long, JournalCheckpoints.Checkpoint> signed) {
            this.signed = signed;
        }

        @Override
        public void accept(JournalEntry e) {
            if (brokenSeq != null) {
                return;
            }
            if (e.seq() <= horizon) {
                return; // expired but not yet removed (a month whose removal is still to come): not part of the retained chain
            }
            count++;
            if (e.seq() != lastSeq + 1) {
                fail(lastSeq + 1, finding("missing", "event " + (lastSeq + 1) + " is missing (next stored event is " + e.seq() + ")",
                        List.of(lastSeq + 1, e.seq())));
            } else if (!e.prevHash().equals(lastHash)) {
                fail(e.seq(), finding("unlinked", "event " + e.seq() + " does not link to the hash of event " + lastSeq,
                        List.of(e.seq(), lastSeq)));
            } else if (!JournalChain.hash(lastHash, e).equals(e.hash())) {
                fail(e.seq(), finding("altered", "event " + e.seq() + " was altered after it was written (its hash does not match its content)",
                        List.of(e.seq())));
            } else if (signed.containsKey(e.seq()) && !signed.get(e.seq()).hash().equals(e.hash())) {
                JournalCheckpoints.Checkpoint c = signed.get(e.seq());
                fail(e.seq(), finding("rewritten", "event " + e.seq() + " is not the one signed at " + c.signedAt()
                        + ": the chain was rewritten at or before it", List.of(e.seq(), c.signedAt().toString())));
            } else {
                lastSeq = e.seq();
                lastHash = e.hash();
            }
        }

        private void fail(long seq, LocalizedMessage why) {
            brokenSeq = seq;
            finding = why;
        }
    }
}
