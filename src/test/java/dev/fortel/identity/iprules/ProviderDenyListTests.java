package dev.fortel.identity.iprules;

import static dev.fortel.identity.iprules.IpRulesTests.body;
import static dev.fortel.identity.iprules.IpRulesTests.journal;
import static dev.fortel.identity.iprules.IpRulesTests.login;
import static dev.fortel.identity.iprules.IpRulesTests.messages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The provider-wide deny-list. Its entries refuse everyone on the server, so these tests deny only
 * addresses in 198.18.0.0/15 (the benchmarking range, which no other test uses) and remove every entry
 * they added when they end.
 */
@FortelServerTest
class ProviderDenyListTests extends ServerTestSupport {

    private static final String LIST = "/api/v1/provider/ip-deny-list";

    private final List<String> added = new ArrayList<>();
    private String operator;

    @AfterEach
    void removeWhatWasAdded() {
        for (String id : added) {
            client.delete(operator, LIST + "/" + id);
        }
        for (JsonNode e : client.get(operator, LIST).body().get("items")) {
            assertThat(e.get("address").asString()).as("a test left a deny-list entry behind").doesNotStartWith("198.1");
        }
    }

    @Test
    void providerDenyBeatsACompanysAllowForSignInAndTokenRequests() {
        operator = fixtures.operatorToken();
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("dina");
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Dina");
        FortelClient office = client.from("198.18.0.1");
        FortelClient.Response allow = office.post(acme.ownerToken(), "/api/v1/ip-rules", body("allow", "198.18.0.0/24", "employees"));
        assertThat(allow.status()).as(allow.raw()).isEqualTo(201);
        JsonNode entry = deny("198.18.0.99", "abuse report 2026-11");

        FortelClient denied = client.from("198.18.0.99");
        FortelClient.Response signIn = denied.tokenResponse(login, Fixtures.PASSWORD);
        assertThat(signIn.status()).as(signIn.raw()).isEqualTo(403);
        assertThat(signIn.body().get("type").asString()).isEqualTo("/problems/address-not-allowed");
        assertThat(denied.get(token, "/api/v1/me").status()).isEqualTo(403);
        assertThat(client.from("198.18.0.98").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        FortelClient.Response unknown = denied.tokenResponse("nobody-" + UUID.randomUUID() + "@acme.test", "whatever it is");
        assertThat(unknown.raw()).as("the deny-list refuses whatever the login: it tells nothing about accounts").isEqualTo(signIn.raw());

        List<JsonNode> inProvider = journal(operator, client, "auth.ip.refused").stream()
                .filter(e -> "198.18.0.99".equals(e.get("details").get("ip").asString())).toList();
        assertThat(inProvider).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("details").get("list").asString()).isEqualTo("provider");
            assertThat(e.get("details").get("rule_id").asString()).isEqualTo(entry.get("id").asString());
            assertThat(e.get("target").get("id").isNull()).as("the provider's journal names no company's employee").isTrue();
        });
        assertThat(inProvider).anySatisfy(e -> assertThat(e.get("details").get("login").asString()).isEqualTo(login));
        assertThat(journal(acme.ownerToken(), office, "auth.ip.refused")).as("the company's journal records only its own rules' refusals")
                .isEmpty();
    }

    @Test
    void requestsWithoutATokenFromADeniedAddressAreRefusedToo() {
        operator = fixtures.operatorToken();
        deny("198.18.1.0/24", null);
        FortelClient denied = client.from("198.18.1.7");
        FortelClient.Response health = denied.send(denied.request("/actuator/health").GET());
        assertThat(health.status()).isEqualTo(403);
        assertThat(health.body().get("type").asString()).isEqualTo("/problems/address-not-allowed");
        assertThat(denied.send(denied.request("/api/v1/activation/not-a-token").GET()).status()).isEqualTo(403);
        assertThat(client.from("198.18.2.7").send(client.request("/actuator/health").GET()).status()).isEqualTo(200);
    }

    @Test
    void deniedAddressesAreValidatedChangedAndRemovedWithJournalEntries() {
        operator = fixtures.operatorToken();
        String before = client.get(operator, LIST).raw();
        FortelClient.Response bad = client.post(operator, LIST, "{\"address\": \"10.0.0.300/33\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(messages(bad, "address")).hasSize(2);
        assertThat(client.post(operator, LIST, "{\"address\": \"198.18.0.1/8\"}").body().get("errors").get(0).get("message").asString())
                .contains("write 198.0.0.0/8 for the whole network");
        assertThat(client.post(operator, LIST, "{\"address\": \"198.18.0.0/16\", \"scope\": \"employees\"}").status()).isEqualTo(422);
        assertThat(client.get(operator, LIST).raw()).isEqualTo(before);

        JsonNode entry = deny("198.18.3.0/24", "scanner");
        String path = LIST + "/" + entry.get("id").asString();
        assertThat(client.post(operator, LIST, "{\"address\": \"198.18.3.0/24\"}").status()).isEqualTo(409);
        FortelClient.Response changed = client.patch(operator, path, "{\"address\": \"198.18.4.0/24\", \"note\": null}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("note").isNull()).isTrue();
        assertThat(client.delete(operator, path).status()).isEqualTo(204);
        added.remove(entry.get("id").asString());
        assertThat(client.get(operator, path).status()).isEqualTo(404);

        List<JsonNode> events = journal(operator, client, "security.ip_deny.*").stream()
                .filter(e -> entry.get("id").asString().equals(e.get("target").get("id").asString())).toList();
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("security.ip_deny.deleted", "security.ip_deny.updated", "security.ip_deny.created");
        JsonNode update = events.get(1).get("details");
        assertThat(update.get("before").toString()).isEqualTo("{\"address\":\"198.18.3.0/24\",\"note\":\"scanner\"}");
        assertThat(update.get("after").toString()).isEqualTo("{\"address\":\"198.18.4.0/24\",\"note\":null}");
    }

    @Test
    void anEntryCoveringTheOperatorsOwnAddressIsRefused() {
        operator = fixtures.operatorToken();
        FortelClient.Response own = client.post(operator, LIST, "{\"address\": \"127.0.0.0/8\"}");
        assertThat(own.status()).isEqualTo(422);
        assertThat(messages(own, "address")).singleElement().asString().contains("your own address 127.0.0.1");
        FortelClient.Response everything = client.from("198.18.5.5").post(operator, LIST, "{\"address\": \"198.18.0.0/15\"}");
        assertThat(everything.status()).isEqualTo(422);
    }

    @Test
    void aForeignOrMissingEntryAnswersNotFound() {
        operator = fixtures.operatorToken();
        String missing = LIST + "/" + UUID.randomUUID();
        assertThat(client.get(operator, missing).status()).isEqualTo(404);
        assertThat(client.patch(operator, missing, "{\"note\": \"x\"}").status()).isEqualTo(404);
        assertThat(client.delete(operator, missing).status()).isEqualTo(404);
        assertThat(client.send(client.request(LIST).header("Authorization", "Bearer " + operator).GET()).status()).isEqualTo(200);
        assertThat(client.send(client.request(LIST).GET()).status()).isEqualTo(401);
    }

    private JsonNode deny(String address, String note) {
        String json = note == null ? "{\"address\": \"" + address + "\"}" : "{\"address\": \"" + address + "\", \"note\": \"" + note + "\"}";
        FortelClient.Response r = client.post(operator, LIST, json);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        added.add(r.body().get("id").asString());
        return r.body();
    }
}
