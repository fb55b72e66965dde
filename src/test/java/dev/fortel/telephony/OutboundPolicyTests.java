package dev.fortel.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The calling policy: the default (home country only), a company's countries narrowed per group, premium-rate
 * blocking by libphonenumber's number types, the caller named by employee id or SIP address, journaled changes,
 * and precise refusals of bad input.
 */
@FortelServerTest
class OutboundPolicyTests extends ServerTestSupport {

    dev.fortel.support.Fixtures.Company acme;
    String annaId;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Calls");
        annaId = fixtures.employee(acme.ownerToken(), "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test", "Anna Calls")
                .get("id").asString();
    }

    private JsonNode decide(String from, String to) {
        FortelClient.Response r = client.post(acme.ownerToken(), "/api/v1/telephony/outbound-decisions",
                "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void byDefaultCallsMayGoOnlyWithinTheHomeCountryAndNationalNumbersAreReadThere() {
        JsonNode moscow = decide(annaId, "8 495 123-45-67");
        assertThat(moscow.get("allowed").asBoolean()).isTrue();
        assertThat(moscow.get("number").asString()).isEqualTo("+74951234567");
        assertThat(moscow.get("country").asString()).isEqualTo("RU");
        JsonNode london = decide(annaId, "+44 20 7183 8750");
        assertThat(london.get("allowed").asBoolean()).isFalse();
        assertThat(london.get("reason").asString()).isEqualTo("country_not_allowed");
        assertThat(london.get("country").asString()).isEqualTo("GB");
    }

    @Test
    void aGroupNarrowsTheCompanysListForItsMembersAndPremiumRateNumbersCanBeBlocked() {
        String group = client.post(acme.ownerToken(), "/api/v1/groups", "{\"name\": \"Sales " + UUID.randomUUID().toString().substring(0, 6) + "\"}")
                .body().get("id").asString();
        FortelClient.Response put = client.put(acme.ownerToken(), "/api/v1/telephony/outbound-policy",
                "{\"home_country\": \"RU\", \"allowed_countries\": [\"RU\", \"GB\", \"KZ\"], \"block_premium\": true, "
                        + "\"groups\": [{\"group_id\": \"" + group + "\", \"allowed_countries\": [\"RU\"]}]}");
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        assertThat(decide(annaId, "+442071838750").get("allowed").asBoolean()).isTrue();

        String boris = client.post(acme.ownerToken(), "/api/v1/employees", "{\"login\": \"boris-" + UUID.randomUUID().toString().substring(0, 8)
                + "@acme.test\", \"display_name\": \"Boris Calls\", \"group_ids\": [\"" + group + "\"]}").body().get("id").asString();
        JsonNode narrowed = decide(boris, "+442071838750");
        assertThat(narrowed.get("allowed").asBoolean()).isFalse();
        assertThat(narrowed.get("reason").asString()).isEqualTo("country_not_allowed_for_group");

        // A British premium-rate number (09…): libphonenumber's metadata says so, not a prefix list of ours.
        JsonNode premium = decide(annaId, "+44 909 879 0000");
        assertThat(premium.get("number_type").asString()).isEqualTo("premium_rate");
        assertThat(premium.get("allowed").asBoolean()).isFalse();
        assertThat(premium.get("reason").asString()).isEqualTo("premium_rate_blocked");

        JsonNode journal = client.get(acme.ownerToken(), "/api/v1/journal?type=telephony.outbound_policy.changed").body().get("items");
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("details").get("after").get("allowed_countries").asString()).isEqualTo("GB,KZ,RU");
    }

    @Test
    void theCallerCanBeNamedByASipAddressOfTheCompany() {
        String address = client.post(acme.ownerToken(), "/api/v1/employees/" + annaId + "/sip-accounts", "{\"username\": \"301\"}").body()
                .get("address").asString();
        assertThat(decide(address, "+74951234567").get("allowed").asBoolean()).isTrue();
        FortelClient.Response unknown = client.post(acme.ownerToken(), "/api/v1/telephony/outbound-decisions",
                "{\"from\": \"999@nowhere.example\", \"to\": \"+74951234567\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }

    @Test
    void badNumbersAndUnknownCountriesAreNamedAndNothingChanges() {
        FortelClient.Response number = client.post(acme.ownerToken(), "/api/v1/telephony/outbound-decisions",
                "{\"from\": \"" + annaId + "\", \"to\": \"12ab\"}");
        assertThat(number.status()).isEqualTo(422);
        assertThat(number.body().get("errors").get(0).get("field").asString()).isEqualTo("to");
        FortelClient.Response countries = client.put(acme.ownerToken(), "/api/v1/telephony/outbound-policy",
                "{\"home_country\": \"XX\", \"allowed_countries\": [\"RU\", \"Narnia\"], \"groups\": [{\"group_id\": \"" + UUID.randomUUID()
                        + "\", \"allowed_countries\": [\"RU\"]}]}");
        assertThat(countries.status()).isEqualTo(422);
        assertThat(countries.raw()).contains("home_country").contains("allowed_countries[1]").contains("groups[0].group_id");
        assertThat(client.get(acme.ownerToken(), "/api/v1/telephony/outbound-policy").body().get("allowed_countries").toString())
                .isEqualTo("[\"RU\"]");
    }

    @Test
    void anEmployeeWithoutThePolicyFunctionsNeitherReadsNorChangesIt() {
        String token = fixtures.signedInEmployee(acme.ownerToken(), "plain-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test",
                "Plain Calls");
        assertThat(client.get(token, "/api/v1/telephony/outbound-policy").status()).isEqualTo(403);
        assertThat(client.put(token, "/api/v1/telephony/outbound-policy", "{\"home_country\": \"RU\", \"allowed_countries\": [\"GB\"]}").status())
                .isEqualTo(403);
    }
}
