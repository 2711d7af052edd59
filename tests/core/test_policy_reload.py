"""Policy reloads while decisions are being made never give a decision from a half-loaded policy."""

import asyncio

import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.access.grants import Assignment, Principal
from core.access.policy import bump_version
from core.models import Region, RolePermission, Tenant, TenantPlugin

PAIR = (("volunteer", "read"), ("volunteer", "update"))


async def test_two_lines_changed_together_are_seen_together(platform):
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
        root = (await session.exec(select(Region).where(Region.path == "panjin"))).one()
    held = (Assignment("tenant_admin", root.id, root.tier, root.path),)  # type: ignore[arg-type]
    seen: set[tuple[bool, bool]] = set()
    stop = asyncio.Event()

    async def flip() -> None:
        for _ in range(30):
            async with db.transaction(platform.sessions) as session:
                rows = (await session.exec(select(RolePermission).where(
                    RolePermission.tenant_id == tenant.id, RolePermission.role_code == "tenant_admin",
                    RolePermission.resource == "volunteer", RolePermission.action.in_(["read", "update"])))).all()  # type: ignore[attr-defined]
                if rows:
                    for row in rows:
                        await session.delete(row)
                else:
                    for resource, action in PAIR:
                        session.add(RolePermission(tenant_id=tenant.id, role_code="tenant_admin", tier="*",  # type: ignore[arg-type]
                                                   resource=resource, action=action))
                await session.flush()
                await bump_version(session)
            await asyncio.sleep(0)
        stop.set()

    async def decide() -> None:
        while not stop.is_set():
            async with platform.sessions() as session:
                policy = await platform.policies.current(session)
            who = Principal("probe", tenant_id=tenant.id, assignments=held, policy=policy)
            answer = tuple(who.may(resource, action, root) for resource, action in PAIR)
            seen.add(answer)
            assert answer[0] == answer[1], "a decision saw half of a change"
            await asyncio.sleep(0)

    await asyncio.gather(flip(), decide(), decide())
    assert seen == {(True, True), (False, False)}


async def test_the_policy_snapshot_holds_the_enabled_plugins_and_enabling_one_reloads_it(platform):
    """A request reads the tenants' enabled plugins from the policy's snapshot (no statement of its
    own), so enabling one (``wushe init`` after a plugin is installed) bumps the version, as a
    permission change does, and every worker reloads."""
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
        stored = {row.plugin for row in (await session.exec(
            select(TenantPlugin).where(TenantPlugin.tenant_id == tenant.id))).all()}
        before = await platform.policies.current(session)
    assert before.enabled is not None and before.enabled[tenant.id] == frozenset(stored) and "panjin" in stored
    async with db.transaction(platform.sessions) as session:  # as if the plugin were newly installed
        await session.exec(sa.delete(TenantPlugin).where(TenantPlugin.tenant_id == tenant.id,
                                                         TenantPlugin.plugin == "panjin"))
    await platform.init()
    async with db.transaction(platform.sessions) as session:
        after = await platform.policies.current(session)
    assert after.version > before.version
    assert after.enabled is not None and after.enabled[tenant.id] == frozenset(stored)
    await platform.init()  # nothing enabled: nothing to reload
    async with db.transaction(platform.sessions) as session:
        assert (await platform.policies.current(session)).version == after.version
