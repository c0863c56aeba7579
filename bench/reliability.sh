#!/usr/bin/env bash
# Reliability harness (issue 12): runs ./dendrite as a user would through the issue's categories — mutated files of
# every format the CLI reads, nonsense options of every command, kill -9 and resume, numerical faults, resource
# limits — and prints one table: per row the cases, the clean one-line refusals, the errors that were not one clear
# line, stack traces, hangs, wrong silent results (nonsense accepted, damage not noticed, a resumed run that differs
# from an uninterrupted one, leftover temporary files), and the cases accepted as they should be.
#
# usage: bench/reliability.sh [SEED]          (default seed 12; the same seed makes the same mutations)
#   PER_FORMAT=6   mutated files per format     KILLS=6   kill -9 / resume scenarios     TIMEOUT=120  s per run
#   KEEP=1         keep the work folder (printed at the end) instead of removing it
# Takes 3-8 minutes on 2 cores (most of it JVM start-up: about 115 runs of ./dendrite). Needs bash, coreutils,
# gzip and od; everything it reads is made here, by ./dendrite itself where it can.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="$root/dendrite"
SEED=${1:-12}
PER_FORMAT=${PER_FORMAT:-6}
KILLS=${KILLS:-6}
TIMEOUT=${TIMEOUT:-120}
RANDOM=$SEED
work="$(mktemp -d "${TMPDIR:-/tmp}/dendrite-reliability.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
export DENDRITE_QUIET_SIMD=1
unset DENDRITE_DEBUG

rows=()
declare -A n_cases n_refused n_unclear n_traces n_hangs n_silent n_accepted
row() {   # declares a table row
    rows+=("$1")
    n_cases[$1]=0 n_refused[$1]=0 n_unclear[$1]=0 n_traces[$1]=0 n_hangs[$1]=0 n_silent[$1]=0 n_accepted[$1]=0
}
note() { echo "$*" >>"$work/notes.txt"; }

# run ROW EXPECT NAME -- ARGS...: runs ./dendrite ARGS and files the outcome under ROW.
#   EXPECT refuse: exit 0 is a wrong silent result; ok: exit 0 is right, a refusal is not; any: both are fine.
#   NAME: text the one-line error must contain (the file or the option), or empty.
# Sets $rc, $out, $err for the caller.
run() {
    local r=$1 expect=$2 name=$3
    shift 4
    out="$work/out.txt" err="$work/err.txt"
    timeout -k 10 "$TIMEOUT" "$D" "$@" >"$out" 2>"$err" </dev/null
    rc=$?
    n_cases[$r]=$((n_cases[$r] + 1))
    local lines
    lines=$(grep -c '[^[:space:]]' "$err")
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        n_hangs[$r]=$((n_hangs[$r] + 1)); note "$r: hang: dendrite $*"
    elif grep -qE '^[[:space:]]+at [[:alnum:]_$.]+\(|Exception in thread|^Caused by:' "$out" "$err"; then
        n_traces[$r]=$((n_traces[$r] + 1)); note "$r: stack trace: dendrite $*"
    elif [ $rc -eq 0 ]; then
        if [ "$expect" = refuse ]; then
            n_silent[$r]=$((n_silent[$r] + 1)); note "$r: accepted silently: dendrite $*"
        else
            n_accepted[$r]=$((n_accepted[$r] + 1))
        fi
    elif [ "$expect" = ok ]; then
        n_unclear[$r]=$((n_unclear[$r] + 1)); note "$r: a valid run failed: dendrite $* :: $(head -c 300 "$err")"
    elif [ "$lines" -eq 1 ] && { [ -z "$name" ] || grep -qF -- "$name" "$err"; } \
            && ! grep -qE 'java\.[a-z]+\.[A-Za-z]+(Exception|Error)|Cannot invoke|For input string|out of bounds for length' "$err"; then
        n_refused[$r]=$((n_refused[$r] + 1))
    else
        n_unclear[$r]=$((n_unclear[$r] + 1)); note "$r: unclear error ($lines lines): dendrite $* :: $(head -c 300 "$err")"
    fi
}

