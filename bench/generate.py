"""Synthetic data at Chongqing or national scale, bulk-loaded beside an initialised platform.

Chongqing: under the ``chongqing`` tenant's root, its 38 districts get ~1,000 streets and ~11,000
communities (urban and rural, ~32 million residents), ~1,000,000 volunteers (80% real-name
registered), ~10,000,000 service records (this year, and some the year before), ~600,000
activities, a profile per community, community social organizations and social workers. Records
and facilities began on days spread over the past ten years (``valid_from``, a facility's
``since``; a registered volunteer's is the registration day), so counts as of a past day and
series over years differ from today's.
National: 31 province tenants with ~330 cities, ~2,800 districts, ~40,000 streets and ~600,000
communities (1.41 billion residents); the elements come at ``density`` times Chongqing's per
resident (default 0.02, about as many rows as Chongqing in total).

``scale`` shrinks everything (regions and elements), ``density`` the elements only. The same
seed gives the same data; rows are generated as plain tuples and streamed into the database
(COPY on PostgreSQL, executemany on SQLite), never held as objects. The summary tables are then
rebuilt with :func:`core.indicators.summary.rebuild` and the statistics refreshed.
"""

import datetime as dt
import hashlib
import itertools
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from core import clock
from core.indicators import summary
from core.personal import Keyring
from core.validators import id_number_check_digit, mask_id_number
from plugins.chongqing.regions import DISTRICTS_AND_COUNTIES

TODAY = clock.today()
YEAR = TODAY.year
TIERS = ("province", "city", "district", "street", "community")
PREFIX = {"province": "p", "city": "c", "district": "d", "street": "s", "community": "m"}

VOLUNTEERS_PER_RESIDENT = 1 / 32  # 1,000,000 in 32 million
REGISTERED = 0.8
MINUTES = (30, 60, 60, 90, 120, 120, 180, 240)
CATEGORIES = ("志愿服务类", "关爱老年人服务类", "儿童关爱类", "社区治理类", "文体活动类")
BATCH = 50_000
COPY_ROWS = 1_000_000  # one COPY statement per million rows: the FK checks' queue stays small


@dataclass(frozen=True)
class Shape:
    """Full-scale counts of the regions to add, and the residents they hold."""

    streets: int
    communities: int
    population: int
    provinces: int = 0
    cities: int = 0
    districts: int = 0
    urban_share: tuple[float, float] = (0.05, 0.6)
    """each district's share of urban communities is drawn from this range"""


SHAPES = {
    "chongqing": Shape(streets=1_000, communities=11_000, population=32_000_000),
    "national": Shape(provinces=31, cities=330, districts=2_800, streets=40_000, communities=600_000,
                      population=1_410_000_000),
}
DENSITY = {"chongqing": 1.0, "national": 0.02}


@dataclass(slots=True)
class Node:
    id: int
    tenant_id: int
    path: str
    depth: int
    ancestors: tuple[int | None, ...]


@dataclass(slots=True)
class Community:
    id: int
    tenant_id: int
    urban: bool
    population: int
    first_volunteer: int = 0
    volunteers: int = 0


@dataclass
class Plan:
    """The regions to add (rows, in insertion order) and the communities the elements go to."""

    seed: int
    density: float
    tenants: list[tuple[Any, ...]] = field(default_factory=list)
    regions: list[tuple[Any, ...]] = field(default_factory=list)
    streets: list[Node] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    next_region: int = 1


REGION_COLUMNS = ("id", "tenant_id", "parent_id", "code", "name", "tier", "kind", "resident_population",
                  "urban_population", "path", "depth", "position", "attributes", "province_id", "city_id",
                  "district_id", "street_id", "community_id")


