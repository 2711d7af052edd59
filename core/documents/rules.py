"""Running plugin-declared rules against a record: every failed rule, with its message and source.

A rule's ``check(record, context)`` gets the record as a plain dict and a :class:`RuleContext`
with what a check may need beyond the record: the record's region and its ancestors, the tenant's
settings, and counts and sums of form submissions (e.g. "one project per county per year",
"at most 2% of a fund a year, all withdrawals together").
"""

import datetime as dt
import inspect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from core import clock
from core.access.grants import Principal
from core.models import FormSubmission, Region, SubmissionStatus, Tenant, TenantPlugin
from core.models.base import stored_id
from core.plugins.declarations import RuleDecl
from core.plugins.registry import Declared, Registry
from core.tree.tiers import Tier

logger = logging.getLogger(__name__)

BROKEN = "the rule could not be checked on this record"
"""The message of a rule whose check raised (the exception goes to the log, never to a client)."""


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


@dataclass(frozen=True)
class RuleResult:
    key: str
    label: str
    passed: bool
    message: str | None
    advisory: bool
    source: str
    plugin: str


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
        except Exception:  # a broken rule must not hide the others; its error is for the server's log
            logger.exception("rule %r of plugin %r raised on a %s record", rule.key, declared.plugin, rule.subject)
            outcome = BROKEN
        passed = outcome is True
        message = None if passed else (outcome if isinstance(outcome, str) else rule.message)
        results.append(RuleResult(rule.key, rule.label, passed, message, rule.advisory, rule.source, declared.plugin))
    return results


async def enabled_plugins(session: AsyncSession, tenant: Tenant) -> set[str]:
    return {plugin for _, plugin in (await session.exec(enabled_in([stored_id(tenant)]))).all()}


def enabled_in(tenant_ids: Iterable[int]) -> Select[int, str]:
    """The plugins the tenants ``tenant_ids`` have enabled, as (tenant id, plugin) rows."""
    t = TenantPlugin
    return select(col(t.tenant_id), col(t.plugin)).where(col(t.tenant_id).in_(list(tenant_ids)), col(t.enabled) == sa.true())

