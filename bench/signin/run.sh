#!/usr/bin/env bash
# Fortel sign-in benchmark: password sign-ins/s through POST /api/v1/auth/token against the raw
# Argon2id hash rate with the same parameters and the same library, measured in the same run, plus
# authenticated GET /api/v1/me requests/s. See docs/benchmarks.md.
#
#   bench/signin/run.sh [path/to/fortel.jar]
#
# 1. uses the given jar (argument or JAR=...) as is; without one, target/fortel.jar of this repository,
#    built with ./mvnw -q -B package -DskipTests only if it is missing
# 2. starts the server on a fresh temporary data dir (embedded H2) and a free loopback port
# 3. creates one company (as the bootstrap operator) and NUSERS employees with passwords, via the API
# 4. warms up, then per round: wrk on POST /api/v1/auth/token (token.lua, rotating users, non-201 =
#    error) at each of CONCURRENCIES; wrk on GET /api/v1/me with one bearer token (me.lua, c=ME_C);
#    raw Argon2id with Bouncy Castle (Argon2Rate.java; the bcprov jar is taken out of fortel.jar, so it
#    is byte for byte the library the server hashes with), 1 and 2 threads, after a warm-up
# 5. samples the server's CPU (/proc/<pid>/stat), the load generator's and the whole machine's during
#    every phase; waits (bounded) for the machine to be idle before each measured phase
# 6. stops the server, cross-checks the database (stored hash parameters, tokens issued, journal
#    entries), prints one line per phase and the headline ratio (median over rounds)
#    signins_per_s(best c) / argon2_hashes_per_s(2 threads)
# Only processes this script started are stopped; its temporary directory is deleted on exit.
#
# Env knobs [defaults]: JAR [target/fortel.jar] JAVA_HOME [temurin 25 if present, else java on PATH]
#   NUSERS [100] WARMUP [10] DURATION [20] CONCURRENCIES ["2 4 8"] ME_C [8] ME_DURATION [$DURATION]
#   ROUNDS [3] ARGON_WARMUP [5] ARGON_SECS [15] IDLE_WAIT [180] IDLE_MAX_CORES [0.25] PORT [free port]
#   ARGON2_MEMORY_KIB [19456] ARGON2_ITERATIONS [2] ARGON2_PARALLELISM [1] (passed to the server too)
#   SERVER_JAVA_OPTS [""] SUMMARY_FILE [none: also write the summary lines there] KEEP [0: 1 keeps the temp dir]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
NUSERS="${NUSERS:-100}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-20}"
CONCURRENCIES="${CONCURRENCIES:-2 4 8}"
ME_C="${ME_C:-8}"
ME_DURATION="${ME_DURATION:-$DURATION}"
ROUNDS="${ROUNDS:-3}"
ARGON_WARMUP="${ARGON_WARMUP:-5}"
ARGON_SECS="${ARGON_SECS:-15}"
IDLE_WAIT="${IDLE_WAIT:-180}"
IDLE_MAX_CORES="${IDLE_MAX_CORES:-0.25}"
ARGON2_MEMORY_KIB="${ARGON2_MEMORY_KIB:-19456}"
ARGON2_ITERATIONS="${ARGON2_ITERATIONS:-2}"
ARGON2_PARALLELISM="${ARGON2_PARALLELISM:-1}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-}"
SUMMARY_FILE="${SUMMARY_FILE:-}"
KEEP="${KEEP:-0}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -n "${JAVA_HOME:-}" ]; then export JAVA_HOME; JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
else JAVA="$(command -v java)"; JAVAC="$(command -v javac)"; fi

