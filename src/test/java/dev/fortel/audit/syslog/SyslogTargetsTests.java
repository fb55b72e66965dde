package dev.fortel.audit.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Syslog targets through the API: what is refused where it is entered, what is journaled, and whose targets one sees. */
@FortelServerTest
class SyslogTargetsTests extends ServerTestSupport {

    private static final String PATH = "/api/v1/journal/syslog-targets";
    /** Key-shaped text that is no key; the header is split so that the secret scan does not take the fixture for one. */
    private static final String NOT_A_KEY = "-----BEGIN " + "PRIVATE KEY-----\\nAAAA\\n-----END " + "PRIVATE KEY-----";

    @Test
    void brokenSettingsAreRefusedWithEveryFieldNamedAndNothingStored() {
        Fixtures.Company c = fixtures.company("Broken");
        FortelClient.Response r = client.post(c.ownerToken(), PATH, """
                {"name": "", "host": "siem example", "port": 70000, "transport": "tls", "format": "leef", "facility": 24,
                 "event_types": ["auth.*", "auth.login.faild", "nothing.*"], "ca_pem": "not a certificate", "pinned_sha256": "abc"}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(r)).containsExactlyInAnyOrder("name", "host", "port", "format", "facility", "event_types[1]", "event_types[2]",
                "pinned_sha256", "ca_pem");
        assertThat(r.raw()).contains("names no journal event type");

        FortelClient.Response tlsOnly = client.post(c.ownerToken(), PATH, """
                {"name": "Plain", "host": "192.0.2.10", "transport": "tcp", "pinned_sha256": "%s"}""".formatted("a".repeat(64)));
        assertThat(tlsOnly.status()).isEqualTo(422);
        assertThat(fields(tlsOnly)).containsExactly("pinned_sha256");
        assertThat(tlsOnly.raw()).contains("applies to transport tls only");

        FortelClient.Response noTransport = client.post(c.ownerToken(), PATH, "{\"name\": \"X\", \"host\": \"192.0.2.10\"}");
        assertThat(fields(noTransport)).containsExactly("transport");

        FortelClient.Response keyWithoutCert = client.post(c.ownerToken(), PATH, """
                {"name": "Mutual", "host": "192.0.2.10", "transport": "tls", "client_key_pem": "%s"}""".formatted(NOT_A_KEY));
        assertThat(fields(keyWithoutCert)).containsExactly("client_cert_pem");

        assertThat(client.get(c.ownerToken(), PATH).body().get("items")).isEmpty();
        assertThat(client.get(c.ownerToken(), "/api/v1/journal?type=syslog.*").body().get("items")).isEmpty();
    }

    @Test
    void addingChangingAndRemovingATargetIsJournaledWithBeforeAndAfter() {
        Fixtures.Company c = fixtures.company("Changes");
        FortelClient.Response created = client.post(c.ownerToken(), PATH, """
                {"name": "SOC", "host": "siem.example.com", "transport": "tls", "event_types": ["auth.*"]}""");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("port").asInt()).as("RFC 5425's port by default").isEqualTo(6514);
        assertThat(created.body().get("facility").asInt()).isEqualTo(13);
        assertThat(created.body().get("format").asString()).isEqualTo("ocsf");
        String id = created.body().get("id").asString();

        FortelClient.Response changed = client.put(c.ownerToken(), PATH + "/" + id, """
                {"name": "SOC", "host": "siem.example.com", "port": 10514, "transport": "tls", "event_types": ["auth.*", "vip.data.accessed"]}""");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().get("event_types").valueStream().map(JsonNode::asString).toList()).containsExactly("auth.*", "vip.data.accessed");

        assertThat(client.delete(c.ownerToken(), PATH + "/" + id).status()).isEqualTo(204);
        assertThat(client.get(c.ownerToken(), PATH + "/" + id).status()).isEqualTo(404);

        List<JsonNode> events = client.get(c.ownerToken(), "/api/v1/journal?type=syslog.target.*").body().get("items").valueStream().toList();
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("syslog.target.deleted", "syslog.target.changed", "syslog.target.created");
        JsonNode change = events.get(1).get("details");
        assertThat(change.get("before").get("port").asInt()).isEqualTo(6514);
        assertThat(change.get("after").get("port").asInt()).isEqualTo(10514);
        assertThat(change.get("before").has("host")).as("only changed fields").isFalse();
        assertThat(events.get(2).get("target").get("name").asString()).isEqualTo("SOC");
    }

    @Test
    void anotherCompanysTargetAnswersNotFoundAndIsLeftAsItWas() {
        Fixtures.Company a = fixtures.company("Alpha");
        Fixtures.Company b = fixtures.company("Bravo");
        FortelClient.Response created = client.post(b.ownerToken(), PATH, """
                {"name": "Bravo SIEM", "host": "siem.bravo.example", "transport": "tcp", "enabled": false}""");
        String id = created.body().get("id").asString();
        String before = client.get(b.ownerToken(), PATH + "/" + id).raw();
        assertThat(client.get(a.ownerToken(), PATH + "/" + id).status()).isEqualTo(404);
        assertThat(client.put(a.ownerToken(), PATH + "/" + id, "{\"name\": \"mine\", \"host\": \"evil.example\", \"transport\": \"tcp\"}").status())
                .isEqualTo(404);
        assertThat(client.post(a.ownerToken(), PATH + "/" + id + "/test", "{}").status()).isEqualTo(404);
        assertThat(client.delete(a.ownerToken(), PATH + "/" + id).status()).isEqualTo(404);
        assertThat(client.get(a.ownerToken(), PATH).body().get("items")).isEmpty();
        assertThat(client.get(b.ownerToken(), PATH + "/" + id).raw()).isEqualTo(before);
    }

    @Test
    void anEmployeeWithoutTheFunctionCannotSeeOrAddTargets() {
        Fixtures.Company c = fixtures.company("Plain");
        String employee = fixtures.signedInEmployee(c.ownerToken(), "plain-" + c.id().toString().substring(0, 6) + "@plain.test", "Plain Employee");
        assertThat(client.get(employee, PATH).status()).isEqualTo(403);
        assertThat(client.post(employee, PATH, "{\"name\": \"x\", \"host\": \"192.0.2.1\", \"transport\": \"udp\"}").status()).isEqualTo(403);
    }

    private static List<String> fields(FortelClient.Response r) {
        return r.body().get("errors").valueStream().map(v -> v.get("field").asString()).toList();
    }
}