def _round(value: float, rng: random.Random) -> int:
    """``value`` rounded up with the probability of its fraction: right on average, however small."""
    whole = int(value)
    return whole + (rng.random() < value - whole)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split over ``weights``, at least one each (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return [max(1, c) for c in counts]


def _children(plan: Plan, parents: list[Node], total: int, tier: str, rng: random.Random) -> list[Node]:
    out = []
    counts = _apportion(total, [rng.uniform(0.5, 1.5) for _ in parents])
    for parent, count in zip(parents, counts, strict=True):
        for position in range(1, count + 1):
            code = f"{PREFIX[tier]}{position}"
            node = _node(plan, parent, code, tier)
            plan.regions.append((node.id, node.tenant_id, parent.id, code, f"{tier}{position}", tier, None, None, None,
                                 node.path, node.depth, position, "{}", *node.ancestors))
            out.append(node)
    return out


def _node(plan: Plan, parent: Node, code: str, tier: str) -> Node:
    rid = plan.next_region
    plan.next_region += 1
    ancestors = list(parent.ancestors)
    ancestors[TIERS.index(tier)] = rid
    return Node(rid, parent.tenant_id, f"{parent.path}/{code}", parent.depth + 1, tuple(ancestors))


def _communities(plan: Plan, shape: Shape, scale: float, rng: random.Random) -> None:
    """Communities under ``plan.streets``, urban or rural by district, populations summing to the shape's."""
    share: dict[int | None, float] = {}
    drawn = []
    counts = _apportion(max(1, round(shape.communities * scale)), [rng.uniform(0.5, 1.5) for _ in plan.streets])
    for street, count in zip(plan.streets, counts, strict=True):
        district = street.ancestors[2]
        urban_share = share.setdefault(district, rng.uniform(*shape.urban_share))
        for position in range(1, count + 1):
            urban = rng.random() < urban_share
            drawn.append((street, position, urban, rng.randint(2_500, 10_500) if urban else rng.randint(600, 2_400)))
    factor = shape.population * scale / sum(d[3] for d in drawn)
    for street, position, urban, population in drawn:
        code = f"m{position}"
        node = _node(plan, street, code, "community")
        people = max(1, round(population * factor))
        plan.regions.append((node.id, node.tenant_id, street.id, code, f"{position}{'社区' if urban else '村'}",
                             "community", "urban" if urban else "rural", people, people if urban else None,
                             node.path, node.depth, position, "{}", *node.ancestors))
        plan.communities.append(Community(node.id, node.tenant_id, urban, people))


def plan_chongqing(districts: list[Node], next_region: int, scale: float, density: float, seed: int) -> Plan:
    rng = random.Random(f"{seed}:regions")
    plan = Plan(seed, density, next_region=next_region)
    shape = SHAPES["chongqing"]
    plan.streets = _children(plan, districts, max(1, round(shape.streets * scale)), "street", rng)
    _communities(plan, shape, scale, rng)
    _people_counts(plan)
    return plan


def plan_national(next_tenant: int, next_region: int, scale: float, density: float, seed: int, stamp: str) -> Plan:
    rng = random.Random(f"{seed}:regions")
    plan = Plan(seed, density, next_region=next_region)
    shape = SHAPES["national"]
    provinces = []
    for number in range(1, max(1, round(shape.provinces * scale)) + 1):
        tenant_id, code = next_tenant + number - 1, f"np{number:02d}"
        plan.tenants.append((tenant_id, code, f"省{number:02d}", "{}", stamp))
        node = Node(plan.next_region, tenant_id, code, 0, (plan.next_region, None, None, None, None))
        plan.next_region += 1
        plan.regions.append((node.id, tenant_id, None, code, f"省{number:02d}", "province", None, None, None,
                             code, 0, number, "{}", *node.ancestors))
        provinces.append(node)
    cities = _children(plan, provinces, max(1, round(shape.cities * scale)), "city", rng)
    districts = _children(plan, cities, max(1, round(shape.districts * scale)), "district", rng)
    plan.streets = _children(plan, districts, max(1, round(shape.streets * scale)), "street", rng)
    _communities(plan, shape, scale, rng)
    _people_counts(plan)
    return plan


def _people_counts(plan: Plan) -> None:
    rng = random.Random(f"{plan.seed}:people")
    first = 1
    for c in plan.communities:
        c.first_volunteer = first
        c.volunteers = _round(c.population * VOLUNTEERS_PER_RESIDENT * plan.density * rng.uniform(0.4, 1.6), rng)
        first += c.volunteers


# --- element rows ---------------------------------------------------------------------------------


def _days(year: int, last: dt.date | None = None) -> list[str]:
    first = dt.date(year, 1, 1)
    end = last or dt.date(year, 12, 31)
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((end - first).days + 1)]


THIS_YEAR, LAST_YEAR = _days(YEAR, TODAY), _days(YEAR - 1)
RECENT = _days(YEAR - 5, TODAY)
DECADE = _days(YEAR - 10, TODAY)
"""The days records began on (``valid_from``, a facility's ``since``): spread over the past years, so
that a count as of a past day or a series over years differs from today's."""


