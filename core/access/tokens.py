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
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.access.policy import PolicyStore
from core.access.principal import principal_of
from core.errors import WusheError
from core.models import PlatformSetting, User
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


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def still_valid(user: User, claims: dict[str, Any]) -> bool:
    """Was the token issued after the user's last "revoke all my tokens"?"""
    if user.tokens_valid_after is None:
        return True
    return float(claims["iat"]) >= aware(user.tokens_valid_after).timestamp()


async def principal_for(session: AsyncSession, policies: PolicyStore, claims: dict[str, Any]) -> Principal:
    """The principal behind verified ``claims``: one query for the user and the revocation of
    the token (by primary key), then the policy version and the user's assignments."""
    revoked = sa.exists().where(col(RevokedToken.jti) == str(claims["jti"])).label("revoked")
    row = (await session.exec(select(User, revoked).where(User.username == str(claims["sub"])))).first()
    if row is None or not row[0].is_active:
        raise InvalidToken("unknown or inactive user")
    user, is_revoked = row
    if is_revoked or not still_valid(user, claims):
        raise InvalidToken("the token was revoked")
    return await principal_of(session, user, await policies.current(session))


def anonymous() -> Principal:
    """Nobody: no tenant, no assignments, so the access layer grants nothing."""
    return Principal(username="")
