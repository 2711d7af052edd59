"""重庆市的目标：渝民发〔2022〕7号 二、工作目标.

The paragraph opens “到‘十四五’末” (by 2025-12-31): every target below has that deadline unless the
text gives its own (coverage 70% by end 2022 and 100% by end 2023; new demonstration sites every
year). The municipal figures are on the municipality's total (``aggregate``); “每个城乡社区拥有1家以上”
is checked in every community (``per_community``).

The keys ``social_work_coverage``, ``community_workers_per_10k_urban``,
``certified_community_worker_share``, ``community_social_organizations_urban``,
``community_social_organizations_rural``, ``volunteer_share``, ``volunteer_station_coverage`` and
``charity_organization_per_community`` are shared with the district and street plans written under
this opinion (e.g. ``qianjiang``): their targets at a narrower scope override these.

Targets the opinion sets for every place without exception (100% coverage by end 2023, volunteer
stations everywhere, a charity organization in every community, the mechanism used everywhere by
end 2025) are ``locked``: a district plan may tighten them (e.g. an earlier deadline), not weaken
them. The averages and shares of the municipality are not locked: a district may sit below the
municipal average while the municipality meets it.

Where each is judged (``applies_at``, :func:`core.documents.targets.role_at`): the municipal figures
(80,000 professionals, 30,000 certified, 200 funds, the averages and shares) are the municipality's
totals, judged at ``chongqing`` alone: a district or street sees them as context, never as its own
status. “每个城乡社区拥有1家以上” is judged in every community (``per_community``).

“每个区县每年新增不少于2个示范点” is a target of each district and county: one target judged at every
district-tier region of the municipality (``applies_at=Tier.DISTRICT``), each on its own sites, and
seen at the municipality as how many of them meet it. The district tier holds the 38 districts and
counties and the three management zones (两江新区, 西部科学城重庆高新区, 万盛经开区), 41 in all: the
opinion is addressed to all 41 (主送: 各区县（自治县）民政局，两江新区社会保障局、西部科学城重庆高新区
公共服务局、万盛经开区民政局) and each of them runs its own civil-affairs work, so each carries the
target; in the tree a zone is a district-tier region of its own, and a site in a zone counts there
and in no district. The measure is the number of communities of the district that became
demonstration sites in the year (``new_demonstration_sites``: by the year of
``demonstration_since``, a date never in the future).

“慈善组织总数较‘十三五’末翻一番” is the count now over the count at the end of 2020
(``baseline_year=2020``): the opinion does not state that count, so the municipal bureau sets it
(``setBaseline``); until then the target reads ``no_data``, saying the baseline is missing.
"""

import datetime as dt
from decimal import Decimal

from core import CommunityKind, TargetDecl, Tier

from .regions import ZONES

DOCUMENT = "渝民发〔2022〕7号"
END_OF_14TH_FYP = dt.date(2025, 12, 31)
END_2022 = dt.date(2022, 12, 31)
END_2023 = dt.date(2023, 12, 31)
END_OF_13TH_FYP_YEAR = 2020
"""“较‘十三五’末翻一番”: the baseline is the count at the end of 2020, set by the municipal bureau (setBaseline)."""

SOCIAL_WORK_PROFESSIONALS = 80_000
CERTIFIED_SOCIAL_WORK_PROFESSIONALS = 30_000
SOCIAL_WORK_COVERAGE_2022 = Decimal("0.70")
SOCIAL_WORK_COVERAGE_2023 = Decimal("1.0")
COMMUNITY_WORKERS_PER_10K_URBAN = 18
CERTIFIED_COMMUNITY_WORKER_SHARE = Decimal("0.15")
URBAN_COMMUNITY_SOCIAL_ORGANIZATIONS = 12
RURAL_COMMUNITY_SOCIAL_ORGANIZATIONS = 6
VOLUNTEER_SHARE = Decimal("0.22")
VOLUNTEER_STATION_COVERAGE = Decimal("1.0")
CHARITY_ORGANIZATIONS_GROWTH = 2
COMMUNITY_FUNDS = 200
CHARITY_ORGANIZATIONS_PER_COMMUNITY = 1
NEW_DEMONSTRATION_SITES_PER_YEAR = 2
MECHANISM_COVERAGE = Decimal("1.0")

_GOALS = "二、工作目标“到‘十四五’末，"


