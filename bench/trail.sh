#!/usr/bin/env bash
# Throughput of the least-privilege reader and aggregation (crates/rampart_trail): generates
# N synthetic CloudTrail events (default 2,000,000) as CloudTrail log files, plain and gzip,
# and as JSON Lines, then times `trail_bench read` on each under /usr/bin/time -v
# (wall, user+sys CPU, peak RSS). Prints one table row per format for docs/performance.md.
#
#   bench/trail.sh [--runs N] [EVENTS]
#
# Corpora are generated once into bench/out/trail/<format>-<EVENTS> and reused.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs=1
events=2000000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) events="$1"; shift ;;
  esac
done

cargo build --release --manifest-path "$root/Cargo.toml" -p rampart_trail --example trail_bench >/dev/null
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/release/examples/trail_bench"
out="$root/bench/out/trail"
mkdir -p "$out"

echo "| format | events | bytes on disk | wall (s) | user+sys CPU (s) | events/min (wall) | peak RSS (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for format in json gz jsonl; do
  corpus="$out/$format-$events"
  if [ ! -d "$corpus" ]; then
    "$bin" generate "$corpus" "$events" "$format" >/dev/null
  fi
  size=$(du -sb "$corpus" | cut -f1)
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$bin" read "$corpus" >"$out/read.out" 2>"$out/time.out"
    wall=$(sed -n 's/.*events=\([0-9]*\) .*seconds=\([0-9.]*\) .*/\2/p' "$out/read.out")
    read_events=$(sed -n 's/.*events=\([0-9]*\) .*/\1/p' "$out/read.out")
    user=$(sed -n 's/.*User time (seconds): //p' "$out/time.out")
    sys=$(sed -n 's/.*System time (seconds): //p' "$out/time.out")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.out")
    python3 - "$format" "$read_events" "$size" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
fmt, n, size, wall, user, sys_, rss = sys.argv[1:]
n, size, wall, cpu = int(n), int(size), float(wall), float(user) + float(sys_)
print(f"| {fmt} | {n:,} | {size / 1e6:,.0f} MB | {wall:.2f} | {cpu:.2f} | {n / wall * 60:,.0f} | {int(rss) / 1024:.0f} |")
PY
  done
done
