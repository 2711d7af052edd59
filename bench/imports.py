"""Benchmark: importing volunteers from an XLSX file against the same rows given to the bulk loader.

Builds two fresh databases (the built-in tenants), generates N volunteers (seeded: names, valid ID
numbers, phones, the ``chongqing`` tenant's communities, registration dates, real-name flags),
writes them as an .xlsx workbook (openpyxl, write-only) and measures in one run, side by side:

- *file*: ``core.imports.run`` on the workbook — reading it (openpyxl read-only, streamed),
  mapping the headers, converting the cells, then checking and writing every row;
- *rows*: ``core.imports.loader.load`` on the same rows already parsed (Python values), in one
  transaction, committed — the checking and writing alone;
- *again*: the same workbook imported a second time (every row unchanged, nothing written).

Both databases must end with N volunteers, N ``personal_data.id_number_set`` events and summaries
equal to a recomputation (checked before a figure is printed). It prints seconds, rows per second
and the ratio file/rows, and the same ratio of this process's CPU time (steadier on a shared
machine; on PostgreSQL it leaves out the server's work). Run (SQLite files in a temporary folder; PostgreSQL when given):

    python bench/imports.py                      # 100,000 volunteers on SQLite
    python bench/imports.py --postgres postgresql://postgres@127.0.0.1:5432/test --no-sqlite
    python bench/imports.py --rows 2000          # a quick check

``--json FILE`` writes the figures.
"""

import argparse
import asyncio
import datetime as dt
import json
import platform as machine
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy.engine import make_url
from sqlmodel import col, func, select

from core import imports
from core.config import Settings
from core.imports.loader import load
from core.imports.parse import Row
from core.indicators import summary
from core.models import AuditEvent, Region, Tenant, Volunteer
from core.platform import Platform
from core.services import id_numbers
from core.tree.tiers import Tier
from core.validators import id_number_check_digit

