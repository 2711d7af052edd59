"""Mutation inputs, derived from the Create/Update models so that they cannot drift apart.

Validation happens in the core services (the pydantic models), not here: these types only
describe the shape. References to other objects are ``ID``s, as everywhere in the API.
"""

import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from core.models.charity import CommunityFundCreate, CommunityFundUpdate, DonationCreate
from core.models.community import CommunityProfileUpdate
from core.models.organization import SocialOrganizationCreate, SocialOrganizationUpdate
from core.models.service import ActivityCreate, ActivityUpdate, ServiceRecordCorrection, ServiceRecordCreate
from core.models.volunteer import (
    VolunteerCreate,
    VolunteerTeamCreate,
    VolunteerTeamUpdate,
    VolunteerUpdate,
)
from core.models.worker import SocialWorkerCreate, SocialWorkerUpdate
from core.web.graphql import (
    enums,  # noqa: F401  (registers the enums under their names first)
    scalars,
)
from core.web.graphql.ids import parse_optional_id

T = TypeVar("T")

MONEY_SUFFIX = "_fen"
"""Fields in fen are ``Fen`` (64-bit), not GraphQL's 32-bit ``Int``."""
REFERENCES = {"organization_id": "SocialOrganization", "team_id": "VolunteerTeam", "fund_id": "CommunityFund",
              "host_organization_id": "SocialOrganization", "volunteer_id": "Volunteer", "activity_id": "Activity"}
"""Input fields that refer to a record, and the GraphQL type of the record (whose global id they take)."""


def _graphql_type(name: str, annotation: Any) -> Any:
    """The GraphQL-facing type of a pydantic field: validators stripped, ids as ``ID``, money as ``Fen``."""
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if name in REFERENCES:
        annotation = strawberry.ID
    elif name.endswith(MONEY_SUFFIX):
        annotation = scalars.Fen
    return annotation | None if optional else annotation


def from_model(model: type[BaseModel], *, patch: bool = False) -> Callable[[type[T]], type[T]]:
    """A class decorator: the class becomes a strawberry input with every field of ``model``, in
    order, with its description, and the model's docstring as its own.

    In a patch every field is optional and defaults to UNSET, so that a field the client did
    not send is told apart from one it set to null.
    """

    def build(cls: type[T]) -> type[T]:
        annotations: dict[str, Any] = {}
        for field_name, info in model.model_fields.items():
            kind = _graphql_type(field_name, info.annotation)
            annotations[field_name] = kind | None if patch else kind
            setattr(cls, field_name, strawberry.field(
                default=strawberry.UNSET if patch else _default(info),
                description=info.description,
            ))
        cls.__annotations__ = annotations
        return strawberry.input(cls, name=cls.__name__, description=model.__doc__)

    return build


def _default(info: FieldInfo) -> Any:
    if info.default is not PydanticUndefined:
        return info.default
    return strawberry.UNSET if info.default_factory is None else info.get_default(call_default_factory=True)


@from_model(SocialOrganizationCreate)
class SocialOrganizationInput:
    pass


@from_model(SocialOrganizationUpdate, patch=True)
class SocialOrganizationPatch:
    pass


@from_model(SocialWorkerCreate)
class SocialWorkerInput:
    pass


@from_model(SocialWorkerUpdate, patch=True)
class SocialWorkerPatch:
    pass


@from_model(VolunteerTeamCreate)
class VolunteerTeamInput:
    pass


@from_model(VolunteerTeamUpdate, patch=True)
class VolunteerTeamPatch:
    pass


@from_model(VolunteerCreate)
class VolunteerInput:
    pass


@from_model(VolunteerUpdate, patch=True)
class VolunteerPatch:
    pass


@from_model(CommunityFundCreate)
class CommunityFundInput:
    pass


@from_model(CommunityFundUpdate, patch=True)
class CommunityFundPatch:
    pass


@from_model(DonationCreate)
class DonationInput:
    pass


@from_model(CommunityProfileUpdate, patch=True)
class CommunityProfilePatch:
    pass


@from_model(ActivityCreate)
class ActivityInput:
    pass


@from_model(ActivityUpdate, patch=True)
class ActivityPatch:
    pass


@from_model(ServiceRecordCreate)
class ServiceRecordInput:
    pass


@from_model(ServiceRecordCorrection)
class ServiceRecordCorrectionInput:
    pass


def as_data(value: Any) -> dict[str, Any]:
    """The input as a plain dict for the services, leaving out fields the client did not send;
    the ids it refers to parsed (a FieldError naming the field otherwise)."""
    return {
        name: parse_optional_id(v, name, REFERENCES[name]) if name in REFERENCES else v
        for name, v in vars(value).items()
        if v is not strawberry.UNSET
    }
