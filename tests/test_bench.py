"""bench/indicators.py works at a tiny scale: the data set loads, the summaries match the raw rows,
and the GraphQL rollup answers what the hand-written SQL answers (no timing is asserted)."""

import sys
from pathlib import Path

import pytest

from core.indicators import summary

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import approle
import cases
import generate
import indicators


def quiet(*_args):
    pass


@pytest.mark.parametrize("mode", ["chongqing", "national"])
async def test_tiny_data_set_loads_and_the_answers_agree(database_url, mode):
    density = generate.DENSITY[mode]
    platform = await indicators.prepare(database_url, mode, 0.001, density, seed=1, report=quiet)
    try:
        async with platform.engine.connect() as connection:
            assert await connection.run_sync(lambda c: summary.differences(c)) == []
            volunteers = (await connection.exec_driver_sql("SELECT count(*) FROM volunteer")).scalar_one()
            records = (await connection.exec_driver_sql("SELECT count(*) FROM service_record")).scalar_one()
        assert volunteers > 0 and records > 5 * volunteers
        # measure() checks GraphQL = raw-table SQL = summary-table SQL before it times anything
        result = await indicators.measure(platform, mode, reps=2, warmup=0, report=quiet)
    finally:
        await platform.dispose()
    assert result["streets"] > 0
    assert set(result["timings"]) == {key for key, _ in indicators.LINES}
    counts = result["statements"]
    assert counts["nested_province"]["statements"] == counts["nested_district"]["statements"]
    assert "goal" in indicators.table(result, "test")


async def test_the_rls_run_gets_the_same_answers_as_the_owner_and_as_the_application_s_role(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("--rls measures PostgreSQL's row-level security; SQLite has none")
    owner = await indicators.prepare(database_url, "chongqing", 0.001, 1.0, seed=1, report=quiet)
    app = await approle.app_platform(database_url)
    try:  # measure_rls asserts every answer equal as the owner and as the role the policies bind
        result = await indicators.measure_rls(owner, app, "chongqing", reps=1, warmup=0, report=quiet)
    finally:
        await owner.dispose()
        await app.dispose()
    assert set(result["ratios"]) == {f"{user}/{query}" for user in ("admin", indicators.TENANT_ADMIN)
                                     for query in ("district", "province", "nested")}
    assert "goal <= 1.2x" in indicators.rls_table(result, "test")


async def test_a_second_run_reuses_the_data_set(database_url):
    lines = []
    for _ in range(2):
        platform = await indicators.prepare(database_url, "chongqing", 0.001, 1.0, seed=1, report=lines.append)
        await platform.dispose()
    assert any(line.startswith("reusing") for line in lines)
    with pytest.raises(SystemExit):
        await indicators.prepare(database_url, "chongqing", 0.001, 1.0, seed=2, report=quiet)


def test_the_same_seed_gives_the_same_rows():
    def rows(seed):
        districts = [generate.Node(i, 1, f"chongqing/d{i}", 1, (None, 1, i, None, None)) for i in range(2, 40)]
        plan = generate.plan_chongqing(districts, 100, 0.002, 1.0, seed)
        return plan.regions, list(generate.record_rows(plan, "stamp"))

    assert rows(1) == rows(1)
    assert rows(1) != rows(2)
    regions, records = rows(1)
    assert {r[6][:4] for r in records} == {str(generate.YEAR - 1), str(generate.YEAR)}
    assert sum(1 for r in regions if r[5] == "street") == 38  # at least one street per district
    communities = [r for r in regions if r[5] == "community"]
    assert {r[6] for r in communities} == {"urban", "rural"}
    assert sum(r[7] for r in communities) == pytest.approx(32_000_000 * 0.002, rel=0.01)


async def test_the_cases_bench_runs_tiny_and_its_answers_agree(database_url, tmp_path):
    """bench/cases.py at a tiny scale: both sizes built, the lists' counts equal the hand-written
    SQL's (measure() checks them before timing), the concurrent steps give one winner."""
    if database_url.startswith("sqlite"):
        urls = [database_url, f"sqlite:///{tmp_path / 'large.db'}"]
    else:
        urls = [database_url, cases.new_schema(database_url)]
    platforms = {}
    try:
        for url, size in zip(urls, (40, 400), strict=True):
            platforms[size] = await cases.build(url, size, 0.002, seed=1, report=quiet)
        result = await cases.measure(platforms, reps=2, warmup=0, tasks=8, plans=True, report=quiet)
    finally:
        for platform in platforms.values():
            await platform.dispose()
        if not database_url.startswith("sqlite"):
            cases.drop_schema(urls[1])
    assert set(result["timings"]) == {key for key, _ in cases.LINES}
    assert result["counts"]["400"]["work"] > result["counts"]["40"]["work"] > 0
    assert cases.one_winner(result["concurrent"]), result["concurrent"]
    assert set(result["plans"]) == {"myWork", "overdueCases"} and all(result["plans"].values())
    assert "goal" in cases.table(result, "test")


def test_the_cases_bench_spreads_the_same_cases_for_the_same_seed():
    districts = [generate.Node(i, 1, f"chongqing/d{i}", 1, (None, 1, i, None, None)) for i in range(2, 40)]
    plan = generate.plan_chongqing(districts, 100, 0.01, 1.0, 1)

    def rows(seed):
        matters = cases.Matters(plan, 2_000, seed, 1, 7, 1_000, 1, "stamp")
        return list(matters.case_rows()), list(matters.party_rows())

    assert rows(1) == rows(1) and rows(1) != rows(2)
    case_rows, parties = rows(1)
    open_ = [r for r in case_rows if not r[12]]
    overdue = [r for r in open_ if r[11] < generate.TODAY.isoformat()]
    assert 0.3 < len(open_) / len(case_rows) < 0.5 and 0.15 < len(overdue) / len(open_) < 0.35
    assert {r[4] is None for r in parties} == {True, False}  # users and organizations
    assert sum(1 for r in parties if r[4] == 7) > 0  # the office is a party of some
