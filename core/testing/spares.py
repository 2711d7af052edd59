"""Spare copies of the test templates on PostgreSQL, made in the background while a test runs.

``CREATE DATABASE … TEMPLATE`` writes the whole template (~13 MB) to the write-ahead log and waits
for it on disk: 0.1-0.9 s on these machines, most of it waiting on the disk, in the set-up of
every PostgreSQL test. Once a template has been copied twice in a process (a third copy is then
likely), each copy it gives starts the next one in a thread of its own; the next test of that
template takes the spare by renaming it, a change of the catalogue alone. A test's database is
dropped in that thread too, after the test. A test still owns a database nobody else used; at exit
the thread's work is finished and the spares left are dropped.

How a database is made and dropped is :mod:`core.testing.databases`'s: it gives the functions.
"""

import atexit
import concurrent.futures
import contextlib
import threading
from collections import Counter
from collections.abc import Callable

import psycopg

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_made: dict[str, tuple[concurrent.futures.Future[str], Callable[[str], None]]] = {}
"""The spare of each template: a database being made, or made, from it (its name once made), and
how to drop it."""
_used: Counter[str] = Counter()
_lock = threading.Lock()


def take(template: str) -> str | None:
    """The name of a made copy of ``template`` that is now the caller's (waiting for one being made), or
    None when there is none, or its making failed."""
    with _lock:
        found = _made.pop(template, None)
    if found is None:
        return None
    try:
        return found[0].result()
    except psycopg.Error:
        return None


def prepare(template: str, copy: Callable[[], str], drop: Callable[[str], None]) -> None:
    """Start a spare copy of ``template`` once it has been copied twice: ``copy()`` makes one and
    returns its name, ``drop(name)`` drops it (a spare no test took, at exit)."""
    with _lock:
        _used[template] += 1
        if _used[template] < 2 or template in _made:
            return
        _made[template] = (_thread().submit(copy), drop)


def later(work: Callable[[], None]) -> None:
    """Run ``work`` (a drop) in the background thread, after what it was given before; at exit, all
    that was given is done."""
    _thread().submit(work)


def _thread() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="wushe-spare")
        atexit.register(_drop_all)
    return _executor


def _drop_all() -> None:
    """At exit: wait for the spares being made, and drop every one no test took."""
    with _lock:
        left = list(_made.values())
        _made.clear()
    for future, drop in left:
        with contextlib.suppress(psycopg.Error, concurrent.futures.CancelledError):
            drop(future.result())
    if _executor is not None:
        _executor.shutdown(wait=True)
