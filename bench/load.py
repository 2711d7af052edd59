"""Load test (issue 15, item 5): a realistic mix against `wushe serve --workers 2` on PostgreSQL, beside
the bare Litestar + Strawberry app (``bench/bare.py``) as the ceiling, on loopback.

The data set, the servers and the HTTP helpers are ``bench/http_stack.py``'s. Both servers run with
``--workers`` worker(s) (2); each wushe worker with a pool of 8 + 2 connections (:data:`POOL`). ``--connections`` clients (asyncio, in this process, one keep-alive
connection each) send requests one after another, each picked at random by weight (seeded):

============= ====== ==============================================================================
kind          weight wushe                                           bare (the ceiling)
============= ====== ==============================================================================
rollup        3      the README's rollup of Zhengyang's communities   ``POST /rollup``: its SQL + JSON
region        1      ``chongqing`` › districts › streets, counts and  the same tree, from memory
                     two indicators (http_stack's nested query)
list          3      a street's volunteers, 20 a page, with the count ``{ __typename }``
form          1      ``submitForm``: a community's demand list         ``{ __typename }``
record        2      ``recordService``: an hour of service            ``{ __typename }``
transition    1      a case's step (Tianjin's creation tasks:          ``{ __typename }``
                     complete, reopen, in turn)
============= ====== ==============================================================================

The bare app has no lists, forms, ledger or cases: for those it answers ``{ __typename }``, the
framework's own cost, so the ceiling is an upper bound no application reaches. Each run is bounded
in time (``--duration`` seconds a server) and in count (``--max-requests`` a server); every answer
must be 200 without errors (a mutation's payload errors included), others are counted as errors.
Then the rate limit's store is compared: ``{ __typename }`` on wushe with the counts shared in the
database (the default with 2 workers on PostgreSQL) and in memory, from one client and from a new
client every request (each one's first request claims a share of its window: a round trip).

    python bench/load.py --database postgresql://postgres@127.0.0.1:5432/postgres
    python bench/load.py --database postgresql://… --duration 60 --connections 32 --json /tmp/load.json

``tests/test_bench_load.py`` runs it minimal, timing nothing.
"""

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import http_stack  # bench/http_stack.py, beside this file
from http_stack import ROLLUP, ROLLUP_UNDER, TYPENAME, Call, Client, Server, percentile

WEIGHTS = {"rollup": 3, "region": 1, "list": 3, "form": 1, "record": 2, "transition": 1}
LIST = """query($p: String!) { region(path: $p) { volunteers(first: 20) { totalCount nodes { id name } } } }"""
FORM = """mutation($r: String!, $d: JSON!) { submitForm(form: "chongqing_demand_list", region: $r, data: $d) {
  result { id } errors { field message code } } }"""
VOLUNTEER = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
ACTIVITY = """mutation($input: ActivityInput!) { createActivity(input: $input) { result { id } errors { field message } } }"""
RECORD = """mutation($input: ServiceRecordInput!) { recordService(input: $input) { result { id } errors { field message code } } }"""
STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id state } errors { field message code } } }"""
ADD_REGION = """mutation($p: String!, $c: String!, $n: String!, $t: Tier!) {
  addRegion(parent: $p, code: $c, name: $n, tier: $t) { errors { field message } } }"""
CHILDREN = """query($id: ID!) { case(id: $id) { children { id type state } } }"""
POOL = {"WUSHE_DATABASE_POOL_SIZE": "8", "WUSHE_DATABASE_MAX_OVERFLOW": "2"}
"""Each wushe worker's connections: fewer than the default 20 + 10, so that the run stays well inside a
shared server's 100 (more clients than connections wait their turn, as in production)."""
POINT, TASK = "tianjin_creation_point", "tianjin_creation_task"
DEMANDS = {"compiled_on": "2024-03-01", "period": "2024年度", "items": [
    {"code": "D-001", "group": "独居老人", "domain": "生活照料", "description": "助餐、助洁", "people": 36,
     "channel": "居民需求调研", "status": "待对接"}]}


# --- what the mix needs, made once through wushe ------------------------------------------------


@dataclass
class Scene:
    """What the requests of the mix refer to: the places, a volunteer and an activity to record
    hours at, and Tianjin's creation tasks to step (each held by one client at a time)."""

    street: str
    community: str
    volunteer: str
    activity: str
    tasks: asyncio.Queue[tuple[str, str]] | None = None
    task_list: list[tuple[str, str]] = field(default_factory=list)
    serial: int = 0

    def next(self) -> int:
        self.serial += 1
        return self.serial


