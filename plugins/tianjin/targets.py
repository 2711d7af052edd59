"""天津市的目标：津民函〔2023〕20号 二（任务目标）、三（创建标准）、附件1（名额分配表）.

- the city-wide totals of 二 (50 streets/towns, 100 communities) and, scoped to each district,
  its quota of 附件1, under the same keys: at a district its quota overrides the city's total;
- the 24 communities of the city–district joint points (二、附件2), city-wide;
- the two milestones of 二 (≥ 50% of the creation tasks by the end of November 2023, all by the end
  of June 2024);
- the numeric creation standards of 三（二）、（四）、（五）、（六）, scoped to each of the 11
  city–district joint points of 附件2 (the only creation points the document names). Standard 三（六）
  sets no minimum for district-level points, ≥ ¥50,000 for joint points 1–5 and ≥ ¥20,000 for 6–11.

The counts of creation points, their communities and the share of creation tasks done are Tianjin's
own indicators (``indicators.py``), computed live from the creation points' cases (``cases.py``); so
is 三（二）'s 项目辐射社区数 at each joint point (the communities its point covers). The other
standards are the core's indicators on the live registers (workers, organizations, volunteers, funds).

Each is judged where the document places it (the default placement: at its scope region alone):
the city totals at ``tianjin``, each district's quota at that district, each joint point's standards
at its street (the fund raised, the organizations cultivated, the communities covered: the street's
project as a whole, never one community's share of it), and the standards of 三（二）、（五） that
say 每个社区 in every community of the point (``per_community``). A street sees its district's quota
as context, not as a quota of its own.

Standards 三（一）、（三）、（七） are not numbers: they are sections of the creation record form
(``forms.py``) and rules on it (``rules.py``).
"""

import datetime as dt
from decimal import Decimal

from core import TargetDecl

from .indicators import (
    CREATION_POINT_COMMUNITIES,
    CREATION_POINT_STREETS,
    CREATION_TASKS_DONE_SHARE,
    JOINT_POINT_COMMUNITIES,
)
from .regions import DISTRICTS, JOINT_POINTS

DOCUMENT = "津民函〔2023〕20号"

COMPLETION = dt.date(2024, 6, 30)
"""二: 到2024年6月底，创建任务全部完成."""
HALFWAY = dt.date(2023, 11, 30)
"""二: 2023年11月底前完成创建任务的50%以上."""

TOTAL_STREETS = 50
TOTAL_COMMUNITIES = 100
JOINT_COMMUNITIES = 24

# 附件1《健全“五社联动”机制示范项目区级创建点名额分配表》: district → (试点街镇数, 试点社区数).
QUOTAS: dict[str, tuple[int, int]] = {
    "heping": (3, 6),
    "hedong": (3, 6),
    "hexi": (3, 6),
    "nankai": (3, 6),
    "hebei": (3, 6),
    "hongqiao": (3, 6),
    "dongli": (3, 6),
    "beichen": (3, 6),
    "xiqing": (3, 6),
    "jinnan": (3, 6),
    "binhai": (6, 12),
    "wuqing": (6, 12),
    "baodi": (2, 4),
    "ninghe": (2, 4),
    "jinghai": (2, 4),
    "jizhou": (2, 4),
}

# 三 创建标准 (numbers)
STATION_FULL_TIME_SOCIAL_WORKERS = 2  # 三（二）
COVERED_COMMUNITIES = 2  # 三（二）
CERTIFIED_COMMUNITY_WORKERS = 1  # 三（二）
COMMUNITY_SOCIAL_ORGANIZATIONS = 5  # 三（四）
VOLUNTEER_TEAMS = 1  # 三（五）
VOLUNTEER_SHARE = Decimal("0.15")  # 三（五）
ACTIVE_VOLUNTEER_SHARE = Decimal("0.40")  # 三（五）
FUND_JOINT_1_5_FEN = 5_000_000  # 三（六）: 不少于5万元
FUND_JOINT_6_11_FEN = 2_000_000  # 三（六）: 不少于2万元

DISTRICT_NAMES = {code: name for code, name, _ in DISTRICTS}
STREET_NAMES = {
    f"tianjin/{district}/{street}": name for district, _, streets in DISTRICTS for street, name, _ in streets
}

