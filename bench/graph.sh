#!/bin/sh
# Scale benchmark of the security graph: a synthetic estate of about NODES graph nodes
# (default 1,000,000), built and queried for toxic combinations, under /usr/bin/time -v for
# the peak RSS. Numbers go in docs/performance.md ("Security graph").
#   bench/graph.sh [NODES]
set -eu
NODES="${1:-1000000}"
cargo build --release -p rampart_graph --example graph_bench
TARGET="${CARGO_TARGET_DIR:-target}"
/usr/bin/time -v "$TARGET/release/examples/graph_bench" --nodes "$NODES" 2>&1 \
  | grep -E 'resources:|generate:|PATH-|Elapsed|Maximum resident|User time|System time|Percent of CPU'