rand32() { echo $(((RANDOM << 15) | RANDOM)); }

# mutate SRC DST: one seeded mutation — bit flips, truncation, inserted or deleted bytes, a huge 32-bit value, a
# zeroed range; positions fall in the first 64 bytes (the header) half the time.
mutate() {
    local src=$1 dst=$2 size pos k
    size=$(stat -c %s "$src")
    pos=$(( RANDOM % 2 ? RANDOM % (size < 64 ? size : 64) : $(rand32) % size ))
    case $((RANDOM % 6)) in
        0) cp "$src" "$dst"
           for ((k = 0; k < 1 + RANDOM % 8; k++)); do
               local at=$(( k == 0 ? pos : $(rand32) % size )) b
               b=$(od -An -tu1 -j"$at" -N1 "$dst" | tr -d ' ')
               printf "\\x$(printf %02x $(( b ^ (1 << (RANDOM % 8)) )))" | dd of="$dst" bs=1 seek="$at" conv=notrunc status=none
           done ;;
        1) head -c $(( $(rand32) % size )) "$src" >"$dst" ;;
        2) { head -c "$pos" "$src"; for ((k = 0; k < 1 + RANDOM % 16; k++)); do printf "\\x$(printf %02x $((RANDOM % 256)))"; done
             tail -c +$((pos + 1)) "$src"; } >"$dst" ;;
        3) { head -c "$pos" "$src"; tail -c +$((pos + 2 + RANDOM % 16)) "$src"; } >"$dst" ;;
        4) cp "$src" "$dst"
           local huge=('\xff\xff\xff\x7f' '\x7f\xff\xff\xff' '\xff\xff\xff\xff' '\x00\x00\x00\x80' '\x40\x00\x00\x00')
           printf "${huge[RANDOM % 5]}" | dd of="$dst" bs=1 seek=$(( (pos & ~3) + 4 > size ? 0 : pos & ~3 )) conv=notrunc status=none ;;
        *) cp "$src" "$dst"
           dd if=/dev/zero of="$dst" bs=1 seek="$pos" count=$((1 + RANDOM % 64)) conv=notrunc status=none ;;
    esac
}

# idx FILE MAGIC DIMS...: an idx file of seeded bytes (labels 0..9)
idx() {
    local file=$1 magic=$2 n=1 d k
    shift 2
    printf "\\x00\\x00\\x08\\x$(printf %02x "$magic")" >"$file"
    for d in "$@"; do
        printf "\\x$(printf %02x $((d >> 24 & 255)))\\x$(printf %02x $((d >> 16 & 255)))\\x$(printf %02x $((d >> 8 & 255)))\\x$(printf %02x $((d & 255)))" >>"$file"
        n=$((n * d))
    done
    for ((k = 0; k < n; k++)); do printf "\\x$(printf %02x $(( $# == 1 ? RANDOM % 10 : RANDOM % 256 )))"; done >>"$file"
}

echo "reliability harness: seed $SEED, work folder $work" >&2
echo "building fixtures with ./dendrite ..." >&2
# ---- fixtures, made by ./dendrite itself
"$D" train --dataset spiral --model two-layer --hidden 16 --epochs 2 --threads 1 --out "$work/spiral" >/dev/null \
    || { echo "fixture: spiral training failed" >&2; exit 2; }
mkdir -p "$work/mnist"
idx "$work/mnist/train-images-idx3-ubyte" 3 40 12 12
idx "$work/mnist/train-labels-idx1-ubyte" 1 40
idx "$work/mnist/t10k-images-idx3-ubyte" 3 10 12 12
idx "$work/mnist/t10k-labels-idx1-ubyte" 1 10
gzip -n "$work/mnist/t10k-images-idx3-ubyte" "$work/mnist/t10k-labels-idx1-ubyte"
"$D" train --dataset mnist --data "$work/mnist" --model linear --epochs 1 --val-size 5 --threads 1 --out "$work/image" \
    >/dev/null || { echo "fixture: image model failed" >&2; exit 2; }
{ echo "a,b,c,d,label"; for ((k = 0; k < 40; k++)); do
    echo "$((RANDOM % 100)).$((RANDOM % 10)),$((RANDOM % 100)),-$((RANDOM % 9)).5,$((RANDOM % 7)),$((k % 3))"; done; } >"$work/table.csv"
