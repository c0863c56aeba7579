#!/usr/bin/env bash
# SimpleConvNet on MNIST for one epoch: the single process (dendrite train) against Spark under local[2] —
# synchronous SGD on 1, 2, 4 and 8 partitions (how the cost of a step grows with the partitions), and model
# averaging every 1, 10 and 50 iterations on 2 partitions.
# Prints each run's data, spark, epoch and test-accuracy lines and its wall time. Usage: bench/spark.sh [LIMIT]
# (LIMIT: --limit, the training examples used; 0 = all of MNIST).
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${1:-10000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
common=(--epochs 1 --overwrite)
[ "$limit" != 0 ] && common+=(--limit "$limit")

run() {
    local name="$1"
    shift
    echo "== $name: ${*} (load $(cut -d' ' -f1-3 /proc/loadavg))"
    local start end
    start=$(date +%s.%N)
    "$@" "${common[@]}" --out "$out/$name" 2>&1 | grep -E '^(data|spark|epoch|test accuracy)'
    end=$(date +%s.%N)
    echo "wall $(echo "$end - $start" | bc) s"
}

./dendrite version >/dev/null && ./dendrite spark-train --help >/dev/null   # build both jars first, untimed
run single ./dendrite train
for p in 1 2 4 8; do
    run "sync-p$p" ./dendrite spark-train --master 'local[2]' --partitions "$p"
done
for k in 1 10 50; do
    run "average-k$k" ./dendrite spark-train --master 'local[2]' --partitions 2 --average-every "$k"
done
