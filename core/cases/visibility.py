"""Who sees a case, and which of its events: one SQL predicate for lists, the same for one case.

A case is seen by holders of ``case:read`` at its region's tier (the access layer's grant), by its
active parties (the user, or an organization the user acts for), and, for a ``public`` case type
(a call for proposals), by every user of the tenant. Nothing else: a contractor sees its own
applications and never a competitor's; an expert sees the applications they are on the panel of.

On the timeline, a tier reader sees every event; a party sees an event unless the step limited it
to other parts (``visible_to``), except its own steps, and except once the case has reached a
state the step names in ``revealed_in`` (scores shown to the panel once it closes).
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from core.access import cases as access_cases
from core.access.grants import Principal
from core.errors import NotFound
from core.models import Case, CaseEvent, CaseParty, OrganizationMember, Region
from core.plugins.cases import PartDecl, TransitionDecl
from core.plugins.registry import Registry


def _my_organizations(principal: Principal) -> Any:
    return select(OrganizationMember.organization_id).where(OrganizationMember.user_id == principal.user_id)


def public_types(registry: Registry) -> list[str]:
    return [d.item.key for d in registry.case_types if d.item.public]


def case_predicate(principal: Principal, registry: Registry) -> sa.ColumnElement[bool]:
    """The condition on ``Case`` (joined with ``Region``) of the cases the principal sees."""
    return access_cases.case_predicate(principal, public_types(registry))


def visible_cases(principal: Principal, registry: Registry) -> SelectOfScalar[Case]:
    """``SELECT case`` limited to what the principal sees, joined with its region."""
    return select(Case).join(Region, col(Case.region_id) == Region.id).where(case_predicate(principal, registry))


async def get_case(session: AsyncSession, principal: Principal, registry: Registry, case_id: int, *,
                   field: str = "case", lock: bool = False) -> Case:
    """One case through the same predicate as lists; NotFound naming ``field`` otherwise (whether
    it does not exist or may not be seen). ``lock`` takes the row lock on PostgreSQL."""
    query = visible_cases(principal, registry).where(col(Case.id) == case_id)
    if lock:  # the row as the lock found it, not as an earlier read of this session cached it
        query = query.execution_options(populate_existing=True)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Case)
    case = (await session.exec(query)).first()
    if case is None:
        raise NotFound(field, f"no case with id {case_id}")
    return case


async def party_parts(session: AsyncSession, principal: Principal, case: Case, acting_for: int | None = None) -> set[str]:
    """The parts the principal plays in ``case``: as a user, or for the organization they act for
    (``acting_for``; every organization they belong to when not named)."""
    if principal.user_id is None or case.id is None:
        return set()
    orgs: Any = [acting_for] if acting_for is not None else _my_organizations(principal)
    rows = await session.exec(select(CaseParty.part).where(
        CaseParty.case_id == case.id, CaseParty.active == sa.true(),
        sa.or_(col(CaseParty.user_id) == principal.user_id, col(CaseParty.organization_id).in_(orgs))))
    return set(rows.all())


def reads_all(principal: Principal, region: Region) -> bool:
    """Does the principal read the case as an office (``case:read`` at its region), not as a party?"""
    return principal.may("case", "read", region)


def event_visible(event: CaseEvent, principal: Principal, parts: set[str], office: bool,
                  step: TransitionDecl | None, case_state: str) -> bool:
    """May a reader (an office, or a party playing ``parts``) see ``event`` on the timeline?"""
    if office or event.visible_to is None or event.actor_user_id == principal.user_id:
        return True
    if step is not None and case_state in step.revealed_in:
        return bool(parts) if step.revealed_to is None else bool(parts & set(step.revealed_to))
    return bool(parts & set(event.visible_to))


def party_visible(party: CaseParty, principal: Principal, parts: set[str], office: bool,
                  declared: PartDecl | None, acting: set[int]) -> bool:
    """May a reader see who plays ``party``'s part? Offices and the party itself always do."""
    if office or declared is None or declared.seen_by is None:
        return True
    if party.user_id is not None and party.user_id == principal.user_id:
        return True
    if party.organization_id is not None and party.organization_id in acting:
        return True
    return bool(parts & set(declared.seen_by))
