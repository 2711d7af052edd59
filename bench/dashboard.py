"""Benchmark: a district's dashboard in the browser against the GraphQL rollup it shows (issue 16, item 7).

A district of ``--streets`` streets (30: the issue's), each with ``--communities`` communities and
``--volunteers`` volunteers in each, is declared by a plugin made for the run, in a new SQLite file
(or a new database on the PostgreSQL server of ``--database``). The platform is served by uvicorn on
a loopback port, in a process of its own (``--serve-only``); a district official (a role with
``region:read`` and ``indicator:read`` held at the district) is signed in to the console in Debian's
Chromium, driven by Playwright. Then, ``--rounds`` times each, interleaved:

- **graphql**: ``rollup(under: district, by: STREET, indicators: […])`` with the dashboard's
  indicators, POSTed with the official's bearer token: the wall time to the whole answer;
- **HTML alone**: the dashboard's page fetched with the browser's cookie, not rendered;
- **the floor**: ``/health``'s first paint, a page with nothing to do: what any page costs here;
- **dashboard**: ``/console/regions/<district>`` loaded in the browser: *first paint* (the
  first-contentful-paint entry) and *complete* (the later of the first paint and the chart drawn:
  the bar chart is in the HTML; where ``dashboard.js`` is on the page, its ``wushe-chart-drawn``
  mark too), both from the navigation's start; **warm** in the signed-in context (static files cached,
  as for an official who has used the console) and **cold** in a new context with the same cookie
  (nothing cached; the floor measured first in it, so its renderer has started).

With ``--against CHECKOUT`` (another revision's tree, e.g. ``git worktree add /tmp/before HEAD~3``)
the same data is also served by that checkout's code, and every round measures both: a before/after
in one run. It prints the medians, the ratios to the GraphQL rollup (the issue asks for at most 2x)
and the page's own cost above the floor (each round's page minus that round's floor), with
``--json FILE`` for the figures. Without a Chromium it says so and stops.

    python bench/dashboard.py                     # SQLite, ~1 minute
    python bench/dashboard.py --database postgresql://postgres@127.0.0.1:5432/postgres --rounds 30
    python bench/dashboard.py --against /tmp/before
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
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
    regions = [
        RegionDecl(path="benchcity", name="测试市", tier=Tier.CITY),
        RegionDecl(path=DISTRICT, name="测试区", tier=Tier.DISTRICT),
    ]
    for s in range(streets):
        street = f"{DISTRICT}/s{s:02d}"
        regions.append(RegionDecl(path=street, name=f"第{s + 1}街道", tier=Tier.STREET))
        regions += [
            RegionDecl(
                path=f"{street}/c{c:02d}",
                name=f"第{s + 1}街道第{c + 1}社区",
                tier=Tier.COMMUNITY,
                resident_population=3000,
                urban_population=3000,
            )
            for c in range(communities)
        ]
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
                session,
                accounts.OPERATOR,
                tenant="benchcity",
                code="district_official",
                label="区级工作人员",
                tier=Tier.DISTRICT,
                permissions=["region:read", "indicator:read", "target:read", "volunteer:read"],
                vocabulary=platform.registry.vocabulary(),
            )
            await accounts.create_user(
                session, accounts.OPERATOR, username=OFFICIAL, tenant="benchcity", password=PASSWORD
            )
            await administration.assign(
                session, accounts.OPERATOR, username=OFFICIAL, role="district_official", region=DISTRICT
            )
        if volunteers:
            await fill_volunteers(platform, volunteers)
    finally:
        await platform.dispose()


async def fill_volunteers(platform: Platform, each: int) -> None:
    """``each`` volunteers in every community, through the ORM (the summaries kept as a write keeps them)."""
    async with db.transaction(platform.sessions) as session:
        communities = (
            await session.exec(
                select(Region).where(Region.tier == Tier.COMMUNITY, col(Region.path).startswith(DISTRICT))
            )
        ).all()
        for region in communities:
            for i in range(each):
                session.add(
                    Volunteer(
                        tenant_id=region.tenant_id,
                        region_id=region.id,
                        name=f"志愿者{i}",
                        real_name_registered=i % 3 != 0,
                    )
                )


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


WAIT_PAINTED = """async () => {
    while (!(performance.getEntriesByName('first-contentful-paint').length > 0 &&
             (!document.querySelector('script[data-echarts]') ||
              performance.getEntriesByName('wushe-chart-drawn').length > 0)))
        await new Promise((done) => setTimeout(done, 2));
}"""
"""Polled inside the page (wait_for_function evaluates a string, which the console's CSP refuses):
painted, and where the page has ``dashboard.js``, its ``wushe-chart-drawn`` mark set."""
READ_TIMES = """() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0].startTime;
    const mark = performance.getEntriesByName('wushe-chart-drawn')[0];
    const n = performance.getEntriesByType('navigation')[0];
    const r = Object.fromEntries(performance.getEntriesByType('resource').map(
        (e) => [e.name.split("/").pop().split("?")[0], e.responseEnd]));
    return {paint, complete: Math.max(paint, mark ? mark.startTime : 0), svg_chart: !!document.querySelector('svg#chart'),
            phases: {html: n.responseEnd, dom_interactive: n.domInteractive,
                     dom_content_loaded: n.domContentLoadedEventEnd, ...r}};
}"""
"""*complete*: the later of the first paint and the chart drawn — ``dashboard.js``'s mark, set once
ECharts has drawn its options (the bar chart before, the line now only when it is scrolled to) or,
with nothing to draw, in the task after the first frame; a bar chart in the HTML is there at the paint."""


async def sign_in(browser: Any, base: str) -> Any:
    """A context of its own (cookies name the host, not the port) with the official signed in."""
    context = await browser.new_context(base_url=base)
    page = await context.new_page()
    await page.goto("/console/sign-in")
    await page.get_by_label("用户名").fill(OFFICIAL)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(base + "/")
    return context


async def floor_of(page: Any) -> float:
    await page.goto("/health")  # the floor: the first paint of a page with nothing to do
    await page.evaluate("""async () => {
        while (!performance.getEntriesByName('first-contentful-paint').length)
            await new Promise((done) => setTimeout(done, 2));
    }""")
    return float(await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))


async def load(page: Any, path: str) -> dict[str, Any]:
    await page.goto(path)
    await page.evaluate(WAIT_PAINTED)
    return dict(await page.evaluate(READ_TIMES))


async def measure(bases: dict[str, str], rounds: int, warmup: int, path: str) -> dict[str, Any]:
    """Each round, interleaved: the rollup over GraphQL, then for each served version (``bases``: its
    name → its address) the HTML alone, the /health floor and the dashboard in the warm context (its
    static files cached, as for an official who has used the console), then the same in a new context
    (cold: nothing cached; /health first, so the renderer has started and the floor is that context's)."""
    from playwright.async_api import async_playwright  # optional: the test extra installs it

    first = next(iter(bases.values()))
    async with httpx.AsyncClient(base_url=first, timeout=60) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                "variables": {"u": OFFICIAL, "p": PASSWORD},
            },
        )
        token = login.json()["data"]["login"]["token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = {"query": ROLLUP, "variables": {"under": DISTRICT, "indicators": list(INDICATORS)}}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            warm = {name: await sign_in(browser, base) for name, base in bases.items()}
            pages = {name: await context.new_page() for name, context in warm.items()}
            states = {name: await context.storage_state() for name, context in warm.items()}
            graphql: list[float] = []
            figures: dict[str, dict[str, list[float]]] = {name: {} for name in bases}
            timeline: dict[str, dict[str, list[float]]] = {name: {} for name in bases}
            rows = shown = 0
            for round_ in range(warmup + rounds):
                keep = round_ >= warmup
                started = time.perf_counter()
                answer = await client.post("/graphql", json=body, headers=headers)
                took = (time.perf_counter() - started) * 1000
                data = answer.json()
                if answer.status_code != 200 or "errors" in data:
                    raise RuntimeError(f"the rollup failed: {answer.status_code} {answer.text[:300]}")
                rows = len(data["data"]["rollup"]["rows"])
                if keep:
                    graphql.append(took)
                order = list(bases.items())
                for name, base in order if round_ % 2 else order[::-1]:  # neither always first
                    page, out = pages[name], figures[name]
                    started = time.perf_counter()
                    fetched = await page.request.get(path)  # the page's HTML alone, with the browser's cookie
                    await fetched.body()
                    html_ms = (time.perf_counter() - started) * 1000
                    floor = await floor_of(page)
                    warm_times = await load(page, path)
                    cold_context = await browser.new_context(base_url=base, storage_state=states[name])
                    cold_page = await cold_context.new_page()
                    cold_floor = await floor_of(cold_page)
                    cold_times = await load(cold_page, path)
                    await cold_context.close()
                    if not keep:
                        continue
                    for key, value in (
                        ("html", html_ms),
                        ("floor", floor),
                        ("paint", warm_times["paint"]),
                        ("complete", warm_times["complete"]),
                        ("paint_above_floor", warm_times["paint"] - floor),
                        ("complete_above_floor", warm_times["complete"] - floor),
                        ("cold_floor", cold_floor),
                        ("cold_paint", cold_times["paint"]),
                        ("cold_complete", cold_times["complete"]),
                        ("cold_paint_above_floor", cold_times["paint"] - cold_floor),
                        ("cold_complete_above_floor", cold_times["complete"] - cold_floor),
                    ):
                        out.setdefault(key, []).append(value)
                    for phase, at in warm_times["phases"].items():
                        timeline[name].setdefault(phase, []).append(at)
                    for phase, at in cold_times["phases"].items():
                        timeline[name].setdefault("cold " + phase, []).append(at)
            shown = await pages[next(iter(bases))].locator("table.rollup tbody tr").count()
            await browser.close()
    return {
        "rows": rows,
        "rows_shown": shown,
        "graphql_ms": graphql,
        "versions": figures,
        "timeline_ms": {
            name: {phase: statistics.median(at) for phase, at in phases.items() if len(at) == rounds}
            for name, phases in timeline.items()
        },
    }


def serve(checkout: str, url: str, args: argparse.Namespace) -> tuple[subprocess.Popen[str], str]:
    """The platform served by a checkout's code (this one, or ``--against``'s): this script with
    ``--serve-only`` in a process of its own whose ``core`` is that checkout's (so the browser and the
    bench's client share no interpreter with it); its address is its first line out."""
    env = {**os.environ, "PYTHONPATH": str(Path(checkout).resolve()), "WUSHE_LOG_LEVEL": "warning"}
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve-only",
            url,
            "--streets",
            str(args.streets),
            "--communities",
            str(args.communities),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("http://"):
        process.kill()
        raise RuntimeError(f"the other checkout's server did not start: {line!r}")
    return process, line


def serve_only(url: str, args: argparse.Namespace) -> None:
    settings = Settings(database_url=url, env="development", rate_limit_per_minute=0)
    with Served(settings, plugin(args.streets, args.communities)) as served:
        print(served.base, flush=True)
        served.thread.join()


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
    servers: list[subprocess.Popen[str]] = []
    try:
        asyncio.run(prepare(settings, module, args.volunteers))
        bases = {}
        for name, checkout in (("this", Path(__file__).parents[1]), ("against", args.against)):
            if checkout:
                server, bases[name] = serve(str(checkout), url, args)
                servers.append(server)
        figures = asyncio.run(measure(bases, args.rounds, args.warmup, f"/console/regions/{DISTRICT}"))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        if created:
            with psycopg.connect(args.database.replace("+psycopg", ""), autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    graphql = statistics.median(figures["graphql_ms"])
    medians = {
        name: {key: statistics.median(values) for key, values in version.items()}
        for name, version in figures["versions"].items()
    }
    result = {
        "streets": args.streets,
        "communities_each": args.communities,
        "volunteers_each": args.volunteers,
        "database": "postgresql" if created else "sqlite",
        "rounds": args.rounds,
        "against": args.against,
        **figures,
        "median": {"graphql_ms": graphql, **medians},
        "ratio": {
            name: {
                key: m[key] / graphql for key in ("html", "floor", "paint", "complete", "cold_paint", "cold_complete")
            }
            for name, m in medians.items()
        },
    }
    report(
        f"district of {args.streets} streets × {args.communities} communities, {result['database']}, "
        f"{args.rounds} rounds (medians, ms; ratios to the rollup; 'above' = minus that round's /health floor)"
    )
    report(f"  GraphQL rollup ({figures['rows']} rows)  {graphql:7.1f}")
    for name, m in medians.items():
        label = "this checkout" if name == "this" else f"against {args.against}"
        r = result["ratio"][name]
        report(f"  {label}:")
        report(f"    HTML alone                  {m['html']:7.1f}  {r['html']:.2f}x")
        report(f"    warm  floor (/health paint) {m['floor']:7.1f}  {r['floor']:.2f}x")
        report(
            f"          first paint           {m['paint']:7.1f}  {r['paint']:.2f}x   above the floor "
            f"{m['paint_above_floor']:6.1f}"
        )
        report(
            f"          complete (chart)      {m['complete']:7.1f}  {r['complete']:.2f}x   above the floor "
            f"{m['complete_above_floor']:6.1f}"
        )
        report(f"    cold  floor (/health paint) {m['cold_floor']:7.1f}")
        report(
            f"          first paint           {m['cold_paint']:7.1f}  {r['cold_paint']:.2f}x   above the floor "
            f"{m['cold_paint_above_floor']:6.1f}"
        )
        report(
            f"          complete (chart)      {m['cold_complete']:7.1f}  {r['cold_complete']:.2f}x   above the floor "
            f"{m['cold_complete_above_floor']:6.1f}"
        )
        phases = sorted(figures["timeline_ms"][name].items(), key=lambda i: i[1])
        for kind in ("warm", "cold"):
            report(
                f"    {kind} timeline (from the navigation's start): "
                + ", ".join(
                    f"{phase.removeprefix('cold ')} {at:.1f}"
                    for phase, at in phases
                    if phase.startswith("cold ") == (kind == "cold")
                )
            )
    if "against" in medians:
        report("  paired, round by round (this minus against): median difference, rounds where this was sooner")
        for key in ("html", "paint", "complete", "cold_paint", "cold_complete"):
            pairs = list(zip(figures["versions"]["this"][key], figures["versions"]["against"][key], strict=True))
            difference = statistics.median(a - b for a, b in pairs)
            result.setdefault("paired_difference", {})[key] = difference
            report(f"    {key:<14} {difference:+7.1f}  {sum(a < b for a, b in pairs)}/{len(pairs)}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--database", help="a PostgreSQL server's URL (a database is made for the run); default: SQLite")
    p.add_argument("--streets", type=int, default=30)
    p.add_argument("--communities", type=int, default=5, help="communities in each street")
    p.add_argument("--volunteers", type=int, default=20, help="volunteers in each community")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument(
        "--against",
        metavar="CHECKOUT",
        help="also serve the same data with another checkout's code (e.g. a `git worktree add` of the "
        "commit before), measured in the same rounds, interleaved",
    )
    p.add_argument("--serve-only", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    return p


if __name__ == "__main__":
    os.environ.setdefault("WUSHE_LOG_LEVEL", "warning")
    arguments = parser().parse_args()
    if arguments.serve_only:
        serve_only(arguments.serve_only, arguments)
    else:
        run(arguments)