_GOAL = "二、任务目标“在全市选取……50个街镇（100个城乡社区）作为健全‘五社联动’机制示范项目区级创建点（名额分配见附件1）”"
_TABLE = "附件1《健全‘五社联动’机制示范项目区级创建点名额分配表》"
_DONE = "二、任务目标“到2024年6月底，创建任务全部完成”"
_JOINT = "二、任务目标“其中11个街镇（24个社区）作为市区联合创建点（具体名单见附件2）”"


def fund_threshold_fen(joint_point: int | None) -> int | None:
    """三（六）: the yearly minimum of a community fund, in fen; ``None`` for district-level points."""
    if joint_point is None:
        return None  # 区级创建点筹款额度不做限定
    if 1 <= joint_point <= 5:
        return FUND_JOINT_1_5_FEN
    if 6 <= joint_point <= 11:
        return FUND_JOINT_6_11_FEN
    raise ValueError(f"joint point {joint_point} is not one of 附件2's 1–11")


def _city_targets() -> list[TargetDecl]:
    return [
        TargetDecl(
            key="creation_point_streets",
            indicator=CREATION_POINT_STREETS,
            label="区级创建点街镇数（全市）",
            comparator=">=",
            threshold=Decimal(TOTAL_STREETS),
            unit="个街镇",
            deadline=COMPLETION,
            source=f"{DOCUMENT} {_GOAL}；{_TABLE} 合计 试点街镇数“50”；{_DONE}",
        ),
        TargetDecl(
            key="creation_point_communities",
            indicator=CREATION_POINT_COMMUNITIES,
            label="区级创建点社区数（全市）",
            comparator=">=",
            threshold=Decimal(TOTAL_COMMUNITIES),
            unit="个社区",
            deadline=COMPLETION,
            source=f"{DOCUMENT} {_GOAL}；{_TABLE} 合计 试点社区数“100”；{_DONE}",
        ),
        TargetDecl(
            key="joint_point_communities",
            indicator=JOINT_POINT_COMMUNITIES,
            label="市区联合创建点社区数（全市）",
            comparator=">=",
            threshold=Decimal(JOINT_COMMUNITIES),
            unit="个社区",
            deadline=COMPLETION,
            source=f"{DOCUMENT} {_JOINT}；附件2《健全‘五社联动’机制示范项目市区联合创建点名单》；{_DONE}",
        ),
        TargetDecl(
            key="creation_tasks_done_share_2023",
            indicator=CREATION_TASKS_DONE_SHARE,
            label="创建任务完成比例（2023年11月底前50%以上）",
            comparator=">=",
            threshold=Decimal("0.5"),
            unit="比例",
            deadline=HALFWAY,
            source=f"{DOCUMENT} 二、任务目标“2023年11月底前完成创建任务的50%以上，创建工作取得阶段性成效”",
        ),
        TargetDecl(
            key="creation_tasks_done_share",
            indicator=CREATION_TASKS_DONE_SHARE,
            label="创建任务完成比例（2024年6月底全部完成）",
            comparator=">=",
            threshold=Decimal("1.0"),
            unit="比例",
            deadline=COMPLETION,
            source=f"{DOCUMENT} {_DONE}",
        ),
    ]


def _district_quotas() -> list[TargetDecl]:
    out = []
    for district, (streets, communities) in QUOTAS.items():
        name = DISTRICT_NAMES[district]
        row = f"{_TABLE} 区划“{name}” 试点街镇数“{streets}” 试点社区数“{communities}”"
        out += [
            TargetDecl(
                key="creation_point_streets",
                indicator=CREATION_POINT_STREETS,
                label=f"区级创建点街镇数（{name}）",
                scope=f"tianjin/{district}",
                comparator=">=",
                threshold=Decimal(streets),
                unit="个街镇",
                deadline=COMPLETION,
                source=f"{DOCUMENT} {row}；{_DONE}",
            ),
            TargetDecl(
                key="creation_point_communities",
                indicator=CREATION_POINT_COMMUNITIES,
                label=f"区级创建点社区数（{name}）",
                scope=f"tianjin/{district}",
                comparator=">=",
                threshold=Decimal(communities),
                unit="个社区",
                deadline=COMPLETION,
                source=f"{DOCUMENT} {row}；{_DONE}",
            ),
        ]
    return out


