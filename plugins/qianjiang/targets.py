"""正阳街道的目标：正阳办事处发〔2022〕95号 二（工作目标）、三（三）.

Zhengyang restates most of Chongqing's goals (渝民发〔2022〕7号 二); those use the SAME keys as the
``chongqing`` plugin (``social_work_coverage``, ``community_workers_per_10k_urban``,
``certified_community_worker_share``, ``community_social_organizations_urban``/``_rural``,
``volunteer_share``, ``volunteer_station_coverage``, ``charity_organization_per_community``), so that
at the street and below the street's version, with its own clause as source, overrides the
municipal one; none is weaker than Chongqing's.

Deadlines. The plan dates three things itself:
- "社区开展社会工作服务覆盖率2022年末达到100%" and "到2022年末实现社会工作站、社区社会工作室全覆盖":
  2022-12-31 (Chongqing: 70% by end 2022, so the street tightens it);
- "在三年内实现街道'五社联动'示范点全覆盖" (and the mechanism in general use in the same sentence):
  three years from the plan's date, 2022-08-29. Under 民法典 第二百零一、二百零二条 a period counted
  in years starts the day after and ends on the corresponding day of the last year: 2025-08-29;
- "率先……打造一个'五社联动'示范点" (三（二）: 朝阳社区): first, i.e. ahead of the others; the plan
  gives no date, so it is read as the first of the three years: 2023-08-29, computed the same way.
The other goals carry no date in the plan. They restate Chongqing's goals, which are for the end of
the 14th Five-Year Plan ("到'十四五'末", 渝民发〔2022〕7号 二), so they keep that deadline,
2025-12-31: an earlier one would invent a date, a later one would weaken Chongqing's.

"社会工作站、社区社会工作室全覆盖" asks for two things: the street's social work station, and a social
work room in every community. They are two targets, both judged at the street: the station
(``social_work_station_coverage``, the street has one) and the rooms (``social_work_room_coverage``,
communities with a room / communities), so that rooms in 2 of 5 communities is not met.

Placement: the street's figures are judged at the street (its scope) alone; each community's
volunteer count at that community; the per-community goals at every community.

Volunteers: "按七人普的常住人口比例达到22%" with each community's number of people, so the share is a
goal of every community (per_community) and each community's count is a target scoped to that
community; the street's total (7195) is the street's own. The counts are the document's, not derived
from a population (the plan gives none).
"""

import datetime as dt
from decimal import Decimal

from core import CommunityKind, TargetDecl

DOCUMENT = "正阳办事处发〔2022〕95号"
GOALS = f"{DOCUMENT} 二"
STREET = "chongqing/qianjiang/zhengyang"

PLAN_DATE = dt.date(2022, 8, 29)
END_2022 = dt.date(2022, 12, 31)
FIRST_YEAR = dt.date(2023, 8, 29)  # PLAN_DATE + 1 year (民法典 第二百零一、二百零二条)
THREE_YEARS = dt.date(2025, 8, 29)  # PLAN_DATE + 3 years (民法典 第二百零一、二百零二条)
END_OF_14TH_FYP = dt.date(2025, 12, 31)  # 渝民发〔2022〕7号 二 "到'十四五'末"

# 二: "朝阳社区1178人，群力社区1638人，桐坪社区1280人，积富社区2733人，团结社区366人，全街道共7195人".
VOLUNTEER_COUNTS = (
    ("chaoyang", "朝阳社区", 1178),
    ("qunli", "群力社区", 1638),
    ("tongping", "桐坪社区", 1280),
    ("jifu", "积富社区", 2733),
    ("tuanjie", "团结社区", 366),
)
VOLUNTEER_TOTAL = 7195

