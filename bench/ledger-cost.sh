#!/usr/bin/env bash
# The job ledger's cost per generation: keyed accept, submitting + submitted, finish; p50 and p99 in µs.
#   sqlite (default): WAL, synchronous=FULL, one file in a temp folder; disk speed dominates (each write
#     transaction is synced).
#   postgresql: a local server started by .ci/start-postgres (Debian's defaults: fsync and synchronous_commit on),
#     a database of the benchmark's own, dropped after; one connection round trip per statement dominates.
# Usage: bench/ledger-cost.sh [generations] [warm-up] [sqlite|postgresql]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${3:-sqlite}
if [ "$engine" = postgresql ]; then
  source .ci/start-postgres
fi
mvn -q -o -B -pl adapter-ledger -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="adapter-ledger/target/test-classes:adapter-ledger/target/classes:$(cat adapter-ledger/target/bench.cp)"
exec java -cp "$cp" io.img2img.adapter.ledger.LedgerBenchmark "${1:-2000}" "${2:-500}" "$engine"
