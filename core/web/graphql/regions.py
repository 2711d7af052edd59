"""The tier tree maintained through GraphQL: a region's facts changed by its office, regions added
below one's own and moved, and the attributes a region may carry.

The work (permissions by tier, validation, audit) is :mod:`core.services.regions`'; these fields
only translate the input.
"""

from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.access.grants import region_at
from core.plugins.declarations import GraphQLDecl, RegionAttributeDecl
from core.services import regions
from core.tree.tiers import Tier as CoreTier
from core.web.graphql import enums, types
from core.web.graphql.context import Info
from core.web.graphql.inputs import as_data
from core.web.graphql.payloads import Payload, mutate


@strawberry.input(description="The facts of a region to change; those left out stay as they are, null clears one.")
class RegionFactsInput:
    name: str | None = strawberry.UNSET
    division_code: str | None = strawberry.field(default=strawberry.UNSET, description="GB/T 2260 行政区划代码")
    kind: enums.CommunityKind | None = strawberry.field(default=strawberry.UNSET, description="communities only")
    resident_population: int | None = strawberry.field(default=strawberry.UNSET, description="常住人口")
    urban_population: int | None = strawberry.field(default=strawberry.UNSET, description="城镇人口, at most the resident population")
    population_year: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="the census or statistics year of the populations (七普: 2020), 1950 to this year; "
        "required with a population change once a year is stored",
    )
    attributes: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="declared attributes to set, e.g. {creation_point: true}; a key with null removes it",
    )


@strawberry.type(description="An attribute a region may carry, as a plugin declared it (register_region_attributes).")
class RegionAttribute:
    key: str
    label: str
    kind: str = strawberry.field(description="bool, int, text or date (ISO text)")
    tiers: list[enums.Tier]
    allowed: list[JSON] = strawberry.field(description="the only values it takes; empty: any of its kind")
    minimum: str | None
    maximum: str | None
    source: str
    plugin: str

    @classmethod
    def of(cls, plugin: str, decl: RegionAttributeDecl) -> "RegionAttribute":
        return cls(
            key=decl.key, label=decl.label, kind=decl.kind, tiers=list(decl.tiers),
            allowed=[JSON(v) for v in decl.allowed],
            minimum=None if decl.minimum is None else str(decl.minimum),
            maximum=None if decl.maximum is None else str(decl.maximum),
            source=decl.source, plugin=plugin,
        )


@strawberry.type
class RegionQuery:
    @strawberry.field(description="The attributes the region at a path may carry (declared for its place and tier).")
    async def region_attributes(self, info: Info, path: str) -> list[RegionAttribute]:
        async with info.context.lock:
            region = await region_at(info.context.session, path, info.context.who, field="path")
        declared = info.context.platform.registry.attributes_at(region.path)
        return [RegionAttribute.of(d.plugin, d.item) for _, d in sorted(declared.items()) if d.item.applies_to(region.tier)]


@strawberry.type
class RegionMutation:
    @strawberry.mutation(description="Change the facts of a region: populations and their year, kind, name, division "
                                     "code, attributes (needs region:update at the region or above it; audited).")
    async def update_region(self, info: Info, path: str, input: RegionFactsInput) -> Payload[types.Region]:
        async def work() -> Any:
            return await regions.update_facts(info.context.session, info.context.who, path, as_data(input),
                                              registry=info.context.platform.registry)

        return await mutate(info, work, types.Region.of)

    @strawberry.mutation(description="Add a region under a parent (needs region:create for a region of its tier "
                                     "there, held at the parent or above it; audited).")
    async def add_region(
        self,
        info: Info,
        parent: str,
        code: str,
        name: str,
        tier: enums.Tier,
        kind: enums.CommunityKind | None = None,
        resident_population: int | None = None,
        urban_population: int | None = None,
        population_year: int | None = None,
        division_code: str | None = None,
        attributes: JSON | None = None,
    ) -> Payload[types.Region]:
        data = {"code": code, "name": name, "tier": CoreTier(tier), "kind": kind,
                "resident_population": resident_population, "urban_population": urban_population,
                "population_year": population_year, "division_code": division_code, "attributes": attributes}

        async def work() -> Any:
            return await regions.add(info.context.session, info.context.who, parent, data,
                                     registry=info.context.platform.registry)

        return await mutate(info, work, types.Region.of)

    @strawberry.mutation(description="Move a region and its subtree under another parent (region:update on it, "
                                     "region:create for a region of its tier under the new parent; audited).")
    async def move_region(self, info: Info, path: str, new_parent: str) -> Payload[types.Region]:
        return await mutate(info, lambda: regions.move(info.context.session, info.context.who, path, new_parent), types.Region.of)


PART = GraphQLDecl(query=RegionQuery, mutation=RegionMutation)
