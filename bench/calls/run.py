#!/usr/bin/env python3
"""Call history (CDR) on PostgreSQL: ingestion rate beside a raw COPY, and one-day search latency over 10M calls.

Two benchmarks, one server, one fresh database, baselines measured in the same run:

1. ingest  POST /api/v1/calls/batch (1,000 calls per batch, an integration token holding calls.ingest) in rows/s,
           over keep-alive HTTPS with 1 and 2 concurrent connections (CONCURRENCIES), into an empty calls table.
           Baseline: the rows exactly as the server stored them (exported with \\copy ... TO) are put back with
           psql \\copy ... FROM into the same, emptied calls table (same indexes, foreign key and check constraints),
           as the table's owner: PostgreSQL refuses COPY FROM under row-level security ("COPY FROM not supported
           with row-level security"), so the baseline skips the RLS WITH CHECK that the server's INSERTs pass.
           Headline ratio: ingest rows/s / COPY rows/s (issue aim: >= 0.30). A diagnostic phase
           (`ingest_no_employee`, c=1) sends the same calls without employee_id, which removes the per-call
           employee lookups, and the script prints the per-call index scans of employees, employee_roles and
           group_members (pg_stat_user_tables) and the CPU split (server JVM, its PostgreSQL backends, the rest).
2. search  GET /api/v1/calls?from=<day>&to=<day+1> (one random day of the past year, the owner of a real company
           created through the API, so RLS, access checks and the journal entry of every search are included),
           sequential on one keep-alive connection, over SEARCH_ROWS (10M) calls spread over TENANTS (1,000)
           companies, ~10k calls per company over a year, loaded with COPY in time order (so one company's day
           is spread over the heap like real ingestion leaves it). Baseline: the same SQL as the server's, run
           by pgbench -M prepared (1 client, application role, the company's fortel.tenant_id, so RLS applies),
           same random days; plus one EXPLAIN (ANALYZE, BUFFERS). Reports p50/p95/p99 (issue aim: API p95 <= 100 ms).

Starts fortel.jar on a free loopback port with FORTEL_DB_URL pointing at a database it creates (DB, dropped at the
end with the application role APP_ROLE it created), FORTEL_MASTER_KEY random. Needs python3 (stdlib only), psql,
pgbench, createdb/dropdb, a JDK 21+ (JAVA_HOME, default Temurin 25) and PostgreSQL on PGHOST:PGPORT with trust
auth for PGUSER (a superuser: it creates the database and role, truncates, loads 10M rows with triggers off).

Usage: bench/calls/run.py [path/to/fortel.jar]          (default target/fortel.jar)
  env: BENCH=both|ingest|search  ROUNDS=3  N=50000 (calls per ingest phase)  CONCURRENCIES="1 2"  DIAG=1
       SEARCH_ROWS=10000000 TENANTS=1000 EMPLOYEES=20 SAMPLES=1000 (searches per round and case) SEARCH_WARMUP=500
       PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres DB=fortel_bench_calls APP_ROLE=fortel_bench_calls_app
       KEEP=1 (keep database, role and work directory with the server log)  SERVER_JAVA_OPTS="..."  SEED=42
stdout: one key=value line per phase, then `median ...` lines and two HEADLINE lines; stderr: progress.
Takes about 13 minutes on a 2-core VM (~4 ingestion; ~2 generating and loading the 10M calls and building their
indexes; ~2 measuring searches).
"""
import base64
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

BENCH = os.environ.get("BENCH", "both")
ROUNDS = int(os.environ.get("ROUNDS", 3))
N = int(os.environ.get("N", 50_000))
BATCH = 1000
CONCURRENCIES = [int(c) for c in os.environ.get("CONCURRENCIES", "1 2").split()]
DIAG = os.environ.get("DIAG", "1") == "1"
SEARCH_ROWS = int(os.environ.get("SEARCH_ROWS", 10_000_000))
TENANTS = int(os.environ.get("TENANTS", 1000))
EMPLOYEES = int(os.environ.get("EMPLOYEES", 20))
SAMPLES = int(os.environ.get("SAMPLES", 1000))
SEARCH_WARMUP = int(os.environ.get("SEARCH_WARMUP", 500))
DAYS = 365
STATS_DELAY = 11.0
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGPORT = os.environ.get("PGPORT", "5432")
PGUSER = os.environ.get("PGUSER", "postgres")
DB = os.environ.get("DB", "fortel_bench_calls")
APP_ROLE = os.environ.get("APP_ROLE", "fortel_bench_calls_app")
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
OPERATOR, OPERATOR_PW = "operator@calls.bench.test", "Bench-Admin-Passphrase-2026"
OWNER, OWNER_PW = "chief@calls.bench.test", "Correct-Horse-Battery-2026"
RNG = random.Random(int(os.environ.get("SEED", 42)))
CLK = os.sysconf("SC_CLK_TCK")
COLUMNS = ("tenant_id, call_id, direction, caller, callee, employee_id, started_at, answered_at, ended_at, duration_s, "
           "disposition, destination_country, ingested_at")
