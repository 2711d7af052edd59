"""Benchmark: a permission decision and a filtered list with 1,000 vs 1,000,000 role assignments.

Builds one database per size (the built-in tier tree, then N assignments: N/4 users holding
four each, spread over the regions), picks the same probe user in each, and measures side by side in one run:

- decision: load the probe's principal (its own assignments only) and check one object;
- list: load the principal and fetch a first page of volunteers filtered by its grants.

Run (SQLite files in a temporary folder, and PostgreSQL when --postgres is given):

    python bench/permissions.py                      # 1,000 and 1,000,000 on SQLite
    python bench/permissions.py --postgres postgresql://postgres@127.0.0.1:5432/test

It prints p50 timings per size and the ratio large/small; the goal is a ratio of at most 2.

With ``--rls`` (PostgreSQL) it measures instead what row-level security costs: each size read as
a request reads it (the token check on a session for nobody, which then works for the probe's
tenant, core.access.tokens.principal_for), once as the tables' owner, which the policies do not
bind, and once as an application role that owns nothing, which they do; the goal is at most 1.2x:

    python bench/permissions.py --rls --no-sqlite --postgres postgresql://postgres@127.0.0.1:5432/test
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from core import db
from core.access import tokens
from core.access.grants import visible
from core.config import Settings
from core.db import tenancy
from core.models import Region, Role, RoleAssignment, Tenant, User, Volunteer
from core.platform import Platform
from core.tree.tiers import Tier

sys.path.insert(0, str(Path(__file__).parent))
import approle  # bench/approle.py, beside this file

PROBE = "probe"


async def build(url: str, assignments: int, **settings: Any) -> Platform:
    platform = Platform.create(Settings(database_url=url, **settings))
    await platform.init()
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        regions = (await session.exec(select(Region).where(Region.tenant_id == tenant.id))).all()
        role = (await session.exec(select(Role).where(Role.tenant_id == tenant.id, Role.code == "tenant_admin"))).one()
        community = next(r for r in regions if r.tier is Tier.COMMUNITY)
        street = next(r for r in regions if r.id == community.street_id)
        session.add_all([Volunteer(tenant_id=tenant.id, region_id=community.id, name=f"v{i}") for i in range(200)])
        probe = User(username=PROBE, tenant_id=tenant.id)
        session.add(probe)
        await session.flush()
        session.add(RoleAssignment(tenant_id=tenant.id, user_id=probe.id, role_id=role.id, region_id=street.id))
        await session.flush()
        users = max(1, assignments // 4)
        connection = await session.connection()
        first_user = (await connection.execute(sa.select(sa.func.max(User.id)))).scalar_one() + 1
        batch = 50_000
        for start in range(0, users, batch):
            rows = [{"id": first_user + i, "username": f"user{i}", "display_name": "", "tenant_id": tenant.id,
                     "is_platform_admin": False, "is_active": True}
                    for i in range(start, min(users, start + batch))]
            await connection.execute(sa.insert(User.__table__), _with_defaults(User, rows))  # type: ignore[attr-defined]
        region_ids = [r.id for r in regions]
        pairs = ((user, (user + k * 13) % len(region_ids)) for user in range(users) for k in range(4))
        while True:
            rows = [{"tenant_id": tenant.id, "user_id": first_user + user, "role_id": role.id,
                     "region_id": region_ids[index]} for user, index in _take(pairs, batch)]
            if not rows:
                break
            await connection.execute(sa.insert(RoleAssignment.__table__), _with_defaults(RoleAssignment, rows))  # type: ignore[attr-defined]
    async with platform.engine.begin() as connection:
        await connection.execute(sa.text("ANALYZE"))
    return platform


def _take(iterator, n):
    return [item for _, item in zip(range(n), iterator, strict=False)]


def _with_defaults(model, rows):
    from core.models.base import utcnow

    now = utcnow()
    for row in rows:
        for column in ("created_at", "granted_at"):
            if column in model.__table__.c:
                row.setdefault(column, now)
    return rows


async def measure(platform: Platform, reps: int) -> dict[str, float]:
    async with platform.sessions() as session:
        target = (await session.exec(select(Volunteer).limit(1))).one()
        region = await session.get(Region, target.region_id)
    decision, listing = [], []
    for _ in range(reps):
        started = time.perf_counter()
        async with platform.sessions() as session:
            principal = await platform.principal(session, PROBE)
            assert principal.may("volunteer", "read", region)
        decision.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with platform.sessions() as session:
            principal = await platform.principal(session, PROBE)
            page = (await session.exec(visible(Volunteer, principal).order_by(col(Volunteer.id)).limit(50))).all()
            assert len(page) == 50
        listing.append(time.perf_counter() - started)
    return {"decision": statistics.median(decision) * 1000, "list": statistics.median(listing) * 1000}


async def request_probe(platform: Platform) -> Any:
    """One decision and one list as a request makes them: the principal from its token's claims, on
    a session opened for nobody (the token check then sets the probe's tenant on it). Returns a
    function that runs them once and answers their times (s)."""
    async with platform.sessions() as session:
        target = (await session.exec(select(Volunteer).limit(1))).one()
        region = await session.get(Region, target.region_id)
    claims = tokens.read_token(await platform.token_for(PROBE), platform.signing_key)

    async def once() -> tuple[float, float]:
        started = time.perf_counter()
        async with platform.session_as(tenancy.NOBODY) as session:
            principal = await tokens.principal_for(session, platform.policies, claims)
            assert principal.may("volunteer", "read", region)
        decided = time.perf_counter()
        async with platform.session_as(tenancy.NOBODY) as session:
            principal = await tokens.principal_for(session, platform.policies, claims)
            page = (await session.exec(visible(Volunteer, principal).order_by(col(Volunteer.id)).limit(50))).all()
            assert len(page) == 50
        return decided - started, time.perf_counter() - decided

    return once


async def run_rls(urls: list[tuple[str, Any]], sizes: list[int], reps: int) -> None:
    """Each size as the owner and as the application's role, alternating run by run: the ratio is
    what row-level security costs (noise on a shared machine hits both arms alike)."""
    for backend, make_url in urls:
        if backend != "postgresql":
            print(f"{backend}: no row-level security to measure")
            continue
        arms: dict[tuple[int, str], Platform] = {}
        for size in sizes:
            url = make_url()
            arms[(size, "owner")] = await build(url, size, env="development", secret_key=None)
            await arms[(size, "owner")].load_signing_key()
            arms[(size, "rls")] = await approle.app_platform(url)
        probes = {key: await request_probe(platform) for key, platform in arms.items()}
        samples: dict[tuple[int, str], list[tuple[float, float]]] = {key: [] for key in arms}
        for _ in range(10):  # warm-up: prepared statements, the policy, the pools
            for probe in probes.values():
                await probe()
        for _ in range(3 * reps):
            for key, probe in probes.items():
                samples[key].append(await probe())
        print(f"\n{backend}: p50 over {3 * reps} alternating runs each (ms), as the owner (no RLS) and as "
              f"{approle.ROLE} (RLS)")
        print(f"{'':10} {'size':>10} {'owner':>9} {'RLS':>9}  ratio")
        for size in sizes:
            for index, what in enumerate(("decision", "list")):
                a = statistics.median(s[index] for s in samples[(size, "owner")]) * 1000
                b = statistics.median(s[index] for s in samples[(size, "rls")]) * 1000
                print(f"{what:10} {size:>10,} {a:9.3f} {b:9.3f}  {b / a:.2f}x")
        for platform in arms.values():
            await platform.dispose()


async def run(urls: list[tuple[str, str]], sizes: list[int], reps: int) -> None:
    for backend, make_url in urls:
        platforms = {}
        for size in sizes:
            started = time.perf_counter()
            platforms[size] = await build(make_url(), size)
            print(f"{backend}: built {size:,} assignments in {time.perf_counter() - started:.1f} s", flush=True)
        results: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        for _ in range(3):  # interleave the sizes so machine noise hits both alike
            for size in sizes:
                results[size].append(await measure(platforms[size], reps))
        small, large = sizes[0], sizes[-1]
        print(f"\n{backend}: p50 over {3 * reps} runs each (ms)")
        print(f"{'':10} {small:>12,} {large:>12,}  ratio")
        for what in ("decision", "list"):
            a = statistics.median(r[what] for r in results[small])
            b = statistics.median(r[what] for r in results[large])
            print(f"{what:10} {a:12.3f} {b:12.3f}  {b / a:.2f}x")
        for platform in platforms.values():
            await platform.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL URL; each size gets a fresh schema there")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--rls", action="store_true", help="PostgreSQL: the cost of row-level security (as the "
                        "owner against as an application role), measured as a request loads its principal")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wushe-bench-"))
    urls = []
    if not args.no_sqlite:
        urls.append(("sqlite", lambda: f"sqlite:///{folder / uuid.uuid4().hex}.db"))
    if args.postgres:
        urls.append(("postgresql", lambda: _schema(args.postgres)))
    asyncio.run((run_rls if args.rls else run)(urls, sorted(args.sizes), args.reps))


def _schema(base: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base).set(drivername="postgresql")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)


if __name__ == "__main__":
    main()
