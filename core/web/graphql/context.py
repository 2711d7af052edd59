"""The per-request context: platform, principal, one database session and the DataLoaders."""

import asyncio
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from litestar.types import Scope
from sqlalchemy.engine import Result
from strawberry.litestar import BaseContext
from strawberry.types import Info as _Info

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from core.access.grants import Principal
    from core.platform import Platform


class RequestFinished(RuntimeError):
    """Work of a request that has already been answered asked for its session, which is closed."""


class SessionLock:
    """The turn of the request's one session: resolvers and DataLoaders run concurrently and take it
    for every use of the session.

    When the request ends, :meth:`close` waits for the holder to finish, closes the session under
    the lock, and from then on refuses every taker with :class:`RequestFinished`. Work that outlives
    its request (a DataLoader batch started beside a field whose error ended the request, a sibling
    graphql-core lets settle in the background) therefore never runs on a closed session, and the
    session is never closed under a running statement."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self.closed = False

    async def __aenter__(self) -> None:
        await self._lock.acquire()
        if self.closed:
            self._lock.release()
            raise RequestFinished("the request is over; its database session is closed")

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    async def close(self, session: Any) -> None:
        """Close ``session`` once no one uses it; refuse every later taker."""
        async with self._lock:
            self.closed = True
            await session.close()


class Context(BaseContext, kw_only=True):
    platform: Any
    principal: Any
    session: Any
    lock: Any
    loaders: Any

    @property
    def db(self) -> "AsyncSession":
        return self.session  # type: ignore[no-any-return]

    @property
    def who(self) -> "Principal":
        return self.principal  # type: ignore[no-any-return]

    async def exec(self, statement: Any) -> Result[Any]:
        """Run one statement; resolvers run concurrently, so the session is used in turn."""
        async with self.lock:
            return await self.session.exec(statement)  # type: ignore[no-any-return]


Info = _Info[Context, None]


async def get_context(scope: Scope) -> AsyncIterator[Context]:
    """Litestar dependency: a context per request, closing its session afterwards (see
    :class:`SessionLock`: not while anything still uses it).

    It takes the ASGI scope (valid for HTTP and WebSocket handlers alike): the app, and the
    principal the authentication middleware put there."""
    from core.web.graphql.dataloaders import Loaders

    platform: Platform = scope["litestar_app"].state.wushe
    lock = SessionLock()
    async with platform.sessions() as session:
        context = Context(
            platform=platform,
            principal=scope.get("user"),  # absent only for the IDE page (development)
            session=session,
            lock=lock,
            loaders=None,
        )
        context.loaders = Loaders(context)
        try:
            yield context
        finally:
            await lock.close(session)
