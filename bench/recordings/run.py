#!/usr/bin/env python3
"""Recording download benchmark: how fast a call recording comes back decrypted through the server, against a plain
read of a file of the same size from the same disk, measured in the same run.

Starts fortel.jar on a fresh data directory (embedded H2, self-signed TLS) and a free loopback port, creates a
company, an integration token with calls.ingest (the media layer), one call, and uploads a generated RIFF/WAVE PCM
file of SIZE_MB (16 kHz stereo 16-bit, noise) as its recording; the server encrypts it at rest (Tink streaming AEAD,
AES-256-GCM-HKDF, 1 MiB segments). Then, as the company owner:

  verify     one download link, the whole file read through it; its SHA-256 must equal the uploaded file's and the
             API's reported sha256 (the run stops otherwise)
  warm-up    WARMUP more downloads (a fresh JVM decrypts at pure-Java speed until C2 has compiled AES-GCM with its
             intrinsic, which takes a few hundred 1 MiB segments); the first download's rate is printed as "cold"
  rounds     ROUNDS rounds, each, back to back:
             plain_read      the uploaded WAV read in 1 MiB chunks (page cache warm, like the encrypted file)   <- baseline
             download_curl   a new download link, then GET with curl -k (HTTP/1.1, TLS 1.3), body to /dev/null
             download_py     a new download link, then GET with Python http.client, readinto a 1 MiB buffer
             tls_static      the same WAV served by `openssl s_server -WWW` with the server's TLS suite, fetched by curl:
                             TLS + loopback, no decryption, no Java
  split      DecryptRate.java (tink + protobuf jars taken from fortel.jar) decrypts a same-format file in a JVM, no
             HTTP/TLS, cold then warm; `openssl speed -evp aes-256-gcm` for what the CPU's AES-GCM can do

Headline: median(download_curl) / median(plain_read). Every phase prints MB/s (10^6 bytes per second) and CPU
seconds of the server (from /proc) and of the client; medians and ratios at the end.

Usage: bench/recordings/run.py [path/to/fortel.jar]
       env: SIZE_MB=200 ROUNDS=5 WARMUP=5 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 KEEP=1 (keep the temp dir and log)
Needs python3, curl, openssl, unzip. Stops the server and s_server it started and deletes its temp dir at the end.
"""
import hashlib
import http.client
import json
import os
import re
import resource
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import wave

SIZE_MB = int(os.environ.get("SIZE_MB", 200))
ROUNDS = int(os.environ.get("ROUNDS", 5))
WARMUP = int(os.environ.get("WARMUP", 5))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
OPERATOR, OPERATOR_PW = "operator@rec.bench.test", "Bench-Admin-Passphrase-2026"
OWNER, OWNER_PW = "chief@rec.bench.test", "Correct-Horse-Battery-2026"
CHUNK = 1 << 20
CLK = os.sysconf("SC_CLK_TCK")


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # loopback only, the server's own self-signed certificate
    return ctx


