#!/usr/bin/env bash
# Times the streamed scan (the default) against the whole-tree scan
# (RAMPART_SCAN_PIPELINE=whole) and the hcl-edit parse floor (RAMPART_TF_BENCH_MODE=parse) on
# corpora of bench/generate_corpus.py, under /usr/bin/time -v (wall, user+sys CPU, peak RSS).
#
#   bench/stream.sh [--runs N] [--skip-whole] [PROJECTS ...]     (default: 100)
#
# 100 projects is the default corpus (55,943 resources, 12.5 MB); 1,800 projects is about
# 1,000,000 resources (≈225 MB). Corpora are generated once into bench/corpus/pN and reused.
# RAMPART=path/to/rampart times another build instead of building the release binary.
# Prints one table row per (corpus, what): runs are listed as min – max.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs=3
whole=1
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --skip-whole) whole=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100)

out="$root/bench/out/stream"
mkdir -p "$out"
if [ -z "${RAMPART:-}" ]; then
  cargo build --release --manifest-path "$root/Cargo.toml" -p rampart >/dev/null
  target="${CARGO_TARGET_DIR:-$root/target}"
  RAMPART="$target/release/rampart"
fi
# the parse floor is a test of rampart_ingest: find its release binary
floor_bin=$(cargo test --release --manifest-path "$root/Cargo.toml" -p rampart_ingest \
  --test terraform_bench --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "terraform_bench":
        print(m["executable"])')

# runs `what` once under /usr/bin/time; prints "wall cpu rss_mib"
measure() {
  local time_file="$out/time.txt"
  /usr/bin/time -v -o "$time_file" "$@" >/dev/null 2>"$out/stderr.txt" || true
  python3 - "$time_file" <<'EOF'
import sys, re
text = open(sys.argv[1]).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
print(f"{seconds:.2f} {cpu:.2f} {rss:.0f}")
EOF
}

row() {
  local label="$1"; shift
  local walls=() cpus=() rsss=()
  for _ in $(seq "$runs"); do
    read -r w c r < <(measure "$@")
    walls+=("$w"); cpus+=("$c"); rsss+=("$r")
  done
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rsss[*]}" <<'EOF'
import sys
label, *cols = sys.argv[1:]
def span(col):
    v = sorted(float(x) for x in col.split())
    return f"{v[0]:g}" if v[0] == v[-1] else f"{v[0]:g} – {v[-1]:g}"
print(f"| {label} | {span(cols[0])} | {span(cols[1])} | {span(cols[2])} |")
EOF
}

echo "| corpus / what | wall (s) | user+sys CPU (s) | peak RSS (MiB) |"
echo "| --- | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  corpus="$root/bench/corpus/p$n"
  [ -d "$corpus" ] || python3 "$root/bench/generate_corpus.py" "$corpus" --projects "$n" >/dev/null
  mb=$(du -sm --apparent-size "$corpus" | cut -f1)
  report="$out/report.json"
  row "p$n ($mb MB): parse floor" env RAMPART_TF_BENCH_DIR="$corpus" RAMPART_TF_BENCH_MODE=parse \
    RAMPART_TF_BENCH_ROUNDS=1 "$floor_bin" --ignored --exact load_paths_speed
  row "p$n: streamed scan" "$RAMPART" scan "$corpus" --format json --output "$report" --no-color --quiet
  resources=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["resources_scanned"], s["findings"])' "$report")
  echo "|  (p$n: resources, findings: $resources) | | | |"
  if [ "$whole" = 1 ]; then
    row "p$n: whole-tree scan" env RAMPART_SCAN_PIPELINE=whole "$RAMPART" scan "$corpus" --format json --output "$report" --no-color --quiet
  fi
done
