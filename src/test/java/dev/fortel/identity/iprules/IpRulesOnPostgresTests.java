package dev.fortel.identity.iprules;

import static dev.fortel.identity.iprules.IpRulesTests.body;
import static dev.fortel.identity.iprules.IpRulesTests.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.PostgresTestDatabase;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.SqlProbe;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * IP rules on PostgreSQL: the rules are read and written through row-level security (a company sees only
 * its own rules, and rules are still enforced when read that way), and the provider-wide deny-list can
 * be changed only under the platform marker, which only the operators' editor sets.
 */
@FortelPostgresServerTest
class IpRulesOnPostgresTests extends ServerTestSupport {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Autowired
    DataSource dataSource;

    @Test
    void aCompanysRulesAreVisibleOnlyToItAndStillRefuseSignIn() throws SQLException {
        Fixtures.Company alpha = fixtures.company("Alpha");
        Fixtures.Company bravo = fixtures.company("Bravo");
        String login = login("pg");
        fixtures.signedInEmployee(alpha.ownerToken(), login, "Pg");
        assertThat(client.post(alpha.ownerToken(), "/api/v1/ip-rules", body("deny", "198.51.100.0/24", "employees")).status()).isEqualTo(201);
        assertThat(client.post(bravo.ownerToken(), "/api/v1/ip-rules", body("deny", "192.0.2.0/24", "employees")).status()).isEqualTo(201);

        TenantId a = TenantId.of(alpha.id());
        assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM ip_rules"))).isEqualTo("1");
        assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM ip_rules WHERE tenant_id = '" + bravo.id() + "'"))).isEqualTo("0");
        assertThat(query("SELECT count(*) FROM ip_rules")).as("no tenant, no rows").isEqualTo("0");
        try (Connection owner = PostgresTestDatabase.get().ownerConnection()) {
            assertThat(ownerQuery(owner, "SELECT relrowsecurity::text || ' ' || relforcerowsecurity::text FROM pg_class WHERE oid = '"
                    + PostgresTestDatabase.get().schema() + ".ip_rules'::regclass")).isEqualTo("true true");
        }

        assertThat(client.from("198.51.100.9").tokenResponse(login, Fixtures.PASSWORD).status()).isEqualTo(403);
        assertThat(client.from("192.0.2.9").tokenResponse(login, Fixtures.PASSWORD).status()).as("Bravo's rule is not Alpha's").isEqualTo(201);
    }

    @Test
    void theDenyListIsReadableByEveryoneButWritableOnlyUnderThePlatformMarker() {
        Fixtures.Company alpha = fixtures.company("Alpha");
        TenantId a = TenantId.of(alpha.id());
        String id = UUID.randomUUID().toString();
        SQLException insert = TenantContext.as(a, () -> failure("INSERT INTO ip_deny_list (id, address, created_at, updated_at) VALUES ('"
                + id + "', '198.18.9.0/24', now(), now())"));
        assertThat(insert.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);

        String operator = fixtures.operatorToken();
        FortelClient.Response added = client.post(operator, "/api/v1/provider/ip-deny-list", "{\"address\": \"198.18.9.0/24\"}");
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        String entry = added.body().get("id").asString();
        try {
            assertThat(TenantContext.as(a, () -> query("SELECT count(*) FROM ip_deny_list WHERE id = '" + entry + "'"))).isEqualTo("1");
            assertThat(TenantContext.as(a, () -> update("DELETE FROM ip_deny_list WHERE id = '" + entry + "'"))).isZero();
            assertThat(TenantContext.as(a, () -> update("UPDATE ip_deny_list SET address = '0.0.0.0/0' WHERE id = '" + entry + "'"))).isZero();
            assertThat(client.from("198.18.9.9").tokenResponse(alpha.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(403);
        } finally {
            assertThat(client.delete(operator, "/api/v1/provider/ip-deny-list/" + entry).status()).isEqualTo(204);
        }
        assertThat(client.from("198.18.9.9").tokenResponse(alpha.ownerLogin(), Fixtures.PASSWORD).status()).isEqualTo(201);
    }

    private String query(String sql) {
        return new SqlProbe(dataSource).query(sql);
    }

    private int update(String sql) {
        return new SqlProbe(dataSource).update(sql);
    }

    private SQLException failure(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        return fail("the application role was allowed to run: " + sql);
    }

    private static String ownerQuery(Connection owner, String sql) throws SQLException {
        try (Statement st = owner.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
