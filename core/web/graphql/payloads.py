"""What every mutation returns: the object, or the problems (naming fields) that stopped it."""

import copy
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.base import StrawberryOptional, get_object_definition

from core.errors import FieldError, InvalidInput
from core.web.graphql.context import Info
from core.web.graphql.errors import camel_path

T = TypeVar("T")


@strawberry.type(description="A problem with one field of a mutation's input; nothing was written.")
class FieldProblem:
    field: str = strawberry.field(description="the input field, in camelCase (dotted when nested); a form's data "
                                  "as data.<path>, a rule naming no field as rules.<key>")
    message: str
    code: str
    rule: str | None = strawberry.field(default=None, description="the key of the plugin's rule that found it "
                                        "(code rule); null for any other problem")


@strawberry.type(description="The result of a mutation: the object, or the problems that stopped it.")
class Payload(Generic[T]):
    result: T | None = None
    errors: list[FieldProblem] = strawberry.field(default_factory=list)


VERBATIM = ("data.", "rules.", "guards.", "attributes.")
"""Fields under these are JSON keys of form data, rule keys, guard keys or region attribute keys: reported as
they are, not camelCased."""


def _problems(error: InvalidInput) -> list[FieldProblem]:
    return [
        FieldProblem(field=p.field if p.field.startswith(VERBATIM) else camel_path(p.field), message=p.message, code=p.code,
                     rule=p.rule)
        for p in error.problems
    ]


async def mutate(info: Info, work: Callable[[], Awaitable[Any]], convert: Any) -> Payload[Any]:
    """Run one write in the request's session: committed when it and the conversion of its result
    succeed, rolled back otherwise (:meth:`~core.web.graphql.session.RequestSession.transaction`).
    Bad input gives a payload with errors; anything else raises (the mutation's field is then
    ``null`` with the error, see :func:`nullable_fields`), and in both cases nothing of this
    mutation was written."""
    try:
        async with info.context.transaction():
            result = convert(await work())
    except (InvalidInput, FieldError) as error:
        return Payload(errors=problems_of(error))
    return Payload(result=result)


def problems_of(error: InvalidInput | FieldError) -> list[FieldProblem]:
    """The problems of a refused write, as a payload reports them."""
    return _problems(error if isinstance(error, InvalidInput) else InvalidInput.of(error))


def nullable_fields(root: type) -> type:
    """``root`` (the merged Mutation type) with every field nullable, so that a mutation that fails
    with an error is ``null`` on its own and leaves its siblings' answers standing. Root mutation
    fields run one after the other and each commits on its own: with a non-null field, the error
    of the second nulled the whole ``data``, and the first one's committed write went unreported.
    The fields are copies: the types the core and plugins declared stay as they are."""
    definition = get_object_definition(root, strict=True)
    fields = []
    for field in definition.fields:
        if not isinstance(field.type, StrawberryOptional):
            field = copy.copy(field)
            field.type = StrawberryOptional(field.type)
        fields.append(field)
    definition.fields = fields
    return root
