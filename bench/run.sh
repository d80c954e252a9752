#!/usr/bin/env bash
# Benchmarks Rampart against Checkov on a generated Terraform corpus.
#   bench/run.sh [--projects N] [--skip-checkov] [--checkov-results DIR] [--scaling] [--floor]
#                [--examples N]
# --skip-checkov        do not run Checkov (about 10 minutes of a core on the default corpus);
#                       compare with bench/out/checkov.{json,time} from an earlier run if present
# --checkov-results DIR take checkov.json and checkov.time from DIR (an earlier run on the same
#                       corpus) instead of running Checkov
# --scaling             also time Rampart on 10, 50, 100 (and --projects) projects: the time
#                       per project must stay flat; a growing one means a quadratic rule or view
# --floor               also time hcl-edit parsing alone on the corpus (the floor a scan
#                       cannot beat; builds the rampart_ingest bench test in release)
# --examples N          list N disagreements per rule with Checkov
# Writes bench/out/{rampart,checkov}.{json,time} and prints a summary (see bench/compare.py).
# Checkov is installed from PyPI into a virtualenv under ~/.cache on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
projects=100
skip_checkov=0
checkov_results=""
scaling=0
floor=0
examples=0
while [ $# -gt 0 ]; do
  case "$1" in
    --projects) projects=$2; shift 2 ;;
    --skip-checkov) skip_checkov=1; shift ;;
    --checkov-results) checkov_results=$2; skip_checkov=1; shift 2 ;;
    --scaling) scaling=1; shift ;;
    --floor) floor=1; shift ;;
    --examples) examples=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
out="$here/out"
mkdir -p "$out"

corpus_for() {
  local dir="$here/corpus/p$1"
  if [ ! -d "$dir" ]; then
    python3 "$here/generate_corpus.py" "$dir" --projects "$1" >&2
  fi
  echo "$dir"
}
describe() {
  echo "$(find "$1" -name '*.tf' | wc -l) .tf files, $(cat "$1"/*/*.tf | wc -c) bytes, $(cat "$1"/*/main_*.tf | grep -c '^resource') resource blocks"
}
corpus=$(corpus_for "$projects")
echo "corpus: $corpus: $(describe "$corpus")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --manifest-path "$root/Cargo.toml" -p rampart >/dev/null
rampart="$CARGO_TARGET_DIR/release/rampart"

# warm the page cache so both tools read from memory
cat "$corpus"/*/*.tf > /dev/null
set +e
/usr/bin/time -v "$rampart" scan "$corpus" --format json --output "$out/rampart.json" --no-color --quiet 2> "$out/rampart.time"
echo "rampart exit: $? (1 = findings)"
set -e

if [ -n "$checkov_results" ]; then
  cp "$checkov_results/checkov.time" "$out/checkov.time"
  ln -sf "$(cd "$checkov_results" && pwd)/checkov.json" "$out/checkov.json"
elif [ "$skip_checkov" = 0 ]; then
  venv="${RAMPART_BENCH_VENV:-$HOME/.cache/rampart-bench-venv}"
  if [ ! -x "$venv/bin/checkov" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q checkov
  fi
  set +e
  (cd "$out" && /usr/bin/time -v "$venv/bin/checkov" -d "$corpus" --framework terraform -o json --quiet --compact --skip-download > "$out/checkov.json" 2> "$out/checkov.time")
  echo "checkov exit: $?"
  set -e
fi
"$rampart" rules --format json > "$out/rules.json" || true
python3 "$here/compare.py" "$out" "$examples"

if [ "$floor" = 1 ]; then
  echo
  echo "parse-only floor (hcl-edit, read + parse every file in parallel) vs whole load_paths:"
  for mode in parse load; do
    RAMPART_TF_BENCH_DIR="$corpus" RAMPART_TF_BENCH_MODE=$mode RAMPART_TF_BENCH_ROUNDS=3 \
      cargo test --release --manifest-path "$root/Cargo.toml" -p rampart_ingest --test terraform_bench \
      -- --ignored --nocapture 2>/dev/null | grep '^round' | sed "s/^/  $mode /"
  done
fi

if [ "$scaling" = 1 ]; then
  echo
  echo "| projects | resource blocks | wall (s) | user+sys CPU (s) | CPU per project (ms) | peak RSS (MiB) |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  for n in $(printf '%s\n' 10 50 100 "$projects" | sort -nu); do
    dir=$(corpus_for "$n")
    cat "$dir"/*/*.tf > /dev/null
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$out/scaling.time" "$rampart" scan "$dir" --format json --output "$out/scaling.json" --no-color --quiet
    set -e
    # the last line: time prints "Command exited with non-zero status 1" first when findings
    read -r wall user sys rss < <(tail -n 1 "$out/scaling.time")
    blocks=$(cat "$dir"/*/main_*.tf | grep -c '^resource')
    python3 -c "import sys; n,b,w,u,s,r=sys.argv[1:]; c=float(u)+float(s); print(f'| {n} | {b} | {float(w):.2f} | {c:.2f} | {1000*c/int(n):.1f} | {int(r)/1024:.0f} |')" \
      "$n" "$blocks" "$wall" "$user" "$sys" "$rss"
  done
fi