def _people(plan: Plan, c: Community) -> Iterator[tuple[int, bool, bool, bool]]:
    """Each volunteer of ``c``: id, registered, served this year, served last year."""
    rng = random.Random(f"{plan.seed}:v:{c.id}")
    rate = rng.uniform(0.3, 0.8)
    for vid in range(c.first_volunteer, c.first_volunteer + c.volunteers):
        registered = rng.random() < REGISTERED
        yield vid, registered, rng.random() < (rate if registered else 0.3), rng.random() < 0.2


def volunteer_rows(plan: Plan, stamp: str) -> Iterator[tuple[Any, ...]]:
    for c in plan.communities:
        rng = random.Random(f"{plan.seed}:vr:{c.id}")
        began = random.Random(f"{plan.seed}:vf:{c.id}")  # a stream of its own: the other columns stay the seed's
        for vid, registered, _, _ in _people(plan, c):
            registered_on = rng.choice(RECENT) if registered else None
            yield (vid, c.tenant_id, c.id, stamp, stamp, f"志愿者{vid}", registered, registered_on,
                   registered_on or began.choice(RECENT))


def record_rows(plan: Plan, stamp: str) -> Iterator[tuple[Any, ...]]:
    """About 18 entries per volunteer serving this year (half of them), 5 per one serving last year (a fifth)."""
    rid = 0
    this_days, last_days = len(THIS_YEAR), len(LAST_YEAR)
    for c in plan.communities:
        rng = random.Random(f"{plan.seed}:r:{c.id}")
        for vid, _, this_year, last_year in _people(plan, c):
            for _ in range(rng.randint(1, 35) if this_year else 0):
                rid += 1
                yield rid, c.tenant_id, c.id, stamp, stamp, vid, THIS_YEAR[int(rng.random() * this_days)], rng.choice(MINUTES)
            for _ in range(rng.randint(1, 9) if last_year else 0):
                rid += 1
                yield rid, c.tenant_id, c.id, stamp, stamp, vid, LAST_YEAR[int(rng.random() * last_days)], rng.choice(MINUTES)


def activity_rows(plan: Plan, stamp: str) -> Iterator[tuple[Any, ...]]:
    """~40 a year per community (the Panjin target is 48), pro rata this year; half as many last year."""
    aid = 0
    elapsed = len(THIS_YEAR) / 365
    for c in plan.communities:
        rng = random.Random(f"{plan.seed}:a:{c.id}")
        for days, per_year in ((THIS_YEAR, rng.uniform(10, 70) * elapsed), (LAST_YEAR, rng.uniform(5, 35))):
            for _ in range(_round(per_year * plan.density, rng)):
                aid += 1
                yield (aid, c.tenant_id, c.id, stamp, stamp, "社区服务活动", rng.choice(days), rng.choice(CATEGORIES),
                       rng.randint(5, 120))


def profile_rows(plan: Plan, stamp: str) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(f"{plan.seed}:profiles")
    began = random.Random(f"{plan.seed}:profiles-since")
    for number, c in enumerate(plan.communities, 1):
        draw = rng.random()
        demonstration = "demonstration_site" if draw < 0.05 else "creation_point" if draw < 0.15 else "none"
        since = rng.choice(RECENT) if demonstration == "demonstration_site" else None
        room, station = rng.random() < 0.6, rng.random() < 0.85
        yield (number, c.tenant_id, c.id, stamp, stamp, room, station, rng.random() < 0.9,
               rng.random() < 0.5, demonstration, since, began.choice(DECADE) if room else None,
               began.choice(DECADE) if station else None)


def organization_rows(plan: Plan, stamp: str) -> Iterator[tuple[Any, ...]]:
    """Community social organizations (~10 per urban community, ~5 per village), some hub organizations."""
    rng = random.Random(f"{plan.seed}:organizations")
    began = random.Random(f"{plan.seed}:organizations-since")
    oid = 0
    for c in plan.communities:
        for _ in range(_round((10 if c.urban else 5) * rng.uniform(0.3, 1.7) * plan.density, rng)):
            oid += 1
            yield (oid, c.tenant_id, c.id, stamp, stamp, f"社区社会组织{oid}", "community_social_organization",
                   "filed", None, rng.randint(0, 2), rng.random() < 0.25, began.choice(DECADE))
        if c.urban and rng.random() < 0.2 * plan.density:
            oid += 1
            yield (oid, c.tenant_id, c.id, stamp, stamp, f"枢纽型社会组织{oid}", "hub_organization",
                   "registered", f"51500000{oid:010d}", rng.randint(1, 8), False, began.choice(DECADE))


