"""Accounts: passwords (argon2), signing in and out, and administering users and their tokens.

Passwords are kept only as argon2id hashes (argon2-cffi's current parameters; an older hash is
replaced at the next successful sign-in). A wrong username and a wrong password get the same
answer, after the same work, so sign-in does not tell who exists.

Administrators: the platform administrator, and principals allowed ``user:create`` /
``user:update`` at their tenant's root region. A tenant's administrator never reaches users of
another tenant or of the platform: such a user is "not found", exactly like one that does not exist.
Acting on a user (a service token, switching them off or on, revoking their tokens, setting their
password) also needs everything that user holds, at that user's regions: whoever holds only
``user:update`` cannot borrow a stronger user's powers, nor switch a stronger user off.
Every change made by an administrator is appended to the audit log (never a password or a hash).
"""

import asyncio
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit, tokens
from core.access.delegation import refuse_unless_stronger
from core.access.grants import Principal
from core.errors import FieldError, InvalidInput, NotFound, Problem
from core.models import Region, Tenant, User
from core.models.base import stored_id, utcnow
from core.models.user import RevokedToken, UserKind
from core.services import regions
from core.services.throttle import SUBJECT_MAX, Throttle

USERNAME_PATTERN = r"^[a-z0-9._-]{3,64}$"
_USERNAME = re.compile(USERNAME_PATTERN)
DISPLAY_NAME_MAX = 100
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
INVALID_CREDENTIALS = "wrong username or password"

OPERATOR = Principal(username="(operator)", platform_admin=True)
"""The actor recorded for changes made on the command line by whoever runs ``wushe``."""

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile; configuration only, no state


# ---------------------------------------------------------------- passwords


async def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``), computed off the event loop."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when there is no user or no password, so that costs the same time."""
    return _hasher.hash("not a password of anyone")


def check_username(username: str, field: str = "username") -> str:
    if not _USERNAME.fullmatch(username):
        raise FieldError(field, "use 3 to 64 characters: lowercase letters a-z, digits, '.', '_' or '-'")
    return username


def check_password(password: str, *, field: str = "password", username: str | None = None) -> str:
    """At least 10 characters of at least two kinds (letters, digits, others), without the username."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise FieldError(field, f"must be at least {PASSWORD_MIN_LENGTH} characters long", code="too_weak")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise FieldError(field, f"must be at most {PASSWORD_MAX_LENGTH} characters long")
    kinds = (
        any(c.isalpha() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    if sum(kinds) < 2:
        raise FieldError(field, "must mix at least two of: letters, digits, other characters", code="too_weak")
    if username and username.lower() in password.lower():
        raise FieldError(field, "must not contain the username", code="too_weak")
    return password


def _refuse(*errors: FieldError) -> InvalidInput:
    return InvalidInput([Problem(e.field, e.message, e.code) for e in errors])


# ---------------------------------------------------------------- lookups and permission


async def user_named(session: AsyncSession, username: str) -> User | None:
    return (await session.exec(select(User).where(User.username == username))).first()


async def _tenant_root(session: AsyncSession, tenant_id: int) -> Region:
    root = await regions.tenant_root(session, tenant_id)
    if root is None:
        raise LookupError(f"tenant {tenant_id} has no root region")
    return root


async def _administered(session: AsyncSession, actor: Principal, username: str, *, field: str = "username") -> User:
    """A user ``actor`` may update: any for the platform administrator; else one of the actor's
    own tenant, if the actor holds ``user:update`` at its root and everything the user holds
    (:func:`core.access.delegation.refuse_unless_stronger`). Anyone else is not found."""
    if not actor.platform_admin and (
        actor.tenant_id is None or not actor.may("user", "update", await _tenant_root(session, actor.tenant_id))
    ):
        raise FieldError(field, "you may not administer users", code="forbidden")
    user = await user_named(session, username)
    if user is None or not (actor.platform_admin or user.tenant_id == actor.tenant_id):
        raise NotFound(field, f"no user {username!r}")
    await refuse_unless_stronger(session, actor, user, field)
    return user


async def _tenant_for_new_user(session: AsyncSession, actor: Principal, code: str | None) -> Tenant | None:
    """The tenant a new user joins (None: the platform). Only the platform administrator names
    any tenant or none; a tenant's administrator creates users in their own tenant only."""
    if actor.platform_admin:
        if code is None:
            return None
        tenant = (await session.exec(select(Tenant).where(Tenant.code == code))).first()
        if tenant is None:
            raise NotFound("tenant", f"no tenant {code!r}")
        return tenant
    own = await session.get(Tenant, actor.tenant_id) if actor.tenant_id is not None else None
    if own is None:
        raise FieldError("tenant", "you may not create users", code="forbidden")
    if code is not None and code != own.code:
        raise FieldError("tenant", f"you may create users only in your own tenant {own.code!r}", code="forbidden")
    if not actor.may("user", "create", await _tenant_root(session, stored_id(own))):
        raise FieldError("tenant", "you may not create users", code="forbidden")
    return own


