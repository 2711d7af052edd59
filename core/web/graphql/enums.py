"""Core enums exposed to GraphQL under their own names (``Tier``: PROVINCE … COMMUNITY).

``strawberry.enum`` marks the enum class itself (and returns it): the names here are the core's
classes, which resolvers receive and type checkers see as types."""

import strawberry

from core.models import (
    CertificateLevel,
    Demonstration,
    DonationForm,
    DonorKind,
    OrgType,
    Registration,
    WorkerPost,
)
from core.tree.tiers import CommunityKind, Tier

strawberry.enum(Tier, description="province 省 › city 市 › district 区/县 › street 街道/乡镇 › community 社区/村")
strawberry.enum(CommunityKind, description="城市社区 urban or 农村社区/村 rural")
strawberry.enum(OrgType, description="kind of social organization (社会组织)")
strawberry.enum(Registration, description="登记 registered or 备案 filed")
strawberry.enum(CertificateLevel, description="national social worker certificate")
strawberry.enum(WorkerPost, description="where a social worker is posted")
strawberry.enum(DonorKind)
strawberry.enum(DonationForm, description="money, or in kind at converted value")
strawberry.enum(Demonstration, description="示范点 / 创建点 status")

__all__ = [
    "CertificateLevel",
    "CommunityKind",
    "Demonstration",
    "DonationForm",
    "DonorKind",
    "OrgType",
    "Registration",
    "Tier",
    "WorkerPost",
]
