"""Importing baselines (``wushe import baselines``): each row checked as ``setBaseline`` checks one,
all stored or none, audited as ``setBaseline`` is, a second run unchanged, a changed value updated;
and the target "慈善组织较2020年末翻一番" then computed through GraphQL from the imported count."""

import datetime as dt
import io

import openpyxl
from sqlmodel import col, select

from core import imports
from core.db import transaction
from core.models import IndicatorBaseline, OrgType, Region, Registration, SocialOrganization
from core.testing import graphql, user_with_role
from tests.imports.helpers import count, csv_bytes, events, principal, xlsx

HEADER = ("区域", "指标", "年份", "数值", "来源")
BULLETIN = "重庆市民政事业发展统计公报（2020年）"
YEARBOOK = "黔江统计年鉴2021"
GOOD = [
    HEADER,
    ("chongqing", "charity_organizations", 2020, 2, BULLETIN),
    ("黔江区", "慈善组织数", 2020, "1.5", YEARBOOK),              # a region by its name, an indicator by its label
    ("500114", "charity_organizations", 2019, 1, YEARBOOK),       # a region by its division code (黔江区)
]
STATUS = """query($p: String!) { region(path: $p) { targetStatus {
  key status met value baselineYear baseline baselineSource } } }"""


async def run(platform, data, *, filename="基数.xlsx", who=None, tenant="chongqing", **options):
    return await imports.run(platform.sessions, who or await principal(platform), "baselines", data,
                             filename=filename, tenant=tenant, registry=platform.registry, **options)


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


async def stored(platform) -> list[tuple[str, str, int, str, str, str]]:
    async with platform.sessions() as session:
        rows = (await session.exec(select(IndicatorBaseline, Region.path).join(Region)
                                   .order_by(col(Region.path), col(IndicatorBaseline.year)))).all()
    return [(path, b.indicator, b.year, format(b.value.normalize(), "f"), b.source, b.set_by) for b, path in rows]


async def charities(platform, path: str, number: int) -> None:
    async with transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == path))).one()
        session.add_all([SocialOrganization(tenant_id=region.tenant_id, region_id=region.id, name=f"慈善组织{i}",
                                            org_type=OrgType.CHARITY_ORGANIZATION, registration=Registration.FILED,
                                            valid_from=dt.date(2024, 5, 1))
                         for i in range(number)])


async def growth(client, token, path):
    body = await graphql(client, STATUS, {"p": path}, token=token)
    assert "errors" not in body, body
    return next(t for t in body["data"]["region"]["targetStatus"] if t["key"] == "charity_organizations_growth")


async def test_a_workbook_of_baselines_is_stored_and_doubling_since_2020_is_computed(
        platform, client, admin_token, monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2025-06-01")  # before the target's deadline: judged on today's data
    await charities(platform, "chongqing/qianjiang", 3)
    assert (await growth(client, admin_token, "chongqing"))["status"] == "no_data"

    dry = await run(platform, xlsx(GOOD), dry_run=True)
    assert (dry.errors, dry.created) == ([], 3)
    assert await stored(platform) == [] and await events(platform, "baseline.set") == []

    result = await run(platform, xlsx(GOOD))
    assert (result.errors, result.rows, result.created, result.updated, result.unchanged) == ([], 3, 3, 0, 0)
    assert await stored(platform) == [
        ("chongqing", "charity_organizations", 2020, "2", BULLETIN, "admin"),
        ("chongqing/qianjiang", "charity_organizations", 2019, "1", YEARBOOK, "admin"),
        ("chongqing/qianjiang", "charity_organizations", 2020, "1.5", YEARBOOK, "admin"),
    ]
    # audited as setBaseline audits each one, plus the import itself
    assert sorted(e.target for e in await events(platform, "baseline.set")) == [
        "chongqing/qianjiang:charity_organizations:2019", "chongqing/qianjiang:charity_organizations:2020",
        "chongqing:charity_organizations:2020"]
    (imported,) = await events(platform, "import.baselines")
    assert imported.after["created"] == 3

    # "慈善组织总数较‘十三五’末翻一番": 3 now / 2 at the end of 2020
    judged = await growth(client, admin_token, "chongqing")
    assert (judged["status"], judged["value"], judged["baseline"], judged["baselineYear"],
            judged["baselineSource"]) == ("not_met", 1.5, 2.0, 2020, BULLETIN)
    await charities(platform, "chongqing/qianjiang", 1)
    judged = await growth(client, admin_token, "chongqing")
    assert (judged["status"], judged["met"], judged["value"]) == ("met", True, 2.0)

    # the same file again: every row unchanged, nothing written, nothing audited but the import
    again = await run(platform, xlsx(GOOD))
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 3)
    assert len(await events(platform, "baseline.set")) == 3

    # a corrected value (and a source with it) updates that baseline only, audited with the value before
    corrected = [HEADER, ("chongqing", "charity_organizations", 2020, 4, BULLETIN + "（更正）"), *GOOD[2:]]
    changed = await run(platform, xlsx(corrected))
    assert (changed.errors, changed.created, changed.updated, changed.unchanged) == ([], 0, 1, 2)
    last = (await events(platform, "baseline.set"))[-1]
    assert (last.target, last.before["value"], last.after["value"]) == ("chongqing:charity_organizations:2020", "2", "4")
    assert (await growth(client, admin_token, "chongqing"))["status"] == "not_met"


