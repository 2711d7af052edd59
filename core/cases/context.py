"""What a guard or an effect of a case type is given: the case, the step, and the records around it.

A guard reads real records (the organization's own register, earlier events, other cases, the
ledger), never only what the actor declares on the form. An effect writes in the transition's own
transaction: party changes, ledger entries, sanctions, notifications, steps of other cases.
Everything a guard reads here is read for the server, not filtered by what the actor may see: a
guard that says "one project per county per year" must count the competitors' applications too.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access.grants import Principal
from core.cases.calendar import WorkingCalendar
from core.errors import FieldError, problems_from
from core.models import (
    Activity,
    Case,
    CaseEvent,
    CaseParty,
    FormSubmission,
    LedgerEntry,
    OrganizationMember,
    Region,
    Role,
    RoleAssignment,
    Sanction,
    SocialOrganization,
    Tenant,
    User,
)
from core.models.base import stored_id
from core.models.service import ActivityBase
from core.plugins.cases import CaseTypeDecl, TransitionDecl
from core.plugins.registry import Registry
from core.services.elements import ACTIVITY
from core.tree.tiers import Tier
from core.validators import InvalidValue, check_past_date


class Steps(Protocol):
    """What a context needs of the engine that runs it (:class:`core.cases.engine.Engine`)."""

    def case_type_of(self, case: Case) -> CaseTypeDecl: ...

    async def apply_system(self, outer: "CaseContext", case: Case | None, action: str, data: dict[str, Any], *,
                           case_type: str | None = None, region: Region | None = None, title: str = "",
                           parent: Case | None = None) -> Case: ...



@dataclass
class CaseContext:
    """One transition in progress. ``data`` is the step's input as given (personal fields in clear);
    ``submission`` the form stored at this step, if the step has a form; ``event`` is set once the
    step is written (effects run after it)."""

    session: AsyncSession
    principal: Principal
    registry: Registry
    tenant: Tenant
    region: Region
    case: Case
    case_type: CaseTypeDecl
    transition: TransitionDecl
    data: dict[str, Any]
    calendar: WorkingCalendar
    engine: Steps
    acting_for: int | None = None
    submission: FormSubmission | None = None
    event: CaseEvent | None = None
    """the step's event, once written: after the effects (which may add to its data with :meth:`record`)"""
    from_state: str | None = None
    """the state the case was in before this step (None when the step opened it); set before the effects"""
    recorded: dict[str, Any] = field(default_factory=dict)
    ledger: list[LedgerEntry] = field(default_factory=list)
    """entries the effects posted, written with the step's event"""
    notices: list[tuple[list[int], str, str]] = field(default_factory=list)
    today: dt.date = field(default_factory=clock.today)
    system: bool = False
    """True when an effect of another case's step took this one (no permission was asked)."""
    depth: int = 0
    """How many steps of effects led to this one (0 for a user's step): a long chain is a loop."""

    # --- reading -----------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        return (self.tenant.settings or {}).get(key, default)

    async def ancestor(self, tier: Tier) -> Region | None:
        """The case's region's ancestor at ``tier`` (itself at its own tier)."""
        region_id = self.region.ancestor_id(tier)
        return await self.session.get(Region, region_id) if region_id else None

    async def events(self, action: str | None = None, *, case: Case | None = None) -> list[CaseEvent]:
        """The events of this case (or ``case``), oldest first; of one action if named."""
        target = case or self.case
        if target.id is None:
            return []
        query = select(CaseEvent).where(CaseEvent.case_id == target.id)
        if action is not None:
            query = query.where(CaseEvent.action == action)
        return list((await self.session.exec(query.order_by(col(CaseEvent.id)))).all())

    async def parties(self, part: str | None = None, *, case: Case | None = None,
                      active: bool | None = True) -> list[CaseParty]:
        target = case or self.case
        if target.id is None:
            return []
        query = select(CaseParty).where(CaseParty.case_id == target.id)
        if part is not None:
            query = query.where(CaseParty.part == part)
        if active is not None:
            query = query.where(CaseParty.active == active)
        return list((await self.session.exec(query.order_by(col(CaseParty.id)))).all())

    async def actor_parts(self) -> set[str]:
        """The parts the actor plays in this case (as a user, or for the organization they act for)."""
        return {p.part for p in await self.parties() if self.is_actor(p)}

    def is_actor(self, party: CaseParty) -> bool:
        if party.user_id is not None:
            return party.user_id == self.principal.user_id
        return party.organization_id is not None and party.organization_id == self.acting_for

    async def cases(
        self, case_type: str, *, states: tuple[str, ...] | None = None, parent: Case | None = None,
        under: Region | None = None, year: int | None = None, organization_id: int | None = None,
        part: str | None = None,
    ) -> list[Case]:
        """Cases of the tenant of a type: in some states, children of ``parent``, under a region,
        opened in a year, with ``organization_id`` as a party (in ``part``)."""
        query = select(Case).where(Case.tenant_id == self.tenant.id, Case.case_type == case_type)
        if states is not None:
            query = query.where(col(Case.state).in_(states))
        if parent is not None:
            query = query.where(Case.parent_id == stored_id(parent))
        if under is not None:
            query = query.join(Region, col(Case.region_id) == Region.id).where(
                col(getattr(Region, under.tier.column)) == under.id)
        if year is not None:
            start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
            query = query.where(col(Case.created_at) >= start, col(Case.created_at) < start.replace(year=year + 1))
        if organization_id is not None:
            parties = select(CaseParty.case_id).where(CaseParty.organization_id == organization_id,
                                                      CaseParty.active == sa.true())
            if part is not None:
                parties = parties.where(CaseParty.part == part)
            query = query.where(col(Case.id).in_(parties))
        return list((await self.session.exec(query.order_by(col(Case.id)))).all())

    async def parent(self) -> Case | None:
        return await self.session.get(Case, self.case.parent_id) if self.case.parent_id else None

    async def children(self, case_type: str | None = None) -> list[Case]:
        if self.case.id is None:
            return []
        query = select(Case).where(Case.parent_id == self.case.id)
        if case_type is not None:
            query = query.where(Case.case_type == case_type)
        return list((await self.session.exec(query.order_by(col(Case.id)))).all())

    async def organization(self, organization_id: int | None) -> SocialOrganization | None:
        """The organization's own record in this tenant (registered, staff, dishonesty list …)."""
        if organization_id is None:
            return None
        org = await self.session.get(SocialOrganization, organization_id)
        return org if org is not None and org.tenant_id == self.tenant.id else None

    async def sanctions(self, organization_id: int, *, kind: str | None = None,
                        on: dt.date | None = None) -> list[Sanction]:
        """Sanctions on an organization in force on ``on`` (today by default)."""
        day = on or self.today
        query = select(Sanction).where(
            Sanction.tenant_id == self.tenant.id, Sanction.organization_id == organization_id,
            col(Sanction.starts_on) <= day, sa.or_(col(Sanction.ends_on).is_(None), col(Sanction.ends_on) >= day))
        if kind is not None:
            query = query.where(Sanction.kind == kind)
        return list((await self.session.exec(query)).all())

    async def memberships(self) -> list[int]:
        """The organizations the actor acts for."""
        if self.principal.user_id is None:
            return []
        rows = await self.session.exec(select(OrganizationMember.organization_id).where(
            OrganizationMember.user_id == self.principal.user_id))
        return list(rows.all())

    async def users_with_role(self, code: str) -> list[int]:
        """The active users of the tenant who hold the role ``code`` at any region, by id, in id
        order (a pool to draw from: the experts a bureau appointed)."""
        rows = await self.session.exec(
            select(RoleAssignment.user_id).join(Role, col(Role.id) == RoleAssignment.role_id)
            .join(User, col(User.id) == RoleAssignment.user_id)
            .where(Role.tenant_id == self.tenant.id, Role.code == code, col(User.is_active) == sa.true())
            .distinct())
        return sorted(rows.all())

    async def user_id(self, username: str) -> int | None:
        """The id of the tenant's user ``username`` (as the API names users), or None."""
        return (await self.session.exec(select(User.id).where(
            User.username == username, User.tenant_id == self.tenant.id))).first()

    async def form_data(self, event: CaseEvent) -> dict[str, Any] | None:
        """The form filled at ``event`` (as stored: personal fields masked), or None when the step
        had no form. Read for the server, like the rest: a guard ranking score sheets needs them
        all, whoever may see them."""
        if event.submission_id is None:
            return None
        row = await self.session.get(FormSubmission, event.submission_id)
        return dict(row.data) if row is not None and row.tenant_id == self.tenant.id else None

    async def ledger_total(self, *, case: Case | None = None, kind: str | None = None,
                           account: str | None = None) -> int:
        """The sum in fen of the ledger entries of a case (this one by default) or an account."""
        query = select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.tenant_id == stored_id(self.tenant))
        target = None if account is not None else stored_id(case or self.case)
        if account is not None:
            query = query.where(LedgerEntry.account == account)
        else:
            query = query.where(LedgerEntry.case_id == target)
        if kind is not None:
            query = query.where(LedgerEntry.kind == kind)
        pending = sum(e.amount_fen for e in self.ledger
                      if (e.account == account if account is not None else e.case_id == target)
                      and (kind is None or e.kind == kind))
        return int((await self.session.exec(query)).one()) + pending

    async def ledger_entry(self, entry_key: str, *, case: Case | None = None) -> LedgerEntry | None:
        """The case's entry with ``entry_key`` (``tranche:1``), written or posted by this step."""
        target = case or self.case
        if target.id is None:
            return None
        for entry in self.ledger:
            if entry.case_id == target.id and entry.entry_key == entry_key:
                return entry
        return (await self.session.exec(select(LedgerEntry).where(
            LedgerEntry.case_id == target.id, LedgerEntry.entry_key == entry_key))).first()

    # --- writing (effects) ----------------------------------------------------------------------

    def record(self, **values: Any) -> None:
        """Add to the data of this step's event (a panel's draw: the seed and who was drawn), so
        the timeline shows it; JSON values."""
        self.recorded.update(values)

    def set_data(self, **changes: Any) -> None:
        """Change top-level keys of the case's data (JSON values)."""
        self.case.data = {**(self.case.data or {}), **changes}

    async def add_party(self, part: str, *, user_id: int | None = None, organization_id: int | None = None,
                        case: Case | None = None) -> CaseParty:
        target = case or self.case
        known = {p.key for p in self.engine.case_type_of(target).parts}
        if part not in known:
            raise RuntimeError(f"case type {target.case_type!r} has no part {part!r}")
        party = CaseParty(tenant_id=stored_id(self.tenant), case_id=stored_id(target), part=part, user_id=user_id,
                          organization_id=organization_id)
        self.session.add(party)
        await self.session.flush()
        return party

    async def remove_party(self, party: CaseParty) -> None:
        """The party leaves (kept on record, inactive)."""
        party.active = False
        self.session.add(party)
        await self.session.flush()

    async def post(self, amount_fen: int, kind: str, *, entry_key: str | None = None, account: str | None = None,
                   note: str = "", case: Case | None = None, field: str = "action") -> LedgerEntry:
        """Write one ledger entry for a case. An ``entry_key`` the case already has (a tranche paid
        before) is refused with a conflict naming ``field``: each tranche is paid once."""
        target = case or self.case
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
            raise RuntimeError("ledger amounts are integer fen")
        if entry_key is not None and await self.ledger_entry(entry_key, case=target) is not None:
            raise FieldError(field, f"{entry_key} of this case is already on the ledger", code="conflict")
        entry = LedgerEntry(
            tenant_id=stored_id(self.tenant), region_id=target.region_id, case_id=stored_id(target),
            account=account or f"case:{stored_id(target)}", kind=kind, amount_fen=amount_fen, entry_key=entry_key,
            actor=self.principal.username, note=note,
        )
        self.ledger.append(entry)  # written with the step's event, which it names
        return entry

    async def sanction(self, organization_id: int, kind: str, *, reason: str, source: str,
                       starts_on: dt.date | None = None, ends_on: dt.date | None = None) -> Sanction:
        row = Sanction(tenant_id=stored_id(self.tenant), organization_id=organization_id, kind=kind,
                       starts_on=starts_on or self.today, ends_on=ends_on, reason=reason, source=source,
                       case_id=self.case.id, recorded_by=self.principal.username)
        self.session.add(row)
        await self.session.flush()
        return row

    async def notify(self, user_ids: list[int], title: str, body: str = "") -> None:
        """Tell users (inbox and outbox), with the step's event, once it is written."""
        self.notices.append((list(user_ids), title, body))

    async def open(self, case_type: str, region: Region, action: str, data: dict[str, Any] | None = None,
                   *, title: str = "", parent: Case | None = None) -> Case:
        """Open a case of another type as an effect of this step (no permission is asked: the
        step that takes it was allowed); its guards still run."""
        return await self.engine.apply_system(self, None, action, data or {}, case_type=case_type, region=region,
                                              title=title, parent=parent)

    async def apply(self, case: Case, action: str, data: dict[str, Any] | None = None) -> Case:
        """Take a step on another case as an effect of this one (no permission asked; guards run)."""
        return await self.engine.apply_system(self, case, action, data or {})

    async def region_at(self, path: str) -> Region | None:
        """The tenant's region at ``path`` (a community a report names), or None."""
        return (await self.session.exec(select(Region).where(
            Region.tenant_id == self.tenant.id, Region.path == path))).first()

    async def record_activity(self, region: Region | str, *, title: str, held_on: dt.date, sessions: int,
                              person_times: int, organization_id: int | None = None, category: str | None = None,
                              field: str = "data") -> Activity:
        """Write an :class:`~core.models.Activity` (场次 and 人次 held at ``region``) recorded by this
        step: ``case_id`` names the case. It is written in the step's transaction and counted in
        the yearly indicators (sessions, person-times) like any activity, by the same summary
        listeners; a refused step writes none. ``region`` (a row, or its path) is a street or
        community of the case's tenant, ``held_on`` not after today, ``organization_id`` (who
        held it) an organization of the tenant. Bad values are refused naming ``field``: the
        plugin's guards should have caught them first."""
        place = await self.region_at(region) if isinstance(region, str) else region
        if place is None or place.tenant_id != self.tenant.id or place.id is None:
            where = region if isinstance(region, str) else region.path
            raise FieldError(field, f"no region at {where!r} in this case's tenant", code="not_found")
        region = place
        if region.tier not in ACTIVITY.tiers:
            allowed = ", ".join(t.value for t in ACTIVITY.tiers)
            raise FieldError(field, f"an activity is held at a {allowed}, not a {region.tier.value} ({region.path})")
        try:
            check_past_date(held_on, today=self.today)
        except InvalidValue as error:
            raise FieldError(field, f"the activity cannot be recorded: held_on {error.reason}") from error
        try:
            valid = ActivityBase.model_validate({
                "title": title, "held_on": held_on, "sessions": sessions, "person_times": person_times,
                "organization_id": organization_id, "category": category})
        except ValidationError as error:
            detail = "; ".join(f"{p.field} {p.message}" for p in problems_from(error))
            raise FieldError(field, f"the activity cannot be recorded: {detail}") from error
        if organization_id is not None and await self.organization(organization_id) is None:
            raise FieldError(field, f"organization {organization_id} is not in this case's tenant")
        row = Activity(**valid.model_dump(), tenant_id=stored_id(self.tenant), region_id=stored_id(region),
                       case_id=stored_id(self.case))
        self.session.add(row)
        await self.session.flush()  # the summary listeners recompute the region's rows in this transaction
        return row
