"""The per-request context: platform, principal, one database session and the DataLoaders."""

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from litestar.types import Scope
from sqlalchemy.engine import Result
from strawberry.litestar import BaseContext
from strawberry.types import Info as _Info

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from core.access import Principal
    from core.platform import Platform


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
    """Litestar dependency: a context per request, closing its session afterwards.

    It takes the ASGI scope (valid for HTTP and WebSocket handlers alike): the app, and the
    principal the authentication middleware put there."""
    from core.graphql.dataloaders import Loaders

    platform: Platform = scope["litestar_app"].state.wushe
    async with platform.sessions() as session:
        context = Context(
            platform=platform,
            principal=scope.get("user"),  # absent only for the IDE page (development)
            session=session,
            lock=asyncio.Lock(),
            loaders=None,
        )
        context.loaders = Loaders(context)
        yield context
