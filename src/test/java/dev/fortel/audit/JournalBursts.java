package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;

/** Checks of the journal under a burst of appends and of batch appends, run on H2 and on PostgreSQL. */
record JournalBursts(Fixtures fixtures, Journal journal, JournalVerifier verifier, JournalEntries entries) {

    void concurrentAppendsShareCommitsAndEveryChainStaysWhole() throws Exception {
        Fixtures.Company a = fixtures.company("Burst A");
        Fixtures.Company b = fixtures.company("Burst B");
        TenantId[] companies = {TenantId.of(a.id()), TenantId.of(b.id())};
        long[] before = {TenantContext.as(companies[0], () -> verifier.verify(companies[0])).events(),
                TenantContext.as(companies[1], () -> verifier.verify(companies[1])).events()};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.List<java.util.concurrent.Future<JournalEntry>> written = new java.util.ArrayList<>();
        for (int i = 0; i < 1_600; i++) {
            int n = i;
            written.add(pool.submit(() -> journal.append(new Journal.Draft(companies[n % 2], JournalTypes.SIGN_IN_FAILED, JournalEntry.Outcome.FAILURE,
                    new JournalEntry.Actor(null, "guess" + n + "@burst.test", "203.0.113.5", null, null), JournalEntry.Target.NONE,
                    java.util.Map.of("login", "guess" + n + "@burst.test", "reason", "unknown_login")))));
        }
        java.util.Set<Long> seqs = new java.util.HashSet<>();
        for (var f : written) {
            JournalEntry e = f.get();
            assertThat(e.hash()).hasSize(64);
            seqs.add(e.tenantId().equals(companies[0]) ? e.seq() : -e.seq());
        }
        pool.shutdown();
        assertThat(seqs).as("every caller got its own place in its company's chain").hasSize(1_600);
        for (int c = 0; c < 2; c++) {
            TenantId company = companies[c];
            JournalVerifier.Result r = TenantContext.as(company, () -> verifier.verify(company));
            assertThat(r.intact()).as(String.valueOf(r.finding())).isTrue();
            assertThat(r.events()).isEqualTo(before[c] + 800);
        }
    }

    void aBatchIsOneRunOfTheChainInOrder() {
        Fixtures.Company a = fixtures.company("Batch");
        TenantId company = TenantId.of(a.id());
        java.util.List<Journal.Draft> drafts = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            drafts.add(new Journal.Draft(company, JournalTypes.RECORDING_STORED, JournalEntry.Outcome.SUCCESS, JournalEntry.Actor.NONE,
                    new JournalEntry.Target("call", "c" + i, "c" + i), java.util.Map.of("n", i, "nested", java.util.Map.of("b", 1, "a", "x"))));
        }
        java.util.List<JournalEntry> out = journal.appendAll(drafts);
        assertThat(out).hasSize(300);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).seq()).isEqualTo(out.get(i - 1).seq() + 1);
            assertThat(out.get(i).prevHash()).isEqualTo(out.get(i - 1).hash());
        }
        JournalEntry last = TenantContext.as(company, () -> entries.after(company, out.get(298).seq(), 1)).getFirst();
        assertThat(last).isEqualTo(out.get(299));
        assertThat(TenantContext.as(company, () -> verifier.verify(company)).intact()).isTrue();
    }
}
