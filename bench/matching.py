"""Benchmark: a district's supply–demand matching run at Chongqing scale (issue 14, item 4).

On the data set of ``bench/generate.py`` (built by ``bench/indicators.py``'s ``prepare``: 38
districts, ~1,000 streets, ~11,000 communities), adds the three lists over the whole municipality
(:func:`list_rows`): ``DEMANDS`` demands per community (about 70% open), resources at every tier
(``RESOURCES``: per community, street, district and at the city), each serving one to three need
domains with a capacity of 1 to 20, some with an availability window, and projects at the streets
and districts. Then measures side by side, interleaved:

(a) ``core.services.matching.run`` at one district (default ``chongqing/wanzhou``): every open demand
    of the district proposed up to three resources and three projects, in its own transaction,
    rolled back after each run so that every run finds the same state;
(b) the one SQL query that lists the candidate resources of those demands
    (``core.services.matching.candidate_resources``), its rows fetched.

The goals are (a) under 2 s and (a)/(b) ≤ 3x. The run's answer is checked first: as many resource
proposals as the candidate query lists, each demand's ranked nearest first, none outside the district
or above it, none without room or out of its window. Run:

    python bench/matching.py --database postgresql://postgres@127.0.0.1:5432/wushe_bench
    python bench/matching.py --database sqlite:////tmp/wushe-bench/chongqing.db

``--scale 0.002`` shrinks everything (a few seconds); ``--json FILE`` writes the figures.
"""

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import platform as machine
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from core import clock
from core.models import Region
from core.models.lists import NEED_DOMAINS, VULNERABLE_GROUPS, ResourceKind
from core.platform import Platform
from core.services import matching

sys.path.insert(0, str(Path(__file__).parent))
import generate  # bench/generate.py, beside this file
import indicators  # bench/indicators.py: the data set, interleaved timing

DEMANDS = 10
"""Demands per community (a community of ~3,000 residents lists a few dozen needs a year)."""
RESOURCES = {"community": 3, "street": 6, "district": 30, "city": 60}
"""Resources per region of each tier."""
PROJECTS = {"street": 2, "district": 10}
OPEN_SHARE = 0.7
LINES = [("run", "(a) matching run of {district} ({demands} open demands)"),
         ("candidates", "(b) the candidate-resources query ({candidates} rows)")]


def _regions(connection: sa.Connection) -> list[tuple[int, int, str]]:
    return [tuple(row) for row in connection.exec_driver_sql(  # type: ignore[misc]
        "SELECT r.id, r.tenant_id, r.tier FROM region r JOIN tenant t ON t.id = r.tenant_id "
        "WHERE t.code = 'chongqing' ORDER BY r.id").all()]


def list_rows(regions: list[tuple[int, int, str]], seed: int, stamp: str, today: dt.date) -> dict[str, list[tuple[Any, ...]]]:
    """Demands, resources (with their domains) and projects over every region of the tenant."""
    rng = random.Random(seed)
    out: dict[str, list[tuple[Any, ...]]] = {"demand": [], "service_resource": [], "resource_domain": [],
                                            "service_project": []}
    kinds = list(ResourceKind)
    for region_id, tenant_id, tier in regions:
        if tier == "community":
            for _ in range(DEMANDS):
                status = "open" if rng.random() < OPEN_SHARE else rng.choice(["closed", "withdrawn", "in_service"])
                day = today - dt.timedelta(days=rng.randrange(365))
                out["demand"].append((len(out["demand"]) + 1, tenant_id, region_id, stamp, stamp,
                                      rng.choice(VULNERABLE_GROUPS), rng.choice(NEED_DOMAINS), "需求描述",
                                      rng.randint(1, 4), day, "bench", status))
        for _ in range(RESOURCES.get(tier, 0)):
            id_ = len(out["service_resource"]) + 1
            capacity = rng.randint(1, 20)
            window = rng.random() < 0.3
            start = today - dt.timedelta(days=rng.randrange(200)) if window else None
            end = today + dt.timedelta(days=rng.randrange(-30, 300)) if window else None
            out["service_resource"].append((id_, tenant_id, region_id, stamp, stamp, rng.choice(kinds).value, "资源",
                                            capacity, rng.randint(0, capacity), start, end, "bench"))
            for domain in rng.sample(NEED_DOMAINS, rng.randint(1, 3)):
                out["resource_domain"].append((id_, tenant_id, domain))
        for _ in range(PROJECTS.get(tier, 0)):
            capacity = rng.randint(5, 100)
            out["service_project"].append((len(out["service_project"]) + 1, tenant_id, region_id, stamp, stamp, "项目",
                                           rng.choice(NEED_DOMAINS), rng.choice(["planned", "running", "finished"]),
                                           capacity, rng.randint(0, capacity), "bench"))
    return out


