"""Benchmark: indicator rollups over GraphQL on Chongqing-scale (or national) data (issue 5, item 6).

Builds the synthetic data set of ``bench/generate.py`` in the database given (or reuses it when
the database already holds the same one), then measures side by side in one run, interleaved:

(a) the GraphQL ``rollup`` of every street under a district (volunteer share, active share,
    targets), POSTed through the in-process ASGI client with the admin's token, against the same
    question answered by hand-written SQL over the RAW tables (volunteers, service records,
    regions) plus ``json.dumps`` — the goal is at most 1.5x — and, for the HTTP/GraphQL overhead
    alone, hand-written SQL over the summary tables plus ``json.dumps``;
(b) the rollup of the whole province (Chongqing's root by district; nationally a province by
    city) against one district's by street — the goal is at most 3x;
(c) the SQL statements of one nested three-tier query (region › children › children, indicators
    at each), counted on the engine, for a big and a small subtree: the same number is the goal.

The answers are checked (GraphQL = raw SQL = summary SQL) before a figure is printed. Run:

    createdb -h 127.0.0.1 -U postgres wushe_bench
    python bench/indicators.py --database postgresql://postgres@127.0.0.1:5432/wushe_bench
    python bench/indicators.py --database sqlite:////tmp/wushe-bench/chongqing.db
    python bench/indicators.py --mode national --database sqlite:////tmp/wushe-bench/national.db

``--scale 0.001`` shrinks everything (a few seconds); ``--json FILE`` writes the figures.

``--rls`` (PostgreSQL) measures instead what row-level security costs: the GraphQL queries of (a),
(b) and (c), as the platform administrator (platform-wide) and as the tenant's administrator (its
tenant's rows), against the platform as the tables' owner, which the policies do not bind, and as
an application role that owns nothing, which they do (bench/approle.py); the goal is at most 1.2x:

    python bench/indicators.py --rls --scale 0.1 --database postgresql://postgres@127.0.0.1:5432/wushe_bench_rls
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import operator
import os
import platform as machine
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from core import clock
from core.config import Settings
from core.documents.rules import enabled_plugins
from core.documents.targets import Role, applying_at, role_at
from core.indicators.rollup import check_year, pick, rollup
from core.models import PlatformSetting, Region, Tenant
from core.platform import Platform
from core.tree.tiers import Tier

sys.path.insert(0, str(Path(__file__).parent))
import approle  # bench/approle.py, beside this file
import generate  # bench/generate.py, beside this file

MARKER = "bench.indicators"
"""The ``platform_setting`` row saying which data set a database holds (so a second run reuses it)."""
KEYS = ("volunteer_share", "active_volunteer_share")
COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}

ROLLUP = """query($under: String!, $by: Tier!, $year: Int) {
  rollup(under: $under, by: $by, indicators: ["volunteer_share", "active_volunteer_share"], year: $year) {
    rows { path name values { key value numerator denominator }
           targets { key indicator met value threshold communities communitiesMeeting } }
    total { path values { key value numerator denominator } } } }"""

NESTED = """query($path: String!, $year: Int) {
  region(path: $path) { path indicators(keys: ["volunteer_share", "active_volunteer_share"], year: $year) {
      key value numerator denominator }
    children { path indicators(keys: ["volunteer_share", "active_volunteer_share"], year: $year) {
        key value numerator denominator }
      children { path indicators(keys: ["volunteer_share", "active_volunteer_share"], year: $year) {
          key value numerator denominator } } } } }"""

# Hand-written: the same question from the raw tables (active volunteers count where the volunteer
# lives, and only the real-name registered ones, as the summaries do).
RAW = """
SELECT s.path, s.name, COALESCE(p.population, 0) AS population, COALESCE(v.registered, 0) AS registered,
       COALESCE(a.active, 0) AS active
FROM region s
LEFT JOIN (SELECT street_id, SUM(resident_population) AS population FROM region
           WHERE district_id = :district AND tier = 'community' GROUP BY street_id) p ON p.street_id = s.id
LEFT JOIN (SELECT r.street_id, SUM(CASE WHEN v.real_name_registered THEN 1 ELSE 0 END) AS registered
           FROM volunteer v JOIN region r ON r.id = v.region_id
           WHERE r.district_id = :district GROUP BY r.street_id) v ON v.street_id = s.id
