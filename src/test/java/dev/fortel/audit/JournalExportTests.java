package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The journal as NDJSON of OCSF 1.3 events: classes by event kind, resumable by sequence, limited to what the
 * exporter may see, and the export itself journaled.
 */
@FortelServerTest
class JournalExportTests extends ServerTestSupport {

    private List<JsonNode> export(String token, String query) {
        FortelClient.Binary r = client.sendForBytes(client.request("/api/v1/journal/export" + query).header("Authorization", "Bearer " + token).GET());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                lines.add(FortelClient.JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void eventsComeOutAsOcsfOldestFirstAndAnExportResumesFromTheLastSequence() {
        Fixtures.Company acme = fixtures.company("Export");
        String login = "emma-" + UUID.randomUUID().toString().substring(0, 8) + "@export.test";
        fixtures.employee(acme.ownerToken(), login, "Emma Export");
        client.tokenResponse(login, "certainly not her password");

        List<JsonNode> all = export(acme.ownerToken(), "");
        assertThat(all).hasSizeGreaterThan(3);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("metadata").get("sequence").asLong()).isGreaterThan(all.get(i - 1).get("metadata").get("sequence").asLong());
        }
        JsonNode failed = all.stream().filter(e -> "auth.login.failed".equals(e.get("unmapped").get("fortel").get("type").asString())).findFirst()
                .orElseThrow();
        assertThat(failed.get("class_uid").asInt()).isEqualTo(3002);
        assertThat(failed.get("activity_id").asInt()).isEqualTo(1);
        assertThat(failed.get("type_uid").asLong()).isEqualTo(300201);
        assertThat(failed.get("status_id").asInt()).isEqualTo(2);
        assertThat(failed.get("metadata").get("version").asString()).isEqualTo("1.3.0");
        assertThat(failed.get("metadata").get("tenant_uid").asString()).isEqualTo(acme.id().toString());
        JsonNode created = all.stream().filter(e -> "employee.created".equals(e.get("unmapped").get("fortel").get("type").asString())
                && login.equals(e.get("user").get("name").asString())).findFirst()
                .orElseThrow();
        assertThat(created.get("class_uid").asInt()).isEqualTo(3001);
        assertThat(created.get("actor").get("user").get("uid").asString()).isEqualTo(acme.ownerId().toString());

        long middle = all.get(1).get("metadata").get("sequence").asLong();
        List<JsonNode> rest = export(acme.ownerToken(), "?after=" + middle);
        assertThat(rest.getFirst().get("metadata").get("sequence").asLong()).isEqualTo(all.get(2).get("metadata").get("sequence").asLong());
        assertThat(rest.getLast().get("unmapped").get("fortel").get("type").asString()).as("the first export is in the journal before the second")
                .isEqualTo("journal.exported");
        assertThat(export(acme.ownerToken(), "?type=auth.*")).allSatisfy(e -> assertThat(e.get("message").asString()).startsWith("auth."));
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal/export?after=-1").status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal/export?from=yesterday").status()).isEqualTo(422);
        JsonNode journaled = client.get(acme.ownerToken(), "/api/v1/journal?type=journal.exported").body().get("items").get(0);
        assertThat(journaled.get("details").get("type").asString()).isEqualTo("auth.*");
    }

    @Test
    void theConsoleExportsTheFilteredJournalAsAFile() {
        Fixtures.Company acme = fixtures.company("ExportConsole");
        dev.fortel.support.ConsoleDevice console = dev.fortel.support.ConsoleDevice.signIn(client.base(), acme.ownerLogin(), Fixtures.PASSWORD,
                "Mozilla/5.0 export test");
        var file = console.postFormFrom("/journal", "/journal/export", java.util.Map.of("type", "auth.*", "from", "", "to", "", "actor", ""));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("journal.ndjson");
        String[] lines = file.body().split("\n");
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(FortelClient.JSON.readTree(l).get("message").asString()).startsWith("auth."));
        var refused = console.postFormFrom("/journal", "/journal/export", java.util.Map.of("type", "", "from", "not a day", "to", "", "actor", ""));
        assertThat(refused.statusCode()).isEqualTo(302);
    }

    @Test
    void aSupervisorExportsOnlyWhatTheySeeAndAnotherCompanyNothingOfOurs() {
        Fixtures.Company acme = fixtures.company("ExportScope");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String boss = fixtures.signedInEmployee(acme.ownerToken(), "boss-" + suffix + "@scope.test", "Boss");
        String bossId = client.get(boss, "/api/v1/me").body().get("id").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + bossId, "{\"roles\": [\"supervisor\"]}");
        String outsider = "outsider-" + suffix + "@scope.test";
        fixtures.employee(acme.ownerToken(), outsider, "Outsider");
        client.tokenResponse(outsider, "not the password at all");
        boss = client.token("boss-" + suffix + "@scope.test", Fixtures.PASSWORD);
        List<JsonNode> mine = export(boss, "");
        assertThat(mine).isNotEmpty();
        assertThat(mine.toString()).doesNotContain(outsider);
        Fixtures.Company other = fixtures.company("ExportOther");
        assertThat(export(other.ownerToken(), "").toString()).doesNotContain(acme.id().toString());
    }
}