async def tenant_code_of(session: AsyncSession, user: User) -> str | None:
    if user.tenant_id is None:
        return None
    tenant = await session.get(Tenant, user.tenant_id)
    return tenant.code if tenant else None


def summary(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: never the password hash."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "kind": user.kind.value,
        "active": user.is_active,
        "platform_admin": user.is_platform_admin,
    }


# ---------------------------------------------------------------- administering users


async def create_user(
    session: AsyncSession,
    actor: Principal,
    *,
    username: str,
    display_name: str = "",
    tenant: str | None = None,
    password: str | None = None,
    kind: UserKind = UserKind.PERSON,
    platform_admin: bool = False,
) -> User:
    """Add a user to a tenant (or, for the platform administrator, to the platform)."""
    problems: list[FieldError] = []
    try:
        check_username(username)
    except FieldError as error:
        problems.append(error)
    display_name = display_name.strip()
    if len(display_name) > DISPLAY_NAME_MAX:
        problems.append(FieldError("display_name", f"must be at most {DISPLAY_NAME_MAX} characters long"))
    if password is not None:
        if kind is UserKind.SERVICE:
            problems.append(FieldError("password", "service users have no password: issue them a service token"))
        else:
            try:
                check_password(password, username=username)
            except FieldError as error:
                problems.append(error)
    if platform_admin and (tenant is not None or not actor.platform_admin):
        problems.append(FieldError("platform_admin", "only the platform administrator adds platform administrators, without a tenant"))
    if problems:
        raise _refuse(*problems)
    target = await _tenant_for_new_user(session, actor, tenant)
    if await user_named(session, username) is not None:
        raise FieldError("username", f"{username!r} is taken", code="duplicate")
    user = User(
        username=username,
        display_name=display_name,
        tenant_id=target.id if target else None,
        kind=kind,
        is_platform_admin=platform_admin,
        password_hash=await hash_password(password) if password is not None else None,
        tokens_valid_after=utcnow(),
    )
    session.add(user)
    try:
        await session.flush()
    except sa.exc.IntegrityError:
        raise FieldError("username", f"{username!r} is taken", code="duplicate") from None
    await audit.record(session, actor, "user.create", f"user:{username}", tenant_id=user.tenant_id, after=summary(user))
    return user


async def set_active(session: AsyncSession, actor: Principal, *, username: str, active: bool) -> User:
    """Switch a user off (their tokens stop working at once, and stay revoked) or back on."""
    user = await _administered(session, actor, username)
    if not active and user.id == actor.user_id:
        raise FieldError("active", "you cannot deactivate yourself")
    before = summary(user)
    if user.is_active != active:
        user.is_active = active
        if not active:
            user.tokens_valid_after = utcnow()
        session.add(user)
        await session.flush()
    await audit.record(session, actor, "user.activate" if active else "user.deactivate", f"user:{username}",
                       tenant_id=user.tenant_id, before=before, after=summary(user))
    return user


async def revoke_tokens(session: AsyncSession, actor: Principal, *, username: str) -> User:
    """Refuse every token the user holds now (service tokens included). Anyone may do it for
    themselves; for others it needs ``user:update``."""
    if actor.user_id is not None and username == actor.username:
        user = await session.get(User, actor.user_id)
        if user is None:
            raise RuntimeError(f"user {actor.username!r} (id {actor.user_id}) of this request does not exist")
    else:
        user = await _administered(session, actor, username)
    user.tokens_valid_after = utcnow()
    session.add(user)
    await session.flush()
    await audit.record(session, actor, "user.revoke_tokens", f"user:{username}", tenant_id=user.tenant_id)
    return user


async def set_password(session: AsyncSession, actor: Principal, *, username: str, password: str) -> User:
    """An administrator (or the operator) sets a person's password; their tokens are revoked."""
    user = await _administered(session, actor, username)
    if user.kind is UserKind.SERVICE:
        raise FieldError("username", "is a service user: service users have no password")
    check_password(password, username=username)
    user.password_hash = await hash_password(password)
    user.tokens_valid_after = utcnow()
    session.add(user)
    await session.flush()
    await audit.record(session, actor, "user.password", f"user:{username}", tenant_id=user.tenant_id)
    return user


