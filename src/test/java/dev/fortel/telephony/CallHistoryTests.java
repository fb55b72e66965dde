package dev.fortel.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Call history: the media layer's batches through an integration token (idempotent, all-or-nothing validation),
 * searches within the searcher's reach, each journaled with its filters.
 */
@FortelServerTest
class CallHistoryTests extends ServerTestSupport {

    Fixtures.Company acme;
    String media;
    String annaId;
    String borisId;
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @BeforeEach
    void setUp() {
        acme = fixtures.company("History");
        FortelClient.Response token = client.post(acme.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"Media layer\", \"scope\": [\"calls.ingest\"], \"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}");
        assertThat(token.status()).as(token.raw()).isEqualTo(201);
        media = token.body().get("token").asString();
        annaId = fixtures.employee(acme.ownerToken(), "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Anna History")
                .get("id").asString();
        borisId = fixtures.employee(acme.ownerToken(), "boris-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Boris History")
                .get("id").asString();
    }

    private String call(String id, String employee, String callee, int offsetMinutes) {
        Instant s = start.plusSeconds(offsetMinutes * 60L);
        return "{\"call_id\": \"" + id + "\", \"direction\": \"outbound\", \"caller\": \"+74951234567\", \"callee\": \"" + callee + "\", "
                + "\"employee_id\": \"" + employee + "\", \"started_at\": \"" + s + "\", \"answered_at\": \"" + s.plusSeconds(5) + "\", "
                + "\"ended_at\": \"" + s.plusSeconds(65) + "\", \"disposition\": \"answered\"}";
    }

    @Test
    void batchesAreIdempotentByCallIdAndSearchesAreJournaledWithTheirFilters() {
        String batch = "{\"calls\": [" + call("c-1", annaId, "+442071838750", 0) + ", " + call("c-2", borisId, "8 916 123-45-67", 1) + "]}";
        FortelClient.Response first = client.post(media, "/api/v1/calls/batch", batch);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("accepted").asInt()).isEqualTo(2);
        FortelClient.Response again = client.post(media, "/api/v1/calls/batch", batch);
        assertThat(again.body().get("accepted").asInt()).isZero();
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(2);

        JsonNode all = client.get(acme.ownerToken(), "/api/v1/calls").body().get("items");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("call_id").asString()).isEqualTo("c-2");
        assertThat(all.get(0).get("callee").asString()).as("normalized to E.164").isEqualTo("+79161234567");
        assertThat(all.get(1).get("destination_country").asString()).isEqualTo("GB");
        assertThat(all.get(1).get("duration_seconds").asInt()).isEqualTo(60);
        JsonNode byNumber = client.get(acme.ownerToken(), "/api/v1/calls?number=%2B442071838750").body().get("items");
        assertThat(byNumber).hasSize(1);

        JsonNode journal = client.get(acme.ownerToken(), "/api/v1/journal?type=calls.history.searched").body().get("items");
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).get("details").get("filters").get("number").asString()).isEqualTo("+442071838750");
        assertThat(journal.get(0).get("details").get("found").asInt()).isEqualTo(1);
        assertThat(client.get(media, "/api/v1/calls").status()).as("the ingest token cannot read").isEqualTo(403);
    }

    @Test
    void aSearchShowsOnlyCallsOfEmployeesWithinTheSearchersReach() {
        client.post(media, "/api/v1/calls/batch", "{\"calls\": [" + call("r-1", annaId, "+442071838750", 0) + ", "
                + call("r-2", borisId, "+442071838750", 1) + "]}");
        FortelClient.Response role = client.post(acme.ownerToken(), "/api/v1/roles", "{\"code\": \"own_calls\", \"name\": \"Own calls\", "
                + "\"functions\": [{\"function\": \"calls.history.view\", \"scope\": \"own\"}]}");
        assertThat(role.status()).as(role.raw()).isEqualTo(201);
        String annaLogin = client.get(acme.ownerToken(), "/api/v1/employees/" + annaId).body().get("login").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + annaId, "{\"roles\": [\"employee\", \"own_calls\"]}");
        FortelClient.Response link = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/activation-link", "{}");
        String url = link.body().get("activation_url").asString();
        client.post(null, "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1), "{\"password\": \"" + Fixtures.PASSWORD + "\"}");
        String anna = client.token(annaLogin, Fixtures.PASSWORD);
        JsonNode mine = client.get(anna, "/api/v1/calls").body().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("call_id").asString()).isEqualTo("r-1");
    }

    @Test
    void aBatchWithABrokenRecordNamesItAndStoresNothing() {
        String broken = "{\"calls\": [" + call("b-1", annaId, "+442071838750", 0) + ", {\"call_id\": \"b-2\", \"direction\": \"sideways\", "
                + "\"caller\": \"not a number\", \"callee\": \"+442071838750\", \"started_at\": \"" + start + "\", \"ended_at\": \""
                + start.minusSeconds(10) + "\", \"disposition\": \"answered\", \"employee_id\": \"" + UUID.randomUUID() + "\"}]}";
        FortelClient.Response r = client.post(media, "/api/v1/calls/batch", broken);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.raw()).contains("calls[1].direction").contains("calls[1].caller").contains("calls[1].ended_at").contains("calls[1].employee_id");
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls").body().get("items")).isEmpty();
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls?limit=0").status()).isEqualTo(422);
    }

    @Test
    void exportsDefuseFormulasAndAreJournaledWithFormatAndCount() {
        client.post(media, "/api/v1/calls/batch", "{\"calls\": [" + call("=HYPERLINK(\\\"x\\\")", annaId, "+442071838750", 0) + "]}");
        FortelClient.Response csv = client.send(client.request("/api/v1/calls/export?format=csv")
                .header("Authorization", "Bearer " + acme.ownerToken()).GET());
        assertThat(csv.status()).as(csv.raw()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.raw().split("\r\n");
        assertThat(lines[0]).startsWith("call_id,direction,caller");
        assertThat(lines[1]).as("a formula is defused and quoted").startsWith("\"'=HYPERLINK(\"\"x\"\")\",outbound,'+74951234567,");
        FortelClient.Response json = client.get(acme.ownerToken(), "/api/v1/calls/export?format=json");
        assertThat(json.body().get("items").get(0).get("callee").asString()).isEqualTo("+442071838750");
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls/export?format=xlsx").status()).isEqualTo(422);
        JsonNode journal = client.get(acme.ownerToken(), "/api/v1/journal?type=calls.history.exported").body().get("items");
        assertThat(journal).hasSize(2);
        assertThat(journal.get(1).get("details").get("format").asString()).isEqualTo("csv");
        assertThat(journal.get(1).get("details").get("calls").asInt()).isEqualTo(1);
    }
}
