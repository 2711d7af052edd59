"""Ending a request's session so that PostgreSQL keeps what it prepared.

psycopg 3 prepares a statement on a connection once it has run a few times there, and forgets
every prepared statement of the connection on ``ROLLBACK`` (a rolled-back transaction may have
taken its ``PREPARE`` with it). A session closed with its transaction open is rolled back: every
read-only request then threw away the plans of the statements it had run, and the next request
planned them again. A transaction that wrote nothing loses nothing by ending with ``COMMIT``
instead, which keeps them; one that wrote, failed or is not PostgreSQL's is rolled back as before.
"""

from typing import Any

import sqlalchemy as sa
from psycopg.pq import TransactionStatus
from sqlalchemy.orm import ORMExecuteState, Session
from sqlmodel.ext.asyncio.session import AsyncSession

WROTE = "wushe.wrote"
"""Set in a session's ``info`` from its first write until its transaction ends."""


def track_writes(session_class: type[Session]) -> None:
    """Mark in ``info`` a session whose transaction flushed or ran an INSERT, UPDATE or DELETE."""
    sa.event.listen(session_class, "after_flush", _flushed)
    sa.event.listen(session_class, "do_orm_execute", _executed)
    sa.event.listen(session_class, "after_commit", _ended)
    sa.event.listen(session_class, "after_rollback", _ended)


def _flushed(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def _ended(session: Session) -> None:
    session.info.pop(WROTE, None)


async def close(session: AsyncSession) -> None:
    """Close ``session``, committing first a PostgreSQL transaction that is open, sound and wrote nothing."""
    try:
        if await _read_only_and_open(session):
            await session.commit()
    except sa.exc.SQLAlchemyError:  # a transaction left invalid by an error: closing rolls it back
        pass
    finally:
        await session.close()


async def _read_only_and_open(session: AsyncSession) -> bool:
    if not session.in_transaction() or session.info.get(WROTE) or session.new or session.dirty or session.deleted:
        return False
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        return False
    driver = (await connection.get_raw_connection()).driver_connection
    return driver is not None and driver.info.transaction_status == TransactionStatus.INTRANS
