"""Bearer tokens and the principal behind them.

Tokens are JWTs with issuer, audience, expiry, not-before, issued-at and a unique id (``jti``),
signed (HS256 only) with the platform's key: ``WUSHE_SECRET_KEY`` or the key ``wushe init``
generated and stored. A token is refused when any of those checks fails, when its ``jti`` was
revoked (logout), when it was issued before its user's ``tokens_valid_after`` (every token of the
user revoked, the password changed) or when its user is unknown or inactive.

A request without an ``Authorization`` header is let through only for the ``login`` mutation,
with an anonymous principal that the access layer grants nothing; anything else without a token,
and every bad token, gets 401.
"""

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt
import sqlalchemy as sa
from litestar.connection import ASGIConnection, Request
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import Receive, Scope, Send
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import json_input
from core.access import Principal
from core.models import PlatformSetting, User
from core.models.user import RevokedToken

if TYPE_CHECKING:
    from core.permissions.policy import PolicyStore

ISSUER = "wushe"
AUDIENCE = "wushe-api"
ALGORITHM = "HS256"
SECRET_SETTING = "token_secret"

logger = logging.getLogger(__name__)

ANONYMOUS_MUTATIONS = frozenset({"login"})
"""The only root fields a request without a token may ask for (with ``__typename``)."""

ANONYMOUS_BODY_LIMIT = 16 * 1024
"""A login request is small; an anonymous body larger than this is refused unread."""

BAD_TOKEN = "invalid token: expired, revoked or not issued here; sign in again"
"""What every refused token is told, whatever the reason (expired, revoked, forged, malformed)."""

NO_TOKEN = "send Authorization: Bearer <token> (sign in with the login mutation or `wushe login`)"


class InvalidToken(Exception):
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


async def principal_for(session: AsyncSession, policies: "PolicyStore", claims: dict[str, Any]) -> Principal:
    """The principal behind verified ``claims``: one query for the user and the revocation of
    the token (by primary key), then the policy version and the user's assignments."""
    from core.permissions.principal import principal_of

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


def anonymous_operation(body: bytes) -> bool:
    """Is this GraphQL request (JSON) one operation asking only for ``login``?"""
    from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
    from graphql.language import FieldNode

    try:
        request = json_input.loads(body)  # bounded nesting: json.loads alone overflows the stack
    except ValueError:
        return False
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return False
    try:
        document = parse(request["query"], no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = request.get("operationName")
    if name:
        operations = [o for o in operations if o.name is not None and o.name.value == name]
    if len(operations) != 1 or operations[0].operation != OperationType.MUTATION:
        return False
    selections = operations[0].selection_set.selections
    return all(
        isinstance(s, FieldNode) and (s.name.value in ANONYMOUS_MUTATIONS or s.name.value == "__typename")
        for s in selections
    )


def _login_candidate(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """A small JSON POST without a token: it may be a login; its body decides."""
    if connection.scope["type"] != "http" or connection.scope.get("method") != "POST":
        return False
    if "authorization" in connection.headers:
        return False
    if connection.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return False
    length = connection.headers.get("content-length", "")
    return length.isascii() and length.isdigit() and int(length) <= ANONYMOUS_BODY_LIMIT


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """``Authorization: Bearer <token>`` → the principal of an active user, or 401.

    ``request.user`` is the principal and ``request.auth`` the token's claims (None for the
    anonymous login request)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _login_candidate(ASGIConnection(scope)):
            # read here, where ``receive`` is at hand; the body stays in the connection state, where
            # authenticate_request and then the GraphQL handler find it
            await Request(scope, receive).body()
        await super().__call__(scope, receive, send)

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        platform = connection.app.state.wushe
        header = connection.headers.get("authorization")
        if header is None:
            if _login_candidate(connection) and anonymous_operation(await Request(connection.scope).body()):
                return AuthenticationResult(user=anonymous(), auth=None)
            raise NotAuthorizedException(NO_TOKEN)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException(NO_TOKEN)
        try:
            claims = read_token(token.strip(), platform.signing_key)
            async with platform.sessions() as session:
                principal = await principal_for(session, platform.policies, claims)
        except InvalidToken as error:  # why, for the server's log only: clients learn nothing of it
            logger.warning("bearer token refused: %s", error)
            raise NotAuthorizedException(BAD_TOKEN) from None
        return AuthenticationResult(user=principal, auth=claims)
