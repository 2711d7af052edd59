"""Databases made before migrations: tables that ``create_all`` made, no ``alembic_version``.

Releases before migrations created the tables at ``wushe init`` and brought an older database up
to date with ad-hoc steps: the tables and indexes it lacked created, the dated columns added to
records made before they were dated, the subtree rows' stamp added, 32-bit integer columns the
models had since made 64-bit widened, the append-only guard installed. :func:`bring_to_baseline`
runs those steps, frozen against the baseline schema (:mod:`core.migrations.baseline`), so that
any database those releases made ends where the first revision of core's history starts; it is
then stamped with that revision and migrated like any other.
"""

from typing import Any

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from core.migrations import baseline

VERSION_TABLE = "alembic_version"

DATED_TABLES = ("volunteer", "volunteer_team", "social_worker", "social_organization", "community_fund")
"""The tables whose rows got ``valid_from`` / ``valid_to`` when records became dated."""
STATED = {
    "volunteer": "registered_on",
    "volunteer_team": "established_on",
    "social_organization": "established_on",
    "community_fund": "established_on",
}
"""The day each dated table's rows state they began: their ``valid_from`` when it was added."""
FACILITY_SINCE = {"has_volunteer_station": "volunteer_station_since", "has_social_work_room": "social_work_room_since"}
"""A community profile's facility flags and the day each began, added with the dated columns."""


def made_before_migrations(connection: sa.Connection) -> bool:
    """True for a database with some of the baseline's tables and no ``alembic_version``."""
    names = set(sa.inspect(connection).get_table_names())
    return VERSION_TABLE not in names and bool(names & set(baseline.schema().tables))


def bring_to_baseline(connection: sa.Connection) -> list[str]:
    """Run the steps of the releases before migrations against the baseline schema; returns what
    was changed (``table`` created, ``table.column`` added or widened, ``index`` created)."""
    schema = baseline.schema()
    present = set(sa.inspect(connection).get_table_names())
    changed = [table.name for table in schema.sorted_tables if table.name not in present]
    schema.create_all(connection, checkfirst=True)
    changed += _add_dated_columns(connection, schema)
    changed += _add_missing_stamps(connection)
    changed += _create_missing_indexes(connection, schema)
    changed += _rebuild_dated_tables(connection, schema)
    changed += _widen_integer_columns(connection, schema)
    baseline.install_guard(connection)
    return changed


def _add_dated_columns(connection: sa.Connection, schema: sa.MetaData) -> list[str]:
    """The dated columns (and a facility's ``*_since``) added to the tables that lack them, and
    filled the way a new row is: ``valid_from`` the record's stated day, else the day it was
    entered (``created_at``); a facility's day the day its profile was entered."""
    inspector = sa.inspect(connection)
    postgres = connection.dialect.name == "postgresql"
    quote = connection.dialect.identifier_preparer.quote
    added = []
    for name in (*DATED_TABLES, "community_profile"):
        table = schema.tables[name]
        present = {column["name"] for column in inspector.get_columns(name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=connection.dialect)
                connection.exec_driver_sql(f"ALTER TABLE {quote(name)} ADD COLUMN {quote(column.name)} {kind}")
                added.append(f"{name}.{column.name}")

        def day(value: Any) -> Any:
            return sa.cast(value, sa.Date) if postgres else sa.func.date(value)

        if f"{name}.valid_from" in added:
            stated = STATED.get(name)
            first = sa.func.coalesce(table.c[stated], day(table.c.created_at)) if stated else day(table.c.created_at)
            connection.execute(table.update().where(table.c.valid_from.is_(None)).values(valid_from=first))
            if postgres:  # SQLite cannot add NOT NULL to a column; the column default fills every new row
                connection.exec_driver_sql(f"ALTER TABLE {quote(name)} ALTER COLUMN valid_from SET NOT NULL")
                connection.exec_driver_sql(f"ALTER TABLE {quote(name)} ALTER COLUMN valid_from SET DEFAULT CURRENT_DATE")
        for flag, since in FACILITY_SINCE.items():
            if f"{name}.{since}" in added:
                connection.execute(table.update().where(table.c[flag], table.c[since].is_(None))
                                   .values({since: day(table.c.created_at)}))
    return added


def _rebuild_dated_tables(connection: sa.Connection, schema: sa.MetaData) -> list[str]:
    """SQLite: a column added to a table cannot be ``NOT NULL`` nor default to ``CURRENT_DATE``, so a
    dated table whose ``valid_from`` was added (by these steps, or by a release that ran them) is
    rebuilt as the baseline defines it, rows copied (Alembic's batch "move and copy"; foreign
    keys are off while migrating). Returns the tables rebuilt (``table (rebuilt)``)."""
    if connection.dialect.name != "sqlite":
        return []
    inspector = sa.inspect(connection)
    operations = Operations(MigrationContext.configure(connection))
    rebuilt = []
    for name in DATED_TABLES:
        column = next(c for c in inspector.get_columns(name) if c["name"] == "valid_from")
        if column["nullable"] or column.get("default") is None:
            with operations.batch_alter_table(name, recreate="always", copy_from=schema.tables[name]):
                pass
            rebuilt.append(f"{name} (rebuilt)")
    return rebuilt


def _add_missing_stamps(connection: sa.Connection) -> list[str]:
    """The subtree rows' stamp, 0 until a write below the region rewrites its row with a new one."""
    if "stamp" in {c["name"] for c in sa.inspect(connection).get_columns("subtree_summary")}:
        return []
    connection.exec_driver_sql("ALTER TABLE subtree_summary ADD COLUMN stamp BIGINT NOT NULL DEFAULT 0")
    return ["subtree_summary.stamp"]


def _create_missing_indexes(connection: sa.Connection, schema: sa.MetaData) -> list[str]:
    """Indexes added to a table that already existed (``create_all`` makes only new tables')."""
    created = []
    for table in schema.sorted_tables:
        present = {index["name"] for index in sa.inspect(connection).get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(connection)
                created.append(str(index.name))
    return created


_INTEGER_COLUMNS = sa.text(
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = 'integer'"
)


def _widen_integer_columns(connection: sa.Connection, schema: sa.MetaData) -> list[str]:
    """PostgreSQL: a column the baseline declares ``BIGINT`` that an older release made ``integer``
    (money, summed counts) becomes ``BIGINT``. SQLite stores every integer in up to 64 bits already."""
    if connection.dialect.name != "postgresql":
        return []
    declared = {
        (table.name, column.name)
        for table in schema.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.BigInteger)
    }
    integer = {(row.table_name, row.column_name) for row in connection.execute(_INTEGER_COLUMNS)}
    quote = connection.dialect.identifier_preparer.quote
    widened = []
    for table, column in sorted(integer & declared):
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} TYPE BIGINT")
        widened.append(f"{table}.{column}")
    return widened
