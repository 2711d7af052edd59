"""Core enums exposed to GraphQL under their own names (``Tier``: PROVINCE … COMMUNITY)."""

import strawberry

from core import models
from core.tree.tiers import CommunityKind as _CommunityKind
from core.tree.tiers import Tier as _Tier

Tier = strawberry.enum(_Tier, description="province 省 › city 市 › district 区/县 › street 街道/乡镇 › community 社区/村")
CommunityKind = strawberry.enum(_CommunityKind, description="城市社区 urban or 农村社区/村 rural")
OrgType = strawberry.enum(models.OrgType, description="kind of social organization (社会组织)")
Registration = strawberry.enum(models.Registration, description="登记 registered or 备案 filed")
CertificateLevel = strawberry.enum(models.CertificateLevel, description="national social worker certificate")
WorkerPost = strawberry.enum(models.WorkerPost, description="where a social worker is posted")
DonorKind = strawberry.enum(models.DonorKind)
DonationForm = strawberry.enum(models.DonationForm, description="money, or in kind at converted value")
Demonstration = strawberry.enum(models.Demonstration, description="示范点 / 创建点 status")
