"""wushe import regions: missing streets and communities added below their parents (parents first,
whatever the file's order), facts set through the regions service, a second run unchanged."""

from sqlmodel import select

from core import imports
from core.models import Region
from core.tree.tiers import CommunityKind, Tier
from tests.imports.helpers import STREET, principal, xlsx

HEADER = ("区域路径", "名称", "层级", "类型", "常住人口", "城镇人口", "人口年份")


async def run(platform, data, who=None):
    return await imports.run(platform.sessions, who or await principal(platform), "regions", data,
                             filename="区域.xlsx", tenant="chongqing")


async def test_missing_regions_are_added_parents_first_and_a_second_run_changes_nothing(platform):
    rows = [HEADER,
            ("qianjiang/xinhua/xinmin", "新民社区", "社区", None, None, None, None),   # its street comes later
            ("chongqing/qianjiang/xinhua", "新华街道", "街道", None, None, None, None)]
    result = await run(platform, xlsx(rows))
    assert (result.errors, result.created) == ([], 2)
    async with platform.sessions() as session:
        community = (await session.exec(select(Region).where(Region.path == "chongqing/qianjiang/xinhua/xinmin"))).one()
    assert (community.name, community.tier) == ("新民社区", Tier.COMMUNITY)
    again = await run(platform, xlsx(rows))
    assert (again.errors, again.created, again.unchanged) == ([], 0, 2)


async def test_bad_rows_are_listed_and_nothing_is_added(platform):
    rows = [HEADER,
            (f"{STREET}/xinmin", "新民社区", "社区", None, None, None, None),          # fine on its own
            (f"{STREET}/chaoyang", "朝阳村", None, None, None, None, None),              # renames a stored one
            ("chongqing/qianjiang/zhengyang/x/y", "某社区", "社区", None, None, None, None),  # no parent x
            (f"{STREET}/z", None, "街道", None, None, None, None),                       # no name; a street under a street
            (f"{STREET}/w", "某处", "乡", None, None, None, None)]
    result = await run(platform, xlsx(rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(3, "名称")] == f"“{STREET}/chaoyang”的名称是“朝阳社区”；导入不能改区域名称"
    assert reasons[(4, "区域路径")] == "找不到区域“chongqing/qianjiang/zhengyang/x”（或不在您的权限范围内）"
    assert reasons[(5, "名称")] == "新增区域须填写名称"
    assert reasons[(6, "层级")].startswith("“乡”不是可选值")
    async with platform.sessions() as session:
        assert (await session.exec(select(Region).where(Region.path == f"{STREET}/xinmin"))).first() is None


async def test_populations_and_kind_through_the_regions_service(platform):
    rows = [HEADER, (f"{STREET}/chaoyang", "朝阳社区", "社区", "城市社区", 8600, 8000, 2020)]
    result = await run(platform, xlsx(rows))
    assert (result.errors, result.updated) == ([], 1)
    async with platform.sessions() as session:
        region = (await session.exec(select(Region).where(Region.path == f"{STREET}/chaoyang"))).one()
    assert (region.kind, region.resident_population, region.urban_population) == (CommunityKind.URBAN, 8600, 8000)
    again = await run(platform, xlsx(rows))
    assert (again.errors, again.unchanged) == ([], 1)
