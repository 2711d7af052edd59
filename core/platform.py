"""One platform instance: settings, database, plugins and what they declared.

``Platform.create()`` is the only way in; each call builds its own plugin manager and engine,
so tests (and several apps in one process) never share state.
"""

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pluggy
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import Session as OrmSession
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db, migrations, personal
from core.access import tokens
from core.access.grants import Principal
from core.access.policy import PolicyStore, bump_version
from core.access.principal import load_principal, scope_of_principal
from core.cases import Engine
from core.config import Settings
from core.db import closing, tenancy
from core.db import roles as dbroles
from core.db.events import EventBus, publish_after_commit
from core.errors import StartupError
from core.indicators import summary
from core.indicators.verdicts import Recalled
from core.models import Tenant, TenantPlugin, User
from core.models.base import stored_id
from core.plugins.manager import installed, load
from core.plugins.migrations import declared_migrations
from core.plugins.registry import Registry
from core.services.regions import seed_regions
from core.services.roles import seed_roles
from core.services.throttle import Throttle

ADMIN_USERNAME = "admin"
KEEPER_POOL: dict[str, Any] = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 0.5}
"""The keeper's pool: two connections, and a request that finds both taken waits half a second at
most, then counts without keeping (the next request keeps)."""
GUARD_POOL: dict[str, Any] = {"pool_size": 2, "max_overflow": 2}
"""The sign-in throttle's pool: its counts wait for one another, never for the requests' connections."""

logger = logging.getLogger(__name__)


def disabled_plugins(pm: pluggy.PluginManager) -> list[tuple[str, Any]]:
    """The installed plugins ``WUSHE_PLUGINS`` left out (blocked), as (name, plugin): their migration
    branches stay the database's (:func:`core.plugins.migrations.declared_migrations`)."""
    found = []
    for entry_point in installed().entry_points:
        if pm.is_blocked(entry_point.name):
            try:
                found.append((entry_point.name, entry_point.load()))
            except Exception as error:
                raise StartupError(f"plugin {entry_point.name!r} (left out by WUSHE_PLUGINS): cannot load it "
                                   f"for its migrations: {error}") from error
    return found


@dataclass
class InitReport:
    tenants_added: int
    regions_added: int
    regions_updated: int
    roles_added: int
    admin_created: bool
    schema: migrations.Upgrade = field(default_factory=migrations.Upgrade)
    """what migrating the schema did first"""


