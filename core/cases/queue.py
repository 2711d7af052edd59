"""Work queues: the cases a user can act on now, and an office's overdue list.

Both are indexed queries on ``case_record`` (type, state, due date), built from the declared
transitions, never a scan of the event log: a case is in a user's queue when its state has a step
the user may take by permission at the case's region or as one of the step's parties. Guards are
not run for a queue (they may read much): a step listed can still be refused with its reason.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, region_predicate
from core.cases.visibility import case_predicate, party_predicate, visible_cases
from core.models import Case, CaseParty, OrganizationMember, Region
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


async def my_work(session: AsyncSession, principal: Principal, registry: Registry, *, limit: int = 50,
                  offset: int = 0) -> tuple[list[WorkItem], int]:
    """The cases the principal can act on now, soonest due first (then oldest), and how many there are."""
    base = visible_cases(principal, registry).where(col(Case.terminal) == sa.false(), actionable(principal, registry))
    total = (await session.exec(select(sa.func.count()).select_from(base.subquery()))).one()
    rows = (await session.exec(base.order_by(col(Case.due_on).is_(None), col(Case.due_on), col(Case.id))
                               .offset(offset).limit(limit))).all()
    items = []
    for case in rows:
        declared = registry.case_type(case.case_type)
        if declared is None:
            continue
        steps = tuple(t for t in declared.item.transitions if case.state in t.from_states)
        items.append(WorkItem(case, await takeable(session, principal, case, steps)))
    return items, int(total)


async def takeable(session: AsyncSession, principal: Principal, case: Case,
                    steps: tuple[TransitionDecl, ...]) -> tuple[TransitionDecl, ...]:
    region = await session.get_one(Region, case.region_id)
    parts: set[str] | None = None
    out = []
    for step in steps:
        if step.permission is not None:
            resource, action = step.permission.split(":", 1)
            if principal.may(resource, action, region):
                out.append(step)
                continue
        if step.parties:
            if parts is None:
                parts = set((await session.exec(select(CaseParty.part).where(
                    CaseParty.case_id == case.id, CaseParty.active == sa.true(),
                    sa.or_(col(CaseParty.user_id) == principal.user_id, col(CaseParty.organization_id).in_(
                        select(OrganizationMember.organization_id).where(
                            OrganizationMember.user_id == principal.user_id)))))).all())
            if parts & set(step.parties):
                out.append(step)
    return tuple(out)


async def overdue(session: AsyncSession, principal: Principal, registry: Registry, under: Region, *,
                  today: dt.date | None = None, limit: int = 50, offset: int = 0) -> tuple[list[Case], int]:
    """Open cases under ``under`` (which the principal reads as an office) past their due date,
    most overdue first."""
    day = today or dt.date.today()
    base = select(Case).join(Region, col(Case.region_id) == Region.id).where(
        col(Case.tenant_id) == under.tenant_id, col(getattr(Region, under.tier.column)) == under.id,
        region_predicate(principal, "case", "read"), col(Case.terminal) == sa.false(),
        col(Case.due_on).is_not(None), col(Case.due_on) < day)
    total = (await session.exec(select(sa.func.count()).select_from(base.subquery()))).one()
    rows = (await session.exec(base.order_by(col(Case.due_on), col(Case.id)).offset(offset).limit(limit))).all()
    return list(rows), int(total)


__all__ = ["WorkItem", "actionable", "case_predicate", "my_work", "overdue", "party_predicate"]
