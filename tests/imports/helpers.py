"""Workbooks and CSV files for the import tests, written the way users' spreadsheets are."""

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from sqlmodel import col, func, select

from core.models import AuditEvent
from core.validators import credit_code_check_char, id_number_check_digit

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
OTHER_COMMUNITY = "chongqing/qianjiang/zhengyang/qunli"
STREET = "chongqing/qianjiang/zhengyang"


def id_number(sequence: int, birth: dt.date | None = None, division: str = "500114") -> str:
    """A well-formed ID number, a different one for each ``sequence`` (born 1970 onwards, 1,000 a day)."""
    birth = birth or dt.date(1970, 1, 1) + dt.timedelta(days=sequence // 1000)
    body = f"{division}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + id_number_check_digit(body)


def phone(sequence: int) -> str:
    return f"138{sequence:08d}"


def xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


VOLUNTEER_HEADER = ("姓名", "身份证号", "手机号", "所在社区", "实名注册", "注册日期")


def volunteers(count: int, start: int = 1, region: str = COMMUNITY) -> list[tuple[Any, ...]]:
    return [(f"志愿者{i}", id_number(i), phone(i), region, "是", dt.date(2024, 3, 1)) for i in range(start, start + count)]


def credit_code(sequence: int) -> str:
    """A civil-affairs credit code (begins with 5) with its GB 32100 check character."""
    body = f"51500000MJP{sequence:06d}"
    return body + credit_code_check_char(body)


async def principal(platform, username: str = "admin"):
    async with platform.sessions() as session:
        return await platform.principal(session, username)


async def count(platform, model) -> int:
    async with platform.sessions() as session:
        return int((await session.exec(select(func.count()).select_from(model))).one())


async def events(platform, action: str) -> list[AuditEvent]:
    async with platform.sessions() as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        return list((await session.exec(query)).all())
