"""Which targets are in force at a region, and in what role: judged there, summed up there, or context.

A target declared at a scope is in force in that subtree. Where plugins at nested scopes declare the
same key (a city's ``volunteer_share`` and one of its streets'), the deeper scope wins and the result
says which ones it overrode. A locked target may be tightened below, never weakened: that is checked
at start-up, with where each target may be placed (:func:`lock_problems`, :func:`placement_problems`).

Where it is *judged* is its placement (:attr:`core.TargetDecl.placement`): the scope region itself
(the default), or every region of a tier inside the scope. At each region of the subtree it then has
one :class:`Role` (:func:`role_at`):

- ``own``: the region is where it is judged, on the region's subtree (met, not met or no data);
- ``summary``: the region lies above where it is judged: how many of the regions below meet it;
- ``context``: the region lies below where it is judged (the province's 1,050,000 seen from a city):
  shown for information, never as the region's own status.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.plugins.declarations import TargetDecl
from core.plugins.problems import Problems
from core.plugins.registry import Registry
from core.tree.paths import within
from core.tree.tiers import CommunityKind, Tier

TIGHTER = {">=": lambda child, parent: child >= parent, ">": lambda child, parent: child >= parent,
           "<=": lambda child, parent: child <= parent, "<": lambda child, parent: child <= parent,
           "==": lambda child, parent: child == parent}


class Role(StrEnum):
    """What a target in force at a region is to that region."""

    OWN = "own"
    """judged here, on this region's subtree"""
    SUMMARY = "summary"
    """judged at regions below: how many of them meet it"""
    CONTEXT = "context"
    """judged at a region above (an ancestor's total): information, not this region's status"""


@dataclass(frozen=True)
class ScopedTarget:
    plugin: str
    scope: str
    target: TargetDecl
    at: str = ""
    """where the plugin declared it (``register_targets[2]``)"""


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
        if scope is None:  # refused at start-up (core.plugins.checks.check_targets)
            continue
        out.append(ScopedTarget(declared.plugin, scope, declared.item, declared.at))
    registry.__dict__["_scoped_targets"] = (len(registry.targets), out)
    return out


def lock_problems(registry: Registry) -> list[str]:
    """The start-up problems of targets below a locked one with the same key: each must keep its
    comparator and not be weaker."""
    problems = Problems()
    targets = scoped(registry)
    for parent in targets:
        if not parent.target.locked:
            continue
        for child in targets:
            if child is parent or child.target.key != parent.target.key:
                continue
            if child.scope == parent.scope or not within(child.scope, parent.scope):
                continue
            locked = f"locked by plugin {parent.plugin!r} at {parent.scope!r}"
            if child.target.comparator != parent.target.comparator:
                problems.add(child.plugin, f"{child.at}.comparator", f"changes the comparator of the target {locked}")
            elif not TIGHTER[parent.target.comparator](child.target.threshold, parent.target.threshold):
                problems.add(child.plugin, f"{child.at}.threshold",
                             f"{child.target.threshold} weakens the {parent.target.comparator} "
                             f"{parent.target.threshold} {locked}")
    return problems.lines


APPLYING_KEPT = 65536
"""(path, enabled plugins) pairs whose targets in force :func:`applying_at` keeps per registry."""


def applying_at(registry: Registry, path: str, enabled: set[str] | frozenset[str]) -> list[AppliedTarget]:
    """The targets in force at ``path`` from the enabled plugins, most specific first per key (worked
    out once per path and plugins for a registry: a rollup asks it for each of its rows)."""
    kept: tuple[int, dict[tuple[str, frozenset[str]], list[AppliedTarget]]] | None = registry.__dict__.get("_applying")
    if kept is None or kept[0] != len(registry.targets):
        kept = registry.__dict__["_applying"] = (len(registry.targets), {})
    known = kept[1]
    key = (path, frozenset(enabled))
    found = known.get(key)
    if found is None:
        if len(known) >= APPLYING_KEPT:
            known.clear()
        found = known[key] = _applying_at(registry, path, key[1])
    return list(found)


def _applying_at(registry: Registry, path: str, enabled: frozenset[str]) -> list[AppliedTarget]:
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


def role_at(target: TargetDecl, scope: str, path: str, tier: Tier, kind: CommunityKind | None = None) -> Role | None:
    """The role of ``target`` (declared at ``scope``) at the region ``path`` of ``tier`` inside the scope;
    None where it does not apply at all (a community of the other kind, for a target on urban ones)."""
    placement = target.placement
    if placement is None:
        return Role.OWN if path == scope else Role.CONTEXT
    if tier.rank < placement.rank:
        return Role.SUMMARY
    if tier.rank > placement.rank:
        return Role.CONTEXT
    if tier is Tier.COMMUNITY and target.community_kind is not None and kind != target.community_kind:
        return None
    return Role.OWN


def placement_problems(registry: Registry, baseline_of: Mapping[str, str | None]) -> list[str]:
    """The start-up problems of where targets are placed: a target's ``applies_at`` tier lies at or below
    its scope region's tier; a target on an indicator measured against a baseline names its year (and no
    other target does), and is judged at regions that can hold a baseline (not per community).
    ``baseline_of``: for each indicator key, the measure it is compared with at a baseline year, if any
    (the indicators' layer knows them)."""
    problems = Problems()
    tiers = {d.item.path: d.item.tier for d in registry.regions}
    for item in scoped(registry):
        target = item.target
        scope_tier = tiers.get(item.scope)
        if target.applies_at is not None and scope_tier is not None and target.applies_at.rank < scope_tier.rank:
            problems.add(item.plugin, f"{item.at}.applies_at",
                         f"{target.applies_at.value!r} lies above the tier of the scope {item.scope!r} "
                         f"({scope_tier.value}); name that tier or one below it")
        measured_by = baseline_of.get(target.indicator)
        if measured_by is not None and target.baseline_year is None:
            problems.add(item.plugin, f"{item.at}.baseline_year", f"indicator {target.indicator!r} is measured "
                                                                  f"against {measured_by!r} at a baseline year; name the year")
        if measured_by is None and target.baseline_year is not None:
            problems.add(item.plugin, f"{item.at}.baseline_year", f"indicator {target.indicator!r} has no baseline")
        if measured_by is not None and target.placement is Tier.COMMUNITY:
            problems.add(item.plugin, f"{item.at}.applies_at", "a target measured against a baseline is judged at a "
                                                               "region holding one, not per community")
    return problems.lines
