"""Per-request DataLoaders: nested lists and counts cost one statement per level, not per row."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import SQLModel, col
from strawberry.dataloader import DataLoader

from core.access.grants import visible
from core.models import (
    CommunityFund,
    FormSubmissionValue,
    Region,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
)
from core.tree.tiers import Tier
from core.web.graphql.indicators import load_enabled, load_sums

if TYPE_CHECKING:
    from core.web.graphql.context import Context

COUNTED: dict[str, type[SQLModel]] = {
    "social_organizations": SocialOrganization,
    "social_workers": SocialWorker,
    "volunteers": Volunteer,
    "volunteer_teams": VolunteerTeam,
    "community_funds": CommunityFund,
}
"""What ``Region.counts`` counts in a subtree, besides its communities."""


@dataclass(frozen=True)
class RegionKey:
    id: int
    tier: Tier


class Loaders:
    """Created for each request by the context getter; never shared between requests."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        self.children = DataLoader(self._children)
        self.counts = DataLoader(self._counts)
        self.indicator_sums = DataLoader(partial(load_sums, context))
        self.enabled_plugins = DataLoader(partial(load_enabled, context))
        self.form_values = DataLoader(self._form_values)
        self._by_id: dict[type[SQLModel], DataLoader[int, Any]] = {}

    def by_id(self, model: type[SQLModel]) -> DataLoader[int, Any]:
        """A loader of visible ``model`` rows by id (None where the principal may not see it)."""
        if model not in self._by_id:

            async def load(ids: Sequence[int]) -> list[Any]:
                query = visible(model, self.context.who).where(col(model.id).in_(ids))  # type: ignore[attr-defined]
                found = {row.id: row for row in (await self.context.exec(query)).all()}
                return [found.get(id_) for id_ in ids]

            self._by_id[model] = DataLoader(load)
        return self._by_id[model]

    async def _form_values(self, submission_ids: Sequence[int]) -> list[list[FormSubmissionValue]]:
        """The sealed personal values of submissions already loaded through the access layer."""
        query = sa.select(FormSubmissionValue).where(col(FormSubmissionValue.submission_id).in_(submission_ids))
        grouped: dict[int, list[FormSubmissionValue]] = defaultdict(list)
        for (value,) in (await self.context.exec(query)).all():
            grouped[value.submission_id].append(value)
        return [grouped.get(id_, []) for id_ in submission_ids]

    async def _children(self, parent_ids: Sequence[int]) -> list[list[Region]]:
        query = (
            visible(Region, self.context.who)
            .where(col(Region.parent_id).in_(parent_ids))
            .order_by(col(Region.position), col(Region.path))
        )
        grouped: dict[int, list[Region]] = defaultdict(list)
        for region in (await self.context.exec(query)).all():
            grouped[region.parent_id].append(region)  # type: ignore[index]
        return [grouped.get(id_, []) for id_ in parent_ids]

    async def _counts(self, keys: Sequence[RegionKey]) -> list[dict[str, int]]:
        """One UNION ALL statement per tier among the keys: counts grouped by ancestor column."""
        by_tier: dict[Tier, list[int]] = defaultdict(list)
        for key in keys:
            by_tier[key.tier].append(key.id)
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        principal = self.context.who
        for tier, ids in by_tier.items():
            group = getattr(Region, tier.column)
            parts = [
                visible(Region, principal)
                .where(group.in_(ids), Region.tier == Tier.COMMUNITY)
                .with_only_columns(sa.literal("communities").label("what"), group.label("rid"), sa.func.count())
                .group_by(group)
            ]
            for name, model in COUNTED.items():
                parts.append(
                    visible(model, principal)
                    .where(group.in_(ids))
                    .with_only_columns(sa.literal(name).label("what"), group.label("rid"), sa.func.count())
                    .group_by(group)
                )
            for what, rid, number in (await self.context.exec(sa.union_all(*parts))).all():
                counts[rid][what] = number
        return [counts.get(key.id, {}) for key in keys]
