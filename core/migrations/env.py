"""Alembic's environment for wushe, run by :mod:`core.migrations` (never by the ``alembic`` command).

The caller opens the connection (as the database's owner, inside a transaction; an async engine's
connection is handed over through ``run_sync``) and puts it in ``config.attributes["connection"]``,
with the tables in scope in ``config.attributes["scope"]`` (:class:`core.migrations.Scope`).
"""

from alembic import context

from core.migrations.environment import configure

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through `wushe migrate` (or core.migrations), which opens the connection")
context.configure(connection=connection, **configure(config.attributes["scope"], config.attributes.get("applied")))
with context.begin_transaction():
    context.run_migrations()
