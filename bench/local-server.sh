# Sourced by the REST benchmarks: a `serve` on the local backend with a ledger and output folder of its own
# (never the user's ~/.img2img), the README's 1 × 512×512 generation body, and wrk's result line.
# After `bench_serve PORT [launcher|jar]`: $out is the run's folder, $server the server's pid, removed/stopped on exit.

bench_serve() {
  local port=$1 how=${2:-jar}
  out=$(mktemp -d)
  export IMG2IMG_DATABASE_URL="jdbc:sqlite:$out/ledger.db"
  if [ "$how" = jar ]; then # plain `java -Xmx1g -jar` on the default java
    java -Xmx1g -jar bootstrap/target/img2img.jar serve --backend local --port "$port" --output-dir "$out/images" 2>"$out/server.log" &
  else # as users start it: the launcher (newest installed JDK, serial GC, -Xmx1g)
    ./img2img serve --backend local --port "$port" --output-dir "$out/images" 2>"$out/server.log" &
  fi
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0; sleep 0.2; done
  echo "the server did not start: $(tail -5 "$out/server.log")" >&2
  return 1
}

# $out/body.json (the generation) and $out/post.lua (wrk posting it, printing the RESULT line)
bench_generation_body() {
  printf '{"modelId":"model_bench","prompt":"a lighthouse, warm","image":"data:image/png;base64,%s","numSamples":1,"width":512,"height":512,"seed":1}' \
    "$(base64 -w0 examples/reference.png)" > "$out/body.json"
  { echo "local f = io.open(\"$out/body.json\", \"rb\"); wrk.body = f:read(\"*a\"); f:close()"
    echo 'wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"'
    bench_wrk_result; } > "$out/post.lua"
}

# wrk's done(): "RESULT requests/s p50-ms p99-ms non-2xx socket-errors"
bench_wrk_result() {
  cat <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
}
