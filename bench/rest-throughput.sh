#!/usr/bin/env bash
# REST throughput: requests/s and p50/p99 for a dry run (the validation path) and for a local
# 512x512 single-sample generation, each beside the trivial GET /health in the same run, and the
# server's peak RSS. Needs wrk (apt-get install wrk) and the fat jar (mvn -DskipTests package).
# Usage: bench/rest-throughput.sh [seconds-per-phase] [connections]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; connections="${2:-4}"; port=18181
jar=bootstrap/target/img2img.jar
out=$(mktemp -d)
java -Xmx1g -jar "$jar" serve --backend local --port "$port" --output-dir "$out/images" 2>"$out/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

image=$(base64 -w0 examples/reference.png)
printf '{"modelId":"model_bench","prompt":"a lighthouse, warm","image":"data:image/png;base64,%s","numSamples":1,"width":512,"height":512,"seed":1}' "$image" > "$out/body.json"
cat > "$out/post.lua" <<LUA
local f = io.open("$out/body.json", "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
# the validation path without a 19 KB data URL to carry: a small body naming an asset this server made
asset=$(curl -s "http://127.0.0.1:$port/v1/generate/img2img" -H 'Content-Type: application/json' --data-binary @"$out/body.json" \
  | sed -n 's/.*"assetId":"\(asset_[A-Za-z0-9_-]*\)".*/\1/p')
printf '{"modelId":"model_bench","prompt":"a lighthouse, warm","image":"%s","numSamples":1,"width":512,"height":512,"seed":1}' "$asset" > "$out/small.json"
sed "s|$out/body.json|$out/small.json|" "$out/post.lua" > "$out/post-small.lua"
cat > "$out/get.lua" <<LUA
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
phase() { # name url script
  wrk -t2 -c"$connections" -d2s -s "$3" "$2" >/dev/null 2>&1 # warm-up
  local r; r=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$3" "$2" | grep RESULT)
  echo "$1 $r"
}
health=$(phase health "http://127.0.0.1:$port/health" "$out/get.lua")
dry=$(phase dry-run-data-url-19KB "http://127.0.0.1:$port/v1/generate/img2img?dryRun=true" "$out/post.lua")
drysmall=$(phase dry-run-asset-id "http://127.0.0.1:$port/v1/generate/img2img?dryRun=true" "$out/post-small.lua")
health2=$(phase health "http://127.0.0.1:$port/health" "$out/get.lua")
gen=$(phase generation "http://127.0.0.1:$port/v1/generate/img2img" "$out/post.lua")
rss=$(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MiB"}')
echo "| route | requests/s | p50 ms | p99 ms | non-2xx | socket errors | ratio to /health |"
echo "|---|---|---|---|---|---|---|"
base=$(echo "$health $health2" | awk '{print ($3+$10)/2}')
for line in "$health" "$dry" "$drysmall" "$gen"; do
  echo "$line" | awk -v base="$base" '{printf "| %s | %.0f | %.2f | %.2f | %s | %s | %.2f |\n", $1, $3, $4, $5, $6, $7, $3/base}'
done
echo "server peak RSS (VmHWM): $rss; $connections connections, ${seconds}s per phase, /health = mean of a run before and after the dry runs"
