"""What a plugin declares about a procedure: a case type with its states, transitions and deadlines.

A case type is a state machine written as data (the ``register_case_types`` hook returns a list of
:class:`CaseTypeDecl`). The core runs it (:mod:`core.cases`): it checks each transition on the
server (state, permission or party, guards), then writes the event, the new state and the effects
in one transaction. Guards and effects are functions of the plugin, given a
:class:`core.cases.CaseContext`.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from core.access.vocabulary import parse_permission
from core.plugins.declarations import Declaration
from core.tree.tiers import Tier

_KEY = r"^[a-z][a-z0-9_]*$"

START = "start"
"""The pseudo-state a case is in before it exists: a transition from ``start`` opens a case."""


class PartDecl(Declaration):
    """A part a party plays in a case: applicant, panel member, organizer … ``seen_by`` limits
    which other parts see who plays it (an applicant does not learn the panel's names); offices
    holding ``case:read`` and the party itself always do."""

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100)
    seen_by: tuple[str, ...] | None = None


class DeadlineDecl(Declaration):
    """When a state must be left: ``working_days`` on the working-day calendar (statutory holidays,
    adjusted working days and the tenant's own days off), plain ``days`` or ``months``, or a fixed
    date ``on``. Counted from the day the case enters the state."""

    working_days: int | None = Field(default=None, ge=1)
    days: int | None = Field(default=None, ge=1)
    months: int | None = Field(default=None, ge=1)
    on: dt.date | None = None
    label: str = Field(min_length=1, description="what is due, zh-CN (e.g. 评审报告)")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_rule(self) -> "DeadlineDecl":
        given = [name for name in ("working_days", "days", "months", "on") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a deadline needs exactly one of working_days, days, months or on")
        return self


class StateDecl(Declaration):
    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100, description="zh-CN")
    terminal: bool = False
    deadline: DeadlineDecl | None = None

    @field_validator("key")
    @classmethod
    def _not_start(cls, value: str) -> str:
        if value == START:
            raise ValueError(f"{START!r} is the pseudo-state before a case exists; name the first state otherwise")
        return value


class GuardDecl(Declaration):
    """A condition a transition must meet. ``check(context)`` returns True to pass, False to fail
    with ``message``, or a string to fail with that more precise message; it may raise
    :class:`core.errors.FieldError` to name the input field that is wrong. May be ``async def``."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    key: str = Field(pattern=_KEY, max_length=64)
    message: str = Field(min_length=1)
    check: Callable[..., Any]
    source: str = Field(min_length=1)


class TransitionDecl(Declaration):
    """One action on a case: from some states to one state.

    Who may take it: holders of ``permission`` (``resource:action``, at the tiers the role's policy
    gives) at the case's region, or the case's parties of a part in ``parties``; either suffices.
    ``form`` names a form filled at this step (its data is validated and stored, linked to the case);
    otherwise ``schema`` (a JSON Schema) checks the step's data. ``effects`` run after the guards
    passed, in the same transaction. ``visible_to`` limits which parts see the event on the timeline
    (its actor and holders of ``case:read`` always do) until the case reaches a state of
    ``revealed_in`` (then to the parts of ``revealed_to``, every party when not given). ``notify``
    names the parts whose users get a notification. The effects run before the step's event is
    written and may add to its data (:meth:`core.cases.CaseContext.record`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    action: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100, description="zh-CN")
    from_states: tuple[str, ...] = Field(min_length=1)
    to: str | None = Field(default=None, description="the state after it; None: the case stays where it is")
    permission: str | None = None
    parties: tuple[str, ...] = ()
    form: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    guards: tuple[GuardDecl, ...] = ()
    effects: tuple[Callable[..., Any], ...] = ()
    visible_to: tuple[str, ...] | None = None
    revealed_in: tuple[str, ...] = ()
    revealed_to: tuple[str, ...] | None = Field(
        default=None, description="the parts that see the event once revealed; None: every party")
    notify: tuple[str, ...] = ()
    restarts_deadline: bool = Field(
        default=False, description="a step that leaves the case in its state counts the state's deadline anew "
        "(a monthly report: the next one is due a month later)")
    source: str = Field(min_length=1)

    @field_validator("permission")
    @classmethod
    def _permission(cls, value: str | None) -> str | None:
        if value is not None:
            lines = parse_permission(value)
            if lines[0].tier != "*":
                raise ValueError("a transition's permission is 'resource:action'; the role's policy says at which tiers")
        return value

    @model_validator(mode="after")
    def _someone(self) -> "TransitionDecl":
        if self.permission is None and not self.parties:
            raise ValueError(f"transition {self.action!r}: needs a permission or parties who may take it")
        if START in self.from_states and self.permission is None:
            raise ValueError(f"transition {self.action!r}: opening a case needs a permission (a case has no parties "
                             "before it exists)")
        if self.form is not None and self.schema_ is not None:
            raise ValueError(f"transition {self.action!r}: a form or a schema, not both")
        return self

    @property
    def opens(self) -> bool:
        return START in self.from_states


class CaseMeasureDecl(Declaration):
    """A count of cases that indicators can use as a measure, like the core's measures: cases of this
    type (at the region they live at), in ``states`` (all when empty). ``count`` is ``cases`` or
    ``regions`` (regions with at least one such case)."""

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1)
    states: tuple[str, ...] = ()
    count: str = Field(default="cases", pattern=r"^(cases|regions)$")


class DisclosedFieldDecl(Declaration):
    """One value of a disclosed case, from its data: ``key`` a dotted path into ``case.data``
    (``final.score``); ``kind`` says how it is shown: ``text``, ``number``, ``fen`` (money in fen,
    shown in yuan), ``passed`` (a boolean: 合格/不合格), ``organization`` (an organization's id,
    shown as its registered name: a unit, never a person)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=128)
    label: str = Field(min_length=1, max_length=50, description="zh-CN")
    kind: str = Field(default="text", pattern=r"^(text|number|fen|passed|organization)$")


class DisclosureDecl(Declaration):
    """What a document requires to be made public of a case type (向社会公众公开): cases in
    ``states`` are listed on the tenant's public page (``/public/{tenant}``), each with its title,
    region, state and the ``fields`` named here, and nothing else of it (no party, no timeline, no
    form). Cases in other states (submitted, refused, withdrawn) are never shown there."""

    states: tuple[str, ...] = Field(min_length=1)
    fields: tuple[DisclosedFieldDecl, ...] = ()
    source: str = Field(min_length=1)


class CaseTypeDecl(Declaration):
    """A procedure a document sets out, as a state machine.

    Cases of this type live at regions of ``tiers``. ``public`` cases (a call for proposals) are
    seen by every user of the tenant; others by holders of ``case:read`` at their region and by
    their parties. ``retention_years`` keeps a closed case's archive that long. Every state must be
    reachable from ``start``, every non-terminal state must have a way out.
    """

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100, description="zh-CN")
    tiers: tuple[Tier, ...] = Field(min_length=1)
    parts: tuple[PartDecl, ...] = ()
    states: tuple[StateDecl, ...] = Field(min_length=1)
    transitions: tuple[TransitionDecl, ...] = Field(min_length=1)
    parent_type: str | None = Field(default=None, description="the case type a case of this type belongs to")
    public: bool = False
    retention_years: int = Field(default=0, ge=0)
    measures: tuple[CaseMeasureDecl, ...] = ()
    disclosure: DisclosureDecl | None = Field(default=None, description="what of its cases is public")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "CaseTypeDecl":
        states = [s.key for s in self.states]
        parts = {p.key for p in self.parts}
        for key in states:
            if states.count(key) > 1:
                raise ValueError(f"state {key!r} is declared twice")
        actions = [t.action for t in self.transitions]
        for action in actions:
            if actions.count(action) > 1:
                raise ValueError(f"transition {action!r} is declared twice")
        for t in self.transitions:
            for state in t.from_states:
                if state != START and state not in states:
                    raise ValueError(f"transition {t.action!r}: from-state {state!r} is not a state of the type")
            if t.to is not None and t.to not in states:
                raise ValueError(f"transition {t.action!r}: to-state {t.to!r} is not a state of the type")
            if t.opens and t.to is None:
                raise ValueError(f"transition {t.action!r}: opening a case needs a to-state")
            for part in (*t.parties, *(t.visible_to or ()), *(t.revealed_to or ()), *t.notify):
                if part not in parts:
                    raise ValueError(f"transition {t.action!r}: {part!r} is not a part of the type")
            for state in t.revealed_in:
                if state not in states:
                    raise ValueError(f"transition {t.action!r}: revealed_in {state!r} is not a state of the type")
        if not any(t.opens for t in self.transitions):
            raise ValueError(f"no transition opens a case (from {START!r})")
        reached = {START}
        changed = True
        while changed:
            changed = False
            for t in self.transitions:
                if t.to and t.to not in reached and reached.intersection(t.from_states):
                    reached.add(t.to)
                    changed = True
        for declared in self.states:
            if declared.key not in reached:
                raise ValueError(f"state {declared.key!r} cannot be reached from {START!r}")
            leaves = any(declared.key in t.from_states and t.to not in (None, declared.key) for t in self.transitions)
            if not declared.terminal and not leaves:
                raise ValueError(f"state {declared.key!r} is not terminal and no transition leaves it")
        for declared_part in self.parts:
            for seer in declared_part.seen_by or ():
                if seer not in parts:
                    raise ValueError(f"part {declared_part.key!r}: seen_by {seer!r} is not a part of the type")
        for key in self.disclosure.states if self.disclosure else ():
            if key not in states:
                raise ValueError(f"disclosure: {key!r} is not a state of the type")
        for measure in self.measures:
            for key in measure.states:
                if key not in states:
                    raise ValueError(f"measure {measure.key!r}: {key!r} is not a state of the type")
        return self

    def state(self, key: str) -> StateDecl:
        for state in self.states:
            if state.key == key:
                return state
        raise KeyError(key)

    def transition(self, action: str) -> TransitionDecl | None:
        for t in self.transitions:
            if t.action == action:
                return t
        return None
