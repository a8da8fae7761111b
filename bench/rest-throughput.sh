#!/usr/bin/env bash
# REST throughput: requests/s and p50/p99 for a dry run (the validation path) and for a local
# 512x512 single-sample generation, each beside the trivial GET /health in the same run, and the
# server's peak RSS. Needs wrk (apt-get install wrk); the launcher builds the fat jar when needed.
# Usage: bench/rest-throughput.sh [seconds-per-run] [connections] [rounds]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; connections="${2:-4}"; rounds="${3:-3}"; port=18181
source bench/local-server.sh
# the server as users start it (the launcher), or with BENCH_SERVER=jar as plain `java -Xmx1g -jar` on the default java
bench_serve "$port" "${BENCH_SERVER:-launcher}"
bench_generation_body
# the validation path without a 19 KB data URL to carry: a small body naming an asset this server made
asset=$(curl -s "http://127.0.0.1:$port/v1/generate/img2img" -H 'Content-Type: application/json' --data-binary @"$out/body.json" \
  | sed -n 's/.*"assetId":"\(asset_[A-Za-z0-9_-]*\)".*/\1/p')
printf '{"modelId":"model_bench","prompt":"a lighthouse, warm","image":"%s","numSamples":1,"width":512,"height":512,"seed":1}' "$asset" > "$out/small.json"
sed "s|$out/body.json|$out/small.json|" "$out/post.lua" > "$out/post-small.lua"
bench_wrk_result > "$out/get.lua"
phase() { # name url script: one measured run, as "name RESULT rps p50 p99 non2xx sockerr"
  local r; r=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$3" "$2" | grep RESULT)
  echo "$1 $r"
}
health_url="http://127.0.0.1:$port/health"
dry_url="http://127.0.0.1:$port/v1/generate/img2img?dryRun=true"
# warm every route first (the JIT compiles what each one runs), then interleave the routes for
# $rounds rounds so that drift of the machine falls on all of them alike; each route's median counts
for script in get post post-small; do
  url=$dry_url; [ $script = get ] && url=$health_url
  wrk -t2 -c"$connections" -d4s -s "$out/$script.lua" "$url" >/dev/null 2>&1
done
: >"$out/runs"
for _ in $(seq "$rounds"); do
  phase health "$health_url" "$out/get.lua" >>"$out/runs"
  phase dry-run-data-url-19KB "$dry_url" "$out/post.lua" >>"$out/runs"
  phase dry-run-asset-id "$dry_url" "$out/post-small.lua" >>"$out/runs"
done
phase generation "http://127.0.0.1:$port/v1/generate/img2img" "$out/post.lua" >>"$out/runs"
rss=$(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}')
echo "| route | requests/s | p50 ms | p99 ms | non-2xx | socket errors | ratio to /health |"
echo "|---|---|---|---|---|---|---|"
# per route, the run with the median requests/s; the ratio is to /health's median
sort -k1,1 -k3,3n "$out/runs" | awk '{n[$1]++; row[$1, n[$1]] = $0} END {
  for (r in n) med[r] = row[r, int((n[r] + 1) / 2)]
  split(med["health"], h, " "); base = h[3]
  split("health dry-run-data-url-19KB dry-run-asset-id generation", order, " ")
  for (i = 1; i <= 4; i++) { split(med[order[i]], f, " ")
    printf "| %s | %.0f | %.2f | %.2f | %s | %s | %.2f |\n", f[1], f[3], f[4], f[5], f[6], f[7], f[3] / base }
}'
echo "requests/s of every run, per route:"
sort -k1,1 "$out/runs" | awk '{a[$1] = a[$1] " " int($3)} END {for (r in a) print "  " r ":" a[r]}'
echo "server (${BENCH_SERVER:-launcher}) peak RSS (VmHWM): $rss; $connections connections, ${seconds}s per run, $rounds rounds after a warm-up of every route"
