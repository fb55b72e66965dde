package dev.fortel.supportaccess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.AuthenticatorApp;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.ServerTestSupport;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Support access through the running server: a provider's agent (signed in with a second factor) asks a client
 * company for access, the company decides, and the agent acts inside only within the grant while it is in force.
 * Run on H2 ({@link SupportAccessTests}) and on PostgreSQL with row-level security ({@link SupportAccessOnPostgresTests}).
 */
abstract class SupportAccessScenarios extends ServerTestSupport {

    /** Moves the grant's end into the past, as time passing would (the owner's connection on PostgreSQL). */
    abstract void endNow(UUID company, String grant) throws Exception;

    @Autowired
    SupportAccess support;

    @Autowired
    dev.fortel.audit.correlation.JournalAnalyzer analyzer;

    Fixtures.Company acme;
    String vera;
    String agentLogin;
    /** The agent's token from a sign-in with a second factor. */
    String agent;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Supported");
        vera = fixtures.employee(acme.ownerToken(), "vera-" + UUID.randomUUID().toString().substring(0, 6) + "@supported.test", "Vera Client").get("id")
                .asString();
        agentLogin = "agent-" + UUID.randomUUID().toString().substring(0, 6) + "@fortel.test";
        String firstToken = fixtures.signedInEmployee(fixtures.operatorToken(), agentLogin, "Sasha Support", "support_agent");
        long step = AuthenticatorApp.freshStep();
        FortelClient.Response begun = client.post(firstToken, "/api/v1/me/second-factors/totp", "{\"label\": \"Support phone\"}");
        assertThat(begun.status()).as(begun.raw()).isEqualTo(201);
        byte[] secret = new Base32().decode(begun.body().get("secret").asString());
        FortelClient.Response confirmed = client.post(firstToken, "/api/v1/me/second-factors/" + begun.body().get("id").asString() + "/confirm",
                "{\"code\": \"" + AuthenticatorApp.code(secret, step - 1) + "\"}");
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString((agentLogin + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        FortelClient.Response signedIn = client.send(client.request("/api/v1/auth/token").header("Authorization", "Basic " + basic)
                .header("X-Fortel-OTP", AuthenticatorApp.code(secret, step)).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(201);
        agent = signedIn.body().get("token").asString();
    }

    private FortelClient.Response inside(String grant, String method, String path, String json) {
        HttpRequest.Builder r = client.request(path).header("Authorization", "Bearer " + agent).header("Fortel-Support-Grant", grant)
                .header("Content-Type", "application/json");
        return client.send(json == null ? r.method(method, HttpRequest.BodyPublishers.noBody()) : r.method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private String request(String body) {
        FortelClient.Response filed = client.post(agent, "/api/v1/provider/support-requests", body);
        assertThat(filed.status()).as(filed.raw()).isEqualTo(201);
        return filed.body().get("id").asString();
    }

    private List<JsonNode> journal(String token, String type) {
        return client.get(token, "/api/v1/journal?limit=200&type=" + type).body().get("items").valueStream().toList();
    }

    @Test
    void anAgentSeesNothingUntilTheCompanyApprovesThenOnlyWhatWasGrantedUntilItIsRevoked() {
        String sales = fixtures.group(acme.ownerToken(), "Sales").get("id").asString();
        for (String path : List.of("/api/v1/employees/" + vera, "/api/v1/groups/" + sales)) {
            assertThat(client.get(agent, path).status()).as("without a grant, a function the agent holds at home: " + path).isEqualTo(404);
        }
        for (String path : List.of("/api/v1/employees/" + vera + "/sip-accounts", "/api/v1/employees/" + vera + "/sessions", "/api/v1/journal")) {
            FortelClient.Response r = client.get(agent, path);
            assertThat(r.status()).as("without a grant, a function the agent does not hold: " + path).isEqualTo(403);
            assertThat(r.raw()).doesNotContain("Vera");
        }
        FortelClient.Response made = inside(UUID.randomUUID().toString(), "GET", "/api/v1/employees/" + vera, null);
        assertThat(made.status()).isEqualTo(403);
        assertThat(made.raw()).contains("Support access not in force");

        String id = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Calls to Vera fail since Monday\", \"ticket\": \"SUP-1042\", "
                + "\"access\": \"read_only\", \"minutes\": 120}");
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).as("requested, not yet approved").isEqualTo(403);

        analyzer.poll();
        List<JsonNode> mailed = client.get(fixtures.operatorToken(), "/api/v1/provider/outbox?limit=200").body().get("items").valueStream()
                .filter(m -> m.get("to").asString().equals(acme.ownerLogin()) && m.get("kind").asString().equals("alert_support_access")).toList();
        assertThat(mailed).as("the owner is told a decision waits").singleElement()
                .satisfies(m -> assertThat(m.get("subject").asString()).contains("Специалист поддержки Sasha Support просит доступ к компании " + acme.name())
                        .contains("Support agent Sasha Support asks for access to " + acme.name()));

        JsonNode waiting = client.get(acme.ownerToken(), "/api/v1/support-access").body().get("items").get(0);
        assertThat(waiting.get("id").asString()).isEqualTo(id);
        assertThat(waiting.get("status").asString()).isEqualTo("requested");
        assertThat(waiting.get("agent_name").asString()).isEqualTo("Sasha Support");
        assertThat(waiting.get("ticket").asString()).isEqualTo("SUP-1042");

        FortelClient.Response approved = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve",
                "{\"functions\": [\"employees.view\"], \"minutes\": 30}");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("approved");
        assertThat(approved.body().get("granted_functions").valueStream().map(JsonNode::asString).toList()).containsExactly("employees.view");
        assertThat(Instant.parse(approved.body().get("expires_at").asString())).isBefore(Instant.now().plusSeconds(31 * 60));

        FortelClient.Response seen = inside(id, "GET", "/api/v1/employees/" + vera, null);
        assertThat(seen.status()).as(seen.raw()).isEqualTo(200);
        assertThat(seen.body().get("display_name").asString()).isEqualTo("Vera Client");
        assertThat(inside(id, "PATCH", "/api/v1/employees/" + vera, "{\"display_name\": \"Changed by support\"}").status())
                .as("read-only: a change is refused").isEqualTo(403);
        assertThat(inside(id, "GET", "/api/v1/journal", null).status()).as("narrowed: the journal was not granted").isEqualTo(403);
        assertThat(inside(id, "GET", "/api/v1/provider/support-requests", null).status()).as("inside the company the agent is not the provider").isEqualTo(403);
        assertThat(inside(id, "POST", "/api/v1/me/second-factors/totp", "{\"label\": \"x\"}").status())
                .as("the agent's own account is not inside the company").isEqualTo(403);

        List<JsonNode> actions = journal(acme.ownerToken(), "support.action");
        assertThat(actions).extracting(a -> a.get("details").get("path").asString()).contains("/api/v1/employees/" + vera);
        JsonNode view = actions.stream().filter(a -> a.get("details").get("path").asString().equals("/api/v1/employees/" + vera)
                && a.get("details").get("method").asString().equals("GET")).findFirst().orElseThrow();
        assertThat(view.get("details").get("support").get("grant").asString()).isEqualTo(id);
        assertThat(view.get("details").get("support").get("agent").asString()).isEqualTo(agentLogin);
        assertThat(view.get("actor").get("name").asString()).isEqualTo("Sasha Support");
        assertThat(actions).extracting(a -> a.get("details").get("status").asInt()).contains(200, 403);

        FortelClient.Response revoked = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/revoke", "{\"note\": \"Fixed\"}");
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).as("the next request after revocation").isEqualTo(403);
        assertThat(client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/revoke", "{}").status()).isEqualTo(409);

        assertThat(journal(acme.ownerToken(), "support.access.*")).extracting(e -> e.get("type").asString())
                .containsExactly("support.access.revoked", "support.access.approved", "support.access.requested");
        List<JsonNode> provider = journal(fixtures.operatorToken(), "support.access.*").stream()
                .filter(e -> e.get("target").get("id").asString().equals(id)).toList();
        assertThat(provider).as("the provider's journal keeps its staff's support access").extracting(e -> e.get("type").asString())
                .containsExactly("support.access.revoked", "support.access.approved", "support.access.requested");
        assertThat(provider.getLast().get("details").get("company").asString()).isEqualTo(acme.id().toString());
        assertThat(journal(fixtures.operatorToken(), "tenant.created")).as("the provider's journal keeps its staff's company creations")
                .anySatisfy(e -> assertThat(e.get("details").get("company").asString()).isEqualTo(acme.id().toString()));

        assertThat(client.get(agent, "/api/v1/provider/support-requests/" + id).body().get("status").asString()).isEqualTo("revoked");
        Fixtures.Company other = fixtures.company("Unsupported");
        assertThat(client.get(other.ownerToken(), "/api/v1/support-access/" + id).status()).as("another company's grant").isEqualTo(404);
    }

    @Test
    void badRequestsAndDecisionsAreRefusedPreciselyAndGrantNothing() {
        FortelClient.Response nowhere = client.post(agent, "/api/v1/provider/support-requests",
                "{\"company_id\": \"" + UUID.randomUUID() + "\", \"reason\": \"\", \"functions\": [\"integrations.manage\", \"no.such\"], \"minutes\": 0}");
        assertThat(nowhere.status()).as(nowhere.raw()).isEqualTo(422);
        assertThat(nowhere.raw()).contains("no client company has the id").contains("reason").contains("is never given to support")
                .contains("no function has the code no.such").contains("1 to 10080 minutes");
        assertThat(client.get(agent, "/api/v1/provider/support-requests").body().get("items")).as("nothing filed").isEmpty();

        String id = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Check the call policy\", \"access\": \"read_only\", \"minutes\": 60}");
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "admin-" + UUID.randomUUID().toString().substring(0, 6) + "@supported.test", "Anton Admin",
                "admin");
        FortelClient.Response lacking = client.post(admin, "/api/v1/support-access/" + id + "/approve", "{}");
        assertThat(lacking.status()).as(lacking.raw()).isEqualTo(422);
        assertThat(lacking.raw()).contains("you do not hold journal.verify yourself");
        FortelClient.Response past = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve",
                "{\"expires_at\": \"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.raw()).contains("is in the past");
        FortelClient.Response beyond = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve", "{\"functions\": [\"employees.manage\"]}");
        assertThat(beyond.status()).isEqualTo(422);
        assertThat(beyond.raw()).contains("support did not ask for employees.manage");
        FortelClient.Response longer = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve", "{\"minutes\": 600}");
        assertThat(longer.raw()).contains("support asked for 60 minutes");
        assertThat(client.get(acme.ownerToken(), "/api/v1/support-access/" + id).body().get("status").asString()).as("nothing granted").isEqualTo("requested");
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).isEqualTo(403);

        FortelClient.Response denied = client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/deny", "{\"note\": \"Not now\"}");
        assertThat(denied.body().get("status").asString()).isEqualTo("denied");
        assertThat(client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve", "{}").status()).as("decided once").isEqualTo(409);
    }

    @Test
    void aCompanyThatNeverAllowsSupportRefusesAtOnceAndOneThatAllowsReadingApprovesItAtOnce() {
        assertThat(client.put(acme.ownerToken(), "/api/v1/support-access/policy", "{\"mode\": \"never\"}").status()).isEqualTo(200);
        String refused = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Look at the roles\", \"functions\": [\"roles.view\"], \"minutes\": 30}");
        assertThat(client.get(agent, "/api/v1/provider/support-requests/" + refused).body().get("status").asString()).isEqualTo("denied");

        FortelClient.Response notRead = client.put(acme.ownerToken(), "/api/v1/support-access/policy",
                "{\"mode\": \"auto_read\", \"auto_functions\": [\"employees.manage\"]}");
        assertThat(notRead.status()).isEqualTo(422);
        assertThat(notRead.raw()).contains("employees.manage changes data");
        assertThat(client.put(acme.ownerToken(), "/api/v1/support-access/policy",
                "{\"mode\": \"auto_read\", \"auto_functions\": [\"employees.view\", \"groups.view\"], \"max_minutes\": 60}").status()).isEqualTo(200);

        String automatic = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Who is in Sales\", \"functions\": [\"groups.view\"], \"minutes\": 30}");
        assertThat(client.get(agent, "/api/v1/provider/support-requests/" + automatic).body().get("status").asString()).isEqualTo("approved");
        assertThat(inside(automatic, "GET", "/api/v1/groups", null).status()).isEqualTo(200);
        String asked = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Fix Vera\", \"functions\": [\"employees.manage\"], \"minutes\": 30}");
        assertThat(client.get(agent, "/api/v1/provider/support-requests/" + asked).body().get("status").asString()).as("more than reading is asked")
                .isEqualTo("requested");
        assertThat(journal(acme.ownerToken(), "support.policy.changed")).hasSize(2);
        assertThat(journal(acme.ownerToken(), "support.access.approved").getFirst().get("details").get("automatic").asBoolean()).isTrue();
    }

    @Test
    void supportAccessNeedsASignInWithASecondFactor() {
        String id = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Check\", \"functions\": [\"employees.view\"], \"minutes\": 30}");
        client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve", "{}");
        String plain = fixtures.signedInEmployee(fixtures.operatorToken(), "agent2-" + UUID.randomUUID().toString().substring(0, 6) + "@fortel.test", "Pavel",
                "support_agent");
        FortelClient.Response r = client.send(client.request("/api/v1/employees/" + vera).header("Authorization", "Bearer " + plain)
                .header("Fortel-Support-Grant", id).GET());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().get("type").asString()).isEqualTo("/problems/second-factor-required");
        FortelClient.Response home = client.get(plain, "/api/v1/provider/support-requests");
        assertThat(home.status()).as("support staff must enroll a second factor, whatever the provider's policy").isEqualTo(403);
        assertThat(home.body().get("type").asString()).isEqualTo("/problems/second-factor-enrollment-required");
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).as("the agent it was granted to").isEqualTo(200);
    }

    @Test
    void aGrantStopsAtItsEndAndTheEndIsJournaledInTheCompanysAndTheProvidersJournals() throws Exception {
        String id = request("{\"company_id\": \"" + acme.id() + "\", \"reason\": \"Check\", \"functions\": [\"employees.view\"], \"minutes\": 30}");
        client.post(acme.ownerToken(), "/api/v1/support-access/" + id + "/approve", "{}");
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).isEqualTo(200);

        endNow(acme.id(), id);
        assertThat(inside(id, "GET", "/api/v1/employees/" + vera, null).status()).as("ended, before the job has run").isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/support-access/" + id).body().get("status").asString()).isEqualTo("expired");
        support.expire();
        assertThat(journal(acme.ownerToken(), "support.access.expired")).singleElement()
                .satisfies(e -> assertThat(e.get("target").get("id").asString()).isEqualTo(id));
        assertThat(journal(fixtures.operatorToken(), "support.access.expired")).anySatisfy(e -> assertThat(e.get("target").get("id").asString()).isEqualTo(id));
        support.expire();
        assertThat(journal(acme.ownerToken(), "support.access.expired")).as("recorded once").hasSize(1);
    }
}
