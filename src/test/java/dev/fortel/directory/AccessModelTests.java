package dev.fortel.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.access.Permission;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The access model through the API: the function catalog, roles with their grants, effective functions, copying access. */
@FortelServerTest
class AccessModelTests extends ServerTestSupport {

    Fixtures.Company acme;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Access");
    }

    private String employee(String roles, String groupIds) {
        String login = "acc-" + UUID.randomUUID().toString().substring(0, 8) + "@access.test";
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees",
                "{\"login\": \"" + login + "\", \"display_name\": \"Access Person\", \"roles\": " + roles + ", \"group_ids\": " + groupIds + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    @Test
    void theCatalogListsEveryFunctionWithADescriptionInTheReadersLanguage() {
        JsonNode en = client.get(acme.ownerToken(), "/api/v1/functions").body();
        assertThat(en.findValuesAsString("code")).containsExactlyElementsOf(Arrays.stream(Permission.values()).map(Permission::code).toList());
        assertThat(en.findValuesAsString("description")).as("the English bundle says what the catalog says")
                .containsExactlyElementsOf(Arrays.stream(Permission.values()).map(Permission::description).toList());
        JsonNode ru = client.send(client.request("/api/v1/functions").header("Authorization", "Bearer " + acme.ownerToken())
                .header("Accept-Language", "ru").GET()).body();
        assertThat(ru.get(0).get("description").asString()).startsWith("Видеть коллег");
    }

    @Test
    void rolesListTheirFunctionsWithScopesAndAClientCompanyDoesNotSeeTheOperatorRole() {
        JsonNode roles = client.get(acme.ownerToken(), "/api/v1/roles").body();
        assertThat(roles.findValuesAsString("code")).containsExactly("owner", "admin", "security_officer", "supervisor", "employee", "auditor");
        JsonNode auditor = roles.get(5);
        assertThat(auditor.get("name").asString()).isEqualTo("Auditor");
        assertThat(auditor.get("functions").findValuesAsString("function")).contains("journal.view", "journal.verify")
                .doesNotContain("employees.manage", "security.settings.manage");
        assertThat(auditor.get("functions").findValuesAsString("scope")).containsOnly("tenant");
        JsonNode supervisorJournal = null;
        for (JsonNode g : roles.get(3).get("functions")) {
            if (g.get("function").asString().equals("journal.view")) {
                supervisorJournal = g;
            }
        }
        assertThat(supervisorJournal).as("a supervisor reads the journal").isNotNull();
        assertThat(supervisorJournal.get("scope").asString()).isEqualTo("subordinates");
    }

    @Test
    void anEmployeesFunctionsNameTheRolesThatGrantThem() {
        String id = employee("[\"admin\", \"supervisor\"]", "[]");
        JsonNode functions = client.get(acme.ownerToken(), "/api/v1/employees/" + id + "/functions").body().get("functions");
        JsonNode view = null;
        for (JsonNode f : functions) {
            if (f.get("code").asString().equals("employees.view")) {
                view = f;
            }
        }
        assertThat(view).isNotNull();
        assertThat(view.get("granted_by").findValuesAsString("role")).containsExactly("admin", "supervisor");
        assertThat(functions.findValuesAsString("code")).contains("employees.manage").doesNotContain("journal.verify", "tenants.manage");
    }

    @Test
    void copyingAccessGivesRolesAndGroupsInOneJournaledChange() {
        String sales = fixtures.group(acme.ownerToken(), "Sales " + UUID.randomUUID().toString().substring(0, 4)).get("id").asString();
        String support = fixtures.group(acme.ownerToken(), "Support " + UUID.randomUUID().toString().substring(0, 4)).get("id").asString();
        String model = employee("[\"supervisor\"]", "[\"" + sales + "\", \"" + support + "\"]");
        String newcomer = employee("[\"employee\"]", "[]");

        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees/" + newcomer + "/copy-access", "{\"from\": \"" + model + "\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("roles").valueStream().map(JsonNode::asString)).containsExactly("supervisor");
        assertThat(r.body().get("group_ids").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(sales, support);

        JsonNode entry = client.get(acme.ownerToken(), "/api/v1/journal?type=employee.access.copied").body().get("items").get(0);
        assertThat(entry.get("target").get("id").asString()).isEqualTo(newcomer);
        assertThat(entry.get("details").get("from").get("id").asString()).isEqualTo(model);
        assertThat(entry.get("details").get("before").get("roles").valueStream().map(JsonNode::asString)).containsExactly("employee");
        assertThat(entry.get("details").get("after").get("roles").valueStream().map(JsonNode::asString)).containsExactly("supervisor");
        assertThat(entry.get("details").get("after").get("group_ids").size()).isEqualTo(2);
    }

    @Test
    void copyingNeverPassesOnTheOwnerRoleNorTakesItAway() {
        String newcomer = employee("[\"employee\"]", "[]");
        FortelClient.Response fromOwner = client.post(acme.ownerToken(), "/api/v1/employees/" + newcomer + "/copy-access",
                "{\"from\": \"" + acme.ownerId() + "\"}");
        assertThat(fromOwner.status()).isEqualTo(200);
        assertThat(fromOwner.body().get("roles").valueStream().map(JsonNode::asString)).doesNotContain("owner");
        String plain = employee("[\"employee\"]", "[]");
        FortelClient.Response toOwner = client.post(acme.ownerToken(), "/api/v1/employees/" + acme.ownerId() + "/copy-access",
                "{\"from\": \"" + plain + "\"}");
        assertThat(toOwner.status()).isEqualTo(200);
        assertThat(toOwner.body().get("roles").valueStream().map(JsonNode::asString)).contains("owner");
    }

    @Test
    void anAdministratorCannotCopyRightsTheyDoNotHoldAndNothingChanges() {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "adm-" + UUID.randomUUID().toString().substring(0, 6) + "@access.test", "Admin");
        String adminId = client.get(admin, "/api/v1/me").body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"roles\": [\"admin\"]}").status()).isEqualTo(200);
        String officer = employee("[\"security_officer\"]", "[]");
        String newcomer = employee("[\"employee\"]", "[]");

        FortelClient.Response r = client.post(admin, "/api/v1/employees/" + newcomer + "/copy-access", "{\"from\": \"" + officer + "\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo("roles");
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + newcomer).body().get("roles").valueStream().map(JsonNode::asString))
                .containsExactly("employee");
    }

    @Test
    void badCopyRequestsAreRefusedPrecisely() {
        String newcomer = employee("[\"employee\"]", "[]");
        FortelClient.Response self = client.post(acme.ownerToken(), "/api/v1/employees/" + newcomer + "/copy-access", "{\"from\": \"" + newcomer + "\"}");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body().get("errors").get(0).get("field").asString()).isEqualTo("from");
        FortelClient.Response missing = client.post(acme.ownerToken(), "/api/v1/employees/" + newcomer + "/copy-access", "{}");
        assertThat(missing.status()).isEqualTo(422);
        FortelClient.Response unknown = client.post(acme.ownerToken(), "/api/v1/employees/" + newcomer + "/copy-access",
                "{\"from\": \"" + UUID.randomUUID() + "\"}");
        assertThat(unknown.status()).isEqualTo(404);
        String plain = fixtures.signedInEmployee(acme.ownerToken(), "pl-" + UUID.randomUUID().toString().substring(0, 6) + "@access.test", "Plain");
        assertThat(client.get(plain, "/api/v1/roles").status()).as("an ordinary employee does not read the access model").isEqualTo(403);
        assertThat(client.post(plain, "/api/v1/employees/" + newcomer + "/copy-access", "{\"from\": \"" + acme.ownerId() + "\"}").status())
                .isEqualTo(403);
    }
}
