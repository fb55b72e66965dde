#!/usr/bin/env python3
"""Two-factor gate benchmark: what the company's two-factor requirement costs every authenticated request.

Every API and console request passes identity.SecondFactorGate, which reads the company's sign-in policy and,
when the company requires a second factor, the caller's factors. This compares GET /api/v1/me (the cheapest
authenticated request) for the owner of a company with two-factor sign-in off against the owner of a company
that requires it of everyone (an authenticator app enrolled through the API, its codes computed here as RFC
6238 says), measured in the same run and interleaved request by request, so that the ratio is fair on a noisy
machine.

Starts fortel.jar on a fresh data directory (embedded H2, self-signed TLS) and a free loopback port; one
keep-alive HTTPS connection per case; sequential requests (latencies, not throughput); ROUNDS rounds of
SAMPLES requests per case; prints medians and the ratio.

Usage: bench/mfa/run.py [path/to/fortel.jar]     (env: SAMPLES=400 ROUNDS=5 WARMUP=2000)
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import time

SAMPLES = int(os.environ.get("SAMPLES", 400))
ROUNDS = int(os.environ.get("ROUNDS", 5))
WARMUP = int(os.environ.get("WARMUP", 2000))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
OPERATOR, OPERATOR_PW = "operator@mfa.bench.test", "Bench-Admin-Passphrase-2026"
OWNER_PW = "Correct-Horse-Battery-2026"


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(secret_b32, step):
    """RFC 6238 with HMAC-SHA-1, six digits (the server's parameters)."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


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


def company(api, op, name, owner):
    tenant = api.call("POST", "/api/v1/tenants", op, {"name": name, "owner_email": owner, "owner_name": "Anna Lee"})
    api.call("POST", "/api/v1/activation/" + tenant["activation_url"].rsplit("/", 1)[1], body={"password": OWNER_PW})
    return api.call("POST", "/api/v1/auth/token", basic=f"{owner}:{OWNER_PW}")["token"]


def main():
    jar = sys.argv[1] if len(sys.argv) > 1 else "target/fortel.jar"
    work = tempfile.mkdtemp(prefix="fortel-mfa.")
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

        off = company(api, op, "Two-factor off", "chief@off.mfa.bench.test")
        required = company(api, op, "Two-factor required", "chief@req.mfa.bench.test")
        setup = api.call("POST", "/api/v1/me/second-factors/totp", required, {"label": "Bench phone"})
        step = int(time.time()) // 30
        api.call("POST", f"/api/v1/me/second-factors/{setup['id']}/confirm", required, {"code": totp(setup["secret"], step)})
        policy = api.call("PATCH", "/api/v1/security-settings", required, {"two_factor": {"required": "everyone"}})
        assert policy["two_factor"]["required"] == "everyone"
        assert api.call("GET", "/api/v1/me/second-factors", required)["required"] is True

        cases = [("me_two_factor_off", off), ("me_two_factor_required_with_app", required)]
        conns = {name: Api(port) for name, _ in cases}
        for _ in range(WARMUP):  # warm-up: JIT, caches, connections
            for name, token in cases:
                conns[name].timed("/api/v1/me", token)
        medians = {name: [] for name, _ in cases}
        for r in range(ROUNDS):
            # Interleaved, one request of each case in turn: a noisy neighbour slows both alike.
            taken = {name: [] for name, _ in cases}
            for _ in range(SAMPLES):
                for name, token in cases:
                    taken[name].append(conns[name].timed("/api/v1/me", token))
            for name, _ in cases:
                samples = taken[name]
                m = statistics.median(samples)
                medians[name].append(m)
                p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
                print(f"round={r + 1} case={name} samples={SAMPLES} median_ms={m:.3f} p90_ms={p90:.3f}")
        base = statistics.median(medians["me_two_factor_off"])
        for name in medians:
            m = statistics.median(medians[name])
            print(f"median case={name} median_ms={m:.3f} (rounds: {' '.join(f'{x:.3f}' for x in medians[name])}) ratio_to_off={m / base:.2f}")
    finally:
        server.terminate()
        server.wait(30)
        log.close()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