class Api:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=tls_context(), timeout=600, blocksize=CHUNK)

    def call(self, method, path, token=None, body=None, basic=None, want=(200, 201), headers=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        if basic:
            import base64
            h["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
        h.update(headers or {})
        if body is not None and not hasattr(body, "read"):
            body = json.dumps(body)
        self.conn.request(method, path, body=body, headers=h)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status not in want:
            raise SystemExit(f"run.py: HTTP {resp.status} for {method} {path}: {data[:400]!r}")
        return json.loads(data) if data else None


def cpu_of(pid):
    """utime+stime of a process (all threads), seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def make_wav(path, size):
    """A real RIFF/WAVE PCM file (16 kHz, stereo, 16-bit) of about `size` bytes of noise."""
    frames_total = (size - 44) // 4
    block = os.urandom(4 * 262144)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(16000)
        left = frames_total
        while left > 0:
            n = min(left, 262144)
            w.writeframesraw(block[:4 * n])
            left -= n
    return os.path.getsize(path)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while b := f.read(CHUNK):
            h.update(b)
    return h.hexdigest()


def plain_read(path):
    buf = bytearray(CHUNK)
    total = 0
    t0 = time.perf_counter()
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            total += n
    return total, time.perf_counter() - t0


def curl_get(url, token=None):
    cmd = ["curl", "-s", "-k", "--http1.1", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}", url]
    if token:
        cmd[1:1] = ["-H", "Authorization: Bearer " + token]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "200":
        raise SystemExit(f"run.py: curl got HTTP {out[0]} for {url}")
    return int(out[1]), float(out[2])


def py_get(port, path, token, digest=None):
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=tls_context(), timeout=600)
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    resp = conn.getresponse()
    if resp.status != 200:
        raise SystemExit(f"run.py: HTTP {resp.status} for GET {path}: {resp.read()[:300]!r}")
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    total = 0
    while n := resp.readinto(buf):
        total += n
        if digest is not None:
            digest.update(view[:n])
    secs = time.perf_counter() - t0
    cipher = conn.sock.cipher()
    conn.close()
    return total, secs, cipher


def main():
    jar = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/fortel.jar")
    here = os.path.dirname(os.path.abspath(__file__))
    work = tempfile.mkdtemp(prefix="fortel-rec.")
    port = free_port()
    env = dict(os.environ, FORTEL_DATA_DIR=f"{work}/data", FORTEL_PORT=str(port),
               FORTEL_BOOTSTRAP_ADMIN_EMAIL=OPERATOR, FORTEL_BOOTSTRAP_ADMIN_PASSWORD=OPERATOR_PW)
    log = open(f"{work}/server.log", "w")
    server = subprocess.Popen([f"{JAVA_HOME}/bin/java", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT)
    s_server = None
    try:
        wav = f"{work}/rec.wav"
        say(f"writing a {SIZE_MB} MB WAV")
        size = make_wav(wav, SIZE_MB * 1_000_000)
        wav_sha = sha256_file(wav)

        api = Api(port)
        for _ in range(900):
            try:
                if api.call("GET", "/actuator/health", want=(200, 503)).get("status") == "UP":
                    break
            except (OSError, http.client.HTTPException):
                api = Api(port)
            time.sleep(0.2)
        cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        jdk = subprocess.run([f"{JAVA_HOME}/bin/java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        print(f"fortel jar={jar} nproc={os.cpu_count()} cpu={cpu_model!r} jdk={jdk!r} kernel={os.uname().release} "
              f"file_bytes={size} data_dir_fs={os.stat(work).st_dev}")

        op = api.call("POST", "/api/v1/auth/token", basic=f"{OPERATOR}:{OPERATOR_PW}")["token"]
        tenant = api.call("POST", "/api/v1/tenants", op, {"name": "Recordings bench", "owner_email": OWNER, "owner_name": "Anna Lee"})
        api.call("POST", "/api/v1/activation/" + tenant["activation_url"].rsplit("/", 1)[1], body={"password": OWNER_PW})
        owner = api.call("POST", "/api/v1/auth/token", basic=f"{OWNER}:{OWNER_PW}")["token"]
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
        media = api.call("POST", "/api/v1/integration-tokens", owner,
                         {"name": "Media layer", "scope": ["calls.ingest"], "expires_at": expires})["token"]
        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7200))
        end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7200 + size // 64000))
        api.call("POST", "/api/v1/calls/batch", media, {"calls": [{
            "call_id": "bench-1", "direction": "outbound", "caller": "+74951234567", "callee": "+74957654321",
            "started_at": start, "answered_at": start, "ended_at": end, "disposition": "answered"}]})
        say("uploading")
        srv0, t0 = cpu_of(server.pid), time.perf_counter()
        with open(wav, "rb") as f:
            stored = api.call("PUT", "/api/v1/calls/bench-1/recording", media, body=f,
                              headers={"Content-Type": "audio/wav", "Content-Length": str(size)})
        up_secs, up_cpu = time.perf_counter() - t0, cpu_of(server.pid) - srv0
        enc = [os.path.join(d, n) for d, _, ns in os.walk(f"{work}/data/recordings") for n in ns if n.endswith(".rec")]
        enc_size = os.path.getsize(enc[0])
        print(f"upload MBps={size / 1e6 / up_secs:.1f} server_cpu_s={up_cpu:.2f} stored_bytes={enc_size} "
              f"overhead_bytes={enc_size - size} api_size={stored['size_bytes']}")

        def link():
            return api.call("POST", "/api/v1/calls/bench-1/recording/download-links", owner)["url"]

        # Correctness, once; this is also the cold (first) download.
        digest = hashlib.sha256()
        srv0 = cpu_of(server.pid)
        n, secs, cipher = py_get(port, link(), owner, digest)
        cold_cpu = cpu_of(server.pid) - srv0
        api_sha = api.call("GET", "/api/v1/calls/bench-1/recording", owner)["sha256"]
        ok = n == size and digest.hexdigest() == wav_sha == api_sha
        print(f"verify bytes={n} sha256_downloaded={digest.hexdigest()} sha256_uploaded={wav_sha} sha256_api={api_sha} ok={ok}")
        print(f"cold first_download_py MBps={n / 1e6 / secs:.1f} server_cpu_s={cold_cpu:.2f} tls={cipher[1]} {cipher[0]}")
        if not ok:
            raise SystemExit("run.py: the downloaded recording differs from the uploaded one")

        # A plain TLS server for the same file, with the suite the server negotiated.
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", f"{work}/k.pem", "-out", f"{work}/c.pem", "-days", "1", "-subj", "/CN=127.0.0.1"],
                       check=True, capture_output=True)
        tls_port = free_port()
        suite_opt = ["-ciphersuites", cipher[0]] if cipher[1] == "TLSv1.3" else ["-cipher", cipher[0]]
        s_server = subprocess.Popen(["openssl", "s_server", "-quiet", "-WWW", "-accept", f"127.0.0.1:{tls_port}",
                                     "-cert", f"{work}/c.pem", "-key", f"{work}/k.pem", *suite_opt],
                                    cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)

        for i in range(WARMUP):
            srv0 = cpu_of(server.pid)
            n, secs = curl_get(f"https://127.0.0.1:{port}{link()}", owner)
            say(f"warm-up {i + 1}/{WARMUP}: {n / 1e6 / secs:.1f} MB/s, server cpu {cpu_of(server.pid) - srv0:.2f} s")
        curl_get(f"https://127.0.0.1:{tls_port}/rec.wav")
        plain_read(wav)

        phases = ["plain_read", "download_curl", "download_py", "tls_static"]
        rates = {p: [] for p in phases}
        for r in range(ROUNDS):
            for p in phases:
                srv0, cli0, proc0 = cpu_of(server.pid), children_cpu(), time.process_time()
                ss0 = cpu_of(s_server.pid)
                if p == "plain_read":
                    n, secs = plain_read(wav)
                elif p == "download_curl":
                    n, secs = curl_get(f"https://127.0.0.1:{port}{link()}", owner)
                elif p == "download_py":
                    n, secs, _ = py_get(port, link(), owner)
                else:
                    n, secs = curl_get(f"https://127.0.0.1:{tls_port}/rec.wav")
                if n != size:
                    raise SystemExit(f"run.py: {p} read {n} bytes, expected {size}")
                mbps = n / 1e6 / secs
                rates[p].append(mbps)
                srv_cpu = (cpu_of(s_server.pid) - ss0) if p == "tls_static" else cpu_of(server.pid) - srv0
                cli_cpu = (children_cpu() - cli0) + (time.process_time() - proc0)
                print(f"round={r + 1} phase={p} MBps={mbps:.1f} secs={secs:.3f} server_cpu_s={srv_cpu:.2f} "
                      f"client_cpu_s={cli_cpu:.2f} cores_busy={(srv_cpu + cli_cpu) / secs:.2f}", flush=True)

        s_server.terminate()
        s_server.wait(10)
        s_server = None
        say("in-process split: DecryptRate.java")
        libs = f"{work}/libs"
        os.makedirs(libs)
        subprocess.run(["unzip", "-q", "-j", jar, "BOOT-INF/lib/tink-*.jar", "BOOT-INF/lib/protobuf-java-*.jar", "-d", libs], check=True)
        cp = ":".join(f"{libs}/{j}" for j in sorted(os.listdir(libs)))
        java_out = subprocess.run([f"{JAVA_HOME}/bin/java", "-cp", cp, f"{here}/DecryptRate.java", wav, f"{work}/rate.rec", "8"],
                                  capture_output=True, text=True, check=True).stdout
        print(java_out, end="")
        passes = [dict(kv.split("=") for kv in l.split() if "=" in kv) for l in java_out.splitlines() if "java_pass=" in l]
        warm = [float(p["java_decrypt_seekable_256k_MBps"]) for p in passes[-3:]]
        ossl = subprocess.run(["openssl", "speed", "-evp", "aes-256-gcm", "-seconds", "2", "-bytes", "16384"],
                              capture_output=True, text=True).stdout
        m = re.search(r"AES-256-GCM\s+([\d.]+)k", ossl)
        ossl_mbps = float(m.group(1)) * 1000 / 1e6 if m else float("nan")
        print(f"openssl_speed aes-256-gcm 16KiB MBps={ossl_mbps:.0f}")

        med = {p: statistics.median(v) for p, v in rates.items()}
        for p in phases:
            print(f"median phase={p} MBps={med[p]:.1f} (rounds: {' '.join(f'{x:.1f}' for x in rates[p])}) "
                  f"ratio_to_plain_read={med[p] / med['plain_read']:.3f}")
        print(f"split java_decrypt_warm_MBps={statistics.median(warm):.0f} java_decrypt_cold_MBps={float(passes[0]['java_decrypt_seekable_256k_MBps']):.0f} "
              f"download_curl/tls_static={med['download_curl'] / med['tls_static']:.3f}")
        print(f"HEADLINE download_curl/plain_read = {med['download_curl'] / med['plain_read']:.3f} "
              f"(download {med['download_curl']:.1f} MB/s, plain read {med['plain_read']:.1f} MB/s, median of {ROUNDS}) aim >= 0.5")
    finally:
        if s_server is not None:
            s_server.terminate()
            s_server.wait(10)
        server.terminate()
        server.wait(30)
        log.close()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"kept {work}")


if __name__ == "__main__":
    main()
