"""Administration through GraphQL: users, roles and their permissions, assignments, audit."""

import strawberry

from core.declarations import GraphQLDecl


@strawberry.type
class AdministrationQuery:
    @strawberry.field(description="The policy version: it moves with every change of roles or permissions.")
    async def policy_version(self, info: strawberry.Info) -> int:
        from core.permissions.policy import stored_version

        async with info.context.lock:
            return await stored_version(info.context.session)


PART = GraphQLDecl(query=AdministrationQuery)
