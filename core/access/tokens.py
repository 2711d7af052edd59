"""Bearer tokens: issuing, reading and revoking them, and the principal behind a valid one.

Tokens are JWTs with issuer, audience, expiry, not-before, issued-at and a unique id (``jti``),
signed (HS256 only) with the platform's key: ``WUSHE_SECRET_KEY`` or the key ``wushe init``
generated and stored. A token is refused when any of those checks fails, when its ``jti`` was
revoked (logout), when it was issued before its user's ``tokens_valid_after`` (every token of the
user revoked, the password changed) or when its user is unknown or inactive. The HTTP side
(:mod:`core.web.auth`) turns a refusal into 401.
"""

import datetime as dt
import secrets
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt
import sqlalchemy as sa
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.access.grants import Assignment, Principal
from core.access.policy import PolicyStore
from core.access.principal import principal_with, scope_of_principal
from core.db import tenancy
from core.errors import WusheError
from core.models import PlatformSetting, PolicyVersion, Region, Role, RoleAssignment, User
from core.models.user import RevokedToken

ISSUER = "wushe"
AUDIENCE = "wushe-api"
ALGORITHM = "HS256"
SECRET_SETTING = "token_secret"

class InvalidToken(WusheError):
    """The token is malformed, expired, not yet valid, for another audience or issuer, signed
    with another key or algorithm, revoked, or for an unknown or inactive user."""


async def signing_key(session: AsyncSession, configured: str | None, *, create: bool = False) -> str:
    """The configured key, else the stored one (made and stored first when ``create``)."""
    if configured:
        return configured
    stored = await session.get(PlatformSetting, SECRET_SETTING)
    if stored is not None:
        return stored.value
    if not create:
        raise LookupError("no token signing key: run `wushe init` or set WUSHE_SECRET_KEY")
    key = secrets.token_urlsafe(48)
    session.add(PlatformSetting(key=SECRET_SETTING, value=key))
    await session.flush()
    return key


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: dt.datetime


def new_token(username: str, key: str, *, ttl: dt.timedelta, now: dt.datetime | None = None) -> IssuedToken:
    """Sign a token for ``username``. ``iat`` keeps microseconds, so a token issued right after
    its user's tokens were revoked is told apart from one issued right before."""
    now = now or dt.datetime.now(dt.UTC)
    expires = int((now + ttl).timestamp())
    jti = uuid.uuid4().hex
    claims = {
        "sub": username,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now.timestamp(),
        "nbf": int(now.timestamp()),
        "exp": expires,
        "jti": jti,
    }
    token = jwt.encode(claims, key, algorithm=ALGORITHM)
    return IssuedToken(token, jti, dt.datetime.fromtimestamp(expires, dt.UTC))


def issue_token(username: str, key: str, *, ttl: dt.timedelta, now: dt.datetime | None = None) -> str:
    return new_token(username, key, ttl=ttl, now=now).token


def read_token(token: str, key: str) -> dict[str, Any]:
    """The claims of a well-signed, current token for this issuer and audience (InvalidToken otherwise).

    Only HS256 is accepted: ``alg: none`` and tokens claiming an RSA or EC algorithm are refused."""
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["sub", "exp", "nbf", "iat", "iss", "aud", "jti"], "strict_aud": True},
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error


clock = time.time
"""What time it is, for the expiry of a token read before (tests move it)."""


class RecentTokens:
    """:func:`read_token` for tokens sent again and again: the claims of the ``size`` tokens read
    most recently are kept by token and key, so that a token sent again is neither decoded nor
    its signature checked again (~35 µs a request), only its expiry, the one check whose answer
    changes with time. Revocation is not a claim: it is checked on every request (:func:`principal_for`)."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.claims: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()

    def read(self, token: str, key: str) -> dict[str, Any]:
        found = self.claims.get((token, key))
        if found is None:
            found = read_token(token, key)
            self.claims[(token, key)] = found
            if len(self.claims) > self.size:
                self.claims.popitem(last=False)
        else:
            self.claims.move_to_end((token, key))
        if clock() >= found["exp"]:  # as PyJWT: expired at ``exp``
            del self.claims[(token, key)]
            raise InvalidToken("Signature has expired")
        return dict(found)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def still_valid(user: User, claims: dict[str, Any]) -> bool:
    """Was the token issued after the user's last "revoke all my tokens"?"""
    return issued_after(user.tokens_valid_after, claims)


def issued_after(valid_after: dt.datetime | None, claims: dict[str, Any]) -> bool:
    return valid_after is None or float(claims["iat"]) >= aware(valid_after).timestamp()