LEFT JOIN (SELECT r.street_id, COUNT(DISTINCT sr.volunteer_id) AS active
           FROM service_record sr JOIN volunteer v ON v.id = sr.volunteer_id JOIN region r ON r.id = v.region_id
           WHERE r.district_id = :district AND v.real_name_registered
             AND sr.served_on >= :start AND sr.served_on < :end
           GROUP BY r.street_id) a ON a.street_id = s.id
WHERE s.district_id = :district AND s.tier = 'street'
ORDER BY s.position, s.path
"""

# Hand-written over the summary tables: what the rollup reads, without GraphQL and HTTP.
SUMMED = """
SELECT s.path, s.name, x.population, x.registered, x.active
FROM (SELECT r.street_id,
             SUM(CASE WHEN r.tier = 'community' THEN COALESCE(r.resident_population, 0) ELSE 0 END) AS population,
             SUM(COALESCE(t.registered_volunteers, 0)) AS registered, SUM(COALESCE(y.active_volunteers, 0)) AS active
      FROM region r
      LEFT JOIN region_summary t ON t.region_id = r.id
      LEFT JOIN region_year_summary y ON y.region_id = r.id AND y.year = :year
      WHERE r.district_id = :district AND r.street_id IS NOT NULL
      GROUP BY r.street_id) x
JOIN region s ON s.id = x.street_id
ORDER BY s.position, s.path
"""


# --- the data set ----------------------------------------------------------------------------------


async def prepare(url: str, mode: str, scale: float, density: float, seed: int, report: Any = print) -> Platform:
    """An initialised platform on ``url`` holding the data set (loaded now, or found there)."""
    platform = Platform.create(Settings(database_url=url, env="development", secret_key=None))
    await platform.init()
    wanted = json.dumps({"mode": mode, "scale": scale, "density": density, "seed": seed, "year": generate.YEAR,
                         "schema": generate.schema_fingerprint()}, sort_keys=True)
    async with platform.sessions() as session:
        stored = await session.get(PlatformSetting, MARKER)
        regions = (await session.exec(select(sa.func.count()).select_from(Region))).one()
    if stored is not None and stored.value == wanted:
        report(f"reusing the data set in the database: {wanted}")
    elif stored is not None or regions > len(platform.registry.regions):
        raise SystemExit(f"the database holds other data, or data built under another schema "
                         f"({stored.value if stored else f'{regions} regions'}): give an empty one")
    else:
        started = time.perf_counter()
        loader = generate.Loader(url)
        try:
            generate.load(loader, mode, scale, density, seed, platform.keyring, report)
            with loader.engine.begin() as connection:
                connection.execute(sa.insert(PlatformSetting.__table__).values(key=MARKER, value=wanted))  # type: ignore[attr-defined]
        finally:
            loader.dispose()
        report(f"data set built in {time.perf_counter() - started:.1f} s")
    await platform.load_signing_key()  # also checks the sealed ID numbers against the keyring
    return platform


async def places(platform: Platform, mode: str, district: str | None) -> dict[str, Any]:
    """The regions measured: the province and its tier below, a district, the year."""
    async with platform.sessions() as session:
        if mode == "chongqing":
            province, by = "chongqing", Tier.DISTRICT
        else:
            province, by = "np01", Tier.CITY
        if district is None:
            district = "chongqing/wanzhou" if mode == "chongqing" else (await session.exec(
                select(Region.path).where(Region.tier == Tier.DISTRICT, Region.path.startswith("np01/"))  # type: ignore[attr-defined]
                .order_by(Region.id).limit(1))).one()
        rows = {r.path: r for r in (await session.exec(select(Region).where(Region.path.in_([province, district])))).all()}  # type: ignore[attr-defined]
        tenant = await session.get(Tenant, rows[district].tenant_id)
        enabled = await enabled_plugins(session, tenant)  # type: ignore[arg-type]
    return {"province": rows[province], "province_by": by, "district": rows[district], "enabled": enabled,
            "year": check_year(None)}


# --- the hand-written answers ------------------------------------------------------------------------


def _whole(total: Any) -> int | None:
    """A SUM as an int: PostgreSQL sums 64-bit columns as numeric, which the driver reads as Decimal."""
    return None if total is None else int(total)


def _value(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _met(numerator: int, denominator: int, comparator: str, threshold: Any) -> bool | None:
    if not denominator:
        return None
    return bool(COMPARE[comparator](Fraction(numerator), Fraction(threshold) * denominator))


def street_targets(platform: Platform, enabled: set[str], paths: list[str]) -> dict[str, list[Any]]:
    """The targets on the two indicators in force at each street, with whether each is judged there
    (its own) or above it (context: shown, never met or not met there): the baseline's fixed knowledge."""
    out = {}
    for path in paths:
        targets = []
        for a in applying_at(platform.registry, path, enabled):
            if a.target.indicator not in KEYS:
                continue
            role = role_at(a.target, a.scope, path, Tier.STREET)
            if role is Role.SUMMARY or a.target.community_kind:
                raise SystemExit(f"{path}: a target summarised over regions below, or per kind; the baseline "
                                 "computes a street's own and context ones only: pick another --district")
            if role is Role.OWN and (a.target.deadline or dt.date.max) < clock.today():
                raise SystemExit(f"{path}: a target whose deadline has passed (judged as of its day); the baseline "
                                 "computes today's only: pick another --district")
            if role is not None:
                targets.append((a.target, role is Role.OWN))
        out[path] = targets
    return out


