"""The one contract between the core and its plugins.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose names are the
hooks below; it is found through the ``wushe.plugins`` entry-point group. Hooks return
declarations (plain data, see :mod:`core.plugins.declarations`) and the core does the work.
A misspelt hook name, or an argument no hook offers, fails at start-up.
"""

from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from core.plugins.cases import CaseTypeDecl
    from core.plugins.declarations import (
        CatalogueDecl,
        FormDecl,
        GraphQLDecl,
        IndicatorDecl,
        PermissionDecl,
        RegionAttributeDecl,
        RegionDecl,
        RoleDecl,
        RuleDecl,
        SettingDecl,
        TargetDecl,
    )
    from core.plugins.migrations import MigrationsDecl
    from core.plugins.programmes import ConversionDecl, ProgrammeDecl

hookspec = HookspecMarker("wushe")
hookimpl = HookimplMarker("wushe")


# ---------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------


@hookspec
def plugin_scope() -> str | None:
    """The region subtree this plugin applies to, as a path (``"shanhai/donghu/xiyuan"``).

    Receives nothing. Returns the path, or ``None`` for a plugin that applies everywhere
    (a feature plugin with no jurisdiction). Every region, role, target and form the plugin
    declares lies inside this subtree. The first segment names the tenant the plugin belongs to.
    Called once per plugin at start-up.
    """


# ---------------------------------------------------------------------------
# Declarations: each returns a list; the core collects every plugin's list
# ---------------------------------------------------------------------------
# A hookspec is a signature and a docstring: pluggy never calls its body, so mypy's
# empty-body check (a list promised, nothing returned) is silenced on each.


@hookspec
def register_regions() -> "list[RegionDecl]":  # type: ignore[empty-body]
    """Regions of the tier tree to seed, each named by its full path.

    Receives nothing. Returns a list of :class:`core.RegionDecl`. A region's parent must be
    declared by this plugin or by a plugin whose scope contains it; a path may be declared
    only once across all plugins. ``wushe init`` writes them; existing regions are updated
    in place (name, population), never duplicated.
    """


@hookspec
def register_region_attributes() -> "list[RegionAttributeDecl]":  # type: ignore[empty-body]
    """Facts and designations the plugin's documents state about regions (a creation point, a
    list's number), which the regions it declares carry and offices set (``updateRegion``).

    Receives nothing. Returns a list of :class:`core.RegionAttributeDecl`: key, zh-CN label, kind
    (bool, int, text, date), the tiers it is set at, optional allowed values and bounds, source.
    It applies in the plugin's scope; two declarations of one key whose scopes overlap are a
    start-up error, and so is a declared region whose attribute is undeclared or of the wrong kind.
    """


@hookspec
def register_permissions() -> "list[PermissionDecl]":  # type: ignore[empty-body]
    """The resources the plugin protects, each with its actions (``xiamen_grant``: apply,
    manage, pay): what roles' permissions and case steps may name besides the core's resources.

    Receives nothing. Returns a list of :class:`core.PermissionDecl`. The core declares its own
    resources through this hook too; the vocabulary is the union, and a resource is declared once.
    A permission naming a resource or action outside it (``volunter:read``, ``form:approve``) is a
    start-up error in a declaration, and an error naming the field in ``wushe role add`` and
    ``createRole``.
    """


@hookspec
def register_roles() -> "list[RoleDecl]":  # type: ignore[empty-body]
    """Roles the plugin's documents name: code, Chinese label, tier, permissions, source.

    Receives nothing. Returns a list of :class:`core.RoleDecl`. Role codes are unique within
    a tenant: two plugins of one tenant declaring the same code is a start-up error. Each
    permission names a resource and action of the vocabulary (:func:`register_permissions`).
    """


@hookspec
def register_targets() -> "list[TargetDecl]":  # type: ignore[empty-body]
    """Policy targets: indicator, comparator, threshold, deadline or yearly, source clause.

    Receives nothing. Returns a list of :class:`core.TargetDecl`. Targets are inherited down
    the tree; two plugins declaring the same key at the same scope is a start-up error.
    """


@hookspec
def register_indicators() -> "list[IndicatorDecl]":  # type: ignore[empty-body]
    """Indicators of the plugin's own, composed from the core's measures.

    Receives nothing. Returns a list of :class:`core.IndicatorDecl`: a key (not a core one),
    zh-CN label, unit, definition and ``numerator / denominator × scale`` over measures the core
    keeps per region (``registered_volunteers``, ``sessions``, ``resident_population`` …). Its
    targets, rollups and exports then work as for a core indicator.
    """


@hookspec
def register_forms() -> "list[FormDecl]":  # type: ignore[empty-body]
    """Form definitions: key, version, zh-CN title, JSON Schema, UI hints, source.

    Receives nothing. Returns a list of :class:`core.FormDecl`. ``(key, version)`` is unique
    across plugins; later versions are added alongside earlier ones, never replacing them.
    """


@hookspec
def register_catalogues() -> "list[CatalogueDecl]":  # type: ignore[empty-body]
    """Catalogues the documents define: service categories, service projects, action series.

    Receives nothing. Returns a list of :class:`core.CatalogueDecl`, each with its items (code,
    label, purchasable, parent). Keys are unique within a tenant; projects and activities refer
    to items as ``catalogue_key.item_code``.
    """


