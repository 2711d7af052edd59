"""How a Citus cluster would hold each table, and the rules of keys that make the schema fit for it.

docs/distribution.md is the plan; this module is its table of tables and the check a test runs over
every table of a migrated database (core's and the plugins'), read from the database's own catalogue:

- **distributed** by ``tenant_id`` (the distribution column), colocated: every table not named below.
  Its ``tenant_id`` is ``NOT NULL``; its foreign keys reach only distributed and reference tables.
- **reference**, copied to every node (:data:`REFERENCE`): the tenants, the region tree, the users and
  the policies: small, read by nearly every statement (the access filter joins the region tree),
  written rarely; their keys may stay platform-wide (a username is unique across tenants). Their
  foreign keys reach only reference tables (Citus refuses one from a reference table to any other).
- **local**, on the coordinator only (:data:`LOCAL`): rows that belong to no tenant or are written on
  every request before a tenant is known. Their foreign keys reach no distributed table.

Citus also wants a distributed table's primary and unique keys, and its foreign keys to another
distributed table, to include the distribution column: :func:`key_problems` says where they do not
yet (docs/distribution.md, "What is left").
"""

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

DISTRIBUTION_COLUMN = "tenant_id"


class Kind(enum.StrEnum):
    DISTRIBUTED = "distributed"
    REFERENCE = "reference"
    LOCAL = "local"


REFERENCE: Mapping[str, str] = {
    "tenant": "the tenants: the target of every table's tenant_id",
    "region": "the tier tree: the access filter joins it to every tenant table; a rollup groups by it",
    "app_user": "a user is found by username before its tenant is known (a username is platform-wide)",
    "role": "the policies: Casbin loads every tenant's at once",
    "role_permission": "the policies",
    "role_assignment": "the policies: who holds which role where (read with the user at every request)",
    "tenant_plugin": "which plugins each tenant runs: read at start-up and by every worker",
    "policy_version": "one row: the version of the policies every worker compares with its own",
    "platform_setting": "the instance's settings (the token signing key)",
}
"""The tables copied to every node, and why each."""

LOCAL: Mapping[str, str] = {
    "rate_limit_count": "a client's requests, counted before any tenant is known; UNLOGGED, a minute's life",
    "revoked_token": "tokens revoked before they expire: read with the user by the token check",
    "sign_in_throttle": "failed sign-ins per username or address, counted before a tenant is known",
    "audit_event": "the audit log: platform events have no tenant (a distribution column is never NULL)",
}
"""The tables kept on the coordinator only, and why each."""


def kind_of(table: str) -> Kind:
    if table in REFERENCE:
        return Kind.REFERENCE
    if table in LOCAL:
        return Kind.LOCAL
    return Kind.DISTRIBUTED


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    referred: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """What the rules read of one table: its columns (name: nullable), primary key, unique keys
    (constraints and unique indexes alike) and foreign keys."""

    name: str
    columns: Mapping[str, bool]
    primary_key: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def kind(self) -> Kind:
        return kind_of(self.name)


def read(connection: sa.Connection, names: Iterable[str] | None = None) -> dict[str, Table]:
    """The tables of the database ``connection`` reaches (those of ``names``, or all but Alembic's),
    as its catalogue describes them (SQLite's or PostgreSQL's)."""
    inspector = sa.inspect(connection)
    wanted = sorted(names if names is not None else inspector.get_table_names())
    tables = {}
    for name in wanted:
        if name.startswith("alembic_version"):
            continue
        columns = {c["name"]: bool(c["nullable"]) for c in inspector.get_columns(name)}
        unique = [tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)]
        unique += [tuple(c for c in i["column_names"] if c is not None) for i in inspector.get_indexes(name)
                   if i.get("unique") and None not in i["column_names"]]  # not on an expression
        if connection.dialect.name == "sqlite":
            unique += _sqlite_inline_unique(connection, name)
        foreign_keys = tuple(ForeignKey(tuple(f["constrained_columns"]), f["referred_table"],
                                        tuple(f["referred_columns"])) for f in inspector.get_foreign_keys(name))
        primary_key = tuple(inspector.get_pk_constraint(name)["constrained_columns"])
        tables[name] = Table(name, columns, primary_key, tuple(dict.fromkeys(unique)), foreign_keys)
    return tables


def _sqlite_inline_unique(connection: sa.Connection, table: str) -> list[tuple[str, ...]]:
    """SQLite's unique keys declared on a column (``token TEXT UNIQUE``): an automatic index the
    inspector leaves out."""
    found = []
    for index in connection.exec_driver_sql(f'PRAGMA index_list("{table}")').mappings():
        if index["origin"] == "u":
            columns = connection.exec_driver_sql(f'PRAGMA index_info("{index["name"]}")').mappings()
            found.append(tuple(c["name"] for c in columns))
    return found


def placement_problems(tables: Mapping[str, Table]) -> list[str]:
    """Where a table breaks what its kind needs: a distributed table without a ``NOT NULL``
    ``tenant_id``; a foreign key Citus would refuse (reference → not reference; any → local from a
    distributed table; local → distributed); a foreign key to a table that is not there."""
    found = []
    for table in tables.values():
        if table.kind is Kind.DISTRIBUTED:
            if DISTRIBUTION_COLUMN not in table.columns:
                found.append(f"{table.name}: distributed by {DISTRIBUTION_COLUMN}, which it lacks "
                             f"(or name it in REFERENCE or LOCAL, saying why)")
            elif table.columns[DISTRIBUTION_COLUMN]:
                found.append(f"{table.name}: {DISTRIBUTION_COLUMN} may be NULL; a distribution column may not")
        for key in table.foreign_keys:
            target = key.table
            if target not in tables:
                found.append(f"{table.name}({', '.join(key.columns)}): refers to {target}, which is not there")
                continue
            allowed = {
                Kind.DISTRIBUTED: {Kind.DISTRIBUTED, Kind.REFERENCE},
                Kind.REFERENCE: {Kind.REFERENCE},
                Kind.LOCAL: {Kind.LOCAL, Kind.REFERENCE},
            }[table.kind]
            if kind_of(target) not in allowed:
                found.append(f"{table.name}({', '.join(key.columns)}): a {table.kind} table's foreign key to "
                             f"{target}, a {kind_of(target)} table")
    return found


def key_problems(tables: Mapping[str, Table]) -> list[str]:
    """Where a distributed table's keys leave out ``tenant_id``: its primary key (unless a unique
    key holds the primary key's columns and ``tenant_id``, the key a conversion promotes), any other
    unique key, a foreign key to another distributed table (which must pair ``tenant_id`` with
    ``tenant_id``)."""
    found = []
    column = DISTRIBUTION_COLUMN
    for table in tables.values():
        if table.kind is not Kind.DISTRIBUTED or column not in table.columns:
            continue
        promotable = set(table.primary_key) | {column}
        if column not in table.primary_key and not any(set(u) == promotable for u in table.unique):
            found.append(f"{table.name}: primary key ({', '.join(table.primary_key)}) without {column}, and no "
                         f"unique key ({', '.join(sorted(promotable))}) to promote")
        for unique in table.unique:
            if column not in unique:
                found.append(f"{table.name}: unique key ({', '.join(unique)}) without {column}")
        for key in table.foreign_keys:
            if kind_of(key.table) is not Kind.DISTRIBUTED:
                continue
            pairs = dict(zip(key.columns, key.referred, strict=False))
            if pairs.get(column) != column:
                found.append(f"{table.name}({', '.join(key.columns)}) → {key.table}: a foreign key between "
                             f"distributed tables without {column} on both sides")
    return found
