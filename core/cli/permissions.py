"""Administering permissions from the shell: roles, their permissions, assignments, decisions, audit.

The operator acts as the platform administrator; the audit log records them as ``cli:<login>``.
"""

import json
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.vocabulary import PolicyLine
from core.cli.base import DatabaseOption, app, current_operator, in_transaction, installed_registry, operator, out
from core.errors import FieldError
from core.models import AuditEvent, Role, RoleAssignment
from core.platform import Platform
from core.services import administration as admin
from core.tree.tiers import Tier

role_app = typer.Typer(help="List, add and change roles and their permissions.", no_args_is_help=True)
app.add_typer(role_app, name="role")

TenantOption = Annotated[str, typer.Option("--tenant", "-t", help="the tenant's code (its root region)")]


@role_app.command("list")
def role_list(tenant: TenantOption, database: DatabaseOption = None) -> None:
    """The tenant's roles with their tier, origin and permissions."""

    async def work(platform: Platform, session: AsyncSession) -> list[tuple[Role, list[PolicyLine]]]:
        return await admin.roles_of_tenant(session, await current_operator(platform, session), tenant)

    table = Table("code", "label", "tier", "origin", "permissions")
    for column in table.columns:
        column.overflow = "fold"
    for role, lines in in_transaction(database, work):
        table.add_row(role.code, role.label, role.tier.value, role.origin, ", ".join(x.notation() for x in lines))
    out.print(table)


@role_app.command("resources")
def role_resources(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """The resources and actions a role's permissions may name: the core's and every installed plugin's."""
    rows = [(d.item.resource, d.item.actions, d.plugin) for d in installed_registry().permissions]
    if as_json:
        print(json.dumps([{"resource": r, "actions": list(a), "declared_by": p} for r, a, p in rows], ensure_ascii=False))
        return
    table = Table("resource", "actions", "declared by")
    table.columns[0].no_wrap = True
    table.columns[1].overflow = "fold"
    for resource, actions, plugin in rows:
        table.add_row(resource, ", ".join(actions), plugin)
    out.print(table)


@role_app.command("add")
def role_add(
    code: Annotated[str, typer.Argument(help="snake_case, unique in the tenant")],
    tenant: TenantOption,
    label: Annotated[str, typer.Option(help="the Chinese name")],
    tier: Annotated[str, typer.Option(help="province, city, district, street or community")],
    permission: Annotated[list[str], typer.Option("--permission", "-p", help="resource:action[@tier,...]; repeat")] = [],  # noqa: B006
    emergency_powers: Annotated[bool, typer.Option(help="dispatches everything in its area during an emergency")] = False,
    database: DatabaseOption = None,
) -> None:
    """Add a role of the tenant's own."""

    async def work(platform: Platform, session: AsyncSession) -> Role:
        try:
            level = Tier(tier)
        except ValueError:
            raise FieldError("tier", f"{tier!r} is not a tier") from None
        return await admin.create_role(session, await current_operator(platform, session), tenant=tenant, code=code,
                                       label=label, tier=level, permissions=permission,
                                       vocabulary=platform.registry.vocabulary(), emergency_powers=emergency_powers)

    in_transaction(database, work)
    out.print(f"role {code} added to {tenant}", highlight=False)


def _change(role: str, permission: str, tenant: str, database: str | None, *, add: bool) -> None:
    async def work(platform: Platform, session: AsyncSession) -> list[PolicyLine]:
        return await admin.change_permission(session, await current_operator(platform, session), tenant=tenant, role=role,
                                             permission=permission, add=add, vocabulary=platform.registry.vocabulary())

    lines = in_transaction(database, work)
    out.print(f"{role}: {', '.join(x.notation() for x in lines) or '(no permissions)'}", highlight=False)


@role_app.command("grant")
def role_grant(
    role: Annotated[str, typer.Argument(help="the role's code")],
    permission: Annotated[str, typer.Argument(help="resource:action, optionally @tier,tier")],
    tenant: TenantOption,
    database: DatabaseOption = None,
) -> None:
    """Give a role one more permission; every worker applies it on its next request."""
    _change(role, permission, tenant, database, add=True)


@role_app.command("withdraw")
def role_withdraw(
    role: Annotated[str, typer.Argument(help="the role's code")],
    permission: Annotated[str, typer.Argument(help="resource:action, optionally @tier,tier")],
    tenant: TenantOption,
    database: DatabaseOption = None,
) -> None:
    """Take one permission away from a role."""
    _change(role, permission, tenant, database, add=False)


@app.command()
def assign(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="the role's code")],
    region: Annotated[str, typer.Argument(help="the region's path; the role covers its subtree")],
    database: DatabaseOption = None,
) -> None:
    """Give USERNAME the ROLE at REGION."""

    async def work(platform: Platform, session: AsyncSession) -> RoleAssignment:
        return await admin.assign(session, await current_operator(platform, session), username=username, role=role, region=region)

    in_transaction(database, work)
    out.print(f"{username} holds {role} at {region}", highlight=False)


