"""Bearer tokens and the principal behind them.

Tokens are JWTs (HS256) with issuer, audience, expiry and a unique id, signed with the
platform's key: ``WUSHE_SECRET_KEY`` or the key ``wushe init`` generated and stored.
"""

import datetime as dt
import secrets
import uuid

from typing import Any

import jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import PlatformSetting

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


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """``Authorization: Bearer <token>`` → the principal of an active user, or 401."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        from core.permissions.principal import UnknownUser

        platform = connection.app.state.wushe
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("send Authorization: Bearer <token> (get one with `wushe token USER`)")
        try:
            claims = read_token(token.strip(), platform.signing_key)
            async with platform.sessions() as session:
                principal = await platform.principal(session, str(claims["sub"]))
        except (InvalidToken, UnknownUser) as error:
            raise NotAuthorizedException(f"invalid token: {error}") from None
        return AuthenticationResult(user=principal, auth=claims)
