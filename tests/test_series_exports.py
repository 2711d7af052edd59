"""Exports over several years: one group of columns per year, each equal to that year's rollup."""

import io
import os
import subprocess

import openpyxl
import pytest
from sqlmodel import select

from core import clock
from core.demo.data import fill_demo_data
from core.indicators import history
from core.indicators.rollup import pick, rollup
from core.models import Region
from core.testing.databases import filled
from core.tree.tiers import Tier
from tests import shell

DISTRICT = "panjin/shuangtaizi"
INDICATORS = "registered_volunteers,volunteer_share,volunteer_teams,sessions"
YEAR = clock.today().year
YEARS = [YEAR - 2, YEAR - 1, YEAR]


def wushe(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    return shell.wushe("export", *args, env=env)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_an_xlsx_over_three_years_has_a_column_group_per_year(platform, client, admin_token, database_url, tmp_path):
    await filled(platform, fill_demo_data)
    params = {"under": DISTRICT, "by": "street", "indicators": INDICATORS, "years": ",".join(map(str, YEARS))}
    response = await client.get("/exports/rollup.xlsx", params=params, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    assert f'filename="rollup-panjin-shuangtaizi-street-{YEARS[0]}-{YEAR}.xlsx"' in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["地区", "路径"] and len(header) == 2 + 4 * len(YEARS)
    assert header[2] == f"{YEARS[0]}年·实名注册志愿者数（截至12月31日）"
    assert header[5] == f"{YEARS[0]}年·服务场次"  # a yearly indicator counts the year, not a day
    lines = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}

    chosen = pick(platform.registry, INDICATORS.split(","))
    async with platform.sessions() as session:
        place = (await session.exec(select(Region).where(Region.path == DISTRICT))).one()
        for index, year in enumerate(YEARS):
            result = await rollup(session.exec, place, Tier.STREET, chosen, year, as_of=history.year_end(year))
            for group in [*result.rows, result.total]:
                cells = lines[group.path][2 + 4 * index: 6 + 4 * index]
                for value, got in zip(result.values(group), cells, strict=True):
                    if value.indicator.unit == "ratio":
                        assert got == (None if value.value is None else pytest.approx(value.value, rel=1e-12)), \
                            (year, group.path)
                    else:
                        assert got == value.value, (year, group.path, value.indicator.key)
    registered = [lines[DISTRICT][2 + 4 * i] for i in range(len(YEARS))]
    assert registered == sorted(registered) and registered[0] < registered[-1]  # the demo data has a past

    written = wushe(database_url, "rollup", "--under", DISTRICT, "--by", "street", "--indicators", INDICATORS,
                    "--years", ",".join(map(str, YEARS)), "--output", str(tmp_path / "s.csv"))
    assert written.returncode == 0, written.stderr
    downloaded = await client.get("/exports/rollup.csv", params=params, headers=bearer(admin_token))
    assert (tmp_path / "s.csv").read_bytes() == downloaded.content


async def test_bad_years_are_refused_naming_the_field(client, admin_token):
    base = {"under": DISTRICT, "by": "street", "indicators": INDICATORS}
    for extra, field, reason in (
        ({"years": ",".join(str(y) for y in range(2000, 2022))}, "years", "at most 20"),
        ({"years": f"{YEAR},{YEAR}"}, "years", "twice"),
        ({"years": f"{YEAR + 1}"}, "years", "has not begun"),
        ({"years": "2024,twenty"}, "years", "not a year"),
        ({"years": "2024,2025", "targets": "true"}, "targets", "one year"),
        ({"years": "2024,2025", "year": "2024"}, "year", "not both"),
    ):
        response = await client.get("/exports/rollup.csv", params=base | extra, headers=bearer(admin_token))
        assert response.status_code == 400, (extra, response.text)
        error = response.json()["errors"][0]
        assert error["field"] == field and reason in error["message"], (extra, error)


LAST_YEAR = YEAR - 1
MONTHS = [f"{LAST_YEAR}-{m:02d}" for m in range(1, 13)]
PER_MONTH = 4  # the columns of INDICATORS


async def test_an_xlsx_over_the_months_of_a_year_adds_up_to_that_year(platform, client, admin_token, database_url,
                                                                      tmp_path):
    await filled(platform, fill_demo_data)
    params = {"under": DISTRICT, "by": "street", "indicators": INDICATORS, "months": ",".join(MONTHS)}
    response = await client.get("/exports/rollup.xlsx", params=params, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    assert f'filename="rollup-panjin-shuangtaizi-street-{MONTHS[0]}-{MONTHS[-1]}.xlsx"' \
        in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    assert len(header) == 2 + PER_MONTH * 12
    assert header[2] == f"{LAST_YEAR}年1月·实名注册志愿者数（截至01月31日）"
    assert header[2 + PER_MONTH] == f"{LAST_YEAR}年2月·实名注册志愿者数（截至02月{28 + (LAST_YEAR % 4 == 0)}日）"
    assert header[5] == f"{LAST_YEAR}年1月·服务场次"  # the month's own sessions, not the year's
    months = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}

    years = {**params, "years": str(LAST_YEAR)}
    del years["months"]
    response = await client.get("/exports/rollup.xlsx", params=years, headers=bearer(admin_token))
    assert response.status_code == 200, response.text
    year = {row[1]: row for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        min_row=3, values_only=True)}
    assert set(months) == set(year)
    for path, row in months.items():
        sessions = [row[5 + PER_MONTH * i] for i in range(12)]
        assert sum(sessions) == year[path][5], path  # twelve months' sessions are the year's
        assert row[2 + PER_MONTH * 11] == year[path][2], path  # December's stock is the year's, as of 31 December
        assert row[3 + PER_MONTH * 11] == pytest.approx(year[path][3], rel=1e-12), path
    assert sum(months[DISTRICT][5 + PER_MONTH * i] for i in range(12)) > 0  # the demo data has sessions
    assert len({months[DISTRICT][5 + PER_MONTH * i] for i in range(12)}) > 1  # that differ by month

    written = wushe(database_url, "rollup", "--under", DISTRICT, "--by", "street", "--indicators", INDICATORS,
                    "--months", ",".join(MONTHS[:3]), "--output", str(tmp_path / "m.csv"))
    assert written.returncode == 0, written.stderr
    downloaded = await client.get("/exports/rollup.csv", params={**params, "months": ",".join(MONTHS[:3])},
                                  headers=bearer(admin_token))
    assert (tmp_path / "m.csv").read_bytes() == downloaded.content


