"""``wushe recording``: who may record what, as Markdown — for each installed plugin, its roles and
the tiers at which each records activities, service hours (and spot-checks them), the time bank and
points, donations, volunteers, teams, organizations, workers, community funds (and grants from
them), the three lists (demands and their matching, resources, projects), and submits or reviews forms.

The tiers shown are where a holder may actually write: the role's policy lines, cut to the tiers at
or below the one it is held at (a grant never reaches upward) and to the tiers the record is placed
at (an activity at a street or community, an entry of hours at the volunteer's community …).
docs/administrators.md ("Who records what") is its output for the built-in plugins (a test keeps
them equal), so the table administrators read is the one the platform enforces at ``wushe init``.

``wushe recording --regions`` prints, the same way, who keeps the regions' facts, adds regions below
its own and sets baselines (docs/administrators.md, "Who maintains regions").
"""

from typing import Annotated

import typer

from core.access.vocabulary import ANY_TIER, parse_permission
from core.cli.base import app, installed_registry
from core.plugins.declarations import RoleDecl
from core.plugins.registry import Registry
from core.services import elements, lists, matching, spot_checks
from core.tree.tiers import TIER_ORDER, Tier

Places = tuple[Tier, ...] | dict[str, tuple[Tier, ...]]
"""The tiers a record is placed at, or each action's (a spot check at a street, an entry of hours at a community)."""

VOLUNTEERS_COMMUNITY = elements.VOLUNTEER.tiers
"""The time bank's and points' accounts are the volunteer's, written where the volunteer is."""

RECORDS: tuple[tuple[str, str, tuple[str, ...], Places], ...] = (
    ("activities", "activity", ("create", "update"), elements.ACTIVITY.tiers),
    ("service hours", "service_record", ("create", "inspect"),
     {"create": elements.SERVICE_RECORD.tiers, "inspect": spot_checks.TIERS}),
    ("time bank", "time_bank", ("deposit", "withdraw", "convert"), VOLUNTEERS_COMMUNITY),
    ("points", "points", ("earn", "award", "exchange", "convert"), VOLUNTEERS_COMMUNITY),
    ("donations", "donation", ("create",), elements.DONATION.tiers),
    ("volunteers", "volunteer", ("create", "update"), elements.VOLUNTEER.tiers),
    ("teams", "volunteer_team", ("create", "update"), elements.TEAM.tiers),
    ("organizations", "social_organization", ("create", "update"), elements.ORGANIZATION.tiers),
    ("workers", "social_worker", ("create", "update"), elements.WORKER.tiers),
    ("community funds", "community_fund", ("create", "update", "grant"), elements.FUND.tiers),
    ("demands", "demand", ("create", "update", "match"),
     {"create": lists.DEMAND_TIERS, "update": lists.DEMAND_TIERS, "match": matching.RUN_TIERS}),
    ("resources", "service_resource", ("create",), TIER_ORDER),
    ("projects", "service_project", ("create",), TIER_ORDER),
    ("forms", "form", ("submit", "review"), TIER_ORDER),
)
"""Each column: its heading, the resource, the actions that write or decide, the tiers it is placed at
(the same for every action, or each action's)."""

MAINTAINS: tuple[tuple[str, str, tuple[str, ...], Places], ...] = (
    ("keeps the facts of (updateRegion)", "region", ("update",), TIER_ORDER),
    ("adds (addRegion)", "region", ("create",), TIER_ORDER),
    ("sets baselines at (setBaseline)", "indicator", ("update",), TIER_ORDER),
)
"""The columns of ``--regions``, as :data:`RECORDS`; one action each, so a cell names only tiers."""

STRICTLY_BELOW = {("region", "create")}
"""Permissions that reach only below the region the role is held at: a region is added under it,
never beside it (:func:`core.services.regions.would_be`)."""


def tiers_where(role: RoleDecl, resource: str, action: str, placed: tuple[Tier, ...]) -> list[Tier]:
    """The tiers at which a holder of ``role`` may ``action`` on ``resource``: its lines, never above
    the role's own tier, only where such a record is placed."""
    lines = [line for p in role.permissions for line in parse_permission(p)
             if (line.resource, line.action) == (resource, action)]
    named = {line.tier for line in lines}
    lowest = role.tier.rank + 1 if (resource, action) in STRICTLY_BELOW else role.tier.rank
    return [t for t in TIER_ORDER
            if t.rank >= lowest and t in placed and (ANY_TIER in named or t.value in named)]


