"""What a plugin's GraphQL fields use (``register_graphql``): the request's typed context, and the
access layer's reads, so that a plugin's field answers what the viewer may see and nothing else.

A resolver takes ``info: Info``; ``info.context`` is the request's :class:`Context`:

- ``await place(info, path, "form:read")``: the region at ``path`` if the viewer may read it, the
  plugin that declared the field applies there (enabled in its tenant, its scope covers it), and the
  viewer may do the permission there — else an error naming the argument (``at`` by default);
- ``info.context.submissions("form_key", …)``, ``info.context.visible(Model)``: ``SELECT`` statements
  already limited to the rows the viewer may read ("Casbin decides, SQL filters"); narrow them with
  ``.where(subtree(region))`` and run them with ``await info.context.exec(statement)``;
- ``info.context.may(permission, region)``, ``info.context.require(permission, region, field=…)``,
  ``info.context.who`` (the principal), ``info.context.registry`` (what the plugins declared),
  ``info.context.today()`` (the platform's day), ``info.context.loaders`` (the request's DataLoaders);
- a mutation returns ``Payload[T]`` through ``await mutate(info, work, convert)``: ``work`` runs in
  one transaction, and a :class:`~core.errors.FieldError` or :class:`~core.errors.InvalidInput` it
  raises becomes the payload's ``errors`` (nothing written).

Reading ``info.context.session`` directly bypasses all of this: every row of every tenant.
"""

from core.errors import FieldError, InvalidInput, NotFound
from core.models import FormSubmission, Region
from core.services.regions import branch, subtree
from core.web.graphql.context import Context, Info
from core.web.graphql.errors import Schema
from core.web.graphql.ids import parse_id
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.payloads import FieldProblem, Payload, mutate

__all__ = [
    "Connection",
    "Context",
    "FieldError",
    "FieldProblem",
    "FormSubmission",
    "Info",
    "InvalidInput",
    "NotFound",
    "Payload",
    "Region",
    "branch",
    "declared_by",
    "mutate",
    "paginate",
    "parse_id",
    "place",
    "subtree",
]


def declared_by(info: Info) -> str | None:
    """The plugin that declared the root field being resolved (None for the core's own fields and
    for fields of nested types)."""
    schema = info.schema
    if not isinstance(schema, Schema) or info.path.prev is not None:
        return None
    return schema.plugin_fields.get((str(info.path.typename), info.field_name))


async def place(info: Info, path: str, permission: str, *, field: str = "at") -> Region:
    """The region at ``path`` for a plugin's root field: one the viewer may read (else NOT_FOUND,
    as for one that does not exist), where the plugin that declared the field applies (else
    NOT_APPLICABLE), and where the viewer may do ``permission`` (``"resource:action"``; else
    FORBIDDEN). Each error names ``field``, the argument the path came in."""
    context = info.context
    region = await context.region(path, field=field)
    plugin = declared_by(info)
    if plugin is not None:
        declared = context.registry.plugins.get(plugin)
        if declared is None or not declared.covers(region.path) or plugin not in await context.enabled_plugins(region):
            raise FieldError(field, f"plugin {plugin!r} does not apply at {region.path!r}", code="not_applicable")
    context.require(permission, region, field=field)
    return region
