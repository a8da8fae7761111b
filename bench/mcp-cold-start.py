#!/usr/bin/env python3
"""Cold start of a stdio MCP server, against the Node server it replaces.

Usage: python3 bench/mcp-cold-start.py [--runs N] [--peer DIR] [--baseline DIR] [--no-load] [--no-first-call]
                                       [--plain] [--minimal-node]

Phases (each: one warm-up run per command, then N interleaved rounds: ours, peer, ours, peer ...; medians):
  handshake   spawn -> initialize -> notifications/initialized -> tools/list answered
              ./img2img mcp (the launcher)  against  the peer, pasie15/scenario.com-mcp-server (Node)
  first call  spawn -> initialize -> tools/list -> tools/call post-img2img-inferences {dryRun: true} answered
              (ours only: the peer has no dry run)
each quiet, then again under load: one CPU-burning process per core alongside, started and stopped here.

--peer DIR      the peer's checkout (default /tmp/scenario-peer). Missing: cloned from GitHub at the pinned
                commit; without dist/: `npm ci && npm run build` there (the npm registry). Never inside this
                repository. Equivalent by hand:
                  git clone https://github.com/pasie15/scenario.com-mcp-server /tmp/scenario-peer
                  git -C /tmp/scenario-peer checkout bf9170d8248ae2539434a76d717bda578d6bed2c
                  (cd /tmp/scenario-peer && npm ci --no-audit --no-fund && npm run build)
--baseline DIR  another checkout of img2img, built (`mvn -DskipTests -pl bootstrap -am package`): its launcher
                runs in every round too, e.g. the commit before a change (`git archive <commit> | tar -x -C DIR`)
--plain         also `java -jar bootstrap/target/img2img.jar mcp` (Java 17, no launcher)
--minimal-node  also bench/node-mcp/server.mjs (a one-tool Node server; npm install on first use)
Prints markdown tables, the ratios to the peer and the load average (1 min) before and after each phase.
"""
import argparse, base64, json, os, select, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER_REPO = "https://github.com/pasie15/scenario.com-mcp-server"
PEER_COMMIT = "bf9170d8248ae2539434a76d717bda578d6bed2c"
PEER = "peer: scenario.com-mcp-server (Node)"
OURS = "./img2img mcp (launcher)"

INITIALIZE = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]


def dry_run_frames():
    with open(os.path.join(ROOT, "examples", "reference.png"), "rb") as f:
        image = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    call = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
        "name": "post-img2img-inferences",
        "arguments": {"modelId": "model_bench", "prompt": "a lighthouse at dusk", "image": image,
                      "numSamples": 1, "width": 512, "height": 512, "dryRun": True}}}
    return INITIALIZE + [call]


def tools_listed(msg):
    assert msg["result"]["tools"], "no tools listed"


def dry_run_answered(msg):
    assert msg["result"]["structuredContent"]["dryRun"] is True, "not a dry-run answer: %s" % str(msg)[:300]


