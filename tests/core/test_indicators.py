"""The indicator catalogue, plugin indicators (register_indicators) and exact target comparison."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import IndicatorDecl, RegionDecl, TargetDecl, Tier
from core.errors import StartupError
from core.indicators import INDICATORS, Indicator
from core.indicators.evaluate import COMPARE, meets
from core.indicators.measures import DEMAND_COUNTS, MEASURES
from core.indicators.rollup import Value, value_of
from core.plugins.manager import load
from core.testing import graphql
from tests.core.test_plugins import plugin, regions

PER_SESSION = IndicatorDecl(key="person_times_per_session", label="场均服务人次", unit="person-times",
                            definition="people served per activity", numerator="person_times",
                            denominator="sessions", source="示例 第一条")


def test_every_core_indicator_names_known_measures_and_has_a_label():
    for indicator in INDICATORS.values():
        assert indicator.label, indicator.key
        for measure in (indicator.numerator, indicator.denominator):
            assert measure is None or measure in MEASURES or measure in DEMAND_COUNTS, (indicator.key, measure)


def test_a_value_divides_sums_and_is_unknown_without_a_denominator():
    share = INDICATORS["volunteer_share"]
    assert value_of(share, {"registered_volunteers_with_population": 22, "resident_population": 100}, 2026).value == 0.22
    assert value_of(share, {"registered_volunteers_with_population": 3, "resident_population": 0}, 2026).value is None
    assert value_of(INDICATORS["mechanism_coverage"], {}, 2026).value is None
    per_10k = value_of(INDICATORS["community_workers_per_10k_urban"], {"community_workers_with_urban_population": 18, "urban_population": 10_000}, 2026)
    assert per_10k.value == 18


def test_targets_compare_exactly_not_in_floating_point():
    share = INDICATORS["volunteer_share"]
    exactly = value_of(share, {"registered_volunteers_with_population": 22, "resident_population": 100}, 2026)
    below = value_of(share, {"registered_volunteers_with_population": 21, "resident_population": 100}, 2026)
    assert meets(exactly, ">=", Decimal("0.22")) is True
    assert meets(below, ">=", Decimal("0.22")) is False
    assert meets(value_of(share, {}, 2026), ">=", Decimal("0.22")) is None


def test_a_plugin_indicator_is_yearly_when_a_measure_is():
    assert Indicator.declared(PER_SESSION).yearly is True
    stock = IndicatorDecl(key="workers_per_team", label="每队社工", unit="people", definition="d",
                          numerator="social_workers", denominator="volunteer_teams", source="s")
    assert Indicator.declared(stock).yearly is False


def test_register_indicators_refuses_an_unknown_measure_naming_plugin_and_field():
    bad = plugin("bad", register_indicators=lambda: [
        {"key": "x_share", "label": "x", "unit": "ratio", "definition": "d", "numerator": "no_such_measure", "source": "s"}])
    with pytest.raises(StartupError, match=r"plugin 'bad': register_indicators\[0\]\.numerator: unknown measure 'no_such_measure' \(known: "):
        load([bad], entry_points=False)


def test_register_indicators_refuses_a_core_key_and_a_duplicate():
    clash = IndicatorDecl(key="volunteer_share", label="x", unit="ratio", definition="d",
                          numerator="sessions", source="s")
    with pytest.raises(StartupError, match=r"plugin 'clash': register_indicators\[0\]\.key: 'volunteer_share' is a core indicator; choose another key"):
        load([plugin("clash", register_indicators=lambda: [clash])], entry_points=False)
    one, two = (plugin(n, register_indicators=lambda: [PER_SESSION]) for n in ("one", "two"))
    with pytest.raises(StartupError, match=r"plugin 'two': register_indicators\[0\]\.key: 'person_times_per_session' is already declared by plugin 'one' \(register_indicators\[0\]\)"):
        load([one, two], entry_points=False)


ROOT = RegionDecl(path="demo", name="示例市", tier=Tier.CITY)
TARGET = TargetDecl(key="busy", indicator="person_times_per_session", label="场均人次", comparator=">=",
                    threshold=Decimal(20), yearly=True, source="示例 第二条")


def test_a_target_naming_an_unknown_indicator_fails_at_start_up():
    wrong = TARGET.model_copy(update={"indicator": "no_such_indicator"})
    with pytest.raises(StartupError, match=r"plugin 'demo': register_targets\[0\]\.indicator: unknown indicator 'no_such_indicator' \(known: .*volunteer_share, "):
        load([plugin("demo", "demo", register_regions=regions(ROOT), register_targets=lambda: [wrong])], entry_points=False)


@pytest.fixture
def extra_plugins():
    return [plugin("sessions_plus", "panjin", register_indicators=lambda: [PER_SESSION],
                   register_targets=lambda: [TARGET.model_copy(update={"scope": "panjin", "applies_at": Tier.DISTRICT})])]


async def test_a_plugin_indicator_rolls_up_and_carries_its_targets(platform, client, admin_token):
    from sqlmodel import select

    from core import db
    from core.models import Activity, Region

    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.path.startswith("panjin/dawa/"),
                                                             Region.tier == Tier.COMMUNITY))).first()
        session.add_all([Activity(tenant_id=community.tenant_id, region_id=community.id, title="探访",
                                  held_on=dt.date.today(), person_times=n) for n in (10, 40)])
    query = """{ rollup(under: "panjin", by: DISTRICT, indicators: ["person_times_per_session"]) {
        rows { path values { value numerator denominator } targets { key status value } } } }"""
    body = await graphql(client, query, token=admin_token)
    assert "errors" not in body, body
    rows = {r["path"]: r for r in body["data"]["rollup"]["rows"]}
    assert rows["panjin/dawa"]["values"] == [{"value": 25.0, "numerator": 50.0, "denominator": 2.0}]
    # the target is declared for every district (applies_at): each row is judged on its own
    assert rows["panjin/dawa"]["targets"] == [{"key": "busy", "status": "met", "value": 25.0}]
    assert rows["panjin/panshan"]["targets"] == [{"key": "busy", "status": "no_data", "value": None}]
    listed = await graphql(client, "{ indicators { key plugin } }", token=admin_token)
    assert {"key": "person_times_per_session", "plugin": "sessions_plus"} in listed["data"]["indicators"]


@given(
    numerator=st.integers(0, 10**7) | st.floats(-1e6, 1e6, allow_nan=False),
    denominator=st.none() | st.integers(1, 10**7) | st.floats(-1e6, 1e6, allow_nan=False).filter(bool),
    scale=st.sampled_from([1, 100, 10_000, Fraction(1, 100), Fraction(3, 7)]),
    threshold=st.decimals(-1000, 1000, places=4, allow_nan=False) | st.fractions(-1000, 1000, max_denominator=97),
    comparator=st.sampled_from(sorted(COMPARE)),
)
def test_meets_is_the_exact_comparison(numerator, denominator, scale, threshold, comparator):
    """``meets`` compares integers (each term's exact ratio, cross-multiplied): the same answer as
    the comparison of the exact fractions, ties included, whatever the signs."""
    value = Value(Indicator("x", "ratio", "", numerator="n", denominator="d", scale=scale), 1.0,
                  float(numerator), None if denominator is None else float(denominator), None, None)
    left = Fraction(float(numerator)) * Fraction(scale)
    right = Fraction(threshold) * (1 if denominator is None else Fraction(float(denominator)))
    assert meets(value, comparator, threshold) is COMPARE[comparator](left, right)
    tie = Value(value.indicator, 1.0, float(right / Fraction(scale)), value.denominator, None, None)
    if Fraction(tie.numerator) * Fraction(scale) == right:  # the float holds the tie exactly
        assert meets(tie, comparator, threshold) is COMPARE[comparator](right, right)
