package dev.fortel.telephony.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestAudio;
import dev.fortel.support.TestFtpsServer;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recordings on PostgreSQL, where every table is behind row-level security: the company key made in its own
 * transaction, upload and ranged playback, delivery to a real FTPS server by the background worker (which reads
 * across companies under the platform marker and writes as each company), and retention.
 */
@FortelPostgresServerTest
class RecordingsOnPostgresTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordingDeliveries deliveries;

    @Autowired
    RecordingRetention retention;

    @TempDir
    Path dir;

    @Test
    void aRecordingIsStoredPlayedDeliveredAndExpiredThroughRowLevelSecurity() throws Exception {
        Fixtures.Company acme = fixtures.company("PgRec");
        Fixtures.Company other = fixtures.company("PgOther");
        String media = client.post(acme.ownerToken(), "/api/v1/integration-tokens", "{\"name\": \"Media\", \"scope\": [\"calls.ingest\"], "
                + "\"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}").body().get("token").asString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
        client.post(media, "/api/v1/calls/batch", "{\"calls\": [{\"call_id\": \"pg-1\", \"direction\": \"outbound\", \"caller\": \"+74951234567\", "
                + "\"callee\": \"+442071838750\", \"started_at\": \"" + start + "\", \"ended_at\": \"" + start.plusSeconds(20) + "\", "
                + "\"disposition\": \"answered\", \"answered_at\": \"" + start.plusSeconds(1) + "\"}]}");
        try (TestFtpsServer ftps = TestFtpsServer.start(dir)) {
            FortelClient.Response set = client.put(acme.ownerToken(), "/api/v1/telephony/recording-settings", "{\"retention_days\": 7, \"ftps\": {"
                    + "\"enabled\": true, \"host\": \"127.0.0.1\", \"port\": " + ftps.port() + ", \"username\": \"" + TestFtpsServer.USER
                    + "\", \"password\": \"" + TestFtpsServer.PASSWORD + "\", \"pinned_sha256\": \"" + ftps.certificateSha256() + "\"}}");
            assertThat(set.status()).as(set.raw()).isEqualTo(200);
            byte[] wav = TestAudio.wav(1);
            FortelClient.Response up = client.send(client.request("/api/v1/calls/pg-1/recording").header("Authorization", "Bearer " + media)
                    .header("Content-Type", "audio/wav").PUT(HttpRequest.BodyPublishers.ofByteArray(wav)));
            assertThat(up.status()).as(up.raw()).isEqualTo(201);

            String url = client.post(acme.ownerToken(), "/api/v1/calls/pg-1/recording/play-links", "").body().get("url").asString();
            FortelClient.Binary part = client.sendForBytes(client.request(url).header("Authorization", "Bearer " + acme.ownerToken())
                    .header("Range", "bytes=100-299").GET());
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(wav, 100, 300));
            assertThat(TenantContext.as(TenantId.of(other.id()), () -> jdbc.sql("SELECT count(*) FROM call_recordings").query(Integer.class).single()))
                    .as("another company sees none of it").isZero();

            assertThat(deliveries.sendDue()).isEqualTo(1);
            assertThat(Files.readAllBytes(ftps.home().resolve(start.atZone(ZoneOffset.UTC).toLocalDate() + "/pg-1.wav")))
                    .as("the default name {date}/{call_id}.{ext}").isEqualTo(wav);
        }
        TenantContext.as(TenantId.of(acme.id()), () -> jdbc.sql("UPDATE call_recordings SET stored_at = :old WHERE call_id = 'pg-1'")
                .param("old", OffsetDateTime.now(ZoneOffset.UTC).minusDays(8)).update());
        assertThat(retention.deleteExpired()).isEqualTo(1);
        assertThat(client.get(acme.ownerToken(), "/api/v1/calls/pg-1/recording").status()).isEqualTo(404);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=recording.expired").body().get("items")).hasSize(1);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=recording.delivered").body().get("items")).hasSize(1);
    }
}
