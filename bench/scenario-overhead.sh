#!/usr/bin/env bash
# The Scenario client's overhead per generation vs raw OkHttp sending the same bytes, against a
# MockWebServer answering at once. Each fork is a fresh JVM (the JIT compiles each run differently);
# the result is the median over forks of each fork's median round. Each fork first runs WARM_UP
# generations on both paths (default 20000: the steady state of a long-running server).
# Builds in the reactor (-am), installs nothing: the local Maven repository may be shared.
# Usage: [WARM_UP=n] bench/scenario-overhead.sh [forks] [rounds] [generations-per-round]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
forks="${1:-3}"; rounds="${2:-20}"; per_round="${3:-300}"; warm_up="${WARM_UP:-20000}"
# no `mvn install` (the local repository may be shared): the reactor resolves the sibling modules to their target dirs
mvn -q -o -B -pl adapter-scenario-http -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="adapter-scenario-http/target/test-classes:adapter-scenario-http/target/classes:$(cat adapter-scenario-http/target/bench.cp)"
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
for fork in $(seq "$forks"); do
  java -Xms1g -Xmx1g -Xmn256m -Dlogback.configurationFile=/dev/null -DwarmUpGenerations="$warm_up" -cp "$cp" io.img2img.adapter.scenario.ClientOverheadBenchmark "$rounds" "$per_round" \
    | tee /dev/stderr | grep -E '^  (CPU|wall)' >>"$runs"
done
# lines: "  CPU time of the calling thread  img2img client  N µs, raw OkHttp  M µs, ratio R" / "  wall time ..."
echo "median over $forks forks of $rounds rounds of $per_round generations, after $warm_up generations of warm-up:"
for kind in CPU wall; do
  grep "^  $kind" "$runs" | sed 's/.*client *\([0-9]*\) µs, raw OkHttp *\([0-9]*\) µs, ratio \([0-9.]*\)/\1 \2 \3/' \
    | sort -k3,3n | awk -v kind="$kind" '{row[NR] = $0} END {split(row[int((NR + 1) / 2)], f, " ");
      printf "  %-4s img2img client %d µs, raw OkHttp %d µs, ratio %.2f (all forks:", kind, f[1], f[2], f[3];
      for (i = 1; i <= NR; i++) { split(row[i], g, " "); printf " %.2f", g[3] } print ")" }'
done
