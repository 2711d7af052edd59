"""Benchmark: wushe over HTTP beside the bare stack, side by side in one run (issue 17, item 6).

Two servers run on loopback, each under uvicorn as ``wushe serve`` runs it, ``--workers`` worker(s):

- **bare**: Litestar + Strawberry of the installed versions (``bench/bare.py``): ``{ __typename }``
  with no authentication, no limits, no database; the nested regions built once from the summary
  tables and served from memory; ``POST /rollup``, the README's rollup as hand-written SQL over
  ``subtree_summary`` plus JSON;
- **wushe**: ``wushe serve`` in production mode, authentication and the GraphQL limits on, the rate
  limit on but set to ``--rate-limit`` a minute (default 100,000,000: the default 600 a minute
  per address would answer a load test from loopback with a wall of 429s), every request with an
  administrator's bearer token.

The database is made for the run: the built-in plugins' tree plus ``bench/generate.py``'s Chongqing
data at ``--scale`` (0.5: ~500 streets, ~5,500 communities, so that ``chongqing`` › districts ›
streets is ~543 regions) and ``--density``, and data at Zhengyang Street's five seeded communities
(the README's rollup). SQLite: a file in a temporary folder (or the new file ``--database
sqlite:///FILE``); PostgreSQL: a new database on the server of ``--database``, dropped afterwards.

Measured, each pair interleaved (rounds alternate between the servers, so noise hits both alike):

1. ``{ __typename }``: p50 and p99 of ``--requests`` sequential requests; requests/s with
   ``--connections`` connections for ``--duration`` seconds, ``--rounds`` times;
2. the README's rollup (``rollup(under: "chongqing/qianjiang/zhengyang", by: COMMUNITY …)``, section
   "Where each community stands") against the bare app's ``POST /rollup``: sequential p50, and
   requests/s and p99 under ``--connections`` connections;
3. the nested query from ``chongqing`` (region › children › children with ``counts`` and two
   indicators) against the bare app's objects in memory: sequential p50;
4. a write (``createVolunteer`` at a generated community) against ``{ __typename }`` of the same
   wushe server: sequential p50; and its floor (``bench/write_floor.py``): the create's own statements,
   recorded from one create, replayed by the bare driver as real creates after the servers stop, so
   that the table says how much of the write is the database's and how much the stack's;
5. the resident memory (VmRSS) of each server's worker process(es) after the run.

Before anything is timed, both servers' answers are checked (the rollup's rows and the nested tree
equal, a write that writes); every sequential answer must be 200 without errors, and under load the
others are counted and reported under the table, as is a case that stalled. The load generator is
``wrk`` when on PATH (``apt-get install wrk``), else an asyncio client in this process (said in the
output). ``--logs DIR`` keeps the servers' logs.

    python bench/http_stack.py                                     # SQLite, ~4 minutes
    python bench/http_stack.py --database postgresql://postgres@127.0.0.1:5432/postgres
    python bench/http_stack.py --workers 2 --json /tmp/http.json

(Not ``bench/http.py``: the scripts and tests that put ``bench/`` first on ``sys.path`` would then
import it in place of the standard library's ``http``.)
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import http.client
import importlib.metadata
import json
import os
import platform as machine
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from core import clock
from core.config import Settings
from core.db import async_url
from core.documents.rules import enabled_plugins
from core.documents.targets import Role, applying_at, role_at
from core.indicators.rollup import check_year
from core.models import Region, Tenant
from core.platform import Platform
from core.tree.tiers import Tier

sys.path.insert(0, str(Path(__file__).parent))
import generate  # bench/generate.py, beside this file
import write_floor  # bench/write_floor.py

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
RATE_LIMIT = 100_000_000
"""WUSHE_RATE_LIMIT_PER_MINUTE of the wushe server: on (the limiter runs), but never reached."""

TYPENAME = "{ __typename }"


def readme_rollup() -> tuple[str, str]:
    """The README's rollup query as it is printed there ("Where each community stands"), and its ``under``."""
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where each community stands", 1)[-1]
    query = re.search(r"```graphql\n(.*?)```", section, flags=re.S)
    under = re.search(r'under: "([^"]+)"', query.group(1)) if query else None
    if query is None or under is None:
        raise SystemExit("README.md: no rollup query under \"Where each community stands\"")
    return query.group(1), under.group(1)


ROLLUP, ROLLUP_UNDER = readme_rollup()

NESTED_ROOT = "chongqing"
_LEVEL = """path name
    counts { communities socialOrganizations socialWorkers volunteers volunteerTeams communityFunds }
    indicators(keys: ["volunteer_share", "active_volunteer_share"]) { key value numerator denominator }"""
