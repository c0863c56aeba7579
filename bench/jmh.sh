#!/usr/bin/env bash
# Runs Dendrite's JMH benchmarks in one line.
#   bench/jmh.sh GemmBench                          # default iterations from the annotations
#   bench/jmh.sh GemmBench -f 1 -wi 3 -i 5 -w 1 -r 1 -p threads=1
#   JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 bench/jmh.sh GemmBench   # run on JDK 17
# Everything after the first argument goes to JMH (org.openjdk.jmh.Main). The benchmark JVM is
# $JAVA_HOME/bin/java, else /usr/lib/jvm/temurin-25-jdk-amd64, else `java` on the PATH.
# For benchmarks with a `shape` parameter written MxKxN and average-time results in us/op,
# a GFLOPS column (2*M*K*N / time) is printed after JMH's table.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: bench/jmh.sh <benchmark regex> [jmh options...]" >&2
  exit 2
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
  JAVA=java
fi
mvn -q test-compile -pl dendrite-core
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE" "${OUT_FILE:-}"' EXIT
mvn -q dependency:build-classpath -pl dendrite-core -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="dendrite-core/target/test-classes:dendrite-core/target/classes:$(cat "$CP_FILE")"
OUT_FILE=$(mktemp)
echo "# java: $JAVA ($("$JAVA" -version 2>&1 | head -1))"
# JMH refuses to start while another JMH run holds /tmp/jmh.lock (other benchmarks on this shared
# machine): wait for it rather than measure two benchmarks against each other.
for attempt in $(seq 1 60); do
  "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main "$@" -jvm "$JAVA" 2>&1 | tee "$OUT_FILE" || true
  grep -q "Unable to acquire the JMH lock" "$OUT_FILE" || break
  echo "# another JMH run holds the lock; retrying in 15 s ($attempt/60)"
  sleep 15
done
# GFLOPS summary: JMH rows look like "GemmBench.gemm  1000x1000x1000  1  false  avgt  5  7000.1 ± 50.2  us/op"
awk '
  /us\/op/ && $0 ~ /[0-9]+x[0-9]+x[0-9]+/ {
    for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+x[0-9]+$/) shape = $i;
    for (i = 1; i <= NF; i++) if ($i == "us/op") t = $(i - 1 - ($(i - 2) == "±" ? 2 : 0));
    # the score is the first number after the "avgt N" columns
    for (i = 1; i <= NF; i++) if ($i == "avgt") { score = $(i + 2); params = ""; for (j = 2; j < i; j++) params = params " " $j }
    split(shape, d, "x");
    if (!header) { print ""; print "# GFLOPS = 2*M*K*N / time"; header = 1 }
    printf "%-40s %12.1f us %8.1f GFLOPS\n", params, score, 2 * d[1] * d[2] * d[3] / (score * 1000);
  }' "$OUT_FILE"
