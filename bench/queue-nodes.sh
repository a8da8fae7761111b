#!/usr/bin/env bash
# Queue throughput on one PostgreSQL with a nearly instant backend (the local renderer at 1 x 64x64, 1 step):
# jobs posted at once, round robin over the nodes (2 slots each), timed on the database's clock from the first
# acceptance to the last end; one node, then three nodes of the fat jar, each on a database of its own.
# Prints markdown table rows. Builds without `mvn install` (the local repository may be shared).
# Usage: bench/queue-nodes.sh [jobs]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nodes-benchmark.sh
echo "| nodes | throughput | jobs |"
echo "|---|---|---|"
nodes_benchmark queue 1 "${1:-400}"
nodes_benchmark queue 3 "${1:-400}"
machine_line
