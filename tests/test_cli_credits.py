"""The time bank and points from the shell: deposit, withdraw, award, exchange, balance, programmes."""

import datetime as dt
import os
import subprocess

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from core.models import Region, ServiceRecord, Volunteer
from tests import shell


@pytest.fixture
def wushe(platform, database_url):
    """``wushe …`` on the test's database, initialised: the copy of what ``init`` makes, as ``platform`` gets it."""
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return shell.wushe(*args, env=env)

    return run


def a_record(database_url: str, minutes: int) -> tuple[int, int]:
    """A volunteer of 朝阳社区 and a service record of theirs: (volunteer id, record id)."""
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with Session(engine) as session:
        region = session.exec(select(Region).where(Region.path == "chongqing/qianjiang/zhengyang/chaoyang")).one()
        volunteer = Volunteer(name="陈刚", tenant_id=region.tenant_id, region_id=region.id)
        session.add(volunteer)
        session.flush()
        record = ServiceRecord(volunteer_id=volunteer.id, served_on=dt.date(2025, 4, 1), minutes=minutes,
                               tenant_id=region.tenant_id, region_id=region.id)
        session.add(record)
        session.commit()
        ids = (int(volunteer.id or 0), int(record.id or 0))
    engine.dispose()
    return ids


def test_deposit_withdraw_award_exchange_and_balance(wushe, database_url):
    volunteer, record = a_record(database_url, 120)
    deposited = wushe("credits", "deposit", str(record), "--request-key", "cli-deposit-1")
    assert deposited.returncode == 0, deposited.stderr
    assert deposited.stdout.splitlines()[0].endswith("time_bank deposit +120, balance 120")
    again = wushe("credits", "deposit", str(record), "--request-key", "cli-deposit-1")
    assert again.stdout == deposited.stdout  # the same key: the first effect, once
    twice = wushe("credits", "deposit", str(record), "--request-key", "cli-deposit-2")
    assert twice.returncode == 2 and "record: this service record is already deposited" in twice.stderr

    too_much = wushe("credits", "withdraw", str(volunteer), "200", "--service", "陪同就医")
    assert too_much.returncode == 2 and "minutes: the balance (120 in time_bank) does not cover 200" in too_much.stderr
    taken = wushe("credits", "withdraw", str(volunteer), "45", "--service", "陪同就医", "--recipient", "陈母")
    assert taken.returncode == 0 and "balance 75" in taken.stdout and "request key: " in taken.stdout

    assert wushe("credits", "award", str(volunteer), "8", "--reason", "志愿服务之星").returncode == 0
    spent = wushe("credits", "exchange", str(volunteer), "3", "--goods", "爱心超市：肥皂两块")
    assert "volunteer_points exchange -3, balance 5" in spent.stdout
    refused = wushe("credits", "convert", str(volunteer), "volunteer_points", "charity_points", "1")
    assert refused.returncode == 2 and "no programme 'charity_points' here" in refused.stderr

    lines = [line.split("│") for line in wushe("credits", "balance", str(volunteer)).stdout.splitlines() if "│" in line]
    cells = [[cell.strip() for cell in line if cell.strip()] for line in lines]
    assert cells == [["time_bank", "75", "75"], ["volunteer_points", "5", "5"]]
    hebei = wushe("credits", "programmes", "hebei").stdout
    assert "charity_points" in hebei and "公益慈善活动积分" in hebei
