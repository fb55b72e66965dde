package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The list of a company's integrations and channels: what it shows, that showing it is journaled, and who may see it. */
@FortelServerTest
class IntegrationsOverviewTests extends ServerTestSupport {

    @Test
    void theOverviewListsTokensAndChannelsAndEachShowingIsJournaled() {
        Fixtures.Company acme = fixtures.company("Overview");
        FortelClient.Response token = client.post(acme.ownerToken(), "/api/v1/integration-tokens",
                "{\"name\": \"CRM sync\", \"scope\": [\"employees.view\"], \"expires_at\": \"" + Instant.now().plusSeconds(86_400) + "\"}");
        assertThat(token.status()).as(token.raw()).isEqualTo(201);
        FortelClient.Response overview = client.get(acme.ownerToken(), "/api/v1/integrations/overview");
        assertThat(overview.status()).isEqualTo(200);
        JsonNode tokens = overview.body().get("integration_tokens");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).get("name").asString()).isEqualTo("CRM sync");
        assertThat(tokens.get(0).get("ref").asString()).startsWith("int:");
        assertThat(overview.raw()).doesNotContain(token.body().get("token").asString());
        assertThat(overview.body().get("channels").toString()).contains("\"kind\":\"email\"").contains("\"kind\":\"sms\"");

        ConsoleDevice console = ConsoleDevice.signIn(client.base(), acme.ownerLogin(), Fixtures.PASSWORD, "Mozilla/5.0 Firefox/128.0");
        assertThat(console.get("/security/integrations").body()).contains("CRM sync");
        JsonNode journal = client.get(acme.ownerToken(), "/api/v1/journal?type=integration.overview.viewed").body().get("items");
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).get("details").get("integration_tokens").asInt()).isEqualTo(1);

        String employee = fixtures.signedInEmployee(acme.ownerToken(), "o-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Plain");
        assertThat(client.get(employee, "/api/v1/integrations/overview").status()).isEqualTo(403);
    }
}
