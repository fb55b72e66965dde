package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@FortelServerTest
class JournalTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JournalVerifier verifier;

    @Autowired
    JournalCheckpoints checkpoints;

    @Autowired
    JournalEntries entries;

    @Autowired
    Journal journal;

    @Test
    void concurrentAppendsOutsideTransactionsShareCommitsAndEveryChainStaysWhole() throws Exception {
        new JournalBursts(fixtures, journal, verifier, entries).concurrentAppendsShareCommitsAndEveryChainStaysWhole();
    }

    @Test
    void aBatchAppendedTogetherIsOneRunOfTheChainInOrder() {
        new JournalBursts(fixtures, journal, verifier, entries).aBatchIsOneRunOfTheChainInOrder();
    }

    @Test
    void employeeChangesAreJournaledWithBeforeAndAfter() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode anna = fixtures.employee(acme.ownerToken(), "anna-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test", "Anna");
        String id = anna.get("id").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"display_name\": \"Anna K.\", \"extension\": \"205\"}");
        client.patch(acme.ownerToken(), "/api/v1/employees/" + id, "{\"status\": \"disabled\"}");
        client.delete(acme.ownerToken(), "/api/v1/employees/" + id);

        JsonNode items = client.get(acme.ownerToken(), "/api/v1/journal?type=employee.*").body().get("items");
        assertThat(items.findValuesAsString("type")).containsExactly("employee.deleted", "employee.disabled", "employee.updated",
                "employee.updated", "employee.created", "employee.created");
        JsonNode rename = items.get(3);
        assertThat(rename.get("details").get("before").get("display_name").asString()).isEqualTo("Anna");
        assertThat(rename.get("details").get("after").get("display_name").asString()).isEqualTo("Anna K.");
        assertThat(rename.get("details").get("after").get("extension").asString()).isEqualTo("205");
        assertThat(rename.get("details").get("before").has("extension")).isTrue();
        assertThat(rename.get("actor").get("id").asString()).isEqualTo(acme.ownerId().toString());
        assertThat(rename.get("actor").get("session").asString()).startsWith("api:");
        assertThat(rename.get("target").get("id").asString()).isEqualTo(id);
    }

    @Test
    void rejectedChangeLeavesNeitherChangeNorEvent() {
        Fixtures.Company acme = fixtures.company("Acme");
        long before = client.get(acme.ownerToken(), "/api/v1/journal?limit=500").body().get("items").size();
        // The owner cannot be disabled: the change is refused inside its transaction.
        FortelClient.Response refused = client.patch(acme.ownerToken(), "/api/v1/employees/" + acme.ownerId(), "{\"status\": \"disabled\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + acme.ownerId()).body().get("status").asString()).isEqualTo("active");
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?limit=500").body().get("items").size()).isEqualTo(before);
    }

    @Test
    void journalFiltersByTimeActorAndPagesWithCursor() {
        Fixtures.Company acme = fixtures.company("Acme");
        for (int i = 0; i < 3; i++) {
            fixtures.group(acme.ownerToken(), "Team " + i);
        }
        JsonNode first = client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&limit=2").body();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&limit=2&cursor=" + first.get("next_cursor").asString()).body();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertThat(second.get("items").get(0).get("seq").asLong()).isLessThan(first.get("items").get(1).get("seq").asLong());

        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&actor=" + acme.ownerId()).body().get("items")).hasSize(3);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&actor=" + UUID.randomUUID()).body().get("items")).isEmpty();
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&from=2999-01-01").body().get("items")).isEmpty();
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=group.created&from=2000-01-01&to=2999-01-01").body().get("items")).hasSize(3);
    }

    @Test
    void intactChainVerifiesAndAlteredEventIsNamed() {
        Fixtures.Company acme = fixtures.company("Acme");
        fixtures.group(acme.ownerToken(), "Support");
        fixtures.group(acme.ownerToken(), "Sales");
        JsonNode ok = client.post(acme.ownerToken(), "/api/v1/journal/verify", "").body();
        assertThat(ok.get("intact").asBoolean()).isTrue();
        assertThat(ok.get("events").asLong()).isGreaterThan(3);

        long seq = client.get(acme.ownerToken(), "/api/v1/journal?type=group.created").body().get("items").get(1).get("seq").asLong();
        // An insider edits an event in the database directly, past the application.
        jdbc.sql("UPDATE journal SET details = '{\"name\":\"Innocent\"}' WHERE tenant_id = :t AND seq = :seq")
                .param("t", acme.id()).param("seq", seq).update();

        JsonNode broken = client.post(acme.ownerToken(), "/api/v1/journal/verify", "").body();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("broken_seq").asLong()).isEqualTo(seq);
        assertThat(broken.get("problem").asString()).contains("altered");
    }

    @Test
    void removedEventsAreCaughtInTheMiddleAndAtTheEnd() {
        Fixtures.Company acme = fixtures.company("Acme");
        fixtures.group(acme.ownerToken(), "A");
        fixtures.group(acme.ownerToken(), "B");
        TenantId tenant = TenantId.of(acme.id());
        long last = jdbc.sql("SELECT max(seq) FROM journal WHERE tenant_id = :t").param("t", acme.id()).query(Long.class).single();

        jdbc.sql("DELETE FROM journal WHERE tenant_id = :t AND seq = :s").param("t", acme.id()).param("s", last).update();
        JournalVerifier.Result truncated = verifier.verify(tenant);
        assertThat(truncated.intact()).isFalse();
        assertThat(truncated.brokenSeq()).isEqualTo(last);
        assertThat(truncated.problem()).contains("removed from the end");

        jdbc.sql("DELETE FROM journal WHERE tenant_id = :t AND seq = 2").param("t", acme.id()).update();
        JournalVerifier.Result gap = verifier.verify(tenant);
        assertThat(gap.brokenSeq()).isEqualTo(2L);
        assertThat(gap.problem()).contains("missing");
    }

    @Test
    void verifyCommandReportsBrokenChainsAndExitsNonZero() {
        Fixtures.Company acme = fixtures.company("Acme");
        jdbc.sql("UPDATE journal SET actor_ip = '10.6.6.6' WHERE tenant_id = :t AND seq = 1").param("t", acme.id()).update();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        JournalCommand command = new JournalCommand(verifier, new PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        command.run(new DefaultApplicationArguments("journal", "verify"));
        String out = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(command.getExitCode()).isEqualTo(1);
        assertThat(out).contains("BROKEN  tenant " + acme.id() + ": first broken link at event 1");
        assertThat(out).containsPattern("\\d+ chains checked, [1-9]\\d* broken");
    }
    @Test
    void aConsistentRewriteOfAnOldEventPassesTheChainButNotItsSignedCheckpoint() {
        Fixtures.Company acme = fixtures.company("Acme");
        fixtures.group(acme.ownerToken(), "Support");
        fixtures.group(acme.ownerToken(), "Sales");
        TenantId tenant = TenantId.of(acme.id());
        checkpoints.checkpoint(tenant);
        long signedHead = jdbc.sql("SELECT last_seq FROM journal_heads WHERE tenant_id = :t").param("t", acme.id()).query(Long.class).single();
        fixtures.group(acme.ownerToken(), "After the checkpoint");
        long edited = client.get(acme.ownerToken(), "/api/v1/journal?type=group.created").body().get("items").get(2).get("seq").asLong();

        // An insider with write access to the database rewrites an old event and recomputes every later hash and the head.
        java.util.List<JournalEntry> chain = new java.util.ArrayList<>();
        entries.forEachInOrder(tenant, chain::add);
        String prev = JournalChain.GENESIS;
        for (JournalEntry e : chain) {
            String details = e.seq() == edited ? "{\"name\":\"Innocent\"}" : e.details();
            JournalEntry rewritten = new JournalEntry(e.tenantId(), e.seq(), e.id(), e.time(), e.type(), e.outcome(), e.actor(), e.target(), details,
                    prev, "");
            String hash = JournalChain.hash(prev, rewritten);
            jdbc.sql("UPDATE journal SET details = :d, prev_hash = :p, hash = :h WHERE tenant_id = :t AND seq = :s").param("d", details)
                    .param("p", prev).param("h", hash).param("t", acme.id()).param("s", e.seq()).update();
            prev = hash;
        }
        jdbc.sql("UPDATE journal_heads SET last_hash = :h WHERE tenant_id = :t").param("h", prev).param("t", acme.id()).update();

        JournalVerifier.Result result = verifier.verify(tenant);
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenSeq()).isEqualTo(signedHead);
        assertThat(result.problem()).contains("is not the one signed").contains("rewritten");

        // Without its checkpoints the same chain verifies: that is what they are for.
        jdbc.sql("DELETE FROM journal_checkpoints WHERE tenant_id = :t").param("t", acme.id()).update();
        assertThat(verifier.verify(tenant).intact()).isTrue();
    }

    @Test
    void deletingTheNewestEventsAndMovingTheHeadBackIsCaughtByTheLastCheckpoint() {
        Fixtures.Company acme = fixtures.company("Acme");
        fixtures.group(acme.ownerToken(), "A");
        fixtures.group(acme.ownerToken(), "B");
        TenantId tenant = TenantId.of(acme.id());
        assertThat(checkpoints.checkpointAll()).isPositive();
        long last = jdbc.sql("SELECT last_seq FROM journal_heads WHERE tenant_id = :t").param("t", acme.id()).query(Long.class).single();

        jdbc.sql("DELETE FROM journal WHERE tenant_id = :t AND seq > :s").param("t", acme.id()).param("s", last - 2).update();
        String newLast = jdbc.sql("SELECT hash FROM journal WHERE tenant_id = :t AND seq = :s").param("t", acme.id()).param("s", last - 2)
                .query(String.class).single();
        jdbc.sql("UPDATE journal_heads SET last_seq = :s, last_hash = :h WHERE tenant_id = :t").param("s", last - 2).param("h", newLast)
                .param("t", acme.id()).update();

        JournalVerifier.Result result = verifier.verify(tenant);
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenSeq()).isEqualTo(last - 1);
        assertThat(result.problem()).contains("event " + last + " was signed").contains("removed from the end");
    }

    @Test
    void aCheckpointThisServerDidNotSignIsNamedAsTampering() {
        Fixtures.Company acme = fixtures.company("Acme");
        TenantId tenant = TenantId.of(acme.id());
        checkpoints.checkpoint(tenant);
        jdbc.sql("UPDATE journal_checkpoints SET signed_at = signed_at + INTERVAL '1' SECOND WHERE tenant_id = :t").param("t", acme.id()).update();
        JournalVerifier.Result result = verifier.verify(tenant);
        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).contains("not signed by this server's key");
    }
}
