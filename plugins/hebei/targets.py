"""河北省的目标：冀民〔2021〕79号 二、工作目标, all “到‘十四五’末” (by 2025-12-31), at the province.

二 also says 以乡镇（街道）社会工作站为基础的全省社会工作服务体系基本建成. The system is to stand on
the township (street) stations, so its basis is a station in every township and street: the target
is ``social_work_station_coverage`` ≥ 100%. 四（一） says the same work is deployed together with
乡镇（街道）社会工作服务站建设, and 三（二） asks every place to 加快建设乡镇（街道）社会工作服务站.
“基本建成” qualifies the system as a whole (its working, its other levels), not the count of stations.

Every figure is the province's (全省): each target is judged at ``hebei`` alone, on the whole
province (the default placement). A city or county sees them as context, never as its own status:
Shijiazhuang is not "not met" for lacking 1,050,000 professionals of its own.
"""

import datetime as dt
from decimal import Decimal

from core import CommunityKind, TargetDecl

DOCUMENT = "冀民〔2021〕79号"
END_OF_14TH_FYP = dt.date(2025, 12, 31)
"""二：到“十四五”末 (the 14th Five-Year Plan, 2021–2025)."""

_BY = "二、工作目标“到‘十四五’末，"

SOCIAL_ORGANIZATION_FULL_TIME_STAFF = 400_000
SOCIAL_WORK_PROFESSIONALS = 1_050_000
VOLUNTEER_STATION_COVERAGE = Decimal("0.80")
HUB_ORGANIZATION_COVERAGE = Decimal("1.0")
SOCIAL_WORK_STATION_COVERAGE = Decimal("1.0")


def declarations() -> list[TargetDecl]:
    return [
        TargetDecl(
            key="social_work_station_coverage",
            indicator="social_work_station_coverage",
            label="乡镇（街道）社会工作站覆盖率（以社工站为基础的社会工作服务体系基本建成）",
            comparator=">=",
            threshold=SOCIAL_WORK_STATION_COVERAGE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            source=(
                f"{DOCUMENT} {_BY}以乡镇（街道）社会工作站为基础的全省社会工作服务体系基本建成”；"
                "三（二）“加快建设乡镇（街道）社会工作服务站”"
            ),
        ),
        TargetDecl(
            key="hub_organization_coverage",
            indicator="hub_organization_coverage",
            label="城市社区枢纽型社会组织覆盖率",
            community_kind=CommunityKind.URBAN,
            comparator=">=",
            threshold=HUB_ORGANIZATION_COVERAGE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_BY}……城市社区枢纽型社会组织实现全覆盖”",
        ),
        TargetDecl(
            key="social_organization_full_time_staff",
            indicator="social_organization_full_time_staff",
            label="社会组织专职工作人员数量",
            comparator=">=",
            threshold=Decimal(SOCIAL_ORGANIZATION_FULL_TIME_STAFF),
            unit="人",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_BY}……社会组织专职工作人员数量达到40万以上”",
        ),
        TargetDecl(
            key="social_work_professionals",
            indicator="social_work_professionals",
            label="社会工作专业人才总量",
            comparator=">=",
            threshold=Decimal(SOCIAL_WORK_PROFESSIONALS),
            unit="人",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_BY}……社会工作专业人才总量达到105万人以上”",
        ),
        TargetDecl(
            key="volunteer_station_coverage",
            indicator="volunteer_station_coverage",
            label="社区志愿服务站点在社区综合服务设施中的覆盖率",
            comparator=">=",
            threshold=VOLUNTEER_STATION_COVERAGE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_BY}……社区志愿服务站点在社区综合服务设施中的覆盖率达到80%以上”",
        ),
    ]
