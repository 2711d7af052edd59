"""Benchmark: a write against ``{ __typename }`` (issue 17, item 4), on SQLite and PostgreSQL.

Initialises a fresh platform (the plugins' tenants and regions, ``admin``), then POSTs through the
in-process ASGI app (no server, no network: what is left is the platform's own cost), with the
admin's token, authentication and query limits on, the rate limit off. Each round sends, in a new
random order, one of each:

- ``{ __typename }``;
- ``createVolunteer``: a new volunteer at a community (four levels deep), no ID number;
- ``updateVolunteer``: a volunteer moved to a community of another district and back, round by
  round (both places' rows rewritten, both lineages' subtree sums changed);
- ``recordService``: an entry of the hours ledger (the yearly rows only).

It prints each one's median and 90th percentile, its median against ``{ __typename }``'s (the goal
of a create: at most 2x), and the SQL statements each runs, counted on the engine: all of them, and
those that keep the summaries (``region_summary``, ``region_year_summary``, ``subtree_summary``,
``summary_stamp``, the regions' lock). The summaries are checked against a recomputation after the
timed writes. An HTTP server's own cost, which adds the same to each, is measured by
``bench/http.py``; ``tests/test_bench_writes.py`` runs this one tiny on both backends, timing nothing.

    python bench/writes.py                           # SQLite, a file in a temporary folder
    python bench/writes.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
                                                     # and PostgreSQL: a database made and dropped
    python bench/writes.py --rounds 500 --json /tmp/writes.json
    python bench/writes.py --disk --postgres …       # each backend also with its other commit setting
    python bench/writes.py --unqueued --postgres …   # and a create whose summary statements are not queued

A commit that waits for the disk to sync its log costs what the disk takes (0.6–3 ms on these
machines): ``--disk`` shows it by measuring SQLite with ``synchronous=FULL`` beside the platform's
NORMAL, and PostgreSQL with ``synchronous_commit=off`` beside the server's setting.
"""

import argparse
import asyncio
import datetime as dt
import json
import logging
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from core.config import Settings
from core.indicators import summary
from core.platform import Platform
from core.web.app import create_app

TYPENAME = "{ __typename }"
CREATE = """mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id name } errors { field message code } } }"""
UPDATE = """mutation($id: ID!, $input: VolunteerPatch!) {
  updateVolunteer(id: $id, input: $input) { result { id } errors { field message code } } }"""
ACTIVITY = """mutation($input: ActivityInput!) {
  createActivity(input: $input) { result { id } errors { field message code } } }"""
RECORD = """mutation($input: ServiceRecordInput!) {
  recordService(input: $input) { result { id } errors { field message code } } }"""
SUMMARY_TABLES = re.compile(r"\b(region_summary|region_year_summary|subtree_summary|summary_stamp)\b|FOR NO KEY UPDATE")
TENANT = "panjin"