COLUMNS = {
    "demand": ("id", "tenant_id", "region_id", "created_at", "updated_at", '"group"', "domain", "description",
               "people", "reported_on", "reported_by", "status"),
    "service_resource": ("id", "tenant_id", "region_id", "created_at", "updated_at", "kind", "name", "capacity",
                         "taken", "available_from", "available_to", "created_by"),
    "resource_domain": ("resource_id", "tenant_id", "domain"),
    "service_project": ("id", "tenant_id", "region_id", "created_at", "updated_at", "name", "domain", "status",
                        "capacity", "taken", "created_by"),
}


def load_lists(url: str, seed: int, report: Any = print) -> None:
    """The three lists into the data set's database, once (found there on a second run)."""
    loader = generate.Loader(url)
    try:
        with loader.engine.connect() as connection:
            if connection.exec_driver_sql("SELECT count(*) FROM demand").scalar_one():
                report("reusing the lists in the database")
                return
            regions = _regions(connection)
        rows = list_rows(regions, seed, loader.stamp, clock.today())
        for table in COLUMNS:
            loader.load(table, iter(rows[table]), COLUMNS[table])
        with loader.engine.begin() as connection:
            if loader.postgres:
                for table in ("demand", "service_resource", "service_project"):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        with loader.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in (*COLUMNS, "match_proposal"):
                connection.exec_driver_sql(f"VACUUM ANALYZE {table}" if loader.postgres else f"ANALYZE {table}")
        report(f"lists loaded: {', '.join(f'{len(rows[t])} {t}' for t in COLUMNS)}")
    finally:
        loader.dispose()


def _check(place: Region, done: matching.Run, proposals: list[Any], candidates: list[Any],
           regions: dict[int, Any], capacity: dict[int, Any], today: dt.date) -> None:
    """The run's resource proposals are the candidate query's rows, nearest first, all fit to propose."""
    if done.resources != len(candidates) or len(proposals) != len(candidates):
        raise SystemExit(f"the run proposed {done.resources} resources, the candidate query lists {len(candidates)}")
    if {(p.demand_id, p.resource_id) for p in proposals} != {(c.demand_id, c.resource_id) for c in candidates}:
        raise SystemExit("the run's proposals are not the candidate query's rows")
    ranked: dict[int, list[Any]] = {}
    for p in sorted(proposals, key=lambda p: (p.demand_id, p.rank)):
        ranked.setdefault(p.demand_id, []).append(p)
        district_id, path = regions[p.resource_id]
        taken, room, start, end = capacity[p.resource_id]
        if not (district_id == place.id or place.path.startswith(path + "/")):
            raise SystemExit(f"resource {p.resource_id} at {path!r} is outside {place.path!r} and not above it")
        if taken >= room or (start and start > today) or (end and end < today):
            raise SystemExit(f"resource {p.resource_id} has no room or is not available today")
    for demand_id, each in ranked.items():
        if [p.distance for p in each] != sorted(p.distance for p in each) or len(each) > matching.DEFAULT_LIMIT:
            raise SystemExit(f"demand {demand_id}'s proposals are not nearest first: {[p.distance for p in each]}")


