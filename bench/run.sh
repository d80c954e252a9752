#!/usr/bin/env bash
# Benchmarks Rampart against Checkov on a generated Terraform corpus.
#   bench/run.sh [--projects N] [--skip-checkov]
# Writes bench/out/{rampart,checkov}.{json,time} and prints a summary (see bench/compare.py).
# Checkov is installed from PyPI into a virtualenv under ~/.cache on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
projects=100
skip_checkov=0
while [ $# -gt 0 ]; do
  case "$1" in
    --projects) projects=$2; shift 2 ;;
    --skip-checkov) skip_checkov=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
corpus="$here/corpus/p$projects"
out="$here/out"
mkdir -p "$out"
if [ ! -d "$corpus" ]; then
  python3 "$here/generate_corpus.py" "$corpus" --projects "$projects"
fi
echo "corpus: $(find "$corpus" -name '*.tf' | wc -l) .tf files, $(cat "$corpus"/*/*.tf | wc -c) bytes, $(cat "$corpus"/*/main_*.tf | grep -c '^resource') resource blocks"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --manifest-path "$root/Cargo.toml" -p rampart >/dev/null
rampart="$CARGO_TARGET_DIR/release/rampart"

# warm the page cache so both tools read from memory
cat "$corpus"/*/*.tf > /dev/null
set +e
/usr/bin/time -v "$rampart" scan "$corpus" --format json --output "$out/rampart.json" --no-color --quiet 2> "$out/rampart.time"
echo "rampart exit: $?"
set -e

if [ "$skip_checkov" = 0 ]; then
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
python3 "$here/compare.py" "$out"