def payload_errors(body: dict[str, Any]) -> list[Any]:
    """The GraphQL errors of an answer, and its mutations' payload errors."""
    found = list(body.get("errors") or [])
    for value in (body.get("data") or {}).values():
        if isinstance(value, dict) and value.get("errors"):
            found += value["errors"]
    return found


def setup(server: Server, write_at: str) -> Scene:
    """Through the wushe server as the administrator: a volunteer and an activity at the community
    the writes go to, and a Tianjin street with a creation point (its seven tasks)."""
    client = Client()

    def ask(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        _, status, raw = client.send(Call.graphql(server, query, variables))
        body = json.loads(raw)
        if status != 200 or payload_errors(body):
            raise SystemExit(f"setup: {query[:50]}…: HTTP {status}: {raw[:500]!r}")
        return dict(body["data"])

    try:
        volunteer = ask(VOLUNTEER, {"input": {"name": "压测志愿者", "region": write_at, "registeredOn": "2020-01-01"}})
        activity = ask(ACTIVITY, {"input": {"title": "压测志愿服务", "heldOn": "2020-01-01", "region": write_at}})
        street = "tianjin/baodi/loadtest"
        ask(ADD_REGION, {"p": "tianjin/baodi", "c": "loadtest", "n": "压测街道", "t": "STREET"})
        for code in ("a", "b"):
            ask(ADD_REGION, {"p": street, "c": code, "n": f"压测{code}社区", "t": "COMMUNITY"})
        point = ask(STEP, {"input": {"type": POINT, "region": street, "action": "designate",
                                     "data": {"level": "区级创建点", "communities": ["a", "b"]}}})
        children = ask(CHILDREN, {"id": point["transition"]["result"]["id"]})["case"]["children"]
        tasks = [(c["id"], c["state"]) for c in children if c["type"] == TASK]
    finally:
        client.close()
    return Scene(street=write_at.rsplit("/", 1)[0], community=write_at,
                 volunteer=volunteer["createVolunteer"]["result"]["id"],
                 activity=activity["createActivity"]["result"]["id"], task_list=tasks)


# --- the mix ------------------------------------------------------------------------------------


Request = tuple[str, bytes, Callable[[], None]]
"""A request of the mix: its path, its body, and what to do once it is answered."""


def graphql(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"query": query, **({"variables": variables} if variables else {})}, ensure_ascii=False).encode()


def done() -> None:
    return None


