#!/usr/bin/env python3
"""Cold start of a stdio MCP server: process spawn -> `tools/list` answered.

Usage: python3 bench/mcp-cold-start.py [--runs N]
Measures, in the same run and interleaved (so load on the machine hits all alike):
  java -jar bootstrap/target/img2img.jar mcp   (plain JVM, Java 17)
  ./img2img mcp                                 (the launcher: start-up cache, JVM options)
  node bench/node-mcp/server.mjs                (a minimal Node MCP server with one tool, @modelcontextprotocol/sdk)
Prints the median, min and max per command in milliseconds, and the launcher / Node ratio.
"""
import argparse, json, os, select, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAMES = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]


def once(cmd, env):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    p.stdin.write(("\n".join(json.dumps(f) for f in FRAMES) + "\n").encode())
    p.stdin.flush()
    buf = b""
    deadline = start + 60
    try:
        while time.perf_counter() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 1)
            if not r:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("server closed stdout before answering: %s" % cmd)
            buf += chunk
            for line in buf.split(b"\n")[:-1]:
                msg = json.loads(line)
                if msg.get("id") == 2:
                    elapsed = (time.perf_counter() - start) * 1000
                    assert msg["result"]["tools"], "no tools listed"
                    return elapsed
        raise RuntimeError("no tools/list answer within 60 s: %s" % cmd)
    finally:
        p.kill()
        p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="img2img-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMG2IMG_", "SCENARIO_"))}
    env.update({"IMG2IMG_BACKEND": "local", "IMG2IMG_OUTPUT_DIR": out,
                "IMG2IMG_DATABASE_URL": "jdbc:sqlite:" + os.path.join(out, "ledger.db")})  # never ~/.img2img
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    node_dir = os.path.join(ROOT, "bench", "node-mcp")
    if not os.path.isdir(os.path.join(node_dir, "node_modules", "@modelcontextprotocol")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=node_dir, check=True,
                       stdout=sys.stderr)
    commands = {
        "java -jar (Java 17)": [java, "-jar", os.path.join(ROOT, "bootstrap/target/img2img.jar"), "mcp"],
        "./img2img launcher": [os.path.join(ROOT, "img2img"), "mcp"],
        "node (MCP SDK 1.32)": ["node", os.path.join(node_dir, "server.mjs")],
    }
    for cmd in commands.values():  # warm the OS file cache and make the launcher's start-up cache
        once(cmd, env)
    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(once(cmd, env))
    print("| command | median ms | min | max | runs |")
    print("|---|---|---|---|---|")
    for name, t in times.items():
        print("| %s | %.0f | %.0f | %.0f | %d |" % (name, statistics.median(t), min(t), max(t), len(t)))
    node = statistics.median(times["node (MCP SDK 1.32)"])
    print("\nlauncher / node = %.2f; java -jar / node = %.2f" % (
        statistics.median(times["./img2img launcher"]) / node, statistics.median(times["java -jar (Java 17)"]) / node))


if __name__ == "__main__":
    main()