"$D" train --dataset csv --data "$work/table.csv" --header --model linear --epochs 1 --val-size 4 --threads 1 \
    --out "$work/csv" >/dev/null || { echo "fixture: CSV model failed" >&2; exit 2; }
"$D" export "$work/spiral/model.dnd" "$work/weights.npz" >/dev/null
"$D" export "$work/spiral/model.dnd" "$work/weights.safetensors" >/dev/null
"$D" export "$work/spiral/model.dnd" "$work/model.onnx" >/dev/null
cp "$work/spiral/loss.png" "$work/picture.png"

# ---- 1. mutated files, per format
echo "mutated files ..." >&2
for f in idx dnd checkpoint csv png npz safetensors onnx; do row "files: $f"; done
for ((i = 0; i < PER_FORMAT; i++)); do
    m="$work/m$i"; rm -rf "$m"; mkdir -p "$m"
    # idx: one of the four files of the folder (the test files are gzipped: damage must fail their CRC or stream)
    cp "$work/mnist/"* "$m/"; names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
    victim=${names[RANDOM % 4]}; mutate "$work/mnist/$victim" "$m/$victim"
    run "files: idx" any "$victim" -- eval --model-file "$work/image/model.dnd" --data "$m" --threads 1
    mutate "$work/spiral/model.dnd" "$m/model.dnd"
    run "files: dnd" refuse "$m/model.dnd" -- eval --model-file "$m/model.dnd" --threads 1
    mkdir -p "$m/run"; cp "$work/spiral/run.properties" "$work/spiral/history.csv" "$m/run/"
    mutate "$work/spiral/checkpoint.dnd" "$m/run/checkpoint.dnd"
    run "files: checkpoint" refuse "$m/run" -- train --resume "$m/run" --epochs 2 --threads 1
    mutate "$work/table.csv" "$m/t.csv"
    run "files: csv" any "$m/t.csv" -- eval --model-file "$work/csv/model.dnd" --data "$m/t.csv" --header --threads 1
    mutate "$work/picture.png" "$m/p.png"
    run "files: png" any "$m/p.png" -- predict --model-file "$work/image/model.dnd" "$m/p.png"
    mutate "$work/weights.npz" "$m/w.npz"
    run "files: npz" any "$m/w.npz" -- import "$m/w.npz" --like "$work/spiral/model.dnd" --out "$m/from-npz.dnd"
    mutate "$work/weights.safetensors" "$m/w.safetensors"
    run "files: safetensors" any "$m/w.safetensors" -- import "$m/w.safetensors" --like "$work/spiral/model.dnd" --out "$m/st.dnd"
    mutate "$work/model.onnx" "$m/m.onnx"
    run "files: onnx" any "$m/m.onnx" -- import "$m/m.onnx" --out "$m/onnx.dnd"
    rm -rf "$m"
done

# ---- 2. nonsense options, per command (each must be refused in one line naming the option)
echo "nonsense options ..." >&2
row "options"
S=(--dataset spiral --model two-layer --threads 1 --epochs 1)
M="$work/spiral/model.dnd"
while IFS='|' read -r name args; do
    [ -z "$name" ] && continue
    eval "a=($args)"
    run "options" refuse "$name" -- "${a[@]}"
