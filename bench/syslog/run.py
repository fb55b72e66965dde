#!/usr/bin/env python3
"""Syslog delivery benchmark: how fast the journal reaches a real rsyslog over TLS, beside a plain TLS sender of the
same bytes measured in the same run.

Creates its own PostgreSQL database (DB, dropped at the end with the application role APP_ROLE it created) and
starts fortel.jar on it on a free loopback port. Through the API it creates a company; then it appends N journal
events of that company with SQL (realistic rows: sign-ins, failures, employee changes with before/after, ~600
bytes each, as the PostgreSQL anchor's rows), so the measurement is delivery alone, not journal writes. It starts
rsyslog (rsyslog-gnutls, imtcp over TLS with a throw-away CA made by openssl, omfile of %rawmsg%) on another
loopback port, as the SIEM would run it.

Each round adds a syslog target (TLS, the CA pinned in ca_pem, every event, from_beginning) to a freshly started
rsyslog and times from the API call to the last of the N events written by rsyslog; the target is then removed.
Baseline, same round: the very messages rsyslog wrote are framed again (octet counting) and sent by Python's ssl
(OpenSSL) over one TLS connection to the same rsyslog, timed to the last line written: the receiver's and TLS's
cost without Fortel. The headline is Fortel's rate, with its ratio to that baseline.

Usage: bench/syslog/run.py [path/to/fortel.jar]
Env: N=200000 ROUNDS=3 DB=fortel_bench_syslog APP_ROLE=fortel_bench_syslog_app PGHOST=127.0.0.1 PGPORT=5432
     PGUSER=postgres JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 KEEP=1 (keeps the database and the temp dir)
"""
import base64
import http.client
import json
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

N = int(os.environ.get("N", 200_000))
ROUNDS = int(os.environ.get("ROUNDS", 3))
DB = os.environ.get("DB", "fortel_bench_syslog")
APP_ROLE = os.environ.get("APP_ROLE", "fortel_bench_syslog_app")
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGPORT = os.environ.get("PGPORT", "5432")
PGUSER = os.environ.get("PGUSER", "postgres")
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
OPERATOR, OPERATOR_PW = "operator@syslog.bench.test", "Bench-Admin-Passphrase-2026"
OWNER, OWNER_PW = "owner@syslog.bench.test", "Correct-Horse-Battery-2026"
CLK = os.sysconf("SC_CLK_TCK")


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def out(line):
    print(line, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_env():
    env = dict(os.environ, PGHOST=PGHOST, PGPORT=PGPORT, PGUSER=PGUSER)
    env.pop("PGOPTIONS", None)
    return env


def psql(sql, db=None):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", db or DB, "-c", sql], env=pg_env(),
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"run.py: psql failed ({sql[:120]}...): {r.stderr.strip()}")
    return r.stdout.strip()


def proc_cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK
    except OSError:
        return 0.0


