"""Running plugin-declared rules against a record: every failed rule, with its message, source and
the fields it faults.

A rule's ``check(record, context)`` gets the record as a plain dict and a :class:`RuleContext`
with what a check may need beyond the record: the record's region and its ancestors, the tenant's
settings, counts and sums of form submissions (e.g. "one project per county per year") and totals
of the ledger's accounts ("at most 2% of a fund a year, all withdrawals together"). A failure names the fields at fault:
those the check returns as :class:`Fault`, else those the rule declares (``RuleDecl.fields``);
a rule naming none is reported by its key, as ``rules.<key>``.
"""

import datetime as dt
import inspect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from core import clock
from core.access.grants import Principal
from core.errors import Problem, StartupError
from core.models import (
    CommunityFund,
    FormSubmission,
    LedgerEntry,
    Region,
    SocialOrganization,
    SocialWorker,
    SubmissionStatus,
    Tenant,
    TenantPlugin,
    Volunteer,
    VolunteerTeam,
)
from core.models.base import stored_id
from core.models.scoped import TenantRow
from core.money import year_bounds
from core.plugins.declarations import Fault, RuleDecl
from core.plugins.formschema import has_path
from core.plugins.registry import Declared, Registry
from core.tree.tiers import Tier

__all__ = ["BROKEN", "ELEMENTS", "Fault", "RuleContext", "RuleResult", "check_rule_fields", "enabled_plugins",
           "lock_account", "outcome_of", "problems_of", "rules_for", "run_rules"]

logger = logging.getLogger(__name__)

BROKEN = "the rule could not be checked on this record"
"""The message of a rule whose check raised (the exception goes to the log, never to a client)."""

ELEMENTS: dict[str, type[TenantRow]] = {
    "social_organization": SocialOrganization,
    "social_worker": SocialWorker,
    "volunteer": Volunteer,
    "volunteer_team": VolunteerTeam,
    "community_fund": CommunityFund,
}
"""The elements a rule may be about; the record is the row's fields, plus ``region`` (its path)."""


