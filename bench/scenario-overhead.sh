#!/usr/bin/env bash
# The Scenario client's overhead per generation vs raw OkHttp, against a MockWebServer answering at once.
# Usage: bench/scenario-overhead.sh [rounds] [generations-per-round]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -B -pl domain,application install -DskipTests >&2
mvn -q -o -B -pl adapter-scenario-http test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="adapter-scenario-http/target/test-classes:adapter-scenario-http/target/classes:$(cat adapter-scenario-http/target/bench.cp)"
exec java -Dlogback.configurationFile=/dev/null -cp "$cp" io.img2img.adapter.scenario.ClientOverheadBenchmark "$@"
