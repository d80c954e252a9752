#!/usr/bin/env bash
# Times `rampart scan` on generated Azure Resource Graph and GCP asset exports.
#   bench/cloud_exports.sh [--resources N]     (default 20000 per cloud)
# Rows are copies of the test fixtures' resources (crates/rampart_rules/tests/cloud_exports)
# with unique names: one JSON Resource Graph result and one newline-delimited asset export.
# Prints wall time, user+sys CPU, peak RSS and the number of findings per file and for both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
resources=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --resources) resources=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rampart-target}"
out="$here/out/cloud_exports"
mkdir -p "$out"
python3 - "$root/crates/rampart_rules/tests/cloud_exports" "$out" "$resources" <<'PY'
import json, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
graph = json.load(open(f"{src}/azure-resource-graph.json"))["data"]
rows = []
for i in range(n):
    row = json.loads(json.dumps(graph[i % len(graph)]))
    row["id"] = f"{row['id']}-{i}"
    row["name"] = f"{row['name']}-{i}"
    rows.append(row)
json.dump({"count": n, "data": rows, "skip_token": None, "total_records": n},
          open(f"{out}/azure.json", "w"))
assets = json.load(open(f"{src}/gcp-asset-list.json"))
with open(f"{out}/gcp.ndjson", "w") as f:
    for i in range(n):
        a = json.loads(json.dumps(assets[i % len(assets)]))
        a["name"] = f"{a['name']}-{i}"
        f.write(json.dumps(a) + "\n")
PY
(cd "$root" && cargo build --release -p rampart --quiet)
bin="$CARGO_TARGET_DIR/release/rampart"
printf '| input | resources | wall (s) | user+sys (s) | peak RSS (MiB) | findings |\n| --- | ---: | ---: | ---: | ---: | ---: |\n'
for input in azure.json gcp.ndjson both; do
  if [ "$input" = both ]; then paths=("$out/azure.json" "$out/gcp.ndjson"); count=$((2 * resources));
  else paths=("$out/$input"); count=$resources; fi
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" scan "${paths[@]}" --format json --quiet \
    --output "$out/report.json" || true
  read -r wall user sys rss < <(tail -n 1 "$out/time")  # time prefixes a line on exit 1
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$out/report.json")
  printf '| %s | %d | %s | %.2f | %d | %d |\n' "$input" "$count" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$findings"
done
