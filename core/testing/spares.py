"""Spare copies of the test templates on PostgreSQL, made in the background while a test runs.

``CREATE DATABASE … TEMPLATE`` writes the whole template (~13 MB) to the write-ahead log and waits
for it on disk: 0.1-0.9 s on these machines, most of it waiting on the disk, in the set-up of
every PostgreSQL test. Once a template has been copied twice in a process (a third copy is then
likely), each copy it gives starts the next one in a thread of its own; the next test of that
template takes the spare by renaming it, a change of the catalogue alone. A test's database is
dropped in that thread too, after the test. A test still owns a database nobody else used; at exit
the thread's work is finished and the spares left are dropped.
"""

import atexit
import concurrent.futures
import contextlib
import threading
import uuid
from collections import Counter
from typing import Any

import psycopg
from sqlalchemy.engine import URL

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_made: dict[str, concurrent.futures.Future[str]] = {}
"""The spare of each template: a database being made, or made, from it (its name once made)."""
_used: Counter[str] = Counter()
_lock = threading.Lock()
_server_url: dict[str, URL] = {}
"""The server each template lives on, to drop its spare at exit."""


def take(template: str) -> str | None:
    """The name of a made copy of ``template`` that is now the caller's (waiting for one being made), or
    None when there is none, or its making failed."""
    with _lock:
        future = _made.pop(template, None)
    if future is None:
        return None
    try:
        return future.result()
    except psycopg.Error:
        return None


def prepare(server: URL, template: str, connect: Any) -> None:
    """Start a spare copy of ``template`` once it has been copied twice; ``connect(url)`` opens an
    autocommit connection to the server of ``server``."""
    with _lock:
        _used[template] += 1
        if _used[template] < 2 or template in _made:
            return
        _server_url[template] = server
        _made[template] = _start(connect).submit(_copy, server, template, connect)


def drop_later(server: URL, name: str, connect: Any) -> None:
    """Drop the database ``name`` in the background thread, after what it was given before (dropping
    waits on the disk too); at exit, every drop given is done."""
    _start(connect).submit(_drop, server, name, connect)


def _start(connect: Any) -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="wushe-spare")
        atexit.register(_drop_all, connect)
    return _executor


def _drop(server: URL, name: str, connect: Any) -> None:
    with connect(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy(server: URL, template: str, connect: Any) -> str:
    name = f"wsp_{uuid.uuid4().hex[:16]}"
    with connect(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def _drop_all(connect: Any) -> None:
    """At exit: wait for the spares being made, and drop every one no test took."""
    with _lock:
        left = list(_made.items())
        _made.clear()
    for template, future in left:
        with contextlib.suppress(psycopg.Error, concurrent.futures.CancelledError):
            _drop(_server_url[template], future.result(), connect)
    if _executor is not None:
        _executor.shutdown(wait=True)
