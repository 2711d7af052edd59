from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class DistrictVolunteers(BaseModel):
    region: Optional["DistrictVolunteersRegion"]


class DistrictVolunteersRegion(BaseModel):
    id: str
    name: str
    volunteers: "DistrictVolunteersRegionVolunteers"


class DistrictVolunteersRegionVolunteers(BaseModel):
    total_count: int = Field(alias="totalCount")
    edges: list["DistrictVolunteersRegionVolunteersEdges"]
    page_info: "DistrictVolunteersRegionVolunteersPageInfo" = Field(alias="pageInfo")


class DistrictVolunteersRegionVolunteersEdges(BaseModel):
    cursor: str
    node: "DistrictVolunteersRegionVolunteersEdgesNode"


class DistrictVolunteersRegionVolunteersEdgesNode(BaseModel):
    id: str
    name: str
    real_name_registered: bool = Field(alias="realNameRegistered")
    region: Optional["DistrictVolunteersRegionVolunteersEdgesNodeRegion"]


class DistrictVolunteersRegionVolunteersEdgesNodeRegion(BaseModel):
    path: str


class DistrictVolunteersRegionVolunteersPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


DistrictVolunteers.model_rebuild()
DistrictVolunteersRegion.model_rebuild()
DistrictVolunteersRegionVolunteers.model_rebuild()
DistrictVolunteersRegionVolunteersEdges.model_rebuild()
DistrictVolunteersRegionVolunteersEdgesNode.model_rebuild()
