"""The bare stack of ``bench/http_stack.py``: Litestar + Strawberry (the versions wushe runs on), no platform.

What wushe's figures are compared with, served by the same server (uvicorn) with the same settings:

- ``{ __typename }`` and ``{ ping }``: a constant, no authentication, no limits, no database;
- ``region(path)``: the nested regions (region › children › children with their element counts and two
  indicators) built ONCE at start-up from the summary tables of the benchmark's database and then
  served from memory, shaped as wushe answers them;
- ``POST /rollup`` (``{"under": path}``): the README's rollup (volunteer share of the communities of a
  street, with the street's targets) as hand-written SQL over ``subtree_summary`` plus JSON, no GraphQL.

Nothing of ``core`` is imported: the resident memory is that of the stack alone (plus SQLAlchemy and
the database driver, which the rollup route uses). ``http_stack.py`` writes the configuration (a JSON
file named by ``BENCH_BARE_CONFIG``): the database URL, the year, the nested query's root, and the targets
in force at the rollup's rows (its fixed knowledge, computed with the platform's own rules)::

    BENCH_BARE_CONFIG=/tmp/x/bare.json uvicorn --app-dir bench --factory bare:create --port 8001
    BENCH_BARE_CONFIG=/tmp/x/bare.json python bench/bare.py --port 8001 --workers 2

The second serves it as ``wushe serve --workers N`` does (``core.web.workers``): each worker on a
listening socket of its own (``SO_REUSEPORT``), the kernel spreading the connections over them.
Only that: none of its supervision (a worker that dies is not replaced), and nothing of ``core``
imported, the bench needing the same sockets, not the rest.
"""

import argparse
import json
import multiprocessing
import os
import signal
import socket
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
import strawberry
import uvicorn
from litestar import Litestar, get, post
from litestar.params import Body
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from strawberry.litestar import make_graphql_controller

COUNTED = ("communities", "social_organizations", "social_workers", "volunteers", "volunteer_teams",
           "community_funds")
"""The columns of ``subtree_summary`` that ``Region.counts`` shows."""

INDICATORS = {  # key: (numerator, its year: 0 now / 1 the year asked, denominator, its year)
    "volunteer_share": ("registered_volunteers_with_population", 0, "resident_population", 0),
    "active_volunteer_share": ("active_volunteers", 1, "registered_volunteers", 0),
}
COMPARE = {">=": Fraction.__ge__, ">": Fraction.__gt__, "<=": Fraction.__le__, "<": Fraction.__lt__,
           "==": Fraction.__eq__}

REGIONS = "SELECT id, parent_id, path, name, position FROM region"
SUMS = f"""SELECT region_id, year, {", ".join(sorted({c for i in INDICATORS.values() for c in i[::2]} | set(COUNTED)))}
FROM subtree_summary WHERE year IN (0, :year)"""

# The README's rollup: the communities of a street (and the street itself, the total), volunteer share.
ROLLUP = """
SELECT g.id, g.path, g.name, g.position,
       COALESCE(s.registered_volunteers_with_population, 0) AS numerator, COALESCE(s.resident_population, 0) AS denominator
FROM region g LEFT JOIN subtree_summary s ON s.region_id = g.id AND s.year = 0
WHERE g.street_id = (SELECT id FROM region WHERE path = :under) AND g.tier = 'community'
UNION ALL
SELECT g.id, g.path, g.name, g.position,
       COALESCE(s.registered_volunteers_with_population, 0), COALESCE(s.resident_population, 0)
FROM region g LEFT JOIN subtree_summary s ON s.region_id = g.id AND s.year = 0
WHERE g.path = :under
"""
VERDICTS = """SELECT region_id, plugin, scope, target_key, deadline, status FROM target_verdict
WHERE region_id IN (SELECT id FROM region WHERE street_id = (SELECT id FROM region WHERE path = :under))"""
"""The verdicts recorded at the rollup's rows: a target whose deadline has passed answers with its verdict."""


