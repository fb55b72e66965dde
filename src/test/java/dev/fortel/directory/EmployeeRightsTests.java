package dev.fortel.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nobody gains rights through the directory they do not already hold, nor takes over a stronger account. */
@FortelServerTest
class EmployeeRightsTests extends ServerTestSupport {

    Fixtures.Company acme;
    String adminToken;
    String adminId;

    @BeforeEach
    void setUp() {
        acme = fixtures.company("Acme");
        String login = "admin-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
        String employeeToken = fixtures.signedInEmployee(acme.ownerToken(), login, "Admin");
        adminId = client.get(employeeToken, "/api/v1/me").body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + adminId, "{\"roles\": [\"admin\"]}").status()).isEqualTo(200);
        adminToken = client.token(login, Fixtures.PASSWORD);
    }

    @Test
    void administratorCannotMakeAnyoneASecurityOfficerNotEvenThemself() {
        FortelClient.Response self = client.patch(adminToken, "/api/v1/employees/" + adminId, "{\"roles\": [\"admin\", \"security_officer\"]}");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body().get("errors").get(0).get("field").asString()).isEqualTo("roles");
        FortelClient.Response other = client.post(adminToken, "/api/v1/employees",
                "{\"login\": \"so-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test\", \"display_name\": \"SO\", \"roles\": [\"security_officer\"]}");
        assertThat(other.status()).isEqualTo(422);
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees/" + adminId).body().get("roles").toString()).isEqualTo("[\"admin\"]");
    }

    @Test
    void ownerGrantsRolesAdministratorGrantsWhatTheyHold() {
        String created = client.post(adminToken, "/api/v1/employees",
                "{\"login\": \"helper-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test\", \"display_name\": \"Helper\", \"roles\": [\"admin\"]}")
                .body().get("id").asString();
        assertThat(client.patch(acme.ownerToken(), "/api/v1/employees/" + created, "{\"roles\": [\"security_officer\"]}").status()).isEqualTo(200);
    }

    @Test
    void activationLinksCannotTakeOverTheOwnerOrAStrongerAccount() {
        FortelClient.Response owner = client.post(adminToken, "/api/v1/employees/" + acme.ownerId() + "/activation-link", "{}");
        assertThat(owner.status()).isEqualTo(422);
        assertThat(owner.body().get("errors").get(0).get("message").asString()).contains("owner");

        String officer = fixtures.employee(acme.ownerToken(), "officer-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test", "Officer")
                .get("id").asString();
        client.patch(acme.ownerToken(), "/api/v1/employees/" + officer, "{\"roles\": [\"security_officer\"]}");
        assertThat(client.post(adminToken, "/api/v1/employees/" + officer + "/activation-link", "{}").status()).isEqualTo(422);
        assertThat(client.post(acme.ownerToken(), "/api/v1/employees/" + officer + "/activation-link", "{}").status()).isEqualTo(201);
    }

    @Test
    void passwordTypedIntoTheLoginFieldIsNotJournaled() {
        client.tokenResponse("Sup3r-Secret-Typed-Into-Login", "whatever password");
        client.tokenResponse(acme.ownerLogin() + "x", "whatever password");
        String journal = client.get(fixtures.operatorToken(), "/api/v1/journal?type=auth.login.failed&limit=20").raw();
        assertThat(journal).doesNotContain("Sup3r-Secret").contains("(not an e-mail address, 29 characters)").contains(acme.ownerLogin() + "x");
    }
}
