"""Exports for the offices: rollups and targets as CSV and XLSX, over HTTP and from the CLI."""

import csv
import datetime as dt
import io
import os
import subprocess
from urllib.parse import unquote

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import col, func, select

from core.access.grants import Principal
from core.demo.data import fill_demo_data
from core.documents.rules import enabled_plugins
from core.documents.targets import Role
from core.indicators import reports
from core.indicators.evaluate import evaluate_at, evaluate_rows
from core.indicators.rollup import pick, rollup
from core.models import Region, SocialWorker, Tenant, Volunteer
from core.testing import create_role, user_with_role
from core.testing.databases import filled, initialise
from core.tree.tiers import Tier
from tests import shell

YEAR = 2026
DISTRICT = "panjin/shuangtaizi"
STREET = "chongqing/qianjiang/zhengyang"
INDICATORS = "registered_volunteers,volunteer_share,community_workers_per_10k_urban"
HEADERS = ["地区", "路径", "实名注册志愿者数", "注册志愿者占常住人口比例", "每万城镇常住人口社区工作者数"]
ROLLUP = {"under": DISTRICT, "by": "street", "indicators": INDICATORS, "year": str(YEAR)}


@pytest.fixture
async def demo(platform):
    await filled(platform, fill_demo_data)
    return platform


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def parse_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def percent(numerator: float, denominator: float) -> str:
    return f"{numerator * 100 / denominator:.2f}%"


async def region_at(platform, path: str) -> Region:
    async with platform.sessions() as session:
        return (await session.exec(select(Region).where(Region.path == path))).one()


async def streets_under(platform, path: str) -> dict[str, str]:
    """path → name of the streets under ``path``, straight from the region table."""
    district = await region_at(platform, path)
    async with platform.sessions() as session:
        rows = (await session.exec(select(Region).where(Region.district_id == district.id,
                                                        Region.tier == Tier.STREET))).all()
    return {r.path: r.name for r in rows}


async def registered_by_street(platform, path: str) -> dict[str, int]:
    """Real-name registered volunteers per street path, counted in the volunteer table itself."""
    district = await region_at(platform, path)
    street = sa.orm.aliased(Region)
    async with platform.sessions() as session:
        rows = (await session.exec(
            select(street.path, func.count())
            .select_from(Volunteer)
            .join(Region, col(Volunteer.region_id) == Region.id)
            .join(street, street.id == Region.street_id)
            .where(Region.district_id == district.id, col(Volunteer.real_name_registered))
            .group_by(street.path)
        )).all()
    return dict(rows)


async def residents_under(platform, path: str) -> int:
    district = await region_at(platform, path)
    async with platform.sessions() as session:
        return int((await session.exec(
            select(func.sum(Region.resident_population))
            .where(Region.district_id == district.id, Region.tier == Tier.COMMUNITY)
        )).one())


# --- rollup -----------------------------------------------------------------------------------


