package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The company's password policy as a person choosing a password meets it, through the activation link. */
@FortelServerTest
class PasswordPolicyTests extends ServerTestSupport {

    Fixtures.Company acme;
    String login;
    String employeeId;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Rules");
        login = "maria.ivanova-" + UUID.randomUUID().toString().substring(0, 4) + "@rules.test";
        employeeId = fixtures.employee(acme.ownerToken(), login, "Maria Ivanova").get("id").asString();
    }

    private String link() {
        String url = client.post(acme.ownerToken(), "/api/v1/employees/" + employeeId + "/activation-link", "{}").body()
                .get("activation_url").asString();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private FortelClient.Response choose(String token, String password) {
        return client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + password + "\"}");
    }

    private List<String> messages(FortelClient.Response r) {
        return r.body().get("errors").findValuesAsString("message");
    }

    @Test
    void theBundledDenyListHoldsAtLeastTenThousandCommonPasswords() {
        assertThat(PasswordPolicy.commonPasswordCount()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void everyUnmetRuleIsListedInOneAnswer() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"password\": {\"min_length\": 8, \"required_classes\": [\"upper\", \"digit\", \"symbol\"]}}").status()).isEqualTo(200);
        FortelClient.Response r = choose(link(), "password");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsString("field")).containsOnly("password");
        assertThat(messages(r)).containsExactlyInAnyOrder("must contain an upper-case letter", "must contain a digit",
                "must contain a symbol such as ! or #", "is one of the most common passwords, which attackers try first; choose another");
    }

    @Test
    void theRulesAreListedInRussianForARussianReader() {
        FortelClient.Response r = client.send(client.request("/api/v1/activation/" + link()).header("Content-Type", "application/json")
                .header("Accept-Language", "ru").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\": \"ivanova\"}")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsString("message")).contains("не короче 12 символов; фразу из нескольких слов легко запомнить",
                "не должен содержать ваш логин или имя");
    }

    @Test
    void aCommonPasswordIsRefusedEvenWithSpacesOrCapitals() {
        FortelClient.Response r = choose(link(), "1QAZ 2WSX 3EDC");
        assertThat(r.status()).isEqualTo(422);
        assertThat(messages(r)).contains("is one of the most common passwords, which attackers try first; choose another");
    }

    @Test
    void theNameOrLoginInsideThePasswordIsRefused() {
        assertThat(messages(choose(link(), "my secret ivanova phrase"))).contains("must not contain your login or name");
        assertThat(messages(choose(link(), "Maria.Ivanova is here 2026"))).contains("must not contain your login or name");
    }

    @Test
    void theLastPasswordsCannotBeReusedAndOlderOnesCan() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"history\": 2}}").status()).isEqualTo(200);
        assertThat(choose(link(), "first long passphrase").status()).isEqualTo(200);
        assertThat(choose(link(), "second long passphrase").status()).isEqualTo(200);
        FortelClient.Response again = choose(link(), "first long passphrase");
        assertThat(again.status()).isEqualTo(422);
        assertThat(messages(again)).containsExactly("must differ from your last 2 passwords");
        assertThat(choose(link(), "third long passphrase").status()).isEqualTo(200);
        assertThat(choose(link(), "first long passphrase").status()).as("now three passwords back").isEqualTo(200);
        assertThat(client.tokenResponse(login, "first long passphrase").status()).isEqualTo(201);
    }

    @Test
    void theActivationPageShowsTheCompanysRulesNextToTheField() {
        assertThat(client.patch(acme.ownerToken(), "/api/v1/security-settings",
                "{\"password\": {\"min_length\": 14, \"required_classes\": [\"digit\"], \"history\": 3}}").status()).isEqualTo(200);
        String page = client.send(client.request("/activate/" + link()).header("Accept-Language", "en").GET()).raw();
        assertThat(page).contains("From 14 to 128 characters").contains("At least a digit").contains("Not one of your last 3 passwords")
                .contains("most common passwords");
    }
}
