"""Measures a case type declares (CaseMeasureDecl): counts of cases, computed live, usable by
indicators and targets like the core's measures."""

from decimal import Decimal

import pytest
from sqlmodel import select

from core import (
    START,
    CaseMeasureDecl,
    CaseTypeDecl,
    IndicatorDecl,
    PermissionDecl,
    StateDecl,
    TargetDecl,
    Tier,
    TransitionDecl,
    db,
)
from core.access.grants import Principal
from core.errors import StartupError
from core.models import Region, Tenant
from core.plugins.manager import load
from core.testing import graphql
from core.tree.tiers import CommunityKind
from tests.core.test_plugins import plugin

TASK = CaseTypeDecl(
    key="toy_task", label="创建任务", tiers=(Tier.STREET, Tier.COMMUNITY),
    states=(StateDecl(key="working", label="创建中"), StateDecl(key="done", label="已完成", terminal=True)),
    transitions=(
        TransitionDecl(action="open", label="下达", from_states=(START,), to="working", permission="creation:manage",
                       source="示例 第一条"),
        TransitionDecl(action="finish", label="完成", from_states=("working",), to="done",
                       permission="creation:manage", source="示例 第二条"),
    ),
    measures=(
        CaseMeasureDecl(key="toy_tasks", label="创建任务数"),
        CaseMeasureDecl(key="toy_tasks_done", label="已完成创建任务数", states=("done",)),
        CaseMeasureDecl(key="toy_places", label="有创建任务的地区数", count="regions"),
    ),
    source="示例 第三条",
)
MANAGE = PermissionDecl(resource="creation", actions=("manage",), source="示例 第一条")
SHARE = IndicatorDecl(key="toy_done_share", label="创建任务完成比例", unit="ratio", definition="done / all tasks",
                      numerator="toy_tasks_done", denominator="toy_tasks", source="示例 第四条")
PLACES = IndicatorDecl(key="toy_places_with_tasks", label="有创建任务的地区数", unit="regions",
                       definition="regions with a creation task", numerator="toy_places", source="示例 第五条")
HALF = TargetDecl(key="half_done", indicator="toy_done_share", label="完成过半", comparator=">=",
                  threshold=Decimal("0.5"), yearly=True, scope="panjin", source="示例 第六条")
EVERY = TargetDecl(key="every_done", indicator="toy_done_share", label="每个社区完成", comparator=">=",
                   threshold=Decimal(1), yearly=True, evaluated_at="per_community", scope="panjin", source="示例 第七条")


def creation(name: str = "creation", **hooks):
    """A scope-less plugin (enabled in every tenant) with the creation task type and its indicators."""
    defaults = {"register_case_types": lambda: [TASK], "register_indicators": lambda: [SHARE, PLACES],
                "register_permissions": lambda: [MANAGE]}
    return plugin(name, **{**defaults, **hooks})


@pytest.fixture
def extra_plugins():
    return [creation(register_targets=lambda: [HALF, EVERY])]


ADMIN = Principal(username="admin", platform_admin=True)


async def _open(platform, session, region: Region, *, done: bool) -> None:
    case = await platform.cases.transition(session, ADMIN, action="open", case_type="toy_task", region=region.path)
    if done:
        await platform.cases.transition(session, ADMIN, action="finish", case_id=case.id)


