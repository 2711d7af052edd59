"""The test databases: a new one for each test, and copies of databases initialised once per process.

``init`` takes ~1 s (tables, the plugins' regions and roles) and the demo data ~3 s more; a test of
the platform gets instead a copy of a database that a first test of the same plugins and
settings initialised (and filled, see :func:`filled`): a file copy on SQLite, ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL. The copies are what ``init`` would have made; each test still owns its
database, and the templates are never written after they are made.
"""

import atexit
import contextlib
import functools
import shutil
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from core import db
from core.migrations import baseline
from core.platform import Platform
from core.testing import spares


async def create_tables(engine: AsyncEngine) -> None:
    """The models' tables as they are (``create_all``), without migrations, triggers or seeding:
    for a test that needs nothing else. A platform's database is made by ``init`` (its migrations).

    On PostgreSQL, ``create_all`` takes 0.6-1.2 s (each table looked for, then made, with its
    indexes): a still empty test database of :func:`postgres_database` is instead made a copy of one
    that ``create_all`` made once per process, as :func:`initialised_copy` does for ``init``."""
    target = engine.url
    if target.get_backend_name() == "postgresql" and target.database in _EMPTY:
        key = repr(("create_all", sorted(SQLModel.metadata.tables)))
        if key not in _TEMPLATES:
            _TEMPLATES[key] = await _tables_made(target)
        if _replace(target, _TEMPLATES[key]):
            return
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)


