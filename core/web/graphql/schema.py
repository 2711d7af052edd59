"""The core's own root fields (regions, tenants, the viewer, the elements), and the schema
assembled from every domain module's part and the plugins' contributions."""

from typing import Any

import strawberry
from sqlmodel import col, select
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from core import models
from core.access.grants import region_at, visible
from core.errors import StartupError
from core.plugins.declarations import GraphQLDecl
from core.plugins.registry import Declared, Registry
from core.services import elements, memberships
from core.web.graphql import (
    accounts,
    administration,
    calendar,
    cases,
    certificates,
    credits,
    documents,
    emergency,
    endings,
    funds,
    inbox,
    indicators,
    inputs,
    lean,
    lists,
    nodes,
    scalars,
    service,
    subscriptions,
    types,
)
from core.web.graphql import memberships as organization_members
from core.web.graphql import regions as region_maintenance
from core.web.graphql.context import Info
from core.web.graphql.errors import FieldErrors, Schema
from core.web.graphql.fields import create_mutation, node, update_mutation
from core.web.graphql.inputs import as_data
from core.web.graphql.payloads import Payload, mutate, nullable_fields
from core.web.graphql.text import Clean, StorableText


@strawberry.type
class PluginInfo:
    name: str
    version: str
    scope: str | None
    hooks: list[str]


@strawberry.type
class Tenant:
    code: str
    name: str
    root: types.Region | None
    plugins: list[str]


@strawberry.type
class HeldRole:
    role: str
    region: str = strawberry.field(description="the path of the region the role is held at")


@strawberry.type
class Viewer:
    username: str
    platform_admin: bool
    roles: list[HeldRole]

    @strawberry.field(description="The social organizations the viewer acts for.")
    async def organizations(self, info: Info) -> list[types.SocialOrganization]:
        user_id = info.context.who.user_id
        if user_id is None:
            return []
        async with info.context.lock:
            rows = await memberships.organizations_of_user(info.context.session, user_id)
        return [types.SocialOrganization.of(row) for row in rows]


@strawberry.type
class Query:
    @strawberry.field(description="The region at a path such as shanhai/donghu/xiyuan (codes from the tenant root).")
    async def region(self, info: Info, path: str) -> types.Region | None:
        async with info.context.lock:
            return types.Region.of(await region_at(info.context.session, path, info.context.who, field="path"))

    @strawberry.field(description="The tenants the viewer may see, with their root regions.")
    async def tenants(self, info: Info) -> list[Tenant]:
        roots = (await info.context.exec(visible(models.Region, info.context.who).where(col(models.Region.parent_id).is_(None)))).all()
        codes = {r.code: r for r in roots}
        rows = (await info.context.exec(select(models.Tenant).where(col(models.Tenant.code).in_(codes)).order_by(models.Tenant.code))).all()
        enabled = (await info.context.exec(select(models.TenantPlugin).where(models.TenantPlugin.enabled == True))).all()  # noqa: E712
        return [
            Tenant(code=t.code, name=t.name, root=types.Region.of(codes[t.code]),
                   plugins=sorted(p.plugin for p in enabled if p.tenant_id == t.id))
            for t in rows
        ]

    @strawberry.field(description="Who the viewer is.")
    def me(self, info: Info) -> Viewer:
        who = info.context.who
        return Viewer(
            username=who.username,
            platform_admin=who.platform_admin,
            roles=[HeldRole(role=a.role, region=a.path) for a in who.assignments],
        )

    @strawberry.field(description="The installed plugins: version, scope and the hooks each implements.")
    def plugins(self, info: Info) -> list[PluginInfo]:
        return [PluginInfo(name=p.name, version=p.version, scope=p.scope, hooks=list(p.hooks))
                for p in info.context.platform.registry.plugins.values()]

    social_organization = node(models.SocialOrganization, types.SocialOrganization)
    social_worker = node(models.SocialWorker, types.SocialWorker)
    volunteer = node(models.Volunteer, types.Volunteer)
    volunteer_team = node(models.VolunteerTeam, types.VolunteerTeam)
    community_fund = node(models.CommunityFund, types.CommunityFund)
    donation = node(models.Donation, types.Donation)


@strawberry.type
class Mutation:
    create_social_organization = create_mutation(elements.ORGANIZATION, inputs.SocialOrganizationInput, types.SocialOrganization)
    update_social_organization = update_mutation(elements.ORGANIZATION, inputs.SocialOrganizationPatch, types.SocialOrganization)
    create_social_worker = create_mutation(elements.WORKER, inputs.SocialWorkerInput, types.SocialWorker)
    update_social_worker = update_mutation(elements.WORKER, inputs.SocialWorkerPatch, types.SocialWorker)
    create_volunteer_team = create_mutation(elements.TEAM, inputs.VolunteerTeamInput, types.VolunteerTeam)
    update_volunteer_team = update_mutation(elements.TEAM, inputs.VolunteerTeamPatch, types.VolunteerTeam)
    create_volunteer = create_mutation(elements.VOLUNTEER, inputs.VolunteerInput, types.Volunteer)
    update_volunteer = update_mutation(elements.VOLUNTEER, inputs.VolunteerPatch, types.Volunteer)
    create_community_fund = create_mutation(elements.FUND, inputs.CommunityFundInput, types.CommunityFund)
    update_community_fund = update_mutation(elements.FUND, inputs.CommunityFundPatch, types.CommunityFund)

    @strawberry.mutation(description="Create or change the profile of a community.")
    async def set_community_profile(
        self, info: Info, region: str, input: inputs.CommunityProfilePatch
    ) -> Payload[types.CommunityProfile]:
        return await mutate(
            info,
            lambda: elements.set_community_profile(info.context.session, info.context.who, region, as_data(input)),
            types.CommunityProfile.of,
        )