async def test_every_bad_row_is_listed_and_nothing_is_stored(platform, monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2025-06-01")
    rows = [
        HEADER,
        ("chongqing", "charity_organizations", 2020, 2, BULLETIN),                  # row 2: good
        ("chongqing", "charity_orgs", 2020, 2, BULLETIN),                           # row 3: no such indicator
        ("chongqing", "charity_organizations_growth", 2020, 2, BULLETIN),          # row 4: a growth has no baseline
        ("chongqing", "charity_organizations", 2025, 2, BULLETIN),                  # row 5: this year
        ("chongqing", "charity_organizations", 2019, "-1", BULLETIN),               # row 6: not > 0
        ("chongqing", "charity_organizations", 2018, "两家", BULLETIN),             # row 7: not a number
        ("chongqing", "charity_organizations", 2017, "1.1234567", BULLETIN),        # row 8: 7 decimals
        ("chongqing", "charity_organizations", 2016, 3, "  "),                      # row 9: no source
        ("chongqing/nowhere", "charity_organizations", 2020, 2, BULLETIN),          # row 10: no region
        ("重庆市", "charity_organizations", 2020, 5, BULLETIN),                     # row 11: row 2 again, by name
        ("chongqing", "charity_organizations", "二〇二〇", None, BULLETIN),          # row 12: unreadable, empty
    ]
    result = await run(platform, xlsx(rows))
    assert result.created == result.updated == result.unchanged == 0
    assert errors_of(result) == {
        (3, "指标"): "没有指标“charity_orgs”（写指标代码或中文名称）",
        (4, "指标"): "指标“charity_organizations_growth”不是由平台数据计算的，它的基数无从比较",
        (5, "年份"): "应为2000年至2024年：基数是某年年末的数值，不能是今年或将来",
        (6, "数值"): "应为大于0的数：增长按它的倍数计算",
        (7, "数值"): "“两家”不是数字",
        (8, "数值"): "整数部分最多18位，小数最多6位",
        (9, "来源"): "必填",
        (10, "区域"): "找不到区域“chongqing/nowhere”（或不在您的权限范围内）",
        (11, "区域"): "与第2行重复（同一区域、指标和年份只能有一行）",
        (12, "年份"): "“二〇二〇”不是整数",
        (12, "数值"): "必填",
    }
    assert await stored(platform) == []
    assert await events(platform, "baseline.set") == [] and await events(platform, "import.baselines") == []


async def test_setting_baselines_by_file_needs_indicator_update_at_each_region(platform, client, admin_token):
    await user_with_role(platform, client, admin_token, "cq_bureau", "chongqing", "district_bureau",
                         "chongqing/qianjiang")
    bureau = await principal(platform, "cq_bureau")
    rows = [HEADER, ("chongqing/qianjiang", "charity_organizations", 2020, 1, YEARBOOK),
            ("chongqing", "charity_organizations", 2020, 2, BULLETIN)]
    refused = await run(platform, xlsx(rows), who=bureau, tenant=None)
    assert errors_of(refused) == {
        (2, "区域"): "您无权在“chongqing/qianjiang”修改指标基数",   # it reads the district, may not set its baselines
        (3, "区域"): "找不到区域“chongqing”（或不在您的权限范围内）",  # above its district: not even seen
    }
    assert await count(platform, IndicatorBaseline) == 0
    # the tenant's administrator (every core permission, at the root) may, in its own tenant
    await user_with_role(platform, client, admin_token, "cq_admin", "chongqing", "tenant_admin", "chongqing")
    allowed = await run(platform, xlsx(rows), who=await principal(platform, "cq_admin"), tenant=None)
    assert (allowed.errors, allowed.created) == ([], 2)
    assert {row[-1] for row in await stored(platform)} == {"cq_admin"}


async def test_a_gb18030_csv_and_the_http_upload(platform, client, admin_token):
    auth = {"Authorization": f"Bearer {admin_token}"}
    data = csv_bytes([("区划代码", "指标名称", "基数年份", "基数", "数据来源"),
                      ("500114", "慈善组织数", "2020", "1,200", YEARBOOK)], "gb18030")
    upload = {"file": ("基数.csv", data, "text/csv")}
    response = await client.post("/import/baselines?tenant=chongqing", files=upload, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json() == {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "dryRun": False, "errors": []}
    assert await stored(platform) == [("chongqing/qianjiang", "charity_organizations", 2020, "1200", YEARBOOK, "admin")]
    again = await client.post("/import/baselines?tenant=chongqing", files=upload, headers=auth)
    assert again.json()["unchanged"] == 1
    bad = csv_bytes([HEADER, ("500114", "慈善组织数", "2020", "0", YEARBOOK)], "gb18030")
    refused = await client.post("/import/baselines?tenant=chongqing", files={"file": ("b.csv", bad, "text/csv")},
                                headers=auth)
    assert (refused.status_code, refused.json()["errors"]) == (
        422, [{"row": 2, "column": "数值", "reason": "应为大于0的数：增长按它的倍数计算"}])

    template = await client.get("/import/baselines/template.xlsx", headers=auth)
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content), read_only=True)
    assert next(book.worksheets[0].iter_rows(values_only=True)) == HEADER
    assert book.sheetnames == ["指标基数", "说明"]