NESTED = ("query($path: String!) { region(path: $path) { " + _LEVEL + " children { " + _LEVEL
          + " children { " + _LEVEL + " } } } }")
WRITE = """mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id name } errors { field message code } } }"""
WRITE_NAME = "压测志愿者"
"""The volunteer each write adds, at the first generated community: outside the README rollup's street,
so that the writes do not put its kept counts of past days out of date between two rollups."""
ZHENGYANG_POPULATIONS = (4_488, 4_310, 8_167, 7_442, 9_965)
"""Resident populations given to Zhengyang's seeded communities (which have none): those of the demo."""


# --- the data set -----------------------------------------------------------------------------------


APP_ROLE = "bench_http_app"
"""PostgreSQL: the role wushe (and the bare app) connect as. Production mode refuses a superuser or the
owner (it could rewrite the audit log): the tables are the owner's (the URL given), as in docs/operators.md."""


@contextlib.contextmanager
def database(url: str | None, folder: Path) -> Iterator[tuple[str, str]]:
    """The database of the run, as (its owner's URL, the application's URL): a new SQLite file (the
    same URL twice), or a new PostgreSQL database on the server of ``url``, dropped afterwards."""
    if url is None:
        url = f"sqlite:///{folder / 'http.db'}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and Path(parsed.database).exists():
            raise SystemExit(f"{parsed.database} exists: give a new file (the bench builds its own data set)")
        yield url, url
        return
    server = parsed.set(drivername="postgresql")
    maintenance = server.set(database="postgres", query={}).render_as_string(hide_password=False)
    name = f"bench_http_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_ROLE}' NOSUPERUSER NOCREATEDB NOCREATEROLE; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
        connection.execute(f'CREATE DATABASE "{name}"')
    owner = server.set(database=name)
    try:
        yield (owner.render_as_string(hide_password=False),
               owner.set(username=APP_ROLE, password=APP_ROLE).render_as_string(hide_password=False))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            with contextlib.suppress(psycopg.Error):  # another run may still use it
                connection.execute(f"DROP ROLE IF EXISTS {APP_ROLE}")


async def prepare(owner: str, url: str, scale: float, density: float, seed: int,
                  report: Any = print) -> dict[str, Any]:
    """Initialise the database (as ``owner``), load the data set, and return what the servers and the
    checks need; ``url``: the application's connection."""
    platform = Platform.create(Settings(database_url=url, owner_database_url=owner if owner != url else None))
    try:
        await platform.init()
        started = time.perf_counter()
        loader = generate.Loader(owner)
        try:
            plan = load(loader, scale, density, seed, platform.keyring)
        finally:
            loader.dispose()
        write_at = next(row[9] for row in plan.regions if row[5] == "community")  # generate.REGION_COLUMNS
        report(f"data set: {len(plan.regions):,} regions added, {sum(c.volunteers for c in plan.communities):,} "
               f"volunteers, in {time.perf_counter() - started:.1f} s")
        await platform.load_signing_key()  # also refuses a role that could rewrite the audit log
        token = await platform.token_for("admin")
        knowledge = await targets_known(platform)
    finally:
        await platform.dispose()
    return {"url": url, "token": token, "targets": knowledge, "year": check_year(None), "write_at": write_at}


def load(loader: generate.Loader, scale: float, density: float, seed: int, keyring: Any) -> generate.Plan:
    """``generate.load`` for Chongqing, with Zhengyang's seeded communities among those given data."""
    with loader.engine.begin() as connection:
        next_region = connection.exec_driver_sql("SELECT max(id) FROM region").scalar_one() + 1
        districts = generate.chongqing_districts(connection)
        seeded = connection.execute(sa.text(
            "SELECT id, tenant_id FROM region WHERE path LIKE :under AND tier = 'community' ORDER BY position, path"),
            {"under": f"{ROLLUP_UNDER}/%"}).all()
        for (region_id, _), people in zip(seeded, ZHENGYANG_POPULATIONS, strict=False):
            connection.execute(sa.text("UPDATE region SET kind = 'urban', resident_population = :p, "
                                       "urban_population = :p WHERE id = :id"), {"p": people, "id": region_id})
    plan = generate.plan_chongqing(districts, next_region, scale, density, seed)
    populations = dict(zip((r.id for r in seeded), ZHENGYANG_POPULATIONS, strict=False))
    plan.communities += [generate.Community(r.id, r.tenant_id, True, populations[r.id])
                         for r in seeded if r.id in populations]
    generate._people_counts(plan)  # the volunteers again, the seeded communities' included
    stamp = loader.stamp
    for table, rows in (
        ("region", plan.regions),
        ("community_profile", generate.profile_rows(plan, stamp)),
        ("social_organization", generate.organization_rows(plan, stamp)),
        ("social_worker", generate.worker_rows(plan, stamp, keyring)),
        ("volunteer", generate.volunteer_rows(plan, stamp)),
        ("activity", generate.activity_rows(plan, stamp)),
        ("service_record", generate.record_rows(plan, stamp)),
    ):
        loader.load(table, rows)
    loader.finish()
    return plan


