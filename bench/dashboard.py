"""Benchmark: a district's dashboard in the browser against the GraphQL rollup it shows (issue 16, item 7).

A district of ``--streets`` streets (30: the issue's), each with ``--communities`` communities and
``--volunteers`` volunteers in each, is declared by a plugin made for the run, in a new SQLite file
(or a new database on the PostgreSQL server of ``--database``). The platform is served by uvicorn on
a loopback port, in a thread of its own; a district official (a role with ``region:read`` and
``indicator:read`` held at the district) is signed in to the console in Debian's Chromium, driven by
Playwright. Then, ``--rounds`` times each, interleaved:

- **graphql**: ``rollup(under: district, by: STREET, indicators: […])`` with the dashboard's
  indicators, POSTed with the official's bearer token: the wall time to the whole answer;
- **dashboard**: ``/console/regions/<district>`` loaded in the browser: *first paint* (the
  first-contentful-paint entry) and *complete* (the later of the first paint and the chart drawn:
  ``performance.mark`` of ``wushe-chart-drawn``, after the page, htmx, ECharts and the table), both
  from the navigation's start.

It prints the medians and the ratio of each of the dashboard's to the GraphQL rollup's (the issue
asks for at most 2x), with ``--json FILE`` for the figures. Without a Chromium it says so and stops.

    python bench/dashboard.py                     # SQLite, ~1 minute
    python bench/dashboard.py --database postgresql://postgres@127.0.0.1:5432/postgres --rounds 30
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import tempfile
import threading
import time
import types
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg
import sqlalchemy as sa
import uvicorn
from sqlmodel import col, select

from core import RegionDecl, Tier, db, hookimpl
from core.config import Settings
from core.models import Region, Volunteer
from core.platform import Platform
from core.services import accounts, administration
from core.web.app import create_app

PASSWORD = "Zq7-console-bench"
OFFICIAL = "district.official"
DISTRICT = "benchcity/d1"
INDICATORS = ("registered_volunteers", "volunteer_share", "community_workers_per_10k_urban")
CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
ROLLUP = """query($under: String!, $indicators: [String!]!) {
  rollup(under: $under, by: STREET, indicators: $indicators) { rows { name path values { key value } } total { values { value } } }
}"""


def plugin(streets: int, communities: int) -> types.ModuleType:
    """A city with one district of ``streets`` streets, each of ``communities`` communities."""
    regions = [RegionDecl(path="benchcity", name="测试市", tier=Tier.CITY),
               RegionDecl(path=DISTRICT, name="测试区", tier=Tier.DISTRICT)]
    for s in range(streets):
        street = f"{DISTRICT}/s{s:02d}"
        regions.append(RegionDecl(path=street, name=f"第{s + 1}街道", tier=Tier.STREET))
        regions += [RegionDecl(path=f"{street}/c{c:02d}", name=f"第{s + 1}街道第{c + 1}社区", tier=Tier.COMMUNITY,
                               resident_population=3000, urban_population=3000) for c in range(communities)]
    module = types.ModuleType("bench_console")
    module.PLUGIN_NAME = "bench_console"  # type: ignore[attr-defined]
    module.plugin_scope = hookimpl(lambda: "benchcity")  # type: ignore[attr-defined]
    module.register_regions = hookimpl(lambda: regions)  # type: ignore[attr-defined]
    return module


def chromium() -> str | None:
    return next((p for p in CHROMIUM if Path(p).is_file()), None) or shutil.which("chromium")


def free_socket() -> socket.socket:
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    return listening


async def prepare(settings: Settings, module: types.ModuleType, volunteers: int) -> None:
    """Init, the official (a district role reading regions and indicators), and the volunteers."""
    platform = Platform.create(settings, plugins=[module])
    try:
        await platform.init()
        async with db.transaction(platform.sessions) as session:
            await administration.create_role(
                session, accounts.OPERATOR, tenant="benchcity", code="district_official", label="区级工作人员",
                tier=Tier.DISTRICT, permissions=["region:read", "indicator:read", "target:read", "volunteer:read"],
                vocabulary=platform.registry.vocabulary())
            await accounts.create_user(session, accounts.OPERATOR, username=OFFICIAL, tenant="benchcity",
                                       password=PASSWORD)
            await administration.assign(session, accounts.OPERATOR, username=OFFICIAL, role="district_official",
                                        region=DISTRICT)
        if volunteers:
            await fill_volunteers(platform, volunteers)
    finally:
        await platform.dispose()


async def fill_volunteers(platform: Platform, each: int) -> None:
    """``each`` volunteers in every community, through the ORM (the summaries kept as a write keeps them)."""
    async with db.transaction(platform.sessions) as session:
        communities = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY,
                                                               col(Region.path).startswith(DISTRICT)))).all()
        for region in communities:
            for i in range(each):
                session.add(Volunteer(tenant_id=region.tenant_id, region_id=region.id, name=f"志愿者{i}",
                                      real_name_registered=i % 3 != 0))


class Served:
    """The platform's app under uvicorn in a thread with its own event loop."""

    def __init__(self, settings: Settings, module: types.ModuleType) -> None:
        self.listening = free_socket()
        self.base = f"http://127.0.0.1:{self.listening.getsockname()[1]}"
        self.settings, self.module = settings, module
        self.server: uvicorn.Server | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        async def serve() -> None:
            app = create_app(Platform.create(self.settings, plugins=[self.module]))
            self.server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_config=None, access_log=False))
            await self.server.serve(sockets=[self.listening])

        asyncio.run(serve())

    def __enter__(self) -> "Served":
        self.thread.start()
        while self.server is None or not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server stopped before it started")
            time.sleep(0.01)
        return self

    def __exit__(self, *_exc: Any) -> None:
        if self.server is not None:
            self.server.should_exit = True
        self.thread.join(timeout=30)
        self.listening.close()


