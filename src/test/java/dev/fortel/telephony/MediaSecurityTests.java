package dev.fortel.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The media-security policy: defaults, a journaled change, and the combinations refused with the reason. */
@FortelServerTest
class MediaSecurityTests extends ServerTestSupport {

    @Test
    void aCompanyRequiresTlsAndSrtpAndTheChangeIsJournaled() {
        Fixtures.Company acme = fixtures.company("Media");
        FortelClient.Response initial = client.get(acme.ownerToken(), "/api/v1/telephony/media-security");
        assertThat(initial.body().get("sip_tls").asString()).isEqualTo("optional");
        assertThat(initial.body().get("srtp").asString()).isEqualTo("optional");
        FortelClient.Response changed = client.put(acme.ownerToken(), "/api/v1/telephony/media-security",
                "{\"sip_tls\": \"required\", \"srtp\": \"required\"}");
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        var entry = client.get(acme.ownerToken(), "/api/v1/journal?type=telephony.media_security.changed").body().get("items").get(0);
        assertThat(entry.get("details").get("before").get("srtp").asString()).isEqualTo("optional");
        assertThat(entry.get("details").get("after").get("srtp").asString()).isEqualTo("required");
    }

    @Test
    void srtpRequiredWithoutTlsAndUnknownValuesAreRefusedAndNothingChanges() {
        Fixtures.Company acme = fixtures.company("Media");
        FortelClient.Response plainKeys = client.put(acme.ownerToken(), "/api/v1/telephony/media-security",
                "{\"sip_tls\": \"optional\", \"srtp\": \"required\"}");
        assertThat(plainKeys.status()).isEqualTo(422);
        assertThat(plainKeys.body().get("errors").get(0).get("field").asString()).isEqualTo("srtp");
        FortelClient.Response unknown = client.put(acme.ownerToken(), "/api/v1/telephony/media-security", "{\"sip_tls\": \"always\", \"srtp\": \"maybe\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.raw()).contains("sip_tls").contains("srtp");
        assertThat(client.get(acme.ownerToken(), "/api/v1/telephony/media-security").body().get("srtp").asString()).isEqualTo("optional");
        String employee = fixtures.signedInEmployee(acme.ownerToken(), "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Media Employee");
        assertThat(client.put(employee, "/api/v1/telephony/media-security", "{\"sip_tls\": \"required\", \"srtp\": \"off\"}").status()).isEqualTo(403);
    }
}
