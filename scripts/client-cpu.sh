#!/usr/bin/env bash
# Client CPU cost of ringbench: CPU-seconds the client spends per 100k operations at a fixed
# rate against the reference node, compared with latte's published ~155k ops per CPU-second
# (about 0.65 CPU-seconds per 100k ops).
#
# latte's figure (its BENCHMARKS.md: 10M single-column inserts, 64.5 CPU-seconds) was taken
# closed-loop at its full speed, ~140k ops/s. The default here is a fixed 50k ops/s, a rate the
# reference node sustains on a 2-core machine beside the client: a harder condition for the
# client than latte's (fewer requests share each wake-up), and a mixed workload instead of
# one-column inserts. Lower rates cost more per op, because the client's fixed costs (the
# timer, waking up for responses, the interval collector) are shared by fewer requests;
# measured on a 2-core machine with other work running (2026-11-22):
#   50k ops/s: 216-222k ops per CPU-second      20k ops/s: 144-172k      10k ops/s: ~105k
# i.e. about 3.5 µs of client CPU per request (latte: ~6.4 µs) plus ~0.05 of a core spent
# waking up every millisecond whatever the rate.
#
# The node runs in its own process (`ringbench serve`), so the run's client_cpu_s (the CPU time
# of the `ringbench run` process, from its run.json) is the client's alone: generating values,
# scheduling, the scylla driver, recording histograms and writing results. The workload is
# kv-mixed without its load phase (80% reads, 20% writes of ~200 B blobs on zipf keys), one
# constant-rate phase. Schema set-up and connecting are included (a fixed cost of well under
# 0.1 CPU-second, so use a long enough run).
#
# Usage: scripts/client-cpu.sh [RATE] [DURATION]     (defaults: 50k ops/s for 20s)
# Needs: a Rust toolchain and python3 (to read run.json).
set -euo pipefail

RATE=${1:-50k}
DURATION=${2:-20s}
LATTE_OPS_PER_CPU_S=155000

cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/ringbench

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ringbench-client-cpu.XXXXXX")
SERVE_PID=""
cleanup() {
    if [ -n "$SERVE_PID" ]; then
        kill -INT "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --port 0 >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
ADDR=""
for _ in $(seq 1 100); do
    ADDR=$(sed -n 's/^node 1: \([0-9.]*:[0-9]*\).*/\1/p' "$WORK/serve.log")
    [ -n "$ADDR" ] && break
    sleep 0.1
done
if [ -z "$ADDR" ]; then
    echo "client-cpu: the reference node did not start:" >&2
    cat "$WORK/serve.log" >&2
    exit 1
fi

cat >"$WORK/profile.yaml" <<PROFILE
name: serve-process
description: a ringbench serve process on this machine
contact_points: ["$ADDR"]
consistency: ONE
PROFILE

echo "client-cpu: kv-mixed at $RATE ops/s for $DURATION against ringbench serve at $ADDR"
"$BIN" run kv-mixed --profile "$WORK/profile.yaml" --no-load --rate "$RATE" \
    --duration "$DURATION" --out "$WORK/results" >"$WORK/summary.txt"

python3 - "$WORK/results" "$LATTE_OPS_PER_CPU_S" <<'PY'
import glob, json, sys
results, latte = sys.argv[1], float(sys.argv[2])
[path] = glob.glob(f"{results}/*/run.json")
run = json.load(open(path))
cpu = run.get("client_cpu_s")
if cpu is None:
    sys.exit("client-cpu: run.json has no client_cpu_s (not Linux?)")
ops = sum(p["ops"] for p in run["phases"])
main = run["phases"][-1]
per_100k = cpu / ops * 1e5
ops_per_cpu_s = ops / cpu
print(f"target rate        {main['target_rate']:,.0f} ops/s, achieved {main['achieved_rate']:,.0f} ops/s")
print(f"operations         {ops:,} ({main['errors']:,} errors)")
print(f"client CPU         {cpu:.2f} s over {run['duration_s']:.1f} s of run")
print(f"per 100k ops       {per_100k:.3f} CPU-seconds")
print(f"ops per CPU-second {ops_per_cpu_s:,.0f}  (latte: ~{latte:,.0f}; "
      f"ringbench uses {ops_per_cpu_s / latte:.2f}x latte's throughput per CPU-second)")
PY
