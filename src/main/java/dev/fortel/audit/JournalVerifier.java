package dev.fortel.audit;

import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Recomputes a chain from its first event and names the first link that does not hold: an edited event
 * (its hash no longer matches), a removed or reordered one (a sequence gap or a broken previous-hash
 * link), or events cut off the end (the chain head remembers the last sequence and hash).
 */
@Component
public class JournalVerifier {

    private final JournalEntries entries;
    private final Journal journal;

    JournalVerifier(JournalEntries entries, Journal journal) {
        this.entries = entries;
        this.journal = journal;
    }

    /** @param brokenSeq the first sequence number that fails, or {@code null} when the chain holds */
    public record Result(TenantId tenantId, long events, @Nullable Long brokenSeq, @Nullable String problem) implements java.io.Serializable {
        public boolean intact() {
            return brokenSeq == null;
        }
    }

    public Result verify(TenantId tenant) {
        Checker checker = new Checker();
        entries.forEachInOrder(tenant, checker);
        if (checker.brokenSeq != null) {
            return new Result(tenant, checker.count, checker.brokenSeq, checker.problem);
        }
        JournalEntries.Head head = entries.head(tenant);
        if (head != null && (head.seq() != checker.lastSeq || !head.hash().equals(checker.lastHash))) {
            return new Result(tenant, checker.count, checker.lastSeq + 1,
                    "the chain ends at event " + checker.lastSeq + " but its head records event " + head.seq()
                            + ": events were removed from the end");
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
        long count;
        long lastSeq;
        String lastHash = JournalChain.GENESIS;
        @Nullable Long brokenSeq;
        @Nullable String problem;

        @Override
        public void accept(JournalEntry e) {
            if (brokenSeq != null) {
                return;
            }
            count++;
            if (e.seq() != lastSeq + 1) {
                fail(lastSeq + 1, "event " + (lastSeq + 1) + " is missing (next stored event is " + e.seq() + ")");
            } else if (!e.prevHash().equals(lastHash)) {
                fail(e.seq(), "event " + e.seq() + " does not link to the hash of event " + lastSeq);
            } else if (!JournalChain.hash(lastHash, e).equals(e.hash())) {
                fail(e.seq(), "event " + e.seq() + " was altered after it was written (its hash does not match its content)");
            } else {
                lastSeq = e.seq();
                lastHash = e.hash();
            }
        }

        private void fail(long seq, String why) {
            brokenSeq = seq;
            problem = why;
        }
    }
}
