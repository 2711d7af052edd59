"""Per-request DataLoaders: nested lists and counts cost one statement per level, not per row."""

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select
from strawberry.dataloader import DataLoader

from core.access.grants import visible
from core.documents.rules import enabled_in
from core.indicators import Indicator
from core.indicators.baselines import extra_measures
from core.indicators.counts import Counts, subtree_counts
from core.indicators.measures import CaseCount
from core.indicators.months import Month
from core.indicators.rollup import catalogue, counts_of, grouped, measures_of, subtree_sums
from core.models import (
    FormSubmission,
    FormSubmissionValue,
    OrganizationMember,
    PersonalDataErasure,
    RecordEnding,
    Region,
    Sanction,
    ServiceRecord,
    User,
)
from core.models.base import stored_id
from core.personal import FullRead, authorize_full_reads
from core.services import endings, erasure, hours, memberships
from core.tree.tiers import CommunityKind, Tier
from core.web.graphql.session import RequestSession


class SumsKey(NamedTuple):
    """A region's sums asked of :meth:`Loaders._sums` (a tuple: a nested tree builds and hashes one
    for each region and field, and a frozen dataclass cost several times more)."""

    region_id: int
    tier: Tier
    tenant_id: int
    year: int
    kind: CommunityKind | None
    measures: frozenset[str]
    counts: frozenset[CaseCount] = frozenset()
    """the case measures among ``measures``"""
    as_of: dt.date | None = None
    """the day the stock counts are as of (None: today)"""
    month: Month | None = None
    """the month of ``year`` whose flows are counted (None: the whole year)"""


def _batch(key: SumsKey) -> tuple[Any, ...]:
    """What the keys of one statement share: all but the region."""
    return (key.tier, key.tenant_id, key.year, key.kind, key.measures, key.counts, key.as_of, key.month)


K = TypeVar("K")
T = TypeVar("T")


class Loader(DataLoader[K, T]):
    """A DataLoader whose callers share its work, never its cancellation. Two fields that ask the same
    key (the same region under two aliases) await one future; when GraphQL cancels the fields of a
    branch that failed, it cancels what they await, and a bare shared future cancelled there raised
    ``CancelledError`` in the other, healthy branch, and through it out of the request. Each caller
    awaits its own shield of the future instead."""

    def load(self, key: K) -> Awaitable[T]:
        return asyncio.shield(super().load(key))

    def load_many(self, keys: Iterable[K]) -> Awaitable[list[T]]:
        """One shield for the keys together (a level's hundreds of regions), not one each."""
        return asyncio.shield(asyncio.gather(*(DataLoader.load(self, key) for key in keys)))