async def targets_known(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """The targets on ``volunteer_share`` in force at each row of the README's rollup, as the bare app's
    fixed knowledge: each one judged there (its status computed per request, or, once its deadline has
    passed, its verdict read from ``target_verdict``) or above it (context)."""
    async with platform.sessions() as session:
        rows = (await session.exec(select(Region).where(
            col(Region.path).like(f"{ROLLUP_UNDER}/%"), Region.tier == Tier.COMMUNITY))).all()
        tenant = await session.get(Tenant, rows[0].tenant_id)
        enabled = await enabled_plugins(session, tenant)  # type: ignore[arg-type]
    today = clock.today()
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found = []
        for a in applying_at(platform.registry, row.path, enabled):
            if a.target.indicator != "volunteer_share":
                continue
            role = role_at(a.target, a.scope, row.path, Tier.COMMUNITY, row.kind)
            if role is Role.SUMMARY:
                raise SystemExit(f"{row.path}: a target summarised below a community? ({a.target.key})")
            if role is not None:
                deadline = a.target.deadline or dt.date(today.year, 12, 31)
                found.append({"key": a.target.key, "comparator": a.target.comparator,
                              "threshold": str(a.target.threshold), "own": role is Role.OWN,
                              "verdict": [a.plugin, a.scope, deadline.isoformat()] if deadline < today else None})
        out[row.path] = found
    return out


# --- the servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    process: subprocess.Popen[bytes] | None = None
    how: str = ""

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen([*self.command, "--host", "127.0.0.1", "--port", str(self.port)],
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited ({self.process.returncode}):\n{self.tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not start within {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def workers(self) -> list[int]:
        """The processes that answer requests: uvicorn's workers when it supervises some (not the
        resource tracker that multiprocessing starts beside them), else itself."""
        assert self.process is not None
        children = [pid for pid in children_of(self.process.pid) if "resource_tracker" not in command_line(pid)]
        return children or [self.process.pid]


def uvicorn_options(workers: int) -> list[str]:
    """As ``wushe serve`` runs uvicorn (core/cli/platform.py): access log (level info), no proxy headers."""
    return ["--log-level", "info", "--no-proxy-headers", *(["--workers", str(workers)] if workers > 1 else [])]


@functools.cache
def serve_has_workers() -> bool:
    """Whether ``wushe serve`` takes ``--workers`` (asked once a process: each ``wushe`` start costs 3–4 s)."""
    found = subprocess.run([str(BIN / "wushe"), "serve", "--help"], capture_output=True, text=True, check=False)
    return "--workers" in found.stdout


def wushe_server(url: str, token: str, workers: int, rate_limit: int, folder: Path, store: str = "auto") -> Server:
    env = {**os.environ, "WUSHE_DATABASE_URL": url, "WUSHE_ENV": "production",
           "WUSHE_RATE_LIMIT_PER_MINUTE": str(rate_limit), "WUSHE_RATE_LIMIT_STORE": store}
    if workers == 1 or serve_has_workers():
        command = [str(BIN / "wushe"), "serve", *(["--workers", str(workers)] if workers > 1 else [])]
        how = "wushe serve"
    else:  # the same app factory under uvicorn's own workers
        command = [sys.executable, "-m", "uvicorn", "--factory", "core.web.app:create_app", *uvicorn_options(workers)]
        how = "uvicorn --factory core.web.app:create_app (wushe serve has no --workers)"
    server = Server("wushe", command, env, folder / "wushe.log", how=how)
    server.headers["Authorization"] = f"Bearer {token}"
    return server


def bare_server(data: dict[str, Any], workers: int, folder: Path) -> Server:
    config = folder / "bare.json"
    url = async_url(data["url"])
    if url.get_backend_name() == "postgresql":
        url = url.update_query_dict({"options": "-c jit=off"})
    config.write_text(json.dumps({"database_url": url.render_as_string(hide_password=False), "year": data["year"],
                                  "nested_root": NESTED_ROOT, "targets": data["targets"]}, ensure_ascii=False))
    if workers > 1:  # each worker on a socket of its own, as wushe serve's (core.web.workers)
        command = [sys.executable, str(HERE / "bare.py"), "--workers", str(workers), "--log-level", "info"]
        how = f"bench/bare.py --workers {workers} (a socket per worker)"
    else:
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "--factory", "bare:create",
                   *uvicorn_options(workers)]
        how = "uvicorn --factory bare:create"
    return Server("bare", command, {**os.environ, "BENCH_BARE_CONFIG": str(config)}, folder / "bare.log", how=how)


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rpartition(")")[2].split()[1]) == pid:
                    out.append(int(entry.name))
    return sorted(out)


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` (MiB): VmRSS from /proc (psutil is not needed)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- one request, and sequential timings ---------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One kind of request to one server."""

    server: Server
    path: str
    body: bytes

    @classmethod
    def graphql(cls, server: Server, query: str, variables: dict[str, Any] | None = None) -> "Call":
        payload: dict[str, Any] = {"query": query, **({"variables": variables} if variables else {})}
        return cls(server, "/graphql", json.dumps(payload, ensure_ascii=False).encode())


class Client:
    """One keep-alive connection per server (the standard library's: the least the client can cost)."""

    def __init__(self) -> None:
        self.connections: dict[int, http.client.HTTPConnection] = {}

    def send(self, call: Call) -> tuple[float, int, bytes]:
        """Seconds from sending to the last byte read, the status and the body (on a new connection
        if the server closed the kept one, as uvicorn does after 5 idle seconds)."""
        for attempt in (1, 2):
            connection = self.connections.get(call.server.port)
            if connection is None:
                connection = self.connections[call.server.port] = http.client.HTTPConnection(
                    "127.0.0.1", call.server.port, timeout=120)
            try:
                started = time.perf_counter()
                connection.request("POST", call.path, call.body, call.server.headers)
                response = connection.getresponse()
                body = response.read()
                return time.perf_counter() - started, response.status, body
            except (http.client.RemoteDisconnected, ConnectionError):
                connection.close()
                del self.connections[call.server.port]
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def answer(self, call: Call) -> Any:
        """The JSON answer, refused unless 200 without errors."""
        _, status, body = self.send(call)
        return checked(call, status, body)

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()


def checked(call: Call, status: int, body: bytes) -> Any:
    if status != 200:
        raise SystemExit(f"{call.server.name} {call.path}: HTTP {status}: {body[:500]!r}")
    answer = json.loads(body)
    if answer.get("errors") or answer.get("data") is None:
        raise SystemExit(f"{call.server.name} {call.path}: {body[:1000]!r}")
    return answer


def sequential(client: Client, calls: dict[str, tuple[Call, int]], warmup: int) -> dict[str, dict[str, float]]:
    """p50/p99 (ms) of each call, its count of requests made in turn with the others'; every answer checked."""
    for call, _ in calls.values():
        for _ in range(warmup):
            client.answer(call)
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(max(count for _, count in calls.values())):
        for name, (call, count) in calls.items():
            if i < count:
                seconds, status, body = client.send(call)
                checked(call, status, body)
                samples[name].append(seconds * 1000)
    return {name: {"p50": statistics.median(s), "p99": percentile(s, 0.99), "requests": len(s)}
            for name, s in samples.items()}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- under load ---------------------------------------------------------------------------------------------


WRK_SCRIPT = """wrk.method = "POST"
wrk.body = [==[%(body)s]==]
%(headers)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("BENCH requests=%%d seconds=%%f bad=%%d errors=%%d p50=%%f p99=%%f\\n", summary.requests,
    summary.duration / 1e6, b, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_load(call: Call, connections: int, seconds: float, folder: Path) -> dict[str, Any]:
    """``wrk`` for ``seconds`` with ``connections`` connections (one thread: the servers need the CPUs).
    Requests still unanswered at the end are not counted (nor timed)."""
    script = folder / f"{call.server.name}-{abs(hash(call.body))}.lua"
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in call.server.headers.items())
    script.write_text(WRK_SCRIPT % {"body": call.body.decode(), "headers": headers}, encoding="utf-8")
    found = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "60s", "-s", str(script),
         f"http://127.0.0.1:{call.server.port}{call.path}"], capture_output=True, text=True, check=False)
    line = next((x for x in found.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {found.stdout}\n{found.stderr}")
    values = {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}
    return {**values, "p50": values["p50"] if values["requests"] else None,
            "p99": values["p99"] if values["requests"] else None}


async def python_load(call: Call, connections: int, seconds: float) -> dict[str, Any]:
    """The same in this process: ``connections`` keep-alive HTTP/1.1 connections on asyncio streams."""
    head = (f"POST {call.path} HTTP/1.1\r\nHost: 127.0.0.1:{call.server.port}\r\nContent-Length: {len(call.body)}\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in call.server.headers.items()) + "\r\n").encode()
    request = head + call.body
    latencies: list[float] = []
    bad = errors = 0
    deadline = time.perf_counter() + seconds

    async def connection() -> None:
        nonlocal bad, errors
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", call.server.port)
        except OSError:
            errors += 1
            return
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                writer.write(request)
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                if b" 200 " not in status_line or b'"errors"' in body:
                    bad += 1
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
        finally:
            writer.close()

    tasks = [asyncio.ensure_future(connection()) for _ in range(connections)]
    await asyncio.wait(tasks, timeout=seconds)
    for task in tasks:  # unanswered at the end: not counted, as wrk does
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"requests": len(latencies), "seconds": seconds, "bad": bad, "errors": errors,
            "p50": statistics.median(latencies) * 1000 if latencies else None,
            "p99": percentile(latencies, 0.99) * 1000 if latencies else None}


def under_load(calls: dict[str, Call], generator: str, connections: int, seconds: float, rounds: int,
               folder: Path, settle: Any = None) -> dict[str, dict[str, Any]]:
    """Requests/s answered 200 without errors (all rounds together), the median over the rounds of each
    round's p50 and p99 (ms; None: nothing answered), and the answers that were not 200 or had errors
    (``bad``) or failed at the socket (``errors``); the calls in turn within each round, ``settle(call)``
    after each (it waits until the server has answered what it still held)."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            if generator == "wrk":
                runs[name].append(wrk_load(call, connections, seconds, folder))
            else:
                runs[name].append(asyncio.run(python_load(call, connections, seconds)))
            if settle is not None:
                settle(call)
    out = {}
    for name, rs in runs.items():
        timed = [r for r in rs if r["p50"] is not None]
        out[name] = {
            "rps": sum(r["requests"] - r["bad"] for r in rs) / sum(r["seconds"] for r in rs),
            "p50": statistics.median(r["p50"] for r in timed) if timed else None,
            "p99": statistics.median(r["p99"] for r in timed) if timed else None,
            "requests": sum(r["requests"] for r in rs), "bad": sum(r["bad"] for r in rs),
            "errors": sum(r["errors"] for r in rs), "seconds": sum(r["seconds"] for r in rs),
        }
    return out


# --- the run ------------------------------------------------------------------------------------------------


def comparable_rollup(answer: Any) -> Any:
    rollup = answer["data"]["rollup"]

    def values(vs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(v["numerator"], v["denominator"], None if v["value"] is None else round(v["value"], 12)) for v in vs]

    return ([(r["name"], values(r["values"]), r["targets"]) for r in rollup["rows"]], values(rollup["total"]["values"]))


def regions_in(region: dict[str, Any]) -> int:
    return 1 + sum(regions_in(child) for child in region.get("children", []))


def check(client: Client, calls: dict[str, Call]) -> dict[str, Any]:
    """Both servers' answers: the same rollup, the same nested tree; a write that writes."""
    for name in ("bare_typename", "wushe_typename"):
        assert client.answer(calls[name])["data"] == {"__typename": "Query"}, name
    wushe = client.answer(calls["wushe_rollup"])  # first: it records the verdicts of passed deadlines
    bare = client.answer(calls["bare_rollup"])
    if comparable_rollup(bare) != comparable_rollup(wushe):
        raise SystemExit(f"the rollups differ:\nbare  {json.dumps(bare, ensure_ascii=False)}\n"
                         f"wushe {json.dumps(wushe, ensure_ascii=False)}")
    rows = len(wushe["data"]["rollup"]["rows"])
    bare, wushe = client.answer(calls["bare_nested"]), client.answer(calls["wushe_nested"])
    if bare != wushe:
        raise SystemExit("the nested trees differ: " + first_difference(bare["data"]["region"], wushe["data"]["region"]))
    written = client.answer(calls["wushe_write"])["data"]["createVolunteer"]
    if written["errors"] or not written["result"]["id"]:
        raise SystemExit(f"the write failed: {written}")
    return {"rollup_rows": rows, "nested_regions": regions_in(wushe["data"]["region"])}


def write_input(data: dict[str, Any]) -> dict[str, Any]:
    return {"input": {"name": WRITE_NAME, "region": data["write_at"]}}


def first_difference(bare: dict[str, Any], wushe: dict[str, Any]) -> str:
    for key in bare.keys() | wushe.keys():
        if key == "children":
            continue
        if bare.get(key) != wushe.get(key):
            return f"{wushe.get('path')}.{key}: bare {bare.get(key)} != wushe {wushe.get(key)}"
    for b, w in zip(bare.get("children", []), wushe.get("children", []), strict=False):
        if b != w:
            return first_difference(b, w)
    return f"{wushe.get('path')}: children {len(bare.get('children', []))} != {len(wushe.get('children', []))}"


def measure(data: dict[str, Any], args: argparse.Namespace, folder: Path, report: Any = print) -> dict[str, Any]:
    servers = {"bare": bare_server(data, args.workers, folder),
               "wushe": wushe_server(data["url"], data["token"], args.workers, args.rate_limit, folder,
                                     args.rate_limit_store)}
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)
        for name, server in servers.items():
            server.log = args.logs / f"{name}.log"
    client = Client()
    try:
        for server in servers.values():  # both start at once, then each is waited for
            server.start()
        for server in servers.values():
            server.wait_ready()
        bare, wushe = servers["bare"], servers["wushe"]
        calls = {
            "bare_typename": Call.graphql(bare, TYPENAME),
            "wushe_typename": Call.graphql(wushe, TYPENAME),
            "bare_rollup": Call(bare, "/rollup", json.dumps({"under": ROLLUP_UNDER}).encode()),
            "wushe_rollup": Call.graphql(wushe, ROLLUP),
            "bare_nested": Call.graphql(bare, NESTED, {"path": NESTED_ROOT}),
            "wushe_nested": Call.graphql(wushe, NESTED, {"path": NESTED_ROOT}),
            "wushe_write": Call.graphql(wushe, WRITE, write_input(data)),
        }
        sizes = check(client, calls)
        report(f"checked: the rollup's {sizes['rollup_rows']} rows and the nested tree's {sizes['nested_regions']} "
               f"regions are the same from both servers; the write writes")
        n, nested = args.requests, max(3, args.requests // 10)
        report(f"sequential: {n} requests each ({nested} of the nested query), interleaved ...")
        timings = sequential(client, {name: (call, nested if "nested" in name else n) for name, call in calls.items()},
                             warmup=args.warmup)
        client.close()
        loaded = ("bare_typename", "wushe_typename", "bare_rollup", "wushe_rollup")
        report(f"under load: {args.connections} connections, {args.rounds} rounds of {args.duration:g} s per case "
               f"({args.generator}) ...")
        settler = Client()

        def settle(call: Call) -> None:  # what the server still holds answered before the next case
            settler.answer(Call.graphql(call.server, TYPENAME))

        load = under_load({name: calls[name] for name in loaded}, args.generator, args.connections, args.duration,
                          args.rounds, folder, settle)
        settler.close()
        rss = {name: [rss_mib(pid) for pid in server.workers()] for name, server in servers.items()}
        how = {name: server.how for name, server in servers.items()}
    finally:
        client.close()
        for server in servers.values():
            server.stop()
    return {"sizes": sizes, "sequential": timings, "load": load, "rss_mib": rss, "servers": how}


def backend_of(url: str) -> str:
    engine = sa.create_engine(generate.sync_url(url))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return f"PostgreSQL {str(connection.exec_driver_sql('SHOW server_version').scalar_one()).split()[0]}"
            return f"SQLite {connection.exec_driver_sql('SELECT sqlite_version()').scalar_one()}"
    finally:
        engine.dispose()


def wrk_version() -> str:
    found = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (found.stdout + found.stderr).split("Copyright")[0].strip()


def run(args: argparse.Namespace, report: Any = print) -> dict[str, Any]:
    if args.generator == "auto":
        args.generator = "wrk" if shutil.which("wrk") else "python"
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="wushe-http-") as name, database(args.database, Path(name)) as (owner, url):
        folder = Path(name)
        density = args.density if args.density is not None else 0.2
        data = asyncio.run(prepare(owner, url, args.scale, density, args.seed, report))
        captured = asyncio.run(write_floor.capture(url, owner if owner != url else None, data["token"], WRITE,
                                                   write_input(data)))
        backend = backend_of(url)
        result = measure(data, args, folder, report)
        report(f"the floor of a write: the create's {sum(map(len, captured.trips))} statements in "
               f"{len(captured.trips)} trips, replayed by the bare driver {args.requests} times ...")
        result["write_floor"] = write_floor.replay(url, captured, args.requests)
    versions = {p: importlib.metadata.version(p) for p in ("litestar", "strawberry-graphql", "uvicorn")}
    result.update(
        backend=backend, workers=args.workers, connections=args.connections, duration=args.duration,
        rounds=args.rounds, requests=args.requests, scale=args.scale, density=density, seed=args.seed,
        rate_limit=args.rate_limit, rate_limit_store=args.rate_limit_store, versions=versions,
        generator=wrk_version() if args.generator == "wrk" else "python asyncio client (wrk not on PATH)",
        machine=f"{os.cpu_count()} CPUs (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after), "
                f"Python {machine.python_version()}, {machine.system()}",
    )
    result["ratios"] = ratios(result)
    return result


def ratio(worse: float | None, better: float | None) -> float | None:
    return worse / better if worse and better else None


def ratios(result: dict[str, Any]) -> dict[str, float | None]:
    """How many times wushe's figure is worse than the bare one (latency: wushe / bare; req/s: bare / wushe)."""
    s, load = result["sequential"], result["load"]
    return {
        "typename_p50": ratio(s["wushe_typename"]["p50"], s["bare_typename"]["p50"]),
        "typename_p99": ratio(s["wushe_typename"]["p99"], s["bare_typename"]["p99"]),
        "typename_rps": ratio(load["bare_typename"]["rps"], load["wushe_typename"]["rps"]),
        "typename_load_p99": ratio(load["wushe_typename"]["p99"], load["bare_typename"]["p99"]),
        "rollup_p50": ratio(s["wushe_rollup"]["p50"], s["bare_rollup"]["p50"]),
        "rollup_rps": ratio(load["bare_rollup"]["rps"], load["wushe_rollup"]["rps"]),
        "rollup_load_p99": ratio(load["wushe_rollup"]["p99"], load["bare_rollup"]["p99"]),
        "nested_p50": ratio(s["wushe_nested"]["p50"], s["bare_nested"]["p50"]),
        "write_vs_typename_p50": ratio(s["wushe_write"]["p50"], s["wushe_typename"]["p50"]),
        "write_floor_vs_typename_p50": ratio(s["wushe_typename"]["p50"] + result["write_floor"]["p50"],
                                             s["wushe_typename"]["p50"]),
        "rss": ratio(statistics.mean(result["rss_mib"]["wushe"]), statistics.mean(result["rss_mib"]["bare"])),
    }


# --- output ---------------------------------------------------------------------------------------------------


def number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{max(digits, 1)}f}" if abs(value) < 10 else f"{value:.{digits}f}"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def verdict(value: float | None, goal: float) -> str:
    return f"<= {goal:g}x: " + ("—" if value is None else "met" if value <= goal else "MISSED")


def table(result: dict[str, Any]) -> str:
    s, load, r = result["sequential"], result["load"], result["ratios"]
    postgres = result["backend"].startswith("PostgreSQL")
    c, w, v = result["connections"], result["workers"], result["versions"]
    mib = {name: statistics.mean(values) for name, values in result["rss_mib"].items()}
    p99 = load["wushe_rollup"]["p99"]
    dashboard = "" if w != 2 else ": —" if p99 is None else ": met" if p99 < 300 else ": MISSED"
    lines = [
        f"HTTP on loopback, {result['backend']}, {w} worker(s) per server; {result['machine']}",
        f"bare: Litestar {v['litestar']} + Strawberry {v['strawberry-graphql']}, uvicorn {v['uvicorn']} as wushe's; "
        f"wushe: {result['servers']['wushe']}, production, bearer token, limits on, "
        f"WUSHE_RATE_LIMIT_PER_MINUTE={result['rate_limit']}, WUSHE_RATE_LIMIT_STORE={result['rate_limit_store']}",
        f"sequential: {result['requests']} requests per case (nested: a tenth), interleaved; under load: "
        f"{result['generator']}, {c} connections, {result['rounds']} rounds x {result['duration']:g} s per case, "
        "interleaved",
        f"data: scale {result['scale']:g}, density {result['density']:g}; ratio = how many times worse wushe is "
        "(latency wushe/bare, req/s bare/wushe)",
        "",
        "| | bare | wushe | ratio | goal |",
        "|---|---|---|---|---|",
        f"| `{{ __typename }}` p50, ms | {number(s['bare_typename']['p50'])} | {number(s['wushe_typename']['p50'])} | "
        f"{times(r['typename_p50'])} | {verdict(r['typename_p50'], 2 if postgres else 1.5)} |",
        f"| `{{ __typename }}` p99, ms | {number(s['bare_typename']['p99'])} | {number(s['wushe_typename']['p99'])} | "
        f"{times(r['typename_p99'])} | |",
        f"| `{{ __typename }}`, {c} connections, req/s | {number(load['bare_typename']['rps'], 0)} | "
        f"{number(load['wushe_typename']['rps'], 0)} | {times(r['typename_rps'])} | {verdict(r['typename_rps'], 2)} |",
        f"| `{{ __typename }}`, {c} connections, p99 ms | {number(load['bare_typename']['p99'], 0)} | "
        f"{number(load['wushe_typename']['p99'], 0)} | {times(r['typename_load_p99'])} | |",
        f"| README rollup p50, ms (bare: summary SQL + JSON) | {number(s['bare_rollup']['p50'])} | "
        f"{number(s['wushe_rollup']['p50'])} | {times(r['rollup_p50'])} | {verdict(r['rollup_p50'], 3)} |",
        f"| README rollup, {c} connections, req/s | {number(load['bare_rollup']['rps'], 0)} | "
        f"{number(load['wushe_rollup']['rps'], 0)} | {times(r['rollup_rps'])} | |",
        f"| README rollup, {c} connections, p99 ms | {number(load['bare_rollup']['p99'], 0)} | {number(p99, 0)} | "
        f"{times(r['rollup_load_p99'])} | wushe < 300 ms on 2 workers{dashboard} |",
        f"| nested, {result['sizes']['nested_regions']} regions, p50 ms (bare: from memory) | "
        f"{number(s['bare_nested']['p50'], 1)} | {number(s['wushe_nested']['p50'], 1)} | {times(r['nested_p50'])} | "
        f"{verdict(r['nested_p50'], 2)} |",
        f"| `createVolunteer` p50 ms (against wushe's `{{ __typename }}`) | {number(s['wushe_typename']['p50'])} | "
        f"{number(s['wushe_write']['p50'])} | {times(r['write_vs_typename_p50'])} | "
        f"{verdict(r['write_vs_typename_p50'], 2)} |",
        f"| the floor: the create's own SQL replayed by the bare driver, p50 ms (ratio: `{{ __typename }}` + it) | "
        f"— | {number(result['write_floor']['p50'])} | {times(r['write_floor_vs_typename_p50'])} | |",
        f"| RSS per worker after the run, MiB | {number(mib['bare'], 0)} | {number(mib['wushe'], 0)} | "
        f"{times(r['rss'])} | |",
    ]
    lines.append("answers under load: " + ", ".join(f"{name} {figures['requests']:,.0f}"
                                                    for name, figures in load.items()))
    for name, figures in load.items():
        if figures["requests"] < c * result["rounds"]:
            lines.append(f"note: {name}: {figures['requests']:.0f} answers in {figures['seconds']:g} s from {c} "
                         "connections: it stalled (its log says why: --logs DIR keeps it)")
        if figures["bad"] or figures["errors"]:
            lines.append(f"note: {name}: {figures['bad']:.0f} answers not 200 or with errors, {figures['errors']:.0f} "
                         "socket errors or timeouts")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", help="a new SQLite file (sqlite:///FILE), or a PostgreSQL server's URL (a new "
                                      "database is made there and dropped); default: SQLite in a temporary folder")
    p.add_argument("--requests", type=int, default=300, help="sequential requests per case (a tenth for the nested one)")
    p.add_argument("--connections", type=int, default=50, help="connections under load")
    p.add_argument("--duration", type=float, default=5, help="seconds of each load round of each case")
    p.add_argument("--rounds", type=int, default=3, help="load rounds (the cases in turn in each)")
    p.add_argument("--workers", type=int, default=1, help="worker processes of each server")
    p.add_argument("--warmup", type=int, default=5, help="unmeasured requests per case first")
    p.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                   help="load generator: wrk when on PATH (auto), else an asyncio client")
    p.add_argument("--rate-limit", type=int, default=RATE_LIMIT, help="WUSHE_RATE_LIMIT_PER_MINUTE of the wushe server")
    p.add_argument("--rate-limit-store", choices=("auto", "memory", "database"), default="auto",
                   help="WUSHE_RATE_LIMIT_STORE of the wushe server (auto: shared in the database with several "
                        "workers on PostgreSQL)")
    p.add_argument("--scale", type=float, default=0.5, help="bench/generate.py's Chongqing scale (0.5: ~543 regions "
                                                             "in the nested tree)")
    p.add_argument("--density", type=float, help="elements per resident relative to Chongqing's (default 0.2)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    p.add_argument("--logs", type=Path, help="keep the servers' logs in this folder (default: a temporary one)")
    return p


def report(args: argparse.Namespace, result: dict[str, Any], shown: str) -> None:
    """Print a run's table, and write its figures to ``--json`` if given (this bench's and bench/load.py's)."""
    print()
    print(shown)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    args = parser().parse_args()
    result = run(args)
    report(args, result, table(result))


if __name__ == "__main__":
    main()
