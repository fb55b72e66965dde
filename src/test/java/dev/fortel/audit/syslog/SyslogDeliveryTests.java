package dev.fortel.audit.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestSyslogReceiver;
import dev.fortel.tenancy.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The journal delivered to a real rsyslog over TLS, TCP and UDP, as a client's SIEM receives it. */
@FortelServerTest
class SyslogDeliveryTests extends ServerTestSupport {

    /** RFC 5424: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) fortel (\\d+) (\\S+) \\[fortel@32473 event_id=\"([0-9a-f-]{36})\" "
                    + "tenant=\"([0-9a-f-]{36})\" type=\"([^\"]+)\" seq=\"(\\d+)\" outcome=\"(success|failure)\"\\] (.*)");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyslogDeliveryTests.class);

    @TempDir
    Path dir;

    @Autowired
    Journal journal;

    @BeforeEach
    void rsyslog() {
        TestSyslogReceiver.assumeInstalled();
    }

    @Test
    void aTlsReceiverGetsTheSelectedEventsAsRfc5424WithOcsfJsonAndTheEventInStructuredData() throws Exception {
        try (TestSyslogReceiver receiver = TestSyslogReceiver.start(dir, TestSyslogReceiver.Mode.TLS)) {
            Fixtures.Company c = fixtures.company("Syslog");
            FortelClient.Response created = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "SOC", "host": "127.0.0.1", "port": %d, "transport": "tls", "event_types": ["employee.*", "syslog.*"],
                     "ca_pem": %s}""".formatted(receiver.port(), FortelClient.JSON.writeValueAsString(receiver.authority().certificate())));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            assertThat(created.body().get("delivery").get("state").asString()).isEqualTo("new");
            fixtures.employee(c.ownerToken(), "anna-" + UUID.randomUUID().toString().substring(0, 6) + "@syslog.test", "Анна Иванова");
            fixtures.group(c.ownerToken(), "Not selected");

            List<String> got = receiver.await(2, Duration.ofSeconds(20));
            assertThat(got).hasSize(2);
            Matcher first = parse(got.get(0));
            assertThat(first.group(8)).isEqualTo("syslog.target.created");
            Matcher second = parse(got.get(1));
            assertThat(second.group(8)).isEqualTo("employee.created");
            assertThat(second.group(5)).isEqualTo("employee.created");
            assertThat(second.group(7)).isEqualTo(c.id().toString());
            assertThat(Integer.parseInt(second.group(1))).isEqualTo(13 * 8 + 6); // log audit, informational
            assertThat(Long.parseLong(second.group(9))).isGreaterThan(Long.parseLong(first.group(9)));
            String text = second.group(11);
            assertThat(text.charAt(0)).as("UTF-8 text starts with the BOM (RFC 5424 section 6.4)").isEqualTo('\uFEFF');
            JsonNode ocsf = FortelClient.JSON.readTree(text.substring(1));
            assertThat(ocsf.get("class_uid").asInt()).isEqualTo(3001);
            assertThat(ocsf.get("metadata").get("uid").asString()).isEqualTo(second.group(6));
            assertThat(ocsf.get("unmapped").get("fortel").get("details").get("after").get("display_name").asString()).isEqualTo("Анна Иванова");

            JsonNode target = awaitState(c.ownerToken(), created.body().get("id").asString(), "ok");
            assertThat(target.get("delivery").get("delivered").asLong()).isEqualTo(2);
            assertThat(target.get("delivery").get("confirmed").asBoolean()).isTrue();
        }
    }

    @Test
    void aReceiverStoppedDuringABurstOfTenThousandEventsMissesNoneOfThem() throws Exception {
        try (TestSyslogReceiver receiver = TestSyslogReceiver.start(dir, TestSyslogReceiver.Mode.TLS)) {
            Fixtures.Company c = fixtures.company("Burst");
            FortelClient.Response created = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "SOC", "host": "127.0.0.1", "port": %d, "transport": "tls", "event_types": ["employee.updated"],
                     "pinned_sha256": "%s"}""".formatted(receiver.port(), dev.fortel.platform.tls.ServerTrust.fingerprint(receiver.server().parsed())));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            int total = 10_000;
            TenantId tenant = TenantId.of(c.id());
            Thread burst = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total; i++) {
                    journal.append(new Journal.Draft(tenant, "employee.updated", JournalEntry.Outcome.SUCCESS, JournalEntry.Actor.NONE,
                            JournalEntry.Target.NONE, Map.of("n", i)));
                }
            });
            receiver.await(1_500, Duration.ofSeconds(60));
            receiver.stop();
            int atStop = receiver.messages().size();
            Thread.sleep(1_500);
            receiver.restart();
            burst.join(Duration.ofMinutes(2));

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<Integer, Integer> seen = new HashMap<>();
            while (System.nanoTime() < deadline) {
                seen = bodies(receiver.messages(), c.id());
                if (seen.size() >= total) {
                    break;
                }
                Thread.sleep(250);
            }
            int duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
            LOG.info("syslog loss test: {} events, {} received before the receiver stopped, {} distinct received, {} duplicates",
                    total, atStop, seen.size(), duplicates);
            assertThat(atStop).as("the receiver was stopped during the burst").isLessThan(total);
            assertThat(seen).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(seen).containsKey(i);
            }
            JsonNode journalled = client.get(c.ownerToken(), "/api/v1/journal?type=syslog.delivery.*&limit=10").body().get("items");
            assertThat(journalled.valueStream().map(e -> e.get("type").asString()).toList()).contains("syslog.delivery.failed", "syslog.delivery.resumed");
        }
    }

    @Test
    void cefOverUdpCarriesTheEventAsOneCefLine() throws Exception {
        try (TestSyslogReceiver receiver = TestSyslogReceiver.start(dir, TestSyslogReceiver.Mode.UDP)) {
            Fixtures.Company c = fixtures.company("Cef");
            FortelClient.Response created = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "Legacy SIEM", "host": "127.0.0.1", "port": %d, "transport": "udp", "format": "cef", "facility": 10,
                     "event_types": ["group.created"]}""".formatted(receiver.port()));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            assertThat(created.body().get("delivery").get("confirmed").asBoolean()).isFalse();
            fixtures.group(c.ownerToken(), "Sales = North | West");
            List<String> got = receiver.await(1, Duration.ofSeconds(20));
            assertThat(got).hasSize(1);
            Matcher m = parse(got.getFirst());
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(10 * 8 + 6);
            String cef = m.group(11);
            assertThat(cef).startsWith("CEF:0|Fortel|Fortel|1|group.created|group.created|3|rt=");
            assertThat(cef).contains("cs1Label=tenant cs1=" + c.id()).contains("cn1Label=seq cn1=" + m.group(9));
            assertThat(cef).as("= in an extension value is escaped").contains("\"name\":\"Sales \\= North | West\"");
        }
    }

    @Test
    void aClientCertificateIsPresentedToAReceiverThatRequiresOne() throws Exception {
        try (TestSyslogReceiver receiver = TestSyslogReceiver.start(dir, TestSyslogReceiver.Mode.TLS, "x509/certvalid")) {
            Fixtures.Company c = fixtures.company("Mutual");
            String ca = FortelClient.JSON.writeValueAsString(receiver.authority().certificate());
            FortelClient.Response without = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "No client cert", "host": "127.0.0.1", "port": %d, "transport": "tls", "ca_pem": %s}""".formatted(receiver.port(), ca));
            assertThat(without.status()).as(without.raw()).isEqualTo(201);
            FortelClient.Response refused = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets/" + without.body().get("id").asString() + "/test", "{}");
            assertThat(refused.body().get("delivered").asBoolean()).as(refused.raw()).isFalse();

            TestSyslogReceiver.Pem mine = receiver.issueClient("fortel-client");
            FortelClient.Response with = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "With client cert", "host": "127.0.0.1", "port": %d, "transport": "tls", "ca_pem": %s, "client_cert_pem": %s,
                     "client_key_pem": %s}""".formatted(receiver.port(), ca, FortelClient.JSON.writeValueAsString(mine.certificate()),
                    FortelClient.JSON.writeValueAsString(mine.privateKey())));
            assertThat(with.status()).as(with.raw()).isEqualTo(201);
            assertThat(with.body().get("client_key_set").asBoolean()).isTrue();
            assertThat(with.raw()).doesNotContain("PRIVATE KEY");
            FortelClient.Response ok = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets/" + with.body().get("id").asString() + "/test", "{}");
            assertThat(ok.body().get("delivered").asBoolean()).as(ok.raw()).isTrue();
            assertThat(receiver.await(1, Duration.ofSeconds(10))).anyMatch(line -> line.contains("fortel.test") && line.contains("With client cert"));
        }
    }

    @Test
    void anUntrustedCertificateIsReportedPreciselyAndDeliveryToOtherTargetsGoesOn() throws Exception {
        Path tls = dir.resolve("tls");
        Path tcp = dir.resolve("tcp");
        try (TestSyslogReceiver bad = TestSyslogReceiver.start(tls, TestSyslogReceiver.Mode.TLS);
                TestSyslogReceiver good = TestSyslogReceiver.start(tcp, TestSyslogReceiver.Mode.TCP)) {
            Fixtures.Company c = fixtures.company("Untrusted");
            // No authority given: the JVM's authorities do not know the test CA.
            FortelClient.Response untrusted = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "Untrusted", "host": "127.0.0.1", "port": %d, "transport": "tls"}""".formatted(bad.port()));
            assertThat(untrusted.status()).as(untrusted.raw()).isEqualTo(201);
            String badId = untrusted.body().get("id").asString();
            FortelClient.Response test = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets/" + badId + "/test", "{}");
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.body().get("delivered").asBoolean()).isFalse();
            assertThat(test.body().get("detail").asString()).contains("127.0.0.1:" + bad.port()).contains("certificate is not trusted");

            FortelClient.Response plain = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                    {"name": "Plain TCP", "host": "127.0.0.1", "port": %d, "transport": "tcp", "event_types": ["group.*"]}""".formatted(good.port()));
            assertThat(plain.status()).as(plain.raw()).isEqualTo(201);
            fixtures.group(c.ownerToken(), "Delivered anyway");
            assertThat(good.await(1, Duration.ofSeconds(20))).anyMatch(line -> line.contains("group.created"));

            JsonNode failing = awaitState(c.ownerToken(), badId, "failing");
            assertThat(failing.get("delivery").get("last_error").asString()).contains("certificate is not trusted");
            assertThat(failing.get("delivery").get("lag").asLong()).isPositive();
            assertThat(bad.messages()).isEmpty();
            JsonNode events = client.get(c.ownerToken(), "/api/v1/journal?type=syslog.*&limit=20").body().get("items");
            assertThat(events.valueStream().map(e -> e.get("type").asString()).toList()).contains("syslog.delivery.failed", "syslog.target.tested");
        }
    }

    @Test
    void aReceiverThatIsNotListeningIsNamedInTheTestResult() {
        Fixtures.Company c = fixtures.company("Refused");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        FortelClient.Response created = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets", """
                {"name": "Down", "host": "127.0.0.1", "port": %d, "transport": "tcp"}""".formatted(port));
        FortelClient.Response test = client.post(c.ownerToken(), "/api/v1/journal/syslog-targets/" + created.body().get("id").asString() + "/test", "{}");
        assertThat(test.body().get("delivered").asBoolean()).isFalse();
        assertThat(test.body().get("detail").asString()).isEqualTo("nothing accepts connections at 127.0.0.1:" + port + " (connection refused)");
    }

    private JsonNode awaitState(String token, String id, String state) throws InterruptedException {
        JsonNode t = null;
        for (int i = 0; i < 100; i++) {
            t = client.get(token, "/api/v1/journal/syslog-targets/" + id).body();
            if (state.equals(t.get("delivery").get("state").asString()) && ("failing".equals(state) || t.get("delivery").get("lag").asLong() == 0)) {
                return t;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("target " + id + " did not reach " + state + ": " + t);
    }

    private static Matcher parse(String line) {
        Matcher m = RFC5424.matcher(line);
        assertThat(m.matches()).as("an RFC 5424 message: %s", line).isTrue();
        return m;
    }

    /** How many times each burst event ({@code details.n}) of the company arrived. */
    private static Map<Integer, Integer> bodies(List<String> lines, UUID tenant) {
        Map<Integer, Integer> seen = new HashMap<>();
        Pattern n = Pattern.compile("\"details\":\\{\"n\":(\\d+)\\}");
        for (String line : lines) {
            if (!line.contains("tenant=\"" + tenant + "\"") || !line.contains("type=\"employee.updated\"")) {
                continue;
            }
            Matcher m = n.matcher(line);
            if (m.find()) {
                seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return seen;
    }
}