def answer(rows: list[Any], targets: dict[str, list[Any]]) -> str:
    """The rows as the GraphQL answer has them, with aggregate targets evaluated, as JSON."""
    out = []
    for row in rows:
        registered, population, active = (_whole(row.registered), _whole(row.population), _whole(row.active))
        sums = {"volunteer_share": (registered, population), "active_volunteer_share": (active, registered)}
        out.append({
            "path": row.path, "name": row.name,
            "values": [{"key": key, "value": _value(*sums[key]), "numerator": sums[key][0], "denominator": sums[key][1]}
                       for key in KEYS],
            "targets": [{"key": t.key, "indicator": t.indicator, "value": _value(*sums[t.indicator]),
                         "met": _met(*sums[t.indicator], t.comparator, t.threshold) if own else None,
                         "threshold": str(t.threshold)}
                        for t, own in targets.get(row.path, [])],
        })
    return json.dumps(out, ensure_ascii=False)


async def hand_written(platform: Platform, statement: Any, params: dict[str, Any], targets: dict[str, list[Any]]) -> str:
    async with platform.engine.connect() as connection:
        rows = (await connection.execute(statement, params)).all()
    return answer(rows, targets)


def check(body: dict[str, Any], *answers: str) -> int:
    """The GraphQL rows equal each hand-written answer: numerators, denominators, values, targets met."""
    assert "errors" not in body, body["errors"]
    got = _comparable(body["data"]["rollup"]["rows"])
    for text in answers:
        expected = _comparable(json.loads(text))
        assert got == expected, _first_difference(got, expected)
    return len(got)


def _comparable(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["path"]: (
        {v["key"]: (float(v["numerator"]), float(v["denominator"]), None if v["value"] is None else round(v["value"], 12))
         for v in row["values"]},
        {t["key"]: (t["met"], t["threshold"]) for t in row["targets"]},
    ) for row in rows}


def _first_difference(got: dict[str, Any], expected: dict[str, Any]) -> str:
    for path in sorted(set(got) | set(expected)):
        if got.get(path) != expected.get(path):
            return f"{path}: GraphQL {got.get(path)} != hand-written {expected.get(path)}"
    return "?"


# --- measuring ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def statements(platform: Platform) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    sa.event.listen(platform.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(platform.engine.sync_engine, "before_cursor_execute", record)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def interleaved(cases: dict[str, Callable[[], Awaitable[Any]]], reps: int, warmup: int) -> dict[str, dict[str, float]]:
    """p50 and p95 (ms) of each case, run in turn so that machine noise hits them alike."""
    for _ in range(warmup):
        for run in cases.values():
            await run()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(reps):
        for name, run in cases.items():
            started = time.perf_counter()
            await run()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: {"p50": statistics.median(s), "p95": percentile(s, 0.95), "runs": len(s)} for name, s in samples.items()}


