#!/usr/bin/env bash
# The DCGAN of cs231n's GANs notebook, Dendrite against PyTorch through DJL, on the same MNIST folder, 2 threads each:
# seconds per iteration (one discriminator step and one generator step on a batch of 128) and the full epoch of
# 60000 / 128 = 468 iterations they imply. Both run the same iterations: Dendrite as `gan train --model dc --limit`
# (its epoch seconds over its iterations), DJL as djl-gan/ (WARMUP untimed iterations, then ITERS timed).
#
# usage: bench/peers-extra/gan.sh
#   DATA_DIR=~/.cache/dendrite/mnist  ITERS=30  WARMUP=3  ROUNDS=1  THREADS=2  BUILD_DIR=/tmp/dendrite-peers-gan
#   SKIP_BUILD=0  WAIT_LOAD=2.5  WAIT_MAX=300 (as bench/peers.sh: wait for the load to drop before each run)
# The DJL project needs its dependencies (PyTorch included) in the local Maven repository; it builds offline.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DATA_DIR=${DATA_DIR:-$HOME/.cache/dendrite/mnist}
ITERS=${ITERS:-30}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
BUILD=${BUILD_DIR:-/tmp/dendrite-peers-gan}
JAVA=${JAVA:-java}
WAIT_LOAD=${WAIT_LOAD:-2.5}
WAIT_MAX=${WAIT_MAX:-300}
export OMP_NUM_THREADS=$THREADS DJL_CACHE_DIR="$BUILD/djl-cache"
mkdir -p "$BUILD" "$root/bench/results"
LOG="$root/bench/results/gan-$(date +%Y%m%d-%H%M%S).log"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    (cd "$here/djl-gan" && mvn -q -o -B package -Dbench.build.dir="$BUILD/djl") >&2
    (cd "$root" && ./dendrite version >/dev/null)
fi

wait_for_quiet() {
    local waited=0
    while awk -v max="$WAIT_LOAD" '{exit !($1 >= max)}' /proc/loadavg && [ "$waited" -lt "$WAIT_MAX" ]; do
        sleep 10; waited=$((waited + 10))
    done
    echo "### LOAD $(cut -d' ' -f1-3 /proc/loadavg) after waiting ${waited}s" >> "$LOG"
}

for r in $(seq 1 "$ROUNDS"); do
    wait_for_quiet
    echo "### RUN djl round=$r" >> "$LOG"
    "$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
        -cp "$BUILD/djl/djl-gan-bench-1.0.jar:$BUILD/djl/lib/*" bench.DjlGan "$DATA_DIR" "$ITERS" "$WARMUP" >> "$LOG" 2>&1
    wait_for_quiet
    echo "### RUN dendrite round=$r" >> "$LOG"
    out="$BUILD/dendrite-run"
    (cd "$root" && ./dendrite gan train --model dc --data "$DATA_DIR" --limit $(( (ITERS + WARMUP) * 128 )) --epochs 1 \
        --quality-samples 0 --preview 4 --threads "$THREADS" --print-every 10 --out "$out" --overwrite) >> "$LOG" 2>&1
    awk -v it="$((ITERS + WARMUP))" '/^epoch 1\/1/ {for (i = 1; i <= NF; i++) if ($i ~ /s$/ && $i+0 > 0) s = $i+0}
        END {printf "RESULT GAN dendrite s_per_iteration_mean=%.3f n=%d extrapolated_s_per_epoch=%.1f\n", s / it, it, 468 * s / it}' \
        "$LOG" >> "$LOG"
done
grep '^RESULT\|^### LOAD' "$LOG"
echo "log: $LOG"