done <<EOF
--epochs|train ${S[*]} --epochs -1 --out "$work/o1"
--epochs|train ${S[*]} --epochs 0 --out "$work/o2"
--lr|train ${S[*]} --lr NaN --out "$work/o3"
--lr|train ${S[*]} --lr -1 --out "$work/o4"
--batch-size|train ${S[*]} --batch-size 0 --out "$work/o5"
--limit|train ${S[*]} --limit -5 --out "$work/o6"
--dropout|train --dataset spiral --epochs 1 --model fc --dropout -0.5 --out "$work/o7"
--dropout|train ${S[*]} --dropout 0.5 --out "$work/o8"
--augment-pad|train ${S[*]} --augment-pad -1 --out "$work/o9"
--out|train ${S[*]} --out ''
--hidden|train --dataset spiral --epochs 1 --model fc --hidden 0 --out "$work/o10"
--hidden|train ${S[*]} --hidden 10,10 --out "$work/o11"
--normalization|train --dataset spiral --epochs 1 --model simple-conv --normalization layernorm --out "$work/o12"
--val-size|train ${S[*]} --val-size -1 --out "$work/o13"
--optimizer|train ${S[*]} --optimizer nope --out "$work/o14"
--dataset|train --dataset nope --epochs 1 --out "$work/o15"
--model|train --dataset spiral --epochs 1 --model nope --out "$work/o16"
--threads|train --dataset spiral --epochs 1 --threads -1 --out "$work/o17"
--seed|train ${S[*]} --seed x --out "$work/o18"
--reg|train ${S[*]} --reg -1 --out "$work/o19"
--weight-scale|train ${S[*]} --weight-scale 0 --out "$work/o20"
--lr-decay|train ${S[*]} --lr-decay NaN --out "$work/o21"
--divergence-factor|train ${S[*]} --divergence-factor 0.5 --out "$work/o22"
--batch-size|eval --model-file "$M" --batch-size 0
--split|eval --model-file "$M" --split nope
none.dnd|eval --model-file "$work/none.dnd"
--threads|eval --model-file "$M" --threads -1
--top|predict --model-file "$work/image/model.dnd" --top 0 "$work/picture.png"
--pixel-scale|predict --model-file "$work/image/model.dnd" --pixel-scale NaN "$work/picture.png"
--input-shape|predict --model-file "$work/image/model.dnd" --input-shape 0,0,0 "$work/picture.png"
--trials|search --dataset spiral --trials 0 --out "$work/o23"
--folds|crossval --dataset spiral --folds 1 --out "$work/o24"
--samples|gradcheck --samples 0
--format|export "$M" --format nope
--layout|import "$work/weights.npz" --like "$M" --layout nope --out "$work/o25.dnd"
--classes|import "$work/weights.npz" --model two-layer --classes 0 --out "$work/o26.dnd"
EOF

# ---- 3. kill -9 during training, then --resume: the same result as an uninterrupted run, no leftovers
echo "kill -9 / resume ..." >&2
row "kill -9 / resume"
K=(train --dataset spiral --model fc --hidden 256,256 --epochs 8 --batch-size 30 --threads 1 --seed 1)
"$D" "${K[@]}" --out "$work/uninterrupted" >/dev/null 2>&1
for ((i = 0; i < KILLS; i++)); do
    dir="$work/killed$i"
    "$D" "${K[@]}" --out "$dir" >/dev/null 2>&1 &
    pid=$!
    sleep "$((1 + RANDOM % 6)).$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    if [ ! -f "$dir/checkpoint.dnd" ]; then   # killed before the first epoch ended: a clear refusal is right
        run "kill -9 / resume" refuse "$dir" -- train --resume "$dir"
        continue
    fi
    run "kill -9 / resume" ok "" -- train --resume "$dir"
    if [ $rc -eq 0 ]; then
        # the same losses, history (less its seconds column) and model as the run that was never stopped
        if ! cmp -s "$dir/loss.csv" "$work/uninterrupted/loss.csv" || ! cmp -s "$dir/model.dnd" "$work/uninterrupted/model.dnd" \
                || ! cmp -s <(cut -d, -f1-4,6- "$dir/history.csv") <(cut -d, -f1-4,6- "$work/uninterrupted/history.csv"); then
            n_accepted["kill -9 / resume"]=$((n_accepted["kill -9 / resume"] - 1)); n_silent["kill -9 / resume"]=$((n_silent["kill -9 / resume"] + 1))
            note "kill -9 / resume: run $i resumed to a different loss, history or model"
        elif compgen -G "$dir/.*.tmp" >/dev/null || compgen -G "$dir/*.tmp" >/dev/null; then
            n_accepted["kill -9 / resume"]=$((n_accepted["kill -9 / resume"] - 1)); n_silent["kill -9 / resume"]=$((n_silent["kill -9 / resume"] + 1))
            note "kill -9 / resume: run $i left temporary files"
        fi
    fi