class Loaders:
    """Created for each request by the context getter; never shared between requests."""

    def __init__(self, request: RequestSession) -> None:
        self.request = request
        self.children = Loader(self._children)
        self.counts = Loader(self._counts, cache_key_fn=stored_id)
        self.indicator_sums = Loader(self._sums)
        self.enabled_plugins = Loader(self._enabled)
        self.form_values = Loader(self._form_values)
        self.full_reads = Loader(self._full_reads)
        self.service_minutes = Loader(self._service_minutes)
        self.case_forms = Loader(self._case_forms)
        self.members = Loader(self._members)
        self.sanctions = Loader(self._sanctions)
        self.endings = Loader(self._endings)
        self.erasures = Loader(self._erasures)
        self._by_id: dict[type[SQLModel], Loader[int, Any]] = {}
        self._catalogue: dict[str, Indicator] | None = None
        self._measured: dict[tuple[str, ...], tuple[frozenset[str], frozenset[CaseCount]]] = {}
        self.memo: dict[Any, Any] = {}
        """what a field works out from its arguments alone, kept for the request's other rows"""

    def measured(self, chosen: Sequence[Indicator]) -> tuple[frozenset[str], frozenset[CaseCount]]:
        """What the ``chosen`` indicators sum (their measures, and those their baselines compare), and
        the case measures among them: worked out once for the request, not once for each region."""
        key = tuple(i.key for i in chosen)
        found = self._measured.get(key)
        if found is None:
            registry = self.request.platform.registry
            found = self._measured[key] = (frozenset(measures_of(chosen) | extra_measures(chosen, registry)),
                                           counts_of(chosen))
        return found

    def catalogue(self) -> dict[str, Indicator]:
        """The indicators of the platform's registry (:func:`core.indicators.rollup.catalogue`), built
        once for the request rather than once for each region asked."""
        if self._catalogue is None:
            self._catalogue = catalogue(self.request.platform.registry)
        return self._catalogue

    def by_id(self, model: type[SQLModel]) -> Loader[int, Any]:
        """A loader of visible ``model`` rows by id (None where the principal may not see it)."""
        if model not in self._by_id:
            table: type[Any] = model  # any table with an ``id`` column

            async def load(ids: Sequence[int]) -> list[Any]:
                query = visible(table, self.request.who).where(col(table.id).in_(ids))
                found = {row.id: row for row in (await self.request.exec(query)).all()}
                return [found.get(id_) for id_ in ids]

            self._by_id[model] = Loader(load)
        return self._by_id[model]

    async def _case_forms(self, ids: Sequence[int]) -> list[FormSubmission | None]:
        """Forms filled at steps of cases, by id, for a timeline that already decided the reader
        sees the step (:mod:`core.cases.visibility`): of the reader's tenant, and of a case."""
        who = self.request.who
        query = select(FormSubmission).where(col(FormSubmission.id).in_(ids), col(FormSubmission.case_id).is_not(None))
        if not who.platform_admin:
            query = query.where(FormSubmission.tenant_id == who.tenant_id)
        found = {row.id: row for row in (await self.request.exec(query)).all()}
        return [found.get(id_) for id_ in ids]

    async def _form_values(self, submission_ids: Sequence[int]) -> list[list[FormSubmissionValue]]:
        """The sealed personal values of submissions already loaded through the access layer."""
        query = sa.select(FormSubmissionValue).where(col(FormSubmissionValue.submission_id).in_(submission_ids))
        grouped: dict[int, list[FormSubmissionValue]] = defaultdict(list)
        for (value,) in (await self.request.exec(query)).all():
            grouped[value.submission_id].append(value)
        return [grouped.get(id_, []) for id_ in submission_ids]

    async def _full_reads(self, reads: Sequence[FullRead]) -> list[bool]:
        """May the viewer have these full values? Checked, and the allowed ones audited, together
        (:func:`core.personal.authorize_full_reads`)."""
        return await authorize_full_reads(self.request.platform.sessions_for(self.request.who), self.request.who, reads)

    async def _children(self, parent_ids: Sequence[int]) -> list[list[Region]]:
        query = (
            visible(Region, self.request.who)
            .where(col(Region.parent_id).in_(parent_ids))
            .order_by(col(Region.position), col(Region.path))
        )
        grouped: dict[int | None, list[Region]] = defaultdict(list)
        for region in (await self.request.exec(query)).all():
            grouped[region.parent_id].append(region)
        return [grouped.get(id_, []) for id_ in parent_ids]

    async def _counts(self, regions: Sequence[Region]) -> list[Counts]:
        """Kept subtree sums where the viewer sees the whole subtree, live counts elsewhere
        (:func:`core.indicators.counts.subtree_counts`): one statement for a level's regions."""
        return await subtree_counts(self.request.exec, self.request.who, regions)

    async def _sums(self, keys: Sequence[SumsKey]) -> list[dict[str, float]]:
        """One statement per (tier, tenant, year, kind, measures, day, month) among the keys."""
        batches: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for key in keys:
            batches[_batch(key)].append(key.region_id)
        found: dict[tuple[Any, ...], dict[str, float]] = {}
        run = self.request.exec
        for batch, ids in batches.items():
            tier, _tenant_id, year, kind, measures, counts, as_of, month = batch
            if kind is None:  # the regions' rows of subtree sums
                for region_id, sums in (await subtree_sums(run, ids, set(measures), year, counts, as_of, month)).items():
                    found[(*batch, region_id)] = sums
                continue
            for group in await grouped(run, tier, ids, tier, set(measures), year, kind, counts, as_of, month):
                found[(*batch, group.region_id)] = group.sums
        return [found.get((*_batch(k), k.region_id), {}) for k in keys]

    async def _enabled(self, tenant_ids: Sequence[int]) -> list[set[str]]:
        """The plugins each tenant has enabled: as the request's policy snapshot holds them, else read."""
        policy = self.request.who.policy
        if policy is not None and policy.enabled is not None:
            return [set(policy.enabled.get(tenant_id, ())) for tenant_id in tenant_ids]
        found: dict[int, set[str]] = {tenant_id: set() for tenant_id in tenant_ids}
        for tenant_id, plugin in (await self.request.exec(enabled_in(tenant_ids))).all():
            found[tenant_id].add(plugin)
        return [found[tenant_id] for tenant_id in tenant_ids]

    async def _service_minutes(self, volunteer_ids: Sequence[int]) -> list[dict[int, int]]:
        """Minutes per year in the volunteer-hours ledger entries that count (none corrected) of each
        volunteer the viewer may read."""
        m = ServiceRecord
        rows = visible(m, self.request.who).where(col(m.volunteer_id).in_(volunteer_ids), hours.effective()).subquery()
        year_of = sa.cast(sa.extract("year", rows.c.served_on), sa.Integer)
        query = sa.select(rows.c.volunteer_id, year_of, sa.func.sum(rows.c.minutes)).group_by(
            rows.c.volunteer_id, year_of
        )
        found: dict[int, dict[int, int]] = defaultdict(dict)
        for volunteer_id, served_year, minutes in (await self.request.exec(query)).all():
            found[volunteer_id][int(served_year)] = int(minutes)
        return [found.get(id_, {}) for id_ in volunteer_ids]

    async def _members(self, organization_ids: Sequence[int]) -> list[list[tuple[OrganizationMember, User]]]:
        """The members (with their users) of organizations already loaded through the access layer."""
        async with self.request.lock:
            rows = await memberships.members_of(self.request.session, list(organization_ids))
        grouped: dict[int, list[tuple[OrganizationMember, User]]] = defaultdict(list)
        for member, user in rows:
            grouped[member.organization_id].append((member, user))
        return [grouped.get(id_, []) for id_ in organization_ids]

    async def _sanctions(self, organization_ids: Sequence[int]) -> list[list[Sanction]]:
        """The sanctions of organizations already loaded through the access layer, newest first."""
        async with self.request.lock:
            rows = await memberships.sanctions_of(self.request.session, list(organization_ids))
        grouped: dict[int, list[Sanction]] = defaultdict(list)
        for row in rows:
            grouped[row.organization_id].append(row)
        return [grouped.get(id_, []) for id_ in organization_ids]

    async def _endings(self, keys: Sequence[tuple[str, int]]) -> list[RecordEnding | None]:
        """The latest ending of records already loaded through the access layer, by (resource, id)."""
        async with self.request.lock:
            found = await endings.latest(self.request.session, list(keys))
        return [found.get(key) for key in keys]

    async def _erasures(self, keys: Sequence[tuple[str, int]]) -> list[PersonalDataErasure | None]:
        """The erasure of records already loaded through the access layer, by (resource, id)."""
        async with self.request.lock:
            found = await erasure.erasures_of(self.request.session, list(keys))
        return [found.get(key) for key in keys]