async def measure(platform: Platform, mode: str, reps: int, warmup: int, district: str | None = None,
                  report: Any = print) -> dict[str, Any]:
    from litestar.testing import AsyncTestClient

    from core.web.app import create_app

    where = await places(platform, mode, district)
    year, d, p = where["year"], where["district"], where["province"]
    token = await platform.token_for("admin")
    indicators = pick(platform.registry, KEYS)
    async with platform.sessions() as session:
        streets = (await session.exec(select(Region.path).where(Region.district_id == d.id, Region.tier == Tier.STREET))).all()
    targets = street_targets(platform, where["enabled"], list(streets))
    raw_params = {"district": d.id, "start": dt.date(year, 1, 1), "end": dt.date(year + 1, 1, 1)}
    raw = sa.text(RAW).bindparams(sa.bindparam("start", type_=sa.Date), sa.bindparam("end", type_=sa.Date))
    summed, summed_params = sa.text(SUMMED), {"district": d.id, "year": year}

    async with AsyncTestClient(app=create_app(platform)) as client:
        async def post(query: str, variables: dict[str, Any]) -> bytes:
            response = await client.post("/graphql", json={"query": query, "variables": variables},
                                          headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            return response.content

        async def core_rollup(under: Region, by: Tier) -> Any:
            async with platform.engine.connect() as connection:
                return await rollup(connection.execute, under, by, indicators, year)

        district_rollup = {"under": d.path, "by": "STREET", "year": year}
        province_rollup = {"under": p.path, "by": where["province_by"].name, "year": year}
        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "graphql_district": lambda: post(ROLLUP, district_rollup),
            "raw_sql_json": lambda: hand_written(platform, raw, raw_params, targets),
            "summary_sql_json": lambda: hand_written(platform, summed, summed_params, targets),
            "core_district": lambda: core_rollup(d, Tier.STREET),
            "graphql_province": lambda: post(ROLLUP, province_rollup),
            "core_province": lambda: core_rollup(p, where["province_by"]),
            "nested_province": lambda: post(NESTED, {"path": p.path, "year": year}),
            "nested_district": lambda: post(NESTED, {"path": d.path, "year": year}),
        }

        # the answers first: a wrong one must not produce a figure
        body = json.loads(await post(ROLLUP, district_rollup))
        rows = check(body, await hand_written(platform, raw, raw_params, targets),
                     await hand_written(platform, summed, summed_params, targets))
        province = json.loads(await post(ROLLUP, province_rollup))
        assert "errors" not in province, province["errors"]
        counts = {}
        for name, path in (("nested_province", p.path), ("nested_district", d.path)):
            with statements(platform) as seen:
                nested = json.loads(await post(NESTED, {"path": path, "year": year}))
            assert "errors" not in nested, nested["errors"]
            region = nested["data"]["region"]
            counts[name] = {"statements": len(seen), "regions": 1 + len(region["children"])
                            + sum(len(c["children"]) for c in region["children"])}
        report(f"checked: {rows} streets under {d.path}, GraphQL = raw SQL = summary SQL; "
               f"{len(province['data']['rollup']['rows'])} rows under {p.path}")
        timings = await interleaved(cases, reps, warmup)

    return {"mode": mode, "district": d.path, "streets": rows, "province": p.path,
            "province_by": where["province_by"].value, "year": year, "timings": timings, "statements": counts,
            "ratios": {
                "graphql_vs_raw_sql": timings["graphql_district"]["p50"] / timings["raw_sql_json"]["p50"],
                "graphql_vs_summary_sql": timings["graphql_district"]["p50"] / timings["summary_sql_json"]["p50"],
                "province_vs_district": timings["graphql_province"]["p50"] / timings["graphql_district"]["p50"],
                "core_province_vs_district": timings["core_province"]["p50"] / timings["core_district"]["p50"],
            }}


TENANT_ADMIN = "bench_tenant_admin"
"""The tenant's administrator of ``--rls`` (role ``tenant_admin`` at the province): its tenant's rows."""