OPERATOR_EMAIL='operator@bench.test'
OPERATOR_PW='Bench-Admin-Passphrase-2026'      # must not contain "operator"
OWNER_EMAIL='chief@acme.bench.test'     # the password must not contain the login's local part nor a word of the name
OWNER_PW='Bench-Owner-Passphrase-2026'
USER_PREFIX='bench-user-'
USER_DOMAIN='acme.bench.test'
USER_PW='Correct-Horse-Battery-2026'
HZ="$(getconf CLK_TCK)"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }
rec() { echo "$*"; if [ -n "$SUMMARY_FILE" ]; then echo "$*" >> "$SUMMARY_FILE"; fi; }
calc() { echo "$*" | bc -l; }
fmt() { printf "%.${2:-2}f" "$1"; }
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<< "$2"; }   # value of key $1 in a key=value line
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {if (NR==0) print 0; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# ---------------------------------------------------------------- tools and jar
for t in curl jq bc awk unzip ss; do command -v "$t" >/dev/null 2>&1 || die "missing tool: $t"; done
[ -x "$JAVA" ] || die "no java (set JAVA_HOME)"
if ! command -v wrk >/dev/null 2>&1; then
  say "wrk is missing: installing it with apt-get"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q wrk >&2
fi

JAR="${1:-${JAR:-}}"
if [ -n "$JAR" ]; then
  [ -f "$JAR" ] || die "no such jar: $JAR"
else
  JAR="$REPO/target/fortel.jar"
  if [ ! -f "$JAR" ]; then
    say "building $JAR (./mvnw -q -B package -DskipTests)"
    (cd "$REPO" && ./mvnw -q -B package -DskipTests) >&2
  fi
fi
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fortel-signin.XXXXXX")"
SERVER_PID=""
LOG="$WORK/server.log"
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping the server (pid $SERVER_PID)"
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then kill -9 "$SERVER_PID" 2>/dev/null || true; fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  local rc=$?
  set +e
  stop_server
  if [ "$rc" != 0 ] && [ -f "$LOG" ]; then
    echo "run.sh failed (exit $rc); last server log lines:" >&2; tail -25 "$LOG" >&2
  fi
  if [ "$KEEP" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Bouncy Castle: the very jar inside fortel.jar (what Argon2PasswordEncoder calls in the server)
BC_ENTRY="$(unzip -Z1 "$JAR" | grep -m1 '^BOOT-INF/lib/bcprov-jdk18on-.*\.jar$' || true)"
[ -n "$BC_ENTRY" ] || die "$JAR has no BOOT-INF/lib/bcprov-jdk18on-*.jar"
H2_ENTRY="$(unzip -Z1 "$JAR" | grep -m1 '^BOOT-INF/lib/h2-.*\.jar$' || true)"
mkdir -p "$WORK/lib" "$WORK/classes" "$WORK/data"
unzip -q -j -o "$JAR" "$BC_ENTRY" ${H2_ENTRY:+"$H2_ENTRY"} -d "$WORK/lib"
BCJAR="$WORK/lib/$(basename "$BC_ENTRY")"
H2JAR="${H2_ENTRY:+$WORK/lib/$(basename "$H2_ENTRY")}"
"$JAVAC" -nowarn -cp "$BCJAR" -d "$WORK/classes" "$HERE/Argon2Rate.java"

# ---------------------------------------------------------------- CPU accounting
sys_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }   # machine busy jiffies, incl. steal
steal_ticks() { awk '/^cpu /{print $9}' /proc/stat; }   # time the hypervisor gave our vCPUs to someone else
pid_ticks() { if [ -r "/proc/$1/stat" ]; then awk '{print $14+$15}' "/proc/$1/stat"; else echo 0; fi; }
pid_sys_ticks() { if [ -r "/proc/$1/stat" ]; then awk '{print $15}' "/proc/$1/stat"; else echo 0; fi; }   # kernel time only
child_ticks() { awk '{print $16+$17}' "/proc/$$/stat"; }   # CPU of this shell's finished children (wrk, java)
now() { date +%s.%N; }
# the server's CPU jiffies by thread group: "gc jit http". Thread names are cut to 15 characters by the
# kernel: "GC Thread#0", "G1 Conc#0", "VM Thread" = gc; "C2 CompilerThre" = jit; "https-jsse-nio-" =
# Tomcat's request threads (and its poller). Threads that ended during a phase are missed here, so the
# rest of the process's CPU is reported as "other".
thread_split() {
  local d
  [ -n "$SERVER_PID" ] && [ -d "/proc/$SERVER_PID/task" ] || { echo "0 0 0"; return; }
  for d in /proc/"$SERVER_PID"/task/*; do
    printf '%s\t%s\n' "$(cat "$d/comm" 2>/dev/null)" "$(sed 's/.*) //' "$d/stat" 2>/dev/null | awk '{print $12+$13}')"
  done | awk -F'\t' '$1 ~ /^(GC Thread|G1 |VM Thread)/ {g += $2; next} $1 ~ /Compiler/ {j += $2; next}
                      $1 ~ /^https?-/ {h += $2} END {print g+0, j+0, h+0}'
}
# cores used by processes other than the server, over $1 seconds
others_busy() {
  local a b sa sb
  a=$(sys_ticks); sa=$(pid_ticks "$SERVER_PID"); sleep "$1"; b=$(sys_ticks); sb=$(pid_ticks "$SERVER_PID")
  calc "x = ($b - $a - ($sb - $sa)) / $HZ / $1; if (x < 0) x = 0; x"
}
# other workloads on a shared box distort everything: wait (bounded) until they use < IDLE_MAX_CORES
wait_idle() {
  local busy waited=0
  while :; do
    busy=$(others_busy 3)
    if (( $(calc "$busy < $IDLE_MAX_CORES") )); then fmt "$busy"; return 0; fi
    if (( waited >= IDLE_WAIT )); then
      say "WARNING: machine still busy ($(fmt "$busy") cores used by others) after ${IDLE_WAIT}s; measuring anyway"
      fmt "$busy"; return 0
    fi
    say "machine busy ($(fmt "$busy") cores by others: $(ps -eo pcpu,comm --sort=-pcpu | sed -n 2,4p | awk '{printf "%s(%s%%) ", $2, $1}')); waiting"
    sleep 7; waited=$((waited + 10))
  done
}
# phase bracket: phase_begin; <run something in this shell>; phase_end -> sets PH_* for the phase
phase_begin() {
  read -r P_GC0 P_JIT0 P_HTTP0 < <(thread_split)
  P_T0=$(now); P_SYS0=$(sys_ticks); P_ST0=$(steal_ticks); P_SRV0=$(pid_ticks "$SERVER_PID"); P_CH0=$(child_ticks)
  P_SRVK0=$(pid_sys_ticks "$SERVER_PID")
}
phase_end() {
  local t1 sys1 st1 srv1 ch1 wall gc1 jit1 http1
  t1=$(now); sys1=$(sys_ticks); st1=$(steal_ticks); srv1=$(pid_ticks "$SERVER_PID"); ch1=$(child_ticks)
  read -r gc1 jit1 http1 < <(thread_split)
  PH_SRV_KERNEL_SHARE=$(calc "($(pid_sys_ticks "$SERVER_PID") - $P_SRVK0) / ($srv1 - $P_SRV0 + 0.000001)")
  PH_SRV_TICKS=$((srv1 - P_SRV0)); PH_GC_TICKS=$((gc1 - P_GC0)); PH_JIT_TICKS=$((jit1 - P_JIT0)); PH_HTTP_TICKS=$((http1 - P_HTTP0))
  wall=$(calc "$t1 - $P_T0")
  PH_SERVER=$(calc "($srv1 - $P_SRV0) / $HZ / $wall")
  PH_CLIENT=$(calc "($ch1 - $P_CH0) / $HZ / $wall")
  PH_MACHINE=$(calc "($sys1 - $P_SYS0) / $HZ / $wall")
  PH_STEAL=$(calc "($st1 - $P_ST0) / $HZ / $wall")
  PH_OTHERS=$(calc "$PH_MACHINE - $PH_SERVER - $PH_CLIENT")
  if (( $(calc "$PH_OTHERS < 0") )); then PH_OTHERS=0; fi
}
rss_mib() { awk '/VmRSS/{print int($2/1024)}' "/proc/$SERVER_PID/status"; }

# ---------------------------------------------------------------- start the server
pick_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Htan "sport = :$p")" ]; then echo "$p"; return 0; fi
  done
  die "no free port found"
}
PORT="${PORT:-$(pick_port)}"
[ -z "$(ss -Htln "sport = :$PORT")" ] || die "something already listens on port $PORT"
BASE="https://127.0.0.1:$PORT"

say "starting $(basename "$JAR") on $BASE, data dir $WORK/data"
T0=$(now)
# shellcheck disable=SC2086
FORTEL_DATA_DIR="$WORK/data" FORTEL_PORT="$PORT" \
FORTEL_BOOTSTRAP_ADMIN_EMAIL="$OPERATOR_EMAIL" FORTEL_BOOTSTRAP_ADMIN_PASSWORD="$OPERATOR_PW" \
FORTEL_ARGON2_MEMORY_KIB="$ARGON2_MEMORY_KIB" FORTEL_ARGON2_ITERATIONS="$ARGON2_ITERATIONS" \
FORTEL_ARGON2_PARALLELISM="$ARGON2_PARALLELISM" \
  "$JAVA" $SERVER_JAVA_OPTS -jar "$JAR" > "$LOG" 2>&1 &
SERVER_PID=$!
ready=""
for _ in $(seq 1 900); do   # at most ~3 minutes
  if [ "$(curl -sk --max-time 2 "$BASE/actuator/health" 2>/dev/null | jq -r .status 2>/dev/null || true)" = UP ]; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
[ -n "$ready" ] || die "the server did not become ready (log: $LOG)"
STARTUP_S=$(calc "$(now) - $T0")

rec "fortel jar=$JAR sha256=$(sha256sum "$JAR" | cut -c1-16) java=$("$JAVA" -version 2>&1 | head -1 | tr -d '"') server_java_opts='${SERVER_JAVA_OPTS}'"
rec "machine nproc=$(nproc) cpu='$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')' mem_gib=$(free -g | awk '/Mem:/{print $2}') os='$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}")' kernel=$(uname -r) wrk='$(wrk -v 2>&1 | head -1)'"
rec "startup wall_s=$(fmt "$STARTUP_S" 1) (launch -> /actuator/health UP) pid=$SERVER_PID rss_mib=$(rss_mib) port=$PORT"

# ---------------------------------------------------------------- setup through the API
# call EXPECTED_CODE_REGEX curl-args... : prints the body, fails on any other status
call() {
  local want=$1 code; shift
  code=$(curl -sk -o "$WORK/resp" -w '%{http_code}' "$@") || die "curl failed: $*"
  [[ "$code" =~ ^($want)$ ]] || die "HTTP $code (wanted $want) for: ${*: -1}: $(head -c 400 "$WORK/resp")"
  cat "$WORK/resp"
}
json() { call "$1" -X "$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' -d "$4" "$BASE$5"; }
signin() { call 201 -X POST -u "$1:$2" "$BASE/api/v1/auth/token" | jq -r .token; }
activate() { call '2..' -X POST -H 'Content-Type: application/json' -d "{\"password\":\"$2\"}" "$BASE/api/v1/activation/${1##*/}" > /dev/null; }

say "creating one company and $NUSERS users"
TS0=$(now)
OP_TOKEN=$(signin "$OPERATOR_EMAIL" "$OPERATOR_PW")
TENANT=$(json '2..' POST "$OP_TOKEN" '{"name":"Bench Telecom","owner_email":"'"$OWNER_EMAIL"'","owner_name":"Acme Chief"}' /api/v1/tenants)
activate "$(jq -r .activation_url <<< "$TENANT")" "$OWNER_PW"
OWNER_TOKEN=$(signin "$OWNER_EMAIL" "$OWNER_PW")
for i in $(seq 0 $((NUSERS - 1))); do
  EMP=$(json '2..' POST "$OWNER_TOKEN" "{\"login\":\"$USER_PREFIX$i@$USER_DOMAIN\",\"display_name\":\"Bench User $i\"}" /api/v1/employees)
  LINK=$(json '2..' POST "$OWNER_TOKEN" '{}' "/api/v1/employees/$(jq -r .id <<< "$EMP")/activation-link")
  activate "$(jq -r .activation_url <<< "$LINK")" "$USER_PW"
done
SETUP_SIGNINS=3   # operator, owner, and the probe below
ME_TOKEN=$(signin "${USER_PREFIX}0@$USER_DOMAIN" "$USER_PW")
ME_JSON=$(call 200 -H "Authorization: Bearer $ME_TOKEN" "$BASE/api/v1/me")
[ "$(jq -r .login <<< "$ME_JSON")" = "${USER_PREFIX}0@$USER_DOMAIN" ] || die "unexpected /me: $ME_JSON"
rec "setup users=$NUSERS company=$(jq -r .id <<< "$TENANT") wall_s=$(fmt "$(calc "$(now) - $TS0")" 1) (each activation hashes one password) rss_mib=$(rss_mib)"

# ---------------------------------------------------------------- load phases
WRK_OK_TOTAL=0
run_wrk() { # script conns seconds outfile [extra env assignments]
  local script=$1 c=$2 d=$3 out=$4 t=2; shift 4
  (( c < t )) && t=$c
  env NUSERS="$NUSERS" USER_PREFIX="$USER_PREFIX" USER_DOMAIN="$USER_DOMAIN" USER_PW="$USER_PW" TOKEN="$ME_TOKEN" "$@" \
    wrk -t"$t" -c"$c" -d"${d}s" --timeout 10s -s "$HERE/$script" "$BASE" > "$out" 2>&1 || true
  RES="$(grep '^RESULT' "$out" | cut -d' ' -f2- || true)"
  [ -n "$RES" ] || die "wrk produced no RESULT line: $(cat "$out")"
  if [ "$script" = token.lua ]; then WRK_OK_TOTAL=$((WRK_OK_TOTAL + $(kv ok "$RES"))); fi
}
load_line() { # name res
  local ok_s ok other split; ok_s=$(kv ok_per_s "$2"); ok=$(kv ok "$2")
  other=$((PH_SRV_TICKS - PH_GC_TICKS - PH_JIT_TICKS - PH_HTTP_TICKS)); (( other < 0 )) && other=0
  split="server_cpu_ms_per_ok_split=http:$(fmt "$(calc "1000 * $PH_HTTP_TICKS / $HZ / ($ok + 0.000001)")" 1),gc:$(fmt "$(calc "1000 * $PH_GC_TICKS / $HZ / ($ok + 0.000001)")" 1),jit:$(fmt "$(calc "1000 * $PH_JIT_TICKS / $HZ / ($ok + 0.000001)")" 1),other:$(fmt "$(calc "1000 * $other / $HZ / ($ok + 0.000001)")" 1)"
  echo "$1 $2 server_cpu_cores=$(fmt "$PH_SERVER") server_cpu_ms_per_ok=$(fmt "$(calc "1000 * $PH_SERVER / ($ok_s + 0.000001)")") $split server_kernel_share=$(fmt "$PH_SRV_KERNEL_SHARE") wrk_cpu_cores=$(fmt "$PH_CLIENT") machine_busy_cores=$(fmt "$PH_MACHINE") others_cores=$(fmt "$PH_OTHERS") steal_cores=$(fmt "$PH_STEAL") server_rss_mib=$(rss_mib)"
}

BEST_C_MAX="${CONCURRENCIES##* }"
say "warm-up: ${WARMUP}s sign-ins at c=$BEST_C_MAX, ${WARMUP}s /me at c=$ME_C"
run_wrk token.lua "$BEST_C_MAX" "$WARMUP" "$WORK/wrk-warmup-token.txt"
rec "warmup signin c=$BEST_C_MAX $RES"
run_wrk me.lua "$ME_C" "$WARMUP" "$WORK/wrk-warmup-me.txt"
rec "warmup me c=$ME_C $RES"

ERRORS=0
declare -A SIGNIN_RPS=()
RATIOS="" CPU_RATIOS="" ME_ALL="" H1_ALL="" H2_ALL="" BEST_ALL=""
for r in $(seq 1 "$ROUNDS"); do
  best_c=""; best=0; best_cpu_ms=0
  for c in $CONCURRENCIES; do
    idle=$(wait_idle)
    say "round $r: sign-ins at c=$c for ${DURATION}s"
    phase_begin
    run_wrk token.lua "$c" "$DURATION" "$WORK/wrk-r$r-c$c.txt"
    phase_end
    rec "$(load_line "signin round=$r c=$c" "$RES") others_before=$idle"
    ERRORS=$((ERRORS + $(kv bad "$RES") + $(kv socket_errors "$RES") + $(kv timeouts "$RES")))
    ok_s=$(kv ok_per_s "$RES")
    SIGNIN_RPS[$c]="${SIGNIN_RPS[$c]:-} $ok_s"
    if (( $(calc "$ok_s > $best") )); then best=$ok_s; best_c=$c; best_cpu_ms=$(calc "1000 * $PH_SERVER / ($ok_s + 0.000001)"); fi
  done

  idle=$(wait_idle)
  say "round $r: GET /api/v1/me at c=$ME_C for ${ME_DURATION}s"
  phase_begin
  run_wrk me.lua "$ME_C" "$ME_DURATION" "$WORK/wrk-r$r-me.txt"
  phase_end
  rec "$(load_line "me round=$r c=$ME_C" "$RES") others_before=$idle"
  ERRORS=$((ERRORS + $(kv bad "$RES") + $(kv socket_errors "$RES") + $(kv timeouts "$RES")))
  ME_ALL="$ME_ALL $(kv ok_per_s "$RES")"

  # raw Argon2id: the server stays up but idle (its CPU during this phase is printed to prove it)
  idle=$(wait_idle)
  say "round $r: raw Argon2id, ${ARGON_WARMUP}s warm-up, ${ARGON_SECS}s each at 1 and 2 threads"
  phase_begin
  "$JAVA" -cp "$BCJAR:$WORK/classes" -Dmem="$ARGON2_MEMORY_KIB" -Dit="$ARGON2_ITERATIONS" -Dpar="$ARGON2_PARALLELISM" \
    Argon2Rate "$ARGON_WARMUP" "$ARGON_SECS" 1 2 > "$WORK/argon2-r$r.txt"
  phase_end
  a1=$(grep '^ARGON2 threads=1 ' "$WORK/argon2-r$r.txt" | cut -d' ' -f2-)
  a2=$(grep '^ARGON2 threads=2 ' "$WORK/argon2-r$r.txt" | cut -d' ' -f2-)
  if [ "$r" = 1 ]; then rec "$(grep '^ARGON2 params' "$WORK/argon2-r$r.txt" | sed 's/^ARGON2 /argon2 /')"; fi
  rec "argon2 round=$r $a1"
  rec "argon2 round=$r $a2 phase_server_cpu_cores=$(fmt "$PH_SERVER") phase_java_cpu_cores=$(fmt "$PH_CLIENT") machine_busy_cores=$(fmt "$PH_MACHINE") others_cores=$(fmt "$PH_OTHERS") steal_cores=$(fmt "$PH_STEAL") others_before=$idle"
  h1=$(kv hashes_per_s "$a1"); h2=$(kv hashes_per_s "$a2"); cpu_hash=$(kv process_cpu_ms_per_hash "$a1")
  [ -n "$best_c" ] && [ -n "$h2" ] || die "round $r: no successful sign-ins or no Argon2 result"
  ratio=$(calc "$best / $h2"); cpu_ratio=$(calc "$cpu_hash / $best_cpu_ms")
  rec "round=$r ratio=$(fmt "$ratio" 3) (signins/s $best at best c=$best_c / argon2 hashes/s $h2 at 2 threads) cpu_ratio=$(fmt "$cpu_ratio" 3) (argon2 process cpu ms/hash $cpu_hash at 1 thread / server cpu ms/sign-in $(fmt "$best_cpu_ms" 1))"
  RATIOS="$RATIOS $ratio"; CPU_RATIOS="$CPU_RATIOS $cpu_ratio"
  H1_ALL="$H1_ALL $h1"; H2_ALL="$H2_ALL $h2"; BEST_ALL="$BEST_ALL $best"
done

# ---------------------------------------------------------------- stop, cross-check, summary
PEAK_RSS=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$SERVER_PID/status")
THREADS=$(awk '/Threads/{print $2}' "/proc/$SERVER_PID/status")
stop_server
rec "server peak_rss_mib=$PEAK_RSS threads=$THREADS log_errors=$(grep -c ' ERROR ' "$LOG" || true) log_warnings=$(grep -c ' WARN ' "$LOG" || true) log_exceptions=$(grep -c 'Exception' "$LOG" || true)"
if grep -q -E ' (ERROR|WARN) ' "$LOG"; then
  grep -E ' (ERROR|WARN) ' "$LOG" | sed -E 's/^[^ ]+ +//' | cut -c1-220 | sort | uniq -c | sort -rn | head -5 | sed 's/^/  server log: /' >&2
fi
if [ -n "$H2JAR" ]; then
  h2sql() {   # prints the result rows as a|b|c
    "$JAVA" -cp "$H2JAR" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/db/fortel;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
      -user fortel -password '' -sql "$1" 2>/dev/null | sed -n '2,$p' | grep -v '^(' | sed -E 's/ *\| */|/g; s/^ +//; s/ +$//'
  }
  # '$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>' -> count of each parameter set
  PARAMS=$(h2sql "SELECT password_hash FROM credentials" | cut -d'$' -f2-4 | sort | uniq -c | awk '{printf "%s%s x%s", (NR>1?"; ":""), $2, $1}')
  TOKENS=$(h2sql "SELECT COUNT(*) FROM api_tokens")
  SIGNIN_EVENTS=$(h2sql "SELECT type, COUNT(*) FROM journal WHERE type LIKE 'auth.%' GROUP BY type ORDER BY type" | paste -sd ' ' -)
  rec "database stored_hash_params='$PARAMS' api_tokens=$TOKENS (wrk counted $WRK_OK_TOTAL sign-ins + $SETUP_SIGNINS during setup; sign-ins in flight when wrk stops add up to c per phase) journal='$SIGNIN_EVENTS'"
fi

for c in $CONCURRENCIES; do
  rec "median signin c=$c ok_per_s=$(echo "${SIGNIN_RPS[$c]}" | median) (rounds:${SIGNIN_RPS[$c]})"
done
rec "median me c=$ME_C ok_per_s=$(echo "$ME_ALL" | median) (rounds:$ME_ALL)"
rec "median argon2 threads=1 hashes_per_s=$(echo "$H1_ALL" | median) threads=2 hashes_per_s=$(echo "$H2_ALL" | median) (rounds:$H2_ALL)"
rec "errors total_non_2xx_or_socket=$ERRORS"
rec "HEADLINE signins_per_s(best c)/argon2_hashes_per_s(2 threads) = $(fmt "$(echo "$RATIOS" | median)" 3) (median of $ROUNDS; rounds:$(for x in $RATIOS; do printf ' %.3f' "$x"; done)) best_signins_per_s=$(echo "$BEST_ALL" | median) argon2_2t=$(echo "$H2_ALL" | median) cpu_ratio=$(fmt "$(echo "$CPU_RATIOS" | median)" 3) me_per_s=$(echo "$ME_ALL" | median)"
[ "$ERRORS" = 0 ] || die "$ERRORS failed requests (non-201/200, socket errors or timeouts): see the lines above"