# The server's search statement for a one-day filter (CallHistory.find with from, to and the default limit 50, as of
# commit 4887cee: with whether each call has a recording). Keep it in step with CallHistory.SELECT and find().
SEARCH_SQL = ("SELECT c.call_id, direction, caller, callee, employee_id, started_at, answered_at, ended_at, duration_s, "
              "disposition, destination_country, r.call_id IS NOT NULL FROM calls c "
              "LEFT JOIN call_recordings r ON r.tenant_id = c.tenant_id AND r.call_id = c.call_id "
              "WHERE c.tenant_id = {t} AND started_at >= {f} AND started_at < {u} ORDER BY started_at DESC, c.call_id LIMIT 50")


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def out(line):
    print(line, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_env(options=None):
    env = dict(os.environ, PGHOST=PGHOST, PGPORT=PGPORT, PGUSER=PGUSER)
    env.pop("PGOPTIONS", None)
    if options:
        env["PGOPTIONS"] = options
    return env


def psql(sql, options=None, db=None):
    """Runs SQL (one string, possibly several statements) and returns stdout (unaligned, tuples only)."""
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", db or DB, "-c", sql],
                       env=pg_env(options), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"run.py: psql failed ({sql[:120]}...): {r.stderr.strip()}")
    return r.stdout.strip()


def app_options(tenant):
    """Session options of the server's own connections: the application role and the company (so RLS applies)."""
    return f"-c role={APP_ROLE} -c fortel.tenant_id={tenant}"


# ---------------------------------------------------------------- CPU accounting (/proc)

def proc_cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK
    except OSError:
        return 0.0


def machine_cpu():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    steal = v[7] if len(v) > 7 else 0
    return (sum(v[:8]) - idle - steal) / CLK, steal / CLK


class Meter:
    """CPU seconds of the server JVM, the database's backends (as of the start), this script and the machine."""

    def __init__(self, server_pid, backends):
        self.server_pid, self.backends = server_pid, backends
        self.t0 = time.perf_counter()
        self.s0 = proc_cpu(server_pid)
        self.b0 = sum(proc_cpu(p) for p in backends)
        self.c0 = time.process_time()
        self.m0, self.st0 = machine_cpu()

    def stop(self):
        wall = time.perf_counter() - self.t0
        server = proc_cpu(self.server_pid) - self.s0
        db = sum(proc_cpu(p) for p in self.backends) - self.b0
        client = time.process_time() - self.c0
        m1, st1 = machine_cpu()
        busy = m1 - self.m0
        return dict(wall=wall, server=server, db=db, client=client, busy=busy, steal=st1 - self.st0,
                    others=max(0.0, busy - server - db - client))


def backend_pids():
    rows = psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{DB}' AND pid <> pg_backend_pid()")
    return [int(x) for x in rows.split()] if rows else []


# ---------------------------------------------------------------- API

