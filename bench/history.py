"""Benchmark: indicators as of a past day, and series over years (issue 12, item 7).

On the data set of ``bench/generate.py`` (built by ``bench/indicators.py``'s ``prepare``, or found
in the database), measures side by side in one run, interleaved:

(a) a district's indicators (every computed stock indicator and two yearly ones) on its whole
    subtree, ``Region.indicators`` over GraphQL, as of 31 December of last year against today's
    (the summary rows) — the goal is at most 1.5x; and the same for the rollup of its streets. A
    past day, once asked, is kept (``core.indicators.snapshots``): those figures are the warm ones;
    a day never asked before (recomputed from the dated rows, then kept) is measured beside;
(b) ``rollupSeries`` of the district's streets over three years against three one-year
    ``rollup``s (the past years ``asOf`` their 31 December) — the goal is at most 1.2x.

The answers are checked first: the as-of counts of registered volunteers per street equal a
hand-written count over the raw rows (``valid_from ≤ D``, not ended), and each year of the series
equals its one-year rollup, and the counts read back from what was kept equal those recomputed. Run:

    python bench/history.py --database postgresql://postgres@127.0.0.1:5432/wushe_bench
    python bench/history.py --database sqlite:////tmp/wushe-bench/chongqing.db

``--scale 0.001`` shrinks everything (a few seconds); ``--json FILE`` writes the figures.
"""

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import platform as machine
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from core import clock
from core.indicators import INDICATORS
from core.models import Region
from core.platform import Platform

sys.path.insert(0, str(Path(__file__).parent))
import generate  # bench/generate.py, beside this file
import indicators  # bench/indicators.py: the data set, interleaved timing

KEYS = [key for key, i in INDICATORS.items() if i.computed and not i.yearly] + ["sessions", "volunteer_service_hours"]
"""Every computed stock indicator, and two yearly ones (their year is the as-of day's)."""

REGION = """query($path: String!, $keys: [String!], $asOf: Date) {
  region(path: $path) { indicators(keys: $keys, asOf: $asOf) { key value numerator denominator year asOf } } }"""
ROLLUP = """query($under: String!, $keys: [String!]!, $year: Int, $asOf: Date) {
  rollup(under: $under, by: STREET, indicators: $keys, year: $year, asOf: $asOf) {
    rows { path values { key numerator denominator } } total { values { key numerator } } } }"""
SERIES = """query($under: String!, $keys: [String!]!, $years: [Int!]!) {
  rollupSeries(under: $under, by: STREET, indicators: $keys, years: $years) {
    rows { path years { year values { key numerator denominator } } } total { years { year values { key numerator } } } } }"""

# Hand-written: registered volunteers per street as of :day, from the raw rows.
RAW = """
SELECT s.path, COUNT(v.id) AS registered
FROM region s
JOIN region r ON r.street_id = s.id
LEFT JOIN volunteer v ON v.region_id = r.id AND v.real_name_registered
     AND v.valid_from <= :day AND (v.valid_to IS NULL OR v.valid_to > :day)
WHERE s.district_id = :district AND s.tier = 'street'
GROUP BY s.path
"""


