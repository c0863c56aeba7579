#!/usr/bin/env bash
# How much the Vector API gains over the plain-Java kernels: times a 512x512x512 F32 matmul
# (io.dendrite.bench.SimdFactor) with and without --add-modules jdk.incubator.vector, on one JDK.
#   bench/simd-factor.sh [n]                                  # java on the PATH
#   DENDRITE_JAVA=/path/to/jdk-25/bin/java bench/simd-factor.sh   # another JDK (Maven keeps its own)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${DENDRITE_JAVA:-java}"
mvn -q test-compile -pl dendrite-core
CP="dendrite-core/target/test-classes:dendrite-core/target/classes"
N="${1:-512}"
run() { DENDRITE_QUIET_SIMD=1 "$JAVA" "$@" -XX:+UseParallelGC -cp "$CP" io.dendrite.bench.SimdFactor "$N" 2>&1 | grep -v '^WARNING: Using incubator'; }
fast=$(run --add-modules jdk.incubator.vector)
plain=$(run)
echo "$fast"
echo "$plain"
awk -v f="$fast" -v p="$plain" 'BEGIN {
  match(f, /best [0-9.]+ ms/); tf = substr(f, RSTART + 5, RLENGTH - 8);
  match(p, /best [0-9.]+ ms/); tp = substr(p, RSTART + 5, RLENGTH - 8);
  printf "plain Java / Vector API (best times): %.1fx\n", tp / tf }'