async def _tables_made(server: URL) -> str:
    """A new template (a database name) on the server of ``server`` holding ``create_all``'s tables."""
    name = f"wtpl_{uuid.uuid4().hex[:16]}"
    atexit.register(_drop_database, server, name)
    with _server(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    maker = db.create_engine(server.set(database=name), poolclass=sa.NullPool)
    try:
        async with maker.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
    finally:
        await maker.dispose()
    return name


def made_before_migrations(connection: sa.Connection) -> None:
    """Make a migrated database look like one a release before migrations made: no
    ``alembic_version``, no table but the baseline's (the plugins' tables came with migrations)."""
    schema = baseline.schema()
    present = set(sa.inspect(connection).get_table_names())
    cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""  # new tables may refer to one another
    for name in sorted(present - set(schema.tables)):
        connection.exec_driver_sql(f"DROP TABLE {connection.dialect.identifier_preparer.quote(name)}{cascade}")
    for table in schema.sorted_tables:  # a baseline table a revision added columns to: as the baseline made it
        if table.name not in present:
            continue
        columns = {column["name"] for column in sa.inspect(connection).get_columns(table.name)}
        if columns <= set(table.c.keys()):
            continue
        rows = [dict(row) for row in connection.execute(sa.select(*table.c)).mappings()]
        table.drop(connection)
        table.create(connection)
        if rows:
            connection.execute(table.insert(), rows)


def postgres_database(base_url: str, *, copied: bool = False) -> Iterator[str]:
    """A new, empty database on the server of ``base_url`` (as its user, the owner), dropped after.

    ``copied``: the caller makes it a copy of an initialised database (:func:`initialised_copy`)
    before anything connects to it; it is then made only as that copy. An empty database is itself
    a copy of ``template1`` (~7 MB), which the copy would have dropped at once."""
    url = make_url(base_url).set(drivername="postgresql")
    name = f"wt_{uuid.uuid4().hex[:16]}"
    if copied:
        _PENDING.add(name)
    else:
        with _server(url) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    _EMPTY.add(name)
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _EMPTY.discard(name)
        _PENDING.discard(name)
        _COPIES.pop(_where(url.set(database=name)), None)
        spares.later(functools.partial(_drop_database, url, name))


def _server(url: Any) -> psycopg.Connection[Any]:
    """An autocommit connection to the server of ``url`` (its maintenance database)."""
    dsn = url.set(drivername="postgresql", database="postgres", query={}).render_as_string(hide_password=False)
    return psycopg.connect(dsn, autocommit=True)


_EMPTY: set[str] = set()
"""Test databases made by :func:`postgres_database` and not yet replaced by a copy."""
_PENDING: set[str] = set()
"""Test databases of :func:`postgres_database` (``copied``) that are not made yet: their copy makes them."""


async def initialise(instance: Platform, plugins: list[Any] | None = None) -> None:
    """What ``init`` makes, in the platform's database: a copy (:func:`initialised_copy`) where one can
    be, else ``init`` itself. ``plugins``: those the platform was made with beside the installed ones."""
    if not await initialised_copy(instance, plugins or []):
        await instance.init()


async def initialised_copy(instance: Platform, plugins: list[Any]) -> bool:
    """Fill the platform's still empty test database with a copy of one ``init`` made for the
    same plugins and settings (making that one first). False when the database is not one of
    this module's empty test databases; the caller then runs ``init`` itself."""

    settings = instance.settings
    target = make_url(settings.owner_database_url or settings.database_url)
    if target.get_backend_name() == "sqlite":
        path = Path(target.database or "")
        if not _unused_file(path):
            return False
    elif target.database not in _EMPTY or (target.database not in _PENDING and _has_tables(target)):
        return False
    key = _template_key(instance)
    template = await _template(instance, plugins, key)
    if not _replace(target, template):
        return False
    _COPIES[_where(target)] = (key, plugins)
    return True


def _replace(target: URL, template: str) -> bool:
    """Make the database of ``target`` a copy of ``template``; False when something holds it."""
    if target.get_backend_name() == "sqlite":
        path = Path(target.database or "")
        if any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal")):
            return False  # a connection is open, or was left half-way
        shutil.copyfile(template, path)
        return True
    name = target.database
    _EMPTY.discard(name or "")
    with _server(target) as connection:
        if name in _PENDING:
            _PENDING.discard(name)
        elif not _moved_away(connection, target, name or ""):
            return False
        spare = spares.take(template)
        if spare is not None:
            connection.execute(f'ALTER DATABASE "{spare}" RENAME TO "{name}"')
        else:
            _copy(connection, template, name or "")
    spares.prepare(template, functools.partial(_spare_copy, target, template),
                   functools.partial(_drop_database, target))
    return True


def _moved_away(connection: psycopg.Connection[Any], server: URL, name: str) -> bool:
    """Free the name of the empty database ``name``: renamed, and dropped in the background (a
    ``DROP DATABASE`` waits for a checkpoint of the whole server, 0.05-1 s). False while another
    fixture of the test is connected to it."""
    away = f"wdel_{uuid.uuid4().hex[:16]}"
    try:
        connection.execute(f'ALTER DATABASE "{name}" RENAME TO "{away}"')
    except psycopg.errors.ObjectInUse:
        return False
    except psycopg.errors.InvalidCatalogName:
        return True  # there was none
    spares.later(functools.partial(_drop_database, server, away))
    return True


def _copy(connection: psycopg.Connection[Any], template: str, name: str) -> None:
    connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _spare_copy(server: URL, template: str) -> str:
    """A new copy of ``template`` on the server of ``server``, for a test to come; its name."""
    name = f"wsp_{uuid.uuid4().hex[:16]}"
    with _server(server) as connection:
        _copy(connection, template, name)
    return name


def _where(url: URL) -> str:
    return f"{url.get_backend_name()}:{url.database}"


_COPIES: dict[str, tuple[str, list[Any]]] = {}
"""The test databases made as copies, with the key of their template and the plugins."""


async def filled(platform: Platform, fill: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> None:
    """``await fill(platform, *args, **kwargs)``, for a ``fill`` whose result depends only on its
    arguments and the database (the demo data, say): the first test of these plugins and settings
    runs it into a template of its own, the others get a copy. The platform's pooled connections
    are closed first; when the database was not a copy, or something still holds it, ``fill`` runs."""

    settings = platform.settings
    target = make_url(settings.owner_database_url or settings.database_url)
    copied = _COPIES.get(_where(target))
    await platform.engine.dispose()
    if copied is None:
        await fill(platform, *args, **kwargs)
        return
    base, plugins = copied
    key = repr((base, fill.__module__, fill.__qualname__, args, sorted(kwargs.items())))
    if key not in _TEMPLATES:
        _TEMPLATES[key] = await _made(settings, plugins, _TEMPLATES[base], fill, args, kwargs)
    if not _replace(target, _TEMPLATES[key]):
        await fill(platform, *args, **kwargs)
        return
    await platform.load_signing_key()


async def _made(
    settings: Any, plugins: list[Any], base: str, fill: Callable[..., Awaitable[Any]], args: Any, kwargs: Any,
) -> str:
    """A new template: a copy of ``base`` that ``fill`` filled."""
    name, urls = _new_template(settings)
    if not _replace(make_url(urls.get("owner_database_url") or urls["database_url"]), base):
        raise RuntimeError(f"cannot copy the template {base}")
    maker = Platform.create(settings.model_copy(update=urls), plugins=plugins)
    try:
        await maker.load_signing_key()
        await fill(maker, *args, **kwargs)
    finally:
        await maker.dispose()
    return name


def _has_tables(url: Any) -> bool:
    """Has anything (another fixture of the test, say) made tables in this PostgreSQL database?"""
    dsn = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = connection.execute("SELECT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public')").fetchone()
    return bool(found and found[0])


def _unused_file(path: Path) -> bool:
    return bool(path.name) and not path.exists() and path.parent.is_dir()


_TEMPLATES: dict[str, str] = {}
"""This process's initialised databases by what made them (see :func:`_template_key`): a file
path on SQLite, a database name on PostgreSQL. Never changed once made; removed at exit."""


async def _template(instance: Platform, plugins: list[Any], key: str) -> str:
    if key in _TEMPLATES:
        return _TEMPLATES[key]
    name, urls = _new_template(instance.settings)
    target = make_url(urls.get("owner_database_url") or urls["database_url"])
    if target.get_backend_name() == "postgresql":
        with _server(target) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    maker = Platform.create(instance.settings.model_copy(update=urls), plugins=plugins)
    try:
        await maker.init()
    finally:
        await maker.dispose()
    _TEMPLATES[key] = name
    return name


def _new_template(settings: Any) -> tuple[str, dict[str, Any]]:
    """A name for a new template (a file path or a database name, not made yet; removed at exit)
    and the settings' URLs pointing at it."""
    target = make_url(settings.owner_database_url or settings.database_url)
    if target.get_backend_name() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="wushe-template-"))
        atexit.register(shutil.rmtree, folder, True)
        name = str(folder / "template.db")
        return name, {"database_url": f"sqlite:///{name}", "owner_database_url": None}
    name = f"wtpl_{uuid.uuid4().hex[:16]}"
    atexit.register(_drop_database, target, name)
    return name, {
        field: make_url(value).set(database=name).render_as_string(hide_password=False)
        for field, value in (("database_url", settings.database_url), ("owner_database_url", settings.owner_database_url))
        if value
    }


INIT_SETTINGS = frozenset({"secret_key", "data_key", "data_keys", "index_key"})
"""The settings ``init`` reads but the URLs: the keys it stores unless they are configured
(``tests/core/test_test_kit.py`` holds ``init`` to them). A test that changes any other setting (the
environment, a limit, a file of persisted operations) gets a copy of the same template."""


def _template_key(instance: Platform) -> str:
    """What ``init`` writes depends on: the backend, the settings it reads (:data:`INIT_SETTINGS`),
    the tables, and the plugins' declarations (their ``repr``: a declaration holding an object
    without one of its own never matches another test's, and gets a template of its own)."""
    settings = instance.settings.model_dump(include=set(INIT_SETTINGS))
    registry = instance.registry
    return repr((
        make_url(instance.settings.database_url).get_backend_name(), sorted(settings.items()),
        sorted(SQLModel.metadata.tables), sorted(registry.plugins.items()), registry.regions, registry.roles,
        registry.forms,
    ))


def _drop_database(url: Any, name: str) -> None:
    with contextlib.suppress(psycopg.Error), _server(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


