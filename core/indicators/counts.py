"""``Region.counts``: how many communities, and records of each element not ended, lie in a subtree.

A count means what the summaries' measure of the same name means (:mod:`core.models.summary`):
the community regions of the subtree, and the element rows whose ``valid_to`` is null (a record
no longer counts from the day it ended, :mod:`core.models.dated`), of any registration or kind.

Where the viewer may read that kind of row everywhere in a region's subtree
(:meth:`~core.access.grants.Principal.sees_subtree`), the count is read from the region's
``subtree_summary`` row (:func:`kept`): one statement for any number of regions. Elsewhere the
rows the viewer may read are counted live (:func:`live`), through the filter every list goes
through (:func:`~core.access.grants.visible`): one statement per tier among those regions. Where
both apply they give the same number (``tests/graphql/test_counts.py`` recomputes one with the
other), so what a viewer sees never depends on the path taken.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import SQLModel, col

from core.access.grants import Principal, resource_of, visible
from core.indicators.rollup import Exec
from core.models import CommunityFund, Region, SocialOrganization, SocialWorker, Volunteer, VolunteerTeam
from core.models.base import stored_id
from core.models.summary import subtree_summary
from core.tree.tiers import Tier

COUNTED: dict[str, type[SQLModel]] = {
    "communities": Region,
    "social_organizations": SocialOrganization,
    "social_workers": SocialWorker,
    "volunteers": Volunteer,
    "volunteer_teams": VolunteerTeam,
    "community_funds": CommunityFund,
}
"""What is counted, by the name of its measure (a column of ``subtree_summary``): the community
regions, and the rows of each element table."""

Counts = dict[str, int]


RESOURCES = {name: resource_of(model) for name, model in COUNTED.items()}
"""The resource a viewer needs the read permission on, by count."""


async def subtree_counts(run: Exec, principal: Principal, regions: Sequence[Region]) -> list[Counts]:
    """Every count of :data:`COUNTED` in the subtree of each region, as ``principal`` may see it: kept
    sums where it sees the whole subtree, live counts of what it may read elsewhere."""
    whole: dict[int, set[str]] = {}
    partial: dict[str, list[Region]] = defaultdict(list)
    for region in regions:
        if principal.platform_admin:
            whole[stored_id(region)] = set(COUNTED)
            continue
        seen = {name for name, resource in RESOURCES.items() if principal.sees_subtree(resource, "read", region)}
        if seen:
            whole[stored_id(region)] = seen
        for name in COUNTED:
            if name not in seen:
                partial[name].append(region)
    found = await kept(run, list(whole))
    counted = await live(run, principal, partial)
    out = []
    for region in regions:
        id_ = stored_id(region)
        seen = whole.get(id_, set())
        sums, numbers = found.get(id_, {}), counted.get(id_, {})
        out.append({name: (sums if name in seen else numbers).get(name, 0) for name in COUNTED})
    return out


async def kept(run: Exec, ids: Sequence[int]) -> dict[int, Counts]:
    """Every count of :data:`COUNTED` over the whole subtree of each region ``ids``, from its
    ``subtree_summary`` row of what exists now: one statement."""
    if not ids:
        return {}
    s = subtree_summary
    statement = sa.select(s.c.region_id, *(s.c[name] for name in COUNTED)).where(
        s.c.region_id.in_(sorted(set(ids))), s.c.year == 0)
    names = tuple(COUNTED)
    return {region_id: dict(zip(names, map(int, numbers), strict=True))
            for region_id, *numbers in (await run(statement)).all()}


async def live(run: Exec, principal: Principal, wanted: dict[str, list[Region]]) -> dict[int, Counts]:
    """The counts named in ``wanted`` (name: regions), of the rows ``principal`` may read in each
    region's subtree: one ``UNION ALL`` statement per tier among the regions, grouped by the ancestor
    column of that tier."""
    by_tier: dict[Tier, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for name, regions in wanted.items():
        for region in regions:
            by_tier[region.tier][name].append(stored_id(region))
    out: dict[int, Counts] = defaultdict(dict)
    for tier, names in by_tier.items():
        group = getattr(Region, tier.column)
        parts = []
        for name, ids in names.items():
            model = COUNTED[name]
            counted = Region.tier == Tier.COMMUNITY if model is Region else col(model.valid_to).is_(None)  # type: ignore[attr-defined]
            parts.append(
                visible(model, principal).where(group.in_(sorted(set(ids))), counted)
                .with_only_columns(sa.literal(name).label("what"), group.label("rid"), sa.func.count())
                .group_by(group)
            )
        for what, rid, number in (await run(sa.union_all(*parts))).all():
            out[rid][what] = int(number)
    return out
