package dev.fortel.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestDirectoryServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A company's directory on a real LDAP server (UnboundID's, over TLS on loopback): settings, test, sync and sign-in by bind. */
@FortelServerTest
class LdapDirectoryTests extends ServerTestSupport {

    static final String SUFFIX = LdapDirectoryTestData.SUFFIX;
    static final String SERVICE_DN = LdapDirectoryTestData.SERVICE_DN;
    static final String SERVICE_PASSWORD = LdapDirectoryTestData.SERVICE_PASSWORD;

    @TempDir
    Path dir;

    @Autowired
    JdbcClient jdbc;

    TestDirectoryServer ldap;
    Fixtures.Company acme;
    String domain;

    @BeforeEach
    void directory() throws Exception {
        domain = "corp-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        ldap = TestDirectoryServer.start(dir, TestDirectoryServer.Mode.TLS, SUFFIX, LdapDirectoryTestData.seed(domain));
        acme = fixtures.company("Ldap");
    }

    @AfterEach
    void stop() {
        ldap.close();
    }

    String settings(String url, String password) throws Exception {
        return """
                {"url": "%s", "ca_pem": %s, "bind_dn": "%s", "bind_password": "%s", "user_base": "ou=people,%s",
                 "user_filter": "(objectClass=inetOrgPerson)", "login_attribute": "mail", "name_attribute": "cn",
                 "phone_attribute": "telephoneNumber", "department_attribute": "departmentNumber", "manager_attribute": "manager",
                 "group_base": "ou=groups,%s", "group_roles": [{"group_dn": "cn=pbx-admins,ou=groups,%s", "role": "admin"}]}"""
                .formatted(url, FortelClient.JSON.writeValueAsString(ldap.caPem()), SERVICE_DN, password, SUFFIX, SUFFIX, SUFFIX);
    }

    FortelClient.Response connect(String url, String password) throws Exception {
        return client.put(acme.ownerToken(), "/api/v1/ldap", settings(url, password));
    }

    JsonNode journal(String type) {
        return client.get(acme.ownerToken(), "/api/v1/journal?type=" + type).body().get("items");
    }

    @Test
    void savedDirectoryShowsNoBindPasswordKeepsItSealedAndJournalsTheChange() throws Exception {
        FortelClient.Response saved = connect(ldap.url(), SERVICE_PASSWORD);
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.raw()).doesNotContain(SERVICE_PASSWORD);
        assertThat(saved.body().get("bind_password_set").asBoolean()).isTrue();
        assertThat(saved.body().get("group_roles").get(0).get("role").asString()).isEqualTo("admin");
        String stored = jdbc.sql("SELECT bind_password FROM ldap_directories WHERE tenant_id = :t").param("t", acme.id()).query(String.class).single();
        assertThat(stored).doesNotContain(SERVICE_PASSWORD).doesNotContain("service account");
        JsonNode changed = journal("ldap.settings.changed").get(0);
        assertThat(changed.get("details").get("created").asBoolean()).isTrue();
        assertThat(changed.get("details").get("after").get("bind_password").asString()).isEqualTo("replaced");
        assertThat(changed.toString()).doesNotContain(SERVICE_PASSWORD);

