#!/usr/bin/env bash
# From a job's end on node A to a waiter's answer on node B (two `serve` nodes of the fat jar on one PostgreSQL):
# a local job of ~100 ms is posted to A, a caller waits for it on B (Prefer: wait); the time from the job's last
# write (database clock) to B's answer (same machine's clock), p50 and p99. Target: p99 <= 50 ms.
# Prints a markdown table row. Builds without `mvn install` (the local repository may be shared).
# Usage: bench/cross-node-wake.sh [jobs]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nodes-benchmark.sh
echo "| measure | p50 | p99 |"
echo "|---|---|---|"
nodes_benchmark wake "${1:-200}"
machine_line
