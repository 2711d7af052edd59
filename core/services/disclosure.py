"""What a tenant discloses to the public (向社会公众公开), with no sign-in: the page ``/public/{tenant}``.

Three parts, each read in a session scoped to the one tenant (row-level security on PostgreSQL, and
every query names the tenant):

- **projects**: the cases of every case type that declares a :class:`~core.plugins.cases.DisclosureDecl`
  (a plugin of the tenant, enabled), in one of its disclosed states: title, region, state and the
  declared fields of the case's data, and nothing else — no party, no timeline, no form, no
  personal field. A case in another state (submitted, refused, held in reserve, withdrawn) is not
  read at all;
- **funds**: each community fund's year from the ledger (donations, in kind, grants, balance):
  sums, never a donor;
- **targets**: the targets in force at the tenant's root region, evaluated on its whole subtree
  (the same evaluation as the dashboard and ``/exports/targets.xlsx``): value, threshold, met.

Nothing here takes a principal: what is public is decided by the declarations, not by a user's grants.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.documents.rules import enabled_plugins
from core.indicators import reports
from core.indicators.evaluate import evaluate_at
from core.models import Case, CommunityFund, Region, SocialOrganization, Tenant
from core.money import yuan_text
from core.plugins.cases import DisclosedFieldDecl
from core.services.funds import Statement, statement_of

PASSED = {True: "合格", False: "不合格"}


@dataclass
class Project:
    case_type: str
    title: str
    region: str
    state: str
    values: list[tuple[str, str]]
    """(label, shown value) of the declared fields that have a value"""


@dataclass
class CaseTypeSection:
    label: str
    source: str
    projects: list[Project] = field(default_factory=list)


@dataclass
class TargetRow:
    label: str
    indicator: str
    threshold: str
    value: str
    met: str
    deadline: dt.date
    source: str


@dataclass
class Disclosure:
    tenant: Tenant
    year: int
    sections: list[CaseTypeSection]
    funds: list[Statement]
    fund_regions: dict[int | None, str]
    targets: list[TargetRow]


def _dig(data: dict[str, Any], key: str) -> Any:
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _shown(declared: DisclosedFieldDecl, value: Any, organizations: dict[int | None, str]) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if declared.kind == "fen":
        return yuan_text(int(value)) if isinstance(value, int) else None
    if declared.kind == "passed":
        return PASSED.get(value) if isinstance(value, bool) else None
    if declared.kind == "organization":
        return organizations.get(value) if isinstance(value, int) else None
    if declared.kind == "number":
        try:
            return str(Decimal(str(value)))
        except ArithmeticError:
            return None
    return str(value)


async def _projects(session: AsyncSession, registry: Any, tenant: Tenant, enabled: set[str]) -> list[CaseTypeSection]:
    sections = []
    for declared in registry.case_types:
        disclosure = declared.item.disclosure
        if disclosure is None or declared.plugin not in enabled:
            continue
        rows = (await session.exec(
            select(Case, Region.name).join(Region, col(Region.id) == col(Case.region_id))
            .where(col(Case.tenant_id) == tenant.id, col(Case.case_type) == declared.item.key,
                   col(Case.plugin) == declared.plugin, col(Case.state).in_(disclosure.states))
            .order_by(col(Region.path), col(Case.id)))).all()
        wanted = {v for case, _ in rows for f in disclosure.fields if f.kind == "organization"
                  for v in [_dig(case.data, f.key)] if isinstance(v, int)}
        organizations = dict((await session.exec(
            select(SocialOrganization.id, SocialOrganization.name)
            .where(col(SocialOrganization.tenant_id) == tenant.id, col(SocialOrganization.id).in_(wanted))
        )).all()) if wanted else {}
        states = {s.key: s.label for s in declared.item.states}
        section = CaseTypeSection(declared.item.label, disclosure.source)
        for case, region_name in rows:
            values = [(f.label, shown) for f in disclosure.fields
                      if (shown := _shown(f, _dig(case.data, f.key), organizations)) is not None]
            section.projects.append(Project(declared.item.key, case.title, region_name, states.get(case.state, case.state),
                                            values))
        sections.append(section)
    return sections


async def _targets(session: AsyncSession, registry: Any, root: Region, enabled: set[str], year: int) -> list[TargetRow]:
    out = []
    for status in await evaluate_at(session.exec, registry, root, enabled, year, failing=0):
        target, indicator = status.target, status.indicator
        threshold = reports.cell(indicator, target.threshold)
        value = reports.cell(indicator, status.value.value)
        met = reports.UNKNOWN if status.met is None else reports.MET if status.met else reports.NOT_MET
        out.append(TargetRow(target.label, indicator.label or indicator.key,
                             f"{reports.COMPARATORS[target.comparator]} {_text(threshold)}{target.unit or ''}",
                             _text(value), met, status.deadline, target.source))
    return out


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, reports.Percent):
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


async def find_tenant(session: AsyncSession, code: str) -> Tenant | None:
    """The tenant whose code is ``code`` (the tenant table is the platform's, outside the policies)."""
    return (await session.exec(select(Tenant).where(col(Tenant.code) == code))).first()


async def disclose(session: AsyncSession, registry: Any, tenant: Tenant, year: int | None = None) -> Disclosure:
    """The tenant's public disclosure for ``year`` (this year by default), read in ``session``, which
    works for that tenant (:meth:`core.platform.Platform.session_as`)."""
    year = year or clock.today().year
    enabled = await enabled_plugins(session, tenant)
    root = (await session.exec(select(Region).where(col(Region.tenant_id) == tenant.id,
                                                    col(Region.parent_id).is_(None)))).first()
    funds = (await session.exec(select(CommunityFund).where(col(CommunityFund.tenant_id) == tenant.id)
                                .order_by(col(CommunityFund.id)))).all()
    regions = dict((await session.exec(select(Region.id, Region.name).where(
        col(Region.id).in_({f.region_id for f in funds})))).all()) if funds else {}
    return Disclosure(
        tenant, year, await _projects(session, registry, tenant, enabled),
        [await statement_of(session, fund, year) for fund in funds], regions,
        await _targets(session, registry, root, enabled, year) if root is not None else [])