async def test_case_measures_roll_up_evaluate_targets_and_stay_in_their_tenant(platform, client, admin_token):
    async with db.transaction(platform.sessions) as session:
        panjin = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
        communities = (await session.exec(select(Region).where(
            Region.path.startswith("panjin/dawa/"), Region.tier == Tier.COMMUNITY).order_by(Region.path))).all()
        a = communities[0]
        b = next(c for c in communities if c.street_id != a.street_id)
        street = await session.get_one(Region, a.street_id)
        await _open(platform, session, a, done=True)
        await _open(platform, session, a, done=False)
        await _open(platform, session, b, done=True)
        await _open(platform, session, street, done=False)  # lives at the street itself
        other = (await session.exec(select(Region).where(
            Region.tenant_id != panjin.id, Region.tier == Tier.COMMUNITY).order_by(Region.path))).first()
        for _ in range(3):  # another tenant's cases, all done: they never count in Panjin
            await _open(platform, session, other, done=True)
        paths = {"a": a.path, "b": b.path, "street": street.path, "other": other.path}
        a_is_urban = a.kind == CommunityKind.URBAN

    indicators = '["toy_done_share", "toy_places_with_tasks"]'
    by_district = await graphql(client, f"""{{ rollup(under: "panjin", by: DISTRICT, indicators: {indicators}) {{
        rows {{ path values {{ key value numerator denominator }} targets {{ key status value communities communitiesMeeting regionsNoData }} }}
        total {{ values {{ key value numerator denominator }} targets {{ key status }} }} }} }}""", token=admin_token)
    assert "errors" not in by_district, by_district
    result = by_district["data"]["rollup"]
    rows = {r["path"]: r for r in result["rows"]}
    dawa = rows["panjin/dawa"]
    assert dawa["values"] == [
        {"key": "toy_done_share", "value": 0.5, "numerator": 2.0, "denominator": 4.0},
        {"key": "toy_places_with_tasks", "value": 3.0, "numerator": 3.0, "denominator": None},
    ]
    targets = {t["key"]: t for t in dawa["targets"]}
    # half_done is Panjin's total: judged at panjin (the total row), context in a district (its own value shown)
    assert targets["half_done"]["status"] == "context" and targets["half_done"]["value"] == 0.5
    # per community: only b has all its tasks done (a has one open); the rest have none to divide by: no data,
    # neither meeting nor failing
    assert targets["every_done"]["communitiesMeeting"] == 1
    assert targets["every_done"]["communities"] == 2 and targets["every_done"]["regionsNoData"] > 0
    assert rows["panjin/panshan"]["values"][0]["value"] is None
    assert result["total"]["values"] == dawa["values"]  # the other tenant's three never count
    assert {t["key"]: t["status"] for t in result["total"]["targets"]} == {"half_done": "met", "every_done": "not_met"}

    by_community = await graphql(client, f"""{{ rollup(under: "{paths["street"]}", by: COMMUNITY, indicators: {indicators}) {{
        rows {{ path values {{ value numerator denominator }} }} above {{ values {{ numerator denominator }} }} }} }}""",
        token=admin_token)
    assert "errors" not in by_community, by_community
    community_rows = {r["path"]: r["values"] for r in by_community["data"]["rollup"]["rows"]}
    assert community_rows[paths["a"]][0] == {"value": 0.5, "numerator": 1.0, "denominator": 2.0}
    assert community_rows[paths["a"]][1]["value"] == 1.0  # two cases, one region
    assert by_community["data"]["rollup"]["above"]["values"] == [  # the task at the street itself
        {"numerator": 0.0, "denominator": 1.0}, {"numerator": 1.0, "denominator": None}]

    values = "indicators(keys: [\"toy_done_share\", \"toy_places_with_tasks\"]) { value numerator denominator }"
    regions = await graphql(client, f"""{{
        a: region(path: "{paths["a"]}") {{ {values} }}
        street: region(path: "{paths["street"]}") {{ {values} urban: indicators(keys: ["toy_done_share"], kind: URBAN) {{ numerator denominator }} }}
        other: region(path: "{paths["other"]}") {{ {values} }}
        panjin: region(path: "panjin") {{ targetStatus {{ key status value }} }} }}""", token=admin_token)
    assert "errors" not in regions, regions
    data = regions["data"]
    assert data["a"]["indicators"][0] == {"value": 0.5, "numerator": 1.0, "denominator": 2.0}
    assert data["street"]["indicators"] == [{"value": 1 / 3, "numerator": 1.0, "denominator": 3.0},
                                            {"value": 2.0, "numerator": 2.0, "denominator": None}]
    urban = data["street"]["urban"][0]  # of the communities of that kind only: never the street's own task
    assert urban["denominator"] == (2.0 if a_is_urban else 0.0)
    assert data["other"]["indicators"] == [{"value": 1.0, "numerator": 3.0, "denominator": 3.0},
                                           {"value": 1.0, "numerator": 1.0, "denominator": None}]
    statuses = {s["key"]: s for s in data["panjin"]["targetStatus"] if s["key"] in ("half_done", "every_done")}
    assert statuses["half_done"] == {"key": "half_done", "status": "met", "value": 0.5}
    assert statuses["every_done"]["status"] == "not_met"


def test_an_indicator_naming_an_unknown_measure_fails_at_start_up_and_a_case_measure_may_not_be_a_core_one():
    wrong = SHARE.model_copy(update={"denominator": "toy_taskz"})
    with pytest.raises(StartupError, match=r"plugin 'creation': register_indicators\[0\]\.denominator: unknown measure 'toy_taskz'; "
                                           r"did you mean 'toy_tasks'\? \(known: .*toy_tasks, "):
        load([creation(register_indicators=lambda: [wrong])], entry_points=False)
    load([creation()], entry_points=False)  # the case type's measures are known
    clash = TASK.model_copy(update={"measures": (CaseMeasureDecl(key="communities", label="社区数"),)})
    with pytest.raises(StartupError, match=r"plugin 'creation': register_case_types\[0\]\.measures\[0\]\.key: "
                                           r"'communities' is a core measure"):
        load([creation(register_case_types=lambda: [clash])], entry_points=False)