class Counter:
    """The statements run on an engine while :meth:`counting`."""

    def __init__(self, engine: Any) -> None:
        self.on = False
        self.seen: list[str] = []
        sa.event.listen(engine.sync_engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.seen.append(statement)

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        self.seen, self.on = [], True
        try:
            yield self.seen
        finally:
            self.on = False


async def places(platform: Platform) -> tuple[str, str]:
    """Two communities of the tenant in different districts."""
    async with platform.engine.connect() as connection:
        rows = (await connection.execute(sa.text(
            "SELECT r.path, r.district_id FROM region r JOIN tenant t ON t.id = r.tenant_id "
            "WHERE t.code = :tenant AND r.tier = 'community' ORDER BY r.path"), {"tenant": TENANT})).all()
    first = rows[0]
    other = next(row for row in rows if row.district_id != first.district_id)
    return first.path, other.path


@contextmanager
def unqueued() -> Iterator[None]:
    """The summaries' statements run one by one, each its own trip, as before they were queued for
    the commit's (core.db.queue): for ``--unqueued``'s comparison in the same rounds."""
    real = summary.queue.queue
    summary.queue.queue = lambda *_args: False
    try:
        yield
    finally:
        summary.queue.queue = real


async def measure(url: str, rounds: int, seed: int, show: bool = False, sqlite_synchronous: str = "normal",
                  compare_unqueued: bool = False) -> dict[str, Any]:
    settings = Settings(database_url=url, env="development", secret_key=None, rate_limit_per_minute=0,
                        sqlite_synchronous=sqlite_synchronous)
    platform = Platform.create(settings)
    try:
        await platform.init()
        await platform.load_signing_key()
        token = str(await platform.token_for("admin"))
        here, there = await places(platform)
        counter = Counter(platform.engine)
        app = create_app(platform)
        transport = httpx.ASGITransport(app=app)
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
                response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                             headers={"Authorization": f"Bearer {token}"})
                body = response.json()
                if response.status_code != 200 or "errors" in body:
                    raise SystemExit(f"{query[:40]}…: {response.status_code} {body}")
                for payload in body["data"].values():
                    if isinstance(payload, dict) and payload.get("errors"):
                        raise SystemExit(f"{query[:40]}…: {payload['errors']}")
                return dict(body["data"])

            yesterday = dt.date.today() - dt.timedelta(days=1)
            kept = await post(CREATE, {"input": {"name": "候鸟", "region": here, "registeredOn": "2020-01-01"}})
            held = (await post(ACTIVITY, {"input": {"title": "候鸟志愿服务", "heldOn": "2020-01-01", "region": here}}))[
                "createActivity"]["result"]["id"]
            days = iter(range(10**9))  # an entry a day: a volunteer's day holds 24 hours, without overlaps
            moving = kept["createVolunteer"]["result"]["id"]
            serial = iter(range(10**9))
            where = {"now": here}

            async def create() -> None:
                await post(CREATE, {"input": {"name": f"志愿者{next(serial)}", "region": here}})

            async def update() -> None:
                where["now"] = there if where["now"] == here else here
                await post(UPDATE, {"id": moving, "input": {"region": where["now"]}})

            async def record() -> None:
                n = next(days)
                day = (yesterday - dt.timedelta(days=n % 2000)).isoformat()
                await post(RECORD, {"input": {"volunteerId": moving, "activityId": held, "servedOn": day,
                                              "startsAt": f"{n // 2000 % 24:02d}:00", "minutes": 60}})

            async def typename() -> None:
                await post(TYPENAME)

            async def create_unqueued() -> None:
                with unqueued():
                    await create()

            kinds: dict[str, Callable[[], Awaitable[None]]] = {
                "{ __typename }": typename, "createVolunteer": create, "updateVolunteer": update, "recordService": record,
            }
            if compare_unqueued:
                kinds["create, unqueued"] = create_unqueued
            statements: dict[str, tuple[int, int]] = {}
            for name, send in kinds.items():
                for _ in range(3):  # warm: compiled statements, prepared ones (PostgreSQL), caches
                    await send()
                with counter.counting() as seen:
                    await send()
                statements[name] = (len(seen), sum(1 for s in seen if SUMMARY_TABLES.search(s)))
                if show:
                    print(f"{name}:", *(f"    {' '.join(s.split())[:110]}" for s in seen), sep="\n")
            times: dict[str, list[float]] = {name: [] for name in kinds}
            order = list(kinds)
            shuffle = random.Random(seed).shuffle
            for _ in range(rounds):
                shuffle(order)
                for name in order:
                    started = time.perf_counter()
                    await kinds[name]()
                    times[name].append(time.perf_counter() - started)
        async with platform.engine.connect() as connection:  # what was timed kept the summaries exact
            wrong = await connection.run_sync(lambda c: summary.differences(c))
        if wrong:
            raise SystemExit(f"the summaries differ from a recomputation: {wrong[:5]}")
    finally:
        await platform.dispose()
    base = statistics.median(times["{ __typename }"])
    return {
        name: {"p50_ms": statistics.median(values) * 1000,
               "p90_ms": statistics.quantiles(values, n=10)[-1] * 1000 if len(values) > 1 else values[0] * 1000,
               "ratio": statistics.median(values) / base,
               "statements": statements[name][0], "summary_statements": statements[name][1]}
        for name, values in times.items()
    }


def report(title: str, figures: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"  {'':18} {'p50 ms':>8} {'p90 ms':>8} {'x typename':>11} {'statements':>11} {'of them summaries':>18}")
    for name, row in figures.items():
        print(f"  {name:18} {row['p50_ms']:8.2f} {row['p90_ms']:8.2f} {row['ratio']:10.2f}x {row['statements']:11d}"
              f" {row['summary_statements']:18d}")


@contextmanager
def postgres_database(server: str, options: str | None = None) -> Iterator[str]:
    """A new database on the server of ``server``, dropped after; ``options``: the connections' (``-c name=value``)."""
    url = make_url(server).set(drivername="postgresql")
    name = f"bench_writes_{uuid.uuid4().hex[:8]}"
    admin = url.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = url.set(database=name)
        yield (target.update_query_dict({"options": options}) if options else target).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL (its user may create databases)")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, help="write the figures there too")
    parser.add_argument("--statements", action="store_true", help="print the statements each request runs")
    parser.add_argument("--unqueued", action="store_true",
                        help="also a create whose summary statements run one by one, each its own trip (not queued "
                        "for the commit's), in the same rounds")
    parser.add_argument("--disk", action="store_true",
                        help="also measure each backend with its other commit setting: SQLite with synchronous=FULL "
                        "(each commit waits for the disk), PostgreSQL with synchronous_commit=off (none does)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the development settings' warnings (a superuser role …)
    results: dict[str, Any] = {}
    title = f"SQLite {sqlite3.sqlite_version}, {args.rounds} rounds"
    for name, synchronous in (("sqlite", "normal"), *((("sqlite_full", "full"),) if args.disk else ())):
        with tempfile.TemporaryDirectory() as folder:
            results[name] = asyncio.run(measure(f"sqlite:///{folder}/writes.db", args.rounds, args.seed, args.statements,
                                                sqlite_synchronous=synchronous, compare_unqueued=args.unqueued))
        report(f"{title}, synchronous={synchronous.upper()}", results[name])
    if args.postgres:
        for name, options in (("postgresql", None),
                              *((("postgresql_no_wait", "-c synchronous_commit=off"),) if args.disk else ())):
            with postgres_database(args.postgres, options) as url:
                results[name] = asyncio.run(measure(url, args.rounds, args.seed, args.statements,
                                                    compare_unqueued=args.unqueued))
            wait = "off" if name.endswith("no_wait") else "the server's (on by default)"
            report(f"PostgreSQL, {args.rounds} rounds, synchronous_commit {wait}", results[name])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
