package dev.fortel.audit.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalEntry.Actor;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The correlation windows stay within their bound whatever the traffic: a million events spread over 100,000 logins and
 * addresses (a slow, wide password spray, the case that grows naive windows without limit).
 */
class CorrelationMemoryTests {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CorrelationMemoryTests.class);

    /** The stated bound for the built-in rules of one company at the default cap of 20,000 keys per rule. */
    private static final long HEAP_BOUND_BYTES = 64L * 1024 * 1024;
    private static final int CAP = 20_000;

    @Test
    void aMillionEventsOverAHundredThousandKeysKeepEveryRuleWithinItsCapAndTheHeapWithinSixtyFourMegabytes() {
        TenantId acme = TenantId.of(UUID.randomUUID());
        TenantId globex = TenantId.of(UUID.randomUUID());
        long before = usedHeapAfterGc();
        CorrelationEngine engine = new CorrelationEngine(CAP, BuiltInRules.provider(), t -> BuiltInRules.company());
        Instant t0 = Instant.parse("2026-12-07T03:00:00Z");
        List<SeenWrite> writes = new ArrayList<>();
        long matches = 0;
        for (int i = 0; i < 1_000_000; i++) {
            int key = (int) ((i * 7_919L) % 100_000); // every key recurs, in an order that defeats recency
            String login = "user" + key + "@acme.test";
            String ip = "10." + (key >> 16) + "." + ((key >> 8) & 255) + "." + (key & 255);
            TenantId tenant = (i & 1) == 0 ? acme : globex;
            String type = switch (i % 10) {
                case 0, 1, 2, 3, 4 -> "auth.login.failed";
                case 5 -> "auth.login.succeeded";
                case 6 -> "recording.downloaded";
                default -> "employee.updated";
            };
            String details = "{\"login\":\"" + login + "\",\"roles\":[\"" + ((i % 3 == 0) ? "admin" : "employee") + "\"]}";
            JournalEntry e = new JournalEntry(tenant, i, UUID.randomUUID(), t0.plusMillis(i * 5L), type,
                    type.endsWith("failed") ? Outcome.FAILURE : Outcome.SUCCESS, new Actor(new UUID(0, key), login, ip, null, null), Target.NONE, details, "", "");
            matches += engine.accept(new ObservedEvent(e), writes).size();
            if (writes.size() > 10_000) {
                writes.clear(); // the analyzer stores them; here they only must not pile up in the test itself
            }
        }
        long after = usedHeapAfterGc();
        long[] keys = engine.keys();
        long retained = after - before;
        log.info(String.format(java.util.Locale.ROOT, "correlation memory: events=1000000 distinct_keys=100000 keys_held=%d keys_evicted=%d matches=%d retained_heap_mb=%.1f bound_mb=%d",
                keys[0], keys[1], matches, retained / 1048576.0, HEAP_BOUND_BYTES / 1048576));
        // Two companies' built-in windows (five correlations each) and the provider's one: at most 11 x CAP keys.
        assertThat(keys[0]).isLessThanOrEqualTo(11L * CAP);
        assertThat(keys[1]).as("keys beyond the cap were dropped, least recently seen first").isPositive();
        assertThat(retained).isLessThan(HEAP_BOUND_BYTES);
        java.lang.ref.Reference.reachabilityFence(engine);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