async def measure(base: str, rounds: int, warmup: int, path: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright  # optional: the test extra installs it

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        login = await client.post("/graphql", json={"query": "mutation($u: String!, $p: String!) { login(username: $u, "
                                                             "password: $p) { token } }",
                                                    "variables": {"u": OFFICIAL, "p": PASSWORD}})
        token = login.json()["data"]["login"]["token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = {"query": ROLLUP, "variables": {"under": DISTRICT, "indicators": list(INDICATORS)}}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            page = await (await browser.new_context(base_url=base)).new_page()
            await page.goto("/console/sign-in")
            await page.get_by_label("用户名").fill(OFFICIAL)
            await page.get_by_label("密码").fill(PASSWORD)
            await page.get_by_role("button", name="登录").click()
            await page.wait_for_url(base + "/")
            graphql, html, paint, complete, floor, rows = [], [], [], [], [], 0
            timeline: dict[str, list[float]] = {}
            for round_ in range(warmup + rounds):
                started = time.perf_counter()
                answer = await client.post("/graphql", json=body, headers=headers)
                took = (time.perf_counter() - started) * 1000
                data = answer.json()
                if answer.status_code != 200 or "errors" in data:
                    raise RuntimeError(f"the rollup failed: {answer.status_code} {answer.text[:300]}")
                rows = len(data["data"]["rollup"]["rows"])
                await page.goto("/health")  # the floor: the first paint of a page with nothing to do
                await page.evaluate("""async () => {
                    while (!performance.getEntriesByName('first-contentful-paint').length)
                        await new Promise((done) => setTimeout(done, 2));
                }""")
                floor_ms = await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
                started = time.perf_counter()
                fetched = await page.request.get(path)  # the page's HTML alone, with the browser's cookie
                await fetched.body()
                html_ms = (time.perf_counter() - started) * 1000
                await page.goto(path)
                # polled inside the page: wait_for_function evaluates a string, which the console's CSP refuses
                await page.evaluate("""async () => {
                    while (!(performance.getEntriesByName('wushe-chart-drawn').length > 0 &&
                             performance.getEntriesByName('first-contentful-paint').length > 0))
                        await new Promise((done) => setTimeout(done, 2));
                }""")
                first, drawn = await page.evaluate("""() => [
                    performance.getEntriesByName('first-contentful-paint')[0].startTime,
                    performance.getEntriesByName('wushe-chart-drawn')[0].startTime]""")
                phases = await page.evaluate("""() => {
                    const n = performance.getEntriesByType('navigation')[0];
                    const r = Object.fromEntries(performance.getEntriesByType('resource').map(
                        (e) => [e.name.split("/").pop().split("?")[0], e.responseEnd]));
                    return {html: n.responseEnd, dom_interactive: n.domInteractive,
                            dom_content_loaded: n.domContentLoadedEventEnd, ...r};
                }""")
                if round_ >= warmup:
                    for name, at in phases.items():
                        timeline.setdefault(name, []).append(at)
                    graphql.append(took)
                    html.append(html_ms)
                    floor.append(floor_ms)
                    paint.append(first)
                    complete.append(max(first, drawn))  # the chart drawn, and the page painted
            shown = await page.locator("table.rollup tbody tr").count()
            await browser.close()
    return {"rows": rows, "rows_shown": shown, "graphql_ms": graphql, "html_ms": html, "floor_ms": floor, "first_paint_ms": paint, "complete_ms": complete,
            "timeline_ms": {name: statistics.median(at) for name, at in timeline.items() if len(at) == rounds}}


def run(args: argparse.Namespace, report: Any = print) -> dict[str, Any]:
    if chromium() is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="wushe-console-bench-"))
    created = None
    if args.database:
        created = f"console_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.database.replace("+psycopg", ""), autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{created}"')
        url = sa.engine.make_url(args.database).set(database=created).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{folder / 'bench.db'}"
    settings = Settings(database_url=url, env="development", rate_limit_per_minute=0)
    module = plugin(args.streets, args.communities)
    try:
        asyncio.run(prepare(settings, module, args.volunteers))
        with Served(settings, module) as served:
            figures = asyncio.run(measure(served.base, args.rounds, args.warmup, f"/console/regions/{DISTRICT}"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if created:
            with psycopg.connect(args.database.replace("+psycopg", ""), autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    medians = {k: statistics.median(figures[k]) for k in ("graphql_ms", "html_ms", "floor_ms", "first_paint_ms", "complete_ms")}
    result = {"streets": args.streets, "communities_each": args.communities, "volunteers_each": args.volunteers,
              "database": "postgresql" if created else "sqlite", "rounds": args.rounds, **figures,
              "median": medians,
              "ratio": {"first_paint": medians["first_paint_ms"] / medians["graphql_ms"],
                        "complete": medians["complete_ms"] / medians["graphql_ms"]}}
    report(f"district of {args.streets} streets × {args.communities} communities, {result['database']}, "
           f"{args.rounds} rounds (medians)")
    report(f"  GraphQL rollup ({figures['rows']} rows)      {medians['graphql_ms']:8.1f} ms")
    report(f"  dashboard's HTML alone        {medians['html_ms']:8.1f} ms   "
           f"{medians['html_ms'] / medians['graphql_ms']:.2f}x the rollup")
    report(f"  the floor: /health's first paint {medians['floor_ms']:6.1f} ms   "
           f"{medians['floor_ms'] / medians['graphql_ms']:.2f}x the rollup (a page with nothing to do)")
    report(f"  dashboard first paint          {medians['first_paint_ms']:8.1f} ms   "
           f"{result['ratio']['first_paint']:.2f}x the rollup")
    report(f"  dashboard complete (chart)     {medians['complete_ms']:8.1f} ms   "
           f"{result['ratio']['complete']:.2f}x the rollup")
    report("  where the page's time goes (medians from the navigation's start, ms): " + ", ".join(
        f"{name} {at:.1f}" for name, at in sorted(figures["timeline_ms"].items(), key=lambda item: item[1])))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", help="a PostgreSQL server's URL (a database is made for the run); default: SQLite")
    p.add_argument("--streets", type=int, default=30)
    p.add_argument("--communities", type=int, default=5, help="communities in each street")
    p.add_argument("--volunteers", type=int, default=20, help="volunteers in each community")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--json", help="write the figures to this file")
    return p


if __name__ == "__main__":
    os.environ.setdefault("WUSHE_LOG_LEVEL", "warning")
    run(parser().parse_args())
