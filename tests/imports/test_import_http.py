"""POST /import/{kind}: the bearer token of /graphql, the user's permissions, 413 over the limit,
422 with every bad row; GET /import/{kind}/template.xlsx."""

import io

import openpyxl
import pytest

from core.models import Volunteer
from core.testing import settings_for_database
from tests.imports.helpers import VOLUNTEER_HEADER, count, csv_bytes, id_number, volunteers, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def settings(database_url):
    return settings_for_database(database_url, import_max_bytes=64 * 1024)


def upload(data, name="志愿者.xlsx", content_type=XLSX):
    return {"file": (name, data, content_type)}


async def test_an_upload_needs_a_token(client):
    response = await client.post("/import/volunteers?tenant=chongqing", files=upload(xlsx([VOLUNTEER_HEADER])))
    assert response.status_code == 401
    response = await client.get("/import/volunteers/template.xlsx")
    assert response.status_code == 401


async def test_an_upload_is_imported_once_and_bad_rows_are_422_with_every_error(platform, client, admin_token):
    auth = {"Authorization": f"Bearer {admin_token}"}
    data = xlsx([VOLUNTEER_HEADER, *volunteers(3)])
    response = await client.post("/import/volunteers?tenant=chongqing", files=upload(data), headers=auth)
    assert response.status_code == 200, response.text
    assert response.json() == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "dryRun": False, "errors": []}
    again = await client.post("/import/volunteers?tenant=chongqing", files=upload(data), headers=auth)
    assert again.json()["unchanged"] == 3
    bad = csv_bytes([VOLUNTEER_HEADER, *volunteers(2, start=10), ("坏", id_number(12)[:-1], "1", "x", "是", "")], "gb18030")
    refused = await client.post("/import/volunteers?tenant=chongqing", files=upload(bad, "v.csv", "text/csv"), headers=auth)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"row": 4, "column": "身份证号", "reason": "应为18位，实际为17位"},
        {"row": 4, "column": "手机号", "reason": "手机号应为11位，实际为1位"},
        {"row": 4, "column": "所在社区", "reason": "找不到区域“x”（或不在您的权限范围内）"},
    ]
    assert await count(platform, Volunteer) == 3
    dry = await client.post("/import/volunteers?tenant=chongqing&dryRun=true",
                            files=upload(xlsx([VOLUNTEER_HEADER, *volunteers(2, start=20)])), headers=auth)
    assert (dry.status_code, dry.json()["created"], dry.json()["dryRun"]) == (200, 2, True)
    assert await count(platform, Volunteer) == 3


async def test_a_file_over_the_limit_is_413_and_junk_is_400(client, admin_token):
    auth = {"Authorization": f"Bearer {admin_token}"}
    big = xlsx([VOLUNTEER_HEADER, *volunteers(3000)])
    assert len(big) > 64 * 1024
    response = await client.post("/import/volunteers?tenant=chongqing", files=upload(big), headers=auth)
    assert response.status_code == 413
    assert response.json()["errors"][0]["reason"].startswith("文件超过 0.0625 MB 的上限")
    junk = await client.post("/import/volunteers?tenant=chongqing", files=upload(b"not a workbook"), headers=auth)
    assert (junk.status_code, junk.json()["errors"][0]["reason"]) == (400, "不是可读的 .xlsx 工作簿（BadZipFile）")
    missing = await client.post("/import/volunteers?tenant=chongqing", data={"x": "1"}, headers=auth)
    assert missing.status_code == 400
    unknown = await client.post("/import/people", files=upload(xlsx([VOLUNTEER_HEADER])), headers=auth)
    assert unknown.status_code == 404
    no_tenant = await client.post("/import/volunteers", files=upload(xlsx([VOLUNTEER_HEADER])), headers=auth)
    assert no_tenant.json()["errors"][0]["reason"] == "平台管理员导入时须指明租户（--tenant 或 ?tenant=）"


async def test_the_template_download(client, admin_token):
    response = await client.get("/import/workers/template.xlsx", headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(XLSX)
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert header[:4] == ("姓名", "身份证号", "手机号", "所在区域")
    assert book.sheetnames == ["社会工作者", "说明"]