HEADER = ("姓名", "身份证号", "手机号", "所在社区", "实名注册", "注册日期")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def volunteers(count: int, communities: list[str], seed: int) -> list[tuple[Any, ...]]:
    """``count`` distinct volunteers: the same list for the same seed and communities."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=i // 900)  # 900 sequence numbers a day: all distinct
        body = f"500114{birth:%Y%m%d}{i % 900 + 100:03d}"
        registered = rng.random() < 0.8
        rows.append((
            rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
            body + id_number_check_digit(body),
            f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            rng.choice(communities),
            "是" if registered else "否",
            dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800)) if registered else None,
        ))
    return rows


def write_xlsx(path: Path, rows: list[tuple[Any, ...]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("志愿者")
    sheet.append(list(HEADER))
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if index == 1:
                cell.number_format = "@"
            elif index == 5 and value is not None:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def parsed(rows: list[tuple[Any, ...]]) -> list[Row]:
    """The rows as the parser gives them to the loader (what the *rows* measurement starts from)."""
    return [Row(number, {"name": r[0], "id_number": r[1], "phone": r[2], "region": r[3],
                         "real_name_registered": r[4] == "是", "registered_on": r[5]})
            for number, r in enumerate(rows, start=2)]


async def build(url: str) -> Platform:
    platform = Platform.create(Settings(database_url=url, env="development"))  # PostgreSQL: the owner may connect
    await platform.init()
    await platform.load_signing_key()
    return platform


async def communities(platform: Platform) -> list[str]:
    async with platform.sessions() as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        query = select(Region.path).where(Region.tenant_id == tenant.id, Region.tier == Tier.COMMUNITY)
        return sorted((await session.exec(query)).all())


async def check(platform: Platform, count: int) -> None:
    """The import did what it says: N volunteers, N numbers audited, summaries equal a recomputation."""
    async with platform.sessions() as session:
        stored = (await session.exec(select(func.count()).select_from(Volunteer))).one()
        audited = (await session.exec(select(func.count()).select_from(AuditEvent)
                                      .where(col(AuditEvent.action) == id_numbers.SET))).one()
    async with platform.engine.connect() as connection:
        differences = await connection.run_sync(lambda c: summary.differences(c))
    if (stored, audited, differences) != (count, count, []):
        raise SystemExit(f"wrong result: {stored} volunteers, {audited} audited, {differences[:3]}")


async def measure(urls: tuple[str, str], count: int, seed: int, folder: Path, report: Callable[[str], None]) -> dict[str, Any]:
    by_file, by_rows = await build(urls[0]), await build(urls[1])
    try:
        rows = volunteers(count, await communities(by_file), seed)
        path = folder / f"volunteers-{count}.xlsx"
        started = time.perf_counter()
        write_xlsx(path, rows)
        report(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        async with by_file.sessions() as session:
            admin_file = await by_file.principal(session, "admin")
        async with by_rows.sessions() as session:
            admin_rows = await by_rows.principal(session, "admin")
            tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()

        started, cpu = time.perf_counter(), time.process_time()
        result = await imports.run(by_file.sessions, admin_file, "volunteers", path, filename=path.name, tenant="chongqing")
        file_seconds, file_cpu = time.perf_counter() - started, time.process_time() - cpu
        if result.errors or result.created != count:
            raise SystemExit(f"file: {result.counts()} {[str(e) for e in result.errors[:5]]}")
        report(f"file: {file_seconds:.1f} s")

        given = parsed(rows)
        started, cpu = time.perf_counter(), time.process_time()
        async with by_rows.sessions() as session:
            loaded = await load(session, admin_rows, imports.ALL_KINDS["volunteers"], tenant, given)
            await session.commit()
        rows_seconds, rows_cpu = time.perf_counter() - started, time.process_time() - cpu
        if loaded.errors or loaded.created != count:
            raise SystemExit(f"rows: {loaded.counts()} {[str(e) for e in loaded.errors[:5]]}")
        report(f"rows: {rows_seconds:.1f} s")

        started = time.perf_counter()
        again = await imports.run(by_file.sessions, admin_file, "volunteers", path, filename=path.name, tenant="chongqing")
        again_seconds = time.perf_counter() - started
        if again.errors or again.unchanged != count:
            raise SystemExit(f"again: {again.counts()}")
        report(f"again: {again_seconds:.1f} s")
        await check(by_file, count)
        await check(by_rows, count)
    finally:
        await by_file.dispose()
        await by_rows.dispose()
    return {
        "rows": count, "file_seconds": file_seconds, "rows_seconds": rows_seconds, "again_seconds": again_seconds,
        "ratio": file_seconds / rows_seconds, "file_rows_per_second": count / file_seconds,
        "file_cpu_seconds": file_cpu, "rows_cpu_seconds": rows_cpu, "cpu_ratio": file_cpu / rows_cpu,
        "rows_rows_per_second": count / rows_seconds, "again_rows_per_second": count / again_seconds,
        "file_mb": path.stat().st_size / 1e6,
    }


def table(result: dict[str, Any], backend: str) -> str:
    return "\n".join([
        "| backend | rows | XLSX file | parsed rows | ratio | same file again | ratio of this process's CPU time |",
        "|---|---|---|---|---|---|---|",
        f"| {backend} | {result['rows']:,} | {result['file_seconds']:.1f} s ({result['file_rows_per_second']:,.0f} rows/s) "
        f"| {result['rows_seconds']:.1f} s ({result['rows_rows_per_second']:,.0f} rows/s) | {result['ratio']:.2f}x "
        f"| {result['again_seconds']:.1f} s ({result['again_rows_per_second']:,.0f} rows/s) "
        f"| {result['file_cpu_seconds']:.1f} s / {result['rows_cpu_seconds']:.1f} s = {result['cpu_ratio']:.2f}x |",
    ])


def new_schema(base: str) -> str:
    url = make_url(base).set(drivername="postgresql")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url.set(query={}).render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)


def drop_schema(url: str) -> None:
    parsed_url = make_url(url)
    name = str(parsed_url.query["options"]).removeprefix("-csearch_path=")
    with psycopg.connect(parsed_url.set(query={}).render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{name}" CASCADE')


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="wushe-bench-imports-"))
    out = []
    if not args.no_sqlite:
        urls = (f"sqlite:///{folder / 'file.db'}", f"sqlite:///{folder / 'rows.db'}")
        result = await measure(urls, args.rows, args.seed, folder, print)
        print(table(result, "SQLite"))
        out.append({"backend": "sqlite", **result})
    if args.postgres:
        urls = (new_schema(args.postgres), new_schema(args.postgres))
        try:
            result = await measure(urls, args.rows, args.seed, folder, print)
        finally:
            for url in urls:
                drop_schema(url)
        print(table(result, "PostgreSQL"))
        out.append({"backend": "postgresql", **result})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="volunteers in the file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", help="a PostgreSQL URL; two fresh schemas there, dropped after")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    results = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine.platform(), "python": sys.version.split()[0],
                                         "results": results}, indent=2))


if __name__ == "__main__":
    main()