done

# ---- 4. numerical faults: each must be refused (divergence, non-finite or absurd data, NaN weights)
echo "numerical faults ..." >&2
row "numerical faults"
run "numerical faults" refuse "" -- train --dataset spiral --model two-layer --lr 1e6 --epochs 30 --threads 1 --out "$work/n1"
run "numerical faults" refuse "" -- train --dataset spiral --model two-layer --optimizer sgd --lr 1e30 --epochs 5 --threads 1 --out "$work/n2"
k=0
for bad in NaN Infinity -Infinity 1e39; do
    { head -n 5 "$work/table.csv"; echo "1,$bad,3,4,0"; tail -n +6 "$work/table.csv"; } >"$work/bad$k.csv"
    run "numerical faults" refuse "$work/bad$k.csv" -- train --dataset csv --data "$work/bad$k.csv" --header --model linear --epochs 1 --threads 1 --out "$work/n3$k"
    k=$((k + 1))
done
for label in -1 1.5 999999 99999999999999999999; do
    { head -n 5 "$work/table.csv"; echo "1,2,3,4,$label"; tail -n +6 "$work/table.csv"; } >"$work/bad$k.csv"
    run "numerical faults" refuse "$work/bad$k.csv" -- train --dataset csv --data "$work/bad$k.csv" --header --model linear --epochs 1 --threads 1 --out "$work/n3$k"
    k=$((k + 1))
done
# NaN weights: the first value of the exported safetensors set to NaN, imported, then evaluated
st="$work/nan.safetensors"; cp "$work/weights.safetensors" "$st"
hlen=$(od -An -tu4 -N4 "$st" | tr -d ' ')
printf '\x00\x00\xc0\x7f' | dd of="$st" bs=1 seek=$((8 + hlen)) conv=notrunc status=none
if "$D" import "$st" --like "$M" --out "$work/nan.dnd" >/dev/null 2>"$work/err.txt"; then
    run "numerical faults" refuse "$work/nan.dnd" -- eval --model-file "$work/nan.dnd"
else
    run "numerical faults" refuse "$st" -- import "$st" --like "$M" --out "$work/nan.dnd"
fi

