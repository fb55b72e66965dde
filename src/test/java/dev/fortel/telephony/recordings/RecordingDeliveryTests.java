package dev.fortel.telephony.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestAudio;
import dev.fortel.support.TestFtpsServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Delivery of recordings to the company's FTPS server, against a real Apache FtpServer with explicit TLS started here:
 * the pinned certificate, the file name template, protected data channel, retries with backoff, and the journal.
 */
@FortelServerTest
class RecordingDeliveryTests extends ServerTestSupport {

    @Autowired
    RecordingDeliveries deliveries;

    @TempDir
    Path dir;

    TestFtpsServer ftps;
    Fixtures.Company acme;
    String media;
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

    @BeforeEach
    void setUp() {
        ftps = TestFtpsServer.start(dir);
        acme = fixtures.company("Delivery");
        media = client.post(acme.ownerToken(), "/api/v1/integration-tokens", "{\"name\": \"Media layer\", \"scope\": [\"calls.ingest\"], "
                + "\"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}").body().get("token").asString();
    }

    @AfterEach
    void stop() {
        if (ftps != null) {
            ftps.close();
        }
    }

    private FortelClient.Response settings(String pin, String template) {
        return client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings", "{\"retention_days\": null, \"ftps\": {\"enabled\": true, "
                + "\"host\": \"127.0.0.1\", \"port\": " + ftps.port() + ", \"username\": \"" + TestFtpsServer.USER + "\", \"password\": \""
                + TestFtpsServer.PASSWORD + "\", \"directory\": \"/calls\", \"file_name_template\": \"" + template + "\", \"pinned_sha256\": "
                + (pin == null ? "null" : "\"" + pin + "\"") + "}}");
    }

    private byte[] record(String callId) {
        client.post(media, "/api/v1/calls/batch", "{\"calls\": [{\"call_id\": \"" + callId + "\", \"direction\": \"inbound\", \"caller\": "
                + "\"+442071838750\", \"callee\": \"+74951234567\", \"started_at\": \"" + start + "\", \"ended_at\": \"" + start.plusSeconds(30)
                + "\", \"disposition\": \"answered\", \"answered_at\": \"" + start.plusSeconds(2) + "\"}]}");
        byte[] wav = TestAudio.wav(2);
        FortelClient.Response r = client.send(client.request("/api/v1/calls/" + callId + "/recording").header("Authorization", "Bearer " + media)
                .header("Content-Type", "audio/wav").PUT(HttpRequest.BodyPublishers.ofByteArray(wav)));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return wav;
    }

    private JsonNode delivery(String callId) {
        for (JsonNode d : client.get(acme.ownerToken(), "/api/v1/telephony/recording-deliveries").body().get("items")) {
            if (d.get("call_id").asString().equals(callId)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of " + callId);
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=200&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    @Test
    void aRecordingIsDeliveredOverTlsToThePinnedServerUnderItsTemplateName() throws Exception {
        FortelClient.Response set = settings(ftps.certificateSha256().replaceAll("(..)(?!$)", "$1:").toUpperCase(), "{year}/{month}/{direction}-{call_id}.{ext}");
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(set.raw()).doesNotContain(TestFtpsServer.PASSWORD).contains("\"password_set\":true");
        byte[] wav = record("dlv:1@pbx");
        assertThat(delivery("dlv:1@pbx").get("status").asString()).isEqualTo("pending");

        assertThat(deliveries.sendDue()).isGreaterThanOrEqualTo(1);

        String month = String.format("%02d", start.atZone(ZoneOffset.UTC).getMonthValue());
        Path file = ftps.home().resolve("calls/" + start.atZone(ZoneOffset.UTC).getYear() + "/" + month + "/inbound-dlv_1_pbx.wav");
        assertThat(Files.readAllBytes(file)).isEqualTo(wav);
        assertThat(ftps.protectedUploads()).as("sent over a TLS-protected data channel").isNotEmpty().doesNotContainValue(false);
        JsonNode d = delivery("dlv:1@pbx");
        assertThat(d.get("status").asString()).isEqualTo("delivered");
        assertThat(d.get("remote_path").asString()).endsWith("/inbound-dlv_1_pbx.wav");
        JsonNode journaled = journal("recording.delivered").getFirst();
        assertThat(journaled.get("details").get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(journal("recording.settings.changed").getFirst().get("details").get("after").get("ftps_password").asString()).isEqualTo("changed");
        assertThat(journal("recording.settings.changed").getFirst().toString()).doesNotContain(TestFtpsServer.PASSWORD);
    }

    @Test
    void aServerWithAnotherCertificateIsRefusedAndTheDeliveryRetriedLater() {
        settings("00".repeat(32), "{call_id}.{ext}");
        record("dlv-2");
        deliveries.sendDue();
        JsonNode d = delivery("dlv-2");
        assertThat(d.get("status").asString()).isEqualTo("pending");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("last_error").asString()).contains("not the pinned one");
        assertThat(Instant.parse(d.get("next_attempt_at").asString())).isAfter(Instant.now().plusSeconds(30));
        assertThat(ftps.protectedUploads()).isEmpty();
        JsonNode failed = journal("recording.delivery.failed").getFirst();
        assertThat(failed.get("outcome").asString()).isEqualToIgnoringCase("failure");
        assertThat(failed.get("details").get("final").asBoolean()).isFalse();

        settings(null, "{call_id}.{ext}");
        record("dlv-3");
        deliveries.sendDue();
        assertThat(delivery("dlv-3").get("last_error").asString()).as("a self-signed server is not trusted without a pin").startsWith("TLS failed");
    }

    @Test
    void settingsThatWouldEscapeTheFolderOrCannotWorkAreRefusedFieldByField() {
        FortelClient.Response escape = settings(null, "../{call_id}.{ext}");
        assertThat(escape.status()).isEqualTo(422);
        assertThat(escape.raw()).contains("ftps.file_name_template").contains("must stay inside the delivery folder");
        assertThat(settings(null, "{date}/../../{call_id}").raw()).contains("must stay inside the delivery folder");
        assertThat(settings(null, "/etc/{call_id}").raw()).contains("must stay inside the delivery folder");
        assertThat(settings(null, "{date}/{caller}.wav").raw()).contains("unknown placeholder {caller}");
        assertThat(settings(null, "{date}.wav").raw()).contains("must contain {call_id}");
        assertThat(settings("abc", "{call_id}").raw()).contains("ftps.pinned_sha256").contains("64 hex digits");
        FortelClient.Response noPassword = client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings",
                "{\"ftps\": {\"enabled\": true, \"host\": \"bad host!\", \"port\": 70000, \"username\": \"u\", \"directory\": \"/a/../b\"}}");
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(noPassword.raw()).contains("ftps.host").contains("ftps.port").contains("ftps.password").contains("ftps.directory");
        assertThat(client.get(acme.ownerToken(), "/api/v1/telephony/recording-settings").body().get("ftps_enabled").asBoolean())
                .as("nothing was stored").isFalse();
        assertThat(journal("recording.settings.changed")).isEmpty();
    }
}