class Api:
    """One keep-alive HTTPS connection to the server under test (its certificate is self-signed)."""

    def __init__(self, port):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # loopback only, the server's own self-signed certificate
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=300)

    def raw(self, method, path, token=None, body=None, basic=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        if basic:
            headers["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        return resp.status, resp.read()

    def call(self, method, path, token=None, body=None, basic=None, want=(200, 201)):
        status, data = self.raw(method, path, token, body, basic)
        if status not in want:
            raise SystemExit(f"run.py: HTTP {status} for {method} {path}: {data[:400]!r}")
        return json.loads(data) if data else None


# ---------------------------------------------------------------- call records

def landline():
    return "+7495" + str(RNG.randint(1_000_000, 9_999_999))


def mobile():
    return "+79" + RNG.choice(("03", "05", "09", "10", "15", "16", "25", "26", "36", "67", "85", "99")) + str(RNG.randint(1_000_000, 9_999_999))


def external():
    """A customer's number: mostly Russian mobiles and Moscow landlines, some London numbers."""
    x = RNG.random()
    if x < 0.55:
        return mobile(), "RU"
    if x < 0.93:
        return landline(), "RU"
    return "+44207" + str(RNG.randint(1_000_000, 9_999_999)), "GB"


def one_call(start, employees, dids):
    """(direction, caller, callee, employee, answered offset s or None, end offset s, disposition, callee country)."""
    d = RNG.random()
    direction = "inbound" if d < 0.5 else ("outbound" if d < 0.92 else "internal")
    did = RNG.choice(dids)
    ext, country = external()
    if direction == "inbound":
        caller, callee, country = ext, did, "RU"
    elif direction == "outbound":
        caller, callee = did, ext
    else:
        caller, callee, country = did, RNG.choice(dids), "RU"
    employee = RNG.choice(employees) if employees and RNG.random() < 0.9 else None
    p = RNG.random()
    ring = RNG.randint(3, 25)
    if p < 0.68:
        disp, answered, end = "answered", ring, ring + min(int(RNG.expovariate(1 / 170)) + 5, 7200)
    elif p < 0.86:
        disp, answered, end = "no_answer", None, RNG.randint(20, 45)
    elif p < 0.95:
        disp, answered, end = "busy", None, RNG.randint(1, 6)
    else:
        disp, answered, end = "failed", None, RNG.randint(0, 3)
    return direction, caller, callee, employee, answered, end, disp, country


def day_second():
    """Seconds into a UTC day, 85 % within 06:00-18:00 UTC (09:00-21:00 in Moscow)."""
    return RNG.randint(6 * 3600, 18 * 3600 - 1) if RNG.random() < 0.85 else RNG.randint(0, 86_399)


def iso(epoch):
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def api_calls(n, prefix, employees, dids, year_start, with_employee=True):
    """n calls as the media layer would send them, spread over the past year, as 1,000-call JSON bodies."""
    bodies, batch = [], []
    for i in range(n):
        start = year_start + RNG.randrange(DAYS) * 86400 + day_second()
        direction, caller, callee, employee, answered, end, disp, _ = one_call(start, employees, dids)
        c = {"call_id": f"{prefix}-{i:07d}-{RNG.getrandbits(48):012x}@sbc1.bench", "direction": direction, "caller": caller,
             "callee": callee, "employee_id": employee if with_employee else None, "started_at": iso(start),
             "answered_at": None if answered is None else iso(start + answered), "ended_at": iso(start + end), "disposition": disp}
        batch.append(c)
        if len(batch) == BATCH:
            bodies.append(json.dumps({"calls": batch}).encode())
            batch = []
    if batch:
        bodies.append(json.dumps({"calls": batch}).encode())
    return bodies


def ingest(port, token, bodies, conc):
    """Sends the bodies over conc keep-alive connections (round-robin); returns rows accepted."""
    accepted, errors = [0] * conc, []

    def worker(k):
        api = Api(port)
        try:
            for body in bodies[k::conc]:
                status, data = api.raw("POST", "/api/v1/calls/batch", token, body)
                if status != 200:
                    errors.append(f"HTTP {status}: {data[:400]!r}")
                    return
                accepted[k] += json.loads(data)["accepted"]
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit("run.py: ingest failed: " + errors[0])
    return sum(accepted)


SCAN_TABLES = ("employees", "employee_roles", "group_members", "outbound_policies", "outbound_group_policies", "calls")


def scans():
    rows = psql("SELECT relname, coalesce(idx_scan, 0) + coalesce(seq_scan, 0), n_tup_ins FROM pg_stat_user_tables "
                f"WHERE relname IN ({', '.join(repr(t) for t in SCAN_TABLES)})")
    return {r.split("|")[0]: (int(r.split("|")[1]), int(r.split("|")[2])) for r in rows.splitlines()}


def cpu_fields(m, rows):
    return (f"server_cpu_cores={m['server'] / m['wall']:.2f} db_backends_cpu_cores={m['db'] / m['wall']:.2f} "
            f"client_cpu_cores={m['client'] / m['wall']:.2f} others_cores={m['others'] / m['wall']:.2f} steal_cores={m['steal'] / m['wall']:.2f} "
            f"server_cpu_us_per_row={m['server'] / rows * 1e6:.0f} db_cpu_us_per_row={m['db'] / rows * 1e6:.0f}")


# ---------------------------------------------------------------- benchmark 1

def bench_ingest(port, server_pid, tenant, media, employees, dids, work):
    year_start = (int(time.time()) // 86400 - DAYS) * 86400
    results = {}
    last_end = 0.0
    # One short warm-up (JIT, pool, plans): 10 batches, then an empty table.
    say("ingest: warm-up")
    ingest(port, media, api_calls(10 * BATCH, "warm", employees, dids, year_start), max(CONCURRENCIES))
    last_end = time.monotonic()
    for r in range(1, ROUNDS + 1):
        phases = [(f"ingest c={c}", c, True) for c in CONCURRENCIES]
        if DIAG:
            phases.append(("ingest_no_employee c=1", 1, False))
        for name, conc, with_emp in phases:
            bodies = api_calls(N, f"r{r}c{conc}{'e' if with_emp else 'n'}", employees, dids, year_start, with_emp)
            psql("TRUNCATE calls CASCADE")
            psql("CHECKPOINT")
            # Idle backends report their table statistics up to 10 s late (PostgreSQL 15): let the last phase's arrive.
            time.sleep(max(0.0, STATS_DELAY - (time.monotonic() - last_end)))
            before = scans()
            meter = Meter(server_pid, backend_pids())
            accepted = ingest(port, media, bodies, conc)
            m = meter.stop()
            last_end = time.monotonic()
            time.sleep(STATS_DELAY)
            after = scans()
            stored = int(psql("SELECT count(*) FROM calls"))
            if accepted != N or stored != N:
                raise SystemExit(f"run.py: {name}: accepted {accepted}, stored {stored}, sent {N}")
            per_row = " ".join(f"{t}_scans_per_row={(after.get(t, (0, 0))[0] - before.get(t, (0, 0))[0]) / N:.2f}"
                               for t in SCAN_TABLES if t != "calls")
            rate = N / m["wall"]
            results.setdefault(name, []).append(rate)
            out(f"round={r} phase={name} rows={N} secs={m['wall']:.2f} rows_per_s={rate:.0f} {cpu_fields(m, N)} {per_row}")
        # The baseline: the rows of the last ingest phase (as the server stored them), put back with COPY.
        csv = f"{work}/stored.csv"
        psql(f"\\copy (SELECT {COLUMNS} FROM calls) TO '{csv}' (FORMAT csv)")
        psql("TRUNCATE calls CASCADE")
        psql("CHECKPOINT")
        meter = Meter(server_pid, [])
        cp = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB, "-c", f"\\copy calls ({COLUMNS}) FROM '{csv}' (FORMAT csv)"],
                            env=pg_env(), capture_output=True, text=True)
        m = meter.stop()
        if cp.returncode != 0:
            raise SystemExit("run.py: COPY failed: " + cp.stderr)
        stored = int(psql("SELECT count(*) FROM calls"))
        assert stored == N, stored
        rate = N / m["wall"]
        results.setdefault("copy", []).append(rate)
        out(f"round={r} phase=copy rows={N} secs={m['wall']:.2f} rows_per_s={rate:.0f} machine_busy_cores={m['busy'] / m['wall']:.2f} "
            f"server_cpu_cores={m['server'] / m['wall']:.2f} steal_cores={m['steal'] / m['wall']:.2f} csv_bytes={os.path.getsize(csv)}")
        for name in results:
            if name != "copy":
                out(f"round={r} ratio {name}/copy={results[name][-1] / rate:.3f}")
    copy = statistics.median(results["copy"])
    for name, rates in results.items():
        ratios = [x / c for x, c in zip(rates, results["copy"])]
        out(f"median phase={name} rows_per_s={statistics.median(rates):.0f} (rounds: {' '.join(f'{x:.0f}' for x in rates)})"
            + ("" if name == "copy" else f" ratio_to_copy={statistics.median(ratios):.3f} (rounds: {' '.join(f'{x:.3f}' for x in ratios)})"))
    best = max((n for n in results if n.startswith("ingest c=")), key=lambda n: statistics.median(results[n]))
    ratio = statistics.median([x / c for x, c in zip(results[best], results["copy"])])
    psql("TRUNCATE calls CASCADE")
    return f"HEADLINE ingest rows/s ({best}) / COPY rows/s = {ratio:.3f} (median of {ROUNDS}; aim >= 0.30) ingest={statistics.median(results[best]):.0f} copy={copy:.0f}"


# ---------------------------------------------------------------- benchmark 2

def generate(stream, tenants, real, real_employees, year_start, now_text):
    """SEARCH_ROWS calls in time order over DAYS days, each of them of a company chosen uniformly among TENANTS."""
    hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}+00" for s in range(86400)]
    day_text = {}

    def ts(e):
        d, s = divmod(e, 86400)
        p = day_text.get(d)
        if p is None:
            p = day_text[d] = dt.datetime.fromtimestamp(d * 86400, dt.timezone.utc).strftime("%Y-%m-%d ")
        return p + hms[s]

    emps = [[str(uuid.UUID(int=RNG.getrandbits(128), version=4)) for _ in range(EMPLOYEES)] for _ in tenants]
    emps[0] = list(real_employees)
    dids = [[landline() for _ in range(4)] for _ in tenants]
    pools = [[external() for _ in range(200)] for _ in range(50)]  # customers' numbers, shared pools
    per_day = SEARCH_ROWS // DAYS
    seq = 0
    nt = len(tenants)
    rnd, rint, getbits = RNG.random, RNG.randrange, RNG.getrandbits
    for day in range(DAYS):
        count = per_day + (SEARCH_ROWS - per_day * DAYS if day == DAYS - 1 else 0)
        base = year_start + day * 86400
        secs = sorted(day_second() for _ in range(count))
        lines = []
        for s in secs:
            k = rint(nt)
            start = base + s
            d = rnd()
            did = dids[k][rint(4)]
            ext, country = pools[k % 50][rint(200)]
            if d < 0.5:
                dirn, caller, callee, country = "INBOUND", ext, did, "RU"
            elif d < 0.92:
                dirn, caller, callee = "OUTBOUND", did, ext
            else:
                dirn, caller, callee, country = "INTERNAL", did, dids[k][rint(4)], "RU"
            emp = emps[k][rint(EMPLOYEES)] if rnd() < 0.9 else ""
            p = rnd()
            if p < 0.68:
                ring = 3 + rint(23)
                dur = min(int(RNG.expovariate(1 / 170)) + 5, 7200)
                disp, answered, end = "ANSWERED", ts(start + ring), start + ring + dur
            elif p < 0.86:
                disp, answered, end, dur = "NO_ANSWER", "", start + 20 + rint(26), 0
            elif p < 0.95:
                disp, answered, end, dur = "BUSY", "", start + 1 + rint(6), 0
            else:
                disp, answered, end, dur = "FAILED", "", start + rint(4), 0
            seq += 1
            lines.append(f"{tenants[k]},{seq:09d}-{getbits(48):012x}@sbc1.bench,{dirn},{caller},{callee},{emp},{ts(start)},"
                         f"{answered},{ts(end)},{dur},{disp},{country},{now_text}\n")
        stream.write("".join(lines).encode())
        if day % 60 == 59:
            say(f"search: generated {seq:,} calls ({day + 1} days)")
    return seq


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, max(0, int(round(q * len(sorted_values))) - 1))]