async def wushe_request(kind: str, scene: Scene) -> Request:
    if kind == "rollup":
        return "/graphql", graphql(ROLLUP), done
    if kind == "region":
        return "/graphql", graphql(http_stack.NESTED, {"path": http_stack.NESTED_ROOT}), done
    if kind == "list":
        return "/graphql", graphql(LIST, {"p": scene.street}), done
    if kind == "form":
        data = {**DEMANDS, "items": [{**DEMANDS["items"][0], "code": f"D-{scene.next()}"}]}
        return "/graphql", graphql(FORM, {"r": scene.community, "d": data}), done
    if kind == "record":
        n = scene.next()  # a volunteer's day holds 24 hours: an hour a slot, never two in one
        day = (dt.date.today() - dt.timedelta(days=1 + n // 24)).isoformat()
        return "/graphql", graphql(RECORD, {"input": {
            "volunteerId": scene.volunteer, "activityId": scene.activity, "servedOn": day,
            "startsAt": f"{n % 24:02d}:00", "minutes": 60}}), done
    assert scene.tasks is not None
    task, state = await scene.tasks.get()  # one client steps a task at a time
    if state == "open":
        step, after = {"case": task, "action": "complete", "data": {"summary": "已完成"}}, "done"
    else:
        step, after = {"case": task, "action": "reopen", "data": {"reason": "复查"}}, "open"
    return "/graphql", graphql(STEP, {"input": step}), lambda: scene.tasks.put_nowait((task, after))  # type: ignore[union-attr]


async def bare_request(kind: str, scene: Scene) -> Request:
    if kind == "rollup":
        return "/rollup", json.dumps({"under": ROLLUP_UNDER}).encode(), done
    if kind == "region":
        return "/graphql", graphql(http_stack.NESTED, {"path": http_stack.NESTED_ROOT}), done
    return "/graphql", graphql(TYPENAME), done


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    sent: int = 0


async def drive(server: Server, make: Callable[[str, Scene], Any], scene: Scene, connections: int, seconds: float,
                max_requests: int, seed: int) -> dict[str, Any]:
    """``connections`` clients sending the mix to ``server`` until ``seconds`` have passed or
    ``max_requests`` were sent; each answer checked."""
    scene.tasks = asyncio.Queue()
    for task in scene.task_list:
        scene.tasks.put_nowait(task)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    tally = Tally({kind: [] for kind in kinds}, dict.fromkeys(kinds, 0))
    started = time.perf_counter()
    deadline = started + seconds

    async def client(number: int) -> None:
        pick = random.Random(seed * 1000 + number)
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        headers = "".join(f"{k}: {v}\r\n" for k, v in server.headers.items())
        try:
            while time.perf_counter() < deadline and tally.sent < max_requests:
                tally.sent += 1
                kind = pick.choices(kinds, weights)[0]
                path, body, then = await make(kind, scene)
                request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: {len(body)}\r\n"
                           f"{headers}\r\n").encode() + body
                sent = time.perf_counter()
                writer.write(request)
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                answer = await reader.readexactly(length)
                tally.latencies[kind].append(time.perf_counter() - sent)
                then()
                bad = b" 200 " not in status_line
                if not bad:
                    parsed = json.loads(answer)
                    bad = bool(payload_errors(parsed)) or parsed.get("data") is None
                if bad:
                    tally.errors[kind] += 1
                    if len(tally.examples) < 5:
                        tally.examples.append(f"{kind}: {status_line.decode().strip()} {answer[:300]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(client(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    every = [s for samples in tally.latencies.values() for s in samples]
    errors = sum(tally.errors.values())
    return {
        "requests": len(every), "seconds": elapsed, "errors": errors, "examples": tally.examples,
        "rps": (len(every) - errors) / elapsed if elapsed else 0.0,
        "p50": statistics.median(every) * 1000 if every else None,
        "p99": percentile(every, 0.99) * 1000 if every else None,
        "kinds": {kind: {"requests": len(s), "errors": tally.errors[kind],
                         "p50": statistics.median(s) * 1000 if s else None,
                         "p99": percentile(s, 0.99) * 1000 if s else None}
                  for kind, s in tally.latencies.items()},
    }


# --- the rate limit's store: shared in the database, or in memory -----------------------------------


def store_costs(data: dict[str, Any], args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """``{ __typename }`` on two wushe servers at once, one counting in the database and one in memory,
    the limit at the default 600 a minute; sequential requests sent to each in turn (so that the
    machine's noise hits both alike), each from a new client (X-Forwarded-For, the servers trusting
    127.0.0.1 as their proxy), then as many from one client (fewer than its limit)."""
    servers = {}
    for store in ("database", "memory"):
        server = http_stack.wushe_server(data["url"], data["token"], args.workers, 600, folder)
        server.env.update({**POOL, "WUSHE_RATE_LIMIT_STORE": store, "WUSHE_TRUSTED_PROXIES": '["127.0.0.1/32"]'})
        server.log = folder / f"wushe-{store}.log"
        servers[store] = server
    client = Client()
    samples: dict[str, dict[str, list[float]]] = {store: {"new_client_each": [], "one_client": []} for store in servers}
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        cases = [("new_client_each", n, f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
                 for n in range(args.store_requests)]
        cases += [("one_client", n, "10.255.255.255") for n in range(min(args.store_requests, 500))]
        for warm in range(10):  # compiled statements, prepared ones, the pools
            for server in servers.values():
                send_typename(client, server, f"10.254.0.{warm}")
        for case, _, address in cases:
            for store, server in servers.items():
                samples[store][case].append(send_typename(client, server, address))
    finally:
        client.close()
        for server in servers.values():
            server.stop()
    return {store: {case: {"p50": statistics.median(s), "mean": statistics.mean(s), "requests": len(s)}
                    for case, s in by_case.items()} for store, by_case in samples.items()}


def send_typename(client: Client, server: Server, address: str) -> float:
    """Milliseconds of one ``{ __typename }`` from the client ``address`` (checked)."""
    call = Call(server, "/graphql", graphql(TYPENAME))
    base = server.headers
    server.headers = {**base, "X-Forwarded-For": address}
    try:
        seconds, status, body = client.send(call)
    finally:
        server.headers = base
    http_stack.checked(call, status, body)
    return seconds * 1000


# --- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, report: Any = print) -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wushe-load-") as name, \
            http_stack.database(args.database, Path(name)) as (owner, url):
        folder = Path(name)
        data = asyncio.run(http_stack.prepare(owner, url, args.scale, args.density, args.seed, report))
        backend = http_stack.backend_of(url)
        results, rss = mix(data, args, folder, report) if args.mix else ({}, {})
        stores = store_costs(data, args, folder) if args.store_requests else {}
    wushe, bare = results.get("wushe", {}), results.get("bare", {})
    return {
        "backend": backend, "workers": args.workers, "connections": args.connections, "duration": args.duration,
        "max_requests": args.max_requests, "scale": args.scale, "density": args.density, "weights": WEIGHTS,
        "servers": results, "rss_mib": rss, "stores": stores,
        "ratio_rps": bare["rps"] / wushe["rps"] if wushe.get("rps") else None,
        "ratio_p99": wushe["p99"] / bare["p99"] if wushe.get("p99") and bare.get("p99") else None,
        "machine": f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} / {load_before[1]:.1f} / "
                   f"{load_before[2]:.1f} (1/5/15 min) before, {os.getloadavg()[0]:.1f} after",
    }


def mix(data: dict[str, Any], args: argparse.Namespace, folder: Path,
        report: Any) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The mix against each server in turn: their figures, and their workers' RSS (MiB) after."""
    servers = {"wushe": http_stack.wushe_server(data["url"], data["token"], args.workers, http_stack.RATE_LIMIT, folder),
               "bare": http_stack.bare_server(data, args.workers, folder)}
    servers["wushe"].env.update(POOL)
    results: dict[str, Any] = {}
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        scene = setup(servers["wushe"], data["write_at"])
        report(f"the mix: {', '.join(f'{k} {w}' for k, w in WEIGHTS.items())}; {args.connections} connections, "
               f"at most {args.duration:g} s and {args.max_requests:,} requests a server")
        for name, make in (("wushe", wushe_request), ("bare", bare_request)):
            results[name] = asyncio.run(drive(servers[name], make, scene, args.connections, args.duration,
                                              args.max_requests, args.seed))
            report(f"{name}: {results[name]['requests']:,} requests, {results[name]['errors']} errors")
        rss = {name: [http_stack.rss_mib(pid) for pid in server.workers()] for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    return results, rss


def number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(result: dict[str, Any]) -> str:
    lines = [f"on loopback, {result['backend']}, {result['workers']} workers; {result['machine']}"]
    if result["servers"]:
        lines = mix_table(result)
    if result["stores"]:
        lines += ["", "| rate limit store, `{ __typename }` sequential | p50 ms | mean ms |", "|---|---|---|"]
        for store, cases in result["stores"].items():
            for case, figures in cases.items():
                lines.append(f"| {store}, {case.replace('_', ' ')} | {number(figures['p50'], 2)} | "
                             f"{number(figures['mean'], 2)} |")
    for name, figures in result["servers"].items():
        for example in figures["examples"]:
            lines.append(f"error ({name}): {example}")
    return "\n".join(lines)


def mix_table(result: dict[str, Any]) -> list[str]:
    wushe, bare = result["servers"]["wushe"], result["servers"]["bare"]
    lines = [
        f"load test on loopback, {result['backend']}, {result['workers']} workers a server, "
        f"{result['connections']} connections; {result['machine']}",
        "",
        "| | bare (ceiling) | wushe | ratio |",
        "|---|---|---|---|",
        f"| requests answered | {bare['requests']:,} | {wushe['requests']:,} | |",
        f"| throughput, req/s | {number(bare['rps'])} | {number(wushe['rps'])} | "
        f"{number(result['ratio_rps'], 2)}x |",
        f"| p50, ms | {number(bare['p50'])} | {number(wushe['p50'])} | |",
        f"| p99, ms | {number(bare['p99'])} | {number(wushe['p99'])} | {number(result['ratio_p99'], 2)}x |",
        f"| errors | {bare['errors']} | {wushe['errors']} | |",
        "",
        "| wushe, by kind | requests | errors | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for kind, figures in wushe["kinds"].items():
        lines.append(f"| {kind} | {figures['requests']:,} | {figures['errors']} | {number(figures['p50'])} | "
                     f"{number(figures['p99'])} |")
    return lines


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", help="a PostgreSQL server's URL (a new database is made there and dropped); "
                                      "default: SQLite in a temporary folder")
    p.add_argument("--workers", type=int, default=2, help="worker processes of each server")
    p.add_argument("--connections", type=int, default=16, help="clients sending at once")
    p.add_argument("--duration", type=float, default=30, help="longest run against each server, seconds")
    p.add_argument("--max-requests", type=int, default=20_000, help="most requests sent to each server")
    p.add_argument("--no-mix", dest="mix", action="store_false", help="only the rate limit store's comparison")
    p.add_argument("--store-requests", type=int, default=1000,
                   help="sequential requests per case of the rate limit store's comparison (0: skip it)")
    p.add_argument("--scale", type=float, default=0.5, help="bench/generate.py's Chongqing scale")
    p.add_argument("--density", type=float, default=0.2, help="elements per resident relative to Chongqing's")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    return p


def main() -> None:
    args = parser().parse_args()
    result = run(args)
    http_stack.report(args, result, table(result))


if __name__ == "__main__":
    main()
