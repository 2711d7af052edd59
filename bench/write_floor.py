"""The floor of a write: what a create's own statements cost when the bare driver sends them.

``createVolunteer`` runs, after the token's check that ``{ __typename }`` runs too, an ``INSERT`` and
then the summaries' statements with the ``COMMIT``, each group one trip to the database
(:mod:`core.db.queue`). However fast the Python around them, a create cannot cost less than
``{ __typename }`` plus those trips. :func:`capture` records them, statements and parameters as the
driver got them, from one create through the in-process app; :func:`replay` sends them again with
psycopg (in its pipeline, as the platform does) or sqlite3 (on this thread, no hop), with nothing
else around them, and times the trips that ``{ __typename }`` does not make.

Each replayed create is a real one: a new volunteer row, and the summaries' statements told the new
row's id where they read the row they add, so the summaries stay what a recomputation gives (the
test checks it). The token's check runs first in each replayed transaction, untimed: on PostgreSQL
it sets the tenant that row-level security reads (docs/operators.md).

``bench/http_stack.py`` prints the floor beside the HTTP figures of the same run: the least the
create could measure against ``{ __typename }`` if everything in Python cost nothing.
"""

import json
import sqlite3
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from core.config import Settings
from core.db import POSTGRESQL_OPTIONS, _sqlite_pragmas
from core.platform import Platform
from core.web.app import create_app
from core.web.graphql.ids import parse_id

Statement = tuple[str, Any]
"""(SQL, parameters) as the driver got them."""


@dataclass
class Captured:
    """One create's statements, grouped by trip."""

    backend: str
    """``postgresql`` or ``sqlite``"""
    table: str
    """the table the create wrote its row to"""
    first: list[Statement]
    """the token's check: the trip ``{ __typename }`` makes too"""
    trips: list[list[Statement]]
    """the create's own trips: the ``INSERT``, then the queued statements and ``COMMIT``"""
    row_id: int
    """the id of the row the create wrote (the statements that read it name it)"""


class _Recorder:
    """Groups an engine's statements by trip while on: a statement queued for the next trip (its
    cursor None, :func:`core.db.queue.queue`) travels with the next one run or with the commit."""

    def __init__(self, engine: sa.Engine) -> None:
        self.on = False
        self.trips: list[list[Statement]] = []
        self.pending: list[Statement] = []
        sa.event.listen(engine, "before_cursor_execute", self._statement)
        sa.event.listen(engine, "commit", self._commit)

    def _statement(self, _conn: Any, cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if not self.on:
            return
        self.pending.append((statement, parameters))
        if cursor is not None:
            self.trips.append(self.pending)
            self.pending = []

    def _commit(self, _conn: Any) -> None:
        if self.on:
            self.trips.append([*self.pending, ("COMMIT", None)])
            self.pending = []


async def capture(url: str, owner: str | None, token: str, query: str, variables: dict[str, Any]) -> Captured:
    """Run the mutation ``query`` twice through the in-process app, as the bearer of ``token``, and
    record the second's statements by trip (the first fills what a running server keeps between
    requests). The mutation must create one row and answer its ``result { id }``."""
    platform = Platform.create(Settings(database_url=url, owner_database_url=owner, env="development",
                                        rate_limit_per_minute=0))
    recorder = _Recorder(platform.engine.sync_engine)
    try:
        await platform.load_signing_key()
        app = create_app(platform)
        async with app.lifespan(), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                     base_url="http://floor") as client:
            headers = {"Authorization": f"Bearer {token}"}
            for recording in (False, True):  # the first warms what the process keeps (the place's region)
                recorder.on = recording
                answer = (await client.post("/graphql", json={"query": query, "variables": variables},
                                            headers=headers)).json()
            recorder.on = False
    finally:
        await platform.dispose()
    payload = next(iter(answer["data"].values()))
    if payload["errors"]:
        raise SystemExit(f"the captured write failed: {payload['errors']}")
    trips = recorder.trips
    if len(trips) < 3 or trips[-1][-1][0] != "COMMIT" or not trips[1][-1][0].lstrip().upper().startswith("INSERT"):
        raise SystemExit(f"a create's trips were not the token's check, the INSERT, the rest with COMMIT: {trips}")
    table = trips[1][-1][0].split()[2].strip('"')
    row_id = parse_id(payload["result"]["id"], "id")
    return Captured(platform.engine.dialect.name, table, trips[0], trips[1:], row_id)


def _with_row(statement: Statement, table: str, old: int, new: int) -> Statement:
    """The statement reading the created row by id, told the replayed row's id instead."""
    sql, parameters = statement
    if f"{table}.id IN" not in sql:
        return statement
    if isinstance(parameters, dict):  # psycopg: the ids expanded one parameter each
        return sql, {k: new if v == old and k.startswith("ids_") else v for k, v in parameters.items()}
    return sql, tuple(json.dumps([new]) if v == json.dumps([old]) else v for v in parameters)  # sqlite: a JSON list


def replay(url: str, captured: Captured, rounds: int) -> dict[str, float]:
    """Send the captured create's own trips ``rounds`` times with the bare driver, each a new row;
    their p50 in ms."""
    if captured.backend == "postgresql":
        samples = _replay_postgresql(url, captured, rounds)
    else:
        samples = _replay_sqlite(url, captured, rounds)
    return {"p50": statistics.median(samples) * 1000, "requests": len(samples)}


def _replay_postgresql(url: str, captured: Captured, rounds: int) -> list[float]:
    insert, rest = captured.trips[0], [s for trip in captured.trips[1:] for s in trip]
    (insert_sql, insert_parameters), = insert  # the INSERT is a trip of its own: its id comes back first
    samples = []
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True, options=POSTGRESQL_OPTIONS) as connection:  # as the platform's
        cursor = connection.cursor()
        for _ in range(rounds):
            cursor.execute("BEGIN", prepare=False)  # the token's check, untimed
            for sql, parameters in captured.first:
                cursor.execute(sql, parameters).fetchall()
            started = time.perf_counter()
            cursor.execute(insert_sql, insert_parameters)
            new = cursor.fetchone()[0]
            with connection.pipeline():
                for sql, parameters in rest:
                    sql, parameters = _with_row((sql, parameters), captured.table, captured.row_id, new)
                    cursor.execute(sql, parameters, prepare=False if parameters is None else None)
            samples.append(time.perf_counter() - started)
    return samples


def _replay_sqlite(url: str, captured: Captured, rounds: int) -> list[float]:
    statements = [s for trip in captured.trips for s in trip]
    samples = []
    connection = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        _sqlite_pragmas(Settings(database_url=url).sqlite_synchronous, connection, None)  # as the platform's
        for _ in range(rounds):
            for sql, parameters in captured.first:
                connection.execute(sql, parameters).fetchall()
            started = time.perf_counter()
            connection.execute("BEGIN")
            new = None
            for sql, parameters in statements:
                if sql == "COMMIT":
                    connection.execute("COMMIT")
                    continue
                if new is not None:
                    sql, parameters = _with_row((sql, parameters), captured.table, captured.row_id, new)
                cursor = connection.execute(sql, parameters)
                rows = cursor.fetchall()
                if new is None:  # the INSERT: its id, returned or the row's
                    new = rows[0][0] if rows else cursor.lastrowid
            samples.append(time.perf_counter() - started)
    finally:
        connection.close()
    return samples
