"""Work queues: the cases a user can act on now, and an office's overdue list.

Both are indexed queries on ``case_record`` (type, state, due date), built from the declared
transitions, never a scan of the event log: a case is in a user's queue when its state has a step
the user may take by permission at the case's region or as one of the step's parties. Guards are
not run for a queue (they may read much): a step listed can still be refused with its reason.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access.cases import party_predicate
from core.access.grants import Principal, region_predicate
from core.cases.visibility import case_predicate, visible_cases
from core.models import Case, CaseParty, OrganizationMember, Region
from core.models.base import stored_id
from core.plugins.cases import TransitionDecl
from core.plugins.registry import Registry


@dataclass(frozen=True)
class WorkItem:
    case: Case
    actions: tuple[TransitionDecl, ...]


def _party_in(principal: Principal, parts: tuple[str, ...]) -> sa.ColumnElement[bool]:
    if principal.user_id is None:
        return sa.false()
    orgs = select(OrganizationMember.organization_id).where(OrganizationMember.user_id == principal.user_id)
    return sa.exists(select(CaseParty.id).where(
        CaseParty.case_id == Case.id, CaseParty.active == sa.true(), col(CaseParty.part).in_(parts),
        sa.or_(col(CaseParty.user_id) == principal.user_id, col(CaseParty.organization_id).in_(orgs))))


def actionable(principal: Principal, registry: Registry) -> sa.ColumnElement[bool]:
    """The condition on ``Case`` (joined with ``Region``) of cases with a step the principal may take."""
    conditions = []
    for declared in registry.case_types:
        for step in declared.item.transitions:
            states = [s for s in step.from_states if s != "start"]
            if not states:
                continue
            who = []
            if step.permission is not None:
                resource, action = step.permission.split(":", 1)
                who.append(region_predicate(principal, resource, action))
            if step.parties:
                who.append(_party_in(principal, step.parties))
            conditions.append(sa.and_(col(Case.case_type) == declared.item.key, col(Case.state).in_(states),
                                      sa.or_(*who)))
    return sa.or_(*conditions) if conditions else sa.false()


def candidates(principal: Principal, registry: Registry) -> sa.ColumnElement[bool]:
    """A condition on ``Case`` that :func:`actionable` implies, in a form the databases drive from
    an index: the open cases at regions where the principal holds some step's permission, plus the
    cases where it is a party. :func:`actionable` alone is an OR across the region join and a
    correlated EXISTS on the parties, which no index serves: both SQLite and PostgreSQL scanned
    every case of the tenant, running the EXISTS per row (bench/cases.py: 39x slower at 100,000
    cases than at 1,000)."""
    permissions: set[str] = set()
    parts: set[str] = set()
    for declared in registry.case_types:
        for step in declared.item.transitions:
            if any(s != "start" for s in step.from_states):
                if step.permission is not None:
                    permissions.add(step.permission)
                parts.update(step.parties)
    branches: list[Any] = []
    granted = [region_predicate(principal, *permission.split(":", 1)) for permission in sorted(permissions)]
    if granted:
        branches.append(select(Case.id).join(Region, col(Case.region_id) == Region.id)
                        .where(col(Case.terminal) == sa.false(), sa.or_(*granted)))
    if parts and principal.user_id is not None:
        # as a user and for an organization apart, not OR-ed: each from its own index
        # (ix_case_party_user; the user's memberships, then ix_case_party_organization)
        mine = select(CaseParty.case_id).where(col(CaseParty.user_id) == principal.user_id)
        theirs = select(CaseParty.case_id).join(
            OrganizationMember, col(OrganizationMember.organization_id) == CaseParty.organization_id).where(
            OrganizationMember.user_id == principal.user_id)
        for query in (mine, theirs):
            branches.append(query.where(CaseParty.active == sa.true(), col(CaseParty.part).in_(sorted(parts))))
    if not branches:
        return sa.false()
    return col(Case.id).in_(sa.union(*branches))


async def my_work(session: AsyncSession, principal: Principal, registry: Registry, *, limit: int = 50,
                  offset: int = 0) -> tuple[list[WorkItem], int]:
    """The cases the principal can act on now, soonest due first (then oldest), and how many there are."""
    base = _queue(principal, registry)
    total = (await session.exec(select(sa.func.count()).select_from(base.subquery()))).one()
    rows = (await session.exec(base.order_by(col(Case.due_on).is_(None), col(Case.due_on), col(Case.id))
                               .offset(offset).limit(limit))).all()
    return await _items(session, principal, registry, list(rows)), int(total)


def _queue(principal: Principal, registry: Registry) -> Any:
    """``SELECT case`` of the principal's queue: the open cases it sees and can act on now."""
    return visible_cases(principal, registry).where(col(Case.terminal) == sa.false(), candidates(principal, registry),
                                                    actionable(principal, registry))


