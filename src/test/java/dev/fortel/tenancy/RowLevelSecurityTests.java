package dev.fortel.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelPostgresServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.PostgresTestDatabase;
import dev.fortel.tenancy.internal.TenantScopedDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Proves the database's own tenant isolation (DESIGN.md, "Tenancy", layer 3): SQL that forgets its tenant
 * filter, run through the application's data source, still sees only the current tenant's rows, nothing
 * at all without a tenant, and cannot touch the journal's history. Two companies' data are present; the
 * schema owner (who bypasses row-level security) confirms what is really there.
 */
@FortelPostgresServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTests {

    /** Every tenant-owned table and its tenant column. */
    private static final List<String[]> TENANT_TABLES = List.of(new String[] {"tenants", "id"}, new String[] {"employees", "tenant_id"},
            new String[] {"employee_roles", "tenant_id"}, new String[] {"employee_groups", "tenant_id"},
            new String[] {"group_members", "tenant_id"}, new String[] {"credentials", "tenant_id"},
            new String[] {"activation_tokens", "tenant_id"}, new String[] {"api_tokens", "tenant_id"},
            new String[] {"journal_heads", "tenant_id"}, new String[] {"journal", "tenant_id"},
            new String[] {"outbox", "tenant_id"}, new String[] {"integration_tokens", "tenant_id"},
            new String[] {"integration_token_addresses", "tenant_id"}, new String[] {"sign_in_policies", "tenant_id"},
            new String[] {"password_history", "tenant_id"}, new String[] {"group_roles", "tenant_id"}, new String[] {"roles", "tenant_id"},
            new String[] {"role_grants", "tenant_id"}, new String[] {"role_grant_groups", "tenant_id"}, new String[] {"access_versions", "tenant_id"});

    /** Tenant-owned tables the fixtures here leave empty: checked for row-level security being on and forced. */
    private static final List<String> MORE_TENANT_TABLES = List.of("calls", "recording_keysets", "call_recordings", "recording_links",
            "recording_settings", "recording_deliveries", "syslog_targets", "journal_checkpoints", "correlation_rules", "security_alerts",
            "correlation_seen", "journal_analysis", "alert_recipients", "alert_watched_employees", "journal_horizons");

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    PostgresTestDatabase database = PostgresTestDatabase.get();
    TenantId a;
    TenantId b;
    UUID bEmployee;

    @BeforeAll
    void twoCompaniesWithData() {
        FortelClient client = new FortelClient(port);
        Fixtures fixtures = new Fixtures(client);
        for (String prefix : List.of("Alpha", "Bravo")) {
            Fixtures.Company company = fixtures.company(prefix);
            String group = fixtures.group(company.ownerToken(), prefix + " Sales").get("id").asString();
            FortelClient.Response employee = client.post(company.ownerToken(), "/api/v1/employees",
                    "{\"login\": \"e-" + UUID.randomUUID().toString().substring(0, 8) + "@" + prefix.toLowerCase() + ".test\", "
                            + "\"display_name\": \"" + prefix + " Employee\", \"group_ids\": [\"" + group + "\"]}");
            assertThat(employee.status()).as(employee.raw()).isEqualTo(201);
            FortelClient.Response integration = client.post(company.ownerToken(), "/api/v1/integration-tokens",
                    "{\"name\": \"" + prefix + " CRM\", \"scope\": [\"employees.view\"], \"expires_at\": \""
                            + java.time.Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}");
            assertThat(integration.status()).as(integration.raw()).isEqualTo(201);
            // Its first use records the address it came from.
            assertThat(client.get(integration.body().get("token").asString(), "/api/v1/employees").status()).isEqualTo(200);
            // A company policy row, a password history row (the owner changes the password) and a group's carried role.
            assertThat(client.patch(company.ownerToken(), "/api/v1/security-settings", "{\"password\": {\"history\": 3}}").status()).isEqualTo(200);
            FortelClient.Response changed = client.post(company.ownerToken(), "/api/v1/me/password",
                    "{\"current_password\": \"" + Fixtures.PASSWORD + "\", \"new_password\": \"a different long passphrase\"}");
            assertThat(changed.status()).as(changed.raw()).isIn(200, 204);
            FortelClient.Response carried = client.send(client.request("/api/v1/groups/" + group + "/roles")
                    .header("Authorization", "Bearer " + company.ownerToken()).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"roles\": [\"supervisor\"]}")));
            assertThat(carried.status()).as(carried.raw()).isEqualTo(200);
            // A role of the company's own with a grant over the group (roles, role_grants, role_grant_groups, access_versions).
            FortelClient.Response role = client.post(company.ownerToken(), "/api/v1/roles", "{\"code\": \"sales_reader\", \"name\": \""
                    + prefix + " reader\", \"functions\": [{\"function\": \"journal.view\", \"scope\": \"groups\", \"group_ids\": [\"" + group + "\"]}]}");
            assertThat(role.status()).as(role.raw()).isEqualTo(201);
            if (a == null) {
                a = TenantId.of(company.id());
            } else {
                b = TenantId.of(company.id());
                bEmployee = UUID.fromString(employee.body().get("id").asString());
            }
        }
    }

    @Test
    void theApplicationActsAsARoleThatRowLevelSecurityBinds() throws SQLException {
        assertThat(dataSource).isInstanceOf(TenantScopedDataSource.class);
        assertThat(TenantContext.as(a, () -> query("SELECT current_user"))).containsExactly(database.appRole());
        try (Connection owner = database.ownerConnection()) {
            assertThat(query(owner, "SELECT rolsuper::text || ' ' || rolbypassrls::text FROM pg_roles WHERE rolname = '"
                    + database.appRole() + "'")).containsExactly("false false");
            List<String> tables = new java.util.ArrayList<>(MORE_TENANT_TABLES);
            TENANT_TABLES.forEach(t -> tables.add(t[0]));
            for (String table : tables) {
                assertThat(query(owner, "SELECT relrowsecurity::text || ' ' || relforcerowsecurity::text FROM pg_class "
                        + "WHERE oid = '" + database.schema() + "." + table + "'::regclass"))
                        .as("row-level security enabled and forced on " + table).containsExactly("true true");
            }
        }
    }

    @Test
    void aQueryWithoutTenantFilterSeesOnlyTheCurrentTenantsRows() throws SQLException {
        for (String[] table : TENANT_TABLES) {
            String name = table[0];
            String column = table[1];
            long ownRows = ownerCount("SELECT count(*) FROM " + name + " WHERE " + column + " = '" + a + "'");
            assertThat(ownerCount("SELECT count(*) FROM " + name + " WHERE " + column + " = '" + b + "'"))
                    .as("tenant B has rows in " + name).isPositive();
            assertThat(ownRows).as("tenant A has rows in " + name).isPositive();

            assertThat(TenantContext.as(a, () -> count("SELECT count(*) FROM " + name))).as(name).isEqualTo(ownRows);
            assertThat(TenantContext.as(a, () -> query("SELECT DISTINCT " + column + "::text FROM " + name))).as(name)
                    .containsExactly(a.toString());
        }
    }

    @Test
    void aQueryWithNoTenantSetSeesNothing() {
        for (String[] table : TENANT_TABLES) {
            assertThat(count("SELECT count(*) FROM " + table[0])).as(table[0]).isZero();
        }
    }

    @Test
    void aPooledConnectionNeverCarriesThePreviousBorrowersTenant() {
        for (int i = 0; i < 3; i++) {
            assertThat(TenantContext.as(a, () -> count("SELECT count(*) FROM employees"))).isPositive();
            assertThat(count("SELECT count(*) FROM employees")).isZero();
            assertThat(TenantContext.as(b, () -> query("SELECT DISTINCT tenant_id::text FROM journal"))).containsExactly(b.toString());
        }
    }

    @Test
    void anotherTenantsRowsStayInvisibleEvenWhenAskedForByTheirTenantId() {
        for (String[] table : TENANT_TABLES) {
            assertThat(TenantContext.as(a, () -> count("SELECT count(*) FROM " + table[0] + " WHERE " + table[1] + " = '" + b + "'")))
                    .as(table[0]).isZero();
        }
        assertThat(TenantContext.as(a, () -> count("SELECT count(*) FROM employees WHERE id = '" + bEmployee + "'"))).isZero();
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveJournalRows() throws SQLException {
        List<String> chainBefore = ownerQuery("SELECT seq || ':' || hash || ':' || details FROM journal WHERE tenant_id = '" + a + "' ORDER BY seq");
        assertThat(chainBefore).isNotEmpty();

        for (String sql : List.of("UPDATE journal SET details = '{}' WHERE tenant_id = '" + a + "'",
                "DELETE FROM journal WHERE tenant_id = '" + a + "'",
                "DELETE FROM journal WHERE tenant_id = '" + a + "' AND seq = (SELECT max(seq) FROM journal)",
                "TRUNCATE journal")) {
            assertThat(TenantContext.as(a, () -> failure(sql)).getSQLState()).as(sql).isEqualTo(INSUFFICIENT_PRIVILEGE);
            assertThat(TenantContext.asPlatform(() -> failure(sql)).getSQLState()).as(sql).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }

        assertThat(ownerQuery("SELECT seq || ':' || hash || ':' || details FROM journal WHERE tenant_id = '" + a + "' ORDER BY seq"))
                .isEqualTo(chainBefore);
    }

    @Test
    void writesAimedAtAnotherTenantAreRefusedOrReachNothing() throws SQLException {
        List<String> bBefore = ownerQuery("SELECT id || ':' || display_name FROM employees WHERE tenant_id = '" + b + "' ORDER BY id");
        long bGroups = ownerCount("SELECT count(*) FROM employee_groups WHERE tenant_id = '" + b + "'");

        SQLException insert = TenantContext.as(a, () -> failure("INSERT INTO employee_groups (tenant_id, id, name, name_key, created_at, updated_at) "
                + "VALUES ('" + b + "', '" + UUID.randomUUID() + "', 'Planted', 'planted', now(), now())"));
        assertThat(insert.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(insert.getMessage()).contains("row-level security");
        assertThat(TenantContext.as(a, () -> update("UPDATE employees SET display_name = 'Taken over' WHERE tenant_id = '" + b + "'"))).isZero();
        assertThat(TenantContext.as(a, () -> update("DELETE FROM group_members WHERE tenant_id = '" + b + "'"))).isZero();
        assertThat(TenantContext.as(a, () -> update("DELETE FROM employee_groups WHERE tenant_id = '" + b + "'"))).isZero();
        // Moving one's own row into the other tenant is refused too.
        SQLException move = TenantContext.as(a, () -> failure("UPDATE journal_heads SET tenant_id = '" + b + "' WHERE tenant_id = '" + a + "'"));
        assertThat(move.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);

        assertThat(ownerQuery("SELECT id || ':' || display_name FROM employees WHERE tenant_id = '" + b + "' ORDER BY id")).isEqualTo(bBefore);
        assertThat(ownerCount("SELECT count(*) FROM employee_groups WHERE tenant_id = '" + b + "'")).isEqualTo(bGroups);
    }

    // --- through the application's data source, in whatever tenant the caller has set ---

    private long count(String sql) {
        return Long.parseLong(query(sql).getFirst());
    }

    private List<String> query(String sql) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private int update(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The error the statement must end with. */
    private SQLException failure(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        return fail("the application role was allowed to run: " + sql);
    }

    // --- as the schema owner, who sees everything ---

    private long ownerCount(String sql) throws SQLException {
        return Long.parseLong(ownerQuery(sql).getFirst());
    }

    private List<String> ownerQuery(String sql) throws SQLException {
        try (Connection owner = database.ownerConnection()) {
            return query(owner, sql);
        }
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
