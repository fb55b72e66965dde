package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.FortelApplication;
import dev.fortel.support.FortelClient;
import dev.fortel.support.Fixtures;
import dev.fortel.support.PostgresTestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Failure counters and locks live in PostgreSQL, not in a node's memory: a server restarted mid-attack
 * (or another node behind the load balancer) goes on counting where the last one stopped.
 */
@Tag("postgresql")
@ExtendWith(PostgresTestDatabase.Availability.class)
class LockCountersSurviveRestartOnPostgresTests {

    private static final String WRONG = "definitely not the password";

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(FortelApplication.class).profiles("test").initializers(new PostgresTestDatabase.Initializer())
                .properties("server.port=0").run();
    }

    private static FortelClient client(ConfigurableApplicationContext context) {
        return new FortelClient(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @Test
    void failuresCountedBeforeARestartStillCountAfterItAndTheLockHolds() {
        String login = "restart-" + UUID.randomUUID().toString().substring(0, 6) + "@restart.test";
        Fixtures.Company acme;
        String id;
        try (ConfigurableApplicationContext first = start()) {
            FortelClient client = client(first);
            Fixtures fixtures = new Fixtures(client);
            acme = fixtures.company("Restart");
            assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"lockout\": {\"lock\": \"PT10M\", \"lock_max\": \"PT10M\"}}")
                    .status()).isEqualTo(200);
            String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Restart Target");
            id = client.get(token, "/api/v1/me").body().get("id").asString();
            for (int i = 0; i < 3; i++) {
                assertThat(client.tokenResponse(login, WRONG).status()).isEqualTo(401);
            }
            assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + id + "/sign-in-status").body().get("failures_in_window").asInt())
                    .isEqualTo(3);
        }
        try (ConfigurableApplicationContext second = start()) {
            FortelClient client = client(second);
            String owner = client.token(acme.ownerLogin(), Fixtures.PASSWORD);
            assertThat(client.get(owner, "/api/v1/employees/" + id + "/sign-in-status").body().get("failures_in_window").asInt())
                    .as("the count survived the restart").isEqualTo(3);
            client.tokenResponse(login, WRONG);
            client.tokenResponse(login, WRONG);
            assertThat(client.get(owner, "/api/v1/employees/" + id + "/sign-in-status").body().get("locked").asBoolean())
                    .as("3 before + 2 after the restart reach the threshold of 5").isTrue();
        }
        try (ConfigurableApplicationContext third = start()) {
            FortelClient client = client(third);
            assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).as("the lock holds across a restart").isEqualTo(401);
        }
    }
}
