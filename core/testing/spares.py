"""Spare copies of the test templates on PostgreSQL, made in the background while a test runs.

``CREATE DATABASE … TEMPLATE`` writes the whole template (~13 MB) to the write-ahead log and waits
for it on disk: 0.1-0.9 s on these machines, most of it waiting on the disk, in the set-up of
every PostgreSQL test. Once a template has been copied twice in a process (a third copy is then
likely), each copy it gives starts the next one in a thread of its own; the next test of that
template takes the spare by renaming it, a change of the catalogue alone. A test still owns a
database nobody else used; at exit the thread's work is finished and the spares left are dropped.

The test databases are dropped in the background too, :data:`DROPPED_TOGETHER` at a time side by side.
On PostgreSQL 15 each ``DROP DATABASE`` waits for a checkpoint of the whole server, which writes out
every test's changed pages: dropped one after another (2026-12-06, a full suite) that was ~1,060
checkpoints and 800 s of the server's fsyncs in a 40-minute run. Drops that wait together share a
checkpoint (20 copies of a template: 25 s and 42 checkpoints one by one, 3.4 s and 4 side by side).

How a database is made and dropped is :mod:`core.testing.databases`'s: it gives the functions.
"""

import atexit
import concurrent.futures
import contextlib
import functools
import threading
from collections import Counter
from collections.abc import Callable

import psycopg

DROPPED_TOGETHER = 8
"""How many test databases are dropped side by side, once that many are waiting (see above): at most
that many more databases on the server than tests running, and as many connections for a moment."""

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_dropper: concurrent.futures.ThreadPoolExecutor | None = None
_drops: list[Callable[[], None]] = []
"""Drops given and not started yet (:func:`later`)."""
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
    """Run ``work`` (a drop) in the background, side by side with the drops given before it once
    :data:`DROPPED_TOGETHER` are waiting; at exit (or :func:`drain`), all that was given is done."""
    _exit_registered()
    with _lock:
        _drops.append(work)
        if len(_drops) < DROPPED_TOGETHER:
            return
        batch = _drops[:]
        _drops.clear()
    _drop_thread().submit(_side_by_side, batch)


def drain() -> None:
    """Start the drops still waiting, and wait until every drop given so far is done."""
    with _lock:
        batch = _drops[:]
        _drops.clear()
    _drop_thread().submit(_side_by_side, batch).result()


def _side_by_side(batch: list[Callable[[], None]]) -> None:
    """Each of ``batch`` in a thread of its own (plain threads: this may run while the interpreter
    exits, when an executor takes no new work)."""
    threads = [threading.Thread(target=work, name="wushe-drop") for work in batch]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@functools.cache
def _exit_registered() -> None:
    """:func:`_drop_all` runs at exit, once background work of any kind was given."""
    atexit.register(_drop_all)


def _thread() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    _exit_registered()
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="wushe-spare")
    return _executor


def _drop_thread() -> concurrent.futures.ThreadPoolExecutor:
    """The thread that starts the drops: apart from the spares' thread, so that a test waiting for its
    spare never waits for a checkpoint as well."""
    global _dropper
    if _dropper is None:
        _dropper = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="wushe-drops")
    return _dropper


def _drop_all() -> None:
    """At exit: drop what is still waiting (fewer than a batch, or given after the last one started),
    wait for the spares being made, and drop every one no test took."""
    if _dropper is not None:  # the executors take no new work now: what waits is dropped here
        _dropper.shutdown(wait=True)
    with _lock:
        batch = _drops[:]
        _drops.clear()
    for work in batch:
        with contextlib.suppress(psycopg.Error):
            work()
    with _lock:
        left = list(_made.values())
        _made.clear()
    for future, drop in left:
        with contextlib.suppress(psycopg.Error, concurrent.futures.CancelledError):
            drop(future.result())
    if _executor is not None:
        _executor.shutdown(wait=True)
