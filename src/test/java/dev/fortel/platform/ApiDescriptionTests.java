package dev.fortel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description names fields as the API reads them, so clients generated from it work. */
@FortelServerTest
class ApiDescriptionTests extends ServerTestSupport {

    @Test
    void schemasUseTheSnakeCaseNamesTheApiAccepts() {
        FortelClient.Response r = client.get(null, "/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        JsonNode schemas = r.body().get("components").get("schemas");
        JsonNode batch = schemas.properties().stream().filter(e -> e.getKey().endsWith("Incoming")).findFirst().orElseThrow().getValue();
        assertThat(batch.get("properties").has("call_id")).as(batch.toString()).isTrue();
        assertThat(batch.get("properties").has("callId")).isFalse();
        assertThat(r.raw()).doesNotContain("\"ownerEmail\"").contains("\"owner_email\"");
    }
}
