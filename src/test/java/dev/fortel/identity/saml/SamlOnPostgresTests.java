package dev.fortel.identity.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.SqlProbe;
import dev.fortel.support.TestSamlIdp;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * SP-initiated single sign-on with SimpleSAMLphp and Fortel on PostgreSQL: the request Fortel signs and remembers, the
 * answer matched to it, the replay record and the employee created at first sign-in all pass through row-level security,
 * and another company sees none of it.
 */
@FortelPostgresServerTest
class SamlOnPostgresTests extends ServerTestSupport {

    @TempDir
    Path dir;

    @Autowired
    DataSource dataSource;

    @Autowired
    SamlServiceProvider serviceProvider;

    @Test
    void spInitiatedSignInMatchesTheSignedRequestCreatesTheEmployeeAndStaysInsideTheCompany() throws Exception {
        Fixtures.Company alpha = fixtures.company("Alpha sso");
        Fixtures.Company bravo = fixtures.company("Bravo sso");
        String domain = "pg-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        JsonNode sp = client.get(alpha.ownerToken(), "/api/v1/sso/service-provider").body();
        try (TestSamlIdp idp = TestSamlIdp.start(dir, new TestSamlIdp.Sp(sp.get("entity_id").asString(), sp.get("acs_url").asString(),
                sp.get("certificate_pem").asString()), List.of(new TestSamlIdp.User("nina", "nina idp password",
                        Map.of("mail", List.of("nina@" + domain), "displayName", List.of("Nina Volkova")))))) {
            FortelClient.Response saved = client.put(alpha.ownerToken(), "/api/v1/sso", """
                    {"metadata_xml": %s, "domains": ["%s"], "jit": true, "email_attribute": "mail", "name_attribute": "displayName"}"""
                    .formatted(FortelClient.JSON.writeValueAsString(idp.metadataXml()), domain));
            assertThat(saved.status()).as(saved.raw()).isEqualTo(200);

            FortelClient.Response start = client.send(client.request("/saml/" + alpha.id() + "/login"));
            assertThat(start.status()).isEqualTo(302);
            String toIdp = start.header("Location");
            assertThat(toIdp).startsWith(idp.ssoUrl() + "?SAMLRequest=").contains("&SigAlg=").contains("&Signature=");
            // SimpleSAMLphp checks the request's signature against Fortel's certificate (validate.authnrequest).
            TestSamlIdp.Form form = idp.logIn(SamlSignInTests.browser(), URI.create(toIdp), "nina", "nina idp password");
            assertThat(form.samlResponseXml()).contains("InResponseTo=\"FORTEL_");

            FortelClient.Response in = SamlSignInTests.post(client, sp.get("acs_url").asString(), form.samlResponseXml());
            assertThat(in.header("Location")).endsWith("/");
            FortelClient.Response again = SamlSignInTests.post(client, sp.get("acs_url").asString(), form.samlResponseXml());
            assertThat(again.header("Location")).endsWith("/login?sso_failed");
            List<String> reasons = client.get(alpha.ownerToken(), "/api/v1/journal?type=auth.login.failed").body().get("items")
                    .findValuesAsString("reason");
            // The request was used up by the first answer, so the second fails on it before it reaches the replay check.
            assertThat(reasons).contains("saml_unknown_request");

            TenantId a = TenantId.of(alpha.id());
            TenantId b = TenantId.of(bravo.id());
            assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM saml_accounts"))).isEqualTo("1");
            assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM saml_replays"))).isEqualTo("1");
            for (String table : List.of("saml_accounts", "saml_replays", "saml_providers", "saml_domains", "saml_sp_keys")) {
                assertThat(TenantContext.as(b, () -> query("SELECT count(*) FROM " + table + " WHERE tenant_id = '" + alpha.id() + "'")))
                        .as(table).isEqualTo("0");
            }
            assertThat(client.get(bravo.ownerToken(), "/api/v1/sso").status()).isEqualTo(404);
            JsonNode nina = client.get(alpha.ownerToken(), "/api/v1/employees?q=nina@" + domain).body().get("items").get(0);
            assertThat(nina.get("display_name").asString()).isEqualTo("Nina Volkova");

            TenantContext.as(a, () -> update("UPDATE saml_replays SET expires_at = now() - interval '1 minute'"));
            serviceProvider.forgetExpired();
            assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM saml_replays"))).isEqualTo("0");
        }
    }

    private String query(String sql) {
        return new SqlProbe(dataSource).query(sql);
    }

    private int update(String sql) {
        return new SqlProbe(dataSource).update(sql);
    }
}
