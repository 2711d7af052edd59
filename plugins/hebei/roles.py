"""河北省的角色：冀民〔2021〕79号《关于创新“五社联动”机制 助推基层治理体系和治理能力现代化建设的意见》.

One role for each of the three issuing bodies, held at the province. The opinion gives them
guidance, not casework or inspection of records, so they read and change nothing; ``tenant_admin``
(the core's) administers the tenant.
"""

from core import RoleDecl, Tier

DOCUMENT = "冀民〔2021〕79号"
ISSUERS = f"{DOCUMENT} 发文机关"

ROLES = [
    RoleDecl(
        code="civil_affairs_department",
        label="河北省民政厅",
        tier=Tier.PROVINCE,
        # The lead department: all five elements across the province (二 targets, 四 guarantees).
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer:read",
            "volunteer_team:read",
            "community_fund:read",
            "donation:read",
        ),
        source=f"{ISSUERS}；二、四",
    ),
    RoleDecl(
        code="organization_department",
        label="中共河北省委组织部",
        tier=Tier.PROVINCE,
        # 三（一）: party organizations in community social organizations, party members among
        # social workers and volunteers; 三（五）: party cadres lead volunteer teams.
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer_team:read",
        ),
        source=f"{ISSUERS}；三（一）、三（五）",
    ),
    RoleDecl(
        code="political_legal_commission",
        label="中共河北省委政法委员会",
        tier=Tier.PROVINCE,
        # 一: 化解社会矛盾; 三（三）: “共创平安”社区治理活动.
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "volunteer_team:read",
        ),
        source=f"{ISSUERS}；一、三（三）",
    ),
]
