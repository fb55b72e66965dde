package dev.fortel.audit.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.audit.alerting.AlertMail;
import dev.fortel.platform.geo.CountryDatabase;
import dev.fortel.support.CountryFiles;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Correlation and e-mail alerts through the running server: real sign-ins are journaled, the analysis reads the
 * journal, alerts and mail come out, and rules are managed through the API.
 */
@FortelServerTest
class AlertsTests extends ServerTestSupport {

    @Autowired
    JournalAnalyzer analyzer;

    @Autowired
    AlertMail mail;

    @Autowired
    CountryDatabase countries;

    private List<JsonNode> outboxTo(String recipient) {
        return client.get(fixtures.operatorToken(), "/api/v1/provider/outbox?limit=200").body().get("items").valueStream()
                .filter(m -> m.get("to").asString().equals(recipient)).toList();
    }

    private String body(JsonNode message) {
        return client.get(fixtures.operatorToken(), "/api/v1/provider/outbox/" + message.get("id").asString()).body().get("body").asString();
    }

    @Test
    void aGuessedPasswordRaisesAHighAlertThatIsJournaledAndMailedWithTheLockBeforeIt() throws Exception {
        Fixtures.Company c = fixtures.company("Guessed");
        String soc = "soc-" + UUID.randomUUID().toString().substring(0, 6) + "@guessed.test";
        FortelClient.Response set = client.put(c.ownerToken(), "/api/v1/journal/alert-settings",
                "{\"recipients\": {\"correlation\": [\"" + soc + "\"], \"account_locked\": [\"" + soc + "\"]}}");
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        String login = "anna-" + UUID.randomUUID().toString().substring(0, 6) + "@guessed.test";
        fixtures.signedInEmployee(c.ownerToken(), login, "Anna");
        FortelClient attacker = client.from("198.51.100.61");
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.tokenResponse(login, "wrong password " + i).status()).isEqualTo(401);
        }
        Thread.sleep(2_200); // the test profile's lock lasts 2 s
        assertThat(attacker.tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);

        analyzer.poll();

        List<JsonNode> alerts = client.get(c.ownerToken(), "/api/v1/journal/alerts").body().get("items").valueStream().toList();
        assertThat(alerts).extracting(a -> a.get("rule").asString()).contains("failed_sign_ins_then_success");
        JsonNode alert = alerts.stream().filter(a -> a.get("rule").asString().equals("failed_sign_ins_then_success")).findFirst().orElseThrow();
        assertThat(alert.get("level").asString()).isEqualTo("high");
        assertThat(alert.get("status").asString()).isEqualTo("open");
        assertThat(alert.get("group").get("details.login").asString()).isEqualTo(login);
        assertThat(alert.get("last_ip").asString()).isEqualTo("198.51.100.61");

        JsonNode raised = client.get(c.ownerToken(), "/api/v1/journal?type=alert.raised").body().get("items").get(0);
        assertThat(raised.get("details").get("rule").asString()).isEqualTo("failed_sign_ins_then_success");
        assertThat(raised.get("details").get("event").get("type").asString()).isEqualTo("auth.login.succeeded");
        assertThat(raised.get("target").get("id").asString()).isEqualTo(alert.get("id").asString());

        List<JsonNode> mails = outboxTo(soc);
        assertThat(mails).extracting(m -> m.get("kind").asString()).containsExactlyInAnyOrder("alert_correlation", "alert_account_locked");
        JsonNode correlation = mails.stream().filter(m -> m.get("kind").asString().equals("alert_correlation")).findFirst().orElseThrow();
        assertThat(correlation.get("subject").asString()).contains("Failed sign-ins followed by a successful one");
        String text = body(correlation);
        assertThat(text).contains("Оповещение безопасности компании " + c.name()).contains("198.51.100.61").contains("Level: high")
                .contains("details.login = " + login);

        FortelClient.Response again = client.get(c.ownerToken(), "/api/v1/journal/alerts");
        analyzer.poll();
        assertThat(client.get(c.ownerToken(), "/api/v1/journal/alerts").body().get("items")).as("a second round raises nothing new")
                .hasSize(again.body().get("items").size());
    }

    @Test
    void everySignInOfAWatchedEmployeeIsMailedAndABurstBecomesOneSummary() throws Exception {
        Fixtures.Company c = fixtures.company("Watched");
        String admins = "admins-" + UUID.randomUUID().toString().substring(0, 6) + "@watched.test";
        String login = "cfo-" + UUID.randomUUID().toString().substring(0, 6) + "@watched.test";
        fixtures.signedInEmployee(c.ownerToken(), login, "Chief Financial Officer");
        analyzer.poll(); // the activation's sign-in is history before anyone is watched
        FortelClient.Response unknown = client.put(c.ownerToken(), "/api/v1/journal/alert-settings",
                "{\"recipients\": {\"watched_sign_in\": [\"" + admins + "\", \"not an address\"], \"nonsense\": []}, \"watched\": [\"" + login
                        + "\", \"nobody@watched.test\"]}");
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(422);
        assertThat(unknown.raw()).contains("'not an address' is not an e-mail address").contains("no employee of this company signs in as 'nobody@watched.test'")
                .contains("recipients.nonsense");
        assertThat(client.get(c.ownerToken(), "/api/v1/journal/alert-settings").body().get("watched")).as("nothing half-written").isEmpty();

        FortelClient.Response saved = client.put(c.ownerToken(), "/api/v1/journal/alert-settings",
                "{\"recipients\": {\"watched_sign_in\": [\"" + admins + "\"]}, \"watched\": [\"" + login + "\"]}");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.body().get("watched").get(0).get("login").asString()).isEqualTo(login);
        assertThat(client.get(c.ownerToken(), "/api/v1/journal?type=alert.settings.changed").body().get("items")).hasSize(1);
        mail.forget();

        for (int i = 0; i < 4; i++) {
            assertThat(client.from("192.0.2.14").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        }
        analyzer.poll();
        List<JsonNode> first = outboxTo(admins);
        assertThat(first).singleElement().satisfies(m -> {
            assertThat(m.get("kind").asString()).isEqualTo("alert_watched_sign_in");
            assertThat(m.get("subject").asString()).contains("Sign-in of Chief Financial Officer").contains("Вход сотрудника");
        });
        assertThat(body(first.getFirst())).contains("192.0.2.14").contains("Event: Signed in (auth.login.succeeded)").contains("Событие: Успешный вход");

        Thread.sleep(2_100); // the test profile's grouping window
        mail.flush();
        List<JsonNode> all = outboxTo(admins);
        assertThat(all).hasSize(2);
        JsonNode summary = all.stream().filter(m -> m.get("kind").asString().equals("alert_watched_sign_in_summary")).findFirst().orElseThrow();
        assertThat(summary.get("subject").asString()).contains("3 more");
        assertThat(body(summary)).contains("ещё 3 событий").contains("192.0.2.14");
    }

    @Test
    void anAdministratorSigningInFromANewCountryIsAHighAlertMailedWithTheCountryNamedAndTheCountryIsJournaled() throws Exception {
        CountryFiles.write(CountryFiles.TEST_PROFILE_FILE, "203.0.113.128/28=DE", "203.0.113.144/28=RU");
        countries.refresh();
        Fixtures.Company c = fixtures.company("Countries");
        String security = "security-" + UUID.randomUUID().toString().substring(0, 6) + "@countries.test";
        assertThat(client.put(c.ownerToken(), "/api/v1/journal/alert-settings",
                "{\"recipients\": {\"admin_new_address\": [\"" + security + "\"]}}").status()).isEqualTo(200);
        String login = "ivan-" + UUID.randomUUID().toString().substring(0, 6) + "@countries.test";
        fixtures.signedInEmployee(c.ownerToken(), login, "Ivan Petrov", "admin");
        assertThat(client.from("203.0.113.130").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        assertThat(client.from("203.0.113.131").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        analyzer.poll();
        assertThat(alertsOf(c, "administrator_new_country")).as("the first country only learns, the same country again is not new").isEmpty();
        mail.forget();

        assertThat(client.from("203.0.113.150").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(201);
        analyzer.poll();

        assertThat(alertsOf(c, "administrator_new_country")).singleElement().satisfies(a -> {
            assertThat(a.get("level").asString()).isEqualTo("high");
            assertThat(a.get("last_ip").asString()).isEqualTo("203.0.113.150");
        });
        JsonNode signIn = client.get(c.ownerToken(), "/api/v1/journal?type=auth.login.succeeded").body().get("items").get(0);
        assertThat(signIn.get("details").get("country").asString()).isEqualTo("RU");
        FortelClient.Binary exported = client.sendForBytes(client.request("/api/v1/journal/export?type=auth.login.succeeded")
                .header("Authorization", "Bearer " + c.ownerToken()).GET());
        String[] lines = exported.text().split("\n");
        assertThat(FortelClient.JSON.readTree(lines[lines.length - 1]).get("src_endpoint").get("location").get("country").asString())
                .as("OCSF src_endpoint.location.country for the SIEM").isEqualTo("RU");
        List<JsonNode> mails = outboxTo(security);
        assertThat(mails).extracting(m -> m.get("subject").asString())
                .anySatisfy(subject -> assertThat(subject).contains("Администратор Ivan Petrov вошёл из новой страны: Россия (RU)")
                        .contains("Administrator Ivan Petrov signed in from a new country: Russia (RU)"));
        JsonNode byCountry = mails.stream().filter(m -> m.get("subject").asString().contains("новой страны")).findFirst().orElseThrow();
        assertThat(body(byCountry)).contains("Страна: Россия (RU)").contains("Country: Russia (RU)").contains("203.0.113.150");
    }

    private List<JsonNode> alertsOf(Fixtures.Company c, String rule) {
        return client.get(c.ownerToken(), "/api/v1/journal/alerts").body().get("items").valueStream().filter(a -> a.get("rule").asString().equals(rule))
                .toList();
    }

    @Test
    void aCompanyRewritesABuiltInAddsItsOwnRuleAndABrokenRuleIsRefusedSayingWhereAndWhat() {
        Fixtures.Company c = fixtures.company("Rules");
        String path = "/api/v1/journal/correlation-rules";
        JsonNode list = client.get(c.ownerToken(), path).body().get("items");
        assertThat(list.valueStream().map(f -> f.get("name").asString()).toList()).contains("failed-sign-ins-then-success", "password-spraying",
                "mass-recording-download", "administrator-new-address", "security-changes-after-hours");

        FortelClient.Response broken = client.put(c.ownerToken(), path + "/night-exports", """
                {"yaml": "title: Night exports\\nname: night\\ndetection:\\n  sel: {type: calls.history.exported, hour|lt: 6}\\n  condition: sel and late\\n"}""");
        assertThat(broken.status()).as(broken.raw()).isEqualTo(422);
        assertThat(broken.body().get("errors").get(0).get("field").asString()).isEqualTo("yaml");
        assertThat(broken.raw()).contains("rule 1 (night): detection.condition: 'late' is not a selection of this detection");

        FortelClient.Response own = client.put(c.ownerToken(), path + "/night-exports", """
                {"yaml": "title: Call history exported at night\\nname: night\\nlevel: high\\ntimezone: Europe/Moscow\\ndetection:\\n  sel: {type: calls.history.exported}\\n  night: {hour|lt: 6}\\n  condition: sel and night\\n"}""");
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.body().get("built_in").asBoolean()).isFalse();
        assertThat(own.body().get("rules").get(0).get("level").asString()).isEqualTo("high");

        FortelClient.Response off = client.put(c.ownerToken(), path + "/security-changes-after-hours", "{\"enabled\": false}");
        assertThat(off.status()).as(off.raw()).isEqualTo(200);
        assertThat(off.body().get("enabled").asBoolean()).isFalse();

        String tuned = client.get(c.ownerToken(), path + "/password-spraying").body().get("yaml").asString().replace("gte: 10", "gte: 4");
        FortelClient.Response rewritten = client.put(c.ownerToken(), path + "/password-spraying",
                "{\"yaml\": " + FortelClient.JSON.writeValueAsString(tuned) + "}");
        assertThat(rewritten.status()).as(rewritten.raw()).isEqualTo(200);
        assertThat(rewritten.body().get("modified").asBoolean()).isTrue();
        assertThat(client.delete(c.ownerToken(), path + "/password-spraying").status()).isEqualTo(204);
        assertThat(client.get(c.ownerToken(), path + "/password-spraying").body().get("modified").asBoolean()).as("reset to shipped").isFalse();

        assertThat(client.get(c.ownerToken(), "/api/v1/journal?type=correlation.rules.*").body().get("items").valueStream()
                .map(e -> e.get("type").asString()).toList()).containsExactly("correlation.rules.reset", "correlation.rules.saved",
                        "correlation.rules.disabled", "correlation.rules.saved");

        Fixtures.Company other = fixtures.company("Others");
        assertThat(client.get(other.ownerToken(), path + "/night-exports").status()).as("another company's rule").isEqualTo(404);
        assertThat(client.get(other.ownerToken(), path + "/security-changes-after-hours").body().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void oneAddressFailingAtThreeCompaniesIsTheProvidersAlertWhichTheProviderHandlesAndCompaniesCannotSee() {
        String ip = "203.0.113." + (10 + new java.util.Random().nextInt(200));
        List<Fixtures.Company> companies = List.of(fixtures.company("Spray A"), fixtures.company("Spray B"), fixtures.company("Spray C"));
        for (Fixtures.Company c : companies) {
            assertThat(client.from(ip).tokenResponse(c.ownerLogin(), "Winter2026!").status()).isEqualTo(401);
        }
        analyzer.poll();
        String operator = fixtures.operatorToken();
        JsonNode alert = client.get(operator, "/api/v1/journal/alerts").body().get("items").valueStream()
                .filter(a -> a.get("rule").asString().equals("spraying_across_companies") && ip.equals(a.get("group").get("actor.ip").asString()))
                .findFirst().orElseThrow();
        String id = alert.get("id").asString();
        for (Fixtures.Company c : companies) {
            assertThat(client.get(c.ownerToken(), "/api/v1/journal/alerts/" + id).status()).isEqualTo(404);
        }
        FortelClient.Response bad = client.patch(operator, "/api/v1/journal/alerts/" + id, "{\"status\": \"solved\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.raw()).contains("must be acknowledged or closed");
        FortelClient.Response ack = client.patch(operator, "/api/v1/journal/alerts/" + id, "{\"status\": \"acknowledged\", \"note\": \"blocking at the edge\"}");
        assertThat(ack.status()).as(ack.raw()).isEqualTo(200);
        assertThat(ack.body().get("handled_by").asString()).isNotBlank();
        FortelClient.Response closed = client.patch(operator, "/api/v1/journal/alerts/" + id, "{\"status\": \"closed\"}");
        assertThat(closed.body().get("status").asString()).isEqualTo("closed");
        assertThat(closed.body().get("note").asString()).isEqualTo("blocking at the edge");
        assertThat(client.get(operator, "/api/v1/journal?type=alert.*").body().get("items").valueStream().map(e -> e.get("type").asString()).toList())
                .contains("alert.closed", "alert.acknowledged", "alert.raised");
    }
}
