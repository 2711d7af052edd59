"""The start-up checks of the programmes and conversions plugins declare (:mod:`core.plugins.programmes`)."""

from typing import Any

from core.plugins.problems import Problems
from core.plugins.programmes import ConversionDecl, ProgrammeDecl
from core.plugins.registry import Declared, Registry


def check_programmes(registry: Registry, problems: Problems) -> None:
    """Programme keys are unique; an ``earn_setting`` is a decimal setting of the same plugin; a
    conversion names declared programmes, a decimal ``rate_setting`` and a bool ``enabled_setting``
    of its own plugin, and is declared once."""
    seen: dict[str, Declared[ProgrammeDecl]] = {}
    for declared in registry.programmes:
        key = declared.item.key
        if key in seen:
            problems.about(declared, "key", f"programme {key!r} is already declared by plugin {seen[key].plugin!r}")
            continue
        seen[key] = declared
        if declared.item.earn_setting is not None:
            _setting_problem(registry, problems, declared, "earn_setting", declared.item.earn_setting, "decimal")
    pairs: dict[tuple[str, str], Declared[ConversionDecl]] = {}
    for conversion in registry.conversions:
        item = conversion.item
        for field in ("source", "target"):
            if getattr(item, field) not in seen:
                problems.about(conversion, field, f"no programme {getattr(item, field)!r} is declared "
                                                  f"(declared: {', '.join(sorted(seen))})")
        if (item.source, item.target) in pairs:
            problems.about(conversion, None, f"{item.source} → {item.target} is already declared by plugin "
                                             f"{pairs[item.source, item.target].plugin!r}")
        pairs[item.source, item.target] = conversion
        _setting_problem(registry, problems, conversion, "rate_setting", item.rate_setting, "decimal")
        if item.enabled_setting is not None:
            _setting_problem(registry, problems, conversion, "enabled_setting", item.enabled_setting, "bool")


def _setting_problem(registry: Registry, problems: Problems, declared: Declared[Any], field: str, key: str,
                     kind: str) -> None:
    found = [s for s in registry.settings if s.plugin == declared.plugin and s.item.key == key]
    if not found:
        problems.about(declared, field, f"plugin {declared.plugin!r} declares no setting {key!r}")
    elif found[0].item.kind != kind:
        problems.about(declared, field, f"setting {key!r} is a {found[0].item.kind}, not a {kind}")
