"""Signing in and out, passwords, and administering users and their tokens through GraphQL.

``login`` is the one field a request without a token may ask for (see :mod:`core.web.auth`); every
other field here refuses the anonymous principal.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry

from core.db import tenancy
from core.errors import FieldError, InvalidInput
from core.models import User
from core.models.throttle import ThrottleKind
from core.models.user import UserKind
from core.plugins.declarations import GraphQLDecl
from core.services import accounts, throttle
from core.web.addresses import client_of, proxies_of
from core.web.graphql.context import Info
from core.web.graphql.payloads import FieldProblem, Payload, mutate, problems_of

strawberry.enum(UserKind, description="a PERSON signs in with a password; a SERVICE uses service tokens")


@strawberry.type(description="A user of a tenant or of the platform, as administrators see it.")
class Account:
    username: str
    display_name: str
    tenant: str | None = strawberry.field(description="the tenant's code; empty for platform users")
    kind: UserKind
    active: bool
    platform_admin: bool


async def _account(info: Info, user: User) -> Account:
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


async def _token(info: Info, payload: Any, work: Callable[[], Awaitable[Any]]) -> Any:
    """Like :func:`core.web.graphql.payloads.mutate`, for mutations that answer with a token."""
    try:
        async with info.context.transaction():
            issued = await work()
    except (InvalidInput, FieldError) as error:
        return payload(errors=problems_of(error))
    return payload(token=issued.token, expires_at=issued.expires_at)


async def _signed_in(info: Info, username: str, password: str, address: str | None) -> Any:
    """Sign in: a username is looked up whichever tenant it belongs to, so platform-wide, and only
    for this (the request's session works for its caller again after, :mod:`core.db.tenancy`)."""
    platform = info.context.platform
    async with tenancy.widened(info.context.session) as session:
        return await accounts.sign_in(session, username=username, password=password, key=platform.signing_key,
                                      ttl=_ttl(info), throttle=platform.sign_ins, address=address)


def _ttl(info: Info) -> dt.timedelta:
    return dt.timedelta(seconds=info.context.platform.settings.token_ttl_seconds)


def _client(info: Info) -> str | None:
    """The client address of the request (as the rate limit counts it); None outside HTTP."""
    request = info.context.request
    return client_of(request, proxies_of(info.context.platform.settings)) if request is not None else None


strawberry.enum(ThrottleKind, description="what is locked: a username (ACCOUNT) or a client ADDRESS")


@strawberry.type(description="A username or a client address locked after repeated failed sign-ins.")
class SignInLock:
    kind: ThrottleKind
    subject: str = strawberry.field(description="the username (whether or not such a user exists) or the address")
    tenant: str | None = strawberry.field(description="the tenant of the user; empty for addresses and unknown usernames")
    locks: int = strawberry.field(description="locks in this series: each lasts twice as long as the one before")
    locked_until: dt.datetime

    @classmethod
    def of(cls, lock: throttle.Lock) -> "SignInLock":
        return cls(kind=lock.kind, subject=lock.subject, tenant=lock.tenant, locks=lock.locks,
                   locked_until=lock.locked_until)


@strawberry.type
class AccountsQuery:
    @strawberry.field(
        description="The sign-in locks in force: every one for the platform administrator; a tenant "
        "administrator (user:update at the tenant root) sees those of the tenant's users."
    )
    async def sign_in_locks(self, info: Info) -> list[SignInLock]:
        context = info.context
        async with context.lock:
            locks = await throttle.current_locks(context.session, context.who, now=context.platform.sign_ins.clock())
        return [SignInLock.of(lock) for lock in locks]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(
        description="Sign in with a username and password: a bearer token. Needs no token. One per request; "
        "after repeated failures the username or the address is locked for a while (error code `locked`)."
    )
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        address = _client(info)
        return await _token(info, LoginPayload, lambda: _signed_in(info, username, password, address))

    @strawberry.mutation(description="Sign out: the token of this request is refused from now on.")
    async def logout(self, info: Info) -> bool:
        claims = info.context.request.auth if info.context.request is not None else None
        async with info.context.transaction() as session:
            await accounts.sign_out(session, info.context.who, claims)
        return True

    @strawberry.mutation(
        description="Change your own password (at least 10 characters, two kinds of characters). "
        "Every token you hold is revoked; the answer carries a new one."
    )
    async def change_password(
        self,
        info: Info,
        current: str,
        new: Annotated[str, strawberry.argument(name="new")],
    ) -> LoginPayload:
        key = info.context.platform.signing_key

        async def work() -> Any:
            changed = await accounts.change_password(
                info.context.session, info.context.who, current=current, new=new, key=key, ttl=_ttl(info),
                throttle=info.context.platform.sign_ins, address=_client(info),
            )
            return changed.token

        return await _token(info, LoginPayload, work)

    @strawberry.mutation(
        description="Add a user to a tenant (needs user:create at its root; platform administrators may "
        "leave the tenant out for a platform user). Services get no password: issue them service tokens."
    )
    async def create_user(
        self,
        info: Info,
        username: str,
        display_name: str = "",
        tenant: str | None = None,
        password: str | None = None,
        kind: UserKind = UserKind.PERSON,
    ) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.create_user(
                info.context.session, info.context.who, username=username, display_name=display_name,
                tenant=tenant, password=password, kind=kind,
            )
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(
        description="Lift the sign-in lock of a username or of a client address (give one), and forget its "
        "failures; audited. Tenant administrators lift their users' locks; addresses are the platform administrator's."
    )
    async def lift_sign_in_lock(
        self, info: Info, username: str | None = None, address: str | None = None
    ) -> Payload[SignInLock]:
        async def work() -> SignInLock:
            if (username is None) == (address is None):
                raise FieldError("username", "give either a username or an address")
            if username is not None:
                kind, subject = ThrottleKind.ACCOUNT, username.strip().lower()
            else:
                kind, subject = ThrottleKind.ADDRESS, str(address).strip()
            lifted = await throttle.lift(
                info.context.session, info.context.who, kind=kind, subject=subject,
                now=info.context.platform.sign_ins.clock(),
            )
            return SignInLock.of(lifted)

        return await mutate(info, work, lambda lock: lock)

    @strawberry.mutation(description="Switch a user off (their tokens stop working) or on again; needs user:update.")
    async def set_user_active(self, info: Info, username: str, active: bool) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.set_active(info.context.session, info.context.who, username=username, active=active)
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(description="Revoke every token a user holds now; needs user:update (or is your own).")
    async def revoke_tokens(self, info: Info, username: str) -> Payload[Account]:
        async def work() -> Account:
            user = await accounts.revoke_tokens(info.context.session, info.context.who, username=username)
            return await _account(info, user)

        return await mutate(info, work, lambda account: account)

    @strawberry.mutation(
        description="A long-lived token for a SERVICE user (an API client): it may do what the user's roles "
        "allow, until it expires or revokeTokens. Needs user:update."
    )
    async def issue_service_token(self, info: Info, username: str, ttl_days: int) -> ServiceTokenPayload:
        platform = info.context.platform
        return await _token(
            info,
            ServiceTokenPayload,
            lambda: accounts.issue_service_token(
                info.context.session, info.context.who, username=username, ttl_days=ttl_days,
                key=platform.signing_key, max_days=platform.settings.service_token_max_days,
            ),
        )


PART = GraphQLDecl(query=AccountsQuery, mutation=AccountsMutation)