def _municipal() -> list[TargetDecl]:
    return [
        TargetDecl(
            key="social_work_professionals",
            indicator="social_work_professionals",
            label="社会工作专业人才总量",
            comparator=">=",
            threshold=Decimal(SOCIAL_WORK_PROFESSIONALS),
            unit="人",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}社会工作专业人才总量达到8万人（其中持社工证社会工作专业人才总量达到3万人）”",
        ),
        TargetDecl(
            key="certified_social_work_professionals",
            indicator="certified_social_work_professionals",
            label="持社工证社会工作专业人才总量",
            comparator=">=",
            threshold=Decimal(CERTIFIED_SOCIAL_WORK_PROFESSIONALS),
            unit="人",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}社会工作专业人才总量达到8万人（其中持社工证社会工作专业人才总量达到3万人）”",
        ),
        TargetDecl(
            key="social_work_coverage_2022",
            indicator="social_work_coverage",
            label="村（社区）开展社会工作服务覆盖率（2022年末）",
            comparator=">=",
            threshold=SOCIAL_WORK_COVERAGE_2022,
            unit="比例",
            deadline=END_2022,
            source=f"{DOCUMENT} 二、工作目标“村（社区）开展社会工作服务覆盖率于2022年末达到70%，于2023年末达到100%”",
        ),
        TargetDecl(
            key="social_work_coverage",
            indicator="social_work_coverage",
            label="村（社区）开展社会工作服务覆盖率",
            comparator=">=",
            threshold=SOCIAL_WORK_COVERAGE_2023,
            unit="比例",
            deadline=END_2023,
            locked=True,
            source=f"{DOCUMENT} 二、工作目标“村（社区）开展社会工作服务覆盖率于2022年末达到70%，于2023年末达到100%”",
        ),
        TargetDecl(
            key="community_workers_per_10k_urban",
            indicator="community_workers_per_10k_urban",
            label="每万名城镇常住人口拥有社区工作者",
            comparator=">=",
            threshold=Decimal(COMMUNITY_WORKERS_PER_10K_URBAN),
            unit="人/万人",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……每万名城镇常住人口拥有社区工作者达到18人”",
        ),
        TargetDecl(
            key="certified_community_worker_share",
            indicator="certified_community_worker_share",
            label="城乡社区工作者持社工证比例",
            comparator=">=",
            threshold=CERTIFIED_COMMUNITY_WORKER_SHARE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……城乡社区工作者持社工证比例达到15%”",
        ),
        TargetDecl(
            key="community_social_organizations_urban",
            indicator="community_social_organizations_per_community",
            label="城市社区平均拥有社区社会组织",
            community_kind=CommunityKind.URBAN,
            comparator=">=",
            threshold=Decimal(URBAN_COMMUNITY_SOCIAL_ORGANIZATIONS),
            unit="个/社区",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……城市社区平均拥有12个以上社区社会组织”",
        ),
        TargetDecl(
            key="community_social_organizations_rural",
            indicator="community_social_organizations_per_community",
            label="农村社区平均拥有社区社会组织",
            community_kind=CommunityKind.RURAL,
            comparator=">=",
            threshold=Decimal(RURAL_COMMUNITY_SOCIAL_ORGANIZATIONS),
            unit="个/社区",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……农村社区平均拥有6个以上社区社会组织”",
        ),
        TargetDecl(
            key="volunteer_share",
            indicator="volunteer_share",
            label="实名认证注册志愿者占常住人口的比例",
            comparator=">=",
            threshold=VOLUNTEER_SHARE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……实名认证注册志愿者占常住人口的比例达到22%”",
        ),
        TargetDecl(
            key="volunteer_station_coverage",
            indicator="volunteer_station_coverage",
            label="城乡社区志愿服务站（点）覆盖率",
            comparator=">=",
            threshold=VOLUNTEER_STATION_COVERAGE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            locked=True,
            source=f"{DOCUMENT} {_GOALS}……城乡社区志愿服务站（点）实现全覆盖”",
        ),
        TargetDecl(
            key="charity_organizations_growth",
            indicator="charity_organizations_growth",
            label="慈善组织总数较“十三五”末（2020年末）增长倍数",
            comparator=">=",
            threshold=Decimal(CHARITY_ORGANIZATIONS_GROWTH),
            unit="倍（以2020年末为基数）",
            deadline=END_OF_14TH_FYP,
            baseline_year=END_OF_13TH_FYP_YEAR,
            source=f"{DOCUMENT} {_GOALS}……慈善组织总数较‘十三五’末翻一番”",
        ),
        TargetDecl(
            key="community_funds",
            indicator="community_funds",
            label="社区基金数量",
            comparator=">=",
            threshold=Decimal(COMMUNITY_FUNDS),
            unit="个",
            deadline=END_OF_14TH_FYP,
            source=f"{DOCUMENT} {_GOALS}……社区基金不少于200个”",
        ),
        TargetDecl(
            key="charity_organization_per_community",
            indicator="charity_social_organizations",
            label="每个城乡社区登记或备案的社区公益慈善类社会组织",
            evaluated_at="per_community",
            comparator=">=",
            threshold=Decimal(CHARITY_ORGANIZATIONS_PER_COMMUNITY),
            unit="家",
            deadline=END_OF_14TH_FYP,
            locked=True,
            source=f"{DOCUMENT} {_GOALS}……每个城乡社区拥有1家以上登记或备案的社区公益慈善类社会组织”",
        ),
        TargetDecl(
            key="mechanism_coverage",
            indicator="mechanism_coverage",
            label="“五社联动”机制普遍运用（运用该机制的社区比例）",
            comparator=">=",
            threshold=MECHANISM_COVERAGE,
            unit="比例",
            deadline=END_OF_14TH_FYP,
            locked=True,
            source=f"{DOCUMENT} 二、工作目标“到2025年末实现‘五社联动’机制普遍运用，基层治理效能显著提升”",
        ),
    ]


def _demonstration_sites() -> list[TargetDecl]:
    """One target judged at every district-tier region of the municipality, each on its own sites."""
    addressees = "；".join(("各区县（自治县）民政局", *(addressee for _, _, addressee in ZONES)))
    return [
        TargetDecl(
            key="new_demonstration_sites_per_year",
            indicator="new_demonstration_sites_per_year",
            label="每个区县每年新增“五社联动”示范点",
            applies_at=Tier.DISTRICT,
            comparator=">=",
            threshold=Decimal(NEW_DEMONSTRATION_SITES_PER_YEAR),
            unit="个",
            yearly=True,
            source=f"{DOCUMENT} 二、工作目标“每个区县每年新增不少于2个‘五社联动’示范点”；主送：{addressees}",
        )
    ]


def declarations() -> list[TargetDecl]:
    return _municipal() + _demonstration_sites()
