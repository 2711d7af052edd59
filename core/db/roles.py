"""PostgreSQL roles: the application connects as a role that owns nothing.

``wushe init`` (and ``wushe migrate upgrade``) connects as the owner (``WUSHE_OWNER_DATABASE_URL``):
it migrates the schema (the tables, the audit log's triggers), then grants the application's role
(the user of ``WUSHE_DATABASE_URL``) what it needs and nothing more: reading and writing the
platform's tables, only appending to and reading ``audit_event`` and the other append-only tables
(cases' events, the ledger, targets' past verdicts), only reading ``alembic_version``, and calling the
token check's function (:data:`FUNCTIONS`). Only an owner
(or a superuser) may drop or disable a trigger, change a table or grant itself more; ``TRUNCATE``
needs a privilege that is never granted. At start the platform checks the role it connected as
(:func:`audit_log_risks`). Neither owning the tables nor being a superuser is also what puts the role
under row-level security (:mod:`core.db.tenancy`): a role with ``BYPASSRLS`` is refused too.
"""

from collections.abc import Iterable

import sqlalchemy as sa

AUDIT_TABLE = "audit_event"
APPEND_ONLY_TABLES = (
    "audit_event", "case_event", "credit_entry", "demand_event", "ledger_entry", "service_record", "target_verdict",
)
"""Tables the application may only append to and read (their triggers: core.migrations.baseline)."""
READ_ONLY_TABLES = ("alembic_version",)
"""Tables the application may only read: the schema's revisions, which it checks and never writes."""
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_RIGHTS = "SELECT, INSERT"
READ_RIGHTS = "SELECT"
FUNCTIONS = ("wushe_principal(text, text)",)
"""Functions of the owner the application calls: the token check's (:mod:`core.db.tenancy`)."""

_SEQUENCES = sa.text(
    "SELECT s.relname FROM pg_class s "
    "JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i') "
    "JOIN pg_class t ON t.oid = d.refobjid "
    "WHERE s.relkind = 'S' AND t.relnamespace = to_regnamespace(current_schema()) AND t.relname = ANY(:tables)"
)
"""The sequences behind the tables' ``serial`` and identity columns (inserts call ``nextval``)."""

_RISKS = sa.text(
    "SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls, "
    "pg_has_role(current_user, c.relowner, 'MEMBER') AS owner, "
    "has_table_privilege(c.oid, 'UPDATE') AS can_update, has_table_privilege(c.oid, 'DELETE') AS can_delete, "
    "has_table_privilege(c.oid, 'TRUNCATE') AS can_truncate, has_table_privilege(c.oid, 'TRIGGER') AS can_trigger "
    "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = to_regclass(:table)"
)


def current_role(connection: sa.Connection) -> str:
    return str(connection.exec_driver_sql("SELECT current_user").scalar_one())


def grant_application_role(connection: sa.Connection, role: str, tables: Iterable[str]) -> None:
    """As the owner: give ``role`` exactly the rights the application needs on ``tables`` (names,
    in the current schema; those that do not exist yet, a branch not migrated so far, are left
    out), taking back any other it held. Idempotent."""
    names = sorted(set(tables) & set(sa.inspect(connection).get_table_names()))
    quote = connection.dialect.identifier_preparer.quote
    who = quote(role)
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
    kept = (*APPEND_ONLY_TABLES, *READ_ONLY_TABLES)
    others = ", ".join(quote(name) for name in names if name not in kept)
    appended = ", ".join(quote(name) for name in names if name in APPEND_ONLY_TABLES)
    read = ", ".join(quote(name) for name in names if name in READ_ONLY_TABLES)
    everything = ", ".join(quote(name) for name in names)
    statements = [f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}", f"REVOKE ALL ON {everything} FROM {who}"]
    statements += [f"GRANT {rights} ON {listed} TO {who}"
                   for rights, listed in ((TABLE_RIGHTS, others), (AUDIT_RIGHTS, appended), (READ_RIGHTS, read)) if listed]
    for function in FUNCTIONS:
        if connection.execute(sa.text("SELECT to_regprocedure(:f) IS NOT NULL"), {"f": function}).scalar_one():
            statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {who}")
    sequences = connection.execute(_SEQUENCES, {"tables": names}).scalars().all()
    if sequences:
        listed = ", ".join(quote(name) for name in sorted(sequences))
        statements += [f"REVOKE ALL ON SEQUENCE {listed} FROM {who}", f"GRANT USAGE ON SEQUENCE {listed} TO {who}"]
    for statement in statements:
        connection.exec_driver_sql(statement)


def audit_log_risks(connection: sa.Connection) -> list[str]:
    """What lets the connected role rewrite or remove the audit log, e.g. ``["role 'x' is a
    superuser"]`` (empty when nothing does)."""
    row = connection.execute(_RISKS, {"table": AUDIT_TABLE}).mappings().first()
    if row is None:
        return []
    if row["superuser"]:  # may do anything: the rest would only repeat it
        return [f"role {row['role']!r} is a superuser"]
    reasons = {
        "createrole": "has CREATEROLE (it can grant itself the owner's role)",
        "bypassrls": "has BYPASSRLS (row-level security would not hold it to a tenant)",
        "owner": f"owns {AUDIT_TABLE} (or is a member of its owner's role)",
        "can_update": f"may UPDATE {AUDIT_TABLE}",
        "can_delete": f"may DELETE from {AUDIT_TABLE}",
        "can_truncate": f"may TRUNCATE {AUDIT_TABLE}",
        "can_trigger": f"may create triggers on {AUDIT_TABLE}",
    }
    found = [text for key, text in reasons.items() if row[key]]
    return [f"role {row['role']!r} {', '.join(found)}"] if found else []
