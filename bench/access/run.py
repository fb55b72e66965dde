#!/usr/bin/env python3
"""Access-model query benchmark: "who can access this employee" and the scoped journal, on a company of
10,000 employees in 200 groups with 5 levels of reporting lines, against GET /api/v1/me measured in the
same run as the baseline (the cheapest authenticated request: token lookup, account check, JSON).

Starts fortel.jar on a fresh data directory (embedded H2, self-signed TLS) and a free loopback port, builds
the company through the public API over one keep-alive HTTPS connection, then times sequential requests
(one client, so the figures are latencies, not throughput) in ROUNDS rounds and prints medians.

Usage: bench/access/run.py [path/to/fortel.jar]     (env: EMPLOYEES=10000 GROUPS=200 LEVELS=5 SAMPLES=60 ROUNDS=3)
"""
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

EMPLOYEES = int(os.environ.get("EMPLOYEES", 10_000))
GROUPS = int(os.environ.get("GROUPS", 200))
LEVELS = int(os.environ.get("LEVELS", 5))
SAMPLES = int(os.environ.get("SAMPLES", 60))
ROUNDS = int(os.environ.get("ROUNDS", 3))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
OPERATOR, OPERATOR_PW = "operator@access.bench.test", "Bench-Admin-Passphrase-2026"
OWNER, OWNER_PW = "chief@acme.access.test", "Bench-Owner-Passphrase-2026"
USER_PW = "Correct-Horse-Battery-2026"


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    """One keep-alive HTTPS connection to the server under test (its certificate is self-signed)."""

    def __init__(self, port):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # loopback only, the server's own self-signed certificate
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=60)

    def call(self, method, path, token=None, body=None, basic=None, want=(200, 201)):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        if basic:
            import base64
            headers["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status not in want:
            raise SystemExit(f"run.py: HTTP {resp.status} for {method} {path}: {data[:300]!r}")
        return json.loads(data) if data else None

    def timed(self, path, token):
        t0 = time.perf_counter()
        self.call("GET", path, token)
        return (time.perf_counter() - t0) * 1000


def main():
    jar = sys.argv[1] if len(sys.argv) > 1 else "target/fortel.jar"
    work = tempfile.mkdtemp(prefix="fortel-access.")
    port = free_port()
    env = dict(os.environ, FORTEL_DATA_DIR=f"{work}/data", FORTEL_PORT=str(port),
               FORTEL_BOOTSTRAP_ADMIN_EMAIL=OPERATOR, FORTEL_BOOTSTRAP_ADMIN_PASSWORD=OPERATOR_PW)
    log = open(f"{work}/server.log", "w")
    server = subprocess.Popen([f"{JAVA_HOME}/bin/java", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        api = Api(port)
        for _ in range(900):
            try:
                if api.call("GET", "/actuator/health", want=(200, 503)).get("status") == "UP":
                    break
            except (OSError, http.client.HTTPException):
                api = Api(port)
            time.sleep(0.2)
        print(f"fortel jar={jar} machine nproc={os.cpu_count()} kernel={os.uname().release}")

        op = api.call("POST", "/api/v1/auth/token", basic=f"{OPERATOR}:{OPERATOR_PW}")["token"]
        tenant = api.call("POST", "/api/v1/tenants", op, {"name": "Access Bench", "owner_email": OWNER, "owner_name": "Acme Chief"})
        api.call("POST", "/api/v1/activation/" + tenant["activation_url"].rsplit("/", 1)[1], body={"password": OWNER_PW})
        owner = api.call("POST", "/api/v1/auth/token", basic=f"{OWNER}:{OWNER_PW}")["token"]

        say(f"creating {GROUPS} groups and {EMPLOYEES} employees in {LEVELS} reporting levels")
        t0 = time.time()
        groups = [api.call("POST", "/api/v1/groups", owner, {"name": f"Group {g:03d}"})["id"] for g in range(GROUPS)]
        # A few groups carry roles, so paths through groups appear in the answers.
        for g, role in ((0, "admin"), (1, "supervisor"), (2, "auditor")):
            api.call("PUT", f"/api/v1/groups/{groups[g]}/roles", owner, {"roles": [role]})
        levels, made = [[None]], 0
        per_level = [1, 10, 100, 1000]
        for depth in range(LEVELS):
            size = per_level[depth] if depth < len(per_level) else EMPLOYEES - made
            ids = []
            for i in range(size):
                boss = levels[-1][i % len(levels[-1])]
                body = {"login": f"e{made:05d}@acme.access.test", "display_name": f"Employee {made:05d}",
                        "group_ids": [groups[made % GROUPS]], "roles": ["supervisor"] if depth < LEVELS - 1 else ["employee"]}
                if boss:
                    body["supervisor_id"] = boss
                ids.append(api.call("POST", "/api/v1/employees", owner, body)["id"])
                made += 1
            levels.append(ids)
        print(f"setup employees={made} groups={GROUPS} levels={LEVELS} wall_s={time.time() - t0:.0f}")

        # The top supervisor signs in (activation link) to read the journal scoped to all 9,999 below them.
        top = levels[1][0]
        link = api.call("POST", f"/api/v1/employees/{top}/activation-link", owner, {})
        api.call("POST", "/api/v1/activation/" + link["activation_url"].rsplit("/", 1)[1], body={"password": USER_PW})
        top_token = api.call("POST", "/api/v1/auth/token", basic=f"e00000@acme.access.test:{USER_PW}")["token"]
        leaf = levels[-1][-1]

        cases = [("me", "/api/v1/me", owner),
                 ("accessors_of_employee_first_page_100", f"/api/v1/employees/{leaf}/accessors", owner),
                 ("accessors_of_employee_page_1000", f"/api/v1/employees/{leaf}/accessors?limit=1000", owner),
                 ("functions_of_employee", f"/api/v1/employees/{leaf}/functions", owner),
                 ("journal_page_company", "/api/v1/journal?limit=50", owner),
                 ("journal_page_scoped_to_9999_subordinates", "/api/v1/journal?limit=50", top_token)]
        for name, path, token in cases:  # warm-up: JIT and caches
            for _ in range(max(5, SAMPLES // 3)):
                api.timed(path, token)
        medians = {name: [] for name, _, _ in cases}
        for r in range(ROUNDS):
            for name, path, token in cases:
                samples = [api.timed(path, token) for _ in range(SAMPLES)]
                m = statistics.median(samples)
                medians[name].append(m)
                p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
                print(f"round={r + 1} case={name} samples={SAMPLES} median_ms={m:.2f} p90_ms={p90:.2f}")
        me = statistics.median(medians["me"])
        for name in medians:
            m = statistics.median(medians[name])
            print(f"median case={name} median_ms={m:.2f} (rounds: {' '.join(f'{x:.2f}' for x in medians[name])}) ratio_to_me={m / me:.1f}")
        rows, cursor, pages = 0, None, 0
        t0 = time.perf_counter()
        while True:
            page = api.call("GET", f"/api/v1/employees/{leaf}/accessors?limit=1000" + (f"&cursor={cursor}" if cursor else ""), owner)
            rows, pages, cursor = rows + len(page["items"]), pages + 1, page.get("next_cursor")
            if not cursor:
                break
        print(f"check accessors_all_pages rows={rows} pages={pages} wall_ms={(time.perf_counter() - t0) * 1000:.0f} "
              "(every active employee holds employees.view; the owner and the admin group's members also employees.manage)")
    finally:
        server.terminate()
        server.wait(30)
        log.close()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
