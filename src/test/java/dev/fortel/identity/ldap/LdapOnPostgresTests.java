package dev.fortel.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.SqlProbe;
import dev.fortel.support.TestSlapd;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A company's directory on OpenLDAP's own server ({@code slapd}, StartTLS and LDAPS with a CA of its own) and Fortel
 * on PostgreSQL: the synchronization and sign-in by bind work through row-level security, and the scheduled
 * synchronization runs for a company whose time has come.
 */
@FortelPostgresServerTest
class LdapOnPostgresTests extends ServerTestSupport {

    @TempDir
    Path dir;

    @Autowired
    DataSource dataSource;

    @Autowired
    DirectorySync sync;

    @Test
    void openLdapOverStartTlsSynchronizesAndSignsInThroughRowLevelSecurityAndOnSchedule() throws Exception {
        String domain = "slapd-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        try (TestSlapd slapd = TestSlapd.start(dir, LdapDirectoryTestData.SUFFIX, "cn=admin," + LdapDirectoryTestData.SUFFIX, "root secret 31c",
                LdapDirectoryTestData.seed(domain).replace("objectClass: domain\ndc: corp", "objectClass: dcObject\nobjectClass: organization\ndc: corp\no: Corp"))) {
            Fixtures.Company alpha = fixtures.company("Alpha");
            Fixtures.Company bravo = fixtures.company("Bravo");
            FortelClient.Response saved = client.put(alpha.ownerToken(), "/api/v1/ldap", settings(slapd.url(), slapd.caPem(), 15));
            assertThat(saved.status()).as(saved.raw()).isEqualTo(200);

            JsonNode tested = client.post(alpha.ownerToken(), "/api/v1/ldap/test", "{}").body();
            assertThat(tested.get("ok").asBoolean()).as(tested.toString()).isTrue();
            assertThat(tested.get("tls").asString()).startsWith("TLSv1.3");
            assertThat(tested.get("users_found").asInt()).isEqualTo(2);

            JsonNode report = client.post(alpha.ownerToken(), "/api/v1/ldap/sync", "{}").body();
            assertThat(report.get("outcome").asString()).as(report.toString()).isEqualTo("ok");
            assertThat(report.get("created").asInt()).isEqualTo(2);
            assertThat(client.tokenResponse("anna@" + domain, "anna directory password").status()).isEqualTo(201);
            assertThat(client.tokenResponse("anna@" + domain, "boris directory password").status()).isEqualTo(401);
            assertThat(java.nio.file.Files.readString(slapd.log())).as("the server saw StartTLS before the bind").contains("oid=1.3.6.1.4.1.1466.20037");

            TenantId a = TenantId.of(alpha.id());
            TenantId b = TenantId.of(bravo.id());
            assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM ldap_accounts"))).isEqualTo("2");
            assertThat(TenantContext.as(b, () -> query("SELECT count(*) FROM ldap_accounts WHERE tenant_id = '" + alpha.id() + "'"))).isEqualTo("0");
            assertThat(TenantContext.as(b, () -> query("SELECT count(*) FROM ldap_directories"))).isEqualTo("0");
            assertThat(client.get(bravo.ownerToken(), "/api/v1/ldap").status()).isEqualTo(404);

            TenantContext.as(a, () -> update("UPDATE ldap_directories SET next_sync_at = now() - interval '1 minute'"));
            sync.scheduled();
            JsonNode latest = client.get(alpha.ownerToken(), "/api/v1/ldap/syncs").body().get("items").get(0);
            assertThat(latest.get("started_by").asString()).isEqualTo("schedule");
            assertThat(latest.get("outcome").asString()).as(latest.toString()).isEqualTo("ok");
            assertThat(client.get(alpha.ownerToken(), "/api/v1/ldap").body().get("next_sync_at").asString()).isNotEmpty();

            client.put(alpha.ownerToken(), "/api/v1/ldap", settings(slapd.ldapsUrl().replace("127.0.0.1", "localhost"), slapd.caPem(), 0));
            JsonNode wrongHost = client.post(alpha.ownerToken(), "/api/v1/ldap/test", "{}").body();
            assertThat(wrongHost.get("problem").asString()).as(wrongHost.toString()).isEqualTo("tls_hostname");
        }
    }

    private static String settings(String url, String ca, int minutes) throws Exception {
        return """
                {"url": "%s", "ca_pem": %s, "bind_dn": "%s", "bind_password": "%s", "user_base": "ou=people,%s",
                 "phone_attribute": "telephoneNumber", "department_attribute": "departmentNumber", "manager_attribute": "manager",
                 "group_base": "ou=groups,%s", "group_roles": [{"group_dn": "cn=pbx-admins,ou=groups,%s", "role": "admin"}], "sync_minutes": %d}"""
                .formatted(url, FortelClient.JSON.writeValueAsString(ca), LdapDirectoryTestData.SERVICE_DN, LdapDirectoryTestData.SERVICE_PASSWORD,
                        LdapDirectoryTestData.SUFFIX, LdapDirectoryTestData.SUFFIX, LdapDirectoryTestData.SUFFIX, minutes);
    }

    private String query(String sql) {
        return new SqlProbe(dataSource).query(sql);
    }

    private int update(String sql) {
        return new SqlProbe(dataSource).update(sql);
    }
}