def worker_rows(plan: Plan, stamp: str, keyring: Keyring) -> Iterator[tuple[Any, ...]]:
    """~3 community workers per community, ~2 station social workers per street; ID numbers sealed
    the way the services seal them (encrypted, blind-indexed, masked)."""
    rng = random.Random(f"{plan.seed}:workers")
    began = random.Random(f"{plan.seed}:workers-since")
    wid = 0
    places = [(c.tenant_id, c.id, 3, "community") for c in plan.communities]
    places += [(s.tenant_id, s.id, 2, "social_work_station") for s in plan.streets]
    for tenant_id, region_id, mean, post in places:
        for _ in range(_round(mean * plan.density, rng)):
            wid += 1
            # (birth day, sequence) differs for every worker: each block of 1,000 its own six days
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=wid // 1000 * 6 + rng.randrange(6))
            body = f"500101{birth:%Y%m%d}{wid % 1000:03d}"
            number = body + id_number_check_digit(body)
            level = rng.choices(("none", "assistant", "intermediate"), (75, 20, 5))[0]
            yield (wid, tenant_id, region_id, stamp, stamp, f"社工{wid}", level, post, post == "community",
                   post != "community" or rng.random() < 0.9, keyring.encrypt(number),
                   keyring.index(number, tenant_id), mask_id_number(number), birth.year,
                   "male" if int(number[16]) % 2 else "female", began.choice(DECADE))


TABLES: dict[str, tuple[str, ...]] = {
    "tenant": ("id", "code", "name", "settings", "created_at"),
    "region": REGION_COLUMNS,
    "community_profile": ("id", "tenant_id", "region_id", "created_at", "updated_at", "has_social_work_room",
                          "has_volunteer_station", "has_party_service_center", "has_elderly_station",
                          "demonstration", "demonstration_since", "social_work_room_since",
                          "volunteer_station_since"),
    "social_organization": ("id", "tenant_id", "region_id", "created_at", "updated_at", "name", "org_type",
                            "registration", "credit_code", "full_time_staff", "charity_focus", "valid_from"),
    "social_worker": ("id", "tenant_id", "region_id", "created_at", "updated_at", "name", "certificate_level",
                      "post", "is_community_worker", "is_full_time", "id_number_encrypted", "id_number_hash",
                      "id_number_masked", "birth_year", "sex", "valid_from"),
    "volunteer": ("id", "tenant_id", "region_id", "created_at", "updated_at", "name", "real_name_registered",
                  "registered_on", "valid_from"),
    "activity": ("id", "tenant_id", "region_id", "created_at", "updated_at", "title", "held_on", "category",
                 "person_times"),
    "service_record": ("id", "tenant_id", "region_id", "created_at", "updated_at", "volunteer_id", "served_on",
                       "minutes"),
}
DEFAULTS = {  # NOT NULL columns a bulk insert must fill (the ORM's defaults do not apply)
    "social_organization": {"has_party_organization": False, "public_fundraising": False,
                            "on_dishonesty_list": False, "has_administrative_penalty": False},
    "activity": {"sessions": 1},  # one activity a row; only a case's report records several
}


# --- loading --------------------------------------------------------------------------------------


def schema_fingerprint() -> str:
    """Tables, columns and indexes of the current models: a data set built under others is stale."""
    parts = [(t.name, [c.name for c in t.columns], sorted(str(i.name) for i in t.indexes))
             for t in SQLModel.metadata.sorted_tables]
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def sync_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    else:
        parsed = parsed.set(drivername="sqlite")
    return parsed.render_as_string(hide_password=False)


