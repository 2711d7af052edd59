"""Organization membership: the users who act for a social organization (a contractor's staff).

Adding or removing a member needs ``social_organization:update`` at the organization's region;
the user must be of the organization's tenant. Every change is appended to the audit log. A user
of another tenant is "not found", exactly like one that does not exist. The sanctions recorded
on an organization (by cases) are read by whoever may read the organization.
"""

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit
from core.access.grants import Principal, get_visible, require, visible
from core.errors import FieldError, InvalidInput, NotFound
from core.models import OrganizationMember, Region, Sanction, SocialOrganization, User
from core.models.base import stored_id


async def _organization(
    session: AsyncSession, principal: Principal, organization_id: int, action: str, field: str = "organization"
) -> tuple[SocialOrganization, Region]:
    """The organization if the principal may read it (else not found), and ``action`` it (else forbidden)."""
    organization = await get_visible(session, SocialOrganization, organization_id, principal, field=field)
    region = await session.get_one(Region, organization.region_id)
    require(principal, "social_organization", action, region, field=field)
    return organization, region


async def _user_of_tenant(session: AsyncSession, username: str, tenant_id: int, field: str = "username") -> User:
    user = (await session.exec(select(User).where(User.username == username.strip()))).first()
    if user is None or user.tenant_id != tenant_id:
        raise NotFound(field, f"no user {username.strip()!r} in the organization's tenant")
    return user


def _audit_target(organization: SocialOrganization, user: User) -> str:
    return f"social_organization:{organization.id} ← {user.username}"


async def add(session: AsyncSession, principal: Principal, *, organization_id: int, username: str) -> OrganizationMember:
    """Make ``username`` act for the organization (``social_organization:update`` at its region)."""
    try:
        organization, _ = await _organization(session, principal, organization_id, "update")
        user = await _user_of_tenant(session, username, organization.tenant_id)
        if not user.is_active:
            raise FieldError("username", f"user {user.username!r} is switched off")
        existing = (
            await session.exec(
                select(OrganizationMember).where(
                    OrganizationMember.organization_id == organization.id, OrganizationMember.user_id == user.id
                )
            )
        ).first()
        if existing is not None:
            raise FieldError("username", f"{user.username!r} is already a member of {organization.name!r}", code="duplicate")
        member = OrganizationMember(tenant_id=organization.tenant_id, user_id=stored_id(user),
                                    organization_id=stored_id(organization))
        session.add(member)
        await session.flush()
        await audit.record(session, principal, "organization.member.add", _audit_target(organization, user),
                           tenant_id=organization.tenant_id,
                           after={"organization": organization.id, "name": organization.name, "user": user.username})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return member


async def remove(session: AsyncSession, principal: Principal, *, organization_id: int, username: str) -> OrganizationMember:
    """``username`` no longer acts for the organization. Returns the membership removed."""
    try:
        organization, _ = await _organization(session, principal, organization_id, "update")
        user = await _user_of_tenant(session, username, organization.tenant_id)
        member = (
            await session.exec(
                select(OrganizationMember).where(
                    OrganizationMember.organization_id == organization.id, OrganizationMember.user_id == user.id
                )
            )
        ).first()
        if member is None:
            raise NotFound("username", f"{user.username!r} is not a member of {organization.name!r}")
        await session.delete(member)
        await session.flush()
        await audit.record(session, principal, "organization.member.remove", _audit_target(organization, user),
                           tenant_id=organization.tenant_id,
                           before={"organization": organization.id, "name": organization.name, "user": user.username})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return member


async def members(session: AsyncSession, principal: Principal, organization_id: int) -> list[tuple[OrganizationMember, User]]:
    """The members of an organization the principal may read, by username."""
    await get_visible(session, SocialOrganization, organization_id, principal, field="organization")
    return await members_of(session, [organization_id])


async def members_of(session: AsyncSession, organization_ids: list[int]) -> list[tuple[OrganizationMember, User]]:
    """The members of organizations already checked readable, by organization and username."""
    if not organization_ids:
        return []
    query = (
        select(OrganizationMember, User)
        .join(User, col(User.id) == OrganizationMember.user_id)
        .where(col(OrganizationMember.organization_id).in_(organization_ids))
        .order_by(col(OrganizationMember.organization_id), col(User.username))
    )
    return [(member, user) for member, user in (await session.exec(query)).all()]


async def organizations_of_user(session: AsyncSession, user_id: int) -> list[SocialOrganization]:
    """The organizations a user acts for: what the user may know about themself, whatever their roles."""
    query = (
        select(SocialOrganization)
        .join(OrganizationMember, col(OrganizationMember.organization_id) == SocialOrganization.id)
        .where(OrganizationMember.user_id == user_id, OrganizationMember.tenant_id == SocialOrganization.tenant_id)
        .order_by(col(SocialOrganization.name), col(SocialOrganization.id))
    )
    return list((await session.exec(query)).all())


async def organizations_of(session: AsyncSession, principal: Principal, username: str) -> list[SocialOrganization]:
    """The organizations ``username`` acts for, among those the principal may read; the principal's
    own memberships are always theirs to see."""
    if principal.user_id is not None and username.strip() == principal.username:
        return await organizations_of_user(session, principal.user_id)
    query = (
        visible(SocialOrganization, principal)
        .join(OrganizationMember, col(OrganizationMember.organization_id) == SocialOrganization.id)
        .join(User, col(User.id) == OrganizationMember.user_id)
        .where(User.username == username.strip())
        .order_by(col(SocialOrganization.name), col(SocialOrganization.id))
    )
    return list((await session.exec(query)).all())


async def is_member(session: AsyncSession, user_id: int, organization_id: int) -> bool:
    """Does the user act for the organization? (What a case's guard asks before an acting-for step.)"""
    query = select(sa.literal(1)).where(
        OrganizationMember.user_id == user_id, OrganizationMember.organization_id == organization_id
    )
    return (await session.exec(query)).first() is not None


async def sanctions(session: AsyncSession, principal: Principal, organization_id: int) -> list[Sanction]:
    """The sanctions recorded on an organization the principal may read, newest first."""
    await get_visible(session, SocialOrganization, organization_id, principal, field="organization")
    return await sanctions_of(session, [organization_id])


async def sanctions_of(session: AsyncSession, organization_ids: list[int]) -> list[Sanction]:
    """The sanctions of organizations already checked readable, newest first."""
    if not organization_ids:
        return []
    query = (
        select(Sanction)
        .where(col(Sanction.organization_id).in_(organization_ids))
        .order_by(col(Sanction.starts_on).desc(), col(Sanction.id).desc())
    )
    return list((await session.exec(query)).all())