async def test_bad_months_are_refused_naming_the_field(client, admin_token, database_url, tmp_path):
    base = {"under": DISTRICT, "by": "street", "indicators": INDICATORS}
    current = clock.today()
    following = f"{current.year + current.month // 12}-{current.month % 12 + 1:02d}"
    for extra, field, reason in (
        ({"months": ",".join(f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(37))}, "months", "at most 36"),
        ({"months": "2024-01,2024-01"}, "months", "twice"),
        ({"months": following}, "months", "has not begun"),
        ({"months": "2024-01,2024-13"}, "months", "not a month"),
        ({"months": "2024-01", "years": "2024"}, "months", "not both"),
        ({"months": "2024-01", "targets": "true"}, "targets", "one year"),
        ({"months": "2024-01", "year": "2024"}, "year", "not both"),
    ):
        response = await client.get("/exports/rollup.csv", params=base | extra, headers=bearer(admin_token))
        assert response.status_code == 400, (extra, response.text)
        error = response.json()["errors"][0]
        assert error["field"] == field and reason in error["message"], (extra, error)
    refused = wushe(database_url, "rollup", "--under", DISTRICT, "--by", "street", "--indicators", INDICATORS,
                    "--months", "2024-1", "--output", str(tmp_path / "m.csv"))
    assert refused.returncode != 0 and "months" in refused.stderr + refused.stdout, refused
    assert not (tmp_path / "m.csv").exists()
