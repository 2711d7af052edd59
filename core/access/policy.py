"""The Casbin policy: one immutable snapshot per version, swapped whole when the version moves.

A decision never sees a half-loaded policy: a reload builds a new enforcer beside the old one
and replaces the reference in one assignment. Workers notice changes by the version counter
(:class:`core.models.PolicyVersion`), bumped in the same transaction as every change.
"""

import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import casbin
import sqlalchemy as sa
from casbin import persist
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.known_regions import KnownRegions
from core.db import tenancy
from core.models import PolicyVersion, RolePermission, TenantPlugin
from core.tree.tiers import TIER_ORDER, Tier

MODEL_TEXT = resources.files("core.access").joinpath("model.conf").read_text(encoding="utf-8")

_deciding = threading.Lock()
"""Held while Casbin decides. It parses its matcher with ``ast.parse`` at every decision, and
CPython 3.11 keeps the parser's recursion depth in interpreter-wide state: two threads deciding at
once (a server in a thread beside a client, a decision in a worker thread) failed with "AST
constructor recursion depth mismatch". One lock for all policies, since the state is the
interpreter's; decisions are cached (``allowed_tiers``), so it is rarely taken."""


class Policy:
    """All tenants' policy lines in one enforcer; the tenant is the Casbin domain."""

    def __init__(self, lines: Iterable[tuple[int, str, str, str, str]], version: int,
                 enabled: Mapping[int, frozenset[str]] | None = None) -> None:
        model = casbin.Model()
        model.load_model_from_text(MODEL_TEXT)
        self.enforcer = casbin.Enforcer(model)  # which switches Casbin's loggers off (or loading would log every line)
        self.enforcer.set_adapter(Lines(lines))
        self.enforcer.load_policy()
        self.version = version
        self.enabled = enabled
        """the plugins each tenant has enabled, as of the same version (None: not loaded; a tenant
        missing has none): enabling a plugin bumps the version as a permission change does"""
        self.allowed_tiers = lru_cache(maxsize=65536)(self._allowed_tiers)
        self.regions = KnownRegions()
        """the regions read by path while this version holds (a change to a region moves the version)"""

    def allows(self, tenant_id: int, role: str, tier: Tier, resource: str, action: str) -> bool:
        with _deciding:
            return bool(self.enforcer.enforce(str(tenant_id), role, tier.value, resource, action))

    def _allowed_tiers(self, tenant_id: int, role: str, resource: str, action: str) -> frozenset[Tier]:
        return frozenset(t for t in TIER_ORDER if self.allows(tenant_id, role, t, resource, action))

    def lines_of(self, tenant_id: int, role: str) -> list[list[str]]:
        return [line for line in self.enforcer.get_policy() if line[0] == str(tenant_id) and line[1] == role]


class Lines(persist.Adapter):
    """The policy lines given, as Casbin's adapter for them: each appended once, in order. The
    enforcer's ``add_policies`` searched the list for every line it added (quadratic: 16,000 lines
    took 4.5 s, at every reload in every worker); an adapter's load appends, as Casbin's own
    adapters do (``persist.load_policy_line``), without parsing text. It is set once the enforcer is
    made, whose making switches Casbin's loggers off: a load logs every line it loaded."""

    def __init__(self, lines: Iterable[tuple[int, str, str, str, str]]) -> None:
        self.rules = list(dict.fromkeys(
            (str(t), role, tier, resource, action) for t, role, tier, resource, action in lines))

    def load_policy(self, model: casbin.Model) -> None:
        model["p"]["p"].policy.extend(list(rule) for rule in self.rules)


async def stored_version(session: AsyncSession) -> int:
    row = await session.get(PolicyVersion, 1)
    return row.version if row else 0


async def bump_version(session: AsyncSession) -> int:
    """Call in the transaction that changes the policy; every worker reloads on its next request."""
    row = await session.get(PolicyVersion, 1, with_for_update=True)
    if row is None:
        row = PolicyVersion(id=1, version=0)
    row.version += 1
    session.add(row)
    await session.flush()
    return row.version


async def load_policy(session: AsyncSession) -> Policy:
    version = await stored_version(session)
    # The columns, not the rows as objects: ~1,200 lines of the demo's tenants made as ORM objects
    # (identity map, instrumented state) took most of a load, at every reload in every worker.
    lines = RolePermission.__table__.c  # type: ignore[attr-defined]
    connection = await session.connection()
    rows = (await connection.execute(sa.select(lines.tenant_id, lines.role_code, lines.tier, lines.resource,
                                               lines.action))).all()
    enabled: dict[int, set[str]] = {}
    for tenant_id, plugin in (await session.exec(
            select(TenantPlugin.tenant_id, TenantPlugin.plugin).where(TenantPlugin.enabled == True))).all():  # noqa: E712
        enabled.setdefault(tenant_id, set()).add(plugin)
    plugins = {tenant_id: frozenset(names) for tenant_id, names in enabled.items()}
    return Policy(rows, version, plugins)


class PolicyStore:
    """Holds the current snapshot for one platform instance."""

    def __init__(self) -> None:
        self._policy: Policy | None = None

    async def current(self, session: AsyncSession) -> Policy:
        """The policy as of the stored version: one cheap read, a reload only when it moved."""
        return await self.at(session, await stored_version(session))

    async def at(self, session: AsyncSession, version: int) -> Policy:
        """The policy as of ``version``, the stored version the caller has just read itself (the
        token check reads it in the statement that finds the user): a reload only when it moved."""
        policy = self._policy
        if policy is None or policy.version != version:
            async with tenancy.widened(session):  # one policy holds every tenant's permissions
                policy = await load_policy(session)
            self._policy = policy
        return policy
