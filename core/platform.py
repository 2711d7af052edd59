"""One platform instance: settings, database, plugins and what they declared.

``Platform.create()`` is the only way in; each call builds its own plugin manager and engine,
so tests (and several apps in one process) never share state.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pluggy
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import auth, db, personal
from core.access import Principal
from core.config import Settings
from core.indicators import summary
from core.models import Tenant, TenantPlugin, User
from core.permissions.policy import PolicyStore
from core.permissions.principal import load_principal
from core.permissions.seed import seed_roles
from core.plugins import Registry, load
from core.tree import seed_regions

ADMIN_USERNAME = "admin"


@dataclass
class InitReport:
    tenants_added: int
    regions_added: int
    regions_updated: int
    roles_added: int
    admin_created: bool


@dataclass
class Platform:
    settings: Settings
    pm: pluggy.PluginManager
    registry: Registry
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    signing_key: str = ""
    policies: PolicyStore = field(default_factory=PolicyStore)
    keyring: personal.Keyring | None = None

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
        engine = db.create_engine(settings.database_url, echo=settings.echo_sql, **(engine_options or {}))
        return cls(settings, pm, registry, engine, db.session_factory(engine))

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def init(self) -> InitReport:
        """Create the tables, the tenants and regions the plugins declare, and ``admin``.

        Idempotent: a second run adds only what is missing and updates what changed.
        """
        await db.create_tables(self.engine)
        async with db.transaction(self.sessions) as session:
            await auth.signing_key(session, self.settings.secret_key, create=True)
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
        return InitReport(tenants_added, added, updated, roles_added, admin_created)

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
        for info in self.registry.plugins.values():
            tenant = tenants.get(info.tenant_code or "")
            targets = [tenant] if tenant else (list(tenants.values()) if info.scope is None else [])
            for target in targets:
                if (target.id, info.name) not in existing:
                    session.add(TenantPlugin(tenant_id=target.id, plugin=info.name))  # type: ignore[arg-type]
        await session.flush()

    async def _admin(self, session: AsyncSession) -> bool:
        found = (await session.exec(select(User).where(User.username == ADMIN_USERNAME))).first()
        if found is not None:
            return False
        session.add(User(username=ADMIN_USERNAME, display_name="平台管理员", is_platform_admin=True))
        await session.flush()
        return True

    async def load_signing_key(self) -> None:
        """Read the token key (configured or stored by ``init``); fails if ``init`` never ran."""
        try:
            async with self.sessions() as session:
                self.signing_key = await auth.signing_key(session, self.settings.secret_key)
        except sa.exc.OperationalError as error:
            raise RuntimeError(f"database not initialised ({error.orig}): run `wushe init`") from error
        except sa.exc.ProgrammingError as error:
            raise RuntimeError(f"database not initialised ({error.orig}): run `wushe init`") from error
        await self.load_data_key()

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
        self.sessions.configure(info={personal.SESSION_INFO: keyring, personal.SESSIONS_INFO: self.sessions})

    async def principal(self, session: AsyncSession, username: str) -> Principal:
        """The principal of an active user under the current policy (UnknownUser otherwise)."""
        return await load_principal(session, username, await self.policies.current(session))

    async def token_for(self, username: str) -> str:
        """A bearer token for an existing, active user."""
        async with self.sessions() as session:
            await self.principal(session, username)
            key = await auth.signing_key(session, self.settings.secret_key)
        return auth.issue_token(username, key, ttl=dt.timedelta(seconds=self.settings.token_ttl_seconds))
