#!/usr/bin/env bash
# Queue throughput: queued jobs claimed and started per second by the ledger keepers, with a backend that ends
# every job at once, for one process and for two processes on one SQLite file (WAL, synchronous=FULL, a temp
# folder; disk sync speed dominates). The queue is filled first, the workers start and open the ledger, then the
# clock runs from "go" until every job has ended. Prints one markdown table row.
# Usage: bench/queue-throughput.sh [jobs] [slots-per-process]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-500}; slots=${2:-8}
mvn -q -o -B -Dstyle.color=never -pl bootstrap -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.cp)"
one=$(java -cp "$cp" io.img2img.bootstrap.QueueBenchmark run 1 "$jobs" "$slots" 2>/dev/null | grep RESULT)
two=$(java -cp "$cp" io.img2img.bootstrap.QueueBenchmark run 2 "$jobs" "$slots" 2>/dev/null | grep RESULT)
echo "| queue throughput, instant backend, $jobs jobs, $slots slots per process | 1 process: $(echo "$one" | awk '{print $5}') jobs/s | 2 processes, one SQLite file: $(echo "$two" | awk '{print $5}') jobs/s |"
