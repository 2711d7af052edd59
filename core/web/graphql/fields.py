"""Root fields built for an element: one by id (``node``), and its create and update mutations."""

from typing import Any

import strawberry

from core.access.grants import get_visible
from core.services import elements
from core.web.graphql.context import Info
from core.web.graphql.ids import parse_id
from core.web.graphql.inputs import as_data
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import type_name


def create_mutation(element: elements.Element, input_type: Any, out: Any) -> Any:
    """``createX(input)``: a new ``element`` row from the input, as ``out``."""

    async def resolve(info: Info, input: Any) -> Any:
        return await mutate(info, lambda: elements.create(info.context.session, info.context.who, element, as_data(input)), out.of)

    resolve.__annotations__ = {"info": Info, "input": input_type, "return": Payload[out]}
    return strawberry.mutation(resolver=resolve, description=f"Add a {element.model.__name__}.")


def update_mutation(element: elements.Element, patch_type: Any, out: Any) -> Any:
    """``updateX(id, input)``: the fields sent changed on the ``element`` row, as ``out``."""

    async def resolve(info: Info, id: strawberry.ID, input: Any) -> Any:
        async def work() -> Any:
            number = parse_id(id, "id", type_name(out))
            return await elements.update(info.context.session, info.context.who, element, number, as_data(input))

        return await mutate(info, work, out.of)

    resolve.__annotations__ = {"info": Info, "id": strawberry.ID, "input": patch_type, "return": Payload[out]}
    return strawberry.mutation(
        resolver=resolve, description=f"Change the fields sent of a {element.model.__name__}; the rest stay."
    )


def node(model: type[Any], out: Any) -> Any:
    """A root field ``one(id)``: the ``model`` row by id as ``out``, if the viewer may see it."""

    async def resolve(info: Info, id: strawberry.ID) -> Any:
        async with info.context.lock:
            return out.of(await get_visible(info.context.session, model, parse_id(id, "id", type_name(out)), info.context.who))

    resolve.__annotations__ = {"info": Info, "id": strawberry.ID, "return": out | None}
    return strawberry.field(resolver=resolve, description=f"One {out.__name__} by id, if the viewer may see it.")
