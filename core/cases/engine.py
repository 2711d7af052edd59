"""Taking a step on a case: checked on the server, written in one transaction, or not at all.

:meth:`Engine.transition` is the one way a case changes. In order: find the case (through the same
visibility as every read) or the region a new one opens at; replay an idempotent request; refuse a
stale version; find the action and check the case's state; check the actor holds the step's
permission at the case's region or is a party of a part the step names; validate the step's data
(its form, stored linked to the case, or its schema); run every guard and report every one that
failed, each with its key, message and source clause; then claim the case (``UPDATE … WHERE version
= read version``: of two concurrent steps exactly one wins, the other gets a conflict), write the
event, the new state and its due date, run the effects and notify the parts the step names.
Any error rolls the whole step back (the caller's transaction).

Why not a state-machine library: the machine here is data a plugin declares and the core checks
at start-up (:class:`core.plugins.cases.CaseTypeDecl`); what a step needs beyond "is this action
allowed from this state" — a row claim with a version, async guards reading the database,
permission by tier or party, an append-only event and a ledger in the same transaction — is
outside what ``transitions`` or ``python-statemachine`` do, and either would mean building a
machine object per case per request to answer a dictionary lookup.
"""

import datetime as dt
import inspect
import logging
from typing import Any

import sqlalchemy as sa
from jsonschema import Draft202012Validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, region_at
from core.cases import inbox
from core.cases.calendar import calendar_of
from core.cases.context import CaseContext
from core.cases.visibility import get_case, party_parts
from core.db import events
from core.documents import forms as form_service
from core.documents.rules import enabled_plugins
from core.errors import FieldError, InvalidInput, NotFound, Problem
from core.models import Case, CaseEvent, CaseParty, OrganizationMember, Region, Tenant
from core.models.base import stored_id, utcnow
from core.plugins.cases import START, CaseTypeDecl, TransitionDecl
from core.plugins.registry import Registry

logger = logging.getLogger(__name__)

MAX_SYSTEM_DEPTH = 8
"""Effects that take steps on other cases may chain; a longer chain is a loop in a plugin."""


