package dev.fortel.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Grants narrowed to chosen groups or to subordinates, as people use them: lists show only what the grant reaches,
 * every endpoint that names an employee or a group answers 404 for one outside it (no IDOR), changes cannot move an
 * employee out of reach, and a change of reporting lines or memberships takes effect at once.
 */
@FortelServerTest
class ScopedAccessTests extends ServerTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    Fixtures.Company acme;
    String sales;
    String other;
    String salesAdmin;
    String salesAdminId;
    String seller;
    String outsider;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Scopes");
        sales = fixtures.group(acme.ownerToken(), "Sales " + suffix()).get("id").asString();
        other = fixtures.group(acme.ownerToken(), "Other " + suffix()).get("id").asString();
        FortelClient.Response role = client.post(acme.ownerToken(), "/api/v1/roles", """
                {"code": "sales_admin", "name": "Sales administrator", "functions": [
                  {"function": "employees.view", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "employees.manage", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "groups.view", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "groups.manage", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "sip.accounts.view", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "sip.accounts.manage", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "sip.credentials.reveal", "scope": "groups", "group_ids": ["%1$s"]},
                  {"function": "roles.view", "scope": "tenant"}]}""".formatted(sales));
        assertThat(role.status()).as(role.raw()).isEqualTo(201);
        assertThat(client.post(acme.ownerToken(), "/api/v1/roles", "{\"code\": \"member\", \"name\": \"Member\", \"functions\": []}").status())
                .isEqualTo(201);
        salesAdmin = fixtures.signedInEmployee(acme.ownerToken(), login("sadm"), "Sales Admin", "sales_admin");
        salesAdminId = client.get(salesAdmin, "/api/v1/me").body().get("id").asString();
        seller = employee("{\"group_ids\": [\"" + sales + "\"]}");
        outsider = employee("{\"group_ids\": [\"" + other + "\"]}");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static String login(String prefix) {
        return prefix + "-" + suffix() + "@scopes.test";
    }

    private String employee(String extra) {
        String json = "{\"login\": \"" + login("e") + "\", \"display_name\": \"Person " + suffix() + "\", " + extra.substring(1);
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/employees", json);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    @Test
    void listsShowOnlyWhatTheGrantReaches() {
        List<String> ids = client.get(salesAdmin, "/api/v1/employees?limit=200").body().get("items").valueStream()
                .map(e -> e.get("id").asString()).toList();
        assertThat(ids).contains(seller, salesAdminId).doesNotContain(outsider, acme.ownerId().toString());
        List<String> groups = client.get(salesAdmin, "/api/v1/groups").body().get("items").valueStream().map(g -> g.get("id").asString()).toList();
        assertThat(groups).containsExactly(sales);
    }

    /** Every API endpoint whose path names an employee or a group, called with one outside the caller's reach. */
    @Test
    void everyEndpointNamingAnEmployeeOrGroupAnswers404OutsideTheGrantsReach() {
        List<String> tried = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                boolean employee = pattern.startsWith("/api/v1/employees/{id}");
                boolean group = pattern.startsWith("/api/v1/groups/{id}");
                if (!employee && !group) {
                    continue;
                }
                for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                    // Other path variables name a sub-object (a session, a SIP account): any id will do from outside.
                    String outside = pattern.replace("{id}", employee ? outsider : other).replace("{ref}", "x")
                            .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
                    FortelClient.Response r = call(method, outside);
                    assertThat(r.status()).as(method + " " + pattern + " with an object outside the reach: " + r.raw()).isEqualTo(404);
                    if (!pattern.replace("{id}", "").contains("{")) {
                        // A fresh employee each time: the calls change what they name (a DELETE removes it). The group
                        // survives every call: a group that a role's grant names cannot be deleted.
                        String inside = pattern.replace("{id}", employee ? employee("{\"group_ids\": [\"" + sales + "\"]}") : sales);
                        FortelClient.Response ok = call(method, inside);
                        assertThat(ok.status()).as(method + " " + pattern + " with an object inside the reach: " + ok.raw()).isNotEqualTo(404);
                    }
                    tried.add(method + " " + pattern);
                }
            }
        }
        assertThat(tried).as("the endpoints tried").hasSizeGreaterThan(15)
                .contains("GET /api/v1/employees/{id}", "PATCH /api/v1/employees/{id}", "DELETE /api/v1/groups/{id}",
                        "POST /api/v1/employees/{id}/password-reset", "GET /api/v1/employees/{id}/sessions");
    }

    private FortelClient.Response call(RequestMethod method, String path) {
        HttpRequest.Builder request = client.request(path).header("Authorization", "Bearer " + salesAdmin)
                .header("Content-Type", "application/json");
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(method == RequestMethod.PUT ? "{\"roles\": []}" : "{}");
        return client.send(switch (method) {
            case GET -> request.GET();
            case DELETE -> request.DELETE();
            default -> request.method(method.name(), body);
        });
    }

    @Test
    void whoSeesTheCompanyButManagesOneGroupGets403ForTheRestAnd404ForWhatDoesNotExist() {
        assertThat(client.post(acme.ownerToken(), "/api/v1/roles", """
                {"code": "sales_manager", "name": "Sales manager", "functions": [
                  {"function": "employees.view", "scope": "tenant"}, {"function": "groups.view", "scope": "tenant"},
                  {"function": "employees.manage", "scope": "groups", "group_ids": ["%s"]}]}""".formatted(sales)).status()).isEqualTo(201);
        String manager = fixtures.signedInEmployee(acme.ownerToken(), login("mgr"), "Manager", "sales_manager");
        assertThat(client.get(manager, "/api/v1/employees/" + outsider).status()).as("seen").isEqualTo(200);
        FortelClient.Response refused = client.patch(manager, "/api/v1/employees/" + outsider, "{\"extension\": \"777\"}");
        assertThat(refused.status()).as("seen but not managed").isEqualTo(403);
        assertThat(client.patch(manager, "/api/v1/employees/" + UUID.randomUUID(), "{\"extension\": \"778\"}").status())
                .as("an id that names nobody").isEqualTo(404);
        assertThat(client.patch(manager, "/api/v1/employees/" + seller, "{\"extension\": \"779\"}").status()).isEqualTo(200);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + outsider).body().path("extension").isNull()).as("nothing changed").isTrue();
    }

    @Test
    void creatingOrChangingAnEmployeeCannotPlaceThemOutOfReach() {
        FortelClient.Response nowhere = client.post(salesAdmin, "/api/v1/employees",
                "{\"login\": \"" + login("n") + "\", \"display_name\": \"Nowhere\", \"roles\": [\"member\"]}");
        assertThat(nowhere.status()).isEqualTo(422);
        assertThat(nowhere.body().get("errors").get(0).get("field").asString()).isEqualTo("group_ids");
        FortelClient.Response inSales = client.post(salesAdmin, "/api/v1/employees",
                "{\"login\": \"" + login("s") + "\", \"display_name\": \"In Sales\", \"roles\": [\"member\"], \"group_ids\": [\"" + sales + "\"]}");
        assertThat(inSales.status()).as(inSales.raw()).isEqualTo(201);

        FortelClient.Response away = client.patch(salesAdmin, "/api/v1/employees/" + seller, "{\"group_ids\": [\"" + other + "\"]}");
        assertThat(away.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + seller).body().get("group_ids").get(0).asString())
                .as("nothing changed").isEqualTo(sales);
        assertThat(client.post(salesAdmin, "/api/v1/groups", "{\"name\": \"New " + suffix() + "\"}").status())
                .as("a new group has no members, so a grant over chosen groups cannot reach it").isEqualTo(403);
        FortelClient.Response copy = client.post(salesAdmin, "/api/v1/employees/" + seller + "/copy-access", "{\"from\": \"" + outsider + "\"}");
        assertThat(copy.status()).as("the source of copied access must be within reach too").isEqualTo(404);
    }

    @Test
    void aSubordinatesGrantReachesEveryLevelBelowAndNothingElse() {
        assertThat(client.post(acme.ownerToken(), "/api/v1/roles", """
                {"code": "team_lead", "name": "Team lead", "functions": [
                  {"function": "employees.view", "scope": "subordinates"}, {"function": "employees.manage", "scope": "subordinates"}]}""")
                .status()).isEqualTo(201);
        String lead = fixtures.signedInEmployee(acme.ownerToken(), login("lead"), "Lead", "team_lead");
        String leadId = client.get(lead, "/api/v1/me").body().get("id").asString();
        String direct = employee("{\"supervisor_id\": \"" + leadId + "\"}");
        String below = employee("{\"supervisor_id\": \"" + direct + "\"}");

        assertThat(client.get(lead, "/api/v1/employees/" + below).status()).isEqualTo(200);
        assertThat(client.get(lead, "/api/v1/employees/" + outsider).status()).isEqualTo(404);
        assertThat(client.post(lead, "/api/v1/employees", "{\"login\": \"" + login("new") + "\", \"display_name\": \"New report\", \"roles\": [\"member\"], \"supervisor_id\": \""
                + direct + "\"}").status()).as("placed under a subordinate").isEqualTo(201);

        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + direct, "{\"supervisor_id\": null}").status()).isEqualTo(200);
        assertThat(client.get(lead, "/api/v1/employees/" + below).status()).as("the reporting line changed: at once out of reach")
                .isEqualTo(404);
    }

    @Test
    void joiningOrLeavingAGroupChangesTheReachAtOnce() {
        assertThat(client.get(salesAdmin, "/api/v1/employees/" + outsider).status()).isEqualTo(404);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + outsider, "{\"group_ids\": [\"" + sales + "\"]}").status()).isEqualTo(200);
        assertThat(client.get(salesAdmin, "/api/v1/employees/" + outsider).status()).isEqualTo(200);
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + outsider, "{\"group_ids\": []}").status()).isEqualTo(200);
        assertThat(client.get(salesAdmin, "/api/v1/employees/" + outsider).status()).isEqualTo(404);
    }

    @Test
    void whoCanAccessListsAHolderOnlyWhereTheirGrantReaches() {
        List<String> forSeller = accessors(seller);
        List<String> forOutsider = accessors(outsider);
        assertThat(forSeller).contains(salesAdminId, acme.ownerId().toString());
        assertThat(forOutsider).contains(acme.ownerId().toString()).doesNotContain(salesAdminId);
    }

    private List<String> accessors(String employee) {
        JsonNode body = client.get(acme.ownerToken(), "/api/v1/employees/" + employee + "/accessors?limit=1000").body();
        return body.get("items").valueStream().map(a -> a.get("employee_id").asString()).distinct().toList();
    }
}