async def issue_service_token(
    session: AsyncSession,
    actor: Principal,
    *,
    username: str,
    ttl_days: int,
    key: str,
    max_days: int,
) -> tokens.IssuedToken:
    """A long-lived token for a service user; it may do what the user's role assignments allow."""
    if not 1 <= ttl_days <= max_days:
        raise FieldError("ttl_days", f"must be between 1 and {max_days} days")
    user = await _administered(session, actor, username)
    if user.kind is not UserKind.SERVICE:
        raise FieldError("username", f"{username!r} is not a service user: people sign in with login")
    if not user.is_active:
        raise FieldError("username", f"{username!r} is inactive")
    issued = tokens.new_token(user.username, key, ttl=dt.timedelta(days=ttl_days))
    await audit.record(session, actor, "user.service_token", f"user:{username}", tenant_id=user.tenant_id,
                       after={"jti": issued.jti, "expires_at": issued.expires_at.isoformat()})
    return issued


# ---------------------------------------------------------------- signing in and out


async def sign_in(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    key: str,
    ttl: dt.timedelta,
    throttle: Throttle,
    address: str | None = None,
) -> tokens.IssuedToken:
    """A token for a person's username and password; one answer for every kind of failure.

    Held to ``throttle`` (:mod:`core.services.throttle`): refused unchecked while the username or
    the client ``address`` is locked or another sign-in from the address is in progress; each
    failure counted for both, a success clearing the username's count. A username that cannot
    exist (longer than any) is counted for the address only, and costs no argon2 check."""
    name = username.strip().lower()
    account = name if len(name) <= SUBJECT_MAX else None
    async with throttle.turn(address):
        recorded = await throttle.check(account=account, address=address)
        user = await user_named(session, account) if account is not None else None
        # the hash of an active person's account; a dummy is checked in its place otherwise
        stored = user.password_hash if user is not None and user.is_active and user.kind is UserKind.PERSON else None
        if account is None:
            right = False
        else:
            async with throttle.checking():
                right = await verify_password(stored or _dummy_hash(), password)
        if user is None or not stored or not right:
            await throttle.failed(account=account, address=address, tenant_id=user.tenant_id if user else None)
            raise FieldError("password", INVALID_CREDENTIALS, code="invalid_credentials")
        await throttle.succeeded(account=name, recorded=recorded)
    if _hasher.check_needs_rehash(stored):
        user.password_hash = await hash_password(password)
        session.add(user)
        await session.flush()
    return tokens.new_token(user.username, key, ttl=ttl)


async def sign_out(session: AsyncSession, principal: Principal, claims: dict[str, Any] | None) -> None:
    """Revoke the token of this request (kept until it would have expired anyway)."""
    if claims is None or principal.user_id is None:
        raise FieldError("token", "you are not signed in", code="unauthenticated")
    now = utcnow()
    await session.exec(sa.delete(RevokedToken).where(col(RevokedToken.expires_at) < now))
    if await session.get(RevokedToken, str(claims["jti"])) is None:
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
        session.add(RevokedToken(jti=str(claims["jti"]), user_id=principal.user_id, expires_at=expires))
        await session.flush()


@dataclass(frozen=True)
class Changed:
    user: User
    token: tokens.IssuedToken


async def change_password(
    session: AsyncSession,
    principal: Principal,
    *,
    current: str,
    new: str,
    key: str,
    ttl: dt.timedelta,
    throttle: Throttle,
    address: str | None = None,
) -> Changed:
    """Change one's own password. Every token of the user is revoked; a new one is returned.

    The current password is a guess like a sign-in's (a stolen token must not try passwords at the
    rate limit): held to the same ``throttle``, counted and locked with the sign-ins of the username."""
    user = await session.get(User, principal.user_id) if principal.user_id is not None else None
    if user is None:
        raise FieldError("current", "you are not signed in", code="unauthenticated")
    async with throttle.turn(address):
        recorded = await throttle.check(account=user.username, address=address, field="current")
        async with throttle.checking():
            stored = user.password_hash
            right = await verify_password(stored, current) if stored else False
        if not right:
            await throttle.failed(account=user.username, address=address, tenant_id=user.tenant_id)
            raise FieldError("current", "wrong password", code="invalid_credentials")
        await throttle.succeeded(account=user.username, recorded=recorded)
    check_password(new, field="new", username=user.username)
    if new == current:
        raise FieldError("new", "must differ from the current password")
    now = utcnow()
    async with throttle.checking():
        user.password_hash = await hash_password(new)
    user.tokens_valid_after = now
    session.add(user)
    await session.flush()
    await audit.record(session, principal, "user.password", f"user:{user.username}", tenant_id=user.tenant_id)
    return Changed(user, tokens.new_token(user.username, key, ttl=ttl, now=now))
