"""Row-level security on PostgreSQL: which tenant a transaction works for, the second wall.

The access layer (:mod:`core.access`) filters every query by the principal's grants; should new code
forget a filter, PostgreSQL's row-level security still keeps each tenant's rows to that tenant. Every
table with a ``tenant_id`` column has two policies (:func:`protect`):

- ``tenant_rows``: a row is visible, and may be written, when its ``tenant_id`` is the transaction's
  ``wushe.tenant`` setting;
- ``platform_rows``: every row, when the transaction's ``wushe.platform`` setting is ``on``:
  platform-wide work, said deliberately (:data:`PLATFORM`).

Both settings are set with ``set_config(…, true)``: they last until the transaction ends, so a pooled
connection never carries them to the next request. A transaction that set neither sees no row of a
tenant table and may write none (``WITH CHECK``).

A session says whom it works for in its ``info`` (:data:`SCOPE_INFO`, a :class:`Scope`); every
transaction it begins sets the settings first (:func:`apply_on_begin`), and :func:`use` changes them
in the open one. The policies bind only a role that neither owns the tables nor is a superuser (nor
has ``BYPASSRLS``): the application's role in production (:mod:`core.db.roles`). The owner, which
migrates, is not bound (no ``FORCE ROW LEVEL SECURITY``): docs/security.md says why. SQLite has no
row-level security: there the settings are never sent.
"""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction
from sqlmodel.ext.asyncio.session import AsyncSession

TENANT_SETTING = "wushe.tenant"
PLATFORM_SETTING = "wushe.platform"
SCOPE_INFO = "wushe.scope"
"""Where a session keeps its :class:`Scope` (``session.info``)."""
_APPLIED = "wushe.scope.applied"
"""The scope the session's open transaction has set on the server."""
TENANT_POLICY = "tenant_rows"
PLATFORM_POLICY = "platform_rows"


@dataclass(frozen=True)
class Scope:
    """Whom a transaction works for: one tenant, the whole platform, or nobody."""

    tenant_id: int | None = None
    platform: bool = False

    def __str__(self) -> str:
        return "platform-wide" if self.platform else f"tenant {self.tenant_id}" if self.tenant_id else "nobody"


NOBODY = Scope()
"""No tenant: the policies show no row of a tenant table and accept none."""
PLATFORM = Scope(platform=True)
"""Platform-wide work: every tenant's rows (maintenance, the CLI, a platform administrator)."""


def tenant(tenant_id: int) -> Scope:
    return Scope(tenant_id=tenant_id)


_SET = sa.text(
    f"SELECT set_config('{TENANT_SETTING}', :tenant, true), set_config('{PLATFORM_SETTING}', :platform, true)"
)


def _parameters(scope: Scope) -> dict[str, str]:
    return {"tenant": str(scope.tenant_id or ""), "platform": "on" if scope.platform else ""}


def scope_of(session: Any) -> Scope:
    """The scope of ``session`` (a sync or an async session): :data:`NOBODY` unless one was given."""
    found = session.info.get(SCOPE_INFO)
    return found if isinstance(found, Scope) else NOBODY


def apply_on_begin(session_class: type[Session]) -> None:
    """Make every transaction that a session of ``session_class`` begins on PostgreSQL set the
    session's scope first (a statement of its own; none for :data:`NOBODY`, which is unset already)."""
    sa.event.listen(session_class, "after_begin", _begun)
    sa.event.listen(session_class, "after_transaction_end", _ended)


