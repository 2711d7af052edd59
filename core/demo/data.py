"""Synthetic demo data for an initialised platform: the five elements on every tenant's communities.

:func:`fill_demo_data` writes community profiles, volunteer teams, volunteers, social
organizations, social workers, community funds and donations, spread over the communities of
all tenants in proportion to their resident population; then the service activities of every
community (a few dozen over the previous and the current year, some at its street) and the
volunteer-hours ledger: about half of the registered volunteers served this year, most of them
and a few others last year, mostly at those activities. Everything is invented: names come from
Faker (``zh_CN``), ID numbers (GB 11643) and credit codes (GB 32100) are well-formed with correct
check characters but belong to nobody, and the same ``seed`` always gives the same data set.

The seed documents give no resident population, so the regions carry none. Where a community's
``resident_population`` (or, for an urban community, ``urban_population``) is NULL, this module
fills in a **synthetic demo figure** (urban communities 2,000–15,000 residents, rural villages
600–4,500): plausible sizes to weight the data by, not census numbers. Nothing else about the
regions changes: none is added, renamed or moved.

Rows are built as table models directly (fast), but every value is chosen so that the element's
``*Create`` model and the placement rules of :mod:`core.services.elements` accept it. ID numbers
and phones are written the way the services write them, through :func:`core.personal.seal`
(encrypted, blind-indexed, masked). About one volunteer in seventy is a child of 8 to 13 (小小志愿者),
registered with a guardian's consent; the children are drawn from a random stream of their own, so
everything else is what the seed gave before they were added. Activities and service records are
drawn last, so adding them changed nothing drawn before. The whole
fill is one transaction, and it is idempotent: when any five-element row already exists it adds
nothing and says so.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

from faker import Faker
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock, db, personal
from core.indicators import summary
from core.models import (
    Activity,
    CertificateLevel,
    CommunityFund,
    CommunityProfile,
    Demonstration,
    Donation,
    DonationForm,
    DonorKind,
    OrgType,
    Region,
    Registration,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
    WorkerPost,
)
from core.models.base import stored_id
from core.models.scoped import TenantRow
from core.platform import Platform
from core.tree.tiers import CommunityKind, Tier
from core.validators import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    id_number_check_digit,
)

__all__ = ["DemoReport", "fill_demo_data"]

T = TypeVar("T")
R = TypeVar("R", bound=SQLModel)

FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
BATCH = 1000
CHILD_SHARE = 0.015
"""Volunteers who are children (8 to 13): registered with their guardian's consent."""

ELEMENT_TABLES: tuple[type[TenantRow], ...] = (
    Volunteer, VolunteerTeam, SocialOrganization, SocialWorker, CommunityFund, Donation, CommunityProfile,
    Activity, ServiceRecord,
)


@dataclass
class DemoReport:
    """What :func:`fill_demo_data` wrote (all zero when ``added`` is False)."""

    added: bool
    message: str = ""
    communities: int = 0
    populations_set: int = 0
    community_profiles: int = 0
    volunteer_teams: int = 0
    volunteers: int = 0
    organizations: int = 0
    social_workers: int = 0
    community_funds: int = 0
    donations: int = 0
    activities: int = 0
    service_records: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.type in (int, "int")}

    def __str__(self) -> str:
        if not self.added:
            return self.message
        counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in self.counts().items())
        return f"{self.message}: {counts} in {self.seconds:.2f} s"


# --- Administrative division codes (GB/T 2260) ------------------------------------------------
# Taken from the regions themselves: a region uses the ``division_code`` its plugin declared, or
# that of its nearest ancestor that has one (first six digits: street and community codes extend
# their county's). They feed the first six digits of ID numbers and positions 3–8 of credit codes.
#
# County-level codes elsewhere in China: where residents born outside the district were registered,
# and what a region with no declared code on its path draws instead.
ORIGIN_CODES = (
    "130102", "130203", "130602", "130982", "131002", "210102", "210202", "210302", "210702",
    "220102", "230102", "150102", "370102", "371402", "410102", "411302", "420102", "430102",
    "510104", "511302", "520102", "340102",
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
)

