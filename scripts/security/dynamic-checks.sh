#!/usr/bin/env bash
# Dynamic security checks against a running Fortel on the embedded default (127.0.0.1 only):
#   1. testssl.sh: no protocol below TLS 1.2, no NULL/export/low/3DES/obsolete cipher, forward secrecy,
#      HSTS present;
#   2. sqlmap: the API's query parameters and JSON bodies, with a valid token: no injection found;
#   3. the server logged no unexpected failure (a 500) while being attacked.
# Exits 1 naming the finding. Usage: scripts/security/dynamic-checks.sh [path/to/fortel.jar]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${1:-$repo/target/fortel.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for tool in testssl sqlmap curl python3; do
  command -v "$tool" >/dev/null || { echo "dynamic checks: $tool is missing (apt-get install testssl.sh sqlmap curl python3)" >&2; exit 2; }
done
[ -r "$jar" ] || { echo "dynamic checks: no jar at $jar (./mvnw package first)" >&2; exit 2; }

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="https://127.0.0.1:$port"
admin="security-checks@fortel.test"
password="dynamic checks passphrase $RANDOM$RANDOM"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "DYNAMIC CHECK FAILED: $*" >&2; exit 1; }

echo "dynamic checks: starting $jar on $base"
FORTEL_DATA_DIR="$work/data" FORTEL_PORT="$port" FORTEL_BOOTSTRAP_ADMIN_EMAIL="$admin" FORTEL_BOOTSTRAP_ADMIN_PASSWORD="$password" \
  "$java" -jar "$jar" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 90); do
  curl -skf "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { tail -40 "$work/server.log" >&2; fail "the server did not start"; }
  sleep 1
done
curl -skf "$base/actuator/health" >/dev/null || fail "the server did not become healthy within 90 s"

# ---------------------------------------------------------------- 1. TLS
echo "dynamic checks: testssl.sh"
testssl --quiet --color 0 --warnings off -p -s -f -h --jsonfile "$work/testssl.json" "127.0.0.1:$port" > "$work/testssl.txt" 2>&1 || true
python3 - "$work/testssl.json" <<'PY' || fail "testssl.sh findings above"
import json, sys
findings = {f["id"]: f for f in json.load(open(sys.argv[1]))}
problems = []
def expect(fid, ok):
    f = findings.get(fid)
    if f is None:
        problems.append(f"{fid}: not reported")
    elif not ok(f["finding"]):
        problems.append(f"{fid}: {f['finding']}")
for old in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
    expect(old, lambda s: s.startswith("not offered"))
for weak in ("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA", "cipherlist_AVERAGE"):
    expect(weak, lambda s: s.startswith("not offered"))
expect("TLS1_2", lambda s: s.startswith("offered"))
expect("TLS1_3", lambda s: s.startswith("offered"))
expect("PFS", lambda s: s.startswith("offered"))
expect("HSTS_time", lambda s: "31536000" in s)
bad = [f for f in findings.values() if f["severity"] in ("MEDIUM", "HIGH", "CRITICAL")]
problems += [f"{f['id']} ({f['severity']}): {f['finding']}" for f in bad]
for p in problems:
    print("  testssl:", p)
print("  testssl: TLS 1.2/1.3 only, strong forward-secret ciphers, HSTS 1 year" if not problems else "")
sys.exit(1 if problems else 0)
PY

# ---------------------------------------------------------------- 2. SQL injection
echo "dynamic checks: sqlmap"
token="$(curl -sk -X POST -u "$admin:$password" "$base/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
auth="Authorization: Bearer $token"
company="$(curl -sk -H "$auth" -H 'Content-Type: application/json' -d '{"name": "Injection Target", "owner_email": "owner@injection.test"}' "$base/api/v1/tenants")"
owner_link="$(printf '%s' "$company" | python3 -c 'import json,sys; print(json.load(sys.stdin)["activation_url"].rsplit("/", 1)[1])')"
curl -sk -H 'Content-Type: application/json' -d "{\"password\": \"$password\"}" "$base/api/v1/activation/$owner_link" >/dev/null
owner_token="$(curl -sk -X POST -u "owner@injection.test:$password" "$base/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
owner_auth="Authorization: Bearer $owner_token"
employee="$(curl -sk -H "$owner_auth" -H 'Content-Type: application/json' -d '{"login": "target@injection.test", "display_name": "Target", "extension": "501"}' "$base/api/v1/employees" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"

sq() {
  local name="$1"; shift
  sqlmap "$@" --batch --threads 2 --flush-session --disable-coloring --output-dir="$work/sqlmap" > "$work/sqlmap-$name.txt" 2>&1 || true
  if grep -qE "identified the following injection point|is vulnerable" "$work/sqlmap-$name.txt"; then
    grep -A12 "identified the following injection point" "$work/sqlmap-$name.txt" >&2 || true
    fail "sqlmap found an injection in $name"
  fi
  grep -qE "do not appear to be injectable|does not seem to be injectable" "$work/sqlmap-$name.txt" \
    || { tail -20 "$work/sqlmap-$name.txt" >&2; fail "sqlmap did not complete its tests of $name"; }
  echo "  sqlmap: $name: no injection ($(grep -c 'does not seem to be injectable' "$work/sqlmap-$name.txt") parameters tested)"
}
sq "GET employees" -u "$base/api/v1/employees?q=target&status=active&limit=10" --headers="$owner_auth" --level 2 --risk 1
sq "GET journal" -u "$base/api/v1/journal?type=employee.created&actor=owner&from=2020-01-01&limit=10" --headers="$owner_auth" --level 2 --risk 1
sq "POST employees" -u "$base/api/v1/employees" --method POST --headers="$owner_auth
Content-Type: application/json" --data '{"login": "probe@injection.test", "display_name": "Probe", "extension": "777"}' --level 2 --risk 1
sq "PATCH employee" -u "$base/api/v1/employees/$employee" --method PATCH --headers="$owner_auth
Content-Type: application/merge-patch+json" --data '{"display_name": "Target", "mobile": "+74951234567"}' --level 2 --risk 1
sq "POST groups" -u "$base/api/v1/groups" --method POST --headers="$owner_auth
Content-Type: application/json" --data '{"name": "Probe group", "description": "probe"}' --level 2 --risk 1
sq "POST roles" -u "$base/api/v1/roles" --method POST --headers="$owner_auth
Content-Type: application/json" --data '{"code": "probe_role", "name": "Probe role", "description": "probe", "functions": [{"function": "employees.view", "scope": "tenant"}]}' --level 1 --risk 1
sq "GET role by code" -u "$base/api/v1/roles/admin*" --headers="$owner_auth" --level 1 --risk 1
sq "POST tenants" -u "$base/api/v1/tenants" --method POST --headers="$auth
Content-Type: application/json" --data '{"name": "Probe Co", "owner_email": "probe@probe.test", "owner_name": "Probe"}' --level 1 --risk 1

# ---------------------------------------------------------------- 3. no 500 under attack
if grep -qE "Unexpected failure|ERROR" "$work/server.log"; then
  grep -E "Unexpected failure|ERROR" "$work/server.log" | head -20 >&2
  fail "the server logged errors while under test"
fi
echo "dynamic checks: passed (TLS policy, no SQL injection, no server errors)"
