#!/bin/sh
# End-to-end figures of the release CLI on generated inputs at cluster scale, each beside a baseline
# measured in the same run (`make bench-e2e`). One row per command: add a row with `row` below.
#
# Environment: INTERLOCK (the binary, default .build/release/interlock); BASELINE_INTERLOCK (an
# earlier build to run the same rows with, e.g. main's, else its figures are the issue's, as text);
# RUNS (best of, default 3); SLOW_BASELINE (set: run BASELINE_INTERLOCK on the rows marked slow too,
# e.g. main's connlist at 150 s a run, else those rows show the issue's figure); DIR (inputs, kept between runs, default .build/bench-e2e); PODS,
# NAMESPACES, POLICIES, ADMIN_POLICIES, SEED (the cluster, default issue 17's: 100000 pods, 200
# namespaces, 10000 policies, 50 admin policies, seed 3); RULES and HEADERS (acl match: 10000 rules,
# 3000000 headers); BIG (set: also the 10 GB capture row, see below).
set -eu
cd "$(dirname "$0")/.."
INTERLOCK=${INTERLOCK:-.build/release/interlock}
BASELINE_INTERLOCK=${BASELINE_INTERLOCK:-}
RUNS=${RUNS:-3}
DIR=${DIR:-.build/bench-e2e}
PODS=${PODS:-100000}
NAMESPACES=${NAMESPACES:-200}
POLICIES=${POLICIES:-10000}
ADMIN_POLICIES=${ADMIN_POLICIES:-50}
SEED=${SEED:-3}
RULES=${RULES:-10000}
HEADERS=${HEADERS:-3000000}

cluster="$DIR/cluster-$PODS-$NAMESPACES-$POLICIES-$ADMIN_POLICIES-$SEED"
acl="$DIR/acl-$RULES-$HEADERS"
mkdir -p "$DIR"
for format in yaml json; do
  if [ ! -d "$cluster/$format" ]; then
    "$INTERLOCK" synth cluster --namespaces "$NAMESPACES" --pods "$PODS" --policies "$POLICIES" \
      --admin-policies "$ADMIN_POLICIES" --seed "$SEED" --format "$format" -o "$cluster/$format.tmp" >/dev/null
    mv "$cluster/$format.tmp" "$cluster/$format"
  fi
done
if [ ! -f "$acl/trace.txt" ]; then
  mkdir -p "$acl"
  "$INTERLOCK" acl synth-rules --count "$RULES" --seed 1 -o "$acl/rules.cb"
  "$INTERLOCK" acl synth-trace --rules "$acl/rules.cb" --count "$HEADERS" --seed 2 -o "$acl/trace.tmp"
  mv "$acl/trace.tmp" "$acl/trace.txt"
fi

# best CMD...: the least wall time of RUNS runs, the least CPU time (user + system), and the largest
# peak RSS (KiB), as "WALL CPU RSS"; output to /dev/null.
best() {
  out=$(mktemp)
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %U %S %M" -o "$out" "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
    tail -n 1 "$out"
    i=$((i + 1))
  done | awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 + $3 < c { c = $2 + $3 } $4 > r { r = $4 }
    END { printf "%.2f %.2f %d\n", w, c, r }'
  rm -f "$out"
}

bytes() { cat "$@" | wc -c; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0 && b > 0) printf "%.0f MB/s", b / s / 1e6; else print "-" }'; }

