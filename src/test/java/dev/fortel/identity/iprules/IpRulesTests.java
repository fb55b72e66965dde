package dev.fortel.identity.iprules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * A company's IP rules against the running server, through the API. Client addresses are simulated with
 * {@link FortelClient#from}: a connection from the test profile's trusted proxy naming the client in
 * {@code X-Forwarded-For}. Addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32); each test has its own company, so one test's rules never meet another's.
 */
@FortelServerTest
class IpRulesTests extends ServerTestSupport {

    private static final String NOT_ALLOWED = "/problems/address-not-allowed";

    @Autowired
    JdbcClient jdbc;

    @Test
    void denyRangeRefusesSignInWithTheRightPasswordBeforeThePasswordIsChecked() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("anna");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Anna");
        UUID anna = employeeId(acme, login);
        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(Fixtures.PASSWORD);
        jdbc.sql("UPDATE credentials SET password_hash = :h WHERE employee_id = :e").param("h", weak).param("e", anna).update();
        String guardBefore = accountGuard(anna);
        JsonNode rule = create(acme.ownerToken(), client, "deny", "198.51.100.0/25", "employees");

        FortelClient refusedNetwork = client.from("198.51.100.23");
        FortelClient.Response right = refusedNetwork.tokenResponse(login, Fixtures.PASSWORD);
        FortelClient.Response wrong = refusedNetwork.tokenResponse(login, "not her password at all");

        assertThat(right.status()).as(right.raw()).isEqualTo(403);
        assertThat(right.header("Content-Type")).startsWith("application/problem+json");
        assertThat(right.body().get("type").asString()).isEqualTo(NOT_ALLOWED);
        assertThat(right.body().get("detail").asString())
                .isEqualTo("Sign-in from this network address is not allowed for this account; contact your administrator.");
        assertThat(wrong.raw()).as("the answer does not depend on the password").isEqualTo(right.raw());
        // The password check never ran: it would have replaced the weak hash, and counted the attempt on the account.
        assertThat(jdbc.sql("SELECT password_hash FROM credentials WHERE employee_id = :e").param("e", anna).query(String.class).single())
                .isEqualTo(weak);
        assertThat(accountGuard(anna)).isEqualTo(guardBefore);
        // Each refusal counts against the address, like a failed guess.
        assertThat(jdbc.sql("SELECT failures FROM ip_guards WHERE ip = '198.51.100.23'").query(Integer.class).single()).isEqualTo(2);

        assertThat(client.from("198.51.100.200").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);

