"""Cases over GraphQL: one ``transition`` mutation, ``case``, ``cases``, ``myWork``, ``overdueCases``."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
import strawberry
from sqlmodel import col, select
from strawberry.scalars import JSON

from core import clock, models
from core.access.grants import region_at
from core.cases import queue
from core.cases.visibility import event_visible, get_case, party_parts, party_visible, reads_all, visible_cases
from core.documents.forms import personal_forms
from core.errors import FieldError
from core.models.base import stored_id
from core.plugins.cases import CaseTypeDecl, TransitionDecl
from core.plugins.declarations import GraphQLDecl
from core.plugins.registry import Registry
from core.web.graphql.context import Info
from core.web.graphql.documents import FormSubmission
from core.web.graphql.ids import global_id, optional_global_id, parse_id
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node, id_of
from core.web.graphql.scalars import Yuan, as_yuan

MAX_PAGE = 200


def _decl(registry: Registry, case: models.Case) -> CaseTypeDecl | None:
    declared = registry.case_type(case.case_type)
    return declared.item if declared else None


def _state_label(decl: CaseTypeDecl | None, key: str | None) -> str | None:
    if key is None or decl is None:
        return key
    try:
        return decl.state(key).label
    except KeyError:
        return key


@strawberry.type(description="A step a case can take: its action key and zh-CN label.")
class Action:
    action: str
    label: str
    to_state: str | None
    form: str | None = strawberry.field(description="the form filled at this step, if any")
    source: str

    @classmethod
    def of(cls, step: TransitionDecl) -> "Action":
        return cls(action=step.action, label=step.label, to_state=step.to, form=step.form, source=step.source)


@strawberry.type(description="A user or an organization taking part in a case.")
class Party:
    part: str
    label: str
    username: str | None
    organization_id: strawberry.ID | None
    organization_name: str | None
    active: bool


@strawberry.type(description="One step on a case's timeline.")
class CaseEvent:
    id: strawberry.ID
    action: str
    label: str
    from_state: str | None
    to_state: str
    actor: str
    acting_for: strawberry.ID | None = strawberry.field(description="the organization the actor acted for")
    at: dt.datetime
    data: JSON
    version: int
    submission_id: strawberry.Private[int | None]

    @strawberry.field(description="The form filled at this step (its personal fields masked).")
    async def form(self, info: Info) -> FormSubmission | None:
        if self.submission_id is None:
            return None
        row = await info.context.loaders.case_forms.load(self.submission_id)
        if row is None:
            return None
        if row.form_key in personal_forms(info.context.platform.registry):  # a minor's file: as in form lists
            region = await info.context.loaders.by_id(models.Region).load(row.region_id)
            if region is None or not info.context.who.may("personal_data", "read_full", region):
                return None
        return FormSubmission.of(row)


@strawberry.type(description="One entry of a case's money on the ledger: in yuan (amountYuan) and in integer fen (分).")
class LedgerEntry:
    id: strawberry.ID
    account: str
    kind: str
    amount_fen: int = strawberry.field(description="signed, in fen (kept for clients written before amountYuan)")
    amount_yuan: Yuan = strawberry.field(description="signed, in yuan: a decimal string such as \"-1500.50\"")
    entry_key: str | None
    actor: str
    note: str
    at: dt.datetime


@strawberry.type(description="A procedure run at a region: a funding round, an application, a creation point.")
class Case(Node):
    type: str
    type_label: str
    state: str
    state_label: str
    version: int = strawberry.field(description="grows with every step; pass it to `transition` to refuse a stale step")
    title: str
    data: JSON
    due_on: dt.date | None = strawberry.field(description="when the current state must be left, if it has a deadline")
    terminal: bool
    opened_by: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    retain_until: dt.date | None
    row: strawberry.Private[models.Case]

    @classmethod
    def of(cls, row: models.Case, registry: Registry) -> "Case":
        decl = _decl(registry, row)
        return cls(id=id_of(cls, row), type=row.case_type, type_label=decl.label if decl else row.case_type,
                   state=row.state, state_label=_state_label(decl, row.state) or row.state, version=row.version,
                   title=row.title, data=JSON(row.data or {}), due_on=row.due_on, terminal=row.terminal,
                   opened_by=row.opened_by, created_at=row.created_at, closed_at=row.closed_at,
                   retain_until=row.retain_until, row=row)

    @strawberry.field(description="The path of the region the case lives at.")
    async def region(self, info: Info) -> str:
        region = await info.context.loaders.by_id(models.Region).load(self.row.region_id)
        return region.path if region else ""

    @strawberry.field(description="The case this one belongs to (an application's round), if you may see it.")
    async def parent(self, info: Info) -> "Case | None":
        if self.row.parent_id is None:
            return None
        async with info.context.lock:
            rows = (await info.context.session.exec(visible_cases(info.context.who, info.context.platform.registry)
                                            .where(col(models.Case.id) == self.row.parent_id))).all()
        return Case.of(rows[0], info.context.platform.registry) if rows else None

    @strawberry.field(description="The cases belonging to this one that you may see.")
    async def children(self, info: Info, type: str | None = None) -> list["Case"]:
        query = visible_cases(info.context.who, info.context.platform.registry).where(
            col(models.Case.parent_id) == stored_id(self.row))
        if type is not None:
            query = query.where(col(models.Case.case_type) == type)
        async with info.context.lock:
            rows = (await info.context.session.exec(query.order_by(col(models.Case.id)).limit(MAX_PAGE))).all()
        return [Case.of(row, info.context.platform.registry) for row in rows]

    @strawberry.field(description="Who takes part, and as what (a part may be hidden from other parts: an "
                      "applicant does not see the panel's names).")
    async def parties(self, info: Info) -> list[Party]:
        who = info.context.who
        decl = _decl(info.context.platform.registry, self.row)
        declared = {p.key: p for p in decl.parts} if decl else {}
        async with info.context.lock:
            region = await info.context.session.get_one(models.Region, self.row.region_id)
            office = reads_all(who, region)
            parts = set() if office else await party_parts(info.context.session, who, self.row)
            acting = set() if office or who.user_id is None else set((await info.context.session.exec(
                select(models.OrganizationMember.organization_id).where(
                    models.OrganizationMember.user_id == who.user_id))).all())
            rows = (await info.context.session.exec(select(models.CaseParty, models.User.username, models.SocialOrganization.name)
                                            .outerjoin(models.User, col(models.CaseParty.user_id) == models.User.id)
                                            .outerjoin(models.SocialOrganization,
                                                       col(models.CaseParty.organization_id) == models.SocialOrganization.id)
                                            .where(models.CaseParty.case_id == self.row.id)
                                            .order_by(col(models.CaseParty.id)))).all()
        return [Party(part=p.part, label=declared[p.part].label if p.part in declared else p.part, username=username,
                      organization_id=optional_global_id("SocialOrganization", p.organization_id),
                      organization_name=org_name, active=p.active)
                for p, username, org_name in rows
                if party_visible(p, who, parts, office, declared.get(p.part), acting)]

    @strawberry.field(description="The steps taken, oldest first: those you may see (a party does not see steps "
                      "limited to other parts, such as another expert's score sheet, until the case reveals them).")
    async def timeline(self, info: Info) -> list[CaseEvent]:
        who = info.context.who
        decl = _decl(info.context.platform.registry, self.row)
        async with info.context.lock:
            region = await info.context.session.get_one(models.Region, self.row.region_id)
            office = reads_all(who, region)
            parts = set() if office else await party_parts(info.context.session, who, self.row)
            events = (await info.context.session.exec(select(models.CaseEvent).where(models.CaseEvent.case_id == self.row.id)
                                              .order_by(col(models.CaseEvent.id)))).all()
        out = []
        for event in events:
            step = decl.transition(event.action) if decl else None
            if not event_visible(event, who, parts, office, step, self.row.state):
                continue
            out.append(CaseEvent(
                id=global_id("CaseEvent", stored_id(event)), action=event.action, label=step.label if step else event.action,
                from_state=event.from_state, to_state=event.to_state, actor=event.actor,
                acting_for=optional_global_id("SocialOrganization", event.acting_for), at=event.at,
                data=JSON(event.data or {}), version=event.version, submission_id=event.submission_id))
        return out

    @strawberry.field(description="The steps you may take now (guards are checked when you take one).")
    async def actions(self, info: Info) -> list[Action]:
        decl = _decl(info.context.platform.registry, self.row)
        if decl is None or self.row.terminal:
            return []
        steps = tuple(t for t in decl.transitions if self.row.state in t.from_states)
        async with info.context.lock:
            return [Action.of(t) for t in await queue.takeable(info.context.session, info.context.who, self.row, steps)]

    @strawberry.field(description="The case's money on the ledger, oldest first.")
    async def ledger(self, info: Info) -> list[LedgerEntry]:
        async with info.context.lock:
            rows = (await info.context.session.exec(select(models.LedgerEntry).where(models.LedgerEntry.case_id == self.row.id)
                                            .order_by(col(models.LedgerEntry.id)))).all()
        return [LedgerEntry(id=global_id("LedgerEntry", stored_id(r)), account=r.account, kind=r.kind, amount_fen=r.amount_fen,
                            amount_yuan=as_yuan(r.amount_fen),
                            entry_key=r.entry_key, actor=r.actor, note=r.note, at=r.at) for r in rows]


@strawberry.type(description="A page of cases.")
class CaseList:
    nodes: list[Case]
    total_count: int


@strawberry.type(description="A case you can act on now, with the steps you may take.")
class WorkItem:
    case: Case
    actions: list[Action]
    due_on: dt.date | None
    overdue: bool


@strawberry.type(description="Your work queue: soonest due first.")
class WorkQueue:
    items: list[WorkItem]
    total_count: int


@strawberry.input(description="One step on a case; to open a case, give its type and region (and parent) instead of `case`.")
class TransitionInput:
    action: str
    case: strawberry.ID | None = None
    type: str | None = strawberry.field(default=None, description="the case type, to open a case")
    region: str | None = strawberry.field(default=None, description="the region path to open the case at")
    parent: strawberry.ID | None = strawberry.field(default=None, description="the case a new one belongs to")
    data: JSON | None = strawberry.field(default=None, description="the step's form or data")
    version: int | None = strawberry.field(default=None, description="the version you read: refused if someone moved first")
    request_key: str | None = strawberry.field(default=None, description="makes the request idempotent: a repeat returns the case")
    acting_for: strawberry.ID | None = strawberry.field(default=None, description="the organization you act for")
    title: str = ""


def _page(first: int) -> int:
    if first < 1 or first > MAX_PAGE:
        raise FieldError("first", f"must be between 1 and {MAX_PAGE}")
    return first


@strawberry.type
class CaseQuery:
    @strawberry.field(description="One case you may see (as an office with case:read there, as a party, or a public call).")
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        async with info.context.lock:
            row = await get_case(info.context.session, info.context.who, info.context.platform.registry,
                                 parse_id(id, "id", "Case"), field="id")
        return Case.of(row, info.context.platform.registry)

    @strawberry.field(description="Cases you may see, newest first: by type, state, region subtree, cases you are a "
                      "party to (mine), an organization's (as a party), overdue.")
    async def cases(
        self, info: Info, type: str | None = None, state: str | None = None, under: str | None = None,
        mine: bool = False, overdue: bool = False, organization: strawberry.ID | None = None, first: int = 50,
        offset: int = 0,
    ) -> CaseList:
        registry = info.context.platform.registry
        who = info.context.who
        query = visible_cases(who, registry)
        if type is not None:
            if registry.case_type(type) is None:
                raise FieldError("type", f"no case type {type!r}")
            query = query.where(col(models.Case.case_type) == type)
        if state is not None:
            query = query.where(col(models.Case.state) == state)
        if mine:
            query = query.where(queue.party_predicate(who))
        if organization is not None:
            parties = select(models.CaseParty.case_id).where(
                models.CaseParty.organization_id == parse_id(organization, "organization", "SocialOrganization"),
                models.CaseParty.active == sa.true())
            query = query.where(col(models.Case.id).in_(parties))
        if overdue:
            query = query.where(col(models.Case.terminal) == sa.false(), col(models.Case.due_on) < clock.today())
        async with info.context.lock:
            if under is not None:
                place = await region_at(info.context.session, under, who, field="under")
                query = query.where(col(getattr(models.Region, place.tier.column)) == place.id)
            total = (await info.context.session.exec(select(sa.func.count()).select_from(query.subquery()))).one()
            rows = (await info.context.session.exec(query.order_by(col(models.Case.id).desc())
                                            .offset(max(offset, 0)).limit(_page(first)))).all()
        return CaseList(nodes=[Case.of(r, registry) for r in rows], total_count=int(total))

    @strawberry.field(description="The cases you can act on now, with their due dates, soonest first.")
    async def my_work(self, info: Info, first: int = 50, offset: int = 0) -> WorkQueue:
        registry = info.context.platform.registry
        today = clock.today()
        async with info.context.lock:
            items, total = await queue.my_work(info.context.session, info.context.who, registry,
                                               limit=_page(first), offset=max(offset, 0))
        return WorkQueue(total_count=total, items=[
            WorkItem(case=Case.of(i.case, registry), actions=[Action.of(a) for a in i.actions], due_on=i.case.due_on,
                     overdue=i.case.due_on is not None and i.case.due_on < today) for i in items])

    @strawberry.field(description="Open cases under a region past their due date, most overdue first (needs case:read there).")
    async def overdue_cases(self, info: Info, under: str, first: int = 50, offset: int = 0) -> CaseList:
        registry = info.context.platform.registry
        async with info.context.lock:
            place = await region_at(info.context.session, under, info.context.who, field="under")
            rows, total = await queue.overdue(info.context.session, info.context.who, registry, place,
                                              limit=_page(first), offset=max(offset, 0))
        return CaseList(nodes=[Case.of(r, registry) for r in rows], total_count=total)


def _data(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError("data", "must be a JSON object")
    return value


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="Take a step on a case, or open one (give type and region). Checked on the "
                         "server: the state, your permission or part, the data, and every guard, each failure "
                         "naming the action, the guard and its source clause; nothing is written unless all pass.")
    async def transition(self, info: Info, input: TransitionInput) -> Payload[Case]:
        context = info.context
        registry = context.platform.registry

        async def work() -> models.Case:
            case_id = parse_id(input.case, "case", "Case") if input.case is not None else None
            parent_id = parse_id(input.parent, "parent", "Case") if input.parent is not None else None
            acting = parse_id(input.acting_for, "acting_for", "SocialOrganization") if input.acting_for is not None else None
            return await context.platform.cases.transition(
                context.session, context.who, action=input.action, case_id=case_id, case_type=input.type,
                region=input.region, parent_id=parent_id, data=_data(input.data), version=input.version,
                request_key=input.request_key, acting_for=acting, title=input.title)

        return await mutate(info, work, lambda row: Case.of(row, registry))


PART = GraphQLDecl(query=CaseQuery, mutation=CaseMutation, types=(Case,))
