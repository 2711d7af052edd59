"""The per-request context: the request's session (:mod:`core.web.graphql.session`) and its
DataLoaders. Everything that lives for one request lives here, created by :func:`get_context`."""

from collections.abc import AsyncIterator

from litestar.types import Scope
from strawberry.types import Info as _Info

from core.platform import Platform
from core.web.graphql.dataloaders import Loaders
from core.web.graphql.session import RequestDatabase, RequestSession


class Context(RequestSession, kw_only=True):
    loaders: Loaders
    """created for this request; never shared with another"""


Info = _Info[Context, None]
"""What every resolver's ``info`` is: strawberry's Info with this context."""


async def get_context(scope: Scope) -> AsyncIterator[Context]:
    """Litestar dependency: a context per request, on the request's session.

    It takes the ASGI scope (valid for HTTP and WebSocket handlers alike): the app, the principal
    the authentication middleware put there (absent only for the IDE page, in development), and
    the session it checked the token on (:class:`~core.web.graphql.session.RequestDatabase`),
    which it closes once the response is sent. Without one (a WebSocket, a sign-in without a
    token) the context has a session of its own, closed when the handler is done (see
    :class:`~core.web.graphql.session.SessionLock`: not while anything still uses it)."""
    platform: Platform = scope["litestar_app"].state.wushe
    principal = scope.get("user")
    shared = RequestDatabase.of(scope)
    database = shared or RequestDatabase(platform.sessions())
    session, lock = database.session, database.lock
    request = RequestSession(platform=platform, principal=principal, session=session, lock=lock)
    context = Context(platform=platform, principal=principal, session=session, lock=lock, loaders=Loaders(request))
    try:
        yield context
    finally:
        if shared is None:
            await database.close()