        FortelClient.Response keptPassword = client.put(acme.ownerToken(), "/api/v1/ldap", settings(ldap.url(), "").replace("\"bind_password\": \"\",", ""));
        assertThat(keptPassword.status()).as(keptPassword.raw()).isEqualTo(200);
        assertThat(client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void brokenSettingsAreRefusedFieldByFieldAndNothingIsStored() {
        FortelClient.Response r = client.put(acme.ownerToken(), "/api/v1/ldap", """
                {"url": "http://dc.corp.test", "bind_dn": "not a dn", "user_base": "", "user_filter": "objectClass=person)",
                 "login_attribute": "mail;x", "sync_minutes": 5, "group_roles": [{"group_dn": "cn=x", "role": "admin"}]}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsString("field")).contains("url", "bind_dn", "bind_password", "user_base", "user_filter",
                "login_attribute", "sync_minutes", "group_base");
        assertThat(client.get(acme.ownerToken(), "/api/v1/ldap").status()).isEqualTo(404);
    }

    @Test
    void groupMappingCannotHandOutOwnerNorRolesBeyondTheAdministratorsOwn() throws Exception {
        String admin = fixtures.signedInEmployee(acme.ownerToken(), "admin-" + UUID.randomUUID().toString().substring(0, 6) + "@ldap.test", "Admin",
                "admin");
        FortelClient.Response owner = client.put(admin, "/api/v1/ldap", settings(ldap.url(), SERVICE_PASSWORD).replace("\"role\": \"admin\"",
                "\"role\": \"owner\""));
        assertThat(owner.status()).as(owner.raw()).isEqualTo(422);
        assertThat(owner.body().get("errors").get(0).get("message").asString()).contains("owner and operator cannot be granted");
        FortelClient.Response officer = client.put(admin, "/api/v1/ldap", settings(ldap.url(), SERVICE_PASSWORD).replace("\"role\": \"admin\"",
                "\"role\": \"security_officer\""));
        assertThat(officer.status()).as(officer.raw()).isEqualTo(422);
        assertThat(officer.body().get("errors").get(0).get("message").asString()).contains("security_officer has rights you do not have");
        assertThat(client.put(admin, "/api/v1/ldap", settings(ldap.url(), SERVICE_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void testNamesTheFailingStepPrecisely() throws Exception {
        connect(ldap.url(), "wrong password");
        JsonNode wrong = client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body();
        assertThat(wrong.get("ok").asBoolean()).isFalse();
        assertThat(wrong.get("problem").asString()).isEqualTo("bind_rejected");
        assertThat(wrong.get("detail").asString()).contains(SERVICE_DN).contains("invalid credentials");

        String untrusted = settings(ldap.ldapsUrl(), SERVICE_PASSWORD).replace(FortelClient.JSON.writeValueAsString(ldap.caPem()), "null");
        client.put(acme.ownerToken(), "/api/v1/ldap", untrusted);
        JsonNode tls = client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body();
        assertThat(tls.get("problem").asString()).as(tls.toString()).isEqualTo("tls_untrusted");

        connect(ldap.ldapsUrl(), SERVICE_PASSWORD);
        JsonNode ok = client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("tls").asString()).startsWith("TLSv1.3");
        assertThat(ok.get("users_found").asInt()).isEqualTo(2);

        String base = settings(ldap.url(), SERVICE_PASSWORD).replace("\"user_base\": \"ou=people,", "\"user_base\": \"ou=nobody,");
        client.put(acme.ownerToken(), "/api/v1/ldap", base);
        assertThat(client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body().get("problem").asString()).isEqualTo("base_not_found");

        ldap.stop();
        connect(ldap.url(), SERVICE_PASSWORD);
        JsonNode down = client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body();
        assertThat(down.get("problem").asString()).as(down.toString()).isEqualTo("refused");
        assertThat(journal("ldap.tested").findValuesAsString("problem")).contains("refused", "base_not_found", "tls_untrusted", "bind_rejected");
    }

    @Test
    void plainLdapIsNeverUsedWhenTheServerRefusesStartTls(@TempDir Path other) throws Exception {
        try (TestDirectoryServer plain = TestDirectoryServer.start(other, TestDirectoryServer.Mode.PLAIN, SUFFIX, LdapDirectoryTestData.seed(domain))) {
            connect(plain.url(), SERVICE_PASSWORD);
            JsonNode r = client.post(acme.ownerToken(), "/api/v1/ldap/test", "{}").body();
            assertThat(r.get("ok").asBoolean()).isFalse();
            assertThat(r.get("problem").asString()).as(r.toString()).isEqualTo("starttls_refused");
            assertThat(plain.accessLog()).as("no bind, so no password, crossed the unencrypted connection").noneMatch(line -> line.contains("] BIND REQUEST"))
                    .anyMatch(line -> line.contains("EXTENDED REQUEST") && line.contains("1.3.6.1.4.1.1466.20037"));
        }
    }

    @Test
    void syncCreatesUpdatesAndDisablesEmployeesWithTheirManagerDepartmentAndMappedRoles() throws Exception {
        connect(ldap.url(), SERVICE_PASSWORD);
        FortelClient.Response first = client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("outcome").asString()).as(first.raw()).isEqualTo("ok");
        assertThat(first.body().get("created").asInt()).isEqualTo(2);

        JsonNode anna = employee("anna@" + domain);
        JsonNode boris = employee("boris@" + domain);
        assertThat(anna.get("display_name").asString()).isEqualTo("Анна Иванова");
        assertThat(anna.get("mobile").asString()).isEqualTo("+74951234567");
        assertThat(anna.get("roles").toString()).contains("admin");
        assertThat(boris.get("extension").asString()).isEqualTo("204");
        assertThat(boris.get("supervisor_id").asString()).isEqualTo(anna.get("id").asString());
        assertThat(boris.get("group_ids").get(0).asString()).isEqualTo(anna.get("group_ids").get(0).asString());

        ldap.server().modify("uid=boris,ou=people," + SUFFIX, new Modification(ModificationType.REPLACE, "cn", "Boris Sidorov"));
        ldap.server().delete("uid=anna,ou=people," + SUFFIX);
        JsonNode second = client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}").body();
        assertThat(second.get("disabled").asInt()).as(second.toString()).isEqualTo(1);
        assertThat(second.get("updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(employee("anna@" + domain).get("status").asString()).isEqualTo("disabled");
        assertThat(employee("boris@" + domain).get("display_name").asString()).isEqualTo("Boris Sidorov");
        assertThat(employee("boris@" + domain).has("supervisor_id") && !employee("boris@" + domain).get("supervisor_id").isNull()).isFalse();

        JsonNode syncs = client.get(acme.ownerToken(), "/api/v1/ldap/syncs").body().get("items");
        assertThat(syncs).hasSize(2);
        assertThat(syncs.get(0).get("report").toString()).contains("uid=anna");
        JsonNode journaled = journal("ldap.synced");
        assertThat(journaled.get(0).get("details").get("disabled").asInt()).isEqualTo(1);
        assertThat(journaled.get(1).get("details").get("created").asInt()).isEqualTo(2);
    }

    @Test
    void aSearchThatFindsNobodyDisablesNobody() throws Exception {
        connect(ldap.url(), SERVICE_PASSWORD);
        client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}");
        client.put(acme.ownerToken(), "/api/v1/ldap", settings(ldap.url(), SERVICE_PASSWORD).replace("(objectClass=inetOrgPerson)",
                "(objectClass=posixAccount)"));
        JsonNode r = client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}").body();
        assertThat(r.get("outcome").asString()).isEqualTo("failed");
        assertThat(r.get("disabled").asInt()).isZero();
        assertThat(employee("anna@" + domain).get("status").asString()).isEqualTo("active");
    }

    @Test
    void employeesSignInWithTheDirectoryPasswordAndEachFailureIsJournaledWithItsReason() throws Exception {
        connect(ldap.url(), SERVICE_PASSWORD);
        client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}");
        String login = "boris@" + domain;
        FortelClient.Response ok = client.tokenResponse(login, "boris directory password");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
        assertThat(client.get(ok.body().get("token").asString(), "/api/v1/me").body().get("login").asString()).isEqualTo(login);

        FortelClient.Response wrong = client.tokenResponse(login, "not the password");
        FortelClient.Response unknown = client.tokenResponse("nobody-" + UUID.randomUUID() + "@" + domain, "not the password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("detail").asString()).isEqualTo(unknown.body().get("detail").asString());
        assertThat(client.tokenResponse(login, "").status()).isEqualTo(401);

        ldap.stop();
        FortelClient.Response down = client.tokenResponse(login, "boris directory password");
        assertThat(down.status()).isEqualTo(401);
        assertThat(down.body().get("detail").asString()).isEqualTo(unknown.body().get("detail").asString());
        assertThat(client.tokenResponse(acme.ownerLogin(), Fixtures.PASSWORD).status()).as("the owner's local account still signs in").isEqualTo(201);
        List<String> reasons = client.get(acme.ownerToken(), "/api/v1/journal?type=auth.login.failed&actor=" + login).body().get("items")
                .findValuesAsString("reason");
        assertThat(reasons).containsExactly("directory_unreachable", "directory_bind_rejected", "directory_bind_rejected");
    }

    @Test
    void directoryEmployeesGetNoPasswordLinksAndCannotChangeTheirPasswordHere() throws Exception {
        connect(ldap.url(), SERVICE_PASSWORD);
        client.post(acme.ownerToken(), "/api/v1/ldap/sync", "{}");
        JsonNode boris = employee("boris@" + domain);
        FortelClient.Response link = client.post(acme.ownerToken(), "/api/v1/employees/" + boris.get("id").asString() + "/activation-link", "{}");
        assertThat(link.status()).as(link.raw()).isEqualTo(422);
        assertThat(link.body().get("errors").get(0).get("message").asString()).contains("password of your company's directory");
        String token = client.token("boris@" + domain, "boris directory password");
        FortelClient.Response change = client.post(token, "/api/v1/me/password", """
                {"current_password": "boris directory password", "new_password": "a brand new passphrase 2026"}""");
        assertThat(change.status()).as(change.raw()).isEqualTo(422);
        assertThat(change.body().get("errors").get(0).get("message").asString()).contains("change it there");
    }

    @Test
    void anotherCompanySeesNoDirectoryOfThisOne() throws Exception {
        connect(ldap.url(), SERVICE_PASSWORD);
        Fixtures.Company other = fixtures.company("Other");
        assertThat(client.get(other.ownerToken(), "/api/v1/ldap").status()).isEqualTo(404);
        assertThat(client.post(other.ownerToken(), "/api/v1/ldap/sync", "{}").status()).isEqualTo(404);
        String employee = fixtures.signedInEmployee(acme.ownerToken(), "plain-" + UUID.randomUUID().toString().substring(0, 6) + "@ldap.test", "Plain");
        assertThat(client.get(employee, "/api/v1/ldap").status()).isEqualTo(403);
    }

    private JsonNode employee(String login) {
        JsonNode items = client.get(acme.ownerToken(), "/api/v1/employees?q=" + login).body().get("items");
        assertThat(items).as("employee " + login).hasSize(1);
        return items.get(0);
    }
}