CSO_TOPICS_URBAN = (
    "老年人协会", "舞蹈队", "书画协会", "邻里互助会", "读书会", "太极拳协会", "合唱团", "亲子成长社",
    "乐龄俱乐部", "义剪服务队", "文体协会", "健身队", "秧歌队", "京剧票友会", "摄影协会", "手工编织社",
    "环保协会", "关爱儿童服务社", "助残服务社", "养老互助会", "爱心帮帮团", "平安巡逻队", "楼院自治会",
    "家风家教宣讲团", "调解志愿协会", "居家养老互助社", "青少年成长营", "心理关爱小组", "垃圾分类督导队",
    "空巢老人关爱社", "民俗文化协会", "棋牌协会", "志愿者协会", "巾帼互助会",
)
CSO_TOPICS_RURAL = (
    "老年人协会", "红白理事会", "乡贤理事会", "农技协会", "留守儿童之家", "秧歌队", "广场舞队",
    "邻里互助会", "妇女互助会", "道德评议会", "村民议事会", "乡风文明宣讲团", "合作养老互助社",
    "禁毒禁赌协会", "环境卫生监督队", "志愿者协会",
)
BRANDS = (
    "启航", "同心", "阳光", "馨家", "向日葵", "长青", "恒爱", "暖阳", "友邻", "善爱", "惠民", "和谐",
    "明德", "仁爱", "春晖", "乐众", "映山红", "新起点", "汇爱", "博爱", "益心", "众和", "心桥", "晨曦",
)
TEAM_BRANDS = (
    "红马甲", "银龄", "巾帼", "青年突击", "党员先锋", "邻里守望", "学雷锋", "小橘灯", "夕阳红",
    "爱心妈妈", "平安", "文明劝导", "关爱留守儿童", "助老", "环保",
)
IN_KIND = (  # description template, value per unit in yuan (low, high), units (low, high)
    ("大米{n}袋", 80, 150, 10, 200),
    ("食用油{n}桶", 60, 120, 10, 150),
    ("棉被{n}床", 150, 300, 10, 80),
    ("冬衣{n}件", 100, 300, 20, 200),
    ("图书{n}册", 20, 60, 50, 800),
    ("医用口罩{n}盒", 20, 40, 20, 500),
    ("轮椅{n}台", 600, 1500, 1, 10),
    ("学习用品{n}套", 30, 80, 20, 300),
    ("牛奶{n}箱", 50, 80, 10, 200),
    ("助听器{n}台", 800, 2000, 1, 8),
    ("爱心药箱{n}个", 100, 200, 5, 50),
)
RESIDENT_GIFTS = (50, 100, 100, 200, 200, 300, 500, 500, 666, 800, 1000, 1000, 2000, 5000)
ACTIVITY_KINDS = (  # category, weight, themes, people served per session (low, mode, high)
    ("关爱老年人服务类", 25, ("重阳节敬老志愿服务", "老年人健康义诊", "独居老人走访慰问", "老年人防诈骗讲座",
                             "助老义剪", "长者生日会", "智能手机使用课堂"), (10, 30, 120)),
    ("关爱儿童服务类", 15, ("暑期儿童托管课堂", "留守儿童陪伴成长", "亲子阅读会", "儿童安全教育课",
                           "四点半课堂"), (10, 25, 80)),
    ("助残服务类", 6, ("残疾人康复知识讲座", "助残送温暖", "无障碍出行帮扶"), (5, 15, 50)),
    ("社区治理类", 14, ("邻里议事会", "垃圾分类宣传", "楼院环境整治", "物业纠纷调解", "平安巡逻"), (10, 35, 150)),
    ("文化体育类", 14, ("广场舞展演", "社区运动会", "书画展", "端午包粽子", "中秋邻里宴", "新春写福送春联"),
     (20, 60, 300)),
    ("志愿服务类", 20, ("学雷锋志愿服务日", "文明交通劝导", "义务植树", "社区环境清洁", "爱心义卖"), (15, 40, 200)),
    ("应急救助类", 6, ("应急疏散演练", "防汛知识宣传", "消防安全培训", "急救技能培训"), (20, 50, 200)),
)
SERVICE_NOTES = ("助老陪伴", "环境清洁", "文明劝导", "入户走访", "秩序维护", "宣传引导", "资料整理", "活动保障")
SERVED_MINUTES = (30, 60, 60, 90, 120, 120, 120, 150, 180, 180, 240, 240, 300, 360, 480)


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` over ``weights`` exactly (largest remainder; ties go to the earlier)."""
    whole = sum(weights)
    if total <= 0 or not weights:
        return [0] * len(weights)
    if whole <= 0:
        weights, whole = [1] * len(weights), len(weights)
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def _quota(total: int, shares: Sequence[tuple[T, float]], rng: random.Random) -> list[T]:
    """``total`` items in exactly the given shares (largest remainder), shuffled."""
    counts = _apportion(total, [round(share * 10_000) for _, share in shares])
    items = [item for (item, _), count in zip(shares, counts, strict=True) for _ in range(count)]
    rng.shuffle(items)
    return items


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Builder:
    """One fill: the random sources, the regions and what has been generated so far."""

    def __init__(
        self, session: AsyncSession, regions: list[Region], seed: int, keyring: personal.Keyring | None = None
    ) -> None:
        self.session = session
        self.keyring = keyring
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.kids = random.Random(seed * 7919 + 14)  # the children's own stream (see the module docstring)
        self.kid_fake = Faker("zh_CN")
        self.kid_fake.seed_instance(seed * 7919 + 14)
        self.today = clock.today()
        self.past = random.Random(seed * 104729 + 31)  # the dates of history's own stream (see dates())
        self.regions = sorted(regions, key=lambda r: r.path)
        self.by_id = {r.id: r for r in self.regions}
        self.communities = [r for r in self.regions if r.tier is Tier.COMMUNITY]
        self.division_codes = {r.path: r.division_code for r in self.regions if r.division_code}
        self.id_numbers: dict[int, set[str]] = defaultdict(set)
        self.credit_codes: dict[int, set[str]] = defaultdict(set)
        self.org_names: dict[int, set[str]] = defaultdict(set)
        self.orgs: list[SocialOrganization] = []
        self.report = DemoReport(added=True, communities=len(self.communities))

    # --- helpers --------------------------------------------------------------------------------

    def ancestor(self, region: Region, *tiers: Tier) -> Region:
        """The first of ``tiers`` above (or at) ``region`` that exists, else the tenant root."""
        for tier in tiers:
            found = self.by_id.get(region.ancestor_id(tier))
            if found is not None:
                return found
        return self.root(region)

    def root(self, region: Region) -> Region:
        while region.parent_id is not None:
            region = self.by_id[region.parent_id]
        return region

    def city_name(self, region: Region) -> str:
        return self.ancestor(region, Tier.CITY).name

    def declared_division(self, region: Region) -> str | None:
        """The six-digit code declared on ``region`` or its nearest ancestor, else None."""
        path = region.path
        while True:
            code = self.division_codes.get(path)
            if code is not None:
                return code[:6]
            if "/" not in path:
                return None
            path = path.rsplit("/", 1)[0]

    def division(self, region: Region) -> str:
        """The declared division code of ``region`` (see above), else a generic one."""
        return self.declared_division(region) or self.rng.choice(ORIGIN_CODES)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        """A day in [start, end], never after today (drawn first, so the stream stays stable)."""
        day = start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))
        return min(day, self.today)

    def id_number(
        self, tenant_id: int, division: str, birth: dt.date, male: bool, rng: random.Random | None = None
    ) -> str:
        used = self.id_numbers[tenant_id]
        rng = rng or self.rng
        while True:
            sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{division}{birth:%Y%m%d}{sequence:03d}"
            number = body + id_number_check_digit(body)
            if number not in used:
                used.add(number)
                return number

    def credit_code(self, tenant_id: int, org_type: str, division: str) -> str:
        used = self.credit_codes[tenant_id]
        while True:
            body = "5" + org_type + division + "MJ" + "".join(self.rng.choices(CREDIT_CODE_CHARSET, k=7))
            code = body + credit_code_check_char(body)
            if code not in used:
                used.add(code)
                return code

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def person(self, born_from: int, born_to: int) -> tuple[str, bool, dt.date]:
        male = self.rng.random() < 0.5
        name = self.fake.name_male() if male else self.fake.name_female()
        birth = self.day(dt.date(born_from, 1, 1), dt.date(born_to, 12, 31))
        return name, male, birth

    def person_id(self, region: Region, birth: dt.date, male: bool, local: float) -> str:
        division = self.division(region) if self.rng.random() < local else self.rng.choice(ORIGIN_CODES)
        if division.endswith("00"):  # a city code: people are registered at a county-level unit
            division = self.rng.choice(ORIGIN_CODES)
        return self.id_number(region.tenant_id, division, birth, male)

    def unique_org_name(self, tenant_id: int, make: Callable[[], str]) -> str:
        used = self.org_names[tenant_id]
        name = make()
        for _ in range(8):
            if name not in used:
                break
            name = make()
        base, n = name, 2
        while name in used:
            name, n = f"{base}（{n}）", n + 1
        used.add(name)
        return name

    def seal(self, row: R, id_number: str | None, phone: str | None) -> R:
        if self.keyring is None:
            raise RuntimeError("demo data: no data key to seal ID numbers and phones with")
        personal.seal(self.keyring, row, {"id_number": id_number, "phone": phone})
        return row

    def dates(self, profiles: list[CommunityProfile], volunteers: list[Volunteer], workers: list[SocialWorker],
              records: list[ServiceRecord]) -> None:
        """The days what states none began, spread over the past years so that series over years
        mean something: a community's volunteer station and social work room, a volunteer who is
        not real-name registered (never after their first service), a social worker. Drawn from
        a stream of their own, after everything else, so the rest of the data set is unchanged."""
        past = self.past

        def drawn(start: dt.date) -> dt.date:
            return start + dt.timedelta(days=past.randint(0, max((self.today - start).days, 0)))

        for profile in profiles:
            if profile.has_volunteer_station:
                profile.volunteer_station_since = drawn(dt.date(2016, 1, 1))
            if profile.has_social_work_room:
                profile.social_work_room_since = drawn(dt.date(2018, 1, 1))
        first_service: dict[int | None, dt.date] = {}
        for record in records:
            first_service[record.volunteer_id] = min(record.served_on, first_service.get(record.volunteer_id, record.served_on))
        for volunteer in volunteers:
            day = drawn(dt.date(2019, 1, 1))
            if volunteer.registered_on is None:
                volunteer.valid_from = min(day, first_service.get(volunteer.id, day))
        for worker in workers:
            worker.valid_from = drawn(dt.date(2015, 1, 1))

    async def save(self, rows: Sequence[SQLModel]) -> None:
        for start in range(0, len(rows), BATCH):
            self.session.add_all(rows[start : start + BATCH])
            await self.session.flush()

    # --- the elements ---------------------------------------------------------------------------

    def populations(self) -> None:
        for region in self.communities:
            rural = region.kind is CommunityKind.RURAL
            resident = int(self.rng.triangular(600, 4500, 1800) if rural else self.rng.triangular(2000, 15000, 6000))
            urban_share = self.rng.uniform(0.9, 1.0)
            changed = False
            if region.resident_population is None:
                region.resident_population, changed = resident, True
            if region.kind is CommunityKind.URBAN and region.urban_population is None:
                region.urban_population, changed = int(region.resident_population * urban_share), True
            if changed:
                self.session.add(region)
                self.report.populations_set += 1

    def profiles(self) -> list[CommunityProfile]:
        rows = []
        for region in self.communities:
            rural = region.kind is CommunityKind.RURAL
            demonstration = self.rng.choices(
                (Demonstration.NONE, Demonstration.CREATION_POINT, Demonstration.DEMONSTRATION_SITE),
                weights=(70, 20, 10),
            )[0]
            since = self.day(dt.date(2021, 1, 1), LAST_DAY)
            rows.append(CommunityProfile(
                tenant_id=region.tenant_id,
                region_id=stored_id(region),
                has_social_work_room=self.rng.random() < (0.7 if rural else 0.85),
                has_volunteer_station=self.rng.random() < (0.8 if rural else 0.9),
                has_party_service_center=self.rng.random() < 0.95,
                has_elderly_station=self.rng.random() < (0.45 if rural else 0.65),
                demonstration=demonstration,
                demonstration_since=None if demonstration is Demonstration.NONE else since,
            ))
        return rows

    def organization(self, kind: OrgType, home: Region, *, public: bool | None = None) -> SocialOrganization:
        """One organization drawn for community ``home`` (placed there or at its street/district)."""
        rng = self.rng
        street = self.ancestor(home, Tier.STREET, Tier.DISTRICT, Tier.CITY)
        district = self.ancestor(home, Tier.DISTRICT, Tier.CITY)
        city = self.city_name(home)
        registered, code_type, place = True, "1", home
        if kind is OrgType.COMMUNITY_SOCIAL_ORGANIZATION:
            registered, code_type = rng.random() < 0.3, rng.choice("112")
            topics = CSO_TOPICS_RURAL if home.kind is CommunityKind.RURAL else CSO_TOPICS_URBAN
            make = lambda: home.name + rng.choice(topics)  # noqa: E731
        elif kind is OrgType.VOLUNTEER_ORGANIZATION:
            registered, place = rng.random() < 0.5, (home if rng.random() < 0.6 else street)
            make = lambda: place.name + rng.choice(TEAM_BRANDS) + "志愿者协会"  # noqa: E731
        elif kind is OrgType.SOCIAL_WORK_AGENCY:
            code_type, place = "2", (district if rng.random() < 0.5 else street)
            prefix = city + district.name if place is district else district.name + place.name
            make = lambda: prefix + rng.choice(BRANDS) + "社会工作服务中心"  # noqa: E731
        elif kind is OrgType.CHARITY_ORGANIZATION:
            code_type = rng.choices("123", weights=(45, 25, 30))[0]
            place = district if public or rng.random() < 0.6 else street
            suffix = {"1": ("慈善会", "慈善协会", "公益协会"), "2": ("公益服务中心",), "3": ("慈善基金会", "公益基金会")}[code_type]
            prefix = city + district.name if place is district else district.name + place.name
            make = lambda: prefix + (rng.choice(BRANDS) if code_type != "1" else "") + rng.choice(suffix)  # noqa: E731
        elif kind is OrgType.COMMUNITY_FOUNDATION:
            code_type, place = "3", district
            make = lambda: city + district.name + home.name.removesuffix("社区") + "社区基金会"  # noqa: E731
        else:  # hub organization of a street
            registered, code_type, place = rng.random() < 0.7, rng.choice("12"), street
            make = lambda: place.name + rng.choice(("社会组织联合会", "社区社会组织联合会", "社会组织服务中心"))  # noqa: E731
        name = self.unique_org_name(home.tenant_id, make)
        if public is None:
            public = kind is OrgType.CHARITY_ORGANIZATION and rng.random() < (0.35 if place.tier is Tier.DISTRICT else 0.1)
        staff = {
            OrgType.COMMUNITY_SOCIAL_ORGANIZATION: (0, 3 if registered else 1),
            OrgType.VOLUNTEER_ORGANIZATION: (0, 3),
            OrgType.SOCIAL_WORK_AGENCY: (3, 12),
            OrgType.CHARITY_ORGANIZATION: (1, 8),
            OrgType.COMMUNITY_FOUNDATION: (1, 5),
            OrgType.HUB_ORGANIZATION: (2, 6),
        }[kind]
        full_time_staff = rng.randint(*staff)
        graded = registered and rng.random() < (0.6 if kind in (OrgType.SOCIAL_WORK_AGENCY, OrgType.CHARITY_ORGANIZATION) else 0.3)
        grade = rng.choices((1, 2, 3, 4, 5), weights=(5, 15, 40, 30, 10))[0]
        credit = self.credit_code(home.tenant_id, code_type, self.division(place)) if registered else None
        established = self.day(dt.date(2005, 1, 1), dt.date(2020, 12, 31)) if public else (
            self.day(dt.date(2008, 1, 1), dt.date(2024, 12, 31)) if registered
            else self.day(dt.date(2012, 1, 1), dt.date(2024, 12, 31))
        )
        org = SocialOrganization(
            tenant_id=home.tenant_id,
            region_id=stored_id(place),
            name=name,
            org_type=kind,
            registration=Registration.REGISTERED if registered else Registration.FILED,
            credit_code=credit,
            grade=grade if graded else None,
            full_time_staff=full_time_staff,
            has_party_organization=rng.random() < (0.5 if registered and full_time_staff >= 3 else 0.05),
            public_fundraising=bool(public) and registered,
            charity_focus=kind in (OrgType.CHARITY_ORGANIZATION, OrgType.COMMUNITY_FOUNDATION)
            or (kind is OrgType.COMMUNITY_SOCIAL_ORGANIZATION and rng.random() < 0.25),
            on_dishonesty_list=registered and rng.random() < 0.01,
            has_administrative_penalty=registered and rng.random() < 0.025,
            established_on=established,
        )
        self.orgs.append(org)
        return org

    def plan_organizations(self, total: int, streets: list[Region], fund_streets: list[Region], shares: list[int]) -> None:
        """Fixed organizations first (fund hosts, street hubs), the rest drawn per community."""
        first_community = {s.id: next(c for c in self.communities if c.street_id == s.id) for s in streets}
        fixed: list[tuple[OrgType, Region, bool | None]] = []
        seen_tenants: set[int] = set()
        for street in fund_streets:
            if street.tenant_id not in seen_tenants:
                seen_tenants.add(street.tenant_id)
                fixed.append((OrgType.CHARITY_ORGANIZATION, first_community[street.id], True))
        fixed += [(OrgType.HUB_ORGANIZATION, first_community[s.id], None) for s in streets if self.rng.random() < 0.45]
        fixed = fixed[:total]
        for kind, home, public in fixed:
            self.organization(kind, home, public=public)
        per_community = _apportion(total - len(fixed), shares)
        kinds = (
            OrgType.COMMUNITY_SOCIAL_ORGANIZATION, OrgType.SOCIAL_WORK_AGENCY, OrgType.CHARITY_ORGANIZATION,
            OrgType.VOLUNTEER_ORGANIZATION, OrgType.COMMUNITY_FOUNDATION,
        )
        for home, count in zip(self.communities, per_community, strict=True):
            for kind in self.rng.choices(kinds, weights=(80, 8, 7, 4, 1), k=count):
                self.organization(kind, home)

    def teams(self) -> dict[int, list[VolunteerTeam]]:
        teams: dict[int, list[VolunteerTeam]] = defaultdict(list)
        local_orgs: dict[int, list[SocialOrganization]] = defaultdict(list)
        for org in self.orgs:
            if org.org_type in (OrgType.VOLUNTEER_ORGANIZATION, OrgType.COMMUNITY_SOCIAL_ORGANIZATION):
                local_orgs[org.region_id].append(org)
        for region in self.communities:
            brands = self.rng.sample(TEAM_BRANDS, self.rng.choices((0, 1, 2, 3), weights=(1, 3, 3, 2))[0])
            for brand in brands:
                candidates = local_orgs.get(stored_id(region), [])
                linked = self.rng.choice(candidates) if candidates and self.rng.random() < 0.3 else None
                teams[stored_id(region)].append(VolunteerTeam(
                    tenant_id=region.tenant_id,
                    region_id=stored_id(region),
                    name=f"{region.name}{brand}志愿服务队",
                    organization_id=linked.id if linked else None,
                    established_on=self.day(dt.date(2015, 1, 1), dt.date(2024, 12, 31)),
                ))
        return teams

    def volunteers(self, shares: list[int], teams: dict[int, list[VolunteerTeam]]) -> list[Volunteer]:
        people: list[tuple[Volunteer, bool, str | None, str | None]] = []
        for region, count in zip(self.communities, shares, strict=True):
            local_teams = teams.get(stored_id(region), [])
            for _ in range(count):
                era = self.rng.choices(((1950, 1965), (1966, 1990), (1991, 2008)), weights=(40, 35, 25))[0]
                name, male, birth = self.person(*era)
                registered = self.rng.random() < 0.85
                registered_on = self.day(max(dt.date(2019, 1, 1), _add_years(birth, 16)), LAST_DAY)
                has_id = registered or self.rng.random() < 0.2
                id_number = self.person_id(region, birth, male, 0.85) if has_id else None
                phone = self.phone() if self.rng.random() < 0.7 else None
                team = self.rng.choice(local_teams) if local_teams and self.rng.random() < 0.35 else None
                people.append((Volunteer(
                    tenant_id=region.tenant_id,
                    region_id=stored_id(region),
                    name=name,
                    real_name_registered=registered,
                    registered_on=registered_on if registered else None,
                    team_id=team.id if team else None,
                ), male, id_number, phone))
        return [self.seal(row, id_number, phone) for row, id_number, phone in self.children(people)]

    def children(
        self, people: list[tuple[Volunteer, bool, str | None, str | None]]
    ) -> list[tuple[Volunteer, str | None, str | None]]:
        """Make some volunteers children of 8 to 13, real-name registered with a guardian's consent
        (个人信息保护法 第三十一条), drawing only from the children's own random stream."""
        out = []
        for row, male, id_number, phone in people:
            if self.kids.random() >= CHILD_SHARE:
                out.append((row, id_number, phone))
                continue
            kids, region = self.kids, self.by_id[row.region_id]
            birth = self.today - dt.timedelta(days=kids.randint(8 * 366, 14 * 365 - 30))
            division = self.declared_division(region) if kids.random() < 0.95 else None
            if division is None or division.endswith("00"):
                division = kids.choice(ORIGIN_CODES)
            number = self.id_number(row.tenant_id, division, birth, male, rng=kids)
            start = max(dt.date(2019, 1, 1), _add_years(birth, 6))
            last = min(self.today, LAST_DAY)
            registered_on = start + dt.timedelta(days=kids.randint(0, max((last - start).days, 0)))
            relation = kids.choice(("母亲", "母亲", "父亲", "祖母", "祖父"))
            if relation in ("父亲", "祖父"):  # a child has its father's surname; a mother keeps her own
                guardian = row.name[0] + self.kid_fake.first_name_male()
            else:
                guardian = self.kid_fake.name_female()
            row.real_name_registered, row.registered_on = True, registered_on
            row.guardian_name, row.guardian_relation, row.guardian_consent_on = guardian, relation, registered_on
            out.append((row, number, phone))
        return out

    def workers(self, shares: list[int]) -> list[SocialWorker]:
        total = sum(shares)
        levels = _quota(total, (
            (CertificateLevel.NONE, 0.45), (CertificateLevel.ASSISTANT, 0.35),
            (CertificateLevel.INTERMEDIATE, 0.17), (CertificateLevel.SENIOR, 0.03),
        ), self.rng)
        agencies: dict[int, list[SocialOrganization]] = defaultdict(list)
        for org in self.orgs:
            if org.org_type is OrgType.SOCIAL_WORK_AGENCY:
                agencies[org.tenant_id].append(org)
        rows = []
        for region, count in zip(self.communities, shares, strict=True):
            street = self.by_id.get(region.street_id)
            district_id = region.district_id
            for _ in range(count):
                post = self.rng.choices(
                    (WorkerPost.COMMUNITY, WorkerPost.SOCIAL_WORK_ROOM, WorkerPost.SOCIAL_WORK_STATION, WorkerPost.SOCIAL_WORK_AGENCY),
                    weights=(45, 20, 20, 15),
                )[0]
                name, male, birth = self.person(1966, 2002)
                place = region
                employer: SocialOrganization | None = None
                tenant_agencies = agencies.get(region.tenant_id, [])
                if post is WorkerPost.SOCIAL_WORK_AGENCY and tenant_agencies:
                    near = [a for a in tenant_agencies if self.by_id[a.region_id].district_id == district_id]
                    employer = self.rng.choice(near or tenant_agencies)
                    place = self.by_id[employer.region_id]
                elif post is WorkerPost.SOCIAL_WORK_AGENCY:
                    post = WorkerPost.SOCIAL_WORK_STATION
                if post is WorkerPost.SOCIAL_WORK_STATION:
                    if street is None:
                        post = WorkerPost.SOCIAL_WORK_ROOM
                    else:
                        place = street
                community_worker = post is WorkerPost.COMMUNITY or (
                    post is WorkerPost.SOCIAL_WORK_ROOM and self.rng.random() < 0.5
                )
                # the ID number's fields are filled by seal() below: a table model checks nothing when built,
                # but the pydantic plugin's __init__ requires every field
                rows.append((SocialWorker(  # type: ignore[call-arg]
                    tenant_id=region.tenant_id,
                    region_id=stored_id(place),
                    name=name,
                    certificate_level=levels.pop(),
                    post=post,
                    is_community_worker=community_worker,
                    is_full_time=self.rng.random() < 0.9,
                    organization_id=employer.id if employer else None,
                ), self.person_id(region, birth, male, 0.9), self.phone() if self.rng.random() < 0.85 else None))
        return [self.seal(row, id_number, phone) for row, id_number, phone in rows]

    def fund_hosts(self, fund_streets: list[Region]) -> dict[int, list[SocialOrganization]]:
        """Public-fundraising charities per tenant; one is added where the budget left none."""
        hosts: dict[int, list[SocialOrganization]] = defaultdict(list)
        for org in self.orgs:
            if org.org_type is OrgType.CHARITY_ORGANIZATION and org.public_fundraising:
                hosts[org.tenant_id].append(org)
        for street in fund_streets:
            if not hosts.get(street.tenant_id):
                home = next(c for c in self.communities if c.street_id == street.id)
                hosts[street.tenant_id].append(self.organization(OrgType.CHARITY_ORGANIZATION, home, public=True))
        return hosts

    def funds(self, fund_streets: list[Region], hosts: dict[int, list[SocialOrganization]]) -> list[CommunityFund]:
        rows = []
        for street in fund_streets:
            candidates = hosts[street.tenant_id]
            near = [h for h in candidates if self.by_id[h.region_id].district_id == street.district_id]
            host = self.rng.choice(near or candidates)
            rows.append(CommunityFund(
                tenant_id=street.tenant_id,
                region_id=stored_id(street),
                name=f"{host.name}{street.name}社区基金",
                host_organization_id=stored_id(host),
                established_on=self.day(dt.date(2020, 1, 1), dt.date(2024, 6, 30)),
            ))
        return rows

    def donations(self, funds: list[CommunityFund]) -> list[Donation]:
        rng = self.rng
        org_names: dict[int, list[str]] = defaultdict(list)
        for org in self.orgs:
            org_names[org.tenant_id].append(org.name)
        rows = []
        for fund in funds:
            street = self.by_id[fund.region_id]
            district = self.ancestor(street, Tier.DISTRICT, Tier.CITY)
            city = self.city_name(street)
            communities = [c for c in self.communities if c.street_id == street.id]
            start = max(FIRST_DAY, fund.established_on or FIRST_DAY)
            for _ in range(rng.randint(6, 24)):
                kind = rng.choices(
                    (DonorKind.RESIDENT, DonorKind.ENTERPRISE, DonorKind.STATIONED_UNIT, DonorKind.SOCIAL_ORGANIZATION, DonorKind.GOVERNMENT),
                    weights=(45, 25, 15, 10, 5),
                )[0]
                if kind is DonorKind.RESIDENT:
                    donor, yuan = self.fake.name(), rng.choice(RESIDENT_GIFTS)
                elif kind is DonorKind.ENTERPRISE:
                    donor, yuan = self.fake.company(), rng.randint(20, 2000) * 100
                elif kind is DonorKind.STATIONED_UNIT:
                    donor = rng.choice((
                        f"{district.name}人民医院", f"{street.name}派出所", f"{district.name}实验小学",
                        f"国网{city}供电公司{district.name}供电分公司", f"中国银行{city}{street.name}支行",
                        f"{district.name}税务局", f"{city}第{rng.randint(1, 40)}中学",
                    ))
                    yuan = rng.randint(10, 500) * 100
                elif kind is DonorKind.SOCIAL_ORGANIZATION:
                    donor, yuan = rng.choice(org_names[fund.tenant_id]), rng.randint(5, 200) * 100
                else:
                    donor = f"{district.name}民政局（{rng.choice(('福彩公益金', '政府购买服务'))}）"
                    yuan = rng.randint(20, 300) * 1000
                in_kind = kind is not DonorKind.GOVERNMENT and rng.random() < 0.2
                template, low, high, n_low, n_high = rng.choice(IN_KIND)
                units = rng.randint(n_low, n_high)
                value_fen = units * rng.randint(low, high) * 100
                place = rng.choice(communities) if communities and rng.random() < 0.3 else street
                rows.append(Donation(
                    tenant_id=fund.tenant_id,
                    region_id=stored_id(place),
                    fund_id=fund.id,
                    donor_name=donor,
                    donor_kind=kind,
                    form=DonationForm.IN_KIND if in_kind else DonationForm.MONEY,
                    amount_fen=0 if in_kind else yuan * 100,
                    in_kind_description=template.format(n=units) if in_kind else None,
                    in_kind_value_fen=value_fen if in_kind else None,
                    donated_on=self.day(start, LAST_DAY),
                ))
        return rows

    def years(self) -> list[tuple[int, dt.date, dt.date]]:
        """The previous and the current year: (year, first day, last day not after today)."""
        this = self.today.year
        return [(this - 1, dt.date(this - 1, 1, 1), dt.date(this - 1, 12, 31)), (this, dt.date(this, 1, 1), self.today)]

    def activities(self) -> list[Activity]:
        """A few dozen activities per community over the two years (fewer so far this year), about
        one in eight held at its street; some with an organizer from the community or the street."""
        rng = self.rng
        local_orgs: dict[int | None, list[SocialOrganization]] = defaultdict(list)
        for org in self.orgs:
            local_orgs[org.region_id].append(org)
        weights = [weight for _, weight, _, _ in ACTIVITY_KINDS]
        rows = []
        for community in self.communities:
            street = self.by_id.get(community.street_id)
            organizers = local_orgs.get(community.id, []) + (local_orgs.get(street.id, []) if street else [])
            for _, first, last in self.years():
                share = ((last - first).days + 1) / ((dt.date(first.year, 12, 31) - first).days + 1)
                for _ in range(round(rng.randint(10, 24) * share)):
                    category, _, themes, (low, mode, high) = rng.choices(ACTIVITY_KINDS, weights=weights)[0]
                    place = street if street is not None and rng.random() < 0.12 else community
                    organizer = rng.choice(organizers) if organizers and rng.random() < 0.35 else None
                    rows.append(Activity(
                        tenant_id=community.tenant_id,
                        region_id=stored_id(place),
                        title=place.name + rng.choice(themes),
                        held_on=first + dt.timedelta(days=rng.randint(0, (last - first).days)),
                        category=category,
                        organization_id=organizer.id if organizer else None,
                        person_times=int(rng.triangular(low, high, mode)) * (2 if place is street else 1),
                    ))
        return rows

    def service_records(self, volunteers: list[Volunteer], activities: list[Activity]) -> list[ServiceRecord]:
        """The ledger: about half of the registered volunteers served this year, most of those and a
        few others last year, one to five times a year; most entries are at an activity of their community or its street."""
        rng = self.rng
        held: dict[tuple[int | None, int], list[Activity]] = defaultdict(list)
        for activity in activities:
            held[(activity.region_id, activity.held_on.year)].append(activity)
        rows = []
        busy: dict[tuple[int, dt.date], int] = defaultdict(int)  # the minutes of a volunteer's day taken
        for volunteer in volunteers:
            since = volunteer.registered_on
            if not volunteer.real_name_registered or since is None:
                continue
            community = self.by_id[volunteer.region_id]
            active_now = rng.random() < 0.5
            active_before = rng.random() < (0.5 if active_now else 0.15)
            for (year, first, last), active, most in zip(self.years(), (active_before, active_now), (4, 5), strict=True):
                first = max(first, since)
                if not active or first > last:
                    continue
                nearby = [a for a in held.get((community.id, year), []) + held.get((community.street_id, year), [])
                          if first <= a.held_on]
                for _ in range(rng.randint(1, most)):
                    attended = rng.choice(nearby) if nearby and rng.random() < 0.65 else None
                    served_on = attended.held_on if attended else first + dt.timedelta(days=rng.randint(0, (last - first).days))
                    minutes = rng.choice(SERVED_MINUTES)
                    note = None if attended or rng.random() < 0.4 else rng.choice(SERVICE_NOTES)
                    day = (stored_id(volunteer), served_on)
                    if busy[day] + minutes > 16 * 60:  # from 08:00, the day would run past midnight
                        continue
                    busy[day] += minutes
                    rows.append(ServiceRecord(
                        tenant_id=volunteer.tenant_id,
                        region_id=volunteer.region_id,
                        volunteer_id=stored_id(volunteer),
                        activity_id=attended.id if attended else None,
                        served_on=served_on,
                        start_minute=8 * 60 + busy[day] - minutes,  # one after the other, without overlaps
                        minutes=minutes,
                        description=note,
                    ))
        return rows


async def _has_element_rows(session: AsyncSession) -> bool:
    for table in ELEMENT_TABLES:
        if (await session.exec(select(col(table.id)).limit(1))).first() is not None:
            return True
    return False


async def fill_demo_data(
    platform: Platform,
    *,
    seed: int = 2026,
    volunteers: int = 4000,
    organizations: int = 600,
    workers: int = 900,
) -> DemoReport:
    """Fill an initialised platform's database with a synthetic, seed-determined data set.

    ``volunteers``, ``organizations`` and ``workers`` are totals over the communities of all
    tenants, weighted by resident population (a tenant without communities gets none). Profiles,
    teams, funds, donations, activities and service records follow from the seed. Adds nothing if five-element rows exist.
    """
    started = time.perf_counter()
    async with db.transaction(platform.sessions) as session, summary.deferred(session):
        if await _has_element_rows(session):
            return DemoReport(added=False, message="the database already holds five-element data; nothing added")
        if platform.keyring is None:
            await platform.load_data_key()
        build = _Builder(session, list((await session.exec(select(Region))).all()), seed, platform.keyring)
        if not build.communities:
            return DemoReport(added=False, message="no community regions to fill; nothing added")
        report = build.report

        build.populations()
        shares = [c.resident_population or 0 for c in build.communities]
        with_communities = {c.street_id for c in build.communities}
        streets = [r for r in build.regions if r.tier is Tier.STREET and r.id in with_communities]
        fund_streets = [s for s in streets if build.rng.random() < 0.6]

        profiles = build.profiles()
        await build.save(profiles)
        build.plan_organizations(organizations, streets, fund_streets, shares)
        hosts = build.fund_hosts(fund_streets)  # adds a host only when the budget had no room
        await build.save(build.orgs)
        funds = build.funds(fund_streets, hosts)
        await build.save(funds)
        teams = build.teams()
        await build.save([t for group in teams.values() for t in group])
        volunteer_rows = build.volunteers(_apportion(volunteers, shares), teams)
        await build.save(volunteer_rows)
        worker_rows = build.workers(_apportion(workers, shares))
        await build.save(worker_rows)
        donation_rows = build.donations(funds)
        await build.save(donation_rows)
        activity_rows = build.activities()
        await build.save(activity_rows)
        record_rows = build.service_records(volunteer_rows, activity_rows)
        await build.save(record_rows)
        build.dates(profiles, volunteer_rows, worker_rows, record_rows)
        await session.flush()

        report.community_profiles = len(profiles)
        report.organizations = len(build.orgs)
        report.community_funds = len(funds)
        report.volunteer_teams = sum(len(group) for group in teams.values())
        report.volunteers = len(volunteer_rows)
        report.social_workers = len(worker_rows)
        report.donations = len(donation_rows)
        report.activities = len(activity_rows)
        report.service_records = len(record_rows)
        report.message = f"demo data added (seed {seed})"
    report.seconds = round(time.perf_counter() - started, 3)
    return report
