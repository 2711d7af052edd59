"""Benchmark: how the README's rollup under load is shared by the workers (issue 17, items 3 and 5).

``bench/http_stack.py``'s dashboard figure (the README's rollup, 50 keep-alive connections, p99 on
2 workers) beside the bare app, with what each worker took: the connections it held and the CPU
time it spent during each load round, and so whether one worker was left with most of the work.
The data set, the servers' settings and the load generator (``wrk``) are ``http_stack.py``'s.

With ``--base DIR`` (a worktree of another commit) the same two servers are also started from that
tree's code (wushe with ``PYTHONPATH=DIR``, the bare app as ``DIR/bench/bare.py`` serves itself there),
and the four servers are measured in turn in each round, so that noise hits them alike.

Each round also gives the p99 against the mean wait that its throughput implies (``connections ÷
req/s``, Little's law): a figure less moved by what else the machine runs than the p99 itself. When
one worker holds ``a`` of ``c`` connections and both are busy, its requests wait about ``2a/c``
times the mean, so an uneven split shows there::

    git worktree add --detach /tmp/base main
    python bench/workers.py --base /tmp/base --rounds 5
    python bench/workers.py --base /tmp/base --database postgresql://postgres@127.0.0.1:5432/postgres
"""

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import http_stack  # bench/http_stack.py, beside this file

HERE = Path(__file__).parent


def bare_command(tree: Path, workers: int) -> tuple[list[str], str]:
    """How ``tree``'s bare app is served with ``workers`` workers: by itself when its ``bare.py`` can
    (each worker on its own socket), else under uvicorn's workers (one socket), as http_stack.py does."""
    script = tree / "bench" / "bare.py"
    if "def main(" in script.read_text(encoding="utf-8"):
        return [sys.executable, str(script), "--workers", str(workers), "--log-level", "info"], "bench/bare.py"
    return ([sys.executable, "-m", "uvicorn", "--app-dir", str(script.parent), "--factory", "bare:create",
             *http_stack.uvicorn_options(workers)], "uvicorn --factory bare:create --workers")


def servers_of(data: dict[str, Any], args: argparse.Namespace, folder: Path) -> dict[str, http_stack.Server]:
    trees = {"": HERE.parent, **({"@base": args.base.resolve()} if args.base else {})}
    out = {}
    for suffix, tree in trees.items():
        bare = http_stack.bare_server(data, args.workers, folder)
        bare.command, bare.how = bare_command(tree, args.workers)
        bare.name, bare.log = f"bare{suffix}", folder / f"bare{suffix}.log"
        wushe = http_stack.wushe_server(data["url"], data["token"], args.workers, args.rate_limit, folder)
        wushe.name, wushe.log = f"wushe{suffix}", folder / f"wushe{suffix}.log"
        if suffix:
            wushe.env = {**wushe.env, "PYTHONPATH": str(tree)}
        out[bare.name], out[wushe.name] = bare, wushe
    for variant in args.variant:  # another wushe server of this tree, with settings of its own
        name, _, settings = variant.partition(":")
        wushe = http_stack.wushe_server(data["url"], data["token"], args.workers, args.rate_limit, folder)
        wushe.name, wushe.log = f"wushe-{name}", folder / f"wushe-{name}.log"
        wushe.env = {**wushe.env, **dict(pair.split("=", 1) for pair in settings.split(";") if pair)}
        out[wushe.name] = wushe
    return out


def sockets_held(pid: int) -> set[str]:
    found = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    found.add(target[8:-1])
    return found


