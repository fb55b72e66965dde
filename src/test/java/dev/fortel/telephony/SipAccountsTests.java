package dev.fortel.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.AuthenticatorApp;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * SIP accounts through the API: a generated password that only a reveal shows (journaled, behind a recent
 * second factor), digest hashes a SIP server can check, a new password on demand, the function's scope
 * (an employee sees and reveals only their own), another company's employee answering 404, and bad input.
 */
@FortelServerTest
class SipAccountsTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String anna;
    String annaToken;
    String annaId;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Sip");
        anna = "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        annaToken = fixtures.signedInEmployee(acme.ownerToken(), anna, "Anna Sip");
        annaId = client.get(annaToken, "/api/v1/me").body().get("id").asString();
        // The company lets people see and reveal their own SIP accounts through a role of its own.
        FortelClient.Response role = client.post(acme.ownerToken(), "/api/v1/roles", "{\"code\": \"phone_user\", \"name\": \"Phone user\", "
                + "\"functions\": [{\"function\": \"sip.accounts.view\", \"scope\": \"own\"}, "
                + "{\"function\": \"sip.credentials.reveal\", \"scope\": \"own\"}]}");
        assertThat(role.status()).as(role.raw()).isEqualTo(201);
        FortelClient.Response given = client.patch(acme.ownerToken(), "/api/v1/employees/" + annaId, "{\"roles\": [\"employee\", \"phone_user\"]}");
        assertThat(given.status()).as(given.raw()).isEqualTo(200);
    }

    private JsonNode create(String token, String employeeId, String json) {
        FortelClient.Response r = client.post(token, "/api/v1/employees/" + employeeId + "/sip-accounts", json);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=200&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    @Test
    void anAccountGetsAGeneratedPasswordThatOnlyARevealShowsAndTheDigestHashesASipServerChecks() {
        JsonNode account = create(acme.ownerToken(), annaId, "{\"username\": \"anna.sip\"}");
        assertThat(account.get("address").asString()).startsWith("anna.sip@t").endsWith(".sip.fortel.localhost");
        assertThat(account.toString()).doesNotContain("password\":");
        String id = account.get("id").asString();
        FortelClient.Response revealed = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts/" + id + "/reveal", "");
        assertThat(revealed.status()).as(revealed.raw()).isEqualTo(200);
        assertThat(revealed.header("Cache-Control")).contains("no-store");
        String password = revealed.body().get("password").asString();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9]+");

        String domain = account.get("domain").asString();
        String ha1 = TenantContext.asPlatform(() -> jdbc.sql("SELECT ha1_sealed FROM sip_accounts WHERE id = :id").param("id", UUID.fromString(id))
                .query(String.class).single());
        String stored = TenantContext.asPlatform(() -> jdbc.sql("SELECT password_sealed FROM sip_accounts WHERE id = :id")
                .param("id", UUID.fromString(id)).query(String.class).single());
        assertThat(stored + ha1).as("sealed at rest").doesNotContain(password).doesNotContain(SipPasswords.ha1Md5("anna.sip", domain, password));
        // RFC 2617's HA1, as a SIP server computes it: MD5("anna.sip:" + realm + ":" + password).
        assertThat(SipPasswords.ha1Md5("anna.sip", domain, password)).isEqualTo(md5Hex("anna.sip:" + domain + ":" + password));

        assertThat(journal("sip.password.revealed")).singleElement().satisfies(e -> {
            assertThat(e.get("target").get("name").asString()).isEqualTo("anna.sip@" + domain);
            assertThat(e.toString()).doesNotContain(password);
        });

        FortelClient.Response rotated = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts/" + id + "/password", "");
        assertThat(rotated.status()).isEqualTo(200);
        String next = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts/" + id + "/reveal", "").body()
                .get("password").asString();
        assertThat(next).isNotEqualTo(password);
        assertThat(journal("sip.password.rotated")).hasSize(1);
        assertThat(journal("sip.account.created")).hasSize(1);
    }

    @Test
    void aHolderOfAnOwnScopeSeesAndRevealsOnlyTheirOwnAccountsAndAnotherCompanySeesNothing() {
        String boris = "boris-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        fixtures.signedInEmployee(acme.ownerToken(), boris, "Boris Sip");
        String borisId = fixtures.employee(acme.ownerToken(), "carl-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Carl Sip")
                .get("id").asString();
        String own = create(acme.ownerToken(), annaId, "{}").get("id").asString();
        String others = create(acme.ownerToken(), borisId, "{}").get("id").asString();

        assertThat(client.post(annaToken, "/api/v1/employees/" + annaId + "/sip-accounts/" + own + "/reveal", "").status()).isEqualTo(200);
        assertThat(client.post(annaToken, "/api/v1/employees/" + borisId + "/sip-accounts/" + others + "/reveal", "").status())
                .as("seen, but out of the reveal's reach").isEqualTo(403);
        assertThat(client.post(annaToken, "/api/v1/employees/" + annaId + "/sip-accounts", "{}").status()).as("no manage").isEqualTo(403);
        JsonNode mine = client.get(annaToken, "/api/v1/sip-accounts").body().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asString()).isEqualTo(own);

        Fixtures.Company other = fixtures.company("Elsewhere");
        assertThat(client.get(other.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts").status()).isEqualTo(404);
        assertThat(client.post(other.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts/" + own + "/reveal", "").status()).isEqualTo(404);
        assertThat(client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts/" + others + "/reveal", "").status())
                .as("an account of another employee under this one's path").isEqualTo(404);
        assertThat(client.get(other.ownerToken(), "/api/v1/sip-accounts").body().get("items")).isEmpty();

        String plain = fixtures.signedInEmployee(acme.ownerToken(), "plain-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Plain");
        assertThat(client.get(plain, "/api/v1/sip-accounts").status()).as("a plain employee has no SIP functions").isEqualTo(403);
    }

    @Test
    void revealingNeedsAFreshSecondFactorOfWhoeverHasOne() {
        String id = create(acme.ownerToken(), annaId, "{}").get("id").asString();
        long step = AuthenticatorApp.freshStep();
        FortelClient.Response begun = client.post(annaToken, "/api/v1/me/second-factors/totp", "{}");
        byte[] secret = new Base32().decode(begun.body().get("secret").asString());
        client.post(annaToken, "/api/v1/me/second-factors/" + begun.body().get("id").asString() + "/confirm",
                "{\"code\": \"" + AuthenticatorApp.code(secret, step - 1) + "\"}");
        TenantContext.asPlatform(() -> jdbc.sql("UPDATE api_tokens SET second_factor_at = NULL WHERE employee_id = :e")
                .param("e", UUID.fromString(annaId)).update());
        FortelClient.Response held = client.post(annaToken, "/api/v1/employees/" + annaId + "/sip-accounts/" + id + "/reveal", "");
        assertThat(held.status()).isEqualTo(401);
        assertThat(held.body().get("type").asString()).isEqualTo("/problems/step-up-required");
        assertThat(journal("sip.password.revealed")).as("nothing shown, nothing journaled").isEmpty();
        assertThat(client.send(client.request("/api/v1/auth/step-up").header("Authorization", "Bearer " + annaToken)
                .header("X-Fortel-OTP", AuthenticatorApp.code(secret, step)).POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status())
                .isEqualTo(200);
        assertThat(client.post(annaToken, "/api/v1/employees/" + annaId + "/sip-accounts/" + id + "/reveal", "").status()).isEqualTo(200);
    }

    @Test
    void badUsernamesAndTakenOnesAreRefusedAndNothingIsStored() {
        FortelClient.Response bad = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts", "{\"username\": \"Anna Sip!\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("username");
        create(acme.ownerToken(), annaId, "{\"username\": \"101\"}");
        FortelClient.Response taken = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts", "{\"username\": \"101\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts").body().get("items")).hasSize(1);
        assertThat(client.post(acme.ownerToken(), "/api/v1/employees/" + UUID.randomUUID() + "/sip-accounts", "{}").status()).isEqualTo(404);
    }

    private static String md5Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