# ---- 5. resource limits: small heaps, a file-size limit (a full disk's stand-in)
echo "resource limits ..." >&2
row "resource limits"
mkdir -p "$work/bomb"   # 60 000 images of 28x28 in about 50 KB of gzip: the default train's data under a small heap
{ printf '\x00\x00\x08\x03\x00\x00\xea\x60\x00\x00\x00\x1c\x00\x00\x00\x1c'; head -c 47040000 /dev/zero; } | gzip -n >"$work/bomb/train-images-idx3-ubyte.gz"
{ printf '\x00\x00\x08\x01\x00\x00\xea\x60'; head -c 60000 /dev/zero; } | gzip -n >"$work/bomb/train-labels-idx1-ubyte.gz"
{ printf '\x00\x00\x08\x03\x00\x00\x27\x10\x00\x00\x00\x1c\x00\x00\x00\x1c'; head -c 7840000 /dev/zero; } | gzip -n >"$work/bomb/t10k-images-idx3-ubyte.gz"
{ printf '\x00\x00\x08\x01\x00\x00\x27\x10'; head -c 10000 /dev/zero; } | gzip -n >"$work/bomb/t10k-labels-idx1-ubyte.gz"
DENDRITE_JVM_OPTS=-Xmx128m run "resource limits" refuse "train-images-idx3-ubyte.gz" -- train --data "$work/bomb" --epochs 1 --out "$work/r1"
DENDRITE_JVM_OPTS=-Xmx128m run "resource limits" ok "" -- train --data "$work/bomb" --model fc --limit 500 --val-size 100 --epochs 1 --threads 1 --out "$work/r2"
DENDRITE_JVM_OPTS=-Xmx512m run "resource limits" ok "" -- train --data "$work/bomb" --limit 5000 --epochs 1 --out "$work/r3"
DENDRITE_JVM_OPTS=-Xmx64m run "resource limits" refuse "--hidden" -- train --dataset spiral --model fc --hidden 2000000 --epochs 1 --out "$work/r4"
# a 20000 x 20000 PNG header on a small picture: refused from the header, before decoding
big="$work/big.png"; cp "$work/picture.png" "$big"
printf 'IHDR\x00\x00\x4e\x20\x00\x00\x4e\x20' | dd of="$big" bs=1 seek=12 conv=notrunc status=none
crc=$(dd if="$big" bs=1 skip=12 count=17 status=none | gzip -c | tail -c 8 | head -c 4 | od -An -tx1 | tr -d ' \n')
printf "\\x${crc:6:2}\\x${crc:4:2}\\x${crc:2:2}\\x${crc:0:2}" | dd of="$big" bs=1 seek=29 conv=notrunc status=none
DENDRITE_JVM_OPTS=-Xmx64m run "resource limits" refuse "$big" -- predict --model-file "$work/image/model.dnd" "$big"
# a CSV of 200 000 columns under a small heap
{ for ((k = 0; k < 3; k++)); do printf '0,%.0s' $(seq 200000); echo "$((k % 2))"; done; } >"$work/wide.csv"
DENDRITE_JVM_OPTS=-Xmx64m run "resource limits" refuse "" -- train --dataset csv --data "$work/wide.csv" --model fc --epochs 1 --out "$work/r5"
# writes beyond a file-size limit: the first file too large is named
(ulimit -f 8; run "resource limits" refuse "$work/r6" -- train --dataset spiral --model two-layer --epochs 1 --threads 1 --out "$work/r6"
 declare -p n_cases n_refused n_unclear n_traces n_hangs n_silent n_accepted >"$work/counts.sh")
. "$work/counts.sh"

# ---- the table
printf '\n%-22s %6s %9s %8s %7s %6s %13s %9s\n' category cases "refused,1" unclear "traces" hangs "wrong silent" accepted
total=(0 0 0 0 0 0 0)
for r in "${rows[@]}"; do
    printf '%-22s %6d %9d %8d %7d %6d %13d %9d\n' "$r" "${n_cases[$r]}" "${n_refused[$r]}" "${n_unclear[$r]}" \
        "${n_traces[$r]}" "${n_hangs[$r]}" "${n_silent[$r]}" "${n_accepted[$r]}"
    v=("${n_cases[$r]}" "${n_refused[$r]}" "${n_unclear[$r]}" "${n_traces[$r]}" "${n_hangs[$r]}" "${n_silent[$r]}" "${n_accepted[$r]}")
    for j in 0 1 2 3 4 5 6; do total[j]=$((total[j] + v[j])); done
done
printf '%-22s %6d %9d %8d %7d %6d %13d %9d\n' total "${total[@]}"
echo
echo "refused,1: a non-zero exit with exactly one line, naming the file or option where one is at fault; unclear: any"
echo "other failure (several lines, an internal message, the file not named, a valid run that failed); accepted: exit 0"
echo "where that is right (harmless damage, a valid run, a resume identical to the uninterrupted run)."
if [ -s "$work/notes.txt" ]; then
    echo; echo "cases that need a look:"; cat "$work/notes.txt"
fi
[ "${KEEP:-0}" = 1 ] && echo "work folder kept: $work"
exit 0
