"""Benchmark: the serving settings whose defaults docs/operators.md gives, measured side by side.

    python bench/request.py                       # SQLite file in a temporary folder
    python bench/request.py --postgres postgresql://postgres@127.0.0.1:5432/test
    python bench/request.py --only gc --rounds 7  # one experiment: gc, pool or workers

Each experiment starts ``wushe serve`` (production mode; the rate limit on, raised to 10^9 a
minute so that it counts without refusing) once per variant and loads it with a raw keep-alive
HTTP/1.1 client running in a process of its own; variants run in interleaved rounds, and the
figures are medians over the rounds, with ratios to the first variant (machines are noisy):

- **gc**: ``WUSHE_GC_THRESHOLD`` 700/10/10 (Python's own), 2000/10/10 (the default) and
  10000/10/10, on a query answering every region of every tenant with its parent (~170 regions,
  25 kB): p50 of sequential requests, requests/s with ``--connections`` connections, RSS after.
- **pool**: ``WUSHE_DATABASE_POOL_SIZE`` + ``WUSHE_DATABASE_MAX_OVERFLOW`` 5+10 (SQLAlchemy's),
  20+10 (the default) and 20+0, one server at a time (so that their pools together never pass
  PostgreSQL's ``max_connections``), warmed up first: the connections the server opened during a
  run of ``{ __typename }`` and of a query reading a region and its children, with
  ``--connections`` connections (``pg_stat_database.sessions``; PostgreSQL only), and requests/s.
- **workers**: ``wushe serve --workers 1`` and ``2``: requests/s of ``{ __typename }`` with
  ``--connections`` connections, and the RSS of each worker after it.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from core.platform import Platform
from core.testing import postgres_database, settings_for_database

WUSHE = str(Path(sys.executable).parent / "wushe")
TYPENAME = "{ __typename }"
CHILDREN = '{ region(path: "panjin") { name code children { name code } } }'
REGIONS = "{ tenants { code root { descendants(first: 500) { totalCount nodes { name code path tier parent { name } } } } } }"


# --- the client (run as `python bench/request.py --client …`, in a process of its own) --------


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(int(line[15:]) for line in head.split(b"\r\n") if line[:15].lower() == b"content-length:")
    body = await reader.readexactly(length)
    status = int(head[9:12])
    if status == 200 and b'"errors"' in body:
        raise SystemExit(f"the query failed: {body[:300]!r}")
    return status


async def _client(port: int, token: str, query: str, mode: str, amount: float, connections: int) -> dict[str, Any]:
    body = json.dumps({"query": query}).encode()
    raw = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    if mode == "sequential":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        timings = []
        for i in range(int(amount) + 20):
            started = time.perf_counter()
            if await _exchange(reader, writer, raw) != 200:
                raise SystemExit("a sequential request was refused")
            if i >= 20:  # the first ones warm up
                timings.append(time.perf_counter() - started)
        writer.close()
        return {"p50": statistics.median(timings) * 1000}
    stop = time.perf_counter() + amount
    done = refused = 0

    async def one() -> None:
        nonlocal done, refused
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop:
            refused += await _exchange(reader, writer, raw) != 200
            done += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(connections)))
    return {"rps": done / (time.perf_counter() - started), "refused": refused}


def load(port: int, token: str, query: str, mode: str, amount: float, connections: int = 1) -> dict[str, Any]:
    command = [sys.executable, __file__, "--client", json.dumps([port, token, query, mode, amount, connections])]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr or done.stdout)
    return dict(json.loads(done.stdout))


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, settings: dict[str, str], extra: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        env = {**os.environ, **settings, "WUSHE_RATE_LIMIT_PER_MINUTE": str(10**9), **extra}
        self.process = subprocess.Popen(
            [WUSHE, "serve", "--port", str(self.port), "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not start within 120 seconds")

    def rss(self) -> list[float]:
        """MiB: the server's own, or each worker's when it has workers."""
        workers = [pid for pid in _children(self.process.pid) if b"spawn_main" in _cmdline(pid)]
        return [_rss(pid) for pid in workers or [self.process.pid]]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(60)


def _children(pid: int) -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    yield int(entry.name)
            except (OSError, IndexError, ValueError):
                continue


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sessions_opened(owner_url: str | None) -> int | None:
    """PostgreSQL: the sessions ever opened on the database (``pg_stat_database.sessions``)."""
    if owner_url is None:
        return None
    url = make_url(owner_url)
    dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        row = connection.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (url.database,)).fetchone()
    return int(row[0]) if row else None


# --- experiments ------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def gc_experiment(settings: dict[str, str], token: str, args: argparse.Namespace) -> None:
    variants = {"700/10/10": "[700, 10, 10]", "2000/10/10": "[2000, 10, 10]", "10000/10/10": "[10000, 10, 10]"}
    servers = {name: Server(settings, {"WUSHE_GC_THRESHOLD": value}) for name, value in variants.items()}
    figures: dict[str, dict[str, list[float]]] = {name: {"p50": [], "rps": []} for name in variants}
    try:
        names = list(variants)
        for round_ in range(args.rounds):
            for name in names[round_ % len(names):] + names[: round_ % len(names)]:
                port = servers[name].port
                figures[name]["p50"].append(load(port, token, REGIONS, "sequential", args.requests // 5)["p50"])
                figures[name]["rps"].append(load(port, token, REGIONS, "concurrent", args.seconds, args.connections)["rps"])
        print(f"\ngc thresholds: every tenant's regions (~170), {args.rounds} rounds")
        print(f"{'WUSHE_GC_THRESHOLD':20}{'p50':>10}{'ratio':>8}{'req/s':>10}{'ratio':>8}{'RSS':>10}")
        first = names[0]
        for name in names:
            p50, rps = median(figures[name]["p50"]), median(figures[name]["rps"])
            print(f"{name:20}{p50:>8.2f}ms{p50 / median(figures[first]['p50']):>8.2f}{rps:>10.0f}"
                  f"{rps / median(figures[first]['rps']):>8.2f}{servers[name].rss()[0]:>7.0f}MiB")
    finally:
        for server in servers.values():
            server.stop()


def pool_experiment(settings: dict[str, str], owner_url: str | None, token: str, args: argparse.Namespace) -> None:
    variants = {"5+10": ("5", "10"), "20+10": ("20", "10"), "20+0": ("20", "0")}
    queries = {"{ __typename }": TYPENAME, "a region's children": CHILDREN}
    figures: dict[tuple[str, str], dict[str, list[float]]] = {(name, query): {"opened": [], "rps": []} for name in variants for query in queries}
    names = list(variants)
    for round_ in range(args.rounds):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            size, overflow = variants[name]
            server = Server(settings, {"WUSHE_DATABASE_POOL_SIZE": size, "WUSHE_DATABASE_MAX_OVERFLOW": overflow})
            try:
                for query, text in queries.items():
                    load(server.port, token, text, "concurrent", 3, args.connections)  # the pool fills
                    before = sessions_opened(owner_url)
                    rps = load(server.port, token, text, "concurrent", args.seconds, args.connections)["rps"]
                    figures[(name, query)]["rps"].append(rps)
                    after = sessions_opened(owner_url)
                    if before is not None and after is not None:
                        figures[(name, query)]["opened"].append(after - before)
            finally:
                server.stop()
    print(f"\npool: {args.connections} connections for {args.seconds} s after a warm-up, {args.rounds} rounds")
    print(f"{'query':22}{'size+overflow':>14}{'connections opened':>20}{'req/s':>10}{'ratio':>8}")
    for query in queries:
        for name in names:
            opened = median(figures[(name, query)]["opened"])
            rps = median(figures[(name, query)]["rps"])
            shown = "n/a" if opened != opened else f"{opened:.0f}"  # NaN: not PostgreSQL
            ratio = rps / median(figures[(names[0], query)]["rps"])
            print(f"{query:22}{name:>14}{shown:>20}{rps:>10.0f}{ratio:>8.2f}")


def workers_experiment(settings: dict[str, str], token: str, args: argparse.Namespace) -> None:
    figures: dict[int, dict[str, list[float]]] = {n: {"rps": []} for n in (1, 2)}
    memory: dict[int, list[float]] = {}
    for round_ in range(args.rounds):
        for workers in ((1, 2) if round_ % 2 == 0 else (2, 1)):
            server = Server(settings, {}, workers=workers)
            try:
                load(server.port, token, TYPENAME, "concurrent", 2, args.connections)
                figures[workers]["rps"].append(
                    load(server.port, token, TYPENAME, "concurrent", args.seconds, args.connections)["rps"]
                )
                memory[workers] = server.rss()
            finally:
                server.stop()
    print(f"\nworkers: {{ __typename }} with {args.connections} connections, {args.rounds} rounds ({os.cpu_count()} CPUs)")
    print(f"{'workers':20}{'req/s':>10}{'ratio':>8}   RSS of each worker")
    for workers in (1, 2):
        rps = median(figures[workers]["rps"])
        rss = ", ".join(f"{value:.0f} MiB" for value in memory[workers])
        print(f"{workers:<20}{rps:>10.0f}{rps / median(figures[1]['rps']):>8.2f}   {rss}")


async def prepare(settings_url: str, owner_url: str | None) -> str:
    platform = Platform.create(settings_for_database(owner_url or settings_url, env="production"))
    try:
        await platform.init()
        return str(await platform.token_for("admin"))
    finally:
        await platform.dispose()


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--client":
        print(json.dumps(asyncio.run(_client(*json.loads(sys.argv[2])))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL as its owner (a fresh database is made and dropped)")
    parser.add_argument("--only", choices=["gc", "pool", "workers"], action="append", help="run only these experiments")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=500, help="sequential requests a round (a fifth for gc)")
    parser.add_argument("--seconds", type=float, default=5, help="seconds of each concurrent run")
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    experiments = args.only or ["gc", "pool", "workers"]

    with tempfile.TemporaryDirectory() as folder:
        databases = postgres_database(args.postgres) if args.postgres else None
        try:
            owner_url = next(databases) if databases else None
            url = owner_url or f"sqlite:///{Path(folder) / 'request.db'}"
            token = asyncio.run(prepare(url, owner_url))
            app_settings = settings_for_database(url, env="production")
            settings = {"WUSHE_DATABASE_URL": app_settings.database_url}
            print(f"wushe serve on {'PostgreSQL' if owner_url else 'SQLite'}, {os.cpu_count()} CPUs")
            if "gc" in experiments:
                gc_experiment(settings, token, args)
            if "pool" in experiments:
                pool_experiment(settings, owner_url, token, args)
            if "workers" in experiments:
                workers_experiment(settings, token, args)
        finally:
            if databases:
                next(databases, None)


if __name__ == "__main__":
    main()
