package dev.fortel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * The JSON export streams: a server whose heap is 160 MB exports a company's journal of a million events (about
 * 1.2 GB of NDJSON) through the API, and the client counts every line. The server runs in a JVM of its own
 * ({@link SmallHeapServer}) that exits on the first OutOfMemoryError, on a PostgreSQL schema of its own, where the
 * events are loaded with COPY (writing a million through the API would test the API, not the export).
 */
@Tag("postgresql")
@ExtendWith(PostgresTestDatabase.Availability.class)
class JournalExportUnderSmallHeapTests {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JournalExportUnderSmallHeapTests.class);

    private static final int EVENTS = 1_000_000;
    private static final String HEAP = "-Xmx160m";

    @Test
    void aMillionEventsExportFromAServerWithASmallHeapEveryLineArriving() throws Exception {
        String schema = "fortel_x_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String url = PostgresTestDatabase.SERVER_URL;
        try (Connection c = DriverManager.getConnection(url, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path dataDir = java.nio.file.Files.createTempDirectory("fortel-small-heap");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), SmallHeapServer.class.getName(),
                "--spring.profiles.active=test", "--server.port=0", "--fortel.data-dir=" + dataDir,
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&ApplicationName=" + schema,
                "--spring.datasource.username=" + PostgresTestDatabase.USER, "--spring.datasource.password=" + PostgresTestDatabase.PASSWORD,
                "--spring.flyway.default-schema=" + schema, "--fortel.db.app-role=" + schema + "_app",
                "--fortel.master-key=" + java.util.Base64.getEncoder().encodeToString(key), "--logging.level.root=WARN"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            FortelClient client = new FortelClient(port);
            Fixtures.Company company = new Fixtures(client).company("Export");
            long t0 = System.nanoTime();
            load(url, schema, company.id());
            long loaded = System.nanoTime();

            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(FortelClient.trustAll()).build();
            HttpResponse<InputStream> response = http.send(client.request("/api/v1/journal/export")
                    .header("Authorization", "Bearer " + company.ownerToken()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long lines = 0;
            long bytes = 0;
            String last = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines++;
                    bytes += line.length() + 1;
                    last = line;
                }
            }
            long exported = System.nanoTime();
            assertThat(server.isAlive()).as("the server did not run out of memory").isTrue();
            assertThat(lines).isGreaterThan(EVENTS);
            assertThat(last).contains("\"sequence\":" + (1_000_000_000L + EVENTS - 1));
            log.info(String.format(java.util.Locale.ROOT, "export under small heap: heap=%s events=%d lines=%d bytes=%d load_s=%.1f export_s=%.1f events_per_s=%.0f", HEAP, EVENTS,
                    lines, bytes, (loaded - t0) / 1e9, (exported - loaded) / 1e9, lines / ((exported - loaded) / 1e9)));
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            try (Connection c = DriverManager.getConnection(url, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + schema + "' AND pid <> pg_backend_pid()");
                st.execute("DROP SCHEMA " + schema + " CASCADE");
                st.execute("DROP ROLE IF EXISTS " + schema + "_app");
            }
        }
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("the small-heap server stopped before serving:\n" + log);
            }
            if (line.startsWith("PORT=")) {
                // Keep draining its output, or a full pipe would stall it.
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(line.substring(5).strip());
            }
            log.append(line).append('\n');
        }
        throw new AssertionError("the small-heap server did not start within 180 s:\n" + log);
    }

    /** A million sign-in events of the company, loaded by the schema owner with COPY from rows made as they are read. */
    private static void load(String url, String schema, UUID company) throws Exception {
        try (Connection owner = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD)) {
            Instant start = Instant.now().minusSeconds(EVENTS);
            String ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
            Reader rows = new Reader() {
                private int next;
                private String pending = "";
                private int at;

                @Override
                public int read(char[] buf, int off, int len) {
                    if (at == pending.length()) {
                        if (next == EVENTS) {
                            return -1;
                        }
                        int i = next++;
                        String login = "user" + (i % 5_000) + "@export.test";
                        pending = company + "," + (1_000_000_000L + i) + "," + UUID.randomUUID() + "," + start.plusSeconds(i) + ",auth.login.failed,FAILURE,"
                                + login + ",198.51.100." + (i % 250) + ",\"" + ua + "\",employee," + login + "," + login
                                + ",\"{\"\"login\"\":\"\"" + login + "\"\",\"\"method\"\":\"\"password\"\",\"\"reason\"\":\"\"bad_password\"\"}\","
                                + "0".repeat(64) + "," + "f".repeat(64) + ",36\n";
                        at = 0;
                    }
                    int n = Math.min(len, pending.length() - at);
                    pending.getChars(at, at + n, buf, off);
                    at += n;
                    return n;
                }

                @Override
                public void close() {}
            };
            owner.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY journal (tenant_id, seq, id, occurred_at, type, outcome, actor_name, actor_ip, "
                    + "actor_user_agent, target_kind, target_id, target_name, details, prev_hash, hash, retention_months) FROM STDIN (FORMAT csv)", rows);
            try (Statement st = owner.createStatement()) {
                st.execute("ANALYZE journal");
            }
        }
    }
}
