"""The indicators targets are measured by, and how each is computed from live data.

An indicator is ``numerator / denominator × scale`` over sums of *measures* (:mod:`.measures`):
counts kept per region in the summary tables, and facts of the regions themselves (population,
number of communities). Summing measures first and dividing last is what lets any subtree, and
any grouping by a lower tier, be one SQL ``GROUP BY``. An indicator without a numerator has no
live data source yet (projects, creation tasks): it is part of the vocabulary targets use, and
its value is reported as unknown rather than guessed.

Plugins add indicators with the ``register_indicators`` hook (:class:`core.IndicatorDecl`),
composed from the same measures and from the measures their case types declare (counts of cases,
:class:`core.indicators.measures.CaseCount`): such an indicator carries those in ``counts``, so
every query that computes it knows how.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from core.indicators.measures import DEMAND_COUNTS, CaseCount
from core.models.summary import YEARLY_MEASURES
from core.plugins.declarations import IndicatorDecl


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: str
    definition: str
    label: str = ""
    """the column header in reports (zh-CN)"""
    numerator: str | None = None
    """a measure; None: not computed from live data"""
    denominator: str | None = None
    scale: int | Fraction = 1
    counts: tuple[CaseCount, ...] = ()
    """the case measures among its numerator and denominator"""
    left_out: str | None = None
    """a measure: the communities the numerator and denominator leave out for missing data"""
    left_out_reason: str = ""
    baseline_of: str | None = None
    """the key of the indicator this one compares with its own value at a baseline year (now / then):
    computed with a baseline (:mod:`core.indicators.baselines`), not from the measures alone"""

    @property
    def computed(self) -> bool:
        return self.numerator is not None

    @property
    def measured(self) -> bool:
        """Has a value from live data: computed, or compared with a baseline."""
        return self.computed or self.baseline_of is not None

    @functools.cached_property
    def yearly(self) -> bool:
        """Counts what happened in one calendar year (else what exists now): when one of its measures does
        (worked out once: a nested tree asks it for each of its regions)."""
        return not {self.numerator, self.denominator}.isdisjoint(YEARLY_MEASURES)

    @classmethod
    def declared(cls, decl: IndicatorDecl, counts: Mapping[str, CaseCount] | None = None) -> "Indicator":
        """The indicator a plugin declared (``register_indicators``); ``counts``: the case measures
        the plugins declared, by key (:func:`core.indicators.measures.case_counts`)."""
        counts = counts or {}
        named = tuple(counts[m] for m in dict.fromkeys((decl.numerator, decl.denominator or "")) if m in counts)
        return cls(decl.key, decl.unit, decl.definition, decl.label, decl.numerator, decl.denominator, decl.scale,
                   named, decl.left_out, decl.left_out_reason)


def _i(key: str, unit: str, definition: str, label: str, num: str | None = None, den: str | None = None,
       *, scale: int | Fraction = 1, left_out: str | None = None, reason: str = "",
       baseline_of: str | None = None) -> Indicator:
    return Indicator(key, unit, definition, label, num, den, scale, left_out=left_out, left_out_reason=reason,
                     baseline_of=baseline_of)


NO_POPULATION = "communities without a known resident population (left out of numerator and denominator)"
NO_URBAN_POPULATION = "communities without a known urban population (left out of numerator and denominator)"


_ALL = [
    _i("registered_volunteers", "people", "real-name registered volunteers living in the area",
       "实名注册志愿者数", "registered_volunteers"),
    _i("volunteer_share", "ratio",
       "registered volunteers / resident population, over the communities whose resident population is known",
       "注册志愿者占常住人口比例", "registered_volunteers_with_population", "resident_population",
       left_out="communities_without_population", reason=NO_POPULATION),
    _i("active_volunteer_share", "ratio",
       "share of registered volunteers with service hours recorded in the year",
       "有服务时长记录的志愿者比例", "active_volunteers", "registered_volunteers"),
    _i("volunteer_service_hours", "hours", "volunteer service hours recorded in the year",
       "志愿服务时长（小时）", "service_minutes", scale=Fraction(1, 60)),
    _i("volunteer_teams", "teams", "volunteer teams (志愿服务队) serving the area", "志愿服务队数", "volunteer_teams"),
    _i("volunteer_station_coverage", "ratio", "share of communities with a volunteer station",
       "志愿服务站点覆盖率", "communities_with_volunteer_station", "communities"),
    _i("community_workers_per_10k_urban", "per 10,000",
       "community workers per 10,000 urban residents, over the communities whose urban population is known",
       "每万城镇常住人口社区工作者数", "community_workers_with_urban_population", "urban_population", scale=10_000,
       left_out="communities_without_urban_population", reason=NO_URBAN_POPULATION),
    _i("certified_community_worker_share", "ratio",
       "share of community workers holding a national social work certificate",
       "社区工作者持证比例", "certified_community_workers", "community_workers"),
    _i("community_social_organizations", "organizations", "community social organizations (社区社会组织) in the area",
       "社区社会组织数", "community_social_organizations"),
    _i("community_social_organizations_per_community", "organizations",
       "community social organizations per community (average; urban or rural with the kind filter)",
       "平均每个社区社会组织数", "community_social_organizations", "communities"),
    _i("charity_social_organizations", "organizations",
       "registered or filed community charity social organizations (社区公益慈善类)",
       "社区公益慈善类社会组织数", "charity_social_organizations"),
    _i("communities_with_charity_organization_share", "ratio",
       "share of communities with at least one community charity social organization",
       "有公益慈善类社会组织的社区比例", "communities_with_charity_organization", "communities"),
    _i("charity_organizations", "organizations", "charity organizations (慈善组织)", "慈善组织数",
       "charity_organizations"),
    _i("charity_organizations_growth", "× baseline", "charity organizations now / at the baseline year's end",
       "慈善组织数增长倍数", baseline_of="charity_organizations"),
    _i("hub_organization_coverage", "ratio", "share of urban communities with a hub organization (枢纽型社会组织)",
       "城市社区枢纽型社会组织覆盖率", "urban_communities_with_hub", "urban_communities"),
    _i("social_organization_full_time_staff", "people", "full-time staff of social organizations",
       "社会组织专职工作人员数", "organization_full_time_staff"),
    _i("social_work_coverage", "ratio",
       "share of communities where social work services are delivered (a social work room or a posted social worker)",
       "社会工作服务覆盖率", "communities_with_social_work", "communities"),
    _i("social_work_room_coverage", "ratio", "share of communities with a community social work room (社区社会工作室)",
       "社区社会工作室覆盖率", "communities_with_social_work_room", "communities"),
    _i("social_work_station_coverage", "ratio", "share of streets/townships with a social work station",
       "乡镇（街道）社会工作站覆盖率", "streets_with_station", "streets"),
    _i("station_full_time_social_workers", "people", "full-time social workers at the street social work stations",
       "社会工作站专职社会工作者数", "station_full_time_social_workers"),
    _i("social_work_professionals", "people", "social work professionals (社会工作专业人才)",
       "社会工作专业人才数", "social_workers"),
    _i("certified_social_work_professionals", "people", "social work professionals holding a national certificate",
       "持证社会工作者数", "certified_social_workers"),
    _i("certified_community_workers", "people", "community workers holding a national certificate",
       "持证社区工作者数", "certified_community_workers"),
    _i("community_funds", "funds", "community funds (社区基金)", "社区基金数", "community_funds"),
    _i("fund_raised_per_year", "yuan", "money raised by the area's community funds in the year, in-kind at converted value",
       "社区基金年度筹款额（元）", "fund_raised_fen", scale=Fraction(1, 100)),
    _i("fund_raised_per_fund", "yuan", "money raised in the year per community fund, in-kind at converted value",
       "每个社区基金年度筹款额（元）", "fund_raised_fen", "community_funds", scale=Fraction(1, 100)),
    _i("sessions", "sessions", "service activities held (场次) in the year", "服务场次", "sessions"),
    _i("person_times", "person-times", "people served (人次) in the year", "服务人次", "person_times"),
    _i("sessions_per_community", "sessions", "service activities held per community in the year (average)",
       "平均每个社区服务场次", "sessions", "communities"),
    _i("person_times_per_community", "person-times", "people served per community in the year (average)",
       "平均每个社区服务人次", "person_times", "communities"),
    _i("demonstration_sites", "sites", "communities that are demonstration sites (示范点)", "示范点数",
       "demonstration_sites"),
    _i("demonstration_site_share", "ratio", "share of communities that are demonstration sites",
       "示范点占社区比例", "demonstration_sites", "communities"),
    _i("new_demonstration_sites_per_year", "sites", "demonstration sites added in the year",
       "年度新增示范点数", "new_demonstration_sites"),
    _i("creation_point_streets", "streets", "streets/towns designated creation points (创建点)", "创建点街道数"),
    _i("creation_point_communities", "communities", "communities designated creation points", "创建点社区数",
       "creation_points"),
    _i("creation_tasks_done_share", "ratio", "share of creation tasks completed", "创建任务完成比例"),
    _i("covered_communities", "communities", "communities a project covers", "项目覆盖社区数"),
    _i("mechanism_coverage", "ratio", "share of communities where the five-society mechanism is in use",
       "五社联动机制覆盖率"),
]


def _demands(key: str, unit: str, definition: str, label: str, num: str, den: str | None = None) -> Indicator:
    """An indicator of the demand list, its measures counted live (:class:`~core.indicators.measures.DemandCount`)."""
    counts = tuple(DEMAND_COUNTS[m] for m in dict.fromkeys((num, den)) if m is not None)
    return Indicator(key, unit, definition, label, num, den, counts=counts)


_ALL += [
    _demands("open_demands", "demands", "residents' demands (需求清单) waiting for a match", "待对接需求数",
             "open_demands"),
    _demands("matched_demands", "demands", "demands matched with a resource or project, in service or about to be",
             "已对接需求数", "matched_demands"),
    _demands("closed_demands", "demands", "demands closed by the resident's feedback", "已满足需求数", "closed_demands"),
    _demands("demand_closed_share", "ratio", "share of the demands (withdrawn ones left out) closed by the "
             "resident's feedback", "需求满足率", "closed_demands", "demands"),
]

INDICATORS: dict[str, Indicator] = {i.key: i for i in _ALL}
"""The core's indicators by key; plugins add theirs through ``register_indicators``."""