@hookspec
def register_rules() -> "list[RuleDecl]":  # type: ignore[empty-body]
    """Checks the documents impose, run on request against a record (e.g. contractor eligibility).

    Receives nothing. Returns a list of :class:`core.RuleDecl`; ``check(record, context)`` is
    called with the record as a dict and returns True, False, a message, or :class:`core.Fault` values
    naming the fields at fault; ``fields`` names the fields the rule judges (each must be a field of
    the subject). Keys are unique within a tenant. ``checkRules`` in GraphQL returns every rule with
    its message, source and faults; ``submitForm`` reports a failure at ``data.<field>``, or at
    ``rules.<key>`` for a rule that names no field.
    """


@hookspec
def register_case_types() -> "list[CaseTypeDecl]":  # type: ignore[empty-body]
    """Procedures the plugin's documents set out, as state machines: states, transitions, deadlines.

    Receives nothing. Returns a list of :class:`core.CaseTypeDecl`. Keys are unique across plugins;
    a transition's form must be a declared form, and a ``parent_type`` a declared case type. Cases
    of a type exist only in the declaring plugin's scope and tenants where it is enabled.
    """


@hookspec
def register_settings() -> "list[SettingDecl]":  # type: ignore[empty-body]
    """Tenant settings the plugin offers, with their defaults.

    Receives nothing. Returns a list of :class:`core.SettingDecl`. Administrators change them per
    tenant; keys are unique within a tenant.
    """


@hookspec
def register_programmes() -> "list[ProgrammeDecl]":  # type: ignore[empty-body]
    """Programmes volunteers hold credit accounts in, besides the core's time bank and volunteer points.

    Receives nothing. Returns a list of :class:`core.ProgrammeDecl`: key, zh-CN label, unit (minute or
    point), how many points an hour of recorded service earns (optional, with a decimal setting of the
    plugin that overrides it per tenant), source. Keys are unique across plugins. A programme applies
    in the tenants where its plugin is enabled.
    """


@hookspec
def register_conversions() -> "list[ConversionDecl]":  # type: ignore[empty-body]
    """Conversions between two programmes the plugin's documents allow (recognition across programmes).

    Receives nothing. Returns a list of :class:`core.ConversionDecl`: source and target programme, the
    plugin's decimal setting that gives the rate (target units per source unit, a minute programme
    counted in hours) and optionally its bool setting that switches the conversion on. A pair is
    declared once; a conversion applies in the tenants where its plugin is enabled.
    """


@hookspec
def register_graphql() -> "list[GraphQLDecl]":  # type: ignore[empty-body]
    """Additions to the GraphQL schema: a Query type, a Mutation type and extra types.

    Receives nothing. Returns a list of :class:`core.GraphQLDecl`. Their fields are merged into
    the root types; a field name that is already taken is a start-up error, not a silent override.
    Resolvers take :data:`core.graphql.Info` and read through the access layer with
    :func:`core.graphql.place` and ``info.context.submissions`` / ``visible``.
    """


@hookspec
def register_migrations() -> "MigrationsDecl | None":
    """The plugin's own tables and its branch of migrations (docs/plugins.md, "Tables and migrations").

    Receives nothing. Returns one :class:`core.MigrationsDecl` (not a list: a plugin has one
    branch), or ``None``: ``branch``, its label (the plugin's name); ``versions``, the folder of
    its revision files; ``tables``, its table models, each named ``<branch>_…``. The branch's
    first revision depends on a revision of core's history (``depends_on``) when its tables refer
    to core's. ``wushe init`` and ``wushe migrate upgrade`` run core's history and every branch to
    its head; ``wushe migrate check`` fails when the tables differ from the migrated schema.
    A branch label used twice, a table named outside the branch, or a missing folder is a
    start-up error.
    """


# ---------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def deliver_notification(message: "dict[str, Any]") -> "bool | None":
    """Send one notification out of the platform (SMS, WeChat …), after the change that made it
    was committed.

    Receives ``message``, a dict: ``id`` (the outbox message's id, the same on every retry: use it
    to send once), ``notification_id``, ``tenant`` (the tenant's code), ``username``, ``title``,
    ``body`` and ``case_id`` (or None). Returns True when the message was delivered; False when the
    plugin tried and failed (the attempt is counted and the message is tried again later); None
    when the message is not the plugin's to send (another tenant's, a channel it does not serve),
    so the next plugin is asked. First result wins: the first plugin that does not return None
    decides. A plugin that raises counts as a failed attempt, with the error kept. A message no
    plugin takes stays pending. May be ``async def``, in which case the core awaits it. Called by
    ``wushe outbox deliver`` (:func:`core.cases.outbox.deliver`), one message at a time.
    """


# ---------------------------------------------------------------------------
# Start-up
# ---------------------------------------------------------------------------


@hookspec(historic=True)
def startup(app: Any) -> None:
    """Called once when the web application starts, after the database is ready.

    Receives the Litestar application (``app.state.wushe`` is the :class:`core.platform.Platform`).
    Returns nothing; may be ``async def``, in which case the core awaits it. Historic: a plugin
    registered late still gets the call.
    """
