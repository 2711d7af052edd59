"""The application's role for the benchmarks' ``--rls`` runs: the same database read as its owner
(row-level security does not bind the owner) and as a role that owns nothing (it binds that one),
as production runs (docs/operators.md, Database roles; core.db.tenancy)."""

from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from core.config import Settings
from core.platform import Platform

ROLE = "wushe_bench_app"


def app_url(owner_url: str) -> str:
    """``owner_url`` as :data:`ROLE` (created first when missing; it owns nothing and is no superuser)."""
    url = make_url(owner_url)
    server = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            f"DO $$ BEGIN CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
    return url.set(username=ROLE, password=ROLE).render_as_string(hide_password=False)


async def app_platform(owner_url: str, **settings: Any) -> Platform:
    """A platform on the database of ``owner_url`` (migrated, initialised) running as :data:`ROLE`:
    ``migrate`` as the owner grants it its rights and has nothing else to do."""
    values = {"env": "development", "secret_key": None} | settings
    platform = Platform.create(Settings(database_url=app_url(owner_url), owner_database_url=owner_url, **values))
    await platform.migrate()
    await platform.load_signing_key()
    return platform
