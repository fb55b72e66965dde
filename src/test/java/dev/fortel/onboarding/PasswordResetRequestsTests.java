package dev.fortel.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.platform.RequestOrigin;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The counters behind "forgot password": per login and per source address, in the database. The test profile
 * lets 127.0.0.1 ask without limit (the suite runs from there), so the address limit is shown on documentation
 * addresses (RFC 5737) handed to the service directly; nothing is sent anywhere.
 */
@FortelServerTest
class PasswordResetRequestsTests extends ServerTestSupport {

    @Autowired
    PasswordResets resets;

    @Autowired
    ResetRequestGuards guards;

    @Autowired
    ResetRequestLimits limits;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countersAllowTheLimitPerWindowThenRefuseUntilTheWindowEnds() {
        String subject = ResetRequestGuards.addressSubject("198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID());
        Instant now = Instant.now();
        for (int i = 0; i < 4; i++) {
            assertThat(guards.count(subject, 4, Duration.ofHours(1), now)).isTrue();
        }
        assertThat(guards.count(subject, 4, Duration.ofHours(1), now.plusSeconds(60))).isFalse();
        assertThat(guards.count(subject, 4, Duration.ofHours(1), now.plus(Duration.ofMinutes(61)))).as("a new window").isTrue();
    }

    @Test
    void anAddressOverItsLimitGetsNoLinkAndTheRefusalIsJournaled() {
        Fixtures.Company acme = fixtures.company("Acme");
        String login = "spray-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        fixtures.signedInEmployee(acme.ownerToken(), login, "Sprayed");
        String ip = "203.0.113." + (1 + (int) (Math.random() * 250));
        jdbc.sql("DELETE FROM password_reset_guards WHERE subject = :s").param("s", ResetRequestGuards.addressSubject(ip)).update();
        jdbc.sql("INSERT INTO password_reset_guards (subject, requests, window_started) VALUES (:s, :n, :now)")
                .param("s", ResetRequestGuards.addressSubject(ip)).param("n", limits.perAddress())
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        long mailsBefore = resetMails(login);

        resets.request(login, new RequestOrigin(ip, "test"));

        assertThat(resetMails(login)).isEqualTo(mailsBefore);
        String journal = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.password_reset.refused").raw();
        assertThat(journal).contains("address_limit").contains(ip);

        resets.request(login, new RequestOrigin("203.0.113.254".equals(ip) ? "203.0.113.253" : "203.0.113.254", "test"));
        assertThat(resetMails(login)).as("another address may ask").isEqualTo(mailsBefore + 1);
    }

    @Test
    void loginsAreCountedOnlyAsHashes() {
        String login = "counted-" + UUID.randomUUID().toString().substring(0, 8) + "@nowhere.test";
        resets.request(login, new RequestOrigin("192.0.2.10", "test"));
        assertThat(jdbc.sql("SELECT count(*) FROM password_reset_guards WHERE subject LIKE :l").param("l", "%" + login + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT requests FROM password_reset_guards WHERE subject = :s").param("s", ResetRequestGuards.loginSubject(login))
                .query(Integer.class).single()).isEqualTo(1);
    }

    private long resetMails(String login) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE recipient = :r AND kind = 'password_reset'").param("r", login).query(Long.class).single();
    }
}