def established(port: int) -> set[str]:
    """The inodes of the server ends of the established connections to ``port`` on loopback."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    return inodes


def cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def loaded_round(call: http_stack.Call, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """One ``wrk`` round, and per worker: the connections it held in the middle of it, its CPU seconds."""
    workers = call.server.workers()
    before = {pid: cpu_seconds(pid) for pid in workers}
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(
        http_stack.wrk_load(call, args.connections, args.duration, folder)))
    thread.start()
    time.sleep(min(2.0, args.duration / 2))
    open_now = established(call.server.port)
    held = {pid: len(sockets_held(pid) & open_now) for pid in workers}
    thread.join()
    spent = {pid: cpu_seconds(pid) - before[pid] for pid in workers}
    return {**result, "connections": sorted(held.values(), reverse=True),
            "cpu": sorted((round(s, 2) for s in spent.values()), reverse=True)}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()
    with (tempfile.TemporaryDirectory(prefix="wushe-workers-") as name,
          http_stack.database(args.database, Path(name)) as (owner, url)):
        folder = Path(name)
        data = asyncio.run(http_stack.prepare(owner, url, args.scale, 0.2, 1))
        backend = http_stack.backend_of(url)
        servers = servers_of(data, args, folder)
        client = http_stack.Client()
        try:
            for server in servers.values():
                server.start()
            for server in servers.values():
                server.wait_ready()
            calls = {name: (http_stack.Call(server, "/rollup", json.dumps({"under": http_stack.ROLLUP_UNDER}).encode())
                            if name.startswith("bare") else http_stack.Call.graphql(server, http_stack.ROLLUP))
                     for name, server in servers.items()}
            for call in calls.values():  # warm each worker a little (and the verdicts recorded)
                for _ in range(20):
                    client.answer(call)
            rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in calls}
            for number in range(args.rounds):
                for name, call in calls.items():
                    found = loaded_round(call, args, folder)
                    rounds[name].append(found)
                    client.answer(http_stack.Call.graphql(call.server, http_stack.TYPENAME))  # settle
                    found["tail"] = found["p99"] / (args.connections / (found["requests"] / found["seconds"]) * 1000)
                    print(f"round {number + 1} {name:12} p99 {found['p99']:7.0f} ms  tail {found['tail']:4.2f}  "
                          f"{found['requests'] / found['seconds']:6.0f} req/s  connections {found['connections']}  "
                          f"CPU s {found['cpu']}", flush=True)
            how = {name: server.how for name, server in servers.items()}
        finally:
            client.close()
            for server in servers.values():
                server.stop()
    summary = {
        name: {"p99_median": statistics.median(r["p99"] for r in rs),
               "p50_median": statistics.median(r["p50"] for r in rs),
               "tail_median": statistics.median(r["tail"] for r in rs),
               "rps": sum(r["requests"] - r["bad"] for r in rs) / sum(r["seconds"] for r in rs),
               "bad": sum(r["bad"] for r in rs) + sum(r["errors"] for r in rs),
               "rounds": rs}
        for name, rs in rounds.items()}
    return {"backend": backend, "servers": how,
            "workers": args.workers, "connections": args.connections, "duration": args.duration,
            "load_average": [round(x, 1) for x in (*load_before[:1], os.getloadavg()[0])], "results": summary}


def table(result: dict[str, Any]) -> str:
    lines = [f"{result['backend']}, {result['workers']} workers, {result['connections']} connections, "
             f"{result['duration']:g} s rounds; load average {result['load_average'][0]} before, "
             f"{result['load_average'][1]} after", "",
             "| server | how | p99 ms (median) | p50 ms | req/s | p99 ÷ mean wait (median) | "
             "connections per worker (each round) | CPU s per worker (each round) |", "|---|---|---|---|---|---|---|---|"]
    for name, r in result["results"].items():
        lines.append(f"| {name} | {result['servers'][name]} | {r['p99_median']:,.0f} | {r['p50_median']:,.0f} | "
                     f"{r['rps']:,.0f} | {r['tail_median']:.2f} | {' '.join('/'.join(map(str, x['connections'])) for x in r['rounds'])} | "
                     f"{' '.join('/'.join(map(str, x['cpu'])) for x in r['rounds'])} |")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", help="as http_stack.py's --database (default: SQLite in a temporary folder)")
    p.add_argument("--base", type=Path, help="a worktree of another commit: its servers measured as well")
    p.add_argument("--variant", action="append", default=[], metavar="NAME:VAR=VALUE[;VAR=VALUE]",
                   help="also a wushe server of this tree with these environment variables (repeatable), e.g. "
                        "gc20k:WUSHE_GC_THRESHOLD=[20000,10,10]")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--duration", type=float, default=8, help="seconds of each load round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--scale", type=float, default=0.5)
    p.add_argument("--rate-limit", type=int, default=http_stack.RATE_LIMIT)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    result = measure(args)
    print()
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
