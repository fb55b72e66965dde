package dev.fortel.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The cross-tenant matrix: signed in as company A's owner, every tenant-scoped endpoint is tried with
 * company B's ids. A foreign id must answer exactly like a missing one (404, problem type
 * {@code /problems/not-found}), a link to a foreign object must be refused (422), lists must not show B,
 * and afterwards B's objects and journal must be as they were (read back as B's owner).
 *
 * <p>Run against each database by a subclass carrying that database's test annotation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossTenantIsolationContract extends ServerTestSupport {

    private static final String NOT_FOUND = "/problems/not-found";

    Fixtures.Company a;
    Fixtures.Company b;
    String aEmployee;
    String aGroup;
    String bEmployee;
    String bGroup;
    String bEmployeeName;
    String bIpRule;
    String bIntegrationToken;
    String bIntegrationSecret;
    String bOwnerSessionRef;

    @BeforeAll
    void twoCompanies() {
        connect();
        a = fixtures.company("Alpha");
        b = fixtures.company("Bravo");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        aGroup = fixtures.group(a.ownerToken(), "Alpha Sales").get("id").asString();
        aEmployee = fixtures.employee(a.ownerToken(), "ann-" + suffix + "@alpha.test", "Ann Alpha").get("id").asString();
        bGroup = fixtures.group(b.ownerToken(), "Bravo Sales").get("id").asString();
        bEmployeeName = "Boris Bravo " + suffix;
        FortelClient.Response created = client.post(b.ownerToken(), "/api/v1/employees", """
                {"login": "boris-%s@bravo.test", "display_name": "%s", "extension": "201", "group_ids": ["%s"], "supervisor_id": "%s"}"""
                .formatted(suffix, bEmployeeName, bGroup, b.ownerId()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        bEmployee = created.body().get("id").asString();
        FortelClient.Response rule = client.post(b.ownerToken(), "/api/v1/ip-rules",
                "{\"action\": \"deny\", \"address\": \"192.0.2.0/24\", \"scope\": \"employees\", \"note\": \"Bravo only\"}");
        assertThat(rule.status()).as(rule.raw()).isEqualTo(201);
        bIpRule = rule.body().get("id").asString();
        FortelClient.Response integration = client.post(b.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"Bravo CRM\", \"scope\": [\"employees.view\"], \"expires_at\": \""
                        + java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}");
        assertThat(integration.status()).as(integration.raw()).isEqualTo(201);
        bIntegrationToken = integration.body().get("id").asString();
        bIntegrationSecret = integration.body().get("token").asString();
        bOwnerSessionRef = client.get(b.ownerToken(), "/api/v1/me/sessions").body().get("items").get(0).get("ref").asString();
    }

    @Test
    void anotherCompanysAccessModelObjectsAnswerNotFound() {
        Map<String, String> before = bState();
        String bGroupRoles = client.get(b.ownerToken(), "/api/v1/groups/" + bGroup + "/roles").raw();
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/employees/" + x + "/functions"), bEmployee);
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/employees/" + x + "/accessors"), bEmployee);
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/groups/" + x + "/roles"), bGroup);
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/groups/" + x + "/accessors"), bGroup);
        answersLikeMissing(x -> client.send(client.request("/api/v1/groups/" + x + "/roles").header("Authorization", "Bearer " + a.ownerToken())
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"roles\": [\"admin\"]}"))),
                bGroup);
        // Copying onto a foreign employee, and copying a foreign employee's access onto one's own.
        answersLikeMissing(x -> client.post(a.ownerToken(), "/api/v1/employees/" + x + "/copy-access", "{\"from\": \"" + aEmployee + "\"}"),
                bEmployee);
        answersLikeMissing(x -> client.post(a.ownerToken(), "/api/v1/employees/" + aEmployee + "/copy-access", "{\"from\": \"" + x + "\"}"),
                bEmployee);
        assertThat(client.get(b.ownerToken(), "/api/v1/groups/" + bGroup + "/roles").raw()).isEqualTo(bGroupRoles);
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void anotherCompanysRolesAnswerNotFoundAndCannotBeGiven() {
        String code = "bravo_" + UUID.randomUUID().toString().substring(0, 6).replace('-', '_');
        FortelClient.Response created = client.post(b.ownerToken(), "/api/v1/roles", "{\"code\": \"" + code
                + "\", \"name\": \"Bravo desk " + code + "\", \"functions\": [{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + bGroup + "\"]}]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String bRole = client.get(b.ownerToken(), "/api/v1/roles/" + code).raw();
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/roles/" + x), code);
        answersLikeMissing(x -> client.put(a.ownerToken(), "/api/v1/roles/" + x, "{\"name\": \"Taken over\", \"functions\": []}"), code);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/roles/" + x), code);
        answersLikeMissing(x -> client.post(a.ownerToken(), "/api/v1/roles/" + x + "/reset", "{}"), code);
        refusedFor("roles", client.patch(a.ownerToken(), "/api/v1/employees/" + aEmployee, "{\"roles\": [\"" + code + "\"]}"));
        // A company role of A cannot name B's group.
        refusedFor("functions", client.post(a.ownerToken(), "/api/v1/roles", "{\"code\": \"alpha_" + code.substring(6)
                + "\", \"name\": \"Alpha " + code + "\", \"functions\": [{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + bGroup + "\"]}]}"));
        assertThat(client.get(b.ownerToken(), "/api/v1/roles/" + code).raw()).isEqualTo(bRole);
    }

    @Test
    void anotherCompanysIpRuleAnswersNotFoundToReadChangeAndDelete() {
        Map<String, String> before = bState();
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/ip-rules/" + x), bIpRule);
        answersLikeMissing(x -> client.patch(a.ownerToken(), "/api/v1/ip-rules/" + x, "{\"action\": \"allow\", \"note\": \"Taken over\"}"),
                bIpRule);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/ip-rules/" + x), bIpRule);
        assertThat(ids(client.get(a.ownerToken(), "/api/v1/ip-rules"))).doesNotContain(bIpRule);
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void anotherCompanysSessionsAndIntegrationTokensAnswerNotFound() {
        Map<String, String> before = bState();
        String bIntegrations = client.get(b.ownerToken(), "/api/v1/integration-tokens").raw();
        for (String id : List.of(bEmployee, b.ownerId().toString())) {
            answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/employees/" + x + "/sessions"), id);
            answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/employees/" + x + "/sessions"), id);
            answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/employees/" + x + "/sessions/" + bOwnerSessionRef), id);
        }
        // B's session reference, aimed at A's own sessions and at an employee of A's.
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/me/sessions/" + x), bOwnerSessionRef);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/employees/" + aEmployee + "/sessions/" + x), bOwnerSessionRef);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/employees/" + a.ownerId() + "/sessions/" + x), bOwnerSessionRef);
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/integration-tokens/" + x), bIntegrationToken);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/integration-tokens/" + x), bIntegrationToken);

        assertThat(ids(client.get(a.ownerToken(), "/api/v1/integration-tokens"))).doesNotContain(bIntegrationToken);
        assertThat(client.get(a.ownerToken(), "/api/v1/employees/" + a.ownerId() + "/sessions").raw()).doesNotContain(bOwnerSessionRef);
        assertThat(client.get(b.ownerToken(), "/api/v1/integration-tokens").raw()).isEqualTo(bIntegrations);
        assertThat(bState()).isEqualTo(before);
        assertThat(client.get(b.ownerToken(), "/api/v1/me").status()).as("B's owner is still signed in").isEqualTo(200);
        assertThat(client.get(bIntegrationSecret, "/api/v1/employees").status()).as("B's integration token still works").isEqualTo(200);
    }

    @Test
    void anotherCompanysEmployeeAnswersNotFoundToReadChangeAndDelete() {
        Map<String, String> before = bState();
        for (String id : List.of(bEmployee, b.ownerId().toString())) {
            answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/employees/" + x), id);
            answersLikeMissing(x -> client.patch(a.ownerToken(), "/api/v1/employees/" + x,
                    "{\"display_name\": \"Taken over\", \"status\": \"disabled\", \"roles\": [\"admin\"]}"), id);
            answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/employees/" + x), id);
        }
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void anotherCompanysGroupAnswersNotFoundToReadChangeAndDelete() {
        Map<String, String> before = bState();
        answersLikeMissing(x -> client.get(a.ownerToken(), "/api/v1/groups/" + x), bGroup);
        answersLikeMissing(x -> client.patch(a.ownerToken(), "/api/v1/groups/" + x, "{\"name\": \"Taken over\", \"description\": null}"), bGroup);
        answersLikeMissing(x -> client.delete(a.ownerToken(), "/api/v1/groups/" + x), bGroup);
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void activationLinkForAnotherCompanysEmployeeAnswersNotFoundAndIssuesNothing() {
        Map<String, String> before = bState();
        for (String id : List.of(bEmployee, b.ownerId().toString())) {
            answersLikeMissing(x -> client.post(a.ownerToken(), "/api/v1/employees/" + x + "/activation-link", "{}"), id);
        }
        // B's journal would show an auth.activation.issued event; A's must not name B's employees either.
        assertThat(bState()).isEqualTo(before);
        assertThat(journal(a.ownerToken()).stream().map(e -> text(e.get("target").get("id"))))
                .doesNotContain(bEmployee, b.ownerId().toString());
    }

    @Test
    void ownEmployeeCannotGetAnotherCompanysSupervisor() {
        Map<String, String> before = bState();
        String own = client.get(a.ownerToken(), "/api/v1/employees/" + aEmployee).raw();

        refusedFor("supervisor_id", client.patch(a.ownerToken(), "/api/v1/employees/" + aEmployee,
                "{\"supervisor_id\": \"" + bEmployee + "\"}"));
        refusedFor("supervisor_id", client.post(a.ownerToken(), "/api/v1/employees",
                "{\"login\": \"x-" + UUID.randomUUID().toString().substring(0, 8) + "@alpha.test\", \"display_name\": \"X\", \"supervisor_id\": \""
                        + b.ownerId() + "\"}"));

        assertThat(client.get(a.ownerToken(), "/api/v1/employees/" + aEmployee).raw()).isEqualTo(own);
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void ownEmployeeCannotJoinAnotherCompanysGroup() {
        Map<String, String> before = bState();
        String own = client.get(a.ownerToken(), "/api/v1/employees/" + aEmployee).raw();

        refusedFor("group_ids", client.patch(a.ownerToken(), "/api/v1/employees/" + aEmployee,
                "{\"group_ids\": [\"" + bGroup + "\"]}"));
        refusedFor("group_ids", client.patch(a.ownerToken(), "/api/v1/employees/" + aEmployee,
                "{\"group_ids\": [\"" + aGroup + "\", \"" + bGroup + "\"]}"));
        refusedFor("group_ids", client.post(a.ownerToken(), "/api/v1/employees",
                "{\"login\": \"y-" + UUID.randomUUID().toString().substring(0, 8) + "@alpha.test\", \"display_name\": \"Y\", \"group_ids\": [\""
                        + bGroup + "\"]}"));

        assertThat(client.get(a.ownerToken(), "/api/v1/employees/" + aEmployee).raw()).isEqualTo(own);
        assertThat(bState()).isEqualTo(before);
    }

    @Test
    void listsAndSearchesShowOnlyOwnCompanysData() {
        Set<String> bIds = Set.of(bEmployee, b.ownerId().toString(), bGroup, b.id().toString());

        List<String> employees = ids(client.get(a.ownerToken(), "/api/v1/employees?limit=200"));
        assertThat(employees).contains(aEmployee, a.ownerId().toString()).doesNotContainAnyElementsOf(bIds);
        assertThat(ids(client.get(a.ownerToken(), "/api/v1/employees?q=" + bEmployeeName.replace(' ', '+')))).isEmpty();
        assertThat(ids(client.get(a.ownerToken(), "/api/v1/employees?q=bravo.test"))).isEmpty();
        assertThat(ids(client.get(a.ownerToken(), "/api/v1/employees?group_id=" + bGroup))).isEmpty();
        assertThat(ids(client.get(a.ownerToken(), "/api/v1/groups?limit=200"))).contains(aGroup).doesNotContainAnyElementsOf(bIds);

        List<JsonNode> aJournal = journal(a.ownerToken());
        List<JsonNode> bJournal = journal(b.ownerToken());
        assertThat(aJournal).isNotEmpty();
        assertThat(bJournal).isNotEmpty();
        Set<String> bEvents = new HashSet<>(bJournal.stream().map(e -> e.get("id").asString()).toList());
        assertThat(aJournal.stream().map(e -> e.get("id").asString())).doesNotContainAnyElementsOf(bEvents);
        assertThat(aJournal.stream().map(e -> text(e.get("target").get("id")))).doesNotContainAnyElementsOf(bIds);
        assertThat(aJournal.stream().map(e -> text(e.get("actor").get("id")))).doesNotContain(b.ownerId().toString());
        assertThat(client.get(a.ownerToken(), "/api/v1/journal?actor=" + b.ownerId()).body().get("items")).isEmpty();
    }

    /** {@code call} with the foreign id answers 404 with the not-found problem, exactly as it does for an id nobody has. */
    private void answersLikeMissing(Function<String, FortelClient.Response> call, String foreignId) {
        FortelClient.Response foreign = call.apply(foreignId);
        FortelClient.Response missing = call.apply(UUID.randomUUID().toString());
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(404);
        assertThat(foreign.header("Content-Type")).startsWith("application/problem+json");
        assertThat(foreign.body().get("type").asString()).isEqualTo(NOT_FOUND);
        assertThat(foreign.body().get("status").asInt()).isEqualTo(404);
        assertThat(problem(foreign)).isEqualTo(problem(missing));
    }

    private static Map<String, String> problem(FortelClient.Response r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("http", Integer.toString(r.status()));
        for (String field : List.of("type", "title", "status", "detail")) {
            p.put(field, text(r.body().get(field)));
        }
        return p;
    }

    private static void refusedFor(String field, FortelClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("type").asString()).isEqualTo("/problems/validation");
        assertThat(r.body().get("errors").findValuesAsString("field")).contains(field);
    }

    /** What B's owner sees of B: the objects A aimed at, both lists, and the newest journal event. */
    private Map<String, String> bState() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/employees/" + bEmployee, "/api/v1/employees/" + b.ownerId(), "/api/v1/groups/" + bGroup,
                "/api/v1/employees?limit=200", "/api/v1/groups?limit=200", "/api/v1/journal?limit=1", "/api/v1/ip-rules")) {
            FortelClient.Response r = client.get(b.ownerToken(), path);
            assertThat(r.status()).as(path + ": " + r.raw()).isEqualTo(200);
            state.put(path, r.raw());
        }
        return state;
    }

    private List<JsonNode> journal(String token) {
        FortelClient.Response r = client.get(token, "/api/v1/journal?limit=500");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.body().get("items").forEach(items::add);
        return items;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.isString() ? node.asString() : node.toString();
    }

    private static List<String> ids(FortelClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("items").findValuesAsString("id");
    }
}
