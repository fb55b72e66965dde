package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/** Guessing protection as an attacker meets it: over the real token endpoint, in parallel, and by address. */
@FortelServerTest
class GuessingProtectionTests extends ServerTestSupport {

    private static final String WRONG = "definitely not the password";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tenants tenants;

    @Autowired
    SignInPolicies policies;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    Fixtures.Company acme;
    String login;
    String id;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Acme");
        login = "target-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String token = fixtures.signedInEmployee(acme.ownerToken(), login, "Target");
        id = client.get(token, "/api/v1/me").body().get("id").asString();
    }

    private JsonNode status() {
        return client.get(acme.ownerToken(), "/api/v1/employees/" + id + "/sign-in-status").body();
    }

    private List<String> failureReasons() {
        return client.get(acme.ownerToken(), "/api/v1/journal?type=auth.login.failed&actor=" + login + "&limit=500").body().get("items")
                .findValuesAsString("reason");
    }

    @Test
    void lockAfterFiveFailuresRefusesEvenTheRightPasswordWithTheSameAnswer() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.tokenResponse(login, WRONG).status()).isEqualTo(401);
        }
        FortelClient.Response wrong = client.tokenResponse("nobody-" + UUID.randomUUID() + "@acme.test", WRONG);
        FortelClient.Response locked = client.tokenResponse(login, Fixtures.PASSWORD);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body().get("detail").asString()).isEqualTo(wrong.body().get("detail").asString());
        assertThat(status().get("locked").asBoolean()).isTrue();
        assertThat(status().get("last_failure_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(failureReasons()).containsExactly("locked", "bad_password", "bad_password", "bad_password", "bad_password", "bad_password");
        JsonNode lockEvent = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.locked").body().get("items").get(0);
        assertThat(lockEvent.get("target").get("name").asString()).isEqualTo(login);
        assertThat(lockEvent.get("details").get("failures").asInt()).isEqualTo(5);
    }

    @Test
    void lockEndsOnItsOwnGrowsWhenRepeatedAndAnAdministratorCanEndItEarly() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            client.tokenResponse(login, WRONG);
        }
        assertThat(status().get("locked").asBoolean()).isTrue();
        Thread.sleep(2_300);
        assertThat(status().get("locked").asBoolean()).isFalse();
        for (int i = 0; i < 5; i++) {
            client.tokenResponse(login, WRONG);
        }
        JsonNode second = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.locked").body().get("items").get(0);
        assertThat(second.get("details").get("lock_number").asInt()).isEqualTo(2);
        JsonNode first = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.locked").body().get("items").get(1);
        Duration firstLength = Duration.between(java.time.Instant.parse(first.get("time").asString()),
                java.time.Instant.parse(first.get("details").get("until").asString()));
        Duration secondLength = Duration.between(java.time.Instant.parse(second.get("time").asString()),
                java.time.Instant.parse(second.get("details").get("until").asString()));
        assertThat(firstLength).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_100));
        assertThat(secondLength).isBetween(Duration.ofMillis(3_900), Duration.ofMillis(4_100));

        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);
        JsonNode unlocked = client.post(acme.ownerToken(), "/api/v1/employees/" + id + "/unlock", "{}").body();
        assertThat(unlocked.get("locked").asBoolean()).isFalse();
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.unlocked").body().get("items").get(0)
                .get("actor").get("id").asString()).isEqualTo(acme.ownerId().toString());
    }

    @Test
    void hundredParallelWrongAttemptsAreAllCountedAndAtMostFiveReachThePasswordCheck() throws Exception {
        // A lock longer than the burst takes on a loaded machine, so that exactly one lock is in force throughout.
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"lockout\": {\"lock\": \"PT5M\", \"lock_max\": \"PT5M\"}}")
                .status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(pool.submit(() -> client.tokenResponse(login, WRONG).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdown();
        }
        List<String> reasons = failureReasons();
        assertThat(reasons).hasSize(100);
        assertThat(reasons.stream().filter("bad_password"::equals).count()).isLessThanOrEqualTo(5);
        assertThat(reasons.stream().filter("locked"::equals).count()).isGreaterThanOrEqualTo(95);
        assertThat(status().get("locked").asBoolean()).isTrue();
    }

    @Test
    void addressSprayingManyAccountsIsBlockedAndJournaledForTheProvider() {
        GuessingProperties strict = new GuessingProperties(5, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofSeconds(8), 3,
                Duration.ofMinutes(10), Duration.ofMinutes(15), 3, Duration.ofSeconds(1));
        GuessingProtection guards = new GuessingProtection(jdbc, strict, policies, tenants, events, transactions, Clock.systemUTC());
        String ip = "2001:db8::" + Integer.toHexString((int) (Math.random() * 0xffff));
        for (int i = 0; i < 3; i++) {
            guards.failed(guards.admit(null, ip));
        }
        assertThatThrownBy(() -> guards.admit(null, ip)).isInstanceOf(GuessingRefusal.class).hasMessageContaining("ip_blocked");
        assertThat(guards.admit(null, "2001:db8::1:2").ip()).isEqualTo("2001:db8::1:2");
        String journal = client.get(fixtures.operatorToken(), "/api/v1/journal?type=auth.ip.blocked&limit=50").raw();
        assertThat(journal).contains(ip);
    }

    @Test
    void aCompanyThresholdOfThreeLocksAfterThreeFailures() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"lockout\": {\"max_failures\": 3}}").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(client.tokenResponse(login, WRONG).status()).isEqualTo(401);
        }
        assertThat(status().get("locked").asBoolean()).isTrue();
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void permanentModeKeepsTheAccountLockedUntilAnAdministratorUnlocksIt() throws InterruptedException {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"lockout\": {\"max_failures\": 2, \"mode\": \"permanent\", \"lock\": \"PT1S\", \"lock_max\": \"PT1S\"}}").status())
                .isEqualTo(200);
        client.tokenResponse(login, WRONG);
        client.tokenResponse(login, WRONG);
        JsonNode locked = status();
        assertThat(locked.get("locked").asBoolean()).isTrue();
        assertThat(locked.get("locked_until_unlocked").asBoolean()).isTrue();
        assertThat(locked.get("locked_until").isNull()).isTrue();
        Thread.sleep(1500);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).as("a temporary lock of 1 s would have ended").isEqualTo(401);
        JsonNode lockEvent = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.locked").body().get("items").get(0);
        assertThat(lockEvent.get("details").get("mode").asString()).isEqualTo("permanent");

        assertThat(client.post(acme.ownerToken(), "/api/v1/employees/" + id + "/unlock", "{}").status()).isEqualTo(200);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        JsonNode unlock = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.unlocked").body().get("items").get(0);
        assertThat(unlock.get("actor").get("name").asString()).as("who unlocked").startsWith("Owner");
    }

    @Test
    void theEndOfATemporaryLockIsJournaled() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            client.tokenResponse(login, WRONG);
        }
        Thread.sleep(2100);
        assertThat(client.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        JsonNode ended = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.account.lock_ended").body().get("items");
        assertThat(ended.size()).isEqualTo(1);
        assertThat(ended.get(0).get("target").get("name").asString()).isEqualTo(login);
    }

    @Test
    void theFailedSignInViewListsFailuresSinceSuccessAndTheirAddresses() {
        for (int i = 0; i < 3; i++) {
            client.tokenResponse(login, WRONG);
        }
        JsonNode rows = client.get(acme.ownerToken(), "/api/v1/sign-in-activity").body();
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("login").asString()).isEqualTo(login);
        assertThat(row.get("status").get("failures_since_last_success").asInt()).isEqualTo(3);
        assertThat(row.get("status").get("locked").asBoolean()).isFalse();
        assertThat(row.get("status").get("recent_failure_ips").valueStream().map(JsonNode::asString)).containsExactly("127.0.0.1");
        client.token(login, Fixtures.PASSWORD);
        assertThat(client.get(acme.ownerToken(), "/api/v1/sign-in-activity").body().size()).as("a success clears the view").isZero();
    }

    @Test
    void anAddressPastTheThrottleThresholdMayTryOnlyOncePerInterval() throws InterruptedException {
        GuessingProperties throttling = new GuessingProperties(5, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofSeconds(8), 20,
                Duration.ofMinutes(10), Duration.ofMinutes(15), 3, Duration.ofSeconds(1));
        GuessingProtection guards = new GuessingProtection(jdbc, throttling, policies, tenants, events, transactions, Clock.systemUTC());
        String ip = "2001:db8:7::" + Integer.toHexString((int) (Math.random() * 0xffff));
        for (int i = 0; i < 3; i++) {
            guards.failed(guards.admit(null, ip));
        }
        guards.failed(guards.admit(null, ip));
        assertThatThrownBy(() -> guards.admit(null, ip)).as("a second attempt within the interval").isInstanceOf(GuessingRefusal.class)
                .hasMessageContaining("ip_throttled");
        Thread.sleep(1100);
        assertThat(guards.admit(null, ip).ip()).as("one attempt per interval passes").isEqualTo(ip);
        assertThat(guards.admit(null, "2001:db8:7::ffff:1").ip()).as("other addresses are not slowed").isEqualTo("2001:db8:7::ffff:1");
    }
}