@dataclass
class Platform:
    settings: Settings
    pm: pluggy.PluginManager
    registry: Registry
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    signing_key: str = ""
    policies: PolicyStore = field(default_factory=PolicyStore)
    cases: Engine = field(init=False, repr=False)
    """runs the case types the plugins declared (:mod:`core.cases`)"""
    keyring: personal.Keyring | None = None
    keeper: AsyncEngine | None = None
    """the engine that keeps counts of past days (:mod:`core.indicators.snapshots`): a small pool
    of its own, so that a request keeping them never waits for a connection other requests hold"""
    guard: AsyncEngine | None = None
    """the engine on which the sign-in throttle counts failures: a small pool of its own, since a
    sign-in counts while its request holds a connection of the requests' pool"""
    branches: tuple[migrations.Branch, ...] = (migrations.CORE,)
    """core's migration branch and the plugins' (:mod:`core.migrations`)"""
    sign_ins: Throttle = field(init=False, repr=False)
    """failed sign-ins counted and locked, and password checks bounded (:mod:`core.services.throttle`)"""
    events: EventBus = field(default_factory=EventBus, repr=False)
    """what this process's commits announce, for the subscriptions (:mod:`core.db.events`)"""
    recalled: Recalled = field(default_factory=Recalled, repr=False)
    """the targets' recorded verdicts read so far (:mod:`core.indicators.verdicts`): never changed once written"""
    reads: async_sessionmaker[AsyncSession] | None = None
    """sessions on the read replica (``database_read_url``), for GraphQL queries; None without one.
    Their transactions are read-only and set the scope as the primary's do (:meth:`reads_for`)"""

    def __post_init__(self) -> None:
        self.sign_ins = Throttle(db.session_factory(self.guard) if self.guard else self.sessions, self.settings)
        self.cases = Engine(self.registry)
        publish_after_commit(self.sessions.kw["sync_session_class"], self.events)

    @classmethod
    def create(
        cls,
        settings: Settings | None = None,
        *,
        plugins: Iterable[Any] = (),
        entry_points: bool = True,
        engine_options: dict[str, Any] | None = None,
    ) -> "Platform":
        """Load and check the plugins (raising StartupError) and open the database engine."""
        settings = settings or Settings()
        pm, registry = load(plugins, entry_points=entry_points, only=settings.plugins)
        branches = migrations.branches(declared_migrations(pm, disabled_plugins(pm)))
        pool = db.pool_options(settings.database_url, settings.database_pool_size, settings.database_max_overflow)
        if pool:
            pool["pool_timeout"] = settings.database_pool_timeout
        durable: dict[str, Any] = {"sqlite_synchronous": settings.sqlite_synchronous}
        engine = db.create_engine(settings.database_url, echo=settings.echo_sql, **durable,
                                  **(pool | (engine_options or {})))
        sessions = db.session_factory(engine)
        summary.keep_current(sessions)
        closing.track_writes(sessions.kw["sync_session_class"])
        tenancy.apply_on_begin(sessions.kw["sync_session_class"])
        # Sessions opened with ``platform.sessions()`` do maintenance: the CLI, ``init``, the outbox,
        # imports, tests' set-up. They work platform-wide, said here once; the web tier opens every
        # session of a request with its principal's scope instead (:meth:`session_for`).
        sessions.configure(info={tenancy.SCOPE_INFO: tenancy.PLATFORM})
        keeper = guard = None  # an in-memory database is the one connection of its engine
        if not db.in_memory(settings.database_url):
            keeper = db.create_engine(settings.database_url, echo=settings.echo_sql, **durable, **KEEPER_POOL)
            guard = db.create_engine(settings.database_url, echo=settings.echo_sql, **durable, **GUARD_POOL)
            for maintenance in (keeper, guard):  # counts of past days for every tenant; sign-ins before one is known
                tenancy.scope_engine(maintenance, tenancy.PLATFORM)
        reads = None
        if settings.database_read_url:
            reads = replica_sessions(db.create_engine(settings.database_read_url, echo=settings.echo_sql, read_only=True,
                                                      **(pool | (engine_options or {}))))
        return cls(settings, pm, registry, engine, sessions, keeper=keeper, guard=guard, branches=branches,
                   reads=reads)

    async def dispose(self) -> None:
        await self.engine.dispose()
        for engine in (self.keeper, self.guard, self.reader):
            if engine is not None:
                await engine.dispose()

    async def init(self) -> InitReport:
        """Migrate the schema to every branch's head (:meth:`migrate`), then create the tenants and
        regions the plugins declare, and ``admin``.

        Idempotent: a second run adds only what is missing and updates what changed.
        """
        schema = await self.migrate()
        async with db.transaction(self.sessions) as session:
            await tokens.signing_key(session, self.settings.secret_key, create=True)
            keyring = await personal.load_keyring(session, self.settings, create=True)
            await personal.check_keyring(session, keyring)
            await personal.upgrade(session, keyring, (d.item for d in self.registry.forms))
            tenants, tenants_added = await self._tenants(session)
            added, updated = await seed_regions(
                session, (d.item for d in self.registry.regions), tenants
            )
            await self._enable_plugins(session, tenants)
            roles_added = await seed_roles(session, self.registry, tenants)
            admin_created = await self._admin(session)
            await session.run_sync(lambda s: summary.fill_if_missing(s.connection()))
        self.use_keyring(keyring)
        return InitReport(tenants_added, added, updated, roles_added, admin_created, schema)

    async def migrate(self, target: str = "heads") -> migrations.Upgrade:
        """As the owner (``owner_database_url``): bring the schema to ``target`` (every branch's head
        by default; a database made before migrations is first brought to the baseline), then on
        PostgreSQL grant the application's role what it needs when it is another role (:mod:`core.db.roles`)."""
        async with self.owner_engine() as owner:
            report = await migrations.on(owner, migrations.upgrade, self.branches, target)
            if owner.dialect.name == "postgresql":  # a plugin's tenant tables too (core's: its migration)
                async with owner.begin() as connection:
                    await connection.run_sync(tenancy.protect_all)
            await self._grant(owner)
        return report

    async def downgrade(self, target: str) -> list[str]:
        """As the owner: take the schema down to ``target``; returns the revisions undone."""
        async with self.owner_engine() as owner:
            return await migrations.on(owner, migrations.downgrade, self.branches, target)

    @asynccontextmanager
    async def owner_engine(self) -> AsyncIterator[AsyncEngine]:
        """An engine on the database as its owner, for migrations (:func:`core.migrations.migration_engine`)."""
        owner = migrations.migration_engine(self.settings.owner_database_url or self.settings.database_url)
        try:
            if owner.url.get_backend_name() != self.engine.url.get_backend_name():
                raise RuntimeError("owner_database_url: not the same kind of database as database_url")
            yield owner
        finally:
            await owner.dispose()

    async def _grant(self, owner: AsyncEngine) -> None:
        if owner.dialect.name != "postgresql" or not self.settings.owner_database_url:
            return
        try:
            async with self.engine.connect() as connection:
                role = await connection.run_sync(dbroles.current_role)
        except sa.exc.OperationalError as error:
            raise RuntimeError(
                f"database_url: cannot connect as the application's role ({error.orig}); "
                "create it first (docs/operators.md, Database roles)"
            ) from None
        tables = sorted({migrations.VERSION_TABLE}.union(*(branch.tables for branch in self.branches)))
        async with owner.begin() as connection:
            if await connection.run_sync(dbroles.current_role) != role:
                await connection.run_sync(dbroles.grant_application_role, role, tables)

    async def database_status(self) -> migrations.Status:
        """Where the database stands against this release's migrations, read as the application's
        role without creating anything (a SQLite file that does not exist is not made)."""
        engine = db.create_engine(self.settings.database_url, poolclass=sa.NullPool)
        try:
            return await migrations.database_status(engine, self.branches)
        except sa.exc.DBAPIError as error:
            where = migrations.where(self.settings.database_url)
            raise RuntimeError(f"database_url: cannot read the database at {where} ({error.orig})") from None
        finally:
            await engine.dispose()

    async def check_database(self) -> None:
        """Raise :class:`core.migrations.MigrationError` saying what to run when the database is
        not initialised, made before migrations, not up to date or holds unknown revisions."""
        problem = (await self.database_status()).problem(migrations.where(self.settings.database_url))
        if problem is not None:
            raise migrations.MigrationError(problem)

    async def _tenants(self, session: AsyncSession) -> tuple[dict[str, Tenant], int]:
        stored = {t.code: t for t in (await session.exec(select(Tenant))).all()}
        added = 0
        for root in self.registry.tenant_roots():
            tenant = stored.get(root.item.code)
            if tenant is None:
                tenant = Tenant(code=root.item.code, name=root.item.name)
                session.add(tenant)
                stored[tenant.code] = tenant
                added += 1
            elif tenant.name != root.item.name:
                tenant.name = root.item.name
                session.add(tenant)
        await session.flush()
        return stored, added

    async def _enable_plugins(self, session: AsyncSession, tenants: dict[str, Tenant]) -> None:
        existing = {
            (row.tenant_id, row.plugin) for row in (await session.exec(select(TenantPlugin))).all()
        }
        added = False
        for info in self.registry.plugins.values():
            tenant = tenants.get(info.tenant_code or "")
            targets = [tenant] if tenant else (list(tenants.values()) if info.scope is None else [])
            for target in targets:
                if (target.id, info.name) not in existing:
                    session.add(TenantPlugin(tenant_id=stored_id(target), plugin=info.name))
                    added = True
        await session.flush()
        if added:  # the policy snapshots of running workers hold the enabled plugins: they reload
            await bump_version(session)

    async def _admin(self, session: AsyncSession) -> bool:
        found = (await session.exec(select(User).where(User.username == ADMIN_USERNAME))).first()
        if found is not None:
            return False
        session.add(User(username=ADMIN_USERNAME, display_name="平台管理员", is_platform_admin=True))
        await session.flush()
        return True

    async def load_signing_key(self) -> None:
        """What ``serve`` does at start: read the token key (configured or stored by ``init``; fails
        if ``init`` never ran) and the data keys, and check the database role."""
        try:
            async with self.sessions() as session:
                self.signing_key = await tokens.signing_key(session, self.settings.secret_key)
        except sa.exc.OperationalError as error:
            raise RuntimeError(f"database not initialised ({error.orig}): run `wushe init`") from error
        except sa.exc.ProgrammingError as error:
            raise RuntimeError(f"database not initialised ({error.orig}): run `wushe init`") from error
        await self.load_data_key()
        await self.check_database_role()

    async def check_database_role(self) -> None:
        """PostgreSQL: refuse (production) or warn (development) when the role the platform
        connected as could rewrite the audit log: a superuser, the owner, or one granted more
        than appending to it. Run at start; `wushe init` as the owner sets the roles up."""
        if self.engine.dialect.name != "postgresql":
            return
        async with self.engine.connect() as connection:
            risks = await connection.run_sync(dbroles.audit_log_risks)
        if not risks:
            return
        message = (
            f"database_url: {'; '.join(risks)}, so it could rewrite the audit log. Connect as a role that "
            "owns nothing and let `wushe init` create the tables as the owner (WUSHE_OWNER_DATABASE_URL) "
            "and grant it its rights: see docs/operators.md, Database roles"
        )
        if not self.settings.development:
            raise RuntimeError(message)
        logger.warning("%s (refused in production)", message)

    async def load_data_key(self) -> None:
        """Read the personal-data keys (configured, or stored by ``init``) and check them against
        the stored data; every session of the platform carries them from then on."""
        try:
            async with self.sessions() as session:
                keyring = await personal.load_keyring(session, self.settings)
                await personal.check_keyring(session, keyring)
        except personal.DataKeyError as error:
            raise RuntimeError(str(error)) from None
        self.use_keyring(keyring)

    def use_keyring(self, keyring: personal.Keyring) -> None:
        self.keyring = keyring
        self.sessions.configure(info={**self.sessions.kw.get("info", {}), personal.SESSION_INFO: keyring,
                                      personal.SESSIONS_INFO: self.sessions})
        if self.reads is not None:  # what a read audits (a full value read) is written on the primary
            self.reads.configure(info={**self.reads.kw.get("info", {}), personal.SESSION_INFO: keyring,
                                       personal.SESSIONS_INFO: self.sessions})

    @property
    def reader(self) -> AsyncEngine | None:
        """The read replica's engine (``database_read_url``), if there is one."""
        return None if self.reads is None else self.reads.kw["bind"]

    def reads_for(self, principal: Principal | None) -> AsyncSession:
        """A session on the read replica for work read for ``principal`` (its tenant's rows only, as
        :meth:`session_for`); ``session_for`` itself when there is no replica."""
        if self.reads is None:
            return self.session_for(principal)
        return self.reads(info={tenancy.SCOPE_INFO: scope_of_principal(principal)})

    def session_for(self, principal: Principal | None) -> AsyncSession:
        """A session for work done for ``principal``: its tenant's rows only on PostgreSQL (every
        tenant's for a platform administrator, none for nobody), :mod:`core.db.tenancy`."""
        return self.sessions(info={tenancy.SCOPE_INFO: scope_of_principal(principal)})

    def sessions_for(self, principal: Principal | None) -> async_sessionmaker[AsyncSession]:
        """A session factory for work done for ``principal`` in transactions of its own (an import,
        an audit written beside a read): as :meth:`session_for`."""
        return tenancy.sessions_like(self.sessions, scope_of_principal(principal))

    def session_as(self, scope: tenancy.Scope) -> AsyncSession:
        """A session that works for ``scope``, said by its caller (:data:`core.db.tenancy.NOBODY` for
        the token check, which finds its scope itself)."""
        return self.sessions(info={tenancy.SCOPE_INFO: scope})

    async def principal(self, session: AsyncSession, username: str) -> Principal:
        """The principal of an active user under the current policy (UnknownUser otherwise)."""
        return await load_principal(session, username, await self.policies.current(session))

    async def token_for(self, username: str) -> str:
        """A bearer token for an existing, active user."""
        async with self.sessions() as session:
            await self.principal(session, username)
            key = await tokens.signing_key(session, self.settings.secret_key)
        return tokens.issue_token(username, key, ttl=dt.timedelta(seconds=self.settings.token_ttl_seconds))


def replica_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions on a read replica's engine: each transaction sets its session's scope first, as the
    primary's do (:func:`core.db.tenancy.apply_on_begin`), and one that wrote nothing ends with
    ``COMMIT`` (:mod:`core.db.closing`); nobody's until told whose. They write nothing: the engine's
    transactions are read-only, and what a read writes (an audit event, a verdict, a past day's
    counts) goes to the primary by the platform's own sessions and keeper."""

    class ReplicaSession(OrmSession):
        """The ORM session of one platform's replica (the listeners below are its alone)."""

    closing.track_writes(ReplicaSession)
    tenancy.apply_on_begin(ReplicaSession)
    reads = db.session_factory(engine)
    reads.configure(sync_session_class=ReplicaSession, info={tenancy.SCOPE_INFO: tenancy.NOBODY})
    return reads
