"""The request's one database session, taken in turn, and who it runs for: what the resolvers
and the DataLoaders share (:class:`core.web.graphql.context.Context` adds the loaders)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, TypeVar, TypeVarTuple, overload

import sqlalchemy as sa
from sqlalchemy.engine import Result, ScalarResult
from sqlalchemy.sql.base import Executable
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar
from strawberry.litestar import BaseContext

from core.access.grants import Principal
from core.db import closing, tenancy
from core.errors import WusheError
from core.platform import Platform

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class RequestFinished(WusheError, RuntimeError):
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
            await closing.close(session)


SCOPE_KEY = "wushe.session"
"""Where, in the ASGI scope's ``state``, an HTTP request's :class:`RequestDatabase` is kept."""


class RequestDatabase:
    """An HTTP request's one database session and its lock: the authentication middleware
    (:mod:`core.web.auth`) opens it, checks the token on it, and closes it once the response is
    sent; the GraphQL context (:mod:`.context`) uses it in between."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.lock = SessionLock()

    @classmethod
    def open(cls, scope: Any, platform: Platform) -> "RequestDatabase":
        """The request's database, opened now if it was not (no connection is taken until used)."""
        state = scope.setdefault("state", {})
        database = state.get(SCOPE_KEY)
        if database is None:
            # nobody's until the token check says whose (core.access.tokens.principal_for)
            database = state[SCOPE_KEY] = cls(platform.session_as(tenancy.NOBODY))
        return database

    @staticmethod
    def of(scope: Any) -> "RequestDatabase | None":
        """The request's database, if one was opened."""
        return scope.get("state", {}).get(SCOPE_KEY)

    async def move_to(self, session: AsyncSession) -> None:
        """From now on the request uses ``session`` (the read replica's, :mod:`.reads`); the one it
        had is ended first (the token check's read-only transaction committed, its connection given back)."""
        async with self.lock:
            previous, self.session = self.session, session
            await closing.close(previous)

    async def close(self) -> None:
        await self.lock.close(self.session)


class RequestSession(BaseContext, kw_only=True):
    """The platform, the principal, and the request's session with its lock."""

    platform: Platform
    principal: Principal | None
    """None only for the IDE page (development), which runs no resolver."""
    session: AsyncSession
    lock: SessionLock

    @property
    def who(self) -> Principal:
        """The principal the authentication middleware put in the request's scope."""
        if self.principal is None:
            raise RuntimeError("this request was not authenticated: it has no principal")
        return self.principal

    # sqlmodel's SelectOfScalar (select(Model), visible(Model)) subclasses SQLAlchemy's Select, and
    # sqlmodel's exec answers it with the rows' objects rather than tuples: the first overload
    # wins, as at run time, but mypy sees the overlap, which the libraries' classes make unavoidable.
    @overload
    async def exec(self, statement: SelectOfScalar[T]) -> ScalarResult[T]: ...  # type: ignore[overload-overlap]

    @overload
    async def exec(self, statement: sa.Select[*Ts]) -> Result[*Ts]: ...

    @overload
    async def exec(self, statement: Executable) -> Result[*tuple[Any, ...]]: ...

    async def exec(self, statement: Any) -> Any:
        """Run one statement; resolvers run concurrently, so the session is used in turn."""
        async with self.lock:
            return await self.session.exec(statement)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One root mutation's writes, in the session's turn: committed when the block ends,
        rolled back (and the error raised on) when it raises. Root mutations run one after the
        other, and each commits on its own."""
        async with self.lock:
            try:
                yield self.session
                await self.session.commit()
            except BaseException:
                await self.session.rollback()
                raise
