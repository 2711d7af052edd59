"""Building the principal of a request: the user, their assignments (with regions), the policy."""

import datetime as dt

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Assignment, EmergencyArea, Principal
from core.access.policy import Policy
from core.db import tenancy
from core.errors import WusheError
from core.models import Emergency, Region, Role, RoleAssignment, User


class UnknownUser(WusheError, LookupError):
    """No active user of that name."""


def scope_of_principal(principal: Principal | None) -> tenancy.Scope:
    """Whose rows the database shows a principal's transactions (:mod:`core.db.tenancy`): its
    tenant's; every tenant's for a platform administrator, as the access layer lets one read and
    manage every tenant (:meth:`Principal.grants` is not consulted for one); none for nobody."""
    if principal is None:
        return tenancy.NOBODY
    if principal.platform_admin:
        return tenancy.PLATFORM
    return tenancy.tenant(principal.tenant_id) if principal.tenant_id is not None else tenancy.NOBODY


async def load_principal(session: AsyncSession, username: str, policy: Policy) -> Principal:
    """One query for the user, one for their assignments; never anyone else's."""
    user = (await session.exec(select(User).where(User.username == username))).first()
    if user is None or not user.is_active:
        raise UnknownUser(f"unknown or inactive user {username!r}")
    return await principal_of(session, user, policy)


async def principal_of(session: AsyncSession, user: User, policy: Policy) -> Principal:
    if user.is_platform_admin:
        return Principal(username=user.username, user_id=user.id, platform_admin=True, policy=policy)
    rows = (
        await session.exec(
            # sqlmodel's select() takes any number of columns but is typed for four at most
            select(Role.code, Region.id, Region.tier, Region.path, Role.emergency_powers)  # type: ignore[call-overload]
            .join(RoleAssignment, col(RoleAssignment.role_id) == Role.id)
            .join(Region, col(RoleAssignment.region_id) == Region.id)
            .where(
                RoleAssignment.user_id == user.id,
                RoleAssignment.tenant_id == user.tenant_id,
                Region.tenant_id == user.tenant_id,
                Role.tenant_id == user.tenant_id,
            )
            .order_by(col(Region.path), col(Role.code))
        )
    ).all()
    return await principal_with(
        session, user.username, user.id, user.tenant_id, tuple(Assignment(*row) for row in rows), policy
    )


async def principal_with(
    session: AsyncSession,
    username: str,
    user_id: int | None,
    tenant_id: int | None,
    assignments: tuple[Assignment, ...],
    policy: Policy,
) -> Principal:
    """The principal of a user who is no platform administrator, holding ``assignments``: with the
    emergencies in force in the tenant when one of their roles has emergency powers (one query)."""
    emergencies: tuple[EmergencyArea, ...] = ()
    if tenant_id is not None and any(a.emergency_powers for a in assignments):
        emergencies = await active_emergencies(session, tenant_id)
    return Principal(
        username=username,
        user_id=user_id,
        tenant_id=tenant_id,
        assignments=assignments,
        emergencies=emergencies,
        policy=policy,
    )


async def active_emergencies(session: AsyncSession, tenant_id: int) -> tuple[EmergencyArea, ...]:
    """Emergencies of the tenant in force now; one ends by itself when its time is up."""
    now = dt.datetime.now(dt.UTC)
    rows = (
        await session.exec(
            select(Emergency.id, Region.id, Region.tier, Region.path)
            .join(Region, col(Emergency.region_id) == Region.id)
            .where(
                Emergency.tenant_id == tenant_id,
                col(Emergency.ended_at).is_(None),
                col(Emergency.starts_at) <= now,
                col(Emergency.ends_at) > now,
            )
        )
    ).all()
    return tuple(EmergencyArea(*row) for row in rows)