        List<JsonNode> refusals = journal(acme.ownerToken(), "auth.ip.refused");
        assertThat(refusals).hasSize(2);
        JsonNode e = refusals.getFirst();
        assertThat(e.get("outcome").asString()).isEqualTo("failure");
        assertThat(e.get("actor").get("ip").asString()).isEqualTo("198.51.100.23");
        assertThat(e.get("target").get("id").asString()).isEqualTo(anna.toString());
        JsonNode d = e.get("details");
        assertThat(d.get("login").asString()).isEqualTo(login);
        assertThat(d.get("ip").asString()).isEqualTo("198.51.100.23");
        assertThat(d.get("rule_id").asString()).isEqualTo(rule.get("id").asString());
        assertThat(d.get("scope").asString()).isEqualTo("employees");
        assertThat(d.get("list").asString()).isEqualTo("tenant");
        assertThat(d.get("reason").asString()).isEqualTo("denied");
        assertThat(d.get("channel").asString()).isEqualTo("api_token_sign_in");
        assertThat(journal(acme.ownerToken(), "auth.login.*").stream().filter(x -> "198.51.100.23".equals(x.get("actor").get("ip").asString())))
                .as("a refused attempt is no password sign-in, failed or not").isEmpty();
    }

    @Test
    void ipv6AllowListAdmitsOnlyItsRange() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("ivan");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Ivan");
        FortelClient office = client.from("2001:db8:42::1");
        create(acme.ownerToken(), office, "allow", "2001:db8:42::/48", "employees");

        assertThat(client.from("2001:db8:42::7").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(client.from("2001:db8:43::7").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(403);
        assertThat(client.from("203.0.113.7").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(403);
        JsonNode refusal = journal(acme.ownerToken(), office, "auth.ip.refused").getFirst().get("details");
        assertThat(refusal.get("reason").asString()).isEqualTo("not_allowed");
        assertThat(refusal.get("rule_id").isNull()).isTrue();
    }

    @Test
    void denyWinsOverAnAllowOfTheSameScope() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("olga");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Olga");
        FortelClient office = client.from("198.51.100.1");
        create(acme.ownerToken(), office, "allow", "198.51.100.0/24", "employees");
        JsonNode deny = create(acme.ownerToken(), office, "deny", "198.51.100.66", "employees");

        assertThat(client.from("198.51.100.66").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(403);
        assertThat(client.from("198.51.100.67").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(journal(acme.ownerToken(), office, "auth.ip.refused").getFirst().get("details").get("rule_id").asString())
                .isEqualTo(deny.get("id").asString());
    }

    @Test
    void administratorOnlyRuleDoesNotAffectAnOrdinaryEmployee() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("petr");
        fixtures.signedInEmployee(acme.ownerToken(), login, "Petr");
        FortelClient office = client.from("192.0.2.10");
        create(acme.ownerToken(), office, "allow", "192.0.2.0/24", "admins");

        FortelClient home = client.from("203.0.113.9");
        assertThat(home.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(home.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(403);
        assertThat(office.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(journal(acme.ownerToken(), office, "auth.ip.refused").getFirst().get("details").get("scope").asString()).isEqualTo("admins");
    }

    @Test
    void apiTokenRuleRefusesTokenRequestsAndJournalsOncePerTokenAndAddress() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("vera");
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Vera");
        JsonNode rule = create(acme.ownerToken(), client, "deny", "198.51.100.128/25", "api_tokens");

        FortelClient refused = client.from("198.51.100.130");
        for (int i = 0; i < 4; i++) {
            FortelClient.Response r = refused.get(token, "/api/v1/me");
            assertThat(r.status()).as(r.raw()).isEqualTo(403);
            assertThat(r.body().get("type").asString()).isEqualTo(NOT_ALLOWED);
            assertThat(r.body().get("detail").asString()).contains("not allowed", "contact your administrator");
        }
        assertThat(client.from("198.51.100.7").get(token, "/api/v1/me").status()).isEqualTo(200);
        assertThat(refused.tokenResponse(login, Fixtures.PASSWORD).status()).as("the token endpoint mints a token: api_tokens rules apply")
                .isEqualTo(403);

        List<JsonNode> refusals = journal(acme.ownerToken(), "auth.ip.refused");
        assertThat(refusals.stream().filter(e -> "api_token".equals(e.get("details").get("channel").asString())))
                .as("a loop of refused requests leaves one entry per token and address").singleElement()
                .satisfies(e -> {
                    assertThat(e.get("details").get("rule_id").asString()).isEqualTo(rule.get("id").asString());
                    assertThat(e.get("details").get("login").asString()).isEqualTo(login);
                    assertThat(e.get("actor").get("session").asString()).startsWith("api:");
                });
    }

    @Test
    void employeeRulesAlsoBindTheEmployeesApiTokens() {
        Fixtures.Company acme = fixtures.company("Acme");
        String token = fixtures.signedInEmployee(acme.ownerToken(), login("lena"), "Lena");
        FortelClient office = client.from("192.0.2.20");
        create(acme.ownerToken(), office, "allow", "192.0.2.0/24", "employees");
        assertThat(client.from("203.0.113.20").get(token, "/api/v1/me").status()).isEqualTo(403);
        assertThat(office.get(token, "/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerCannotBypassARule() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = login("max");
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Max");
        FortelClient office = client.from("203.0.113.1");
        create(acme.ownerToken(), office, "allow", "203.0.113.0/24", "employees");

        String basic = "Basic " + Base64.getEncoder().encodeToString((login + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        // Straight from 127.0.0.1, which is no trusted proxy: the header is the client's own claim and is ignored.
        FortelClient.Response spoofed = client.send(client.request("/api/v1/auth/token").header("X-Forwarded-For", "203.0.113.50")
                .header("Authorization", basic).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(spoofed.status()).as(spoofed.raw()).isEqualTo(403);
        assertThat(client.send(client.request("/api/v1/me").header("X-Forwarded-For", "203.0.113.50").header("Authorization", "Bearer " + token)
                .GET()).status()).isEqualTo(403);
        assertThat(journal(acme.ownerToken(), office, "auth.ip.refused").getFirst().get("details").get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(client.from("203.0.113.50").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void badAddressesGetAPrecise422AndTheListStaysAsItWas() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode kept = create(acme.ownerToken(), client, "deny", "192.0.2.0/24", "employees");
        String before = client.get(acme.ownerToken(), "/api/v1/ip-rules").raw();

        FortelClient.Response both = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "10.0.0.300/33", "employees"));
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.header("Content-Type")).startsWith("application/problem+json");
        assertThat(both.body().get("type").asString()).isEqualTo("/problems/validation");
        assertThat(messages(both, "address")).containsExactly(
                "10.0.0.300 is not an IPv4 address: 300 is above 255 (each of the four numbers is 0 to 255)",
                "/33 is too long for an IPv4 range: the prefix length is 0 to 32");

        FortelClient.Response ipv6 = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "fd00::/129", "employees"));
        assertThat(ipv6.status()).isEqualTo(422);
        assertThat(messages(ipv6, "address")).containsExactly("/129 is too long for an IPv6 range: the prefix length is 0 to 128");

        FortelClient.Response hostBits = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "10.0.0.1/8", "employees"));
        assertThat(hostBits.status()).isEqualTo(422);
        assertThat(messages(hostBits, "address")).singleElement().asString()
                .contains("not a network address", "write 10.0.0.0/8 for the whole network", "or 10.0.0.1 for this address alone");

        FortelClient.Response garbage = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("block", "garbage", "everyone"));
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("action", "address", "scope");
        assertThat(messages(garbage, "scope")).singleElement().asString().contains("admins", "employees", "api_tokens");

        FortelClient.Response unknownField = client.post(acme.ownerToken(), "/api/v1/ip-rules",
                "{\"action\": \"deny\", \"address\": \"192.0.2.9\", \"scope\": \"employees\", \"cidr\": \"x\"}");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.body().get("errors").findValuesAsString("field")).containsExactly("cidr");
        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", "[1, 2]").status()).isEqualTo(422);
        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", "{\"address\": ").status()).isEqualTo(400);

        String path = "/api/v1/ip-rules/" + kept.get("id").asString();
        FortelClient.Response patch = client.patch(acme.ownerToken(), path, "{\"address\": \"10.0.0.300/33\"}");
        assertThat(patch.status()).isEqualTo(422);
        assertThat(client.patch(acme.ownerToken(), path, "{\"address\": 42}").status()).isEqualTo(422);

        FortelClient.Response duplicate = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "192.0.2.0/24", "employees"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("errors").findValuesAsString("field")).containsExactly("address");

        assertThat(client.get(acme.ownerToken(), "/api/v1/ip-rules").raw()).isEqualTo(before);
        assertThat(journal(acme.ownerToken(), "security.ip_rule.*")).hasSize(1);
    }

    @Test
    void everyChangeIsJournaledWithBeforeAndAfter() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode rule = create(acme.ownerToken(), client, "deny", "2001:DB8:0:0::/32", "api_tokens");
        assertThat(rule.get("address").asString()).isEqualTo("2001:db8::/32");
        assertThat(rule.get("created_by_id").asString()).isEqualTo(acme.ownerId().toString());
        String path = "/api/v1/ip-rules/" + rule.get("id").asString();

        FortelClient.Response changed = client.patch(acme.ownerToken(), path, "{\"scope\": \"admins\", \"note\": \"old VPN\"}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("scope").asString()).isEqualTo("admins");
        assertThat(client.get(acme.ownerToken(), path).body().get("note").asString()).isEqualTo("old VPN");
        assertThat(client.delete(acme.ownerToken(), path).status()).isEqualTo(204);
        assertThat(client.get(acme.ownerToken(), path).status()).isEqualTo(404);

        List<JsonNode> events = journal(acme.ownerToken(), "security.ip_rule.*");
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("security.ip_rule.deleted", "security.ip_rule.updated", "security.ip_rule.created");
        JsonNode created = events.get(2);
        assertThat(created.get("target").get("kind").asString()).isEqualTo("ip_rule");
        assertThat(created.get("target").get("id").asString()).isEqualTo(rule.get("id").asString());
        assertThat(created.get("actor").get("id").asString()).isEqualTo(acme.ownerId().toString());
        assertThat(created.get("details").get("after").toString())
                .isEqualTo("{\"action\":\"deny\",\"address\":\"2001:db8::/32\",\"note\":null,\"scope\":\"api_tokens\"}");
        JsonNode updated = events.get(1).get("details");
        assertThat(updated.get("before").get("scope").asString()).isEqualTo("api_tokens");
        assertThat(updated.get("before").get("note").isNull()).isTrue();
        assertThat(updated.get("after").get("scope").asString()).isEqualTo("admins");
        assertThat(updated.get("after").get("note").asString()).isEqualTo("old VPN");
        assertThat(events.get(0).get("details").get("before").get("scope").asString()).isEqualTo("admins");
        assertThat(client.post(acme.ownerToken(), "/api/v1/journal/verify", "{}").body().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aChangeThatWouldRefuseTheEditorsOwnAddressIsRefused() {
        Fixtures.Company acme = fixtures.company("Acme");
        String before = client.get(acme.ownerToken(), "/api/v1/ip-rules").raw();

        FortelClient.Response allowElsewhere = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("allow", "192.0.2.0/24", "admins"));
        assertThat(allowElsewhere.status()).isEqualTo(422);
        assertThat(messages(allowElsewhere, "address")).singleElement().asString()
                .startsWith("this change would refuse your own address 127.0.0.1 (the rules for Administrators)");
        FortelClient.Response denyOwn = client.post(acme.ownerToken(), "/api/v1/ip-rules", body("deny", "127.0.0.0/8", "api_tokens"));
        assertThat(denyOwn.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/ip-rules").raw()).isEqualTo(before);
        assertThat(client.post(acme.ownerToken(), "/api/v1/ip-rules", body("allow", "192.0.2.0/24", "employees")).status())
                .as("an allow-list that excludes the editor's address").isEqualTo(422);

        // Working from 203.0.113.1: the rule that admits that address cannot be deleted or moved from there.
        FortelClient office = client.from("203.0.113.1");
        JsonNode own = create(acme.ownerToken(), office, "allow", "203.0.113.0/24", "admins");
        create(acme.ownerToken(), office, "allow", "192.0.2.0/24", "admins");
        String ownPath = "/api/v1/ip-rules/" + own.get("id").asString();
        FortelClient.Response deleteOwn = office.delete(acme.ownerToken(), ownPath);
        assertThat(deleteOwn.status()).isEqualTo(422);
        assertThat(deleteOwn.body().get("errors").findValuesAsString("field")).containsExactly("id");
        assertThat(office.patch(acme.ownerToken(), ownPath, "{\"address\": \"198.51.100.0/24\"}").status()).isEqualTo(422);
        assertThat(office.get(acme.ownerToken(), ownPath).body().get("address").asString()).isEqualTo("203.0.113.0/24");
        // From an address the other rule admits, the same deletion is fine.
        assertThat(client.from("192.0.2.1").delete(acme.ownerToken(), ownPath).status()).isEqualTo(204);
    }

    @Test
    void readingNeedsSecuritySettingsViewAndChangingNeedsManage() {
        Fixtures.Company acme = fixtures.company("Acme");
        String employee = fixtures.signedInEmployee(acme.ownerToken(), login("emp"), "Emp");
        JsonNode rule = create(acme.ownerToken(), client, "deny", "192.0.2.0/24", "employees");
        assertThat(client.get(employee, "/api/v1/ip-rules").status()).isEqualTo(403);
        assertThat(client.post(employee, "/api/v1/ip-rules", body("deny", "198.51.100.0/24", "employees")).status()).isEqualTo(403);
        assertThat(client.delete(employee, "/api/v1/ip-rules/" + rule.get("id").asString()).status()).isEqualTo(403);
        assertThat(client.get(acme.ownerToken(), "/api/v1/provider/ip-deny-list").status()).as("the provider's list is not a company's")
                .isEqualTo(403);
        JsonNode list = client.get(acme.ownerToken(), "/api/v1/ip-rules").body();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("your_address").asString()).isEqualTo("127.0.0.1");
    }

    // --- helpers ---

    private JsonNode create(String token, FortelClient from, String action, String address, String scope) {
        FortelClient.Response r = from.post(token, "/api/v1/ip-rules", body(action, address, scope));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/api/v1/ip-rules/" + r.body().get("id").asString());
        return r.body();
    }

    static String body(String action, String address, String scope) {
        return "{\"action\": \"" + action + "\", \"address\": \"" + address + "\", \"scope\": \"" + scope + "\"}";
    }

    static List<String> messages(FortelClient.Response r, String field) {
        List<String> found = new ArrayList<>();
        r.body().get("errors").forEach(e -> {
            if (field.equals(e.get("field").asString())) {
                found.add(e.get("message").asString());
            }
        });
        return found;
    }

    private List<JsonNode> journal(String token, String type) {
        return journal(token, client, type);
    }

    static List<JsonNode> journal(String token, FortelClient from, String type) {
        FortelClient.Response r = from.get(token, "/api/v1/journal?limit=200&type=" + type);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.body().get("items").forEach(items::add);
        return items;
    }

    private UUID employeeId(Fixtures.Company company, String login) {
        return jdbc.sql("SELECT id FROM employees WHERE tenant_id = :t AND login = :l").param("t", company.id()).param("l", login)
                .query(UUID.class).single();
    }

    /** The account's guessing-protection counter as a string: failures, window, last failure, last success. */
    private String accountGuard(UUID employee) {
        return jdbc.sql("SELECT failures, window_started, last_failure_at, last_success_at FROM account_guards WHERE employee_id = :e")
                .param("e", employee).query((rs, n) -> rs.getInt(1) + "|" + rs.getObject(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4))
                .optional().orElse("none");
    }

    static String login(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    static URI uri(String base, String path) {
        return URI.create(base + path);
    }
}
