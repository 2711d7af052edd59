"""Zhengyang Street's register of one-time exam allowances (正阳办事处发〔2022〕95号 三（三）): the
plugin's own table, made by its migration branch (register_migrations), paid once per worker."""

import datetime as dt

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from core import db
from core.errors import FieldError
from core.testing import graphql, row_id
from core.validators import id_number_check_digit
from plugins.qianjiang.allowances import ExamAllowance, record_allowance

STREET = "chongqing/qianjiang/zhengyang"
WORKER = """mutation($input: SocialWorkerInput!) {
  createSocialWorker(input: $input) { result { id } errors { field message } } }"""


def id_number(sequence: str) -> str:
    body = f"500114198805{sequence}"
    return body + id_number_check_digit(body)


async def worker(client, token, sequence: str, **changes) -> int:
    values = {"name": "王芳", "idNumber": id_number(sequence), "certificateLevel": "INTERMEDIATE",
              "post": "SOCIAL_WORK_STATION", "region": STREET} | changes
    body = await graphql(client, WORKER, {"input": values}, token=token)
    payload = body["data"]["createSocialWorker"]
    assert payload["errors"] == [], payload
    return row_id(payload["result"]["id"])


async def test_the_table_is_made_by_the_plugins_migration(platform):
    async with platform.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
    assert "qianjiang_exam_allowance" in tables


async def test_an_eligible_worker_is_paid_once(platform, client, admin_token):
    paid_to = await worker(client, admin_token, "01001")
    async with db.transaction(platform.sessions) as session:
        row = await record_allowance(session, paid_to, paid_on=dt.date(2023, 3, 1), amount_fen=200_000, recorded_by="admin")
    assert (row.certificate_level, row.amount_fen, row.paid_on) == ("intermediate", 200_000, dt.date(2023, 3, 1))
    with pytest.raises(FieldError, match="social_worker: 一次性职业津贴已于2023-03-01发放，不再发放"):
        async with db.transaction(platform.sessions) as session:
            await record_allowance(session, paid_to, paid_on=dt.date(2024, 1, 1), amount_fen=None, recorded_by="admin")
    async with platform.sessions() as session:
        assert len((await session.exec(select(ExamAllowance))).all()) == 1


@pytest.mark.parametrize(("sequence", "changes", "message"), [
    ("02002", {"certificateLevel": "NONE"}, "尚未取得资格证"),
    ("03003", {"post": "SOCIAL_WORK_ROOM", "region": f"{STREET}/qunli"}, "不在社会工作站任职"),
    ("04004", {"post": "SOCIAL_WORK_AGENCY", "region": "chongqing/qianjiang"}, "不在正阳街道"),
])
async def test_who_may_not_be_paid_is_refused_and_nothing_written(platform, client, admin_token, sequence, changes, message):
    refused = await worker(client, admin_token, sequence, **changes)
    with pytest.raises(FieldError, match=message) as raised:
        async with db.transaction(platform.sessions) as session:
            await record_allowance(session, refused, paid_on=dt.date(2023, 3, 1), amount_fen=100, recorded_by="admin")
    assert raised.value.field == "social_worker"
    async with platform.sessions() as session:
        assert (await session.exec(select(ExamAllowance))).all() == []
