package dev.fortel.bench;

import dev.fortel.FortelApplication;
import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalTypes;
import dev.fortel.tenancy.TenantId;
import java.io.StringReader;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Journal append on PostgreSQL, sustained, with the hash chain, beside raw inserts of the same rows in the same run.
 *
 * <p>Starts Fortel's application context on a schema of its own in PostgreSQL's {@code test} database (Flyway
 * migrates it, row-level security on, the application role without BYPASSRLS), creates {@code COMPANIES} companies,
 * and measures, each for {@code SECONDS} seconds per round over {@code ROUNDS} rounds:
 * <ul>
 *   <li>{@code group_commit}: {@code THREADS} (200, Tomcat's default request threads) threads each calling {@code Journal.append} outside any transaction, as
 *       failed sign-ins and refusals do: a burst of an attack, companies at random;
 *   <li>{@code append_all_500}: one thread calling {@code Journal.appendAll} with 500 events of one company per call
 *       (one transaction each), as a bulk import does, from one thread and from two;
 *   <li>{@code one_per_transaction}: {@code TX_THREADS} (32) threads each appending one event in a transaction of its own, as
 *       each business change does (bounded by commit latency, shown for scale);
 *   <li>baselines, the same ~600-byte rows with their hashes already computed, into {@code journal_raw} (the journal's
 *       columns and indexes, no row-level security, no chain lock): {@code raw_insert_500} (one multi-row INSERT of
 *       500 rows per statement, autocommit, one session) and {@code copy} (COPY FROM STDIN, 10,000 rows per COPY).
 * </ul>
 * Prints one line per case and round, then medians and the ratios of the journal's rates to the baselines.
 */
public final class JournalAppendBench {

    static final String URL = env("PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("PG_USER", "postgres");
    static final int THREADS = Integer.parseInt(env("THREADS", "200"));
    /** Business transactions each hold a connection: as many as a node's pool gives them. */
    static final int TX_THREADS = Integer.parseInt(env("TX_THREADS", "32"));
    static final int COMPANIES = Integer.parseInt(env("COMPANIES", "100"));
    static final int SECONDS = Integer.parseInt(env("SECONDS", "10"));
    static final int ROUNDS = Integer.parseInt(env("ROUNDS", "3"));
    static final String UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    public static void main(String[] args) throws Exception {
        String schema = "fortel_bench_" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(4));
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String dataDir = java.nio.file.Files.createTempDirectory("fortel-journal-bench").toString();
        // As command-line arguments: they outrank application.yml, as an operator's settings would.
        Map<String, String> settings = Map.of(
                "spring.datasource.url", URL + "?currentSchema=" + schema + "&ApplicationName=" + schema,
                "spring.datasource.username", USER, "spring.datasource.password", "", "spring.flyway.default-schema", schema,
                "spring.datasource.hikari.maximum-pool-size", String.valueOf(TX_THREADS + 8),
                "fortel.db.app-role", schema + "_app", "fortel.master-key", Base64.getEncoder().encodeToString(key),
                "fortel.data-dir", dataDir, "server.port", "0", "fortel.correlation.poll-interval", "1h");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FortelApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        try (Connection owner = DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, "")) {
            List<TenantId> companies = companies(owner);
            try (Statement st = owner.createStatement()) {
                st.execute("CREATE TABLE journal_raw (LIKE journal INCLUDING ALL)");
            }
            Journal journal = app.getBean(Journal.class);
            System.out.printf("machine nproc=%d threads=%d tx_threads=%d companies=%d seconds=%d rounds=%d %s%n", Runtime.getRuntime().availableProcessors(),
                    THREADS, TX_THREADS, COMPANIES, SECONDS, ROUNDS, version(owner));
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                var summary = app.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("fortel.journal.group_commit.events").summary();
                long commits = summary.count();
                double events = summary.totalAmount();
                record(rates, "group_commit", round, groupCommit(journal, companies));
                System.out.printf("round=%d group_commit events_per_commit=%.1f%n", round, (summary.totalAmount() - events) / Math.max(1, summary.count() - commits));
                record(rates, "append_all_500", round, appendAll(journal, companies, 1));
                record(rates, "append_all_500_2_threads", round, appendAll(journal, companies, 2));
                record(rates, "one_per_transaction", round, onePerTransaction(app, journal, companies));
                List<String[]> rows = rawRows(companies, 200_000);
                record(rates, "raw_insert_500", round, rawInsert(owner, rows));
                record(rates, "copy", round, copy(owner, rows));
                try (Statement st = owner.createStatement()) {
                    st.execute("TRUNCATE journal_raw");
                    st.execute("CHECKPOINT");
                }
            }
            Map<String, Double> median = new LinkedHashMap<>();
            rates.forEach((k, v) -> {
                List<Double> s = new ArrayList<>(v);
                s.sort(null);
                median.put(k, s.get(s.size() / 2));
                System.out.printf("median case=%s events_per_s=%.0f (rounds: %s)%n", k, median.get(k), v.stream().map(x -> String.format("%.0f", x)).toList());
            });
            for (String j : List.of("group_commit", "append_all_500", "append_all_500_2_threads")) {
                System.out.printf("ratio %s/raw_insert_500=%.2f %s/copy=%.2f%n", j, median.get(j) / median.get("raw_insert_500"), j,
                        median.get(j) / median.get("copy"));
            }
            try (Statement st = owner.createStatement(); var rs = st.executeQuery("SELECT COUNT(*), AVG(pg_column_size(j.*)) FROM journal j")) {
                rs.next();
                System.out.printf("journal rows=%d avg_row_bytes=%.0f%n", rs.getLong(1), rs.getDouble(2));
            }
        } finally {
            app.close();
            try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + schema + "' AND pid <> pg_backend_pid()");
                st.execute("DROP SCHEMA " + schema + " CASCADE");
                st.execute("DROP ROLE IF EXISTS " + schema + "_app");
            }
        }
    }

    private static void record(Map<String, List<Double>> rates, String name, int round, double rate) {
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
        System.out.printf("round=%d case=%s events_per_s=%.0f%n", round, name, rate);
    }

    private static Journal.Draft draft(TenantId company, long n) {
        String login = "user" + (n % 50_000) + "@company" + (n % 97) + ".example";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("login", login);
        details.put("reason", "bad_password");
        details.put("method", "password");
        details.put("failures", (int) (n % 5) + 1);
        details.put("client", Map.of("user_agent", UA, "accept_language", "ru-RU,ru;q=0.9,en;q=0.8"));
        return new Journal.Draft(company, JournalTypes.SIGN_IN_FAILED, JournalEntry.Outcome.FAILURE,
                new JournalEntry.Actor(null, login, "198.51." + (n % 250) + "." + (n % 200), UA, null),
                new JournalEntry.Target("employee", UUID.nameUUIDFromBytes(login.getBytes()).toString(), login), details);
    }

    private static double groupCommit(Journal journal, List<TenantId> companies) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long t0 = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            pool.execute(() -> {
                java.util.Random r = new java.util.Random(thread);
                for (long n = 0; !stop.get(); n++) {
                    journal.append(draft(companies.get(r.nextInt(companies.size())), n));
                    done.incrementAndGet();
                }
            });
        }
        Thread.sleep(SECONDS * 1000L);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double appendAll(Journal journal, List<TenantId> companies, int threads) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        long deadline = t0 + SECONDS * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int b = thread; System.nanoTime() < deadline; b += threads) {
                    TenantId company = companies.get(b % companies.size());
                    List<Journal.Draft> batch = new ArrayList<>(500);
                    for (int i = 0; i < 500; i++) {
                        batch.add(draft(company, b * 500L + i));
                    }
                    journal.appendAll(batch);
                    done.addAndGet(500);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double onePerTransaction(ConfigurableApplicationContext app, Journal journal, List<TenantId> companies) throws Exception {
        var tx = new org.springframework.transaction.support.TransactionTemplate(app.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(TX_THREADS);
        long t0 = System.nanoTime();
        for (int t = 0; t < TX_THREADS; t++) {
            int thread = t;
            pool.execute(() -> {
                java.util.Random r = new java.util.Random(thread);
                for (long n = 0; !stop.get(); n++) {
                    TenantId company = companies.get(r.nextInt(companies.size()));
                    long k = n;
                    dev.fortel.tenancy.TenantContext.as(company, () -> tx.executeWithoutResult(s -> journal.append(draft(company, k))));
                    done.incrementAndGet();
                }
            });
        }
        Thread.sleep(SECONDS * 1000L);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    /** The same rows as the journal stores them (canonical details, SHA-256 chain per company), computed beforehand. */
    private static List<String[]> rawRows(List<TenantId> companies, int count) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Map<TenantId, long[]> seqs = new java.util.HashMap<>();
        Map<TenantId, String> prev = new java.util.HashMap<>();
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<String[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TenantId c = companies.get(i % companies.size());
            Journal.Draft d = draft(c, i);
            long seq = ++seqs.computeIfAbsent(c, k -> new long[1])[0];
            String p = prev.getOrDefault(c, "0".repeat(64));
            String details = json.writeValueAsString(new java.util.TreeMap<>(d.details()));
            String hash = HexFormat.of().formatHex(sha.digest((p + c + seq + details).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            prev.put(c, hash);
            rows.add(new String[] {c.toString(), String.valueOf(seq), UUID.randomUUID().toString(), java.time.Instant.now().toString(), d.type(),
                    d.outcome().name(), d.actor().name(), d.actor().ip(), d.actor().userAgent(), d.target().kind(), d.target().id(), d.target().name(),
                    details, p, hash});
        }
        return rows;
    }

    private static final String RAW_COLUMNS = "tenant_id, seq, id, occurred_at, type, outcome, actor_name, actor_ip, actor_user_agent, target_kind, "
            + "target_id, target_name, details, prev_hash, hash";

    private static double rawInsert(Connection owner, List<String[]> rows) throws Exception {
        StringBuilder sql = new StringBuilder("INSERT INTO journal_raw (" + RAW_COLUMNS + ") VALUES ");
        for (int i = 0; i < 500; i++) {
            sql.append(i == 0 ? "" : ",").append("(?::uuid,?::bigint,?::uuid,?::timestamptz,?,?,?,?,?,?,?,?,?,?,?)");
        }
        long t0 = System.nanoTime();
        long deadline = t0 + SECONDS * 1_000_000_000L;
        long done = 0;
        try (PreparedStatement ps = owner.prepareStatement(sql.toString())) {
            for (int start = 0; start + 500 <= rows.size() && System.nanoTime() < deadline; start += 500) {
                int p = 1;
                for (int i = start; i < start + 500; i++) {
                    for (String v : rows.get(i)) {
                        ps.setString(p++, v);
                    }
                }
                ps.executeUpdate();
                done += 500;
            }
        }
        try (Statement st = owner.createStatement()) {
            st.execute("TRUNCATE journal_raw");
        }
        return done / ((System.nanoTime() - t0) / 1e9);
    }

    private static double copy(Connection owner, List<String[]> rows) throws Exception {
        var copy = owner.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        long deadline = t0 + SECONDS * 1_000_000_000L;
        long done = 0;
        for (int start = 0; start + 10_000 <= rows.size() && System.nanoTime() < deadline; start += 10_000) {
            StringBuilder csv = new StringBuilder();
            for (int i = start; i < start + 10_000; i++) {
                String[] r = rows.get(i);
                for (int k = 0; k < r.length; k++) {
                    csv.append(k == 0 ? "" : ",").append('"').append(r[k].replace("\"", "\"\"")).append('"');
                }
                csv.append('\n');
            }
            copy.copyIn("COPY journal_raw (" + RAW_COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            done += 10_000;
        }
        return done / ((System.nanoTime() - t0) / 1e9);
    }

    private static List<TenantId> companies(Connection owner) throws Exception {
        List<TenantId> out = new ArrayList<>();
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO tenants (id, name, name_key, kind, created_at) VALUES (?, ?, ?, 'CLIENT', now())")) {
            for (int i = 0; i < COMPANIES; i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setString(2, "Bench company " + i);
                ps.setString(3, "bench company " + i);
                ps.executeUpdate();
                out.add(TenantId.of(id));
            }
        }
        return out;
    }

    private static String version(Connection c) throws Exception {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "postgresql=" + rs.getString(1);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