class Engine:
    """Runs the case types the plugins declared."""

    def __init__(self, registry: Registry):
        self.registry = registry

    def case_type_of(self, case: Case) -> CaseTypeDecl:
        declared = self.registry.case_type(case.case_type)
        if declared is None:
            raise RuntimeError(f"case {case.id}: its type {case.case_type!r} is not declared by any installed plugin")
        return declared.item

    async def transition(
        self, session: AsyncSession, principal: Principal, *, action: str, case_id: int | None = None,
        case_type: str | None = None, region: str | None = None, parent_id: int | None = None,
        data: dict[str, Any] | None = None, version: int | None = None, request_key: str | None = None,
        acting_for: int | None = None, title: str = "",
    ) -> Case:
        """Take ``action`` on case ``case_id``, or open a case of ``case_type`` at ``region``."""
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise FieldError("data", "must be a JSON object")
        if request_key is not None:
            replay = await self._replay(session, principal, request_key, action, case_id)
            if replay is not None:
                return replay
        if case_id is not None:
            if case_type is not None or region is not None or parent_id is not None:
                raise FieldError("case", "give either a case, or a type and a region to open one at, not both")
            case = await get_case(session, principal, self.registry, case_id, lock=True)
            declared = self.registry.case_type(case.case_type)
            if declared is None:
                raise NotFound("case", f"no case with id {case_id}")
            decl, plugin = declared.item, declared.plugin
            place = await session.get_one(Region, case.region_id)
        else:
            if case_type is None or region is None:
                raise FieldError("case", "name the case, or the type and the region to open one at")
            found = self.registry.case_type(case_type)
            if found is None:
                known = ", ".join(sorted(d.item.key for d in self.registry.case_types)) or "none"
                raise NotFound("type", f"no case type {case_type!r} (known: {known})")
            decl, plugin = found.item, found.plugin
            place = await self._opening_place(session, principal, plugin, decl, region)
            parent = await self._parent(session, principal, decl, parent_id)
            case = Case(tenant_id=place.tenant_id, region_id=stored_id(place), case_type=decl.key, plugin=plugin,
                        state=START, version=0, title=title.strip()[:200], data={}, opened_by=principal.username,
                        parent_id=parent.id if parent is not None else None)
        if version is not None and case.id is not None and version != case.version:
            raise FieldError("version", f"{action}: the case is at version {case.version}, not {version}; "
                             "someone else took a step first: reload it", code="conflict")
        tenant = await session.get_one(Tenant, place.tenant_id)
        step = self._step(decl, case, action)
        acting = await self._acting_for(session, principal, acting_for)
        calendar = await calendar_of(session, tenant.id or 0)
        context = CaseContext(session=session, principal=principal, registry=self.registry, tenant=tenant,
                              region=place, case=case, case_type=decl, transition=step, data=data,
                              calendar=calendar, engine=self, acting_for=acting)
        await self._check_actor(context)
        return await self._take(context, plugin, request_key)

    async def apply_system(
        self, outer: CaseContext, case: Case | None, action: str, data: dict[str, Any], *,
        case_type: str | None = None, region: Region | None = None, title: str = "", parent: Case | None = None,
    ) -> Case:
        """A step taken by an effect of ``outer``'s step: no permission is asked, guards run."""
        depth = outer.depth + 1
        if depth > MAX_SYSTEM_DEPTH:
            raise RuntimeError(f"effects took more than {MAX_SYSTEM_DEPTH} chained steps: a loop in a case type")
        if case is None:
            found = self.registry.case_type(case_type or "")
            if found is None or region is None:
                raise RuntimeError(f"an effect opened a case of undeclared type {case_type!r}")
            decl, plugin = found.item, found.plugin
            case = Case(tenant_id=region.tenant_id or 0, region_id=stored_id(region), case_type=decl.key, plugin=plugin,
                        state=START, version=0, title=title[:200], data={}, opened_by=outer.principal.username,
                        parent_id=parent.id if parent is not None else None)
            place = region
        else:
            decl = self.case_type_of(case)
            plugin = case.plugin
            place = await outer.session.get_one(Region, case.region_id)
        step = self._step(decl, case, action)
        context = CaseContext(session=outer.session, principal=outer.principal, registry=self.registry,
                              tenant=outer.tenant, region=place, case=case, case_type=decl, transition=step,
                              data=data, calendar=outer.calendar, engine=self, acting_for=outer.acting_for,
                              today=outer.today, system=True, depth=depth)
        return await self._take(context, plugin, None)

    # --- the steps of a transition ---------------------------------------------------------------

    async def _replay(self, session: AsyncSession, principal: Principal, request_key: str, action: str,
                      case_id: int | None) -> Case | None:
        query = select(CaseEvent).where(CaseEvent.request_key == request_key)
        if not principal.platform_admin:
            query = query.where(CaseEvent.tenant_id == principal.tenant_id)
        event = (await session.exec(query)).first()
        if event is None:
            return None
        if event.action != action or (case_id is not None and event.case_id != case_id) \
                or event.actor != principal.username:
            raise FieldError("request_key", "this request key was used for another step", code="conflict")
        return await get_case(session, principal, self.registry, event.case_id)

    async def _opening_place(self, session: AsyncSession, principal: Principal, plugin: str, decl: CaseTypeDecl,
                             path: str) -> Region:
        place = await region_at(session, path, principal)
        info = self.registry.plugins[plugin]
        tenant = await session.get_one(Tenant, place.tenant_id)
        if plugin not in await enabled_plugins(session, tenant) or not info.covers(place.path):
            raise FieldError("region", f"case type {decl.key!r} ({decl.label}) is not used at {place.path!r}")
        if place.tier not in decl.tiers:
            tiers = ", ".join(t.value for t in decl.tiers)
            raise FieldError("region", f"a {decl.label} ({decl.key}) is opened at a {tiers}, not a {place.tier.value}")
        return place

    async def _parent(self, session: AsyncSession, principal: Principal, decl: CaseTypeDecl,
                      parent_id: int | None) -> Case | None:
        if decl.parent_type is None:
            if parent_id is not None:
                raise FieldError("parent", f"a {decl.label} ({decl.key}) belongs to no other case")
            return None
        if parent_id is None:
            raise FieldError("parent", f"a {decl.label} ({decl.key}) belongs to a {decl.parent_type} case: name it")
        parent = await get_case(session, principal, self.registry, parent_id, field="parent")
        if parent.case_type != decl.parent_type:
            raise FieldError("parent", f"case {parent_id} is a {parent.case_type}, not a {decl.parent_type}")
        return parent

    def _step(self, decl: CaseTypeDecl, case: Case, action: str) -> TransitionDecl:
        step = decl.transition(action)
        if step is None:
            known = ", ".join(t.action for t in decl.transitions)
            raise FieldError("action", f"{decl.key} has no action {action!r} (its actions: {known})", code="unknown")
        if case.state not in step.from_states:
            if case.state == START:
                raise FieldError("action", f"{step.label} ({action}) does not open a {decl.label}; "
                                 f"open one with: {', '.join(t.action for t in decl.transitions if t.opens)}",
                                 code="wrong_state")
            here = decl.state(case.state).label
            allowed = [decl.state(s).label if s != START else START for s in step.from_states]
            raise FieldError("action", f"{step.label} ({action}) cannot be taken while the case is {here} "
                             f"({case.state}); it is taken from: {', '.join(allowed)}", code="wrong_state")
        return step

    async def _acting_for(self, session: AsyncSession, principal: Principal, acting_for: int | None) -> int | None:
        """The organization the actor acts for: the one named (they must be its member), or their
        only one."""
        if principal.user_id is None:
            return None
        rows = list((await session.exec(select(OrganizationMember.organization_id).where(
            OrganizationMember.user_id == principal.user_id))).all())
        if acting_for is not None:
            if acting_for not in rows:
                raise FieldError("acting_for", f"you do not act for organization {acting_for}", code="forbidden")
            return acting_for
        return rows[0] if len(rows) == 1 else None

    async def _check_actor(self, context: CaseContext) -> None:
        step, principal = context.transition, context.principal
        if step.permission is not None:
            resource, action = step.permission.split(":", 1)
            if principal.may(resource, action, context.region):
                return
        if step.parties and context.case.id is not None \
                and set(step.parties) & await party_parts(context.session, principal, context.case, context.acting_for):
            return
        who = []
        if step.permission:
            who.append(f"the permission {step.permission} at {context.region.path!r}")
        if step.parties:
            labels = {p.key: p.label for p in context.case_type.parts}
            who.append("being its " + " or ".join(f"{labels[p]} ({p})" for p in step.parties))
        raise FieldError("action", f"you may not take {step.label} ({step.action}) on this case: it needs "
                         + " or ".join(who), code="forbidden")

    async def _validate(self, context: CaseContext, plugin: str) -> None:
        step = context.transition
        if step.form is not None:
            form_plugin, form = form_service.find(self.registry, step.form, None)
            enabled = await enabled_plugins(context.session, context.tenant)
            context.submission = await form_service.store(
                context.session, context.principal, self.registry, form_plugin, form, context.region, context.tenant,
                enabled, context.data, case_id=context.case.id)
            return
        if step.schema_ is not None:
            validator = Draft202012Validator(step.schema_, format_checker=Draft202012Validator.FORMAT_CHECKER)
            problems = []
            for error in sorted(validator.iter_errors(context.data), key=lambda e: list(e.absolute_path)):
                path = [str(p) for p in error.absolute_path]
                if error.validator == "required" and isinstance(error.instance, dict):
                    for name in error.validator_value:
                        if name not in error.instance:
                            problems.append(Problem(".".join(["data", *path, name]), "is required", "required"))
                    continue
                problems.append(Problem(".".join(["data", *path]), error.message, str(error.validator)))
            if problems:
                raise InvalidInput(problems)
            return
        if context.data:
            raise FieldError("data", f"{step.label} ({step.action}) takes no data")

    async def _guards(self, context: CaseContext) -> None:
        step = context.transition
        problems = []
        for guard in step.guards:
            try:
                outcome = guard.check(context)
                if inspect.isawaitable(outcome):
                    outcome = await outcome
            except FieldError as error:
                problems.append(Problem(
                    error.field if error.field.startswith("data") else f"guards.{guard.key}",
                    f"{step.label} ({step.action}): {guard.key}: {error.message} ({guard.source})", "guard"))
                continue
            if outcome is True:
                continue
            message = outcome if isinstance(outcome, str) else guard.message
            problems.append(Problem(f"guards.{guard.key}", f"{step.label} ({step.action}): {message} ({guard.source})",
                                    "guard"))
        if problems:
            raise InvalidInput(problems)

    async def _take(self, context: CaseContext, plugin: str, request_key: str | None) -> Case:
        session, case, step, decl = context.session, context.case, context.transition, context.case_type
        opening = case.id is None
        if opening:
            session.add(case)
            await session.flush()  # the case has an id for its form and its parties
        await self._validate(context, plugin)
        await self._guards(context)
        old_state, old_version = case.state, case.version
        new_state = step.to or old_state
        state = decl.state(new_state)
        changes: dict[str, Any] = {"state": new_state, "version": old_version + 1, "terminal": state.terminal}
        if new_state != old_state or step.restarts_deadline:
            changes["due_on"] = context.calendar.due(state.deadline, context.today) if state.deadline else None
            if state.terminal:
                changes["closed_at"] = utcnow()
                if decl.retention_years:
                    changes["retain_until"] = _years_after(context.today, decl.retention_years)
        try:
            claimed = await session.exec(
                sa.update(Case).where(col(Case.id) == case.id, col(Case.version) == old_version).values(**changes)
                .execution_options(synchronize_session=False))
        except sa.exc.OperationalError as error:
            if not _busy(error):
                raise
            raise FieldError("version", f"{step.label} ({step.action}): the database stayed busy with other writes; "
                             "nothing was written: try again", code="conflict") from error
        if claimed.rowcount != 1:
            raise FieldError("version", f"{step.label} ({step.action}): someone else took a step on this case first; "
                             "reload it", code="conflict")
        for name, value in changes.items():
            setattr(case, name, value)
        context.from_state = None if old_state == START else old_state
        for effect in step.effects:
            outcome = effect(context)
            if inspect.isawaitable(outcome):
                await outcome
        event = CaseEvent(
            tenant_id=case.tenant_id, case_id=stored_id(case), version=case.version, action=step.action,
            from_state=context.from_state, to_state=new_state,
            actor=context.principal.username, actor_user_id=context.principal.user_id, acting_for=context.acting_for,
            submission_id=context.submission.id if context.submission is not None else None,
            data=dict(context.recorded) if context.submission is not None else {**context.data, **context.recorded},
            visible_to=list(step.visible_to) if step.visible_to is not None else None, request_key=request_key,
        )
        session.add(event)
        session.add(case)
        try:
            await session.flush()
        except sa.exc.IntegrityError as error:
            if request_key is None:
                raise
            # the same request key, sent twice at once: the other request's step holds it
            raise FieldError("request_key", "this request key is being used by another step; reload the case",
                             code="conflict") from error
        context.event = event
        events.note(session, events.CaseChanged(case.tenant_id, stored_id(case)))
        for entry in context.ledger:
            entry.event_id = event.id
        session.add_all(context.ledger)
        await session.flush()
        if step.notify:
            users = await self._users_of_parts(session, case, step.notify)
            users.discard(context.principal.user_id or 0)
            context.notices.append((sorted(users), f"{decl.label}：{step.label}", case.title or f"{decl.label} #{case.id}"))
        for user_ids, title, body in context.notices:
            if user_ids:
                await inbox.notify(session, context.tenant.id or 0, user_ids, title, body, case_id=case.id,
                                   event_id=event.id)
        return case

    async def _users_of_parts(self, session: AsyncSession, case: Case, parts: tuple[str, ...]) -> set[int]:
        parties = (await session.exec(select(CaseParty).where(
            CaseParty.case_id == case.id, col(CaseParty.part).in_(parts), CaseParty.active == sa.true()))).all()
        users = {p.user_id for p in parties if p.user_id is not None}
        orgs = [p.organization_id for p in parties if p.organization_id is not None]
        if orgs:
            members = await session.exec(select(OrganizationMember.user_id).where(
                col(OrganizationMember.organization_id).in_(orgs)))
            users.update(members.all())
        return users


def _busy(error: sa.exc.OperationalError) -> bool:
    """SQLite's "database is locked": another connection held the one write lock past the busy
    timeout (concurrent steps; PostgreSQL waits on the row lock instead)."""
    return str(getattr(error.orig, "sqlite_errorname", "")).startswith("SQLITE_BUSY")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)

