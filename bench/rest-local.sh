#!/usr/bin/env bash
# Local generation over REST end to end (the ledger in the path): p50/p99 of one 1 × 512×512 request at a time,
# and requests/s with 4 clients beside the local backend alone (no HTTP, service or ledger) with 4 clients in the
# same run. Builds without `mvn install` (the local repository may be shared). Needs wrk.
# Usage: bench/rest-local.sh [seconds-per-run]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; port=18182
mvn -q -o -B package -DskipTests >&2
jar=bootstrap/target/img2img.jar
source bench/local-server.sh
bench_serve "$port" jar
bench_generation_body
url="http://127.0.0.1:$port/v1/generate/img2img"
curl -s -o /dev/null -w 'first request: HTTP %{http_code} in %{time_total} s\n' "$url" -H 'Content-Type: application/json' --data-binary @"$out/body.json"
wrk -t2 -c4 -d5s -s "$out/post.lua" "$url" >/dev/null   # warm-up
read -r _ rps1 p50 p99 bad1 err1 < <(wrk -t1 -c1 -d"${seconds}s" --latency -s "$out/post.lua" "$url" | grep RESULT)
read -r _ rps4 p50_4 p99_4 bad4 err4 < <(wrk -t2 -c4 -d"${seconds}s" --latency -s "$out/post.lua" "$url" | grep RESULT)
kill $server; wait $server 2>/dev/null || true
alone() { java -Xmx1g -cp "adapter-local/target/test-classes:$jar" io.img2img.adapter.local.RendererThroughputBenchmark \
  examples/reference.png "$seconds" "$1" | sed -n 's/^RENDERER \([0-9.]*\).*/\1/p'; }
renderer1=$(alone 1); renderer=$(alone 4)
echo "1 client:  p50 $p50 ms, p99 $p99 ms, $rps1 requests/s (non-2xx $bad1, socket errors $err1)"
echo "4 clients: $rps4 requests/s, p50 $p50_4 ms, p99 $p99_4 ms (non-2xx $bad4, socket errors $err4)"
echo "local backend alone, 1 client: $renderer1 jobs/s ($(awk -v r="$renderer1" 'BEGIN {printf "%.1f", 1000 / r}') ms a job)"
echo "local backend alone, 4 clients: $renderer jobs/s; REST / renderer = $(awk -v a="$rps4" -v b="$renderer" 'BEGIN {printf "%.2f", a / b}')"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
