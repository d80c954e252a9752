#!/usr/bin/env bash
# Times `rampart fix` on generated Terraform trees: one root folder of N files (50, 200 and
# 800 by default), each file with a CloudTrail trail and an S3 bucket (four safe fixes per
# file), plus 800 trails in a single main.tf fixed with --rule AWS-CT-001. Each tree is timed
# with `fix --dry-run`, then with `fix` (which writes), using the release binary.
#   bench/fix_scale.sh [N ...]
#   RAMPART=path/to/rampart bench/fix_scale.sh [N ...]   (another build, e.g. before a change)
# Prints one Markdown table row per tree (the table in docs/performance.md, "fix at scale").
# The time of a run must grow linearly with the tree; a growing time per file means a
# re-scan or a re-parse per fix.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 200 800)

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
if [ -n "${RAMPART:-}" ]; then
  rampart=$RAMPART
else
  cargo build --release --manifest-path "$root/Cargo.toml" -p rampart >/dev/null
  rampart="$CARGO_TARGET_DIR/release/rampart"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

trail() { # name
  printf 'resource "aws_cloudtrail" "%s" {\n  name           = "%s"\n  s3_bucket_name = "logs"\n}\n\n' "$1" "$1"
}
files_tree() { # dir n
  mkdir -p "$1"
  for i in $(seq 0 $(($2 - 1))); do
    { trail "t$i"; printf 'resource "aws_s3_bucket" "b%s" {\n  bucket = "bucket-%s"\n}\n' "$i" "$i"; } > "$1/main_$i.tf"
  done
}
one_file_tree() { # dir n
  mkdir -p "$1"
  for i in $(seq 0 $(($2 - 1))); do trail "t$i"; done > "$1/main.tf"
}

# prints "wall cpu rss_mib" of `rampart fix DIR ARGS...`; the run's stderr goes to $work/err
timed() {
  local dir=$1; shift
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$rampart" fix "$dir" "$@" >/dev/null 2>"$work/err"
  local code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "rampart fix $dir $* exited $code:" >&2
    tail -5 "$work/err" >&2
    exit 1
  fi
  # the last line: time puts "Command exited with non-zero status 1" before it
  tail -1 "$work/time" | awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }'
}

row() { # label dir resources rule-args...
  local label=$1 dir=$2 resources=$3; shift 3
  local dry_wall dry_cpu dry_rss fix_wall fix_cpu fix_rss fixes
  read -r dry_wall dry_cpu dry_rss < <(timed "$dir" --dry-run "$@")
  read -r fix_wall fix_cpu fix_rss < <(timed "$dir" "$@")
  fixes=$(grep -o '^[0-9]* fix(es) applied' "$work/err" | cut -d' ' -f1)
  echo "| $label | $resources | ${fixes:-?} | $dry_wall | $dry_cpu | $fix_wall | $fix_cpu | $fix_rss |"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| tree | resources | fixes | dry-run wall (s) | dry-run CPU (s) | fix wall (s) | fix CPU (s) | fix peak RSS (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  files_tree "$work/files$n" "$n"
  row "$n files" "$work/files$n" $((2 * n))
done
one_file_tree "$work/one800" 800
row "800 trails in one file, \`--rule AWS-CT-001\`" "$work/one800" 800 --rule AWS-CT-001
