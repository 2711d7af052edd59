"""The Relay conventions of the API (docs/clients.md): the ``Node`` interface, implemented by
every record a client may fetch again by its global id (:mod:`core.web.graphql.nodes` answers
``node(id:)`` and ``nodes(ids:)``)."""

from typing import Any

import strawberry
from strawberry.types.base import get_object_definition

from core.web.graphql.ids import global_id


@strawberry.interface(description="An object with a global id, fetched again by `node(id:)` (the Relay convention).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="a global id: unique across all types, the same for as long as the object lasts"
    )


def type_name(cls: Any) -> str:
    """The GraphQL name of a strawberry type."""
    return get_object_definition(cls, strict=True).name


def id_of(cls: Any, row: Any) -> strawberry.ID:
    """The global id of ``row`` shown as the strawberry type ``cls``."""
    return global_id(type_name(cls), row.id)