def once(cmd, env, frames, answer_id, check):
    """Milliseconds from spawn to the answer with this id (all frames written at once, as a client does)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    p.stdin.write(("\n".join(json.dumps(f) for f in frames) + "\n").encode())
    p.stdin.flush()
    buf = b""
    deadline = start + 120
    try:
        while time.perf_counter() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 1)
            if not r:
                continue
            chunk = os.read(p.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("server closed stdout before answering: %s" % cmd)
            buf += chunk
            lines = buf.split(b"\n")
            buf = lines[-1]
            for line in lines[:-1]:
                msg = json.loads(line)
                if msg.get("id") == answer_id:
                    elapsed = (time.perf_counter() - start) * 1000
                    check(msg)
                    return elapsed
        raise RuntimeError("no answer to %s within 120 s: %s" % (answer_id, cmd))
    finally:
        p.kill()
        p.wait()


def ensure_peer(directory):
    if not os.path.isfile(os.path.join(directory, "package.json")):
        subprocess.run(["git", "clone", "-q", PEER_REPO, directory], check=True, stdout=sys.stderr)
        subprocess.run(["git", "-C", directory, "checkout", "-q", PEER_COMMIT], check=True, stdout=sys.stderr)
    if not os.path.isfile(os.path.join(directory, "dist", "index.js")):
        for step in (["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], ["npm", "run", "build"]):
            subprocess.run(step, cwd=directory, check=True, stdout=sys.stderr)
    return ["node", os.path.join(directory, "dist", "index.js")]


def ensure_minimal_node():
    node_dir = os.path.join(ROOT, "bench", "node-mcp")
    if not os.path.isdir(os.path.join(node_dir, "node_modules", "@modelcontextprotocol")):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=node_dir, check=True,
                       stdout=sys.stderr)
    return ["node", os.path.join(node_dir, "server.mjs")]


class Burners:
    """One busy-looping process per core, for the phases under load."""

    def __init__(self, on):
        self.on = on
        self.processes = []

    def __enter__(self):
        if self.on:
            self.processes = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                              for _ in range(os.cpu_count() or 1)]
            time.sleep(2)  # let the load average see them
        return self

    def __exit__(self, *exc):
        for p in self.processes:
            p.kill()
            p.wait()


def phase(title, commands, env, frames, answer_id, check, runs, load):
    with Burners(load):
        before = os.getloadavg()[0]
        for cmd in commands.values():  # warm the OS file cache (and make a launcher's start-up cache)
            once(cmd, env, frames, answer_id, check)
        times = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(once(cmd, env, frames, answer_id, check))
        after = os.getloadavg()[0]
    print("\n### %s%s\n" % (title, " under load (%d CPU burners)" % (os.cpu_count() or 1) if load else ", quiet"))
    print("Load average (1 min): %.2f before, %.2f after.\n" % (before, after))
    print("| command | median ms | min | max | runs |")
    print("|---|---|---|---|---|")
    for name, t in times.items():
        print("| %s | %.0f | %.0f | %.0f | %d |" % (name, statistics.median(t), min(t), max(t), len(t)))
    if PEER in times:
        peer = statistics.median(times[PEER])
        print()
        for name, t in times.items():
            if name != PEER:
                print("- %s / peer = **%.2f**" % (name, statistics.median(t) / peer))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--peer", default="/tmp/scenario-peer")
    ap.add_argument("--baseline")
    ap.add_argument("--no-load", action="store_true")
    ap.add_argument("--no-first-call", action="store_true")
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--minimal-node", action="store_true")
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="img2img-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMG2IMG_", "SCENARIO_"))}
    env.update({"IMG2IMG_BACKEND": "local", "IMG2IMG_OUTPUT_DIR": out,
                "IMG2IMG_DATABASE_URL": "jdbc:sqlite:" + os.path.join(out, "ledger.db")})  # never ~/.img2img
    ours = {OURS: [os.path.join(ROOT, "img2img"), "mcp"]}
    if args.baseline:
        ours["baseline " + os.path.basename(os.path.abspath(args.baseline)) + " (launcher)"] = [
            os.path.join(os.path.abspath(args.baseline), "img2img"), "mcp"]
    if args.plain:
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        ours["java -jar (Java 17)"] = [java, "-jar", os.path.join(ROOT, "bootstrap/target/img2img.jar"), "mcp"]
    handshake = {}
    for name, cmd in ours.items():  # interleaved: ours, peer, ours, peer ...
        handshake[name] = cmd
        if PEER not in handshake:
            handshake[PEER] = ensure_peer(args.peer)
    if args.minimal_node:
        handshake["node bench/node-mcp (one tool)"] = ensure_minimal_node()
    print("%s, %d cores, %s; %d rounds per phase" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                                     os.cpu_count() or 1, os.uname().release, args.runs))
    loads = [False] if args.no_load else [False, True]
    for load in loads:
        phase("spawn → tools/list answered", handshake, env, INITIALIZE, 2, tools_listed, args.runs, load)
    if not args.no_first_call:
        for load in loads:
            phase("spawn → first tools/call (dry run) answered", ours, env, dry_run_frames(), 3, dry_run_answered,
                  args.runs, load)


if __name__ == "__main__":
    main()