TARGETS = [
    TargetDecl(
        key="social_work_coverage",
        indicator="social_work_coverage",
        label="社区开展社会工作服务覆盖率",
        comparator=">=",
        threshold=Decimal("1"),
        unit="比例",
        deadline=END_2022,
        source=f"{GOALS}：社区开展社会工作服务覆盖率2022年末达到100%",
    ),
    TargetDecl(
        key="community_workers_per_10k_urban",
        indicator="community_workers_per_10k_urban",
        label="每万名城镇常住人口拥有社区工作者",
        comparator=">=",
        threshold=Decimal("18"),
        unit="人/万名城镇常住人口",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：每万名城镇常住人口拥有社区工作者达到18人",
    ),
    TargetDecl(
        key="certified_community_worker_share",
        indicator="certified_community_worker_share",
        label="城乡社区工作者持社工证比例",
        comparator=">=",
        threshold=Decimal("0.15"),
        unit="比例",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：城乡社区工作者持社工证比例达到15%",
    ),
    TargetDecl(
        key="community_social_organizations_urban",
        indicator="community_social_organizations_per_community",
        label="城市社区平均拥有社区社会组织",
        community_kind=CommunityKind.URBAN,
        comparator=">=",
        threshold=Decimal("12"),
        unit="个",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：城市社区平均拥有12个以上社区社会组织",
    ),
    TargetDecl(
        key="community_social_organizations_rural",
        indicator="community_social_organizations_per_community",
        label="农村社区平均拥有社区社会组织",
        community_kind=CommunityKind.RURAL,
        comparator=">=",
        threshold=Decimal("6"),
        unit="个",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：农村社区平均拥有6个以上社区社会组织",
    ),
    TargetDecl(
        key="volunteer_share",
        indicator="volunteer_share",
        label="实名认证注册志愿者占常住人口（七人普）比例",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("0.22"),
        unit="比例",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：实名认证注册志愿者按七人普的常住人口比例达到22%",
    ),
    TargetDecl(
        key="registered_volunteers",
        indicator="registered_volunteers",
        label="全街道实名认证注册志愿者人数",
        comparator=">=",
        threshold=Decimal(VOLUNTEER_TOTAL),
        unit="人",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：全街道共{VOLUNTEER_TOTAL}人",
    ),
    *(
        TargetDecl(
            key="registered_volunteers",
            indicator="registered_volunteers",
            label=f"{name}实名认证注册志愿者人数",
            scope=f"{STREET}/{code}",
            comparator=">=",
            threshold=Decimal(count),
            unit="人",
            deadline=END_OF_14TH_FYP,
            source=f"{GOALS}：{name}{count}人",
        )
        for code, name, count in VOLUNTEER_COUNTS
    ),
    TargetDecl(
        key="charity_organization_per_community",
        indicator="charity_social_organizations",
        label="每个城乡社区登记或备案的社区公益慈善类社会组织",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("1"),
        unit="家",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：每个城乡社区拥有1家以上登记或备案的社区公益慈善类社会组织",
    ),
    TargetDecl(
        key="volunteer_station_coverage",
        indicator="volunteer_station_coverage",
        label="城乡社区志愿服务站（点）覆盖率",
        comparator=">=",
        threshold=Decimal("1"),
        unit="比例",
        deadline=END_OF_14TH_FYP,
        source=f"{GOALS}：城乡社区志愿服务站（点）实现全覆盖",
    ),
    TargetDecl(
        key="demonstration_sites",
        indicator="demonstration_sites",
        label="“五社联动”示范点（每个社区）",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("1"),
        unit="个",
        deadline=THREE_YEARS,
        source=f"{GOALS}：在三年内实现街道“五社联动”示范点全覆盖",
    ),
    TargetDecl(
        key="demonstration_sites",
        indicator="demonstration_sites",
        label="朝阳社区率先建成“五社联动”示范点",
        scope=f"{STREET}/chaoyang",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("1"),
        unit="个",
        deadline=FIRST_YEAR,
        source=f"{GOALS}：率先在街道结合社区综合体建设，打造一个“五社联动”示范点；"
        f"{DOCUMENT} 三（二）：重点打造朝阳社区为“五社联动”社区治理示范点",
    ),
    TargetDecl(
        key="mechanism_coverage",
        indicator="mechanism_coverage",
        label="“五社联动”机制普遍运用",
        comparator=">=",
        threshold=Decimal("1"),
        unit="比例",
        deadline=THREE_YEARS,
        source=f"{GOALS}：在三年内实现街道“五社联动”示范点全覆盖，“五社联动”机制全面嵌入基本民生保障、"
        "基层社会治理、基本社会服务工作，得到普遍运用",
    ),
    TargetDecl(
        key="social_work_station_coverage",
        indicator="social_work_station_coverage",
        label="街道社会工作站覆盖",
        comparator=">=",
        threshold=Decimal("1"),
        unit="比例",
        deadline=END_2022,
        source=f"{DOCUMENT} 三（三）：到2022年末实现社会工作站、社区社会工作室全覆盖",
    ),
    TargetDecl(
        key="social_work_room_coverage",
        indicator="social_work_room_coverage",
        label="社区社会工作室覆盖率",
        comparator=">=",
        threshold=Decimal("1"),
        unit="比例",
        deadline=END_2022,
        source=f"{DOCUMENT} 三（三）：到2022年末实现社会工作站、社区社会工作室全覆盖",
    ),
]