@dataclass
class RuleContext:
    session: AsyncSession
    principal: Principal
    tenant: Tenant
    region: Region | None
    today: dt.date = field(default_factory=clock.today)

    def setting(self, key: str, default: Any = None) -> Any:
        return (self.tenant.settings or {}).get(key, default)

    async def ancestor(self, tier: Tier) -> Region | None:
        """The record's region's ancestor at ``tier`` (itself at its own tier)."""
        if self.region is None:
            return None
        region_id = self.region.ancestor_id(tier)
        return await self.session.get(Region, region_id) if region_id else None

    async def count_submissions(
        self, form_key: str, *, under: Region | None = None, year: int | None = None,
        where: dict[str, Any] | None = None, exclude_id: int | None = None,
        statuses: tuple[str, ...] = ("submitted", "approved"),
    ) -> int:
        """Submissions of a form in this tenant (under a region, in a year, with top-level fields
        equal, in the given statuses: by default neither drafts nor rejected ones). Stored data
        holds the masks of personal fields (ID numbers, phones), never their values: ``where``
        cannot match on them (the record being checked has them in clear)."""
        rows = await self._submissions(form_key, under=under, year=year, where=where, exclude_id=exclude_id,
                                       statuses=statuses)
        return len(rows)

    async def sum_submissions(
        self, form_key: str, field: str, *, at: Region | None = None, under: Region | None = None,
        year: int | None = None, where: dict[str, Any] | None = None, exclude_id: int | None = None,
        statuses: tuple[str, ...] = ("submitted", "approved"),
    ) -> int:
        """The sum of an integer top-level ``field`` (an amount in fen) over the submissions that
        :meth:`count_submissions` would count, or only those filed at region ``at`` itself (one
        office's budget, not its subordinates'). Cumulative caps ("≤ 2% of the fund a year, all
        withdrawals together") add the record being checked to this sum; a value that is not an
        integer adds nothing."""
        rows = await self._submissions(form_key, under=under, year=year, where=where, exclude_id=exclude_id,
                                       statuses=statuses)
        return sum(value for row in rows
                   if (at is None or row.region_id == at.id)
                   and isinstance(value := row.data.get(field), int) and not isinstance(value, bool))

    async def ledger_total(
        self, account: str, *, at: Region | None = None, under: Region | None = None, year: int | None = None,
    ) -> int:
        """The sum of ``account``'s entries on the ledger in this tenant, in fen, signed as the
        ledger is (money out of the account is negative): only those at region ``at`` itself (one
        office's fund), or in the subtree of ``under``, or made in ``year`` (the books' clock,
        :data:`core.money.BOOKS`). A cap on what was paid reads this: what a form's posting
        (:class:`~core.plugins.declarations.LedgerPostingDecl`) wrote and what was paid otherwise."""
        query = select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.tenant_id == self.tenant.id, LedgerEntry.account == account)
        if at is not None:
            query = query.where(LedgerEntry.region_id == at.id)
        if under is not None:
            query = query.join(Region, col(LedgerEntry.region_id) == Region.id).where(
                col(getattr(Region, under.tier.column)) == under.id)
        if year is not None:
            start, end = year_bounds(year)
            query = query.where(col(LedgerEntry.at) >= start, col(LedgerEntry.at) < end)
        return int((await self.session.exec(query)).one())

    async def _submissions(
        self, form_key: str, *, under: Region | None, year: int | None, where: dict[str, Any] | None,
        exclude_id: int | None, statuses: tuple[str, ...],
    ) -> list[FormSubmission]:
        query = select(FormSubmission).join(Region, col(FormSubmission.region_id) == Region.id).where(
            FormSubmission.tenant_id == self.tenant.id, FormSubmission.form_key == form_key,
            col(FormSubmission.status).in_([SubmissionStatus(s) for s in statuses]),
        )
        if under is not None:
            query = query.where(col(getattr(Region, under.tier.column)) == under.id)
        if exclude_id is not None:
            query = query.where(col(FormSubmission.id) != exclude_id)
        out = []
        for row in (await self.session.exec(query)).all():
            stamp = row.submitted_at or row.created_at
            if year is not None and stamp.year != year:
                continue
            if where and any(row.data.get(k) != v for k, v in where.items()):
                continue
            out.append(row)
        return out


async def lock_account(session: AsyncSession, tenant_id: int, account: str) -> None:
    """Hold ``account`` of the tenant until the transaction ends (PostgreSQL: a transaction-scoped
    advisory lock; SQLite has one writer at a time): a check of the account's total and the entry
    it lets through are one step, so two concurrent withdrawals never both pass a cap meant for one."""
    if session.get_bind().dialect.name == "postgresql":
        await session.exec(select(sa.func.pg_advisory_xact_lock(tenant_id, sa.func.hashtext(account))))


@dataclass(frozen=True)
class RuleResult:
    key: str
    label: str
    passed: bool
    message: str | None
    advisory: bool
    source: str
    plugin: str
    faults: tuple[Fault, ...] = ()
    """the fields the failure names (paths in the record); empty when it passed or names none"""


def outcome_of(rule: RuleDecl, outcome: Any) -> tuple[bool, str | None, tuple[Fault, ...]]:
    """What a check's answer means: passed or not, the message, the faults. True passes; a Fault or
    a non-empty list of Faults fails on those fields; an empty list passes; False fails with the
    rule's message and a string with that message, each at the rule's declared fields; anything
    else fails with the rule's message."""
    if outcome is True:
        return True, None, ()
    if isinstance(outcome, Fault):
        return False, outcome.message, (outcome,)
    if isinstance(outcome, list | tuple) and all(isinstance(item, Fault) for item in outcome):
        if not outcome:
            return True, None, ()
        return False, "; ".join(dict.fromkeys(f.message for f in outcome)), tuple(outcome)
    message = outcome if isinstance(outcome, str) and outcome.strip() else rule.message
    return False, message, tuple(Fault(name, message) for name in rule.fields)


