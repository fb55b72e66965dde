package dev.fortel.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A company's own roles and its customized built-ins through the API: what they grant takes effect at once for every
 * holder, every change is journaled with before and after, bad input is refused precisely with nothing stored, and
 * nobody puts into a role more than they hold.
 */
@FortelServerTest
class CustomRolesTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Roles");
    }

    private String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6) + "@roles.test";
    }

    private FortelClient.Response createRole(String token, String json) {
        return client.post(token, "/api/v1/roles", json);
    }

    private static JsonNode grantOf(JsonNode role, String function) {
        for (JsonNode g : role.get("functions")) {
            if (g.get("function").asString().equals(function)) {
                return g;
            }
        }
        return null;
    }

    @Test
    void aCompanyRoleGrantsItsFunctionsToHoldersAndIsJournaledWithItsGrants() {
        FortelClient.Response created = createRole(acme.ownerToken(), """
                {"code": "journal_reader", "name": "Journal reader", "description": "Reads the journal, nothing else",
                 "functions": [{"function": "journal.view", "scope": "tenant"}, {"function": "employees.view", "scope": "tenant"}]}""");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/roles/journal_reader");
        assertThat(created.body().get("builtin").asBoolean()).isFalse();
        assertThat(created.body().get("editable").asBoolean()).isTrue();

        String reader = fixtures.signedInEmployee(acme.ownerToken(), unique("reader"), "Reader Person", "journal_reader");
        assertThat(client.get(reader, "/api/v1/journal").status()).as("the company role grants journal.view").isEqualTo(200);
        assertThat(client.get(reader, "/api/v1/security-settings").status()).as("and nothing it does not list").isEqualTo(403);
        assertThat(client.get(reader, "/api/v1/me").body().get("roles").valueStream().map(JsonNode::asString)).containsExactly("journal_reader");

        JsonNode roles = client.get(acme.ownerToken(), "/api/v1/roles").body();
        assertThat(roles.findValuesAsString("code")).contains("journal_reader");
        JsonNode entry = client.get(acme.ownerToken(), "/api/v1/journal?type=role.created").body().get("items").get(0);
        assertThat(entry.get("target").get("id").asString()).isEqualTo("journal_reader");
        assertThat(entry.get("details").get("after").get("grants").valueStream().map(JsonNode::asString))
                .containsExactly("employees.view: tenant", "journal.view: tenant");
    }

    @Test
    void customizingABuiltInChangesEveryHolderAtOnceAndResetBringsTheDefaultBack() {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), unique("adm"), "Admin Person", "admin");
        assertThat(fixtures.group(admin, "Before " + UUID.randomUUID().toString().substring(0, 4))).isNotNull();

        JsonNode adminRole = client.get(acme.ownerToken(), "/api/v1/roles/admin").body();
        StringBuilder functions = new StringBuilder();
        for (JsonNode g : adminRole.get("functions")) {
            if (!g.get("function").asString().equals("groups.manage")) {
                functions.append(functions.isEmpty() ? "" : ", ").append("{\"function\": \"").append(g.get("function").asString())
                        .append("\", \"scope\": \"tenant\"}");
            }
        }
        FortelClient.Response changed = client.put(acme.ownerToken(), "/api/v1/roles/admin", "{\"functions\": [" + functions + "]}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("customized").asBoolean()).isTrue();
        assertThat(client.post(admin, "/api/v1/groups", "{\"name\": \"After change\"}").status())
                .as("the administrator lost groups.manage at once").isEqualTo(403);
        JsonNode entry = client.get(acme.ownerToken(), "/api/v1/journal?type=role.changed").body().get("items").get(0);
        assertThat(entry.get("details").get("before").get("grants").valueStream().map(JsonNode::asString)).contains("groups.manage: tenant");
        assertThat(entry.get("details").get("after").get("grants").valueStream().map(JsonNode::asString)).doesNotContain("groups.manage: tenant");

        FortelClient.Response reset = client.post(acme.ownerToken(), "/api/v1/roles/admin/reset", "{}");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
        assertThat(reset.body().get("customized").asBoolean()).isFalse();
        assertThat(grantOf(reset.body(), "groups.manage")).isNotNull();
        assertThat(client.post(admin, "/api/v1/groups", "{\"name\": \"After reset " + UUID.randomUUID().toString().substring(0, 4) + "\"}").status())
                .isEqualTo(201);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=role.reset").body().get("items").size()).isEqualTo(1);
    }

    @Test
    void aJournalGrantOverGroupsShowsOnlyEventsAboutTheGroupsMembers() {
        String sales = fixtures.group(acme.ownerToken(), "Sales " + UUID.randomUUID().toString().substring(0, 4)).get("id").asString();
        FortelClient.Response created = createRole(acme.ownerToken(), "{\"code\": \"sales_auditor\", \"name\": \"Sales auditor\", \"functions\": ["
                + "{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + sales + "\"]}]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(grantOf(created.body(), "journal.view").get("group_ids").get(0).asString()).isEqualTo(sales);

        String seller = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + unique("seller")
                + "\", \"display_name\": \"Seller\", \"group_ids\": [\"" + sales + "\"]}").body().get("id").asString();
        String outsider = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + unique("outsider")
                + "\", \"display_name\": \"Outsider\"}").body().get("id").asString();
        String auditor = fixtures.signedInEmployee(acme.ownerToken(), unique("sa"), "Sales Auditor", "sales_auditor");

        JsonNode items = client.get(auditor, "/api/v1/journal?type=employee.created&limit=100").body().get("items");
        assertThat(items.valueStream().map(e -> e.get("target").get("id").asString()).toList()).contains(seller).doesNotContain(outsider);
    }

    @Test
    void badRoleInputGetsAPreciseProblemAndNothingIsStored() {
        int before = client.get(acme.ownerToken(), "/api/v1/roles").body().size();
        FortelClient.Response unknownFunction = createRole(acme.ownerToken(),
                "{\"code\": \"bad_one\", \"name\": \"Bad\", \"functions\": [{\"function\": \"calls.teleport\", \"scope\": \"tenant\"}]}");
        assertThat(unknownFunction.status()).isEqualTo(422);
        assertThat(unknownFunction.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownFunction.body().get("errors").get(0).get("field").asString()).isEqualTo("functions[0].function");
        assertThat(unknownFunction.body().get("errors").get(0).get("message").asString()).contains("calls.teleport").contains("employees.view");

        FortelClient.Response unknownScope = createRole(acme.ownerToken(),
                "{\"code\": \"bad_two\", \"name\": \"Bad\", \"functions\": [{\"function\": \"employees.view\", \"scope\": \"planet\"}]}");
        assertThat(unknownScope.status()).isEqualTo(422);
        assertThat(unknownScope.body().get("errors").get(0).get("field").asString()).isEqualTo("functions[0].scope");

        FortelClient.Response notOffered = createRole(acme.ownerToken(),
                "{\"code\": \"bad_three\", \"name\": \"Bad\", \"functions\": [{\"function\": \"security.settings.manage\", \"scope\": \"subordinates\"}]}");
        assertThat(notOffered.status()).isEqualTo(422);
        assertThat(notOffered.body().get("errors").get(0).get("message").asString()).contains("security.settings.manage can be granted over: tenant");

        FortelClient.Response groupsWithoutGroups = createRole(acme.ownerToken(),
                "{\"code\": \"bad_four\", \"name\": \"Bad\", \"functions\": [{\"function\": \"journal.view\", \"scope\": \"groups\"}]}");
        assertThat(groupsWithoutGroups.status()).isEqualTo(422);
        FortelClient.Response foreignGroup = createRole(acme.ownerToken(), "{\"code\": \"bad_five\", \"name\": \"Bad\", \"functions\": ["
                + "{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + UUID.randomUUID() + "\"]}]}");
        assertThat(foreignGroup.status()).isEqualTo(422);
        FortelClient.Response twice = createRole(acme.ownerToken(), "{\"code\": \"bad_six\", \"name\": \"Bad\", \"functions\": ["
                + "{\"function\": \"journal.view\", \"scope\": \"tenant\"}, {\"function\": \"journal.view\", \"scope\": \"own\"}]}");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"Bad Code\", \"name\": \"Bad\", \"functions\": []}").status()).isEqualTo(422);
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"admin\", \"name\": \"Second admin\", \"functions\": []}").status()).isEqualTo(409);
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"no_functions\", \"name\": \"Bad\"}").status()).isEqualTo(422);

        assertThat(client.get(acme.ownerToken(), "/api/v1/roles").body().size()).as("nothing was stored").isEqualTo(before);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=role.created").body().get("items").size()).isZero();

        assertThat(createRole(acme.ownerToken(), "{\"code\": \"twin\", \"name\": \"Twin\", \"functions\": []}").status()).isEqualTo(201);
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"twin\", \"name\": \"Other\", \"functions\": []}").status()).isEqualTo(409);
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"twin_two\", \"name\": \"twin\", \"functions\": []}").status())
                .as("names are unique regardless of case").isEqualTo(409);
    }

    @Test
    void aRoleInUseCannotBeDeletedNorABuiltInNorTheOwnerChanged() {
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"desk\", \"name\": \"Desk\", \"functions\": [{\"function\": \"employees.view\", \"scope\": \"tenant\"}]}")
                .status()).isEqualTo(201);
        String holder = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + unique("desk")
                + "\", \"display_name\": \"Desk Person\", \"roles\": [\"desk\"]}").body().get("id").asString();

        FortelClient.Response inUse = client.delete(acme.ownerToken(), "/api/v1/roles/desk");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.body().get("errors").get(0).get("message").asString()).contains("held by 1 employee");
        assertThat(client.get(acme.ownerToken(), "/api/v1/roles/desk").status()).isEqualTo(200);

        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + holder, "{\"roles\": [\"employee\"]}").status()).isEqualTo(200);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/roles/desk").status()).isEqualTo(204);
        assertThat(client.get(acme.ownerToken(), "/api/v1/roles/desk").status()).isEqualTo(404);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=role.deleted").body().get("items").size()).isEqualTo(1);

        assertThat(client.delete(acme.ownerToken(), "/api/v1/roles/auditor").status()).as("built-ins are reset, not deleted").isEqualTo(422);
        FortelClient.Response owner = client.put(acme.ownerToken(), "/api/v1/roles/owner", "{\"functions\": []}");
        assertThat(owner.status()).isEqualTo(422);
        assertThat(owner.body().get("errors").get(0).get("message").asString()).contains("never lock itself out");
        assertThat(client.get(acme.ownerToken(), "/api/v1/roles/operator").status()).as("a client company has no operator role").isEqualTo(404);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + holder, "{\"roles\": [\"desk\"]}").status())
                .as("a deleted role cannot be given").isEqualTo(422);
    }

    @Test
    void anotherCompanysRoleIsNotFoundAndCannotBeGiven() {
        Fixtures.Company other = fixtures.company("OtherRoles");
        assertThat(createRole(other.ownerToken(), "{\"code\": \"their_role\", \"name\": \"Theirs\", \"functions\": []}").status()).isEqualTo(201);
        assertThat(client.get(acme.ownerToken(), "/api/v1/roles/their_role").status()).isEqualTo(404);
        assertThat(client.put(acme.ownerToken(), "/api/v1/roles/their_role", "{\"name\": \"Mine\", \"functions\": []}").status()).isEqualTo(404);
        assertThat(client.delete(acme.ownerToken(), "/api/v1/roles/their_role").status()).isEqualTo(404);
        FortelClient.Response give = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + unique("x")
                + "\", \"display_name\": \"X\", \"roles\": [\"their_role\"]}");
        assertThat(give.status()).isEqualTo(422);
        assertThat(give.body().get("errors").get(0).get("message").asString()).contains("their_role");
    }

    @Test
    void nobodyPutsIntoARoleAFunctionOrReachTheyDoNotHold() {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), unique("adm"), "Admin", "admin");
        FortelClient.Response verify = createRole(admin, "{\"code\": \"verifier\", \"name\": \"Verifier\", \"functions\": ["
                + "{\"function\": \"journal.verify\", \"scope\": \"tenant\"}]}");
        assertThat(verify.status()).as("administrators do not hold journal.verify").isEqualTo(422);
        assertThat(verify.body().get("errors").get(0).get("message").asString()).contains("journal.verify");

        FortelClient.Response takeAway = client.put(admin, "/api/v1/roles/security_officer", "{\"functions\": []}");
        assertThat(takeAway.status()).as("nor take it out of the security officer's role").isEqualTo(422);

        assertThat(createRole(admin, "{\"code\": \"viewer\", \"name\": \"Viewer\", \"functions\": ["
                + "{\"function\": \"employees.view\", \"scope\": \"tenant\"}]}").status()).as("within their own functions").isEqualTo(201);

        String supervisor = fixtures.signedInEmployee(acme.ownerToken(), unique("sup"), "Supervisor", "supervisor");
        assertThat(createRole(supervisor, "{\"code\": \"x_role\", \"name\": \"X\", \"functions\": []}").status())
                .as("roles.manage is needed").isEqualTo(403);
    }

    @Test
    void aGroupThatAGrantNamesCannotBeDeleted() {
        String group = fixtures.group(acme.ownerToken(), "Named " + UUID.randomUUID().toString().substring(0, 4)).get("id").asString();
        assertThat(createRole(acme.ownerToken(), "{\"code\": \"named\", \"name\": \"Named\", \"functions\": ["
                + "{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + group + "\"]}]}").status()).isEqualTo(201);
        FortelClient.Response refused = client.delete(acme.ownerToken(), "/api/v1/groups/" + group);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("errors").get(0).get("message").asString()).contains("named (journal.view)");
        assertThat(client.get(acme.ownerToken(), "/api/v1/groups/" + group).status()).isEqualTo(200);
    }

    @Test
    void aChangeMadeByAnotherNodeIsAppliedWithinTheCheckInterval() throws InterruptedException {
        String auditor = fixtures.signedInEmployee(acme.ownerToken(), unique("aud"), "Auditor", "auditor");
        assertThat(client.get(auditor, "/api/v1/journal").status()).isEqualTo(200);
        // Another node customizes the auditor role: it writes the rows and increments the version, nothing reaches this node's cache.
        jdbc.sql("INSERT INTO roles (tenant_id, code, built_in, created_at, updated_at) VALUES (:t, 'auditor', true, now(), now())")
                .param("t", acme.id()).update();
        jdbc.sql("INSERT INTO role_grants (tenant_id, role_code, function_code, scope) VALUES (:t, 'auditor', 'employees.view', 'tenant')")
                .param("t", acme.id()).update();
        jdbc.sql("INSERT INTO access_versions (tenant_id, version) VALUES (:t, 0) ON CONFLICT DO NOTHING").param("t", acme.id()).update();
        jdbc.sql("UPDATE access_versions SET version = version + 1 WHERE tenant_id = :t").param("t", acme.id()).update();
        int status = 200;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = client.get(auditor, "/api/v1/journal").status();
        }
        assertThat(status).as("the auditor role no longer grants journal.view on this node").isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/roles/auditor").body().get("customized").asBoolean()).isTrue();
    }
}
