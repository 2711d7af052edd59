"""Who is signed in to the console: the same bearer token as the API's, kept in a cookie.

Signing in (:func:`core.services.accounts.sign_in`, with the same throttle) issues the token the
``login`` mutation would; the console keeps it in an ``HttpOnly``, ``SameSite=Strict`` cookie
(``Secure`` outside development), so page scripts never read it. Every request reads the principal
behind it exactly as :mod:`core.web.auth` does for ``Authorization: Bearer`` (revoked, expired or
inactive: signed out), and signing out revokes it like ``logout``.

Every unsafe request (``POST``) carries a CSRF token (Litestar's :class:`~litestar.middleware.csrf.CSRFMiddleware`,
a token signed with a key derived from the platform's signing key, in a form field or the
``X-CSRFToken`` header htmx sends), checked against its own ``HttpOnly``, ``SameSite=Strict`` cookie.
None of this touches ``/graphql``: its clients send their token in the header as before.
"""

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.access.tokens import InvalidToken, principal_for, read_token
from core.db import tenancy
from core.errors import WusheError
from core.platform import Platform

SESSION_COOKIE = "wushe_console"
CSRF_COOKIE = "wushe_csrf"
CSRF_HEADER = "x-csrftoken"
CONSOLE_PATH = "/console"
SIGN_IN_PATH = f"{CONSOLE_PATH}/sign-in"


class SignInNeeded(WusheError):
    """No console session, or one whose token is no longer valid: sign in (again)."""


def platform_of(request: Request[Any, Any, Any]) -> Platform:
    platform: Platform = request.app.state.wushe
    return platform


def session_cookie(platform: Platform, token: str | None, max_age: int | None = None) -> Cookie:
    """The cookie that holds the token (``None``: the cookie that removes it)."""
    return Cookie(
        key=SESSION_COOKIE, value=token or "", path="/", httponly=True, samesite="strict",
        secure=not platform.settings.development, max_age=max_age if token else 0,
    )


@dataclass
class Acting:
    """A console request's database session and the principal it acts for."""

    session: AsyncSession
    who: Principal
    claims: dict[str, Any]
    platform: Platform


async def _principal(session: AsyncSession, platform: Platform, token: str | None) -> tuple[Principal, dict[str, Any]]:
    if not token:
        raise SignInNeeded("no console session")
    try:
        claims = read_token(token, platform.signing_key)
        return await principal_for(session, platform.policies, claims), claims
    except InvalidToken as error:
        raise SignInNeeded(str(error)) from None


@asynccontextmanager
async def acting(request: Request[Any, Any, Any], *, write: bool = False) -> AsyncIterator[Acting]:
    """The request's principal, read from its cookie on a session the handler then uses; with
    ``write``, the session is one transaction, committed when the block ends without an error."""
    platform = platform_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    # nobody's until the token check says whose (core.access.tokens.principal_for sets the scope)
    if write:
        async with platform.session_as(tenancy.NOBODY) as session, session.begin():
            who, claims = await _principal(session, platform, token)
            yield Acting(session, who, claims, platform)
    else:
        async with platform.session_as(tenancy.NOBODY) as session:
            who, claims = await _principal(session, platform, token)
            yield Acting(session, who, claims, platform)


def csrf_secret(signing_key: str) -> str:
    """The CSRF tokens' key: derived from the signing key, so every worker agrees on it."""
    return hmac.new(signing_key.encode(), b"wushe console csrf", hashlib.sha256).hexdigest()


class ConsoleCSRF(CSRFMiddleware):
    """Litestar's CSRF check for the console's routes, its key derived from the platform's signing
    key (loaded at start-up, after the middleware is made)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.config.secret:
            self.config.secret = csrf_secret(scope["litestar_app"].state.wushe.signing_key)
        await super().__call__(scope, receive, send)


def csrf_config(platform: Platform) -> CSRFConfig:
    return CSRFConfig(
        secret="", cookie_name=CSRF_COOKIE, header_name=CSRF_HEADER, cookie_httponly=True, cookie_samesite="strict",
        cookie_secure=not platform.settings.development,
    )
