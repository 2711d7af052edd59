"""Writing declared roles into each tenant at ``wushe init``.

Each tenant gets the core role ``tenant_admin`` (held at its root, every core permission) and the
roles its plugins declare. A role's permissions are written when the role is first created;
afterwards they belong to the tenant, which may change them at run time, so a later ``init``
adds new roles but never overwrites what an administrator changed.
"""


from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.policy import bump_version
from core.access.vocabulary import PolicyLine, every_core_permission, parse_permission
from core.models import Region, Role, RolePermission, Tenant
from core.models.base import stored_id
from core.plugins.declarations import RoleDecl
from core.plugins.registry import Registry

TENANT_ADMIN = "tenant_admin"


def tenant_admin_role(root: Region) -> RoleDecl:
    lines = every_core_permission()
    return RoleDecl(
        code=TENANT_ADMIN,
        label="租户管理员",
        tier=root.tier,
        permissions=tuple(line.notation() for line in lines),
        source="wushe core",
    )


def lines_of(decl: RoleDecl) -> list[PolicyLine]:
    return sorted({line for permission in decl.permissions for line in parse_permission(permission)})


async def seed_roles(session: AsyncSession, registry: Registry, tenants: dict[str, Tenant]) -> int:
    """Create missing roles (with their permissions) for every tenant; returns how many."""
    existing = {(r.tenant_id, r.code) for r in (await session.exec(select(Role))).all()}
    roots = {
        r.code: r
        for r in (await session.exec(select(Region).where(Region.parent_id == None))).all()  # noqa: E711
    }
    wanted: list[tuple[Tenant, RoleDecl, str]] = []
    for code, tenant in tenants.items():
        if code in roots:
            wanted.append((tenant, tenant_admin_role(roots[code]), "core"))
    for declared in registry.roles:
        owner = tenants.get(registry.plugins[declared.plugin].tenant_code or "")
        if owner is not None:
            wanted.append((owner, declared.item, declared.plugin))
    added = 0
    for tenant, decl, origin in wanted:
        if (stored_id(tenant), decl.code) in existing:
            continue
        await add_role(session, tenant, decl, origin)
        existing.add((stored_id(tenant), decl.code))
        added += 1
    if added:
        await bump_version(session)
    return added


async def add_role(session: AsyncSession, tenant: Tenant, decl: RoleDecl, origin: str) -> Role:
    role = Role(
        tenant_id=stored_id(tenant),
        code=decl.code,
        label=decl.label,
        tier=decl.tier,
        origin=origin,
        emergency_powers=decl.emergency_powers,
        source=decl.source,
    )
    session.add(role)
    for line in lines_of(decl):
        session.add(
            RolePermission(
                tenant_id=stored_id(tenant),
                role_code=decl.code,
                tier=line.tier,
                resource=line.resource,
                action=line.action,
            )
        )
    await session.flush()
    return role
