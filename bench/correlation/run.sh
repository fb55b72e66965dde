#!/usr/bin/env bash
# JMH benchmark of the correlation engine with the built-in rules, beside reading each event's details JSON.
# Compiles bench/correlation/CorrelationBenchmark.java against target/classes with JMH from Maven Central (the pom's
# "bench" profile), then runs it. Usage: bench/correlation/run.sh [extra JMH options, e.g. -f 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=target/bench/correlation
mkdir -p "$out/classes"
[ -d target/classes/dev/fortel/audit/correlation ] || ./mvnw -q -B -DskipTests compile
./mvnw -q -B -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp="target/classes:$(cat "$out/classpath.txt")"
# The benchmark sits in the engine's package (the engine is package-private); it is compiled apart from the product.
"$JAVA_HOME/bin/javac" -proc:full -cp "$cp" -processorpath "$cp" -d "$out/classes" bench/correlation/CorrelationBenchmark.java
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -cp "$out/classes:$cp" org.openjdk.jmh.Main CorrelationBenchmark "$@"