def core_parts() -> list[Declared[GraphQLDecl]]:
    """The core's own root types, one module per domain, merged like a plugin's."""
    parts = [GraphQLDecl(query=Query, mutation=Mutation), administration.PART, accounts.PART, emergency.PART,
             documents.PART, indicators.PART, service.PART, certificates.PART, cases.PART, funds.PART, credits.PART]
    parts += [organization_members.PART, calendar.PART, inbox.PART, region_maintenance.PART, endings.PART, nodes.PART,
              lists.PART]
    return [Declared("core", part) for part in parts]


def build_schema(registry: Registry, *, extensions: list[Any] | None = None) -> Schema:
    """The core schema plus every plugin's Query and Mutation fields (a clash is a StartupError),
    served with ``extensions`` (factories, one extension per request) and a configuration of its
    own: the GraphQL types are converted once per process for the same contributions
    (:func:`converted`), the rest is the caller's alone, so two apps of one process with other
    settings keep their own limits, masking and batching."""
    clean = Clean()  # the operations found clean, for this schema's life
    return converted(registry).served_with([FieldErrors, lambda: StorableText(clean), *(extensions or [])])


CONVERTED_KEPT = 8
"""How many converted schemas a process keeps (one, serving; a test process sees a few sets of plugins)."""
_converted: dict[tuple[Any, ...], Schema] = {}


def converted(registry: Registry) -> Schema:
    """:func:`convert` of ``registry``, made once per process for the same contributions: the
    plugins that made them and their types (the classes themselves, kept alive by the key), the
    only inputs of the conversion. Strawberry's conversion of ~1,000 types took 0.15-0.25 s of
    every app (2026-12-06: ~2,000 apps in the test suite); the result is never changed once built
    (:meth:`Schema.served_with` copies what an app changes)."""
    key = tuple((d.plugin, d.item.query, d.item.mutation, d.item.types) for d in registry.graphql)
    schema = _converted.pop(key, None)
    if schema is None:
        schema = convert(registry)
    _converted[key] = schema  # the most recently used last
    while len(_converted) > CONVERTED_KEPT:
        del _converted[next(iter(_converted))]
    return schema


def convert(registry: Registry) -> Schema:
    """The core schema plus every plugin's Query and Mutation fields, converted to GraphQL's types,
    without extensions; a clash is a StartupError."""
    queries: list[type] = []
    mutations: list[type] = []
    extra_types: list[type] = []
    owners: dict[tuple[str, str], str] = {}
    for declared in [*core_parts(), *registry.graphql]:
        for root, contributed, bucket in (("Query", declared.item.query, queries), ("Mutation", declared.item.mutation, mutations)):
            if contributed is None:
                continue
            definition = getattr(contributed, "__strawberry_definition__", None)
            if definition is None:
                raise StartupError(f"plugin {declared.plugin!r}: register_graphql: {root.lower()} is not a strawberry type")
            for field in definition.fields:
                owner = owners.setdefault((root, field.name), declared.plugin)
                if owner != declared.plugin:
                    raise StartupError(
                        f"plugin {declared.plugin!r}: register_graphql: {root}.{field.name} is already defined by {owner!r}"
                    )
            bucket.append(contributed)
        extra_types.extend(declared.item.types)
    query = merge_types("Query", tuple(queries))
    mutation = nullable_fields(merge_types("Mutation", tuple(mutations)))
    schema = Schema(
        query=query, mutation=mutation, subscription=subscriptions.Subscription, types=extra_types,
        config=StrawberryConfig(scalar_map=scalars.SCALARS),
    )
    schema.plugin_fields = plugin_fields(schema, owners)
    lean.resolvers(schema)
    return schema


def plugin_fields(schema: strawberry.Schema, owners: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The root fields the plugins declared, by their GraphQL names (``("Query", "xiamenMatching")``),
    each with the plugin that declared it; the core's own fields are left out."""
    out = {}
    for root, type_ in (("Query", schema.query), ("Mutation", schema.mutation)):
        definition = getattr(type_, "__strawberry_definition__", None)
        for field in definition.fields if definition else ():
            owner = owners.get((root, field.name))
            if owner is not None and owner != "core":
                out[(root, schema.config.name_converter.get_graphql_name(field))] = owner
    return out


def sdl(registry: Registry) -> str:
    """The schema of the core and ``registry``'s plugins as SDL, what ``wushe schema`` prints and
    ``schema/schema.graphql`` holds (docs/clients.md): the contract clients generate code from."""
    return build_schema(registry).as_str() + "\n"