async def tenant_admin(platform: Platform, province: Region) -> bool:
    """Give the province's tenant an administrator at its root (once); False without such a role."""
    from core.models import Role, RoleAssignment, User

    async with platform.sessions() as session:
        if (await session.exec(select(User).where(User.username == TENANT_ADMIN))).first() is not None:
            return True
        role = (await session.exec(select(Role).where(Role.tenant_id == province.tenant_id,
                                                      Role.code == "tenant_admin"))).first()
        if role is None:
            return False
        user = User(username=TENANT_ADMIN, tenant_id=province.tenant_id)
        session.add(user)
        await session.flush()
        session.add(RoleAssignment(tenant_id=province.tenant_id, user_id=user.id, role_id=role.id, region_id=province.id))
        await session.commit()
    return True


async def measure_rls(owner: Platform, app: Platform, mode: str, reps: int, warmup: int,
                      district: str | None = None, report: Any = print) -> dict[str, Any]:
    """The GraphQL queries of (a), (b) and (c) on the same database as the owner and as the
    application's role (row-level security), interleaved; each answer checked equal across the two."""
    from litestar.testing import AsyncTestClient

    from core.web.app import create_app

    where = await places(owner, mode, district)
    year, d, p = where["year"], where["district"], where["province"]
    users = ["admin"] + ([TENANT_ADMIN] if await tenant_admin(owner, p) else [])
    queries = {
        "district": (ROLLUP, {"under": d.path, "by": "STREET", "year": year}),
        "province": (ROLLUP, {"under": p.path, "by": where["province_by"].name, "year": year}),
        "nested": (NESTED, {"path": d.path, "year": year}),
    }
    async with contextlib.AsyncExitStack() as stack:
        cases: dict[str, Callable[[], Awaitable[Any]]] = {}
        answers: dict[str, bytes] = {}
        for arm, platform in (("owner", owner), ("rls", app)):
            client = await stack.enter_async_context(AsyncTestClient(app=create_app(platform)))
            for user in users:
                token = await platform.token_for(user)
                for name, (query, variables) in queries.items():
                    async def post(client: Any = client, query: str = query, variables: Any = variables,
                                   token: str = token) -> bytes:
                        response = await client.post("/graphql", json={"query": query, "variables": variables},
                                                     headers={"Authorization": f"Bearer {token}"})
                        assert response.status_code == 200, response.text
                        return bytes(response.content)
                    body = await post()
                    assert b'"errors"' not in body, body[:500]
                    key = f"{user}/{name}"
                    assert answers.setdefault(key, body) == body, f"{key}: the owner and the application's role differ"
                    cases[f"{arm}:{key}"] = post
        report(f"checked: {len(answers)} answers the same as the owner and as {approle.ROLE}")
        timings = await interleaved(cases, reps, warmup)
    ratios = {key: timings[f"rls:{key}"]["p50"] / timings[f"owner:{key}"]["p50"] for key in answers}
    return {"mode": mode, "district": d.path, "province": p.path, "timings": timings, "ratios": ratios}


def rls_table(result: dict[str, Any], backend: str) -> str:
    t = result["timings"]
    runs = next(iter(t.values()))["runs"]
    out = [f"\n{backend}, {result['mode']}: p50 over {runs} interleaved runs each (ms), as the owner (no RLS) "
           f"and as {approle.ROLE} (RLS); district {result['district']}, province {result['province']}",
           f"{'':32} {'owner':>9} {'RLS':>9}  ratio"]
    for key, ratio in result["ratios"].items():
        out.append(f"{key:32} {t[f'owner:{key}']['p50']:9.2f} {t[f'rls:{key}']['p50']:9.2f}  {ratio:.2f}x   goal <= 1.2x: "
                   f"{'met' if ratio <= 1.2 else 'MISSED'}")
    return "\n".join(out)


# --- output -----------------------------------------------------------------------------------------


LINES = (
    ("graphql_district", "(a) GraphQL rollup, {district} by street"),
    ("raw_sql_json", "(a) raw-table SQL + json.dumps"),
    ("summary_sql_json", "(a) summary-table SQL + json.dumps"),
    ("core_district", "    core rollup() alone: no targets, no GraphQL"),
    ("graphql_province", "(b) GraphQL rollup, {province} by {province_by}"),
    ("core_province", "    core rollup() alone: no targets, no GraphQL"),
    ("nested_province", "(c) nested 3 tiers from {province}"),
    ("nested_district", "(c) nested 3 tiers from {district}"),
)


