#!/usr/bin/env bash
# Local renderer benchmark: time per request and per megapixel, peak heap (1 vs 16 samples), under -Xmx96m
# to show memory does not grow with numSamples. Usage: bench/renderer.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -B -pl adapter-local -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="adapter-local/target/test-classes:adapter-local/target/classes:$(cat adapter-local/target/bench.cp)"
exec java -Xmx96m -cp "$cp" io.img2img.adapter.local.RendererBenchmark examples/reference.png