def _principal_statement() -> sa.Select[Any]:
    """The user of a token with everything its principal needs, in one statement: whether the
    token was revoked (by primary key), the stored policy version, and the user's role
    assignments (one row each, or one row of NULLs)."""
    held = sa.join(
        RoleAssignment, Role, (col(Role.id) == RoleAssignment.role_id) & (col(Role.tenant_id) == RoleAssignment.tenant_id)
    ).join(Region, (col(Region.id) == RoleAssignment.region_id) & (col(Region.tenant_id) == RoleAssignment.tenant_id))
    revoked = sa.exists().where(col(RevokedToken.jti) == sa.bindparam("jti")).label("revoked")
    version = sa.select(col(PolicyVersion.version)).where(col(PolicyVersion.id) == 1).scalar_subquery()
    return (
        sa.select(
            col(User.id), col(User.tenant_id), col(User.is_active), col(User.is_platform_admin),
            col(User.tokens_valid_after), revoked, version.label("policy_version"),
            col(Role.code), col(Region.id).label("region_id"), col(Region.tier), col(Region.path),
            col(Role.emergency_powers),
        )
        .select_from(
            sa.outerjoin(
                User, held, (col(RoleAssignment.user_id) == User.id) & (col(RoleAssignment.tenant_id) == User.tenant_id)
            )
        )
        .where(col(User.username) == sa.bindparam("sub"))
        .order_by(col(Region.path), col(Role.code))
    )


PRINCIPAL = _principal_statement()

PRINCIPAL_FUNCTION = sa.text(
    "SELECT p.*, "
    f"set_config('{tenancy.TENANT_SETTING}', COALESCE(p.tenant_id::text, ''), true) AS tenant_set, "
    f"set_config('{tenancy.PLATFORM_SETTING}', CASE WHEN p.is_platform_admin THEN 'on' ELSE '' END, true) "
    "AS platform_set FROM wushe_principal(:sub, :jti) AS p"
).columns(*PRINCIPAL.selected_columns, sa.column("tenant_set"), sa.column("platform_set"))
""":data:`PRINCIPAL` on PostgreSQL, which also sets the user's scope for the rest of the transaction
(:mod:`core.db.tenancy`; the user's tenant, or platform-wide for a platform administrator, as
:func:`core.access.principal.scope_of_principal` says): no statement of its own for it. The rows
come from a function of the tables' owner (``SECURITY DEFINER``, core's migration 8b4531a9c2c1),
since before the token check the request knows no tenant and row-level security shows it no user;
``set_config`` runs on each row the function returned, all of one user. A change to
:data:`PRINCIPAL` is a change to the function, in a migration; tests/core/test_tenancy.py compares
the two."""


async def principal_for(session: AsyncSession, policies: PolicyStore, claims: dict[str, Any]) -> Principal:
    """The principal behind verified ``claims``, on ``session``'s connection: one statement
    (:data:`PRINCIPAL`) for the user, the token's revocation, the policy version and the
    assignments; a second only to reload a policy that changed, or for the emergencies in force
    when a role of the user has emergency powers.

    Here the request learns its caller: from now on ``session`` works for the principal's tenant
    (every tenant for a platform administrator), :func:`core.access.principal.scope_of_principal`."""
    username = str(claims["sub"])
    connection = await session.connection()
    parameters = {"sub": username, "jti": str(claims["jti"])}
    if connection.dialect.name == "postgresql":  # in the request's transaction, which it sets the scope of
        rows = (await connection.execute(PRINCIPAL_FUNCTION, parameters)).all()
    else:
        rows = (await db.execute_alone(connection, PRINCIPAL, parameters)).all()
    if not rows or not rows[0].is_active:
        raise InvalidToken("unknown or inactive user")
    user = rows[0]
    if user.revoked or not issued_after(user.tokens_valid_after, claims):
        raise InvalidToken("the token was revoked")
    scope = tenancy.PLATFORM if user.is_platform_admin else (
        tenancy.tenant(user.tenant_id) if user.tenant_id is not None else tenancy.NOBODY)
    tenancy.applied(session, scope)  # PRINCIPAL_FUNCTION set it; SQLite has nothing to set
    policy = await policies.at(session, user.policy_version or 0)
    if user.is_platform_admin:
        admin = Principal(username=username, user_id=user.id, platform_admin=True, policy=policy)
        assert scope_of_principal(admin) == scope
        return admin
    assignments = tuple(
        Assignment(row.code, row.region_id, row.tier, row.path, row.emergency_powers) for row in rows if row.code is not None
    )
    return await principal_with(session, username, user.id, user.tenant_id, assignments, policy)


def anonymous() -> Principal:
    """Nobody: no tenant, no assignments, so the access layer grants nothing."""
    return Principal(username="")