async def in_queue(session: AsyncSession, principal: Principal, registry: Registry,
                   case_ids: list[int]) -> list[WorkItem]:
    """Those of the cases ``case_ids`` that are in the principal's queue now, with their steps (by id)."""
    if not case_ids:
        return []
    rows = (await session.exec(_queue(principal, registry).where(col(Case.id).in_(sorted(set(case_ids))))
                               .order_by(col(Case.id)))).all()
    return await _items(session, principal, registry, list(rows))


async def _items(session: AsyncSession, principal: Principal, registry: Registry, rows: list[Case]) -> list[WorkItem]:
    """The cases ``rows`` with the steps the principal may take on each."""
    regions = {r.id: r for r in (await session.exec(select(Region).where(
        col(Region.id).in_({case.region_id for case in rows})))).all()} if rows else {}
    parts = await _parts(session, principal, [stored_id(case) for case in rows])
    items = []
    for case in rows:
        declared = registry.case_type(case.case_type)
        if declared is None:
            continue
        steps = tuple(t for t in declared.item.transitions if case.state in t.from_states)
        items.append(WorkItem(case, _allowed(principal, regions[case.region_id], parts.get(stored_id(case), set()),
                                             steps)))
    return items


async def _parts(session: AsyncSession, principal: Principal, case_ids: list[int]) -> dict[int, set[str]]:
    """The parts the principal plays in each of the cases (as a user or for an organization), in
    one statement for a page of cases."""
    if principal.user_id is None or not case_ids:
        return {}
    rows = (await session.exec(select(CaseParty.case_id, CaseParty.part).where(
        col(CaseParty.case_id).in_(case_ids), CaseParty.active == sa.true(),
        sa.or_(col(CaseParty.user_id) == principal.user_id, col(CaseParty.organization_id).in_(
            select(OrganizationMember.organization_id).where(OrganizationMember.user_id == principal.user_id))))
    )).all()
    out: dict[int, set[str]] = {}
    for case_id, part in rows:
        out.setdefault(case_id, set()).add(part)
    return out


def _allowed(principal: Principal, region: Region, parts: set[str],
             steps: tuple[TransitionDecl, ...]) -> tuple[TransitionDecl, ...]:
    out = []
    for step in steps:
        if step.permission is not None:
            resource, action = step.permission.split(":", 1)
            if principal.may(resource, action, region):
                out.append(step)
                continue
        if parts & set(step.parties):
            out.append(step)
    return tuple(out)


async def takeable(session: AsyncSession, principal: Principal, case: Case,
                   steps: tuple[TransitionDecl, ...]) -> tuple[TransitionDecl, ...]:
    """The steps of ``steps`` the principal may take on ``case`` (by permission or part)."""
    region = await session.get_one(Region, case.region_id)
    parts = (await _parts(session, principal, [stored_id(case)])).get(stored_id(case), set())
    return _allowed(principal, region, parts, steps)


async def overdue(session: AsyncSession, principal: Principal, registry: Registry, under: Region, *,
                  today: dt.date | None = None, limit: int = 50, offset: int = 0) -> tuple[list[Case], int]:
    """Open cases under ``under`` (which the principal reads as an office) past their due date,
    most overdue first."""
    day = today or clock.today()
    base = select(Case).join(Region, col(Case.region_id) == Region.id).where(
        col(Case.tenant_id) == under.tenant_id, col(getattr(Region, under.tier.column)) == under.id,
        region_predicate(principal, "case", "read"), col(Case.terminal) == sa.false(),
        col(Case.due_on).is_not(None), col(Case.due_on) < day)
    total = (await session.exec(select(sa.func.count()).select_from(base.subquery()))).one()
    rows = (await session.exec(base.order_by(col(Case.due_on), col(Case.id)).offset(offset).limit(limit))).all()
    return list(rows), int(total)


__all__ = ["WorkItem", "actionable", "candidates", "case_predicate", "in_queue", "my_work", "overdue", "party_predicate"]