@strawberry.type
class ElementCounts:
    communities: int
    social_organizations: int
    social_workers: int
    volunteers: int
    volunteer_teams: int
    community_funds: int


@strawberry.type
class IndicatorValue:
    key: str
    value: float | None
    numerator: float | None
    denominator: float | None


@strawberry.type
class Region:
    path: str
    name: str
    counts: ElementCounts
    children: list["Region"]
    values: strawberry.Private[dict[str, IndicatorValue]]

    @strawberry.field
    def indicators(self, keys: list[str] | None = None, year: int | None = None) -> list[IndicatorValue]:
        return [self.values[k] for k in keys] if keys is not None else list(self.values.values())


@dataclass
class Store:
    """What the app serves from memory, filled at start-up."""

    regions: dict[str, Region]
    engine: AsyncEngine | None = None


STORE = Store({})


@strawberry.type
class Query:
    @strawberry.field
    def ping(self) -> str:
        return "pong"

    @strawberry.field
    def region(self, path: str) -> Region | None:
        return STORE.regions.get(path)


def _value(key: str, now: dict[str, int], year: dict[str, int]) -> IndicatorValue:
    numerator, n_year, denominator, d_year = INDICATORS[key]
    top = float((year if n_year else now).get(numerator, 0))
    bottom = float((year if d_year else now).get(denominator, 0))
    return IndicatorValue(key=key, value=top / bottom if bottom else None, numerator=top, denominator=bottom)


async def load_tree(engine: AsyncEngine, root: str, depth: int, year: int) -> dict[str, Region]:
    """The regions ``depth`` levels below ``root`` (and it), with their counts and indicators, by path."""
    async with engine.connect() as connection:
        regions = (await connection.execute(sa.text(REGIONS))).mappings().all()
        sums = (await connection.execute(sa.text(SUMS), {"year": year})).mappings().all()
    now = {r["region_id"]: dict(r) for r in sums if r["year"] == 0}
    yearly = {r["region_id"]: dict(r) for r in sums if r["year"] == year}
    below: dict[int, list[Any]] = {}
    for row in regions:
        below.setdefault(row["parent_id"], []).append(row)

    def build(row: Any, level: int) -> Region:
        counts = now.get(row["id"], {})
        kids = sorted(below.get(row["id"], []), key=lambda r: (r["position"], r["path"])) if level < depth else []
        return Region(
            path=row["path"], name=row["name"],
            counts=ElementCounts(**{c: int(counts.get(c, 0)) for c in COUNTED}),
            children=[build(kid, level + 1) for kid in kids],
            values={key: _value(key, counts, yearly.get(row["id"], {})) for key in INDICATORS},
        )

    top = next((r for r in regions if r["path"] == root), None)
    if top is None:
        raise SystemExit(f"bare: no region {root!r} in the database")
    out: dict[str, Region] = {}
    stack = [build(top, 0)]
    while stack:
        region = stack.pop()
        out[region.path] = region
        stack.extend(region.children)
    return out


def _status(target: dict[str, Any], numerator: int, denominator: int, recorded: str | None) -> str:
    if not target["own"]:
        return "context"
    if recorded is not None:
        return recorded
    if not denominator:
        return "no_data"
    met = COMPARE[target["comparator"]](Fraction(numerator), Fraction(target["threshold"]) * denominator)
    return "met" if met else "not_met"


def _recorded(verdicts: dict[tuple[Any, ...], str], region_id: int, target: dict[str, Any]) -> str | None:
    """The verdict recorded for ``target`` at the region, if its deadline has passed (None: judge it now)."""
    if target["verdict"] is None:
        return None
    plugin, scope, deadline = target["verdict"]
    return verdicts.get((region_id, plugin, scope, target["key"], deadline))


