"""A small tenant for the placement and arithmetic tests: one district, two streets, four communities.

demo/east/a: one (100 residents, 20 volunteers), two (100 residents, 5 volunteers)
demo/east/b: three (100 residents, 15 volunteers), four (population unknown, 50 volunteers)
"""

import datetime as dt
import types
from decimal import Decimal

from sqlmodel import select

from core import RegionDecl, TargetDecl, Tier, hookimpl
from core.db import transaction
from core.models import Region, Volunteer
from core.tree.tiers import CommunityKind

VOLUNTEERS = {"one": 20, "two": 5, "three": 15, "four": 50}
POPULATION = {"one": 100, "two": 100, "three": 100, "four": None}

_U = CommunityKind.URBAN
REGIONS = [
    RegionDecl(path="demo", name="示例市", tier=Tier.CITY),
    RegionDecl(path="demo/east", name="东区", tier=Tier.DISTRICT),
    RegionDecl(path="demo/east/a", name="甲街道", tier=Tier.STREET),
    RegionDecl(path="demo/east/b", name="乙街道", tier=Tier.STREET),
    *(RegionDecl(path=f"demo/east/{street}/{code}", name=f"{code}社区", tier=Tier.COMMUNITY, kind=_U,
                 resident_population=POPULATION[code])
      for street, codes in (("a", ("one", "two")), ("b", ("three", "four"))) for code in codes),
]
_END = dt.date(2025, 12, 31)
SINCE = dt.date(2025, 3, 1)
"""The day the seeded volunteers registered: before the targets' deadline, so that a deadline judged
on the data of its day counts them."""
TARGETS = [
    TargetDecl(key="street_share", indicator="volunteer_share", label="每个街道志愿者占常住人口15%",
               applies_at=Tier.STREET, comparator=">=", threshold=Decimal("0.15"), deadline=_END, source="测试文件 一"),
    TargetDecl(key="district_total", indicator="registered_volunteers", label="东区注册志愿者100人", scope="demo/east",
               comparator=">=", threshold=Decimal(100), deadline=_END, source="测试文件 二"),
    TargetDecl(key="each_share", indicator="volunteer_share", label="每个社区志愿者占常住人口15%",
               evaluated_at="per_community", comparator=">=", threshold=Decimal("0.15"), deadline=_END,
               source="测试文件 三"),
]

DEMO = types.ModuleType("tests_targets_demo")
DEMO.PLUGIN_NAME = "targets_demo"
DEMO.plugin_scope = hookimpl(lambda: "demo")
DEMO.register_regions = hookimpl(lambda: list(REGIONS))
DEMO.register_targets = hookimpl(lambda: list(TARGETS))


async def seed(platform) -> None:
    async with transaction(platform.sessions) as session:
        for code, count in VOLUNTEERS.items():
            community = (await session.exec(select(Region).where(Region.path.endswith(f"/{code}"),
                                                                 Region.path.startswith("demo/")))).one()
            session.add_all([Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=f"志愿者{i}",
                                       real_name_registered=True, registered_on=SINCE, valid_from=SINCE)
                             for i in range(count)])
