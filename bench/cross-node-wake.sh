#!/usr/bin/env bash
# From a job's end on node A to a waiter's answer on node B (two `serve` nodes of the fat jar on one PostgreSQL):
# a local job of ~100 ms is posted to A, a caller waits for it on B (Prefer: wait); the time from the job's last
# write (database clock) to B's answer (same machine's clock), p50 and p99. Target: p99 <= 50 ms.
# Prints a markdown table row. Builds without `mvn install` (the local repository may be shared).
# Usage: bench/cross-node-wake.sh [jobs]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/start-postgres
mvn -q -o -B package -DskipTests >&2
mvn -q -o -B -pl bootstrap -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.cp)"
echo "| measure | p50 | p99 |"
echo "|---|---|---|"
java -Dimg2img.jar=bootstrap/target/img2img.jar -Dimg2img.root=. -cp "$cp" io.img2img.bootstrap.NodesBenchmark wake "${1:-200}"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
