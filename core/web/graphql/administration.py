"""Administration through GraphQL: roles and their permissions, assignments, decisions, audit."""

import datetime as dt
from typing import Any

import strawberry
from sqlmodel import col, select
from strawberry.scalars import JSON

from core import models
from core.access.grants import Principal, require
from core.access.policy import Policy
from core.plugins.declarations import GraphQLDecl
from core.services import administration as admin
from core.tree.tiers import Tier as CoreTier
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node, id_of


@strawberry.type(description="A role of a tenant and its policy lines (resource:action, @tier when limited).")
class Role:
    code: str
    label: str
    tier: enums.Tier
    origin: str = strawberry.field(description="the plugin that declared it, 'core', or 'tenant'")
    source: str | None
    permissions: list[str]
    emergency_powers: bool = strawberry.field(description="dispatches everything in its area during an emergency")


@strawberry.type(description="A decision explained: the assignments and Casbin policy lines that made it.")
class Decision:
    allowed: bool
    reason: str
    assignments: list[str]
    policy_lines: list[str]
    roles: list[str] = strawberry.field(
        description="the roles of the assignments: code, label and the clauses of the document they rest on")


@strawberry.type(description="One entry of the append-only audit log.")
class AuditEvent(Node):
    at: dt.datetime
    actor: str
    action: str
    target: str
    before: JSON | None
    after: JSON | None

    @classmethod
    def of(cls, row: models.AuditEvent) -> "AuditEvent":
        return cls(id=id_of(cls, row), at=row.at, actor=row.actor, action=row.action,
                   target=row.target, before=JSON(row.before), after=JSON(row.after))


@strawberry.type(description="A role held by a user at a region.")
class RoleAssignment:
    username: str
    role: str
    region: str


def _policy(who: Principal) -> Policy:
    """The policy the principal was loaded with (every signed-in principal has one)."""
    if who.policy is None:
        raise RuntimeError(f"the principal {who.username!r} was loaded without a policy")
    return who.policy


def _role(pair: tuple[models.Role, list[Any]]) -> Role:
    row, lines = pair
    return Role(code=row.code, label=row.label, tier=row.tier, origin=row.origin, source=row.source,
                permissions=[line.notation() for line in lines], emergency_powers=row.emergency_powers)


@strawberry.type
class AdministrationQuery:
    @strawberry.field(description="The roles of a tenant (yours, or the one named if you administer the platform).")
    async def roles(self, info: Info, tenant: str | None = None) -> list[Role]:
        async with info.context.lock:
            return [_role(pair) for pair in await admin.roles_of_tenant(info.context.session, info.context.who, tenant)]

    @strawberry.field(description="What a user may do on things at a region: resource:action pairs.")
    async def effective_permissions(self, info: Info, username: str, region: str) -> list[str]:
        who = info.context.who
        async with info.context.lock:
            return await admin.effective_permissions(info.context.session, who, _policy(who), username=username, region=region)

    @strawberry.field(description="Why may (or may not) a user do an action on a resource at a region.")
    async def explain(self, info: Info, username: str, resource: str, action: str, region: str) -> Decision:
        who = info.context.who
        async with info.context.lock:
            d = await admin.explain(info.context.session, who, _policy(who), username=username, resource=resource,
                                    action=action, region=region)
        return Decision(allowed=d.allowed, reason=d.reason, assignments=d.assignments, policy_lines=d.policy_lines,
                        roles=d.roles)

    @strawberry.field(description="The audit log of a tenant, newest last; needs audit:read at the tenant root.")
    async def audit_events(
        self, info: Info, tenant: str | None = None, action: str | None = None,
        first: int = 50, after: str | None = None,
    ) -> Connection[AuditEvent]:
        who = info.context.who
        async with info.context.lock:
            tenant_row, root = await admin.tenant_root(info.context.session, who, tenant)
            require(who, "audit", "read", root, field="tenant")
        query = select(models.AuditEvent).where(models.AuditEvent.tenant_id == tenant_row.id)
        if action:
            query = query.where(col(models.AuditEvent.action).startswith(action))
        return await paginate(info, query, models.AuditEvent, AuditEvent.of, first=first, after=after)


@strawberry.type
class AdministrationMutation:
    @strawberry.mutation(description="Add a role of the tenant's own; you must hold every permission it grants.")
    async def create_role(
        self, info: Info, code: str, label: str, tier: enums.Tier, permissions: list[str],
        tenant: str | None = None, emergency_powers: bool = False,
    ) -> Payload[Role]:
        async def work() -> Any:
            row = await admin.create_role(info.context.session, info.context.who, tenant=tenant, code=code,
                                          label=label, tier=CoreTier(tier), permissions=permissions,
                                          vocabulary=info.context.platform.registry.vocabulary(),
                                          emergency_powers=emergency_powers)
            return (row, await admin.role_lines(info.context.session, row))

        return await mutate(info, work, _role)

    @strawberry.mutation(description="Give a role one more permission (resource:action, optionally @tier,tier).")
    async def add_role_permission(
        self, info: Info, role: str, permission: str, tenant: str | None = None
    ) -> Payload[Role]:
        return await _change(info, role, permission, tenant, add=True)

    @strawberry.mutation(description="Take one permission away from a role.")
    async def remove_role_permission(
        self, info: Info, role: str, permission: str, tenant: str | None = None
    ) -> Payload[Role]:
        return await _change(info, role, permission, tenant, add=False)

    @strawberry.mutation(description="Give a user a role at a region; it covers the region's subtree.")
    async def assign_role(self, info: Info, username: str, role: str, region: str) -> Payload[RoleAssignment]:
        async def work() -> Any:
            await admin.assign(info.context.session, info.context.who, username=username, role=role, region=region)
            return RoleAssignment(username=username, role=role, region=region)

        return await mutate(info, work, lambda x: x)

    @strawberry.mutation(description="Take a role held at a region away from a user.")
    async def revoke_role(self, info: Info, username: str, role: str, region: str) -> Payload[RoleAssignment]:
        async def work() -> Any:
            await admin.revoke(info.context.session, info.context.who, username=username, role=role, region=region)
            return RoleAssignment(username=username, role=role, region=region)

        return await mutate(info, work, lambda x: x)


async def _change(info: Info, role: str, permission: str, tenant: str | None, *, add: bool) -> Payload[Role]:
    async def work() -> Any:
        session, who = info.context.session, info.context.who
        await admin.change_permission(session, who, tenant=tenant, role=role, permission=permission, add=add,
                                      vocabulary=info.context.platform.registry.vocabulary())
        tenant_row, _ = await admin.tenant_root(session, who, tenant)
        row = await admin.role_named(session, tenant_row, role)
        return (row, await admin.role_lines(session, row))

    return await mutate(info, work, _role)


PART = GraphQLDecl(query=AdministrationQuery, mutation=AdministrationMutation)
