"""Signing in and out, passwords, and administering users and their tokens through GraphQL.

``login`` is the one field a request without a token may ask for (see :mod:`core.auth`); every
other field here refuses the anonymous principal.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry

from core.declarations import GraphQLDecl
from core.errors import FieldError, InvalidInput
from core.graphql.errors import camel_path
from core.graphql.payloads import FieldProblem, Payload, mutate
from core.models import User
from core.models.user import UserKind as _UserKind
from core.services import accounts

UserKind = strawberry.enum(_UserKind, description="a PERSON signs in with a password; a SERVICE uses service tokens")


@strawberry.type(description="A user of a tenant or of the platform, as administrators see it.")
class Account:
    username: str
    display_name: str
    tenant: str | None = strawberry.field(description="the tenant's code; empty for platform users")
    kind: UserKind
    active: bool
    platform_admin: bool


async def _account(info: strawberry.Info, user: User) -> Account:
    return Account(
        username=user.username,
        display_name=user.display_name,
        tenant=await accounts.tenant_code_of(info.context.session, user),
        kind=user.kind,
        active=user.is_active,
        platform_admin=user.is_platform_admin,
    )


@strawberry.type(description="A bearer token and when it expires, or the problems that stopped it.")
class LoginPayload:
    token: str | None = strawberry.field(default=None, description="send it as Authorization: Bearer <token>")
    expires_at: dt.datetime | None = None
    errors: list[FieldProblem] = strawberry.field(default_factory=list)


@strawberry.type(description="A service token and when it expires, or the problems that stopped it.")
class ServiceTokenPayload:
    token: str | None = strawberry.field(default=None, description="shown once; it is not stored")
    expires_at: dt.datetime | None = None
    errors: list[FieldProblem] = strawberry.field(default_factory=list)


async def _token(info: strawberry.Info, payload: Any, work: Callable[[], Awaitable[Any]]) -> Any:
    """Like :func:`core.graphql.payloads.mutate`, for mutations that answer with a token."""
    context = info.context
    async with context.lock:
        try:
            issued = await work()
            await context.session.commit()
        except (InvalidInput, FieldError) as error:
            await context.session.rollback()
            problems = error.problems if isinstance(error, InvalidInput) else InvalidInput.of(error).problems
            return payload(errors=[FieldProblem(field=camel_path(p.field), message=p.message, code=p.code) for p in problems])
        except BaseException:
            await context.session.rollback()
            raise
    return payload(token=issued.token, expires_at=issued.expires_at)


def _ttl(info: strawberry.Info) -> dt.timedelta:
    return dt.timedelta(seconds=info.context.platform.settings.token_ttl_seconds)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Sign in with a username and password: a bearer token. Needs no token.")
    async def login(self, info: strawberry.Info, username: str, password: str) -> LoginPayload:
        key = info.context.platform.signing_key
        return await _token(
            info,
            LoginPayload,
            lambda: accounts.sign_in(info.context.session, username=username, password=password, key=key, ttl=_ttl(info)),
        )

    @strawberry.mutation(description="Sign out: the token of this request is refused from now on.")
    async def logout(self, info: strawberry.Info) -> bool:
        claims = info.context.request.auth if info.context.request is not None else None
        async with info.context.lock:
            try:
                await accounts.sign_out(info.context.session, info.context.who, claims)
                await info.context.session.commit()
            except BaseException:
                await info.context.session.rollback()
                raise
        return True

    @strawberry.mutation(
        description="Change your own password (at least 10 characters, two kinds of characters). "
        "Every token you hold is revoked; the answer carries a new one."
    )
    async def change_password(
        self,
        info: strawberry.Info,
        current: str,
        new: Annotated[str, strawberry.argument(name="new")],
    ) -> LoginPayload:
        key = info.context.platform.signing_key

        async def work() -> Any:
            changed = await accounts.change_password(
                info.context.session, info.context.who, current=current, new=new, key=key, ttl=_ttl(info)
            )
            return changed.token

        return await _token(info, LoginPayload, work)

    @strawberry.mutation(
        description="Add a user to a tenant (needs user:create at its root; platform administrators may "
        "leave the tenant out for a platform user). Services get no password: issue them service tokens."
    )
    async def create_user(
        self,
        info: strawberry.Info,
        username: str,
        display_name: str = "",
        tenant: str | None = None,
        password: str | None = None,
        kind: UserKind = _UserKind.PERSON,  # type: ignore[assignment]
    ) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.create_user(
                info.context.session, info.context.who, username=username, display_name=display_name,
                tenant=tenant, password=password, kind=_UserKind(kind),
            )
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(description="Switch a user off (their tokens stop working) or on again; needs user:update.")
    async def set_user_active(self, info: strawberry.Info, username: str, active: bool) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.set_active(info.context.session, info.context.who, username=username, active=active)
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(description="Revoke every token a user holds now; needs user:update (or is your own).")
    async def revoke_tokens(self, info: strawberry.Info, username: str) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.revoke_tokens(info.context.session, info.context.who, username=username)
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(
        description="A long-lived token for a SERVICE user (an API client): it may do what the user's roles "
        "allow, until it expires or revokeTokens. Needs user:update."
    )
    async def issue_service_token(self, info: strawberry.Info, username: str, ttl_days: int) -> ServiceTokenPayload:
        platform = info.context.platform
        return await _token(
            info,
            ServiceTokenPayload,
            lambda: accounts.issue_service_token(
                info.context.session, info.context.who, username=username, ttl_days=ttl_days,
                key=platform.signing_key, max_days=platform.settings.service_token_max_days,
            ),
        )


PART = GraphQLDecl(mutation=AccountsMutation)
