"""The programmes and conversions in effect in a tenant: the core's and its enabled plugins', with the
rates its settings give (:mod:`core.plugins.programmes` declares them)."""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from core.documents.rules import enabled_plugins
from core.errors import FieldError
from core.models import Tenant
from core.plugins.problems import CORE
from core.plugins.programmes import TIME_BANK, ConversionDecl, ProgrammeDecl, per_unit
from core.plugins.registry import Declared, Registry


@dataclass(frozen=True)
class Programme:
    key: str
    label: str
    unit: str
    plugin: str
    earn_per_hour: Decimal | None
    """points an hour of recorded service earns here (the tenant's setting, else the declared rate)"""

    @property
    def resource(self) -> str:
        """The resource its permissions name: ``time_bank`` for minutes, ``points`` otherwise."""
        return TIME_BANK if self.unit == "minute" else "points"

    @property
    def per_unit(self) -> int:
        return per_unit(self.unit)


@dataclass(frozen=True)
class Conversion:
    source: Programme
    target: Programme
    rate: Decimal
    """target units per source unit (a minute programme counted in hours)"""
    label: str
    clause: str
    plugin: str
    rate_setting: str

    def converted(self, amount: int) -> int:
        """What ``amount`` stored units of the source are worth in stored units of the target,
        rounded down (a fraction of a point is never created)."""
        worth = Decimal(amount) / self.source.per_unit * self.rate * self.target.per_unit
        return int(worth.to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True)
class Programmes:
    """What a tenant has: its programmes by key and its conversions in effect."""

    by_key: dict[str, Programme]
    conversions: list[Conversion]

    def get(self, key: str, field: str = "programme") -> Programme:
        if key not in self.by_key:
            raise FieldError(field, f"no programme {key!r} here (programmes: {', '.join(sorted(self.by_key))})",
                             code="not_found")
        return self.by_key[key]

    def conversion(self, source: str, target: str) -> Conversion:
        self.get(source, "source")
        self.get(target, "target")
        for conversion in self.conversions:
            if conversion.source.key == source and conversion.target.key == target:
                return conversion
        allowed = ", ".join(f"{c.source.key}→{c.target.key}" for c in self.conversions) or "none"
        raise FieldError("target", f"{source} is not converted into {target} here (conversions in effect: {allowed})")


def _setting(registry: Registry, tenant: Tenant, plugin: str, key: str) -> Any:
    values = tenant.settings or {}
    if key in values:
        return values[key]
    for declared in registry.settings:
        if declared.plugin == plugin and declared.item.key == key:
            return declared.item.default
    raise LookupError(key)  # the start-up checks make sure it is declared


def _decimal(value: Any, key: str) -> Decimal:
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        raise FieldError("programme", f"the setting {key!r} is not a decimal number ({value!r})") from None
    if not rate.is_finite() or rate < 0:
        raise FieldError("programme", f"the setting {key!r} must be a number of at least 0 ({value!r})")
    return rate


def _programme(registry: Registry, tenant: Tenant, declared: Declared[ProgrammeDecl]) -> Programme:
    item = declared.item
    rate = item.earn_per_hour
    if item.earn_setting is not None:
        rate = _decimal(_setting(registry, tenant, declared.plugin, item.earn_setting), item.earn_setting)
    return Programme(key=item.key, label=item.label, unit=item.unit, plugin=declared.plugin, earn_per_hour=rate)


def _in_effect(registry: Registry, tenant: Tenant, declared: Declared[ConversionDecl]) -> bool:
    key = declared.item.enabled_setting
    return key is None or _setting(registry, tenant, declared.plugin, key) is True


async def of_tenant(session: AsyncSession, registry: Registry, tenant: Tenant) -> Programmes:
    """The programmes of the core and of the tenant's enabled plugins, and the conversions in effect."""
    enabled = await enabled_plugins(session, tenant) | {CORE}
    by_key = {d.item.key: _programme(registry, tenant, d) for d in registry.programmes if d.plugin in enabled}
    conversions = []
    for declared in registry.conversions:
        item = declared.item
        if declared.plugin not in enabled or not _in_effect(registry, tenant, declared):
            continue
        if item.source not in by_key or item.target not in by_key:
            continue  # a programme of a plugin the tenant has not enabled
        rate = _decimal(_setting(registry, tenant, declared.plugin, item.rate_setting), item.rate_setting)
        conversions.append(Conversion(source=by_key[item.source], target=by_key[item.target], rate=rate,
                                      label=item.label, clause=item.source_clause, plugin=declared.plugin,
                                      rate_setting=item.rate_setting))
    return Programmes(by_key=by_key, conversions=conversions)