async def test_rollup_csv_has_a_row_per_street_and_a_total_that_is_the_sum(demo, client, admin_token):
    response = await client.get("/exports/rollup.csv", params=ROLLUP, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="rollup-panjin-shuangtaizi-street-2026.csv"')
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == "双台子区按街道（乡镇）汇总（2026年）.csv"

    header, *rows = parse_csv(response.content)
    assert header == HEADERS
    *streets, total = rows
    expected_streets = await streets_under(demo, DISTRICT)
    assert len(expected_streets) == 7
    assert {r[1]: r[0] for r in streets} == expected_streets
    assert total[:2] == ["合计", DISTRICT]

    registered = await registered_by_street(demo, DISTRICT)
    assert {r[1]: int(r[2]) for r in streets} == {p: registered.get(p, 0) for p in expected_streets}
    assert int(total[2]) == sum(int(r[2]) for r in streets) == sum(registered.values()) > 0
    assert total[3] == percent(sum(registered.values()), await residents_under(demo, DISTRICT))
    assert all(r[3].endswith("%") for r in rows)


async def test_rollup_xlsx_has_numbers_percentages_and_a_frozen_bold_header(demo, client, admin_token):
    response = await client.get("/exports/rollup.xlsx", params=ROLLUP, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="rollup-panjin-shuangtaizi-street-2026.xlsx"' in response.headers["content-disposition"]

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "双台子区" in sheet["A1"].value and "2026" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header == HEADERS
    assert all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "B3"
    assert all(sheet.column_dimensions[letter].width >= 8 for letter in "ABCDE")

    rows = [list(row) for row in sheet.iter_rows(min_row=3)]
    *streets, total = rows
    assert total[0].value == "合计" and total[0].font.b
    assert len(streets) == len(await streets_under(demo, DISTRICT))
    assert all(isinstance(r[2].value, int) for r in rows)
    assert all(isinstance(r[3].value, float) and r[3].number_format.endswith("%") for r in rows)
    assert total[2].value == sum(r[2].value for r in streets)

    # the same numbers as the Python API, unrounded
    async with demo.sessions() as session:
        district = await region_at(demo, DISTRICT)
        result = await rollup(session.exec, district, Tier.STREET, pick(demo.registry, INDICATORS.split(",")), YEAR)
    for row, group in zip(rows, [*result.rows, result.total], strict=True):
        assert row[1].value == group.path
        for cell, value in zip(row[2:], result.values(group), strict=True):
            assert cell.value == (None if value.value is None else pytest.approx(value.value))


async def test_rollup_with_targets_says_per_street_whether_they_are_met(demo, client, admin_token):
    params = {**ROLLUP, "indicators": "sessions", "targets": "true"}
    response = await client.get("/exports/rollup.csv", params=params, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    header, *rows = parse_csv(response.content)
    assert header == ["地区", "路径", "服务场次", "服务场次·目标", "服务场次·是否达标"]
    district = await region_at(demo, DISTRICT)
    async with demo.sessions() as session:
        communities = dict((await session.exec(
            select(Region.street_id, func.count()).where(Region.district_id == district.id, Region.tier == Tier.COMMUNITY)
            .group_by(Region.street_id)
        )).all())
        streets = {r.path: r.id for r in (await session.exec(select(Region).where(Region.district_id == district.id))).all()}
        tenant = await session.get(Tenant, district.tenant_id)
        result = await rollup(session.exec, district, Tier.STREET, pick(demo.registry, ["sessions"]), YEAR)
        statuses = await evaluate_rows(session.exec, demo.registry, await enabled_plugins(session, tenant), district, result)
    *per_street, total = rows
    assert len(per_street) == len(result.rows)
    for (_name, path, sessions, target, met), group in zip(per_street, result.rows, strict=True):
        assert path == group.path and int(sessions) == result.values(group)[0].value
        assert target == "每个社区≥48"  # panjin: 48 activities a year in every community
        [status] = statuses[group.region_id]
        word = "达标" if status.met else "未达标"
        assert met == f"{word}（{status.communities_meeting}/{communities[streets[path]]}个社区）"
    assert total[4].endswith(f"/{sum(communities.values())}个社区）")
    assert int(total[2]) == sum(int(r[2]) for r in per_street)


async def test_other_row_holds_what_sits_above_the_tier_grouped_by(demo, client, admin_token):
    """Station social workers sit at streets: in a rollup by community they are the 其他 row."""
    params = {"under": "panjin/dawa", "by": "community", "indicators": "social_work_professionals", "year": str(YEAR)}
    response = await client.get("/exports/rollup.csv", params=params, headers=bearer(admin_token))
    _, *rows = parse_csv(response.content)
    *communities, total = rows
    [other] = [r for r in communities if r[0].startswith("其他")]
    assert other[:2] == ["其他（不属任何社区或村）", "panjin/dawa"]
    district = await region_at(demo, "panjin/dawa")
    async with demo.sessions() as session:
        by_tier = dict((await session.exec(
            select(Region.tier, func.count()).select_from(SocialWorker)
            .join(Region, col(SocialWorker.region_id) == Region.id)
            .where(Region.district_id == district.id)
            .group_by(Region.tier)
        )).all())
    above = sum(n for tier, n in by_tier.items() if Tier(tier) != Tier.COMMUNITY)
    assert int(other[2]) == above > 0
    assert int(total[2]) == sum(int(r[2]) for r in communities) == sum(by_tier.values())


# --- targets ----------------------------------------------------------------------------------


async def test_targets_csv_and_xlsx_match_the_evaluation(demo, client, admin_token):
    region = await region_at(demo, STREET)
    async with demo.sessions() as session:
        tenant = await session.get(Tenant, region.tenant_id)
        statuses = await evaluate_at(session.exec, demo.registry, region, await enabled_plugins(session, tenant), YEAR)
    assert statuses

    csv_response = await client.get("/exports/targets.csv", params={"region": STREET, "year": YEAR}, headers=bearer(admin_token))
    assert csv_response.status_code == 200, csv_response.text
    header, *rows = parse_csv(csv_response.content)
    assert header[:9] == ["目标", "指标", "考核方式", "社区类型", "比较", "阈值", "单位", "当前值", "是否达标"]
    assert {"截止日期", "剩余天数", "达标社区数", "社区数", "未达标社区", "适用范围", "来源"} <= set(header)
    column = {name: i for i, name in enumerate(header)}
    assert len(rows) == len(statuses)
    for row, status in zip(rows, statuses, strict=True):
        assert row[column["目标"]] == status.target.label
        assert row[column["指标"]] == status.indicator.label
        if status.role is Role.CONTEXT:  # an ancestor's target: where it is judged, never met or not here
            assert row[column["是否达标"]] == f"参考（考核地区：{status.judged_at}）"
            assert row[column["本级角色"]] == "上级目标（参考）" and row[column["考核地区"]] == status.judged_at
        else:
            assert row[column["是否达标"]] == {True: "达标", False: "未达标", None: "无数据"}[status.met]
        assert row[column["截止日期"]] == status.deadline.isoformat()
        assert row[column["来源"]] == status.target.source
        assert row[column["适用范围"]] == status.applied.scope
        if status.communities is not None:
            assert int(row[column["社区数"]]) == status.communities
            assert row[column["未达标社区"]] == "、".join(f.name for f in status.failing)
    share = next(r for r in rows if r[column["指标"]] == "注册志愿者占常住人口比例")
    assert share[column["阈值"]] == "22.00%" and share[column["社区数"]] == "5"

    xlsx_response = await client.get("/exports/targets.xlsx", params={"region": STREET, "year": YEAR}, headers=bearer(admin_token))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c.value for c in sheet[2]] == header
    cells = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(cells) == len(statuses)
    for row, status in zip(cells, statuses, strict=True):
        assert row[column["截止日期"]].date() == status.deadline
        assert row[column["剩余天数"]] == status.days_left
        if status.value.value is not None:
            assert row[column["当前值"]] == pytest.approx(status.value.value)


# --- errors and permissions -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/exports/rollup.csv", "/exports/rollup.xlsx", "/exports/targets.csv", "/exports/targets.xlsx"])
async def test_no_token_or_a_bad_one_gets_401(client, path):
    params = {**ROLLUP, "region": STREET}
    assert (await client.get(path, params=params)).status_code == 401
    assert (await client.get(path, params=params, headers=bearer("not-a-token"))).status_code == 401


async def test_bad_input_gets_400_naming_the_field(client, admin_token):
    cases = [
        ({"indicators": "registered_volunteers,no_such_thing"}, "indicators", "no_such_thing"),
        ({"indicators": ""}, "indicators", "at least one"),
        ({"by": "district"}, "by", "below district"),
        ({"by": "county"}, "by", "not a tier"),
        ({"year": "1999"}, "year", "between"),
        ({"year": "next"}, "year", "not a year"),
        ({"kind": "suburban"}, "kind", "urban or rural"),
        ({"targets": "maybe"}, "targets", "true or false"),
        ({"under": ""}, "under", "path"),
    ]
    for change, field, words in cases:
        response = await client.get("/exports/rollup.csv", params={**ROLLUP, **change}, headers=bearer(admin_token))
        assert response.status_code == 400, (change, response.text)
        [error] = response.json()["errors"]
        assert error["field"] == field and words in error["message"], (change, error)
    missing = await client.get("/exports/targets.xlsx", headers=bearer(admin_token))
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "region"
    nowhere = await client.get("/exports/rollup.csv", params={**ROLLUP, "under": "panjin/nowhere"}, headers=bearer(admin_token))
    assert nowhere.status_code == 404 and nowhere.json()["errors"][0]["field"] == "under"


async def test_permissions_decide_who_downloads_what(platform, client, admin_token):
    assert (await create_role(client, admin_token, "map_reader", "DISTRICT", ["region:read"], tenant="panjin"))["errors"] == []
    assert (await create_role(client, admin_token, "analyst", "DISTRICT", ["region:read", "indicator:read"],
                              tenant="panjin"))["errors"] == []
    no_indicators = await user_with_role(platform, client, admin_token, "map.reader", "panjin", "map_reader", DISTRICT)
    analyst = await user_with_role(platform, client, admin_token, "analyst.one", "panjin", "analyst", DISTRICT)

    refused = await client.get("/exports/rollup.xlsx", params=ROLLUP, headers=bearer(no_indicators))
    assert refused.status_code == 403
    assert refused.json()["errors"] == [{"field": "under", "code": "forbidden",
                                         "message": "you may not read indicator at 'panjin/shuangtaizi'"}]

    allowed = await client.get("/exports/rollup.csv", params=ROLLUP, headers=bearer(analyst))
    assert allowed.status_code == 200
    with_targets = await client.get("/exports/rollup.csv", params={**ROLLUP, "targets": "1"}, headers=bearer(analyst))
    assert with_targets.status_code == 403 and "target" in with_targets.json()["errors"][0]["message"]
    targets = await client.get("/exports/targets.csv", params={"region": DISTRICT}, headers=bearer(analyst))
    assert targets.status_code == 403 and targets.json()["errors"][0]["field"] == "region"

    # above their assignment, or in another tenant: as if the region did not exist
    for under in ("panjin", STREET):
        hidden = await client.get("/exports/rollup.csv", params={**ROLLUP, "under": under, "by": "community"},
                                  headers=bearer(analyst))
        assert hidden.status_code == 404 and hidden.json()["errors"][0]["field"] == "under"


async def test_production_mode_authenticates_downloads_too(settings):
    from litestar.testing import AsyncTestClient

    from core.platform import Platform
    from core.web.app import create_app

    platform = Platform.create(settings.model_copy(update={"env": "production"}))
    await initialise(platform)
    await platform.load_signing_key()
    try:
        token = await platform.token_for("admin")
        async with AsyncTestClient(app=create_app(platform)) as client:
            assert (await client.get("/exports/rollup.csv", params=ROLLUP)).status_code == 401
            response = await client.get("/exports/rollup.csv", params=ROLLUP, headers=bearer(token))
            assert response.status_code == 200
            assert parse_csv(response.content)[0] == HEADERS
    finally:
        await platform.dispose()


# --- Python API -------------------------------------------------------------------------------


async def test_the_builders_name_the_field_and_keep_formulas_out(platform):
    from core.errors import FieldError

    admin = Principal(username="t", platform_admin=True)
    async with platform.sessions() as session:
        with pytest.raises(FieldError) as error:
            await reports.rollup_report(session, admin, platform.registry, under=DISTRICT, by="street",
                                        indicators=["volunteer_share", "nope"])
        assert error.value.field == "indicators"
        with pytest.raises(FieldError) as error:
            await reports.targets_report(session, admin, platform.registry, region=STREET, year=2101)
        assert error.value.field == "year"
    for fmt in ("pdf", "", None):
        with pytest.raises(FieldError) as error:
            reports.render(reports.Report("t", "t", "t", ["a"]), fmt)  # type: ignore[arg-type]
        assert error.value.field == "format"
    assert reports.format_for("out/report.XLSX") == "xlsx"
    with pytest.raises(FieldError, match="format"):
        reports.format_for("report.txt")

    report = reports.Report("标题", "表", "t", ["名称", "比例", "日期"],
                            [["=HYPERLINK(\"http://x\")", reports.Percent(0.5), dt.date(2026, 1, 2)]])
    assert parse_csv(reports.to_csv(report))[1] == ["'=HYPERLINK(\"http://x\")", "50.00%", "2026-01-02"]
    cell = openpyxl.load_workbook(io.BytesIO(reports.to_xlsx(report))).active["A3"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


# --- CLI ----------------------------------------------------------------------------------


def wushe(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    return shell.wushe("export", *args, env=env)


async def test_the_cli_writes_the_same_report_and_names_bad_fields(demo, client, admin_token, database_url, tmp_path):
    rollup_args = ["rollup", "--under", DISTRICT, "--by", "street", "--indicators", INDICATORS, "--year", str(YEAR)]
    written = wushe(database_url, *rollup_args, "--output", str(tmp_path / "r.csv"))
    assert written.returncode == 0, written.stderr
    assert "8 rows" in written.stdout
    downloaded = await client.get("/exports/rollup.csv", params=ROLLUP, headers=bearer(admin_token))
    assert (tmp_path / "r.csv").read_bytes() == downloaded.content

    as_xlsx = wushe(database_url, *rollup_args, "--output", str(tmp_path / "r.data"), "--format", "xlsx")
    assert as_xlsx.returncode == 0, as_xlsx.stderr
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "r.data").read_bytes())).active
    assert [c.value for c in sheet[2]] == HEADERS and sheet.max_row == 2 + 8

    targets = wushe(database_url, "targets", "--region", STREET, "--year", str(YEAR), "-o", str(tmp_path / "t.xlsx"))
    assert targets.returncode == 0, targets.stderr
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").active["A2"].value == "目标"

    for args, message in [
        (["rollup", "--under", DISTRICT, "--by", "city", "--indicators", INDICATORS, "-o", str(tmp_path / "x.csv")],
         "by: must be a tier below district"),
        (["rollup", "--under", DISTRICT, "--by", "street", "--indicators", "nope", "-o", str(tmp_path / "x.csv")],
         "indicators: unknown indicator 'nope'"),
        (["rollup", "--under", DISTRICT, "--by", "street", "--indicators", INDICATORS, "-o", str(tmp_path / "x.pdf")],
         "format: give --format"),
        (["targets", "--region", STREET, "--year", "1999", "-o", str(tmp_path / "x.csv")], "year: must be between"),
        (["targets", "--region", "nowhere", "-o", str(tmp_path / "x.csv")], "region: no region at path 'nowhere'"),
    ]:
        failed = wushe(database_url, *args)
        assert failed.returncode == 2, (args, failed.stdout)
        assert message in " ".join(failed.stderr.split()), (args, failed.stderr)
        assert not (tmp_path / "x.csv").exists()
