#!/usr/bin/env bash
# Dendrite against its peers, side by side in one run: PyTorch through DJL and the numpy/OpenBLAS script from
# the peers folder, and `./dendrite bench`, on the same MNIST folder, 2 threads each, the systems alternating
# within every round. Prints a table of seconds per epoch (median over rounds of each run's median), W4
# images per second and the ratios peer / Dendrite (> 1: Dendrite is faster), and keeps the log.
#
# usage: bench/peers.sh [W1] [W2] [W3]       (default: W1 W2; W2 includes W4, inference of the trained net;
#                                             W3 is DeepConvNet, timed in blocks of 100 iterations, BLOCKS_W3=3)
#   DATA_DIR=~/.cache/dendrite/mnist  PEERS_DIR=../shared/bench/peers (beside the repository)  BUILD_DIR=/tmp/dendrite-peers
#   ROUNDS=2  EPOCHS_W1=5  EPOCHS_W2=2  THREADS=2  SKIP_BUILD=0  DENDRITE_JAVA=/path/to/java (for ./dendrite)
#   WAIT_LOAD=2.5  WAIT_MAX=300: before each run, wait (at most WAIT_MAX s) for the 1-minute load average to drop
#   below WAIT_LOAD, so that no run starts while other work holds the cores (OpenMP's spinning threads in
#   particular slow down 10-50x when a core is taken; each run's load is written to the log).
# The DJL project downloads its dependencies (PyTorch included) from Maven Central on the first build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR=${DATA_DIR:-$HOME/.cache/dendrite/mnist}
PEERS_DIR=${PEERS_DIR:-$root/../shared/bench/peers}
BUILD=${BUILD_DIR:-/tmp/dendrite-peers}
ROUNDS=${ROUNDS:-2}
EPOCHS_W1=${EPOCHS_W1:-5}
EPOCHS_W2=${EPOCHS_W2:-2}
BLOCKS_W3=${BLOCKS_W3:-3}
THREADS=${THREADS:-2}
JAVA=${JAVA:-java}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -eq 0 ] && WORKLOADS=(W1 W2)
mkdir -p "$BUILD" "$root/bench/results"
LOG="$root/bench/results/peers-$(date +%Y%m%d-%H%M%S).log"
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
export DJL_CACHE_DIR="$BUILD/djl-cache"

for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -e "$DATA_DIR/$f" ] || [ -e "$DATA_DIR/$f.gz" ] || { echo "peers.sh: no $f in $DATA_DIR (run ./dendrite fetch mnist, or set DATA_DIR)" >&2; exit 2; }
done
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    rm -rf "$BUILD/src" && mkdir -p "$BUILD/src" && cp -r "$PEERS_DIR/djl" "$PEERS_DIR/numpy" "$BUILD/src/"
    echo "building the DJL peer in $BUILD (Maven Central)..." >&2
    (cd "$BUILD/src/djl" && mvn -q -B package -Dbench.build.dir="$BUILD/djl") >&2
    (cd "$root" && mvn -q -o -B -DskipTests package) >&2
fi
DJL=("$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
     -cp "$BUILD/djl/djl-bench-1.0.jar:$BUILD/djl/lib/*" bench.DjlBench)
NP=(python3 "$BUILD/src/numpy/numpy_bench.py")
DND=("$root/dendrite" bench --threads "$THREADS" --data "$DATA_DIR")

wait_quiet() {
    local waited=0
    while awk -v max="${WAIT_LOAD:-2.5}" '{exit !($1 >= max)}' /proc/loadavg && [ "$waited" -lt "${WAIT_MAX:-300}" ]; do
        sleep 5; waited=$((waited + 5))
    done
}

run() {   # name, command...
    local name=$1; shift
    wait_quiet
    echo "### RUN $name round=$r load=$(cut -d' ' -f1-3 /proc/loadavg) $(date -Is)" >> "$LOG"
    "$@" >> "$LOG" 2>&1 || echo "### FAILED $name" >> "$LOG"
    echo "$(date +%T) round $r: $name done" >&2
}

{
    echo "### ENV $(uname -srm) nproc=$(nproc) threads=$THREADS data=$DATA_DIR"
    grep -m1 'model name' /proc/cpuinfo | sed 's/^/### CPU /'
    "$JAVA" -version 2>&1 | head -1 | sed 's/^/### JAVA (DJL) /'
    python3 -c "import numpy,sys; print('### PYTHON', sys.version.split()[0], 'numpy', numpy.__version__)"
} >> "$LOG"