def _begun(session: Session, _transaction: SessionTransaction, connection: sa.Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    scope = scope_of(session)
    if scope != session.info.get(_APPLIED, NOBODY):
        connection.execute(_SET, _parameters(scope))
    session.info[_APPLIED] = scope


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the server's transaction is over, and its settings with it
        session.info.pop(_APPLIED, None)


async def use(session: AsyncSession, scope: Scope) -> None:
    """From now on ``session`` works for ``scope``: in its open transaction (at once) and in every
    one it begins later."""
    session.info[SCOPE_INFO] = scope
    if not session.in_transaction():
        return
    connection = await session.connection()
    if connection.dialect.name != "postgresql" or session.info.get(_APPLIED, NOBODY) == scope:
        return
    await connection.execute(_SET, _parameters(scope))
    session.info[_APPLIED] = scope


def applied(session: AsyncSession, scope: Scope) -> None:
    """Record that a statement of the caller's, run in ``session``'s open transaction, set ``scope``
    itself (the token check folds it into the statement that finds the user: no round trip of its
    own); later transactions set it as :func:`use` would."""
    session.info[SCOPE_INFO] = scope
    session.info[_APPLIED] = scope


def sessions_like(sessions: async_sessionmaker[AsyncSession], scope: Scope) -> async_sessionmaker[AsyncSession]:
    """A session factory like ``sessions`` (its engine, session class and listeners, its ``info``)
    whose sessions work for ``scope``: for work done for a principal in transactions of its own."""
    kw = dict(sessions.kw)
    kw["info"] = {**kw.get("info", {}), SCOPE_INFO: scope}
    return async_sessionmaker(class_=sessions.class_, **kw)


@asynccontextmanager
async def widened(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """``session`` platform-wide for the block, then as it was: for a read that spans tenants on
    purpose (the permissions of every tenant, which one policy holds), never for a principal's data."""
    before = scope_of(session)
    await use(session, PLATFORM)
    try:
        yield session
    except BaseException:
        # put back in a transaction that goes on; one the error aborted runs nothing more and is
        # rolled back, and the next begins with ``before``
        session.info[SCOPE_INFO] = before
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            await use(session, before)
        raise
    await use(session, before)


# ---------------------------------------------------------------- the policies (as the owner)


def _current(setting: str) -> str:
    # in a sub-select: evaluated once a statement, not once a row
    return f"(SELECT current_setting('{setting}', true))"


TENANT_CONDITION = f"tenant_id = (SELECT NULLIF(current_setting('{TENANT_SETTING}', true), '')::integer)"
PLATFORM_CONDITION = f"{_current(PLATFORM_SETTING)} = 'on'"


def protect_statements(table: str) -> list[str]:
    """The statements that put ``table`` (which has a ``tenant_id`` column) under the policies (idempotent)."""
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {TENANT_POLICY} ON "{table}"',
        f'CREATE POLICY {TENANT_POLICY} ON "{table}" USING ({TENANT_CONDITION}) WITH CHECK ({TENANT_CONDITION})',
        f'DROP POLICY IF EXISTS {PLATFORM_POLICY} ON "{table}"',
        f'CREATE POLICY {PLATFORM_POLICY} ON "{table}" USING ({PLATFORM_CONDITION}) WITH CHECK ({PLATFORM_CONDITION})',
    ]


def unprotect_statements(table: str) -> list[str]:
    return [
        f'DROP POLICY IF EXISTS {TENANT_POLICY} ON "{table}"',
        f'DROP POLICY IF EXISTS {PLATFORM_POLICY} ON "{table}"',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
    ]


def protect(connection: sa.Connection, table: str) -> None:
    """As the owner, on PostgreSQL: put ``table`` under the policies (nothing on SQLite)."""
    if connection.dialect.name == "postgresql":
        for statement in protect_statements(table):
            connection.exec_driver_sql(statement)


def unprotect(connection: sa.Connection, table: str) -> None:
    if connection.dialect.name == "postgresql":
        for statement in unprotect_statements(table):
            connection.exec_driver_sql(statement)


_TENANT_TABLES = sa.text(
    "SELECT c.relname, c.relrowsecurity AND EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid "
    f"AND p.polname = '{TENANT_POLICY}') AS protected FROM pg_class c "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
    "WHERE c.relkind IN ('r', 'p') AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY c.relname"
)


def tenant_tables(connection: sa.Connection) -> dict[str, bool]:
    """PostgreSQL: the tables of the current schema that have a ``tenant_id`` column, and whether each
    is under the policies."""
    return {row.relname: bool(row.protected) for row in connection.execute(_TENANT_TABLES)}


def protect_all(connection: sa.Connection) -> list[str]:
    """As the owner, on PostgreSQL: put every table with a ``tenant_id`` column that is not under the
    policies yet under them (a plugin's tables among them); returns their names."""
    if connection.dialect.name != "postgresql":
        return []
    missing = [table for table, protected in tenant_tables(connection).items() if not protected]
    for table in missing:
        protect(connection, table)
    return missing


# ---------------------------------------------------------------- connections without a session


async def set_on(connection: Any, scope: Scope) -> None:
    """Set ``scope`` in the transaction of ``connection`` (an async connection; begins one):
    for work that runs on a connection rather than a session (``wushe summaries``)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(_SET, _parameters(scope))


def scope_engine(engine: Any, scope: Scope) -> None:
    """Make every transaction begun on a connection of ``engine`` (an async engine) work for
    ``scope``: for an engine that only platform work uses (the keeper of past days' counts, the
    sign-in throttle), never for the requests' engine, whose sessions each say their own."""
    sync_engine = engine.sync_engine
    if sync_engine.dialect.name != "postgresql":
        return

    def begin(connection: sa.Connection) -> None:
        connection.execute(_SET, _parameters(scope))

    sa.event.listen(sync_engine, "begin", begin)
