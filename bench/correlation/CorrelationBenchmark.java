package dev.fortel.audit.correlation;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalEntry.Actor;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * The correlation engine in process (aim: at least 100,000 events/s with the built-in rules): every event goes through
 * the five company rule files and the provider's, as the analyzer feeds them. The traffic is a journal under attack:
 * of every 20 events, 8 failed sign-ins (over 20,000 logins from 2,000 addresses, so windows fill and match), 2
 * successful sign-ins (a third by administrators, some from new addresses), 2 recording downloads, 8 other events
 * that match no rule, over 50 companies, one event every millisecond of journal time.
 *
 * <p>The baseline in the same run is reading each event's details JSON once (Jackson {@code readTree}), the least
 * any consumer of the journal pays per event; the engine does it lazily, only for rules that read a details field.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CorrelationBenchmark {

    private static final int EVENTS = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JournalEntry[] events;
    private CorrelationEngine engine;
    private List<SeenWrite> writes;
    private int next;
    private long matches;

    @Setup
    public void setUp() {
        TenantId[] companies = new TenantId[50];
        for (int i = 0; i < companies.length; i++) {
            companies[i] = TenantId.of(new UUID(1, i));
        }
        Instant t0 = Instant.parse("2026-12-07T09:00:00Z");
        events = new JournalEntry[EVENTS];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < EVENTS; i++) {
            int k = random.nextInt(20_000);
            String login = "user" + k + "@company.test";
            String ip = "198.51." + (k % 2_000 / 256) + "." + (k % 2_000 % 256);
            String type;
            boolean admin = false;
            switch (i % 20) {
                case 0, 1, 2, 3, 4, 5, 6, 7 -> type = "auth.login.failed";
                case 8, 9 -> {
                    type = "auth.login.succeeded";
                    admin = k % 3 == 0;
                    if (admin && random.nextInt(10) == 0) {
                        ip = "203.0.113." + random.nextInt(256);
                    }
                }
                case 10, 11 -> type = "recording.downloaded";
                default -> type = new String[] {"employee.updated", "calls.history.searched", "auth.logout", "sip.account.created"}[i % 4];
            }
            String details = "{\"login\":\"" + login + "\",\"method\":\"password\",\"roles\":[\"" + (admin ? "admin" : "employee") + "\"]}";
            events[i] = new JournalEntry(companies[k % companies.length], i, UUID.randomUUID(), t0.plusMillis(i), type,
                    type.endsWith("failed") ? Outcome.FAILURE : Outcome.SUCCESS, new Actor(new UUID(2, k), login, ip, "bench", null), Target.NONE, details,
                    "", "");
        }
        engine = new CorrelationEngine(20_000, BuiltInRules.provider(), t -> BuiltInRules.company());
        writes = new ArrayList<>();
    }

    @Benchmark
    public int engine() {
        JournalEntry e = events[next++ & (EVENTS - 1)];
        List<Match> m = engine.accept(new ObservedEvent(e), writes);
        matches += m.size();
        if (writes.size() > 4096) {
            writes.clear();
        }
        return m.size();
    }

    @Benchmark
    public Object baselineReadDetails() {
        return JSON.readTree(events[next++ & (EVENTS - 1)].details());
    }
}
