package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Retention as a company uses it, on H2 and on PostgreSQL: it shortens its journal's retention, the oldest events
 * (aged here by moving their time back, as the owner of the database can) expire and go, and the chain still verifies
 * from the signed horizon; a forged horizon does not.
 *
 * @param owner runs SQL as the database owner (the application role cannot change the journal)
 */
record JournalExpiry(Fixtures fixtures, FortelClient client, JournalRetention retention, JournalVerifier verifier, Owner owner) {

    interface Owner {
        int update(String sql, Object... args);
    }

    /** Returns the company, for checks that only one kind of database can make. */
    TenantId expiredEventsGoAndTheChainVerifiesFromItsSignedHorizon() {
        Fixtures.Company c = fixtures.company("Retention");
        TenantId company = TenantId.of(c.id());
        for (int i = 0; i < 4; i++) {
            fixtures.employee(c.ownerToken(), "e" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@retention.test", "Employee " + i);
        }
        FortelClient.Response shown = client.get(c.ownerToken(), "/api/v1/journal/retention");
        assertThat(shown.body().get("months").asInt()).isEqualTo(36);
        assertThat(shown.body().get("allowed").valueStream().map(JsonNode::asInt).toList()).containsExactly(3, 6, 12, 24, 36, 60, 120);

        FortelClient.Response bad = client.put(c.ownerToken(), "/api/v1/journal/retention", "{\"months\": 7}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.raw()).contains("must be one of 3, 6, 12, 24, 36, 60, 120 (months)");
        FortelClient.Response changed = client.put(c.ownerToken(), "/api/v1/journal/retention", "{\"months\": 3}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        JsonNode event = client.get(c.ownerToken(), "/api/v1/journal?type=journal.retention.changed").body().get("items").get(0);
        assertThat(event.get("details").get("after").get("months").asInt()).isEqualTo(3);

        long total = TenantContext.as(company, () -> verifier.verify(company)).events();
        int aged = owner.update("UPDATE journal SET occurred_at = ? WHERE tenant_id = ? AND seq <= 5",
                OffsetDateTime.now(ZoneOffset.UTC).minusMonths(8), c.id());
        assertThat(aged).isEqualTo(5);

        JournalRetention.Report report = retention.enforce();
        assertThat(report.eventsRemoved()).isGreaterThanOrEqualTo(5);
        assertThat(report.horizons()).isGreaterThanOrEqualTo(1);
        JournalVerifier.Result after = TenantContext.as(company, () -> verifier.verify(company));
        assertThat(after.intact()).as(String.valueOf(after.problem())).isTrue();
        assertThat(after.events()).isEqualTo(total - 5);
        JsonNode oldest = client.get(c.ownerToken(), "/api/v1/journal?limit=200").body().get("items");
        assertThat(oldest.valueStream().mapToLong(e -> e.get("seq").asLong()).min().orElseThrow()).isEqualTo(6);

        owner.update("UPDATE journal_horizons SET seq = seq + 1 WHERE tenant_id = ?", c.id());
        JournalVerifier.Result forged = TenantContext.as(company, () -> verifier.verify(company));
        assertThat(forged.intact()).isFalse();
        assertThat(forged.problem()).contains("not signed by this server's key: events were removed and passed off as expired");
        return company;
    }
}
