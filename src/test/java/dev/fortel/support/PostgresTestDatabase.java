package dev.fortel.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The PostgreSQL database of one test run: its own schema ({@code fortel_t_<random>}) in the server's
 * {@code test} database and its own application role name ({@code fortel_app_<random>}), so that runs of
 * different people on one server never meet. The schema is created before the first Spring context that
 * needs it starts; Flyway then migrates it as the login user and the migration creates the role. A JVM
 * shutdown hook closes those contexts and drops the schema and the role.
 *
 * <p>Where PostgreSQL is: {@code FORTEL_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}),
 * {@code FORTEL_TEST_POSTGRES_USER} (default {@code postgres}) and {@code FORTEL_TEST_POSTGRES_PASSWORD}.
 * With {@code CI=true} the PostgreSQL tests always run and fail when it is unreachable; elsewhere they are
 * skipped, with the reason printed, when it is unreachable.
 */
public final class PostgresTestDatabase {

    public static final String SERVER_URL = env("FORTEL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("FORTEL_TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("FORTEL_TEST_POSTGRES_PASSWORD", "");

    private static final Object LOCK = new Object();
    private static volatile PostgresTestDatabase instance;
    private static volatile String unreachable;
    private static volatile boolean probed;

    private final String schema;
    private final String appRole;
    private final List<ConfigurableApplicationContext> contexts = new CopyOnWriteArrayList<>();

    private PostgresTestDatabase(String suffix) {
        this.schema = "fortel_t_" + suffix;
        this.appRole = "fortel_app_" + suffix;
    }

    /** This run's database, created on first use. */
    public static PostgresTestDatabase get() {
        PostgresTestDatabase db = instance;
        if (db != null) {
            return db;
        }
        synchronized (LOCK) {
            if (instance == null) {
                byte[] random = new byte[5];
                new SecureRandom().nextBytes(random);
                PostgresTestDatabase created = new PostgresTestDatabase(HexFormat.of().formatHex(random));
                created.create();
                Runtime.getRuntime().addShutdownHook(new Thread(created::drop, "drop-" + created.schema));
                instance = created;
            }
            return instance;
        }
    }

    public String schema() {
        return schema;
    }

    public String appRole() {
        return appRole;
    }

    /** The application's URL: this run's schema, and the schema as application name so that its sessions can be found. */
    public String jdbcUrl() {
        return SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&ApplicationName=" + schema;
    }

    /**
     * A connection as the login user, which owns the schema and, as a superuser, is not subject to row-level
     * security: for tests that look behind the application's back. Its search path is this run's schema.
     */
    public Connection ownerConnection() throws SQLException {
        Connection c = connect(SERVER_URL);
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema);
        }
        return c;
    }

    /** Whether PostgreSQL tests must run (and so fail rather than skip when the server is unreachable). */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Why PostgreSQL cannot be reached, or {@code null} when it can; asked once per run. */
    public static String unreachableReason() {
        synchronized (LOCK) {
            if (!probed) {
                try (Connection c = connect(SERVER_URL); Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                } catch (SQLException e) {
                    unreachable = e.getMessage();
                }
                probed = true;
            }
            return unreachable;
        }
    }

    private void create() {
        try (Connection c = connect(SERVER_URL); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test schema " + schema + " at " + SERVER_URL + " as " + USER + ": "
                    + e.getMessage() + (required() ? " (CI=true: PostgreSQL tests must run)" : ""), e);
        }
    }

    private void drop() {
        for (ConfigurableApplicationContext context : contexts) {
            try {
                context.close();
            } catch (RuntimeException e) {
                System.err.println("PostgreSQL test context did not close cleanly: " + e);
            }
        }
        try (Connection c = connect(SERVER_URL)) {
            // Sessions of a context that failed half-way (not closed above) would keep using the role.
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
                st.setString(1, schema);
                st.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                st.execute("DROP ROLE IF EXISTS " + appRole);
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the PostgreSQL test schema " + schema + " or role " + appRole + ": " + e.getMessage());
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(url, p);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Points a Spring context at this run's schema, before anything in it starts. The properties win over
     * the test profile's H2 settings.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            PostgresTestDatabase db = get();
            db.contexts.add(context);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fortelPostgresTestDatabase", Map.of(
                    "spring.datasource.url", db.jdbcUrl(),
                    "spring.datasource.username", USER,
                    "spring.datasource.password", PASSWORD,
                    "spring.flyway.default-schema", db.schema(),
                    "fortel.db.app-role", db.appRole(),
                    // An external database needs a configured master key (no key file beside it); a fresh one per run.
                    "fortel.master-key", randomKey())));
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** Skips PostgreSQL tests, saying why, when the server is unreachable and {@code CI} is not {@code true}. */
    public static final class Availability implements ExecutionCondition {

        private static volatile boolean told;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (required()) {
                return ConditionEvaluationResult.enabled("CI=true: PostgreSQL tests always run");
            }
            String reason = unreachableReason();
            if (reason == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL is reachable at " + SERVER_URL);
            }
            String message = "PostgreSQL tests skipped: cannot connect to " + SERVER_URL + " as " + USER + " (" + reason
                    + "). Set CI=true to make this a failure, or FORTEL_TEST_POSTGRES_URL/_USER/_PASSWORD to point elsewhere.";
            if (!told) {
                told = true;
                System.out.println(message);
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
