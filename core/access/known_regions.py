"""Regions by path, kept with the policy's version: found without a statement once read.

Nearly every request names a region by its path (a rollup's ``under``, a new record's ``region``),
and reading it was a statement of its own: 1 of the README rollup's 4, 1 of a write's 6. Regions
change rarely (the tree's maintenance, a population revised), so a worker keeps those it has read,
in :class:`KnownRegions`, held by the policy snapshot of the version the request's token check
read (:class:`core.access.policy.Policy`). Every change to a region bumps that version in its own
transaction (the listeners below: an ORM flush that adds, changes or deletes a region, and an ORM
``UPDATE``/``DELETE`` of the ``region`` table), so every worker's next request reloads the policy
and starts with nothing kept, as it does for a permission change.

What is kept is the row's columns, shared by no session: each request gets its own copy in its
session (``merge(load=False)``: no statement), or the session's own row where it has one. A
session that changed a region itself reads from the database for the rest of its life, since its
policy snapshot predates its change. Whether the caller may see the region is decided afterwards
as before (:func:`core.access.grants.region_at`); under row-level security a miss reads only what
the transaction's scope shows.
"""

import copy
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import PolicyVersion, Region

KEPT = 4096
"""Regions kept per worker (the least recently used dropped past it)."""

CHANGED = "wushe.regions_changed"
"""The key in a session's ``info`` set once the session changed a region."""

_COLUMNS = tuple(attribute.key for attribute in sa.inspect(Region).column_attrs)


class KnownRegions:
    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self.rows: OrderedDict[str, Region] = OrderedDict()

    def get(self, path: str) -> Region | None:
        row = self.rows.get(path)
        if row is not None:
            self.rows.move_to_end(path)
        return row

    def keep(self, row: Region) -> None:
        kept = Region(**{name: copy.deepcopy(getattr(row, name)) for name in _COLUMNS})
        make_transient_to_detached(kept)
        self.rows[kept.path] = kept
        while len(self.rows) > self.size:
            self.rows.popitem(last=False)


async def find(session: AsyncSession, path: str, known: KnownRegions | None) -> Region | None:
    """The region at ``path`` (already stripped of slashes), whoever may see it: from ``known`` when
    it holds it and ``session`` changed no region, else one statement (then kept)."""
    usable = known is not None and not session.sync_session.info.get(CHANGED)
    kept = known.get(path) if usable and known is not None else None
    if kept is not None:
        present = session.identity_map.get(identity_key(Region, kept.id))
        if present is None:
            region = await session.merge(kept, load=False)
            for name in ("attributes", "maintained"):  # JSON: this request's own, mutable without touching the kept row
                sa.orm.attributes.set_committed_value(region, name, copy.deepcopy(getattr(kept, name)))
            return region
        state: Any = sa.inspect(present)
        if "path" not in state.unloaded and present.path == path:
            return present
    found = (await session.exec(select(Region).where(col(Region.path) == path))).first()
    if found is not None and usable and known is not None:
        known.keep(found)
    return found


def _bump(session: Session) -> None:
    """Move the policy's version in ``session``'s transaction (every worker drops what it kept)."""
    session.info[CHANGED] = True
    for row in list(session.identity_map.values()):  # an ORM bump later in the session reads the moved version
        if isinstance(row, PolicyVersion):
            session.expire(row)
    table = PolicyVersion.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    moved = connection.execute(table.update().where(table.c.id == 1).values(version=table.c.version + 1))
    if moved.rowcount == 0:
        connection.execute(table.insert().values(id=1, version=1))


@event.listens_for(Session, "before_flush")
def _regions_flushed(session: Session, _context: Any, _instances: Any) -> None:
    if any(isinstance(row, Region) for row in (*session.new, *session.deleted)) or any(
        isinstance(row, Region) and session.is_modified(row, include_collections=False) for row in session.dirty
    ):
        _bump(session)


@event.listens_for(Session, "do_orm_execute")
def _regions_updated(state: Any) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None and state.bind_mapper.class_ is Region:
        _bump(state.session)