class Api:
    def __init__(self, port):
        self.port = port
        self.connect()

    def connect(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # loopback only, the server's own self-signed certificate
        self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=120)

    def call(self, method, path, token=None, body=None, basic=None, want=(200, 201, 204)):
        try:
            return self.once(method, path, token, body, basic, want)
        except (http.client.RemoteDisconnected, ConnectionError):
            self.connect()  # the server closed the idle keep-alive connection
            return self.once(method, path, token, body, basic, want)

    def once(self, method, path, token, body, basic, want):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        if basic:
            headers["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status not in want:
            raise SystemExit(f"run.py: HTTP {resp.status} for {method} {path}: {data[:400]!r}")
        return json.loads(data) if data else None


class Rsyslog:
    """A private rsyslogd with imtcp over TLS (gtls) writing each message as received, one per line."""

    def __init__(self, work):
        self.work, self.port, self.proc = work, free_port(), None
        tls = f"{work}/tls"
        os.makedirs(tls, exist_ok=True)
        run = lambda *a: subprocess.run(list(a), check=True, capture_output=True)
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{tls}/ca.key",
            "-out", f"{tls}/ca.pem", "-days", "2", "-subj", "/CN=bench syslog CA")
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{tls}/server.key",
            "-out", f"{tls}/server.csr", "-subj", "/CN=127.0.0.1")
        with open(f"{tls}/ext", "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\n")
        run("openssl", "x509", "-req", "-in", f"{tls}/server.csr", "-CA", f"{tls}/ca.pem", "-CAkey", f"{tls}/ca.key", "-CAcreateserial",
            "-out", f"{tls}/server.pem", "-days", "2", "-extfile", f"{tls}/ext")
        self.ca = open(f"{tls}/ca.pem").read()

    def start(self, name):
        self.output = f"{self.work}/{name}.log"
        conf = f"{self.work}/{name}.conf"
        with open(conf, "w") as f:
            f.write(f'global(workDirectory="{self.work}" maxMessageSize="64k" DefaultNetstreamDriverCAFile="{self.work}/tls/ca.pem" '
                    f'DefaultNetstreamDriverCertFile="{self.work}/tls/server.pem" DefaultNetstreamDriverKeyFile="{self.work}/tls/server.key")\n'
                    f'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")\n'
                    f'input(type="imtcp" port="{self.port}" address="127.0.0.1")\n'
                    f'template(name="raw" type="string" string="%rawmsg%\\n")\n'
                    f'action(type="omfile" file="{self.output}" template="raw")\n')
        self.proc = subprocess.Popen(["rsyslogd", "-n", "-f", conf, "-i", f"{self.work}/{name}.pid"],
                                     stdout=open(f"{self.work}/{name}.out", "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("run.py: rsyslogd did not start; see " + f"{self.work}/{name}.out")

    def lines(self):
        try:
            with open(self.output, "rb") as f:
                return f.read().count(b"\n")
        except OSError:
            return 0

    def first_line(self, limit=60):
        """When the first message arrived (polled every 10 ms) and how many had by then."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < limit:
            c = self.lines()
            if c > 0:
                return time.time(), c
            time.sleep(0.01)
        raise SystemExit("run.py: nothing arrived at rsyslog")

    def wait_for(self, n, limit=600):
        t0 = time.perf_counter()
        last, last_change = -1, time.perf_counter()
        while True:
            c = self.lines()
            now = time.perf_counter()
            if c != last:
                last, last_change = c, now
            if c >= n:
                return os.stat(self.output).st_mtime
            if now - last_change > 30 or now - t0 > limit:
                raise SystemExit(f"run.py: rsyslog has {c} of {n} lines after {now - t0:.0f} s")
            time.sleep(0.05)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


def fill_journal(tenant, n):
    """N events of the company after its last one: each with actor, address, user agent and details, ~600 bytes."""
    head = int(psql(f"SELECT last_seq FROM journal_heads WHERE tenant_id = '{tenant}'"))
    psql(f"""
        INSERT INTO journal (tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip, actor_user_agent,
            actor_session, target_kind, target_id, target_name, details, prev_hash, hash)
        SELECT '{tenant}', {head} + g, gen_random_uuid(), now() - interval '1 hour' + g * interval '1 millisecond',
            (ARRAY['auth.login.succeeded', 'auth.login.failed', 'employee.updated', 'calls.history.searched'])[1 + g % 4],
            CASE WHEN g % 4 = 1 THEN 'FAILURE' ELSE 'SUCCESS' END, gen_random_uuid(), 'Анна Иванова ' || (g % 500),
            '203.0.113.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
            md5(g::text), 'employee', gen_random_uuid()::text, 'anna' || (g % 500) || '@acme.example',
            '{{"after":{{"display_name":"Анна Иванова","extension":"' || (100 + g % 900) || '","groups":["Sales","Support"]}},'
              || '"before":{{"display_name":"Анна Петрова","extension":"' || (100 + g % 900) || '","groups":["Sales"]}},"login":"anna'
              || (g % 500) || '@acme.example","method":"password_form"}}',
            encode(sha256(('p' || g)::bytea), 'hex'), encode(sha256(('h' || g)::bytea), 'hex')
        FROM generate_series(1, {n}) AS g;
        UPDATE journal_heads SET last_seq = {head} + {n} WHERE tenant_id = '{tenant}';""")
    psql("VACUUM (ANALYZE) journal")  # as autovacuum would have by then: plans from real statistics
    return head + n


def raw_send(rs, lines_file, expect):
    """Baseline: the same messages, octet-counted, over one TLS connection from Python (OpenSSL)."""
    with open(lines_file, "rb") as f:
        msgs = [l for l in f.read().split(b"\n") if l]
    payload = b"".join(str(len(m)).encode() + b" " + m for m in msgs)
    ctx = ssl.create_default_context(cadata=rs.ca)
    ctx.check_hostname = False  # the certificate names 127.0.0.1 as an IP SAN; the CA check stays
    t0 = time.time()
    c0 = proc_cpu(rs.proc.pid)
    with socket.create_connection(("127.0.0.1", rs.port)) as raw, ctx.wrap_socket(raw) as s:
        view = memoryview(payload)
        for i in range(0, len(view), 1 << 20):
            s.sendall(view[i:i + (1 << 20)])
        try:
            s.unwrap()  # close_notify; rsyslog closes without answering one, which is no loss here
        except (ssl.SSLError, OSError):
            pass
    end = rs.wait_for(expect)
    return len(msgs) / (end - t0), proc_cpu(rs.proc.pid) - c0, len(payload)


def main():
    jar = sys.argv[1] if len(sys.argv) > 1 else "target/fortel.jar"
    work = tempfile.mkdtemp(prefix="fortel-syslog.")
    port = free_port()
    server, log, created, rs = None, None, False, None
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
        server = subprocess.Popen([f"{JAVA_HOME}/bin/java", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT)
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
        rsv = subprocess.run(["rsyslogd", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
        out(f"fortel jar={jar} machine nproc={os.cpu_count()} cpu=\"{cpu}\" kernel={os.uname().release} java={JAVA_HOME} "
            f"pg=\"{psql('SELECT version()').split(' on ')[0]}\" rsyslog=\"{rsv}\" n={N} rounds={ROUNDS}")
        op = api.call("POST", "/api/v1/auth/token", basic=f"{OPERATOR}:{OPERATOR_PW}")["token"]
        t = api.call("POST", "/api/v1/tenants", op, {"name": "Syslog Bench", "owner_email": OWNER, "owner_name": "Anna Lee"})
        api.call("POST", "/api/v1/activation/" + t["activation_url"].rsplit("/", 1)[1], body={"password": OWNER_PW})
        owner = api.call("POST", "/api/v1/auth/token", basic=f"{OWNER}:{OWNER_PW}")["token"]
        tenant = t["id"]
        say(f"appending {N} journal events with SQL")
        fill_journal(tenant, N)
        rs = Rsyslog(work)
        fortel_rates, raw_rates, sustained_rates = [], [], []
        for r in range(1, ROUNDS + 1):
            rs.start(f"round{r}")
            # Everything from the beginning: the N events plus the company's own (creation, sign-ins, target changes).
            expect = int(psql(f"SELECT last_seq FROM journal_heads WHERE tenant_id = '{tenant}'")) + 1
            s0, c0 = proc_cpu(server.pid), proc_cpu(rs.proc.pid)
            t0 = time.time()
            target = api.call("POST", "/api/v1/journal/syslog-targets", owner, {"name": f"Bench {r}", "host": "127.0.0.1", "port": rs.port,
                                                                                "transport": "tls", "ca_pem": rs.ca, "from_beginning": True})
            first, first_count = rs.first_line()
            end = rs.wait_for(expect)
            rate = expect / (end - t0)
            sustained = (expect - first_count) / (end - first)
            server_cpu, rs_cpu = proc_cpu(server.pid) - s0, proc_cpu(rs.proc.pid) - c0
            state = api.call("GET", f"/api/v1/journal/syslog-targets/{target['id']}", owner)["delivery"]
            api.call("DELETE", f"/api/v1/journal/syslog-targets/{target['id']}", owner)
            size = os.path.getsize(rs.output)
            out(f"round={r} phase=fortel msgs={expect} secs={end - t0:.2f} msgs_per_s={rate:.0f} mb_per_s={size / (end - t0) / 1e6:.1f} "
                f"avg_msg_bytes={size / expect:.0f} server_cpu_us_per_msg={server_cpu / expect * 1e6:.1f} rsyslog_cpu_us_per_msg={rs_cpu / expect * 1e6:.1f} "
                f"delivered={state['delivered']} state={state['state']} first_after_s={first - t0:.2f} sustained_msgs_per_s={sustained:.0f}")
            lines_file = rs.output
            rs.stop()
            rs.start(f"round{r}-raw")
            raw_rate, raw_cpu, payload = raw_send(rs, lines_file, expect)
            rs.stop()
            out(f"round={r} phase=raw_tls_send msgs={expect} msgs_per_s={raw_rate:.0f} rsyslog_cpu_us_per_msg={raw_cpu / expect * 1e6:.1f} "
                f"bytes={payload}")
            out(f"round={r} ratio fortel/raw={rate / raw_rate:.3f}")
            fortel_rates.append(rate)
            sustained_rates.append(sustained)
            raw_rates.append(raw_rate)
        ratios = [f / r for f, r in zip(fortel_rates, raw_rates)]
        out(f"median phase=fortel msgs_per_s={statistics.median(fortel_rates):.0f} (rounds: {' '.join(f'{x:.0f}' for x in fortel_rates)})")
        out(f"median phase=fortel_sustained msgs_per_s={statistics.median(sustained_rates):.0f} (rounds: {' '.join(f'{x:.0f}' for x in sustained_rates)})")
        out(f"median phase=raw_tls_send msgs_per_s={statistics.median(raw_rates):.0f} (rounds: {' '.join(f'{x:.0f}' for x in raw_rates)})")
        out(f"HEADLINE syslog over TLS to rsyslog = {statistics.median(fortel_rates):.0f} msgs/s (median of {ROUNDS}; aim >= 20000), "
            f"ratio to a raw TLS sender of the same bytes = {statistics.median(ratios):.3f} (rounds: {' '.join(f'{x:.3f}' for x in ratios)})")
    finally:
        if rs is not None:
            rs.stop()
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