def rules_for(registry: Registry, subject: str, region: Region, enabled: set[str]) -> list[Declared[RuleDecl]]:
    """The rules about ``subject`` in force at ``region``: of plugins enabled in its tenant whose
    scope contains it (a street's rules do not judge a social worker elsewhere in its city)."""
    return [
        d for d in registry.rules
        if d.item.subject == subject and d.plugin in enabled and registry.plugins[d.plugin].covers(region.path)
    ]


async def run_rules(rules: list[Declared[RuleDecl]], record: dict[str, Any], context: RuleContext) -> list[RuleResult]:
    """Run every rule; a check that raises fails with its error, it never stops the others."""
    results = []
    for declared in rules:
        rule = declared.item
        try:
            outcome = rule.check(record, context)
            if inspect.isawaitable(outcome):
                outcome = await outcome
            passed, message, faults = outcome_of(rule, outcome)
        except Exception:  # a broken rule must not hide the others; its error is for the server's log
            logger.exception("rule %r of plugin %r raised on a %s record", rule.key, declared.plugin, rule.subject)
            passed, message, faults = False, BROKEN, ()
        results.append(RuleResult(rule.key, rule.label, passed, message, rule.advisory, rule.source, declared.plugin,
                                  faults))
    return results


def problems_of(results: Sequence[RuleResult], prefix: str = "data") -> list[Problem]:
    """The problems of the failed non-advisory rules, code ``rule``: one at ``<prefix>.<field>`` for
    each field a failure names, or one at ``rules.<key>`` for a failure that names none."""
    problems = []
    for r in results:
        if r.passed or r.advisory:
            continue
        if not r.faults:
            problems.append(Problem(f"rules.{r.key}", f"{r.message} ({r.source})", "rule", rule=r.key))
        problems.extend(Problem(f"{prefix}.{f.field}", f"{f.message} ({r.source})", "rule", rule=r.key) for f in r.faults)
    return problems


def check_rule_fields(registry: Registry) -> None:
    """The first of :func:`rule_field_problems`, raised as a StartupError naming the plugin, the rule and the field."""
    for declared, index, reason in rule_field_problems(registry):
        where = declared.at or f"register_rules: key {declared.item.key!r}"
        raise StartupError(f"plugin {declared.plugin!r}: {where}.fields[{index}]: {reason}")


def rule_field_problems(registry: Registry) -> list[tuple[Declared[RuleDecl], int, str]]:
    """Start-up: the fields a rule declares must be fields of its subject — properties of its form's
    newest version, or fields of its element. Each problem: the rule, the field's index, the reason."""
    schemas: dict[str, Any] = {}
    for form in sorted(registry.forms, key=lambda d: d.item.version):
        schemas[form.item.key] = form.item.json_schema  # the newest version wins
    found: list[tuple[Declared[RuleDecl], int, str]] = []
    for declared in registry.rules:
        rule = declared.item
        for index, name in enumerate(rule.fields):
            if rule.subject.startswith("form:"):
                key = rule.subject.removeprefix("form:")
                if key in schemas and not has_path(schemas[key], name):
                    found.append((declared, index, f"form {key!r} has no field {name!r}"))
            elif rule.subject in ELEMENTS:
                known = {*ELEMENTS[rule.subject].model_fields, "region"}
                if name.split(".", 1)[0] not in known:
                    found.append((declared, index, f"{rule.subject} has no field {name!r}; it has {', '.join(sorted(known))}"))
    return found


async def enabled_plugins(session: AsyncSession, tenant: Tenant) -> set[str]:
    return {plugin for _, plugin in (await session.exec(enabled_in([stored_id(tenant)]))).all()}


def enabled_in(tenant_ids: Iterable[int]) -> Select[int, str]:
    """The plugins the tenants ``tenant_ids`` have enabled, as (tenant id, plugin) rows."""
    t = TenantPlugin
    return select(col(t.tenant_id), col(t.plugin)).where(col(t.tenant_id).in_(list(tenant_ids)), col(t.enabled) == sa.true())