def bench_search(port, server_pid, tenant, owner, employees, work):
    year_start = (int(time.time()) // 86400 - DAYS) * 86400
    # The other 999 companies: rows that satisfy calls' foreign key (the server never reads them in this benchmark).
    psql("TRUNCATE calls CASCADE")
    others = [str(uuid.UUID(int=RNG.getrandbits(128), version=4)) for _ in range(TENANTS - 1)]
    say(f"search: {len(others)} more companies (SQL), then {SEARCH_ROWS:,} calls with COPY")
    with open(f"{work}/tenants.csv", "w") as f:
        for i, t in enumerate(others):
            f.write(f"{t},Bench company {i:04d},bench company {i:04d},CLIENT,2025-01-01 00:00:00+00\n")
    psql(f"\\copy tenants (id, name, name_key, kind, created_at) FROM '{work}/tenants.csv' (FORMAT csv)")
    # Load without the indexes and the foreign-key triggers (session_replication_role=replica), then rebuild them:
    # the usual bulk-load path; the definitions are read from the catalogue and restored verbatim.
    pk = psql("SELECT conname || '|' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'calls'::regclass AND contype = 'p'")
    pk_name, pk_def = pk.split("|", 1)
    idx = psql("SELECT indexdef FROM pg_indexes WHERE tablename = 'calls' AND indexname NOT IN "
               "(SELECT conname FROM pg_constraint WHERE conrelid = 'calls'::regclass)").splitlines()
    idx_names = psql("SELECT indexname FROM pg_indexes WHERE tablename = 'calls' AND indexname NOT IN "
                     "(SELECT conname FROM pg_constraint WHERE conrelid = 'calls'::regclass)").splitlines()
    # Foreign keys that reference calls (call_recordings) go first and come back last.
    refs = psql("SELECT conrelid::regclass || '|' || conname || '|' || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE confrelid = 'calls'::regclass AND contype = 'f'").splitlines()
    refs = [r.split("|", 2) for r in refs]
    psql(" ".join(f"ALTER TABLE {t} DROP CONSTRAINT {n};" for t, n, _ in refs)
         + f" ALTER TABLE calls DROP CONSTRAINT {pk_name}; " + " ".join(f"DROP INDEX {n};" for n in idx_names))
    t0 = time.perf_counter()
    now_text = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")
    cp = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB, "-c", f"\\copy calls ({COLUMNS}) FROM STDIN (FORMAT csv)"],
                          env=pg_env("-c session_replication_role=replica"), stdin=subprocess.PIPE)
    rows = generate(cp.stdin, [tenant] + others, tenant, employees, year_start, now_text)
    cp.stdin.close()
    if cp.wait() != 0:
        raise SystemExit("run.py: COPY of the search data failed")
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    psql(f"SET maintenance_work_mem = '1GB'; ALTER TABLE calls ADD CONSTRAINT {pk_name} {pk_def}; " + " ".join(f"{d};" for d in idx)
         + " ".join(f" ALTER TABLE {t} ADD CONSTRAINT {n} {d};" for t, n, d in refs))
    t_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    psql("VACUUM (ANALYZE) calls")
    psql("CHECKPOINT")
    t_vacuum = time.perf_counter() - t0
    sizes = psql("SELECT pg_size_pretty(pg_relation_size('calls')) || ' heap, ' || pg_size_pretty(pg_indexes_size('calls')) || ' indexes, ' "
                 "|| (SELECT count(*) FROM calls) || ' rows, ' || (SELECT count(DISTINCT tenant_id) FROM calls) || ' companies, '"
                 f"|| (SELECT count(*) FROM calls WHERE tenant_id = '{tenant}') || ' of the real company'")
    out(f"search_data rows={rows} load_secs={t_load:.0f} ({rows / t_load:.0f} rows/s, generator and COPY in parallel) "
        f"index_build_secs={t_index:.0f} vacuum_analyze_secs={t_vacuum:.0f} sizes=\"{sizes}\"")

    days = [year_start + d * 86400 for d in range(DAYS)]
    # The plan the server gets, and its timing, for one day (as the application role, so RLS is in the plan).
    sample_day = days[DAYS // 2]
    plan = psql(f"SET plan_cache_mode = force_generic_plan; PREPARE q(uuid, timestamptz, timestamptz) AS "
                + SEARCH_SQL.format(t="$1", f="$2", u="$3") + "; EXPLAIN (ANALYZE, BUFFERS) EXECUTE q("
                + f"'{tenant}', '{iso(sample_day)}', '{iso(sample_day + 86400)}')", options=app_options(tenant))
    out("search_plan (generic plan, application role, RLS on):\n    " + plan.replace("\n", "\n    "))

    api = Api(port)
    found = []

    def api_search(day):
        path = f"/api/v1/calls?from={urllib.parse.quote(iso(day))}&to={urllib.parse.quote(iso(day + 86400))}"
        t = time.perf_counter()
        body = api.call("GET", path, owner)
        ms = (time.perf_counter() - t) * 1000
        found.append(len(body["items"]))
        return ms

    with open(f"{work}/search.pgb", "w") as f:
        f.write(f"\\set day random(0, {DAYS - 1})\n"
                + SEARCH_SQL.format(t=f"'{tenant}'", f=f"to_timestamp({year_start} + 86400 * :day)",
                                    u=f"to_timestamp({year_start} + 86400 * (:day + 1))") + ";\n")

    def sql_search(samples, tag):
        logp = f"{work}/pgbench-{tag}"
        r = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", "1", "-t", str(samples), "-f", f"{work}/search.pgb", "-l",
                            f"--log-prefix={logp}", DB], env=pg_env(app_options(tenant)), capture_output=True, text=True, cwd=work)
        if r.returncode != 0:
            raise SystemExit("run.py: pgbench failed: " + r.stderr)
        lat = []
        for name in os.listdir(work):
            if name.startswith(os.path.basename(logp) + "."):
                with open(f"{work}/{name}") as f:
                    lat += [int(line.split()[2]) / 1000 for line in f]
                os.remove(f"{work}/{name}")
        return lat

    say(f"search: warm-up ({SEARCH_WARMUP} API searches, {SEARCH_WARMUP} SQL)")
    for _ in range(SEARCH_WARMUP):
        api_search(RNG.choice(days))
    sql_search(SEARCH_WARMUP, "warm")
    found.clear()
    journal0 = int(psql(f"SELECT count(*) FROM journal WHERE tenant_id = '{tenant}' AND type = 'calls.history.searched'"))
    stats = {"api": {"p50": [], "p95": [], "p99": []}, "sql": {"p50": [], "p95": [], "p99": []}}
    for r in range(1, ROUNDS + 1):
        meter = Meter(server_pid, backend_pids())
        lat = sorted(api_search(RNG.choice(days)) for _ in range(SAMPLES))
        m = meter.stop()
        for q in ("p50", "p95", "p99"):
            stats["api"][q].append(percentile(lat, int(q[1:]) / 100))
        out(f"round={r} case=api_search samples={SAMPLES} p50_ms={stats['api']['p50'][-1]:.2f} p95_ms={stats['api']['p95'][-1]:.2f} "
            f"p99_ms={stats['api']['p99'][-1]:.2f} max_ms={lat[-1]:.2f} mean_calls_found={statistics.mean(found[-SAMPLES:]):.1f} "
            f"server_cpu_ms_per_search={m['server'] / SAMPLES * 1000:.2f} db_cpu_ms_per_search={m['db'] / SAMPLES * 1000:.2f} "
            f"others_cores={m['others'] / m['wall']:.2f} steal_cores={m['steal'] / m['wall']:.2f}")
        meter = Meter(server_pid, [])
        lat = sorted(sql_search(SAMPLES, f"r{r}"))
        m = meter.stop()
        for q in ("p50", "p95", "p99"):
            stats["sql"][q].append(percentile(lat, int(q[1:]) / 100))
        out(f"round={r} case=sql_search samples={len(lat)} p50_ms={stats['sql']['p50'][-1]:.2f} p95_ms={stats['sql']['p95'][-1]:.2f} "
            f"p99_ms={stats['sql']['p99'][-1]:.2f} max_ms={lat[-1]:.2f} machine_busy_cores={m['busy'] / m['wall']:.2f} steal_cores={m['steal'] / m['wall']:.2f}")
    journal1 = int(psql(f"SELECT count(*) FROM journal WHERE tenant_id = '{tenant}' AND type = 'calls.history.searched'"))
    out(f"search_journal entries_added={journal1 - journal0} (expected {ROUNDS * SAMPLES})")
    med = {c: {q: statistics.median(v) for q, v in stats[c].items()} for c in stats}
    for c in ("api", "sql"):
        out(f"median case={c}_search p50_ms={med[c]['p50']:.2f} p95_ms={med[c]['p95']:.2f} p99_ms={med[c]['p99']:.2f} "
            f"(p95 rounds: {' '.join(f'{x:.2f}' for x in stats[c]['p95'])})")
    return (f"HEADLINE search p95 over {rows:,} calls, {TENANTS} companies, one day of one company: API {med['api']['p95']:.1f} ms "
            f"(aim <= 100), SQL alone {med['sql']['p95']:.2f} ms, ratio api/sql p95 = {med['api']['p95'] / med['sql']['p95']:.1f}, "
            f"p50 {med['api']['p50']:.1f} / {med['sql']['p50']:.2f} ms")


