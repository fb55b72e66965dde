package dev.fortel.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Groups carry roles: members hold them, the grant path is shown, and nobody escalates through a group. */
@FortelServerTest
class GroupRolesTests extends ServerTestSupport {

    Fixtures.Company acme;
    String group;
    String memberLogin;
    String memberToken;
    String memberId;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Carry");
        group = fixtures.group(acme.ownerToken(), "Team leads " + UUID.randomUUID().toString().substring(0, 4)).get("id").asString();
        memberLogin = "lead-" + UUID.randomUUID().toString().substring(0, 6) + "@carry.test";
        memberToken = fixtures.signedInEmployee(acme.ownerToken(), memberLogin, "Lead Person");
        memberId = client.get(memberToken, "/api/v1/me").body().get("id").asString();
    }

    private FortelClient.Response setGroupRoles(String token, String roles) {
        return client.send(client.request("/api/v1/groups/" + group + "/roles").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"roles\": " + roles + "}")));
    }

    private void join(String token, String employeeId) {
        FortelClient.Response r = client.patch(token, "/api/v1/employees/" + employeeId, "{\"group_ids\": [\"" + group + "\"]}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    @Test
    void aMemberHoldsTheRolesTheirGroupCarriesAndLosesThemOnLeaving() {
        assertThat(client.get(memberToken, "/api/v1/journal").status()).isEqualTo(403);
        assertThat(setGroupRoles(acme.ownerToken(), "[\"auditor\"]").status()).isEqualTo(200);
        join(acme.ownerToken(), memberId);
        assertThat(client.get(memberToken, "/api/v1/journal").status()).as("auditor through the group").isEqualTo(200);

        JsonNode functions = client.get(acme.ownerToken(), "/api/v1/employees/" + memberId + "/functions").body().get("functions");
        JsonNode journal = null;
        for (JsonNode f : functions) {
            if (f.get("code").asString().equals("journal.view")) {
                journal = f;
            }
        }
        assertThat(journal).isNotNull();
        assertThat(journal.get("granted_by").get(0).get("role").asString()).isEqualTo("auditor");
        assertThat(journal.get("granted_by").get(0).get("group_id").asString()).isEqualTo(group);

        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + memberId, "{\"group_ids\": []}").status()).isEqualTo(200);
        assertThat(client.get(memberToken, "/api/v1/journal").status()).as("the role left with the group").isEqualTo(403);
    }

    @Test
    void changingAGroupsRolesIsJournaledWithBeforeAndAfter() {
        assertThat(setGroupRoles(acme.ownerToken(), "[\"supervisor\"]").status()).isEqualTo(200);
        assertThat(setGroupRoles(acme.ownerToken(), "[\"supervisor\", \"auditor\"]").status()).isEqualTo(200);
        JsonNode entry = client.get(acme.ownerToken(), "/api/v1/journal?type=group.updated").body().get("items").get(0);
        assertThat(entry.get("target").get("id").asString()).isEqualTo(group);
        assertThat(entry.get("details").get("before").get("roles").valueStream().map(JsonNode::asString)).containsExactly("supervisor");
        assertThat(entry.get("details").get("after").get("roles").valueStream().map(JsonNode::asString)).containsExactly("auditor", "supervisor");
        assertThat(client.get(acme.ownerToken(), "/api/v1/groups/" + group + "/roles").body().get("roles").size()).isEqualTo(2);
    }

    @Test
    void nobodyEscalatesThroughAGroup() {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "adm-" + UUID.randomUUID().toString().substring(0, 6) + "@carry.test", "Admin");
        String adminId = client.get(admin, "/api/v1/me").body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"roles\": [\"admin\"]}").status()).isEqualTo(200);

        FortelClient.Response give = setGroupRoles(admin, "[\"security_officer\"]");
        assertThat(give.status()).as("an administrator lacks journal.verify").isEqualTo(422);
        assertThat(give.body().get("errors").get(0).get("field").asString()).isEqualTo("roles");

        assertThat(setGroupRoles(acme.ownerToken(), "[\"security_officer\"]").status()).isEqualTo(200);
        FortelClient.Response joinSelf = client.patch(admin, "/api/v1/employees/" + adminId, "{\"group_ids\": [\"" + group + "\"]}");
        assertThat(joinSelf.status()).as("joining a group that carries rights one lacks is escalation").isEqualTo(422);
        FortelClient.Response joinOther = client.patch(admin, "/api/v1/employees/" + memberId, "{\"group_ids\": [\"" + group + "\"]}");
        assertThat(joinOther.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + memberId).body().get("group_ids").size()).as("nothing changed").isZero();

        assertThat(client.delete(admin, "/api/v1/groups/" + group).status()).as("deleting takes the roles away from members").isEqualTo(422);
    }

    @Test
    void theOwnerRoleCannotBeCarriedAndUnknownRolesAreNamed() {
        FortelClient.Response owner = setGroupRoles(acme.ownerToken(), "[\"owner\"]");
        assertThat(owner.status()).isEqualTo(422);
        assertThat(owner.raw()).contains("owner or operator");
        FortelClient.Response unknown = setGroupRoles(acme.ownerToken(), "[\"wizard\"]");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/groups/" + group + "/roles").body().get("roles").size()).isZero();
    }

    @Test
    void whoCanAccessAnEmployeeListsEveryPathDirectAndThroughGroups() {
        assertThat(setGroupRoles(acme.ownerToken(), "[\"admin\"]").status()).isEqualTo(200);
        join(acme.ownerToken(), memberId);
        JsonNode accessors = client.get(acme.ownerToken(), "/api/v1/employees/" + acme.ownerId() + "/accessors").body().get("items");
        JsonNode viaGroup = null;
        JsonNode ownerManage = null;
        for (JsonNode a : accessors) {
            if (a.get("employee_id").asString().equals(memberId) && a.get("function").asString().equals("employees.manage")) {
                viaGroup = a;
            }
            if (a.get("employee_id").asString().equals(acme.ownerId().toString()) && a.get("function").asString().equals("employees.manage")) {
                ownerManage = a;
            }
        }
        assertThat(viaGroup).isNotNull();
        assertThat(viaGroup.get("granted_by").get(0).get("group_id").asString()).isEqualTo(group);
        assertThat(viaGroup.get("granted_by").get(0).get("role").asString()).isEqualTo("admin");
        assertThat(ownerManage).isNotNull();
        assertThat(ownerManage.get("granted_by").get(0).get("role").asString()).isEqualTo("owner");
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + UUID.randomUUID() + "/accessors").status()).isEqualTo(404);
        assertThat(client.get(acme.ownerToken(), "/api/v1/groups/" + group + "/accessors").body().get("items").findValuesAsString("function"))
                .contains("groups.view", "groups.manage");
    }

    @Test
    void whoCanAccessIsPagedInLoginOrder() {
        for (int i = 0; i < 3; i++) {
            fixtures.employee(acme.ownerToken(), "page-" + i + "-" + UUID.randomUUID().toString().substring(0, 4) + "@carry.test", "Paged " + i);
        }
        JsonNode first = client.get(acme.ownerToken(), "/api/v1/employees/" + memberId + "/accessors?limit=2").body();
        assertThat(first.get("items").findValuesAsString("employee_id").stream().distinct().count()).isEqualTo(2);
        String cursor = first.get("next_cursor").asString();
        JsonNode second = client.get(acme.ownerToken(), "/api/v1/employees/" + memberId + "/accessors?limit=2&cursor=" + cursor).body();
        assertThat(second.get("items").findValuesAsString("login")).doesNotContainAnyElementsOf(first.get("items").findValuesAsString("login"));
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + memberId + "/accessors?limit=0").status()).isEqualTo(422);
    }
}
