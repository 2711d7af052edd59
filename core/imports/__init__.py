"""Bulk import of volunteers, social organizations and social workers (and regions' facts, and
indicators' baselines) from XLSX and CSV: the CLI (``wushe import``) and the HTTP upload (``POST /import/{kind}``) both call
:func:`run`.

- :mod:`.columns`: the Chinese headers of each kind, their aliases, and how cells are read;
- :mod:`.readers`: .xlsx streamed with openpyxl (read-only), .csv in UTF-8 (BOM or not) or GB18030;
- :mod:`.parse`: the header row mapped, each cell converted, every problem kept;
- :mod:`.loader`: every row checked as the GraphQL API checks a record, then all written at once;
- :mod:`.templates`: the template workbook of each kind;
- :mod:`.regions`: regions and their facts (population, kind …);
- :mod:`.baselines`: an indicator's value at a region at a year (what "double the 2020 count" divides by).

A file is one transaction: any bad row, and nothing is stored, with every bad row listed (row,
column, reason in Chinese). Rows are matched to stored records on a natural key, so importing the
same file again changes nothing (every row ``unchanged``). See docs/imports.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.access.grants import Principal
from core.imports import baselines, loader, readers, regions
from core.imports.columns import KINDS, Kind
from core.imports.loader import ImportRefused, Progress, Result
from core.imports.parse import MISSING_COLUMN, Parsed, Row, RowError, ordered, parse
from core.imports.readers import UnreadableFile
from core.models import Tenant
from core.models.base import stored_id

ALL_KINDS: dict[str, Kind] = {**KINDS, regions.REGIONS.name: regions.REGIONS, baselines.BASELINES.name: baselines.BASELINES}
"""Every kind of file, by the name the CLI and the URL use."""

__all__ = [
    "ALL_KINDS", "ImportRefused", "Prepared", "Progress", "Result", "Row", "RowError", "UnreadableFile", "kind_named",
    "prepare", "run", "store", "tenant_for",
]


def kind_named(name: str) -> Kind:
    kind = ALL_KINDS.get(name)
    if kind is None:
        raise ImportRefused([RowError(None, "", f"没有“{name}”这种导入；可导入：{'、'.join(ALL_KINDS)}")])
    return kind


async def tenant_for(session: AsyncSession, principal: Principal, code: str | None) -> Tenant:
    """The tenant an import writes into: the principal's own (``code``, if given, must name it); a
    platform administrator names one."""
    if code:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == code))).first()
        if tenant is None or not (principal.platform_admin or tenant.id == principal.tenant_id):
            raise ImportRefused([RowError(None, "", f"找不到租户“{code}”（或您不属于该租户）")])
        return tenant
    if principal.tenant_id is None:
        raise ImportRefused([RowError(None, "", "平台管理员导入时须指明租户（--tenant 或 ?tenant=）")])
    tenant = await session.get(Tenant, principal.tenant_id)
    if tenant is None:
        raise ImportRefused([RowError(None, "", "找不到您的租户")])
    return tenant


@dataclass(frozen=True)
class Prepared:
    """A file read and parsed (no database yet): what :func:`store` loads."""

    kind: Kind
    filename: str
    sha256: str
    parsed: Parsed
    unreadable: RowError | None = None


def prepare(
    kind_name: str, source: Path | bytes, *, filename: str, fmt: str | None = None, encoding: str | None = None,
    reading: Callable[[int, int | None], None] | None = None,
) -> Prepared:
    """Read and parse a file (synchronous: a server runs it in a thread). ``reading(row, total)``
    follows the reading."""
    kind = kind_named(kind_name)
    name = Path(filename).name
    try:
        chosen = readers.format_of(filename, fmt)
        digest = readers.sha256(source)
        sheet = readers.read(source, chosen, encoding=encoding)
        total = sheet.total
        parsed = parse(kind, sheet.rows, tick=(lambda n: reading(n, total)) if reading else None)
    except UnreadableFile as error:
        return Prepared(kind, name, "", Parsed(), RowError(None, "", error.reason))
    return Prepared(kind, name, digest, parsed)


async def store(
    sessions: async_sessionmaker[AsyncSession],
    principal: Principal,
    prepared: Prepared,
    *,
    tenant: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    registry: Any = None,
) -> Result:
    """Check and write a prepared file in one transaction, audited and committed; or nothing kept
    when a row is bad (``result.errors`` lists them all) or ``dry_run``. ``registry``: the plugins'
    (for the indicators they declare, which a file of baselines may name)."""
    kind, parsed = prepared.kind, prepared.parsed
    if prepared.unreadable is not None:
        return Result(kind.name, errors=[prepared.unreadable])
    header_broken = any(e.reason == MISSING_COLUMN for e in parsed.errors)
    async with sessions() as session:
        try:
            target = await tenant_for(session, principal, tenant)
            tenant_id = stored_id(target)  # the row is expired by a rollback
            if header_broken:
                return Result(kind.name, rows=len(parsed.rows), errors=parsed.errors)
            if kind is regions.REGIONS:
                result = await regions.load(session, principal, target, parsed.rows, headers=parsed.headers,
                                            progress=progress)
            elif kind is baselines.BASELINES:
                result = await baselines.load(session, principal, target, parsed.rows, headers=parsed.headers,
                                              registry=registry, progress=progress)
            else:
                result = await loader.load(session, principal, kind, target, parsed.rows, headers=parsed.headers,
                                           progress=progress)
            if parsed.errors:
                result.errors = ordered(parsed.errors + result.errors, parsed.headers)
            if result.errors or dry_run:
                await session.rollback()
            else:
                await loader.record(session, principal, result, target, sha256=prepared.sha256, source=prepared.filename)
                await session.commit()
                return result
        except ImportRefused as refused:
            await session.rollback()
            return Result(kind.name, rows=len(parsed.rows), errors=ordered(parsed.errors + refused.errors, parsed.headers))
        except BaseException:
            await session.rollback()
            raise
    if result.limited and result.new_numbers:
        async with db.transaction(sessions) as own:
            await loader.spend_uncommitted(own, principal, result, tenant_id)
    return result


async def run(
    sessions: async_sessionmaker[AsyncSession],
    principal: Principal,
    kind_name: str,
    source: Path | bytes,
    *,
    filename: str,
    tenant: str | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    reading: Callable[[int, int | None], None] | None = None,
    registry: Any = None,
) -> Result:
    """Import one file: :func:`prepare` it, then :func:`store` it."""
    prepared = prepare(kind_name, source, filename=filename, fmt=fmt, encoding=encoding, reading=reading)
    return await store(sessions, principal, prepared, tenant=tenant, dry_run=dry_run, progress=progress,
                       registry=registry)