printf '%-42s %7s %7s %9s %9s  %-18s %7s %7s %6s\n' row wall cpu rate "peak RSS" baseline wall cpu ratio
# row NAME BYTES ISSUE-FIGURE -- ARGS...: runs `interlock ARGS`; the baseline is BASELINE_INTERLOCK
# with the same arguments when set (the ratio is of CPU time, user + system: on a loaded machine
# wall time depends on what else runs), else the issue's figure (wall seconds; the ratio is of wall).
# A row whose 4th word is `slow` instead of `--` runs the baseline only when SLOW_BASELINE is set.
row() {
  name=$1 size=$2 issue=$3 slow=$4
  shift 4
  set -- $(best "$INTERLOCK" "$@") "$@"
  wall=$1 cpu=$2 rss=$3
  shift 3
  if [ -n "$BASELINE_INTERLOCK" ] && { [ "$slow" = -- ] || [ -n "${SLOW_BASELINE:-}" ]; }; then
    set -- $(best "$BASELINE_INTERLOCK" "$@")
    label=$(basename "$BASELINE_INTERLOCK") base_wall=$1 base_cpu=$2
    ratio=$(awk -v b="$base_cpu" -v s="$cpu" 'BEGIN { printf "%.1fx", b / s }')
  else
    label="issue" base_wall=$issue base_cpu=-
    ratio=$(awk -v b="$base_wall" -v s="$wall" \
      'BEGIN { if (b + 0 > 0 && s > 0) printf "%.1fx", b / s; else print "-" }')
  fi
  printf '%-42s %6ss %6ss %9s %6s MB  %-18s %6ss %7s %6s\n' "$name" "$wall" "$cpu" "$(rate "$size" "$wall")" \
    "$((rss / 1024))" "$label" "$base_wall" "$base_cpu" "$ratio"
}
# io NAME FILES...: the I/O floor over the same bytes: `cat` into a pipe, and `wc -l`.
io() {
  name=$1
  shift
  size=$(bytes "$@")
  for tool in "cat | wc -c" "wc -l"; do
    if [ "$tool" = "wc -l" ]; then
      set -- $(best wc -l "$@") "$@"
    else
      set -- $(best sh -c 'cat "$@" | wc -c' sh "$@") "$@"
    fi
    wall=$1 cpu=$2
    shift 3
    printf '%-42s %6ss %6ss %9s\n' "$name: $tool" "$wall" "$cpu" "$(rate "$size" "$wall")"
  done
}

