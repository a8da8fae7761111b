#!/usr/bin/env bash
# Queue throughput on one PostgreSQL with a nearly instant backend (the local renderer at 1 x 64x64, 1 step):
# jobs posted at once, round robin over the nodes (2 slots each), timed on the database's clock from the first
# acceptance to the last end; one node, then three nodes of the fat jar, each on a database of its own.
# Prints markdown table rows. Builds without `mvn install` (the local repository may be shared).
# Usage: bench/queue-nodes.sh [jobs]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/start-postgres
mvn -q -o -B package -DskipTests >&2
mvn -q -o -B -pl bootstrap -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.cp)"
run() { java -Dimg2img.jar=bootstrap/target/img2img.jar -Dimg2img.root=. -cp "$cp" io.img2img.bootstrap.NodesBenchmark "$@"; }
echo "| nodes | throughput | jobs |"
echo "|---|---|---|"
run queue 1 "${1:-400}"
run queue 3 "${1:-400}"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
