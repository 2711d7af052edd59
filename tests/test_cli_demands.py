"""A resident's need walked through the shell: demand, resource, matching, acceptance, feedback."""

import os
import re

import pytest

from tests import shell

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"


@pytest.fixture
def wushe(platform, database_url):
    """``wushe …`` on the test's database, initialised: the copy of what ``init`` makes, as ``platform`` gets it."""
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}

    def run(*args: str):
        return shell.wushe(*args, env=env)

    return run


def number(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    assert found, text
    return found.group(1)


def test_a_need_from_the_demand_list_to_feedback_from_the_cli(wushe):
    added = wushe("demands", "add", COMMUNITY, "--group", "独居老人", "--domain", "生活照料",
                  "--description", "需要每周助浴", "--name", "王秀英", "--phone", "13812345678")
    assert added.returncode == 0, added.stderr
    demand = number(added.stdout, r"demand (\d+) open")
    resource = wushe("resources", "add", COMMUNITY, "--kind", "venue", "--name", "朝阳社区助浴点",
                     "--domain", "生活照料", "--capacity", "1")
    assert resource.returncode == 0, resource.stderr
    matched = wushe("demands", "match", "chongqing/qianjiang")
    assert matched.stdout.strip() == "chongqing/qianjiang: 1 open demands, 1 resources and 0 projects proposed"
    listed = wushe("demands", "proposals", demand)
    assert "朝阳社区助浴点" in listed.stdout and "proposed" in listed.stdout
    proposal = number(listed.stdout, r"│ (\d+) +│ resource")
    assert wushe("demands", "accept", proposal).stdout.strip() == f"proposal {proposal} accepted: demand {demand} matched"
    # the last unit of capacity is taken: another demand's proposal for it cannot be accepted
    assert wushe("demands", "start", demand).returncode == 0
    closed = wushe("demands", "feedback", demand, "--satisfaction", "4", "--comment", "很及时")
    assert closed.stdout.strip() == f"demand {demand} closed (satisfaction 4)"
    shown = wushe("demands", "list", COMMUNITY)
    assert "王**" in shown.stdout and "closed" in shown.stdout and "王秀英" not in shown.stdout


def test_refusals_name_the_field(wushe):
    refused = wushe("projects", "add", "chongqing/qianjiang/zhengyang", "--name", "童伴计划", "--domain", "生活照料",
                    "--capacity", "3", "--demand", "404", "--resource", "9")
    assert refused.returncode == 2
    assert "demand_ids.0: no Demand with id 404" in refused.stderr
    bad = wushe("demands", "feedback", "1", "--satisfaction", "9")
    assert bad.returncode == 2 and "demand: no Demand with id 1" in bad.stderr
