from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class Node(BaseModel):
    node: Optional[
        Annotated[
            Union["NodeNodeNode", "NodeNodeVolunteer"],
            Field(discriminator="typename__"),
        ]
    ]


class NodeNodeNode(BaseModel):
    typename__: Literal[
        "Activity",
        "AuditEvent",
        "Case",
        "CommunityFund",
        "Donation",
        "FormSubmission",
        "Node",
        "Notification",
        "Region",
        "ServiceRecord",
        "SocialOrganization",
        "SocialWorker",
        "VolunteerTeam",
    ] = Field(alias="__typename")
    id: str


class NodeNodeVolunteer(BaseModel):
    typename__: Literal["Volunteer"] = Field(alias="__typename")
    id: str
    name: str


Node.model_rebuild()
