"""Which targets apply at a region: inherited down the tree, the most specific scope winning.

A target declared at a scope applies to every region in that subtree. Where plugins at nested
scopes declare the same key (a city's ``volunteer_share`` and one of its streets'), the deeper scope
wins and the result says which ones it overrode. A locked target may be tightened below, never
weakened: that is checked at start-up.
"""

from dataclasses import dataclass, field

from core.errors import StartupError
from core.plugins.declarations import TargetDecl
from core.plugins.registry import Registry
from core.tree.paths import within

TIGHTER = {">=": lambda child, parent: child >= parent, ">": lambda child, parent: child >= parent,
           "<=": lambda child, parent: child <= parent, "<": lambda child, parent: child <= parent,
           "==": lambda child, parent: child == parent}


@dataclass(frozen=True)
class ScopedTarget:
    plugin: str
    scope: str
    target: TargetDecl


@dataclass(frozen=True)
class AppliedTarget(ScopedTarget):
    overrides: tuple[ScopedTarget, ...] = field(default=())


def scoped(registry: Registry) -> list[ScopedTarget]:
    """Every declared target with its scope; computed once per registry (asked once per region)."""
    cached: tuple[int, list[ScopedTarget]] | None = registry.__dict__.get("_scoped_targets")
    if cached is not None and cached[0] == len(registry.targets):
        return cached[1]
    out = []
    for declared in registry.targets:
        scope = declared.item.scope or registry.plugins[declared.plugin].scope
        if scope is None:  # refused at start-up (core.plugins.manager): named here all the same
            raise StartupError(f"plugin {declared.plugin!r}: register_targets: key {declared.item.key!r}: "
                               "scope is required for a plugin without plugin_scope")
        out.append(ScopedTarget(declared.plugin, scope, declared.item))
    registry.__dict__["_scoped_targets"] = (len(registry.targets), out)
    return out


def check_locks(registry: Registry) -> None:
    """A target below a locked one with the same key must keep its comparator and not be weaker."""
    targets = scoped(registry)
    for parent in targets:
        if not parent.target.locked:
            continue
        for child in targets:
            if child is parent or child.target.key != parent.target.key:
                continue
            if child.scope == parent.scope or not within(child.scope, parent.scope):
                continue
            where = f"plugin {child.plugin!r}: register_targets: key {child.target.key!r} at {child.scope!r}"
            if child.target.comparator != parent.target.comparator:
                raise StartupError(f"{where}: changes the comparator of a target locked by plugin {parent.plugin!r}")
            if not TIGHTER[parent.target.comparator](child.target.threshold, parent.target.threshold):
                raise StartupError(
                    f"{where}: threshold {child.target.threshold} weakens the locked "
                    f"{parent.target.comparator} {parent.target.threshold} of plugin {parent.plugin!r}"
                )


def applying_at(registry: Registry, path: str, enabled: set[str]) -> list[AppliedTarget]:
    """The targets in force at ``path`` from the enabled plugins, most specific first per key."""
    by_key: dict[str, list[ScopedTarget]] = {}
    for item in scoped(registry):
        if item.plugin in enabled and within(path, item.scope):
            by_key.setdefault(item.target.key, []).append(item)
    applied = []
    for items in by_key.values():
        items.sort(key=lambda t: t.scope.count("/"), reverse=True)
        winner, *rest = items
        applied.append(AppliedTarget(winner.plugin, winner.scope, winner.target, overrides=tuple(rest)))
    return sorted(applied, key=lambda a: (a.scope.count("/"), a.scope, a.target.key))