async def measure(platform: Platform, reps: int, warmup: int, district: str = "chongqing/wanzhou",
                  report: Any = print) -> dict[str, Any]:
    from litestar.testing import AsyncTestClient

    from core.web.app import create_app

    year = clock.today().year
    past = dt.date(year - 1, 12, 31)
    years = [year - 2, year - 1, year]
    token = await platform.token_for("admin")
    async with platform.sessions() as session:
        d = (await session.exec(select(Region).where(Region.path == district))).one()

    async with AsyncTestClient(app=create_app(platform)) as client:
        async def post(query: str, variables: dict[str, Any]) -> dict[str, Any]:
            response = await client.post("/graphql", json={"query": query, "variables": variables},
                                          headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, body["errors"]
            return body

        async def one_year_rollups() -> list[dict[str, Any]]:
            return [await post(ROLLUP, {"under": d.path, "keys": KEYS, "year": y,
                                        "asOf": None if y == year else f"{y}-12-31"}) for y in years]

        fresh_days = (past - dt.timedelta(days=k) for k in range(1, 3650))

        async def first_ask() -> dict[str, Any]:  # a day never asked before: recomputed, then kept
            return await post(REGION, {"path": d.path, "keys": KEYS, "asOf": next(fresh_days).isoformat()})

        cases = {
            "region_today": lambda: post(REGION, {"path": d.path, "keys": KEYS}),
            "region_as_of": lambda: post(REGION, {"path": d.path, "keys": KEYS, "asOf": past.isoformat()}),
            "region_as_of_first": first_ask,
            "rollup_today": lambda: post(ROLLUP, {"under": d.path, "keys": KEYS}),
            "rollup_as_of": lambda: post(ROLLUP, {"under": d.path, "keys": KEYS, "asOf": past.isoformat()}),
            "series_3_years": lambda: post(SERIES, {"under": d.path, "keys": KEYS, "years": years}),
            "rollups_3_one_year": one_year_rollups,
        }

        # the answers first: a wrong one must not produce a figure
        async with platform.engine.connect() as connection:
            raw = dict((await connection.execute(sa.text(RAW).bindparams(sa.bindparam("day", type_=sa.Date)),
                                                 {"district": d.id, "day": past})).all())
        as_of = (await cases["rollup_as_of"]())["data"]["rollup"]["rows"]
        got = {r["path"]: next(v["numerator"] for v in r["values"] if v["key"] == "registered_volunteers") for r in as_of}
        assert got == {path: float(n) for path, n in raw.items()}, "as-of counts differ from the raw rows"
        kept = (await cases["rollup_as_of"]())["data"]["rollup"]["rows"]  # now read from the kept counts
        assert kept == as_of, "the kept counts differ from the recomputed ones"
        today = (await cases["rollup_today"]())["data"]["rollup"]["rows"]
        changed = sum(1 for r in today if r["values"] != next(a for a in as_of if a["path"] == r["path"])["values"])
        series = (await cases["series_3_years"]())["data"]["rollupSeries"]["rows"]
        for y, single in zip(years, await one_year_rollups(), strict=True):
            for row in single["data"]["rollup"]["rows"]:
                mine = next(s for s in series if s["path"] == row["path"])
                assert next(v for v in mine["years"] if v["year"] == y)["values"] == row["values"], (y, row["path"])
        report(f"checked: {len(as_of)} streets under {d.path}, as of {past}: rollup = raw rows "
               f"({changed} streets differ from today); series = one-year rollups for {years}")
        timings = await indicators.interleaved(cases, reps, warmup)

    return {"district": d.path, "streets": len(as_of), "as_of": past.isoformat(), "years": years,
            "indicators": len(KEYS), "timings": timings, "ratios": {
                "region_as_of_vs_today": timings["region_as_of"]["p50"] / timings["region_today"]["p50"],
                "first_ask_vs_today": timings["region_as_of_first"]["p50"] / timings["region_today"]["p50"],
                "rollup_as_of_vs_today": timings["rollup_as_of"]["p50"] / timings["rollup_today"]["p50"],
                "series_vs_three_rollups": timings["series_3_years"]["p50"] / timings["rollups_3_one_year"]["p50"],
            }}


LINES = (
    ("region_today", "(a) Region.indicators, {district}, today"),
    ("region_as_of", "(a) Region.indicators, {district}, asOf {as_of}"),
    ("region_as_of_first", "    the same, a day never asked before"),
    ("rollup_today", "    rollup by street, today"),
    ("rollup_as_of", "    rollup by street, asOf {as_of}"),
    ("series_3_years", "(b) rollupSeries, 3 years"),
    ("rollups_3_one_year", "(b) 3 one-year rollups"),
)


def table(result: dict[str, Any], backend: str) -> str:
    t, r = result["timings"], result["ratios"]
    runs = t["region_today"]["runs"]
    out = [f"\n{backend}: p50 / p95 over {runs} interleaved runs each (ms), {result['indicators']} indicators"]
    for key, label in LINES:
        out.append(f"{label.format(**result):52} {t[key]['p50']:9.2f} {t[key]['p95']:9.2f}")
    out.append(f"(a) as of a past day / today     {r['region_as_of_vs_today']:6.2f}x   goal <= 1.5x: "
               f"{'met' if r['region_as_of_vs_today'] <= 1.5 else 'MISSED'}  (rollup {r['rollup_as_of_vs_today']:.2f}x)")
    out.append(f"    a day never asked before / today {r['first_ask_vs_today']:6.2f}x   (recomputed, then kept)")
    out.append(f"(b) series / three rollups       {r['series_vs_three_rollups']:6.2f}x   goal <= 1.2x: "
               f"{'met' if r['series_vs_three_rollups'] <= 1.2 else 'MISSED'}")
    return "\n".join(out)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    density = args.density if args.density is not None else generate.DENSITY["chongqing"]
    platform = await indicators.prepare(args.database, "chongqing", args.scale, density, args.seed)
    try:
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
    parser.add_argument("--scale", type=float, default=1.0, help="shrinks everything: 0.001 for a quick check")
    parser.add_argument("--density", type=float, help="elements per resident relative to Chongqing's (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--district", default="chongqing/wanzhou", help="path of the district measured")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.database is None:
        args.database = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wushe-bench-')) / 'history.db'}"
    result = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