def _standards(street: str, joint_point: int) -> list[TargetDecl]:
    """The numeric creation standards of 三 at one joint-point street (its project)."""
    where = f"（市区联合创建点{joint_point} {STREET_NAMES[street]}）"
    at = f"{DOCUMENT} 附件2 序号{joint_point}；"
    fund = fund_threshold_fen(joint_point)
    fund_clause = (
        "市区联合创建点1—5应不少于5万元" if joint_point <= 5 else "……市区联合创建点6—11应不少于2万元"
    )
    return [
        TargetDecl(
            key="station_full_time_social_workers",
            indicator="station_full_time_social_workers",
            label=f"街镇社会工作服务站专职社会工作者{where}",
            scope=street,
            comparator=">=",
            threshold=Decimal(STATION_FULL_TIME_SOCIAL_WORKERS),
            unit="人",
            deadline=COMPLETION,
            source=f"{at}三（二）“街镇社会工作服务站通过政府购买服务方式配备不少于2名专职社会工作者”",
        ),
        TargetDecl(
            key="covered_communities",
            indicator=CREATION_POINT_COMMUNITIES,
            label=f"项目辐射社区数{where}",
            scope=street,
            comparator=">=",
            threshold=Decimal(COVERED_COMMUNITIES),
            unit="个社区",
            deadline=COMPLETION,
            source=f"{at}三（二）“项目辐射不少于2个社区”",
        ),
        TargetDecl(
            key="certified_community_workers",
            indicator="certified_community_workers",
            label=f"每个社区参与项目的持证社区工作者{where}",
            scope=street,
            evaluated_at="per_community",
            comparator=">=",
            threshold=Decimal(CERTIFIED_COMMUNITY_WORKERS),
            unit="人",
            deadline=COMPLETION,
            source=f"{at}三（二）“每个社区应有‘两委’成员和至少一名持证社区工作者参与项目开展”",
        ),
        TargetDecl(
            key="community_social_organizations",
            indicator="community_social_organizations",
            label=f"项目培育发展的社区社会组织{where}",
            scope=street,
            comparator=">=",
            threshold=Decimal(COMMUNITY_SOCIAL_ORGANIZATIONS),
            unit="个",
            deadline=COMPLETION,
            source=f"{at}三（四）“每个项目培育发展不少于5个社区社会组织，开展公益项目和服务”",
        ),
        TargetDecl(
            key="volunteer_teams",
            indicator="volunteer_teams",
            label=f"每个辐射社区的志愿服务组织（团队）{where}",
            scope=street,
            evaluated_at="per_community",
            comparator=">=",
            threshold=Decimal(VOLUNTEER_TEAMS),
            unit="个",
            deadline=COMPLETION,
            source=f"{at}三（五）“项目所辐射社区，培育发展至少1个志愿服务组织（团队）”",
        ),
        TargetDecl(
            key="volunteer_share",
            indicator="volunteer_share",
            label=f"注册志愿者占社区常住居民比例{where}",
            scope=street,
            evaluated_at="per_community",
            comparator=">=",
            threshold=VOLUNTEER_SHARE,
            unit="比例",
            deadline=COMPLETION,
            source=f"{at}三（五）“每个社区注册成为志愿者的居民占社区常住居民人数的15%以上”",
        ),
        TargetDecl(
            key="active_volunteer_share",
            indicator="active_volunteer_share",
            label=f"每年有志愿服务时长记录的注册志愿者比例{where}",
            scope=street,
            evaluated_at="per_community",
            comparator=">=",
            threshold=ACTIVE_VOLUNTEER_SHARE,
            unit="比例",
            yearly=True,
            source=(
                f"{at}三（五）“每年参加志愿服务活动并有志愿服务时长记录的注册志愿者占该社区注册志愿者总人数的"
                "比例在40%以上”"
            ),
        ),
        TargetDecl(
            key="fund_raised_per_year",
            indicator="fund_raised_per_year",
            label=f"社区基金每年撬动社会慈善资金（含捐赠物资折算金额）{where}",
            scope=street,
            comparator=">=",
            threshold=Decimal(fund) / 100,  # the indicator is in yuan (core.money)
            unit="元",
            yearly=True,
            source=(
                f"{at}三（六）“每个社区基金每年应撬动一定数额社会慈善资金（包括捐赠物资折算金额），"
                f"区级创建点筹款额度不做限定，{fund_clause}”"
            ),
        ),
    ]


def declarations() -> list[TargetDecl]:
    out = _city_targets() + _district_quotas()
    for street, joint_point in sorted(JOINT_POINTS.items(), key=lambda kv: kv[1]):
        out += _standards(street, joint_point)
    return out
