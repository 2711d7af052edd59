"""Organization membership through GraphQL: who acts for a social organization.

The members and sanctions of an organization are fields of ``SocialOrganization``
(:mod:`core.web.graphql.types`); the viewer's own organizations are ``me { organizations }``.
"""

from typing import Any

import strawberry

from core import models
from core.plugins.declarations import GraphQLDecl
from core.services import memberships as service
from core.web.graphql import types
from core.web.graphql.context import Info
from core.web.graphql.ids import parse_id
from core.web.graphql.payloads import Payload, mutate


@strawberry.type(description="A user's membership of a social organization.")
class Membership:
    organization: types.SocialOrganization
    member: types.OrganizationMember


@strawberry.type
class MembershipQuery:
    @strawberry.field(description="The organizations a user acts for, among those the viewer may read "
                                  "(the viewer's own: me { organizations }).")
    async def organizations_of_user(self, info: Info, username: str) -> list[types.SocialOrganization]:
        async with info.context.lock:
            rows = await service.organizations_of(info.context.session, info.context.who, username)
        return [types.SocialOrganization.of(row) for row in rows]


@strawberry.type
class MembershipMutation:
    @strawberry.mutation(description="Let a user act for a social organization "
                                     "(social_organization:update at its region; same tenant); audited.")
    async def add_organization_member(self, info: Info, organization: strawberry.ID, username: str) -> Payload[Membership]:
        return await mutate(info, lambda: _change(info, service.add, organization, username), _membership)

    @strawberry.mutation(description="Stop a user acting for a social organization "
                                     "(social_organization:update at its region); audited.")
    async def remove_organization_member(self, info: Info, organization: strawberry.ID, username: str) -> Payload[Membership]:
        return await mutate(info, lambda: _change(info, service.remove, organization, username), _membership)


async def _change(info: Info, change: Any, organization: strawberry.ID, username: str) -> Any:
    session, who = info.context.session, info.context.who
    member = await change(session, who, organization_id=parse_id(organization, "organization", "SocialOrganization"), username=username)
    organization_row = await session.get_one(models.SocialOrganization, member.organization_id)
    return member, organization_row, await session.get_one(models.User, member.user_id)


def _membership(found: Any) -> Membership:
    member, organization, user = found
    return Membership(organization=types.SocialOrganization.of(organization), member=types.OrganizationMember.of(member, user))


PART = GraphQLDecl(query=MembershipQuery, mutation=MembershipMutation)
