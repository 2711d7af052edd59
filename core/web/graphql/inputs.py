"""Mutation inputs, derived from the Create/Update models so that they cannot drift apart.

Validation happens in the core services (the pydantic models), not here: these types only
describe the shape. References to other objects are ``ID``s, as everywhere in the API.
"""

import types
import typing
from typing import Any

import strawberry
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from core.models.charity import CommunityFundCreate, CommunityFundUpdate, DonationCreate
from core.models.community import CommunityProfileUpdate
from core.models.organization import SocialOrganizationCreate, SocialOrganizationUpdate
from core.models.service import ActivityCreate, ActivityUpdate, ServiceRecordCreate
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

MONEY_SUFFIX = "_fen"
"""Fields in fen are ``Fen`` (64-bit), not GraphQL's 32-bit ``Int``."""
REFERENCES = ("organization_id", "team_id", "fund_id", "host_organization_id", "volunteer_id", "activity_id")


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


def _input(model: type[Any], name: str, *, patch: bool = False) -> type[Any]:
    """A strawberry input with every field of ``model``, in order, with its description.

    In a patch every field is optional and defaults to UNSET, so that a field the client did
    not send is told apart from one it set to null.
    """
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        kind = _graphql_type(field_name, info.annotation)
        annotations[field_name] = kind | None if patch else kind
        namespace[field_name] = strawberry.field(
            default=strawberry.UNSET if patch else _default(info),
            description=info.description,
        )
    cls = type(name, (), {"__annotations__": annotations, **namespace})
    return strawberry.input(cls, name=name, description=model.__doc__)


def _default(info: FieldInfo) -> Any:
    if info.default is not PydanticUndefined:
        return info.default
    return strawberry.UNSET if info.default_factory is None else info.default_factory()  # type: ignore[call-arg]


SocialOrganizationInput = _input(SocialOrganizationCreate, "SocialOrganizationInput")
SocialOrganizationPatch = _input(SocialOrganizationUpdate, "SocialOrganizationPatch", patch=True)
SocialWorkerInput = _input(SocialWorkerCreate, "SocialWorkerInput")
SocialWorkerPatch = _input(SocialWorkerUpdate, "SocialWorkerPatch", patch=True)
VolunteerTeamInput = _input(VolunteerTeamCreate, "VolunteerTeamInput")
VolunteerTeamPatch = _input(VolunteerTeamUpdate, "VolunteerTeamPatch", patch=True)
VolunteerInput = _input(VolunteerCreate, "VolunteerInput")
VolunteerPatch = _input(VolunteerUpdate, "VolunteerPatch", patch=True)
CommunityFundInput = _input(CommunityFundCreate, "CommunityFundInput")
CommunityFundPatch = _input(CommunityFundUpdate, "CommunityFundPatch", patch=True)
DonationInput = _input(DonationCreate, "DonationInput")
CommunityProfilePatch = _input(CommunityProfileUpdate, "CommunityProfilePatch", patch=True)
ActivityInput = _input(ActivityCreate, "ActivityInput")
ActivityPatch = _input(ActivityUpdate, "ActivityPatch", patch=True)
ServiceRecordInput = _input(ServiceRecordCreate, "ServiceRecordInput")


def as_data(value: Any) -> dict[str, Any]:
    """The input as a plain dict for the services, leaving out fields the client did not send;
    the ids it refers to parsed (a FieldError naming the field otherwise)."""
    return {
        name: parse_optional_id(v, name) if name in REFERENCES else v
        for name, v in vars(value).items()
        if v is not strawberry.UNSET
    }