class Loader:
    """Plain tuples into tables, bypassing the ORM: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(sync_url(url))
        self.postgres = self.engine.dialect.name == "postgresql"
        if not self.postgres:
            sa.event.listen(self.engine, "connect", _fast_sqlite)
        # timestamps as each backend's SQLAlchemy would store them (SQLite: text without a zone)
        self.stamp = f"{YEAR}-01-01 00:00:00" + ("+00" if self.postgres else ".000000")
        self.times: dict[str, tuple[int, float]] = {}

    def load(self, table: str, rows: Iterable[tuple[Any, ...]], columns: tuple[str, ...] | None = None) -> int:
        """``rows`` into ``table``: tuples in the order of ``columns`` (default: :data:`TABLES`'s)."""
        started, count = time.perf_counter(), 0
        extra = DEFAULTS.get(table, {})
        columns = (columns or TABLES[table]) + tuple(extra)
        if extra:
            tail = tuple(extra.values())
            rows = (row + tail for row in rows)
        rows = iter(rows)
        with self.engine.begin() as connection:
            if self.postgres:
                _skip_foreign_key_checks(connection)
                cursor = connection.connection.driver_connection.cursor()
                while chunk := list(itertools.islice(rows, COPY_ROWS)):
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in chunk:
                            copy.write_row(row)
                    count += len(chunk)
            else:
                insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                while chunk := list(itertools.islice(rows, BATCH)):
                    connection.exec_driver_sql(insert, chunk)
                    count += len(chunk)
        self.times[table] = (count, time.perf_counter() - started)
        return count

    def finish(self, tables: Iterable[str] = TABLES) -> None:
        """Sequences past the loaded ids of ``tables`` (PostgreSQL), the summaries rebuilt, statistics refreshed."""
        started = time.perf_counter()
        with self.engine.begin() as connection:
            if self.postgres:
                for table in tables:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                connection.exec_driver_sql("SET LOCAL work_mem = '512MB'")
            summary.rebuild(connection)
        self.times["summary.rebuild"] = (0, time.perf_counter() - started)
        started = time.perf_counter()
        if self.postgres:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for table in SQLModel.metadata.sorted_tables:  # this schema's tables only
                    connection.exec_driver_sql(f"VACUUM ANALYZE {table.name}")
        else:
            with self.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        self.times["analyze"] = (0, time.perf_counter() - started)

    def dispose(self) -> None:
        self.engine.dispose()


def _skip_foreign_key_checks(connection: sa.Connection) -> None:
    """The rows are consistent by construction, and the checks' triggers take 60% of a COPY:
    skipped when allowed (a superuser's ``session_replication_role``), kept otherwise."""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except sa.exc.DBAPIError:
        pass


def _fast_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA cache_size=-1000000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def chongqing_districts(connection: sa.Connection) -> list[Node]:
    """The ``chongqing`` tenant's 38 districts and counties as the platform seeded them."""
    codes = [code for code, _ in DISTRICTS_AND_COUNTIES]
    rows = connection.execute(sa.text("SELECT id, tenant_id, path, depth, city_id FROM region WHERE path IN :p")
                              .bindparams(sa.bindparam("p", [f"chongqing/{c}" for c in codes], expanding=True))).all()
    by_path = {row.path: row for row in rows}
    return [Node(r.id, r.tenant_id, r.path, r.depth, (None, r.city_id, r.id, None, None))
            for r in (by_path[f"chongqing/{c}"] for c in codes)]


def load(loader: Loader, mode: str, scale: float, density: float, seed: int, keyring: Keyring,
         report: Any = print) -> Plan:
    """Generate and load the data set into an initialised platform's database; returns the plan."""
    with loader.engine.connect() as connection:
        next_region = connection.exec_driver_sql("SELECT max(id) FROM region").scalar_one() + 1
        next_tenant = connection.exec_driver_sql("SELECT max(id) FROM tenant").scalar_one() + 1
        if mode == "chongqing":
            districts = chongqing_districts(connection)
    started = time.perf_counter()
    if mode == "chongqing":
        plan = plan_chongqing(districts, next_region, scale, density, seed)
    else:
        plan = plan_national(next_tenant, next_region, scale, density, seed, loader.stamp)
    report(f"planned {len(plan.regions):,} regions in {time.perf_counter() - started:.1f} s")
    stamp = loader.stamp
    for table, rows in (
        ("tenant", plan.tenants),
        ("region", plan.regions),
        ("community_profile", profile_rows(plan, stamp)),
        ("social_organization", organization_rows(plan, stamp)),
        ("social_worker", worker_rows(plan, stamp, keyring)),
        ("volunteer", volunteer_rows(plan, stamp)),
        ("activity", activity_rows(plan, stamp)),
        ("service_record", record_rows(plan, stamp)),
    ):
        count = loader.load(table, rows)
        seconds = loader.times[table][1]
        report(f"loaded {count:>12,} {table:<20} in {seconds:7.1f} s ({count / max(seconds, 1e-9):,.0f} rows/s)")
    loader.finish()
    report(f"summary.rebuild in {loader.times['summary.rebuild'][1]:.1f} s, "
           f"{'VACUUM ANALYZE' if loader.postgres else 'ANALYZE'} in {loader.times['analyze'][1]:.1f} s")
    return plan
