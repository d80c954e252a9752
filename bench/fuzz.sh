#!/usr/bin/env bash
# The fuzzing campaign (issue 12): runs every fuzz target (crates/*/tests/fuzz_*.rs) for a
# fixed time with many more cases than `cargo test` does, one target after the other.
#   bench/fuzz.sh [SECONDS] [--release] [--only NAME]
#   FUZZ_SECONDS=600 bench/fuzz.sh
# SECONDS (default 300, or $FUZZ_SECONDS) is the total; each target gets an equal share
# (at least 5 s). --release builds the test binaries optimised (more cases per second, a
# longer build); --only runs the targets whose name contains NAME.
# Prints, per target, the cases run, how many got past the parser, the time and the
# failures. A failing target's minimised input is saved in bench/out/fuzz/failures/ and its
# output in bench/out/fuzz/<target>.log; the script then exits 1. Minimise a failure into a
# named regression test next to the target (see the end of fuzz_loaders.rs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
total=${FUZZ_SECONDS:-300}
profile=()
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --release) profile=(--release); shift ;;
    --only) only=$2; shift 2 ;;
    [0-9]*) total=$1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# package, test file, test function
targets=(
  "rampart_ingest fuzz_loaders fuzz_terraform_hcl"
  "rampart_ingest fuzz_loaders fuzz_terraform_json"
  "rampart_ingest fuzz_loaders fuzz_cloudformation"
  "rampart_ingest fuzz_loaders fuzz_cloudformation_json_form"
  "rampart_ingest fuzz_loaders fuzz_kubernetes"
  "rampart_ingest fuzz_loaders fuzz_arm"
  "rampart_ingest fuzz_loaders fuzz_plan_and_state"
  "rampart_ingest fuzz_loaders fuzz_files_on_disk"
  "rampart_ingest fuzz_terraform_eval fuzz_terraform_expressions"
  "rampart_ingest fuzz_terraform_eval fuzz_function_table"
  "rampart_ingest fuzz_cloudformation_intrinsics fuzz_cloudformation_intrinsics"
  "rampart_fix fuzz_fix fuzz_fix_renderers"
  "rampart_rules fuzz_custom_rules fuzz_custom_rules"
)
if [ -n "$only" ]; then
  kept=()
  for t in "${targets[@]}"; do
    case "$t" in *"$only"*) kept+=("$t") ;; esac
  done
  targets=("${kept[@]}")
fi
[ ${#targets[@]} -gt 0 ] || { echo "no target matches \`$only\`" >&2; exit 2; }
slice=$(( total / ${#targets[@]} ))
[ "$slice" -ge 5 ] || slice=5

out="$here/out/fuzz"
mkdir -p "$out/failures"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cd "$root"

echo "building the fuzz targets (${profile[*]:-debug})…" >&2
for package in rampart_ingest rampart_fix rampart_rules; do
  tests=()
  for t in "${targets[@]}"; do
    read -r p file _ <<<"$t"
    [ "$p" = "$package" ] && tests+=(--test "$file")
  done
  [ ${#tests[@]} -gt 0 ] || continue
  cargo test -q "${profile[@]}" -p "$package" "${tests[@]}" --no-run 2>&1 | grep -v '^ *Executable' >&2 || true
done

failed=0
printf '%-34s %10s %12s %8s %9s\n' target cases "past parser" seconds failures
for t in "${targets[@]}"; do
  read -r package file name <<<"$t"
  log="$out/$name.log"
  status=0
  RAMPART_FUZZ_SECONDS=$slice RAMPART_FUZZ_CASES=${FUZZ_ROUND_CASES:-2000} \
    RAMPART_FUZZ_FAILURES="$out/failures" RUST_BACKTRACE=0 \
    cargo test -q "${profile[@]}" -p "$package" --test "$file" -- --exact "$name" --nocapture \
      --test-threads 1 >"$log" 2>&1 || status=$?
  line=$(grep -oE 'fuzz [a-z_]+: [0-9]+ cases.*' "$log" | tail -1 || true)
  cases=$(sed -E 's/^fuzz [a-z_]+: ([0-9]+) cases.*/\1/' <<<"$line")
  past=$(sed -nE 's/.* ([0-9]+) past the parser.*/\1/p' <<<"$line")
  secs=$(sed -nE 's/.*, ([0-9.]+)s$/\1/p' <<<"$line")
  failures=0
  if [ "$status" -ne 0 ]; then
    failures=1
    failed=1
  fi
  printf '%-34s %10s %12s %8s %9s\n' "$name" "${cases:-?}" "${past:--}" "${secs:--}" "$failures"
  if [ "$status" -ne 0 ]; then
    grep -E "failed:|minimal failing input" -A3 "$log" | head -20 | sed 's/^/    /' >&2 || true
    echo "    full output: $log" >&2
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "FAILED: minimised inputs in $out/failures/" >&2
  exit 1
fi
echo "no failures"