def _values(numerator: int, denominator: int) -> list[dict[str, Any]]:
    return [{"value": numerator / denominator if denominator else None, "numerator": float(numerator),
             "denominator": float(denominator)}]


def create() -> Litestar:
    """The bare app (a uvicorn factory): its configuration from the file ``BENCH_BARE_CONFIG`` names."""
    config = json.loads(Path(os.environ["BENCH_BARE_CONFIG"]).read_text(encoding="utf-8"))
    targets: dict[str, list[dict[str, Any]]] = config["targets"]

    @post("/rollup", status_code=200)
    async def rollup(data: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        assert STORE.engine is not None
        under = data["under"]
        async with STORE.engine.connect() as connection:
            found = (await connection.execute(sa.text(ROLLUP), {"under": under})).all()
            verdicts = {(v.region_id, v.plugin, v.scope, v.target_key, str(v.deadline)): v.status
                        for v in await connection.execute(sa.text(VERDICTS), {"under": under})}
        total = next((r for r in found if r.path == under), None)
        rows = sorted((r for r in found if r.path != under),
                      key=lambda r: (r.path.rpartition("/")[0], r.position or 0, r.path))
        return {"data": {"rollup": {
            "rows": [{"name": r.name, "values": _values(int(r.numerator), int(r.denominator)),
                      "targets": [{"key": t["key"], "threshold": t["threshold"],
                                   "status": _status(t, int(r.numerator), int(r.denominator),
                                                     _recorded(verdicts, r.id, t))}
                                  for t in targets.get(r.path, [])]} for r in rows],
            "total": {"values": _values(int(total.numerator), int(total.denominator)) if total else []},
        }}}

    async def start(_app: Litestar) -> None:
        STORE.engine = engine(config["database_url"])
        STORE.regions = await load_tree(STORE.engine, config["nested_root"], 2, config["year"])

    async def stop(_app: Litestar) -> None:
        if STORE.engine is not None:
            await STORE.engine.dispose()

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    schema = strawberry.Schema(query=Query)
    controller = make_graphql_controller(schema, path="/graphql", graphql_ide=None, allow_queries_via_get=False)
    return Litestar(route_handlers=[controller, rollup, health], on_startup=[start], on_shutdown=[stop], debug=False)


def engine(url: str) -> AsyncEngine:
    """An async engine on the benchmark's database, set up as wushe's (``core.db.create_engine``):
    the same drivers; on SQLite the same pragmas. On PostgreSQL it reads every tenant's rows, as a
    platform administrator's requests do (row-level security, ``core.db.tenancy``: the bench's
    role owns nothing, and with no scope set it would see no row)."""
    postgresql = sa.engine.make_url(url).get_backend_name() == "postgresql"
    made = create_async_engine(url, connect_args={"options": "-c wushe.platform=on"} if postgresql else {})
    if made.dialect.name == "sqlite":
        def pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        sa.event.listen(made.sync_engine, "connect", pragmas)
    return made


def _worker(config: uvicorn.Config) -> None:
    """A worker: uvicorn's server on a socket of its own, bound with ``SO_REUSEPORT``."""
    config.configure_logging()
    sock = socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((config.host, config.port))
    uvicorn.Server(config).run(sockets=[sock])


def main() -> None:
    """Serve the bare app, as uvicorn's command line does (its options as http_stack.py gives them)."""
    p = argparse.ArgumentParser(description="the bare app, each worker on a socket of its own")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--log-level", default="info")
    args = p.parse_args()
    config = uvicorn.Config("bare:create", factory=True, host=args.host, port=args.port, log_level=args.log_level,
                            proxy_headers=False)
    if args.workers == 1:
        uvicorn.Server(config).run()
        return
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_worker, args=(config,)) for _ in range(args.workers)]
    for worker in workers:
        worker.start()

    def stop(_sig: int, _frame: Any) -> None:
        for worker in workers:
            if worker.pid is not None and worker.is_alive():
                os.kill(worker.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
