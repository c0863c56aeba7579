#!/usr/bin/env bash
# How much the Vector API gains over the plain-Java kernels: times a 512x512x512 F32 matmul
# (io.dendrite.bench.SimdFactor) with and without --add-modules jdk.incubator.vector, on one JDK.
#   bench/simd-factor.sh                 # java on the PATH (or $JAVA_HOME/bin/java)
#   JAVA_HOME=/path/to/jdk-25 bench/simd-factor.sh [n]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=java
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
mvn -q test-compile
CP="target/test-classes:target/classes"
run() { DENDRITE_QUIET_SIMD=1 "$JAVA" "$@" -XX:+UseParallelGC -cp "$CP" io.dendrite.bench.SimdFactor "${N:-512}" 2>&1 | grep -v '^WARNING: Using incubator'; }
N="${1:-512}"
fast=$(run --add-modules jdk.incubator.vector)
plain=$(run)
echo "$fast"
echo "$plain"
awk -v f="$fast" -v p="$plain" 'BEGIN {
  match(f, /matmul [0-9.]+ ms/); tf = substr(f, RSTART + 7, RLENGTH - 10);
  match(p, /matmul [0-9.]+ ms/); tp = substr(p, RSTART + 7, RLENGTH - 10);
  printf "plain Java / Vector API: %.1fx\n", tp / tf }'
