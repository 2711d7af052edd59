"""河北省的角色：冀民〔2021〕79号《关于创新“五社联动”机制 助推基层治理体系和治理能力现代化建设的意见》.

One role for each of the three issuing bodies, held at the province. The opinion gives them
guidance, not casework or inspection of records, so they change no record; the civil affairs
department reviews what is put forward for its award. The forms are filled in by "各地" (四),
whose roles the tenant's ``tenant_admin`` (the core's) creates; it also keeps the settings.
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
            # 二: the province's targets; 三（二）–（四）: platforms, activity series and services.
            "target:read",
            "indicator:read",
            "catalogue:read",
            # 四（三）: 将“五社联动”优秀项目以及公益慈善资金支持“五社联动”典型事例纳入“河北慈善奖”表彰范围 —
            # as the lead issuing department it reviews the nominations put forward under this clause
            # (hebei_charity_award_nomination), and reads 四（二）'s purchase tables
            # (hebei_assistance_service_purchase). 各地 fill both in.
            "form:read",
            "form:review",
            # Reads the tenant's settings at the root; 三（三） leaves the time bank's cross-recognition
            # to 各地 to explore (探索), not to the department, so changing it stays with tenant_admin.
            "setting:read",
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
            # The opinion's targets and catalogues, which it issues jointly.
            "target:read",
            "indicator:read",
            "catalogue:read",
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
            # The opinion's targets and catalogues (三（三）“共创平安” is one of the activity series).
            "target:read",
            "indicator:read",
            "catalogue:read",
        ),
        source=f"{ISSUERS}；一、三（三）",
    ),
]
