"""Bearer tokens and the principal behind them.

Tokens are JWTs (HS256) with issuer, audience, expiry and a unique id, signed with the
platform's key: ``WUSHE_SECRET_KEY`` or the key ``wushe init`` generated and stored.
"""

import datetime as dt
import secrets
import uuid

import jwt
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import Principal
from core.models import PlatformSetting, User

ISSUER = "wushe"
AUDIENCE = "wushe-api"
ALGORITHM = "HS256"
SECRET_SETTING = "token_secret"


class InvalidToken(Exception):
    """The token is missing, malformed, expired, for another audience or for an unknown user."""


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


def issue_token(username: str, key: str, *, ttl: dt.timedelta, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    claims = {
        "sub": username,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_token(token: str, key: str) -> dict[str, object]:
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat", "iss", "aud", "jti"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error


async def principal_for(session: AsyncSession, username: str) -> Principal:
    """The principal of an active user. Tenant users get their scopes from role assignments."""
    user = (await session.exec(select(User).where(User.username == username))).first()
    if user is None or not user.is_active:
        raise InvalidToken(f"unknown or inactive user {username!r}")
    if user.is_platform_admin:
        return Principal(username=user.username, user_id=user.id, platform_admin=True)
    return Principal(username=user.username, user_id=user.id, tenant_id=user.tenant_id)