# ---------------------------------------------------------------- main

def main():
    jar = sys.argv[1] if len(sys.argv) > 1 else "target/fortel.jar"
    work = tempfile.mkdtemp(prefix="fortel-calls.")
    os.chmod(work, 0o755)
    port = free_port()
    server, log, created = None, None, False
    try:
        if psql(f"SELECT count(*) FROM pg_database WHERE datname = '{DB}'", db="postgres") != "0":
            raise SystemExit(f"run.py: database {DB} exists; drop it or set DB=")
        subprocess.run(["createdb", DB], env=pg_env(), check=True)
        created = True
        env = dict(os.environ, FORTEL_DATA_DIR=f"{work}/data", FORTEL_PORT=str(port),
                   FORTEL_DB_URL=f"jdbc:postgresql://{PGHOST}:{PGPORT}/{DB}", FORTEL_DB_USER=PGUSER, FORTEL_DB_PASSWORD="",
                   FORTEL_DB_APP_ROLE=APP_ROLE, FORTEL_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(),
                   FORTEL_BOOTSTRAP_ADMIN_EMAIL=OPERATOR, FORTEL_BOOTSTRAP_ADMIN_PASSWORD=OPERATOR_PW)
        log = open(f"{work}/server.log", "w")
        cmd = [f"{JAVA_HOME}/bin/java"] + os.environ.get("SERVER_JAVA_OPTS", "").split() + ["-jar", jar]
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        api = Api(port)
        for _ in range(900):
            if server.poll() is not None:
                raise SystemExit(f"run.py: the server exited; see {work}/server.log (KEEP=1 keeps it)")
            try:
                if api.call("GET", "/actuator/health", want=(200, 503)).get("status") == "UP":
                    break
            except (OSError, http.client.HTTPException):
                api = Api(port)
            time.sleep(0.2)
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
        out(f"fortel jar={jar} machine nproc={os.cpu_count()} cpu=\"{cpu}\" kernel={os.uname().release} "
            f"java={JAVA_HOME} pg=\"{psql('SELECT version()').split(' on ')[0]}\" shared_buffers={psql('SHOW shared_buffers')} "
            f"bench={BENCH} rounds={ROUNDS} n={N} concurrencies={CONCURRENCIES} search_rows={SEARCH_ROWS} tenants={TENANTS} samples={SAMPLES}")

        op = api.call("POST", "/api/v1/auth/token", basic=f"{OPERATOR}:{OPERATOR_PW}")["token"]
        t = api.call("POST", "/api/v1/tenants", op, {"name": "Calls Bench", "owner_email": OWNER, "owner_name": "Anna Lee"})
        api.call("POST", "/api/v1/activation/" + t["activation_url"].rsplit("/", 1)[1], body={"password": OWNER_PW})
        owner = api.call("POST", "/api/v1/auth/token", basic=f"{OWNER}:{OWNER_PW}")["token"]
        tenant = api.call("GET", "/api/v1/me", owner)
        tenant = tenant.get("tenant_id") or tenant.get("tenant", {}).get("id")
        employees = [api.call("POST", "/api/v1/employees", owner, {"login": f"agent{i:02d}@calls.bench.test",
                                                                    "display_name": f"Agent {i:02d}"})["id"] for i in range(EMPLOYEES)]
        expires = iso(int(time.time()) + 7 * 86400)
        media = api.call("POST", "/api/v1/integration-tokens", owner, {"name": "Media layer", "scope": ["calls.ingest"],
                                                                       "expires_at": expires})["token"]
        say(f"company {tenant} with {EMPLOYEES} employees and a calls.ingest token")
        dids = [landline() for _ in range(4)]

        headlines = []
        if BENCH in ("both", "ingest"):
            headlines.append(bench_ingest(port, server.pid, tenant, media, employees, dids, work))
        if BENCH in ("both", "search"):
            headlines.append(bench_search(port, server.pid, tenant, owner, employees, work))
        for h in headlines:
            out(h)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        if log is not None:
            log.close()
        if os.environ.get("KEEP") != "1":
            if created:
                subprocess.run(["dropdb", "--if-exists", DB], env=pg_env())
                subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP ROLE IF EXISTS {APP_ROLE}"], env=pg_env())
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"kept database {DB}, role {APP_ROLE} and {work}")


if __name__ == "__main__":
    main()
