#!/usr/bin/env bash
# The character LSTM language model, Dendrite against PyTorch through DJL, back to back on the same text:
# `./dendrite lm train` and bench/peers-lm (DjlCharLstm) with the same vocabulary, embedding, hidden size, layers,
# window length T, streams B, Adam and global-norm clipping. Prints training characters per second for each
# (iterations only: Dendrite's evaluation and sampling after the epoch are not counted, nor its first iteration; DJL's
# WARMUP iterations are not counted) and the ratio Dendrite / DJL (> 1: Dendrite is faster), and keeps the log.
#
# usage: bench/lm-peers.sh
#   TEXT=path/to/text.txt (default: Debian's fortunes from the dendrite cache, concatenated; fetched when missing)
#   ITERATIONS=300  WARMUP=10  B=32  T=50  D=64  H=128  L=2  LR=2e-3  ROUNDS=1  THREADS="2 1"
#   BUILD_DIR=/tmp/dendrite-lm-peers  SKIP_BUILD=0
#   WAIT_LOAD=2.5  WAIT_MAX=300: before each run, wait (at most WAIT_MAX s) for the 1-minute load average to drop
#   below WAIT_LOAD; OpenMP's spinning threads (PyTorch) slow down 10x and more when another process holds a core,
#   so runs on a busy machine say more about the load than about the libraries (each run's load is logged).
# The DJL project downloads its dependencies (PyTorch's libtorch inside a jar) from Maven Central on the first build;
# it runs offline after that (-Dai.djl.offline=true).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=${BUILD_DIR:-/tmp/dendrite-lm-peers}
ITERATIONS=${ITERATIONS:-300}
WARMUP=${WARMUP:-10}
B=${B:-32} T=${T:-50} D=${D:-64} H=${H:-128} L=${L:-2} LR=${LR:-2e-3}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-"2 1"}
JAVA=${JAVA:-java}
mkdir -p "$BUILD" "$root/bench/results"
LOG="$root/bench/results/lm-peers-$(date +%Y%m%d-%H%M%S).log"
export DJL_CACHE_DIR="$BUILD/djl-cache"

if [ -z "${TEXT:-}" ]; then
    cache="${DENDRITE_DATA:-$HOME/.cache/dendrite}/fortunes"
    [ -d "$cache" ] || "$root/dendrite" fetch fortunes >&2
    TEXT="$BUILD/fortunes.txt"
    cat $(find "$cache" -maxdepth 1 -type f ! -name '.*' | sort) > "$TEXT"   # the 43 files, not the cache's own record
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building the DJL peer in $BUILD (Maven Central on the first build)..." >&2
    (cd "$root/bench/peers-lm" && mvn -q -B package -Dbench.build.dir="$BUILD/djl") >&2
    "$root/dendrite" version >/dev/null   # builds the Dendrite jar when the sources are newer
fi
# Dendrite trains one epoch of exactly ITERATIONS + 1 iterations (the first is not timed): --limit-chars cuts the text.
limit=$(( (ITERATIONS + 1) * B * T + 1 ))

wait_quiet() {
    local waited=0
    while awk -v max="${WAIT_LOAD:-2.5}" '{exit !($1 >= max)}' /proc/loadavg && [ "$waited" -lt "${WAIT_MAX:-300}" ]; do
        sleep 5; waited=$((waited + 5))
    done
}

declare -A speeds
for r in $(seq 1 "$ROUNDS"); do
    for th in $THREADS; do
        wait_quiet
        echo "### RUN djl threads=$th round=$r load=$(cut -d' ' -f1-3 /proc/loadavg) $(date -Is)" >> "$LOG"
        OMP_NUM_THREADS=$th MKL_NUM_THREADS=$th "$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$th" \
            -Dai.djl.pytorch.num_interop_threads=1 -cp "$BUILD/djl/djl-lm-bench-1.0.jar:$BUILD/djl/lib/*" \
            bench.DjlCharLstm "$TEXT" "$ITERATIONS" "$WARMUP" "$B" "$T" "$D" "$H" "$L" "$LR" >> "$LOG" 2>&1 \
            || echo "### FAILED djl" >> "$LOG"
        djl=$(grep 'RESULT lm djl' "$LOG" | tail -1 | sed 's/.*chars_per_second=\([0-9]*\).*/\1/')
        echo "$(date +%T) round $r, $th thread(s): djl $djl chars/s" >&2

        wait_quiet
        echo "### RUN dendrite threads=$th round=$r load=$(cut -d' ' -f1-3 /proc/loadavg) $(date -Is)" >> "$LOG"
        "$root/dendrite" lm train --corpus "$TEXT" --limit-chars "$limit" --epochs 1 --batch-size "$B" --steps "$T" \
            --embed "$D" --hidden "$H" --layers "$L" --lr "$LR" --threads "$th" --print-every 100 \
            --out "$BUILD/dendrite-run" --overwrite >> "$LOG" 2>&1 || echo "### FAILED dendrite" >> "$LOG"
        dnd=$(grep -o 'training [0-9]* chars/s' "$LOG" | tail -1 | awk '{print $2}')
        echo "RESULT lm dendrite chars_per_second=$dnd iterations=$ITERATIONS threads=$th" >> "$LOG"
        echo "$(date +%T) round $r, $th thread(s): dendrite $dnd chars/s" >&2
        speeds["$th,$r"]="$dnd $djl"
    done
done

printf '\nchar LSTM LM, V=%s D=%s H=%s L=%s T=%s B=%s, Adam, clip-norm 5; training chars/s (log: %s)\n' \
    "$(grep -o 'V=[0-9]*' "$LOG" | head -1 | cut -d= -f2)" "$D" "$H" "$L" "$T" "$B" "$LOG"
printf '%-8s %-6s %12s %12s %8s\n' threads round dendrite djl ratio
for key in $(printf '%s\n' "${!speeds[@]}" | sort); do
    read -r dnd djl <<< "${speeds[$key]}"
    ratio=$(awk -v a="$dnd" -v b="$djl" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-8s %-6s %12s %12s %8s\n' "${key%,*}" "${key#*,}" "$dnd" "$djl" "$ratio"
done
