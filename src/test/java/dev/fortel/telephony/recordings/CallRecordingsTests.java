package dev.fortel.telephony.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestAudio;
import dev.fortel.tenancy.TenantContext;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Call recordings end to end over HTTPS: upload by the media layer's token, encryption at rest, playback with HTTP
 * Range and download through links bound to the asking token, the journal of each first use, VIP access events,
 * refusals of bad input, and retention.
 */
@FortelServerTest
class CallRecordingsTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordingRetention retention;

    Fixtures.Company acme;
    String media;
    String annaId;
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(7200);

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Recordings");
        FortelClient.Response token = client.post(acme.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"Media layer\", \"scope\": [\"calls.ingest\"], \"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}");
        assertThat(token.status()).as(token.raw()).isEqualTo(201);
        media = token.body().get("token").asString();
        annaId = fixtures.employee(acme.ownerToken(), "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Anna Recorded")
                .get("id").asString();
    }

    private void call(String id, String callee) {
        FortelClient.Response r = client.post(media, "/api/v1/calls/batch", "{\"calls\": [{\"call_id\": \"" + id + "\", \"direction\": \"outbound\", "
                + "\"caller\": \"+74951234567\", \"callee\": \"" + callee + "\", \"employee_id\": \"" + annaId + "\", \"started_at\": \"" + start
                + "\", \"answered_at\": \"" + start.plusSeconds(3) + "\", \"ended_at\": \"" + start.plusSeconds(90) + "\", \"disposition\": \"answered\"}]}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private FortelClient.Response upload(String callId, String contentType, byte[] audio) {
        return client.send(client.request("/api/v1/calls/" + callId + "/recording").header("Authorization", "Bearer " + media)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(audio)));
    }

    private FortelClient.Binary get(String token, String url, String range) {
        HttpRequest.Builder b = client.request(url).header("Authorization", "Bearer " + token).GET();
        if (range != null) {
            b.header("Range", range);
        }
        return client.sendForBytes(b);
    }

    private String link(String token, String callId, String purpose) {
        FortelClient.Response r = client.post(token, "/api/v1/calls/" + callId + "/recording/" + purpose + "-links", "");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("url").asString();
    }

    private List<JsonNode> journal(String type) {
        List<JsonNode> items = new ArrayList<>();
        client.get(acme.ownerToken(), "/api/v1/journal?limit=200&type=" + type).body().get("items").forEach(items::add);
        return items;
    }

    @Test
    void aRecordingIsStoredEncryptedAndPlaysByRangeAndDownloadsWhole() throws Exception {
        call("rec-1", "+442071838750");
        byte[] wav = TestAudio.wav(3);
        FortelClient.Response stored = upload("rec-1", "audio/x-wav", wav);
        assertThat(stored.status()).as(stored.raw()).isEqualTo(201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav));
        assertThat(stored.body().get("sha256").asString()).isEqualTo(sha);
        assertThat(stored.body().get("media_type").asString()).isEqualTo("audio/wav");
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls").body().get("items").get(0).get("recorded").asBoolean()).isTrue();

        String key = TenantContext.asPlatform(() -> jdbc.sql("SELECT object_key FROM call_recordings WHERE call_id = 'rec-1' AND tenant_id = :t")
                .param("t", acme.id()).query(String.class).single());
        byte[] atRest = Files.readAllBytes(Path.of("target/fortel-test-data/recordings").resolve(key));
        assertThat(indexOf(atRest, Arrays.copyOfRange(wav, 4000, 4032))).as("no plain audio at rest").isEqualTo(-1);
        assertThat(new String(atRest, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("RIFF");

        String play = link(acme.ownerToken(), "rec-1", "play");
        FortelClient.Binary part = get(acme.ownerToken(), play, "bytes=1000-1999");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1999/" + wav.length);
        assertThat(part.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(wav, 1000, 2000));
        FortelClient.Binary tail = get(acme.ownerToken(), play, "bytes=-100");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(wav, wav.length - 100, wav.length));
        FortelClient.Binary beyond = get(acme.ownerToken(), play, "bytes=" + wav.length + "-");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + wav.length);
        assertThat(beyond.text()).contains("range-not-satisfiable").contains("has " + wav.length + " bytes");

        String download = link(acme.ownerToken(), "rec-1", "download");
        FortelClient.Binary whole = get(acme.ownerToken(), download, null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Disposition")).startsWith("attachment").contains("call-rec-1.wav");
        assertThat(whole.header("Cache-Control")).isEqualTo("no-store");
        assertThat(whole.body()).isEqualTo(wav);
        assertThat(get(acme.ownerToken(), play.replace("/play/", "/download/"), null).status()).as("a play link does not download").isEqualTo(404);

        assertThat(journal("recording.played")).as("one entry per link, however many ranges").hasSize(1);
        JsonNode downloaded = journal("recording.downloaded").getFirst();
        assertThat(downloaded.get("target").get("id").asString()).isEqualTo("rec-1");
        assertThat(journal("recording.stored").getFirst().get("details").get("sha256").asString()).isEqualTo(sha);
    }

    @Test
    void aLinkOpensOnlyForTheTokenThatAskedForItAndNeverInAnotherCompany() {
        call("rec-2", "+442071838750");
        assertThat(upload("rec-2", "audio/mpeg", TestAudio.mp3(20)).status()).isEqualTo(201);
        String play = link(acme.ownerToken(), "rec-2", "play");
        String otherToken = client.token(acme.ownerLogin(), Fixtures.PASSWORD);
        assertThat(get(otherToken, play, null).status()).as("same person, another token").isEqualTo(404);
        Fixtures.Company other = fixtures.company("Elsewhere");
        assertThat(get(other.ownerToken(), play, null).status()).isEqualTo(404);
        assertThat(client.post(other.ownerToken(), "/api/v1/calls/rec-2/recording/play-links", "").status()).isEqualTo(404);
        assertThat(get(acme.ownerToken(), play, null).status()).isEqualTo(200);
        assertThat(client.post(media, "/api/v1/calls/rec-2/recording/play-links", "").status()).as("the media layer cannot listen").isEqualTo(403);
    }

    @Test
    void badUploadsGetPreciseProblemsAndLeaveNothingBehind() {
        call("rec-3", "+442071838750");
        FortelClient.Response lie = upload("rec-3", "audio/mpeg", TestAudio.wav(1));
        assertThat(lie.status()).isEqualTo(422);
        assertThat(lie.raw()).contains("\"body\"").contains("is not audio/mpeg").contains("audio/wav");
        FortelClient.Response text = upload("rec-3", "audio/wav", "hello, this is not audio".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(text.status()).isEqualTo(422);
        assertThat(text.raw()).contains("text/plain");
        assertThat(upload("rec-3", "video/mp4", TestAudio.wav(1)).raw()).contains("content_type").contains("audio/wav, audio/mpeg or audio/ogg");
        assertThat(upload("rec-3", "audio/wav", new byte[0]).status()).isEqualTo(422);
        assertThat(upload("no-such-call", "audio/wav", TestAudio.wav(1)).status()).isEqualTo(404);
        assertThat(TenantContext.<Integer>asPlatform(() -> jdbc.sql("SELECT count(*) FROM call_recordings WHERE tenant_id = :t")
                .param("t", acme.id()).query(Integer.class).single())).isZero();
        Path folder = Path.of("target/fortel-test-data/recordings", acme.id().toString());
        assertThat(!Files.exists(folder) || folder.toFile().list().length == 0).as("no file of a refused upload stays").isTrue();

        FortelClient.Response ogg = upload("rec-3", "audio/ogg", TestAudio.oggOpus());
        assertThat(ogg.status()).as(ogg.raw()).isEqualTo(201);
        FortelClient.Response again = upload("rec-3", "audio/ogg", TestAudio.oggOpus());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.raw()).contains("never replaced");
    }

    @Test
    void accessToAVipSubscribersCallsIsJournaledAsSuch() {
        assertThat(client.post(acme.ownerToken(), "/api/v1/telephony/vip-numbers", "{\"number\": \"+442071838750\"}").status()).isEqualTo(201);
        call("vip-1", "+442071838750");
        call("plain-1", "+74957654321");
        upload("vip-1", "audio/wav", TestAudio.wav(1));
        client.get(acme.ownerToken(), "/api/v1/calls?number=%2B74957654321");
        assertThat(journal("vip.data.accessed")).as("a search that found no VIP call").isEmpty();
        client.get(acme.ownerToken(), "/api/v1/calls");
        String play = link(acme.ownerToken(), "vip-1", "play");
        get(acme.ownerToken(), play, "bytes=0-99");
        List<JsonNode> vip = journal("vip.data.accessed");
        assertThat(vip).extracting(e -> e.get("details").get("access").asString()).containsExactlyInAnyOrder("search", "play");
        assertThat(vip.getFirst().get("details").get("numbers").get(0).asString()).isEqualTo("+442071838750");
        assertThat(vip.getFirst().get("details").get("call_ids").toString()).contains("vip-1").doesNotContain("plain-1");
    }

    @Test
    void recordingsOlderThanTheRetentionPeriodAreDeletedAndTheDeletionJournaled() {
        call("old-1", "+442071838750");
        call("new-1", "+442071838750");
        upload("old-1", "audio/wav", TestAudio.wav(1));
        upload("new-1", "audio/wav", TestAudio.wav(1));
        FortelClient.Response set = client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings", "{\"retention_days\": 30}");
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings", "{\"retention_days\": 0}").raw())
                .contains("retention_days").contains("between 1 and 3660");
        String key = TenantContext.asPlatform(() -> {
            jdbc.sql("UPDATE call_recordings SET stored_at = :old WHERE call_id = 'old-1' AND tenant_id = :t")
                    .param("old", OffsetDateTime.now(ZoneOffset.UTC).minusDays(31)).param("t", acme.id()).update();
            return jdbc.sql("SELECT object_key FROM call_recordings WHERE call_id = 'old-1' AND tenant_id = :t").param("t", acme.id())
                    .query(String.class).single();
        });
        assertThat(retention.deleteExpired()).isGreaterThanOrEqualTo(1);
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls/old-1/recording").status()).isEqualTo(404);
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls/new-1/recording").status()).isEqualTo(200);
        assertThat(Files.exists(Path.of("target/fortel-test-data/recordings").resolve(key))).isFalse();
        JsonNode expired = journal("recording.expired").getFirst();
        assertThat(expired.get("target").get("id").asString()).isEqualTo("old-1");
        assertThat(expired.get("details").get("retention_days").asInt()).isEqualTo(30);
        assertThat(journal("recording.settings.changed")).hasSize(1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