@app.command()
def unassign(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="the role's code")],
    region: Annotated[str, typer.Argument(help="the region's path")],
    database: DatabaseOption = None,
) -> None:
    """Take the ROLE held at REGION away from USERNAME."""

    async def work(platform: Platform, session: AsyncSession) -> None:
        await admin.revoke(session, await current_operator(platform, session), username=username, role=role, region=region)

    in_transaction(database, work)
    out.print(f"{username} no longer holds {role} at {region}", highlight=False)


@app.command()
def permissions(
    username: Annotated[str, typer.Argument()],
    region: Annotated[str, typer.Argument(help="the region's path")],
    database: DatabaseOption = None,
) -> None:
    """What USERNAME may do on things at REGION (resource:action, one a line)."""

    async def work(platform: Platform, session: AsyncSession) -> list[str]:
        policy = await platform.policies.current(session)
        return await admin.effective_permissions(session, operator(policy), policy, username=username, region=region)

    for line in in_transaction(database, work):
        print(line)


@app.command()
def explain(
    username: Annotated[str, typer.Argument()],
    resource: Annotated[str, typer.Argument(help="e.g. volunteer")],
    action: Annotated[str, typer.Argument(help="e.g. read")],
    region: Annotated[str, typer.Argument(help="the region's path")],
    database: DatabaseOption = None,
) -> None:
    """Why may (or may not) USERNAME do ACTION on RESOURCE at REGION: the assignments and policy lines."""

    async def work(platform: Platform, session: AsyncSession) -> admin.Decision:
        policy = await platform.policies.current(session)
        return await admin.explain(session, operator(policy), policy, username=username, resource=resource, action=action,
                                   region=region)

    decision = in_transaction(database, work)
    out.print(("allowed: " if decision.allowed else "denied: ") + decision.reason, highlight=False)
    for line in [*decision.assignments, *decision.policy_lines, *decision.roles]:
        out.print(f"  {line}", highlight=False)


@app.command()
def audit(
    tenant: TenantOption,
    action: Annotated[str | None, typer.Option(help="only actions starting with this, e.g. role.")] = None,
    limit: Annotated[int, typer.Option(help="the newest N events")] = 50,
    database: DatabaseOption = None,
) -> None:
    """The newest events of a tenant's audit log, as JSON lines (oldest first)."""

    async def work(platform: Platform, session: AsyncSession) -> list[AuditEvent]:
        tenant_row, _ = await admin.tenant_root(session, await current_operator(platform, session), tenant)
        query = select(AuditEvent).where(AuditEvent.tenant_id == tenant_row.id)
        if action:
            query = query.where(col(AuditEvent.action).startswith(action))
        rows = (await session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit))).all()
        return list(reversed(rows))

    for event in in_transaction(database, work):
        print(json.dumps({"at": event.at.isoformat(), "actor": event.actor, "action": event.action,
                          "target": event.target, "before": event.before, "after": event.after}, ensure_ascii=False))
