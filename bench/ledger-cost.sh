#!/usr/bin/env bash
# The job ledger's cost per generation on SQLite (WAL, synchronous=FULL, one file in a temp folder):
# keyed accept, submitting + submitted, finish; p50 and p99 in µs. Disk speed dominates (each write
# transaction is synced). Usage: bench/ledger-cost.sh [generations] [warm-up]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -B -pl adapter-storage -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="adapter-storage/target/test-classes:adapter-storage/target/classes:$(cat adapter-storage/target/bench.cp)"
exec java -cp "$cp" io.img2img.adapter.storage.ledger.LedgerBenchmark "${1:-2000}" "${2:-500}"
