"""A level of regions loads what its regions' fields ask for, with the level.

``region › children › children`` with ``counts`` and ``indicators`` at each level asks, for each
region, two values that the request's DataLoaders batch into one statement per level. Batched or
not, each of those fields was an awaited resolver: hundreds of coroutines, futures and tasks for
a district's streets, which cost more than the statements. So :func:`level`, called by a field
that returns regions once it has them, reads the selection under that field (fragments
included, arguments with the request's variables), starts the loads its ``counts`` and
``indicators`` will ask for, for every region of the list at once, and waits for them; the
fields then find their values loaded and answer without awaiting
(:func:`core.web.graphql.indicator_values.region_indicators_loaded`). What they cannot find
loaded (a baseline to read, a field skipped here) they still load as before. Nothing is decided
here: the fields check access themselves; a region the viewer may not read indicators at is
simply not loaded for.
"""

import asyncio
from collections.abc import Awaitable, Iterator, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.execution.values import VariableValues, get_argument_values

from core import models
from core.errors import FieldError
from core.web.graphql.context import Info
from core.web.graphql.indicator_values import indicators_asked


def _fields(info: Info, selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
    """The fields of a selection set, through fragments and inline fragments."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(info, selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info._raw_info.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(info, fragment.selection_set)


def asked(info: Info, type_name: str = "Region") -> Iterator[tuple[str, dict[str, Any]]]:
    """The fields asked of each item the current field returns (of ``type_name``), with their
    arguments as the resolvers will get them (Python names, variables applied, values coerced)."""
    raw = info._raw_info
    owner = raw.schema.get_type(type_name)
    if not isinstance(owner, GraphQLObjectType):
        return
    variables = raw.variable_values  # Strawberry gives resolvers the coerced values alone
    if not isinstance(variables, VariableValues):
        variables = VariableValues(sources={}, coerced=dict(variables or {}))
    for node in raw.field_nodes:
        for field in _fields(info, node.selection_set):
            definition = owner.fields.get(field.name.value)
            if definition is None:
                continue
            try:
                arguments = get_argument_values(definition, field, variables)
            except GraphQLError:  # the field itself reports its bad arguments
                continue
            yield field.name.value, {definition.args[name].out_name or name: value
                                     for name, value in arguments.items()}


async def level(info: Info, rows: Sequence[models.Region]) -> None:
    """Load, for all of ``rows`` at once, the counts and indicators their fields will ask for."""
    if not rows:
        return
    loaders = info.context.loaders
    loads: list[Awaitable[Any]] = []
    for name, arguments in asked(info):
        if name == "counts":
            loads.append(loaders.counts.load_many(list(rows)))
        elif name == "indicators":
            loads.extend(_indicators(info, rows, arguments))
    if loads:
        await asyncio.gather(*loads)


def _indicators(info: Info, rows: Sequence[models.Region], arguments: dict[str, Any]) -> list[Awaitable[Any]]:
    try:
        field = indicators_asked(info, arguments.get("keys"), arguments.get("year"), arguments.get("kind"), arguments.get("as_of"))
    except FieldError:  # reported by each field
        return []
    if field.baseline or not field.measures:
        return []
    who = info.context.who
    keys = [field.key_at(row) for row in rows if who.may("indicator", "read", row)]
    return [info.context.loaders.indicator_sums.load_many(keys)] if keys else []