def table(result: dict[str, Any], backend: str) -> str:
    t, r, c = result["timings"], result["ratios"], result["statements"]
    runs = t["graphql_district"]["runs"]
    out = [f"\n{backend}, {result['mode']}: p50 / p95 over {runs} interleaved runs each (ms)"]
    for key, label in LINES:
        extra = f"  {c[key]['statements']} statements, {c[key]['regions']} regions" if key in c else ""
        out.append(f"{label.format(**result):52} {t[key]['p50']:9.2f} {t[key]['p95']:9.2f}{extra}")
    out.append(f"(a) GraphQL / raw-table SQL      {r['graphql_vs_raw_sql']:6.2f}x   goal <= 1.5x: "
               f"{'met' if r['graphql_vs_raw_sql'] <= 1.5 else 'MISSED'}")
    out.append(f"    GraphQL / summary-table SQL  {r['graphql_vs_summary_sql']:6.2f}x   (HTTP + GraphQL overhead; no goal)")
    out.append(f"(b) province / district          {r['province_vs_district']:6.2f}x   goal <= 3x: "
               f"{'met' if r['province_vs_district'] <= 3 else 'MISSED'}  (core alone {r['core_province_vs_district']:.2f}x)")
    same = c["nested_province"]["statements"] == c["nested_district"]["statements"]
    out.append(f"(c) statements, big / small tree {c['nested_province']['statements']} / "
               f"{c['nested_district']['statements']}       goal the same: {'met' if same else 'MISSED'}")
    return "\n".join(out)


async def version(platform: Platform) -> str:
    async with platform.engine.connect() as connection:
        if platform.engine.dialect.name == "postgresql":
            return str((await connection.exec_driver_sql("SHOW server_version")).scalar_one()).split()[0]
        return str((await connection.exec_driver_sql("SELECT sqlite_version()")).scalar_one())


async def run(args: argparse.Namespace) -> dict[str, Any]:
    density = args.density if args.density is not None else generate.DENSITY[args.mode]
    platform = await prepare(args.database, args.mode, args.scale, density, args.seed)
    if args.rls:
        return await run_rls(args, platform)
    try:
        result = await measure(platform, args.mode, args.reps, args.warmup, args.district)
        backend = f"{platform.engine.dialect.name} {await version(platform)}"
    finally:
        await platform.dispose()
    result.update(backend=backend, scale=args.scale, density=density, seed=args.seed,
                  machine=f"{os.cpu_count()} cores, Python {machine.python_version()}, {machine.system()}")
    print(table(result, backend))
    return result


async def run_rls(args: argparse.Namespace, owner: Platform) -> dict[str, Any]:
    if owner.engine.dialect.name != "postgresql":
        await owner.dispose()
        raise SystemExit("--rls: row-level security is PostgreSQL's; give a postgresql:// database")
    app = await approle.app_platform(args.database)
    try:
        result = await measure_rls(owner, app, args.mode, args.reps, args.warmup, args.district)
        backend = f"postgresql {await version(owner)}"
    finally:
        await owner.dispose()
        await app.dispose()
    result.update(backend=backend, scale=args.scale, seed=args.seed,
                  machine=f"{os.cpu_count()} cores, Python {machine.python_version()}, {machine.system()}")
    print(rls_table(result, backend))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="sqlite:///FILE or postgresql://…; empty, or holding this same data set "
                                           "(default: a new SQLite file in a temporary folder)")
    parser.add_argument("--mode", choices=sorted(generate.SHAPES), default="chongqing")
    parser.add_argument("--scale", type=float, default=1.0, help="shrinks everything: 0.001 for a quick check")
    parser.add_argument("--density", type=float, help="elements per resident relative to Chongqing's "
                                                      "(default 1 for chongqing, 0.02 for national)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--district", help="path of the district of (a) (default chongqing/wanzhou, or np01's first)")
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--rls", action="store_true", help="PostgreSQL: the cost of row-level security, the "
                        "GraphQL queries as the tables' owner against as an application role")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    if args.database is None:
        args.database = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wushe-bench-')) / 'indicators.db'}"
    result = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
