package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Passwords, tokens and link secrets never reach the server's log, whatever happens to a request. */
@FortelServerTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsTests extends ServerTestSupport {

    @Test
    void passwordsTokensAndActivationSecretsAreNeverLogged(CapturedOutput output) {
        Fixtures.Company acme = fixtures.company("Acme");
        String wrong = "Wrong-Passphrase-" + UUID.randomUUID();
        client.tokenResponse(acme.ownerLogin(), wrong);
        client.tokenResponse("ghost-" + UUID.randomUUID() + "@acme.test", wrong);
        String employee = fixtures.employee(acme.ownerToken(), "log-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test", "Log")
                .get("id").asString();
        String url = client.post(acme.ownerToken(), "/api/v1/employees/" + employee + "/activation-link", "{}")
                .body().get("activation_url").asString();
        String secret = url.substring(url.lastIndexOf('/') + 1);
        String chosen = "Chosen-Passphrase-" + UUID.randomUUID();
        client.post(null, "/api/v1/activation/" + secret, "{\"password\": \"" + chosen + "\"}");
        client.post(null, "/api/v1/activation/" + secret, "{\"password\": \"" + chosen + "\"}");
        client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"" + wrong + "\", \"display_name\": 1}");

        assertThat(output.getAll())
                .doesNotContain(wrong)
                .doesNotContain(chosen)
                .doesNotContain(secret)
                .doesNotContain(acme.ownerToken())
                .doesNotContain(Fixtures.PASSWORD);
    }
}
