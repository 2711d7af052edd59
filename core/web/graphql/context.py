"""The per-request context: the request's session (:mod:`core.web.graphql.session`) and its
DataLoaders. Everything that lives for one request lives here, created by :func:`get_context`."""

from collections.abc import AsyncIterator

from litestar.types import Scope
from strawberry.types import Info as _Info

from core.platform import Platform
from core.web.graphql.dataloaders import Loaders
from core.web.graphql.session import RequestSession, SessionLock


class Context(RequestSession, kw_only=True):
    loaders: Loaders
    """created for this request; never shared with another"""


Info = _Info[Context, None]
"""What every resolver's ``info`` is: strawberry's Info with this context."""


async def get_context(scope: Scope) -> AsyncIterator[Context]:
    """Litestar dependency: a context per request, closing its session afterwards (see
    :class:`~core.web.graphql.session.SessionLock`: not while anything still uses it).

    It takes the ASGI scope (valid for HTTP and WebSocket handlers alike): the app, and the
    principal the authentication middleware put there (absent only for the IDE page, in
    development)."""
    platform: Platform = scope["litestar_app"].state.wushe
    principal = scope.get("user")
    lock = SessionLock()
    async with platform.sessions() as session:
        request = RequestSession(platform=platform, principal=principal, session=session, lock=lock)
        context = Context(
            platform=platform, principal=principal, session=session, lock=lock, loaders=Loaders(request)
        )
        try:
            yield context
        finally:
            await lock.close(session)