def cell(role: RoleDecl, resource: str, actions: tuple[str, ...], placed: Places) -> str:
    """``create, update: street, community`` — actions sharing their tiers are written together."""
    groups: dict[tuple[Tier, ...], list[str]] = {}
    for action in actions:
        tiers = tuple(tiers_where(role, resource, action, placed[action] if isinstance(placed, dict) else placed))
        if tiers:
            groups.setdefault(tiers, []).append(action)
    if not groups:
        return "—"
    return "; ".join(f"{', '.join(acts)}: {', '.join(t.value for t in tiers)}" for tiers, acts in groups.items())


def plugin_table(registry: Registry, plugin: str, columns: tuple[tuple[str, str, tuple[str, ...], Places], ...]
                 = RECORDS, *, only_holders: bool = False, name_actions: bool = True) -> list[str]:
    """A plugin's roles as a Markdown table of ``columns``: with ``only_holders``, the roles with at
    least one non-empty cell; without ``name_actions``, cells name the tiers only (one action a column)."""
    info = registry.plugins[plugin]
    roles = [d.item for d in registry.roles if d.plugin == plugin]
    rows = []
    for role in roles:
        cells = [cell(role, resource, actions, placed) for _, resource, actions, placed in columns]
        if not name_actions:
            cells = [c.split(": ", 1)[-1] for c in cells]
        if not only_holders or any(c != "—" for c in cells):
            rows.append(f"| `{role.code}` {role.label} | {role.tier.value} | " + " | ".join(cells) + f" | {role.source} |")
    lines = [f"### `{plugin}` (tenant `{info.tenant_code}`)", ""]
    if not roles:
        return [*lines, "Declares no role.", ""]
    if not rows:
        return [*lines, "None of its roles does: the tenant's administrators do.", ""]
    lines += ["| role | held at | " + " | ".join(heading for heading, *_ in columns) + " | source |",
              "|---|---|" + "---|" * len(columns) + "---|", *rows]
    return [*lines, ""]


def markdown(registry: Registry) -> str:
    lines = ["## Who records what", "",
             "The roles the built-in plugins declare and where each may record (`wushe recording` prints this "
             "for the installed plugins). A cell names the actions and the tiers of the records, inside the "
             "subtree of the region the role is held at: a role held at a street records at that street and "
             "its communities, never at another street. Reading is not shown: every role reads what it "
             "records. An entry of service hours sits at the volunteer's community, and so do the volunteer's "
             "time-bank and points accounts; hours are inspected (spot checks) from a street or above; a "
             "demand is entered at the resident's community and matched from a district, street or community "
             "(accepting a proposal is a match at the demand's community). The source names the "
             "clauses of the document each role rests on; the plugin's roles.py quotes the clause beside each "
             "permission. These are the permissions written at `wushe init`; a tenant's administrators may "
             "change them afterwards (`wushe role grant`, `wushe role withdraw`).", ""]
    for plugin in registry.plugins:
        lines += plugin_table(registry, plugin)
    return "\n".join(lines).rstrip("\n")


def maintenance_markdown(registry: Registry) -> str:
    lines = ["## Who maintains regions", "",
             "The roles the built-in plugins declare that keep the facts of regions (`updateRegion`: populations "
             "and their year, kind, name, division code, attributes and designations), add regions (`addRegion`; "
             "`moveRegion` needs both) and set baselines (`setBaseline`); `wushe recording --regions` prints this "
             "for the installed plugins. A cell names the tiers of the regions, inside the subtree of the region "
             "the role is held at: a street office keeps its street and its communities and adds communities "
             "under its street, never another street's. A role not listed reads regions and changes none; "
             "`tenant_admin` does all three over its tenant. The source names the clauses of the document each "
             "role rests on; the plugin's roles.py quotes the clause beside each permission. These are the "
             "permissions written at `wushe init`; a tenant's administrators may change them afterwards.", ""]
    for plugin in registry.plugins:
        lines += plugin_table(registry, plugin, MAINTAINS, only_holders=True, name_actions=False)
    return "\n".join(lines).rstrip("\n")


@app.command()
def recording(
    plugin: Annotated[str | None, typer.Option(help="only this plugin's roles")] = None,
    regions: Annotated[bool, typer.Option("--regions", help="who keeps and adds regions and sets baselines instead")]
    = False,
) -> None:
    """Print who may record what (activities, hours, time bank, donations, volunteers, lists …), or with --regions who
    maintains regions and baselines, by plugin, as Markdown."""
    registry = installed_registry(plugin)
    if plugin is not None:
        registry.plugins = {plugin: registry.plugins[plugin]}
    print(maintenance_markdown(registry) if regions else markdown(registry))
