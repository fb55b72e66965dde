#!/usr/bin/env bash
# Journal append on PostgreSQL (127.0.0.1:5432, database test, trust auth): the group commit, batch appends and one
# event per transaction, beside raw 500-row INSERTs and COPY of the same rows in the same run. Compiles
# bench/journal/JournalAppendBench.java against target/classes and the runtime classpath, runs it on a schema of its
# own (dropped at the end). Usage: bench/journal/run.sh   (env: THREADS=200 TX_THREADS=32 COMPANIES=100 SECONDS=10 ROUNDS=3 PG_URL PG_USER)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=target/bench/journal
mkdir -p "$out/classes"
[ -d target/classes/dev/fortel/audit ] || ./mvnw -q -B -DskipTests compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp="target/classes:$(cat "$out/classpath.txt")"
"$JAVA_HOME/bin/javac" -proc:none -cp "$cp" -d "$out/classes" bench/journal/JournalAppendBench.java
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); commit $(git rev-parse --short HEAD)"
exec "$JAVA_HOME/bin/java" -Dlogging.level.root=WARN -cp "$out/classes:$cp" dev.fortel.bench.JournalAppendBench "$@"