async def measure(platform: Platform, reps: int, warmup: int, district: str = "chongqing/wanzhou",
                  report: Any = print) -> dict[str, Any]:
    from core.models import MatchProposal, ServiceResource

    today = clock.today()
    async with platform.sessions() as session:
        principal = await platform.principal(session, "admin")
        place = (await session.exec(select(Region).where(Region.path == district))).one()
        candidates = list((await session.exec(matching.candidate_resources(place, today))).all())  # type: ignore[call-overload]
        done = await matching.run(session, principal, region=district)
        proposals = list((await session.exec(select(MatchProposal).where(MatchProposal.resource_id.is_not(None),  # type: ignore[union-attr]
                                                                            MatchProposal.status == "proposed"))).all())
        ids = sorted({p.resource_id for p in proposals})
        rows = (await session.exec(select(ServiceResource, Region.district_id, Region.path)
                                   .join(Region, Region.id == ServiceResource.region_id)
                                   .where(ServiceResource.id.in_(ids)))).all()  # type: ignore[union-attr]
        regions = {r.id: (district_id, path) for r, district_id, path in rows}
        capacity = {r.id: (r.taken, r.capacity, r.available_from, r.available_to) for r, _, _ in rows}
        _check(place, done, proposals, candidates, regions, capacity, today)
        await session.rollback()
    async with platform.sessions() as session:  # the region, read afresh, kept for the timed cases
        place = (await session.exec(select(Region).where(Region.path == district))).one()
        principal = await platform.principal(session, "admin")
        session.expunge_all()
    report(f"checked: {done.demands} open demands, {done.resources} resource and {done.projects} project proposals")

    async def run() -> None:
        async with platform.sessions() as session:
            await matching.run(session, principal, region=district)
            await session.rollback()

    async def listed() -> None:
        async with platform.sessions() as session:
            (await session.exec(matching.candidate_resources(place, today))).all()  # type: ignore[call-overload]

    timings = await indicators.interleaved({"run": run, "candidates": listed}, reps, warmup)
    ratio = timings["run"]["p50"] / timings["candidates"]["p50"]
    return {"district": district, "demands": done.demands, "proposals": done.resources + done.projects,
            "candidates": len(candidates), "timings": timings, "ratio": ratio}


def table(result: dict[str, Any], backend: str) -> str:
    t = result["timings"]
    out = [f"\n{backend}: p50 / p95 over {t['run']['runs']} interleaved runs each (ms)"]
    for key, label in LINES:
        out.append(f"{label.format(**result):64} {t[key]['p50']:9.2f} {t[key]['p95']:9.2f}")
    run_ok = t["run"]["p50"] < 2000
    out.append(f"(a) run p50 {t['run']['p50'] / 1000:.3f} s   goal < 2 s: {'met' if run_ok else 'MISSED'}")
    out.append(f"(a)/(b) {result['ratio']:6.2f}x   goal <= 3x: {'met' if result['ratio'] <= 3 else 'MISSED'}")
    return "\n".join(out)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    density = args.density if args.density is not None else generate.DENSITY["chongqing"]
    platform = await indicators.prepare(args.database, "chongqing", args.scale, density, args.seed)
    try:
        load_lists(args.database, args.seed)
        result = await measure(platform, args.reps, args.warmup, args.district)
        backend = f"{platform.engine.dialect.name} {await indicators.version(platform)}"
    finally:
        await platform.dispose()
    result.update(backend=backend, scale=args.scale, density=density, seed=args.seed,
                  machine=f"{os.cpu_count()} cores, Python {machine.python_version()}, {machine.system()}")
    print(table(result, backend))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="sqlite:///FILE or postgresql://…; empty, or holding bench/indicators.py's "
                                           "same data set (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--scale", type=float, default=1.0, help="shrinks everything: 0.002 for a quick check")
    parser.add_argument("--density", type=float, help="elements per resident relative to Chongqing's (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--district", default="chongqing/wanzhou", help="path of the district measured")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.database is None:
        args.database = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wushe-bench-')) / 'matching.db'}"
    result = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