for r in $(seq 1 "$ROUNDS"); do
    for w in "${WORKLOADS[@]}"; do
        case "$w" in
            W1) run djl-W1 "${DJL[@]}" mlp "$DATA_DIR" "$EPOCHS_W1"
                run numpy-W1 "${NP[@]}" mlp --data "$DATA_DIR" --epochs "$EPOCHS_W1"
                run dendrite-W1 "${DND[@]}" --workload W1 --epochs "$EPOCHS_W1" ;;
            W2) run djl-W2 "${DJL[@]}" simple "$DATA_DIR" "$EPOCHS_W2"
                run numpy-W2 "${NP[@]}" simple --data "$DATA_DIR" --epochs 1
                run dendrite-W2 "${DND[@]}" --workload W2,W4 --epochs "$EPOCHS_W2" ;;
            W3) run djl-W3 "${DJL[@]}" deep "$DATA_DIR" "$BLOCKS_W3"
                run numpy-W3 "${NP[@]}" deep --data "$DATA_DIR" --blocks "$BLOCKS_W3"
                run dendrite-W3 "${DND[@]}" --workload W3 --blocks "$BLOCKS_W3" ;;
            *) echo "peers.sh: unknown workload $w (W1, W2 or W3)" >&2; exit 2 ;;
        esac
    done
done

python3 - "$LOG" <<'PY' | tee -a "$LOG"
import re, statistics, sys
runs = {}   # (system, workload) -> list of values
acc = {}
for line in open(sys.argv[1]):
    m = re.match(r"RESULT (W\d) (\w+) (.*)", line)
    if not m:
        continue
    w, system, rest = m.groups()
    kv = dict(re.findall(r"(\w+)=([\d.]+)", rest))
    if w == "W1":
        runs.setdefault((system, "W1"), []).append(float(kv["s_per_epoch_median"]))
        acc[(system, "W1")] = next(v for k, v in kv.items() if k.startswith("test_acc"))
    elif w == "W2":
        if system == "dendrite":
            runs.setdefault((system, "W2"), []).append(float(kv["s_per_epoch_median"]))
            runs.setdefault((system, "W2first"), []).append(float(kv["first"]))
            acc[(system, "W2")] = next(v for k, v in kv.items() if k.startswith("test_acc"))
        else:   # the peers print one line per epoch: the first is the warm-up, later ones the steady state
            ep = int(kv["epoch"])
            runs.setdefault((system, "W2" if ep > 1 else "W2first"), []).append(float(kv["seconds"]))
            acc[(system, "W2")] = kv["test_acc"]
    elif w == "W4":
        runs.setdefault((system, "W4"), []).append(float(kv["img_per_s_median"]))
    elif w == "W3":
        runs.setdefault((system, "W3"), []).append(float(kv["s_per_100_median"]))
med = lambda k: statistics.median(runs[k]) if k in runs else None
fmt = lambda v, f: "—" if v is None else f % v
systems = [s for s in ("dendrite", "djl", "numpy") if any(k[0] == s for k in runs)]
names = {"dendrite": "Dendrite", "djl": "PyTorch (DJL)", "numpy": "numpy/OpenBLAS"}
if any(k[1] != "W3" for k in runs):
    print()
    print("| system | W1 s/epoch | W1 test acc | W2 s/epoch (epoch 2+) | W2 first epoch | W2 test acc | W4 img/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for s in systems:
        print(f"| {names[s]} | {fmt(med((s,'W1')),'%.3f')} | {acc.get((s,'W1'),'—')} | {fmt(med((s,'W2')),'%.2f')} | "
              f"{fmt(med((s,'W2first')),'%.2f')} | {acc.get((s,'W2'),'—')} | {fmt(med((s,'W4')),'%.0f')} |")
    d = {k: med(("dendrite", k)) for k in ("W1", "W2", "W2first", "W4")}
    for s in systems[1:]:
        r = lambda k: None if med((s, k)) is None or not d[k] else med((s, k)) / d[k]
        w4 = None if med((s, "W4")) is None or not d["W4"] else d["W4"] / med((s, "W4"))
        print(f"| {names[s]} / Dendrite | {fmt(r('W1'),'%.2fx')} | | {fmt(r('W2'),'%.2fx')} | {fmt(r('W2first'),'%.2fx')} | | "
              f"{fmt(w4,'%.2fx')} (Dendrite / peer) |")
if any(k[1] == "W3" for k in runs):
    print()
    print("| system | W3 DeepConvNet s/100 iterations | peer / Dendrite |")
    print("| --- | --- | --- |")
    for s in systems:
        w3, dw3 = med((s, "W3")), med(("dendrite", "W3"))
        ratio = None if w3 is None or not dw3 or s == "dendrite" else w3 / dw3
        print(f"| {names[s]} | {fmt(w3, '%.2f')} | {fmt(ratio, '%.2fx')} |")
print(f"\nruns per cell: {max(len(v) for v in runs.values())}; log: {sys.argv[1]}")
PY
