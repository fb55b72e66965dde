#!/usr/bin/env bash
# JMH benchmark of one access decision, can(subject, function, object), on a 10,000-employee company held in memory.
# Compiles bench/access/decision/DecisionBenchmark.java against target/classes with JMH from Maven Central (the pom's
# "bench" profile), then runs it. Usage: bench/access/decision/run.sh [extra JMH options, e.g. -f 3]
set -euo pipefail
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=target/bench/decision
mkdir -p "$out/classes"
[ -d target/classes/dev/fortel/access ] || ./mvnw -q -B -DskipTests compile
./mvnw -q -B -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp="target/classes:$(cat "$out/classpath.txt")"
"$JAVA_HOME/bin/javac" -proc:full -cp "$cp" -processorpath "$cp" -d "$out/classes" bench/access/decision/DecisionBenchmark.java
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -cp "$out/classes:$cp" org.openjdk.jmh.Main DecisionBenchmark "$@"