yaml_bytes=$(bytes "$cluster"/yaml/*)
json_bytes=$(bytes "$cluster"/json/*)
question="--source 10.128.0.1 --destination 10.128.0.2 --port 80"
io "YAML manifests ($((yaml_bytes / 1000000)) MB)" "$cluster"/yaml/*
row "policy eval, one question, YAML" "$yaml_bytes" 14.0 -- policy eval "$cluster/yaml" $question
row "synth cluster, YAML" "$yaml_bytes" - -- synth cluster --namespaces "$NAMESPACES" --pods "$PODS" \
  --policies "$POLICIES" --admin-policies "$ADMIN_POLICIES" --seed "$SEED" -o "$DIR/synth-cluster-yaml"
io "JSON manifests ($((json_bytes / 1000000)) MB)" "$cluster"/json/*
row "policy eval, one question, JSON" "$json_bytes" 5.5 -- policy eval "$cluster/json" $question
row "policy connlist, JSON" "$json_bytes" 150 slow policy connlist "$cluster/json"
trace_bytes=$(bytes "$acl/trace.txt")
io "acl trace ($((trace_bytes / 1000000)) MB)" "$acl/trace.txt"
row "acl match, $RULES rules, $HEADERS headers" "$trace_bytes" 9.5 -- \
  acl match --rules "$acl/rules.cb" --trace "$acl/trace.txt"

# tool NAME SIZE -- CMD...: a baseline tool's figures on the same input (wall, CPU, rate).
tool() {
  name=$1 size=$2
  shift 3
  set -- $(best "$@")
  printf '%-42s %6ss %6ss %9s %6s MB\n' "$name" "$1" "$2" "$(rate "$size" "$1")" "$(($3 / 1024))"
}

# Captures: PACKETS minimum-size frames over FLOWS connections (issue 17: 2000000 and 65536), beside
# tcpdump reading the same file; `capture flows` and `capture analyze` on one core and on two.
PACKETS=${PACKETS:-2000000}
FLOWS=${FLOWS:-65536}
frames="$DIR/capture-${PACKETS}x64-$FLOWS.pcap"
if [ ! -f "$frames" ]; then
  python3 Benchmarks/minimum-frames.py "$frames.tmp" "$PACKETS" "$FLOWS"
  mv "$frames.tmp" "$frames"
fi
frames_bytes=$(bytes "$frames")
demo="--cluster policies/demo/cluster --cluster captures/demo-pods.yaml"
floor="$DIR/mmap-floor"
[ -x "$floor" ] || cc -O2 -o "$floor" Benchmarks/mmap-floor.c
tool "tcpdump -r F -w /dev/null ($PACKETS frames)" "$frames_bytes" -- tcpdump -r "$frames" -w /dev/null
tool "floor: mmap, walk the records ($PACKETS)" "$frames_bytes" -- "$floor" "$frames"
for threads in 1 2; do
  row "capture flows, $PACKETS frames, --threads $threads" "$frames_bytes" 0.40 -- \
    capture flows "$frames" --threads "$threads"
  row "capture flows --format json, --threads $threads" "$frames_bytes" 1.25 -- \
    capture flows "$frames" --format json --threads "$threads"
  row "capture analyze, $PACKETS frames, --threads $threads" "$frames_bytes" 0.40 -- \
    capture analyze "$frames" $demo --threads "$threads"
done
row "capture analyze --format json, --threads 2" "$frames_bytes" - -- \
  capture analyze "$frames" $demo --format json --threads 2

# BIG=1: `capture analyze` on a capture of about BIG_GB GB (default 10) of the same 65,536 connections,
# generated under $DIR and deleted after, run once (BIG_RUNS): its peak RSS is bounded by the flow
# table and the findings, not by the file (DEVELOPERS.md, "Captures on every core").
if [ -n "${BIG:-}" ]; then
  big_packets=$(awk -v g="${BIG_GB:-10}" 'BEGIN { printf "%d", g * 1e9 / 76 }')
  big="$DIR/capture-${big_packets}x64-$FLOWS.pcap"
  if [ ! -f "$big" ]; then
    python3 Benchmarks/minimum-frames.py "$big.tmp" "$big_packets" "$FLOWS"
    mv "$big.tmp" "$big"
  fi
  big_bytes=$(bytes "$big")
  runs=$RUNS
  RUNS=${BIG_RUNS:-1}
  tool "tcpdump -r F -w /dev/null ($((big_bytes / 1000000)) MB)" "$big_bytes" -- tcpdump -r "$big" -w /dev/null
  row "capture analyze, $big_packets frames" "$big_bytes" - slow capture analyze "$big" $demo
  RUNS=$runs
  rm -f "$big"
fi

# Traffic at scale (issue 21): all-to-all of 1 GiB on generated fabrics, every node one job, beside
# the 64-SU case; the issue's figures are main's before aggregation (wall seconds; 30 is its bound).
all="$DIR/jobs-all.yaml"
printf 'jobs:\n- {name: all, tenant: t, nodes: all}\n' >"$all"
# fabric NAME ARGS...: `topology generate ARGS` into $DIR/NAME.yaml, once.
fabric() {
  name=$1
  shift
  if [ ! -f "$DIR/$name.yaml" ]; then
    "$INTERLOCK" topology generate "$@" -o "$DIR/$name.tmp"
    mv "$DIR/$name.tmp" "$DIR/$name.yaml"
  fi
}
fabric su64 rail-optimized --preset dgx-h100 --scalable-units 64
fabric su16 rail-optimized --preset dgx-h100 --scalable-units 16
fabric pods8x64 rail-optimized --preset dgx-h100 --scalable-units 64 --pods 8
fabric ft48 fat-tree --k 48 --gpus-per-host 8 --transport infiniband
fabric ft64 fat-tree --k 64 --gpus-per-host 8 --transport infiniband
simulate="traffic simulate --jobs $all --collective all-to-all --size 1GiB --format json --topology"
row "all-to-all PXN, 64 SU (16,384 GPUs)" 0 10.9 -- $simulate "$DIR/su64.yaml" --pxn
row "all-to-all PXN, fat-tree k=48 (221,184 GPUs)" 0 159 -- $simulate "$DIR/ft48.yaml" --pxn
row "all-to-all PXN, fat-tree k=64 (524,288 GPUs)" 0 30 -- $simulate "$DIR/ft64.yaml" --pxn
row "all-to-all PXN, 8 pods x 64 SU (131,072 GPUs)" 0 30 slow $simulate "$DIR/pods8x64.yaml" --pxn
row "all-to-all fluid, 16 SU, no PXN" 0 803 -- $simulate "$DIR/su16.yaml" --routing fluid
