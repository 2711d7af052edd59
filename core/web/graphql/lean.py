"""Fields resolved without Strawberry's wrapper around each call (issue 17).

Strawberry gives every field with a resolver a wrapper that, at each call, makes the ``Info``,
converts the arguments one by one through its generic conversion, builds the chain of the field's
extensions (``functools.partial`` over ``reduce``) and, for an async resolver, awaits the result in
a coroutine of its own. For the nested tree of 543 regions that is ~1,600 calls a request
(``children``, ``counts``, ``indicators`` of each region) and ~15% of its time in process.

:func:`resolvers` replaces, once per converted schema, the GraphQL resolver of each field where all
of that is nothing: no field extension (permissions, connections and their like keep the wrapper),
no exception handler, a resolver that takes its object as ``self`` and maybe ``info`` (not ``root``
or ``parent``). The new resolver calls the field's function directly with what Strawberry would
have passed: its object, ``info`` made as Strawberry makes it, and the arguments given. An argument
of a scalar or an enum, or a list of them, is what Strawberry passes unchanged (a list copied, as it
copies it); any other (an input object, a global id) goes through Strawberry's own conversion. The
schema's extensions that wrap resolvers (graphql-core middleware) still wrap the new ones.
"""

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import StrawberryArgument, convert_argument
from strawberry.types.base import StrawberryList, StrawberryMaybe, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.field import StrawberryField

Convert = Callable[[Any, Any], Any] | None
"""How an argument's value is made what Strawberry would pass: None when it is passed as it is."""


def resolvers(schema: Any) -> list[str]:
    """Give each field of ``schema`` (a Strawberry schema) that may have one a direct resolver;
    returns the fields changed, as ``Type.field``. Done once per schema: a field changed already is
    left as it is."""
    converter = schema.schema_converter
    changed = []
    for graphql_type in schema._schema.type_map.values():
        definition = graphql_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF) if isinstance(
            graphql_type, GraphQLObjectType) else None
        if definition is None:
            continue
        for field in definition.fields:
            name = schema.config.name_converter.from_field(field)
            graphql_field = graphql_type.fields.get(name)
            if graphql_field is None or getattr(graphql_field.resolve, "direct", False) or not _direct(converter, field):
                continue
            graphql_field.resolve = _resolver(schema, field)
            changed.append(f"{graphql_type.name}.{name}")
    return changed


def _direct(converter: GraphQLCoreConverter, field: StrawberryField) -> bool:
    """Whether Strawberry's wrapper does nothing for ``field`` that a direct call would not."""
    resolver = field.base_resolver
    if resolver is None or field.extensions or field.is_subscription:
        return False
    handlers = getattr(converter, "_get_field_exception_handlers", None)
    if handlers is not None and handlers(field):
        return False
    return callable(resolver.wrapped_func) and resolver.root_parameter is None and resolver.parent_parameter is None


def _resolver(schema: Any, field: StrawberryField) -> Callable[..., Any]:
    resolver = field.base_resolver
    assert resolver is not None
    function: Callable[..., Any] = resolver.wrapped_func  # type: ignore[assignment]  # callable: _direct
    takes_self = resolver.self_parameter is not None
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    info_class = schema.config.info_class
    names = schema.config.name_converter
    arguments = {names.from_argument(a): (a.python_name, _conversion(schema, a)) for a in field.arguments}

    def resolve(source: Any, info: GraphQLResolveInfo, /, **given: Any) -> Any:  # an argument may be called source
        strawberry_info = info_class(_raw_info=info, _field=field)
        kwargs = {}
        for name, value in given.items():
            python_name, convert = arguments[name]
            kwargs[python_name] = value if convert is None else convert(value, strawberry_info)
        if info_name is not None:
            kwargs[info_name] = strawberry_info
        return function(source, **kwargs) if takes_self else function(**kwargs)

    resolve.direct = True  # type: ignore[attr-defined]
    return resolve


def _conversion(schema: Any, argument: StrawberryArgument) -> Convert:
    """How Strawberry converts ``argument``'s value, where it is cheap to say ahead; else its own conversion."""
    registry = schema.schema_converter.scalar_registry
    type_ = argument.type
    if isinstance(type_, StrawberryOptional) and not isinstance(type_, StrawberryMaybe):
        type_ = type_.of_type
    if _unchanged(type_, registry):
        return None
    if isinstance(type_, StrawberryList):
        item = type_.of_type
        if isinstance(item, StrawberryOptional) and not isinstance(item, StrawberryMaybe):
            item = item.of_type
        if _unchanged(item, registry):
            return lambda value, _info: None if value is None else list(value)
    name = schema.config.name_converter.from_argument(argument)

    def convert(value: Any, info: Any) -> Any:
        return convert_argument(value, argument.type, registry, schema.config, info, path=(name,))

    return convert


def _unchanged(type_: Any, registry: Any) -> bool:
    """A scalar (not a global id, which Strawberry decodes) or an enum: Strawberry passes its value as it is."""
    if type_ is GlobalID:
        return False
    return is_scalar(type_, registry) or isinstance(type_, StrawberryEnumDefinition) or has_enum_definition(type_)
