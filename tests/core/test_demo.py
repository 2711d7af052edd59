"""The synthetic demo data set (core.demo.data): sizes, determinism, validity, idempotence."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from core import personal
from core.config import Settings
from core.demo.data import (
    ORIGIN_CODES,
    DemoReport,
    _add_years,
    _apportion,
    _Builder,
    fill_demo_data,
)
from core.models import (
    Activity,
    CertificateLevel,
    CommunityFund,
    CommunityProfile,
    Donation,
    DonationForm,
    OrgType,
    Region,
    Registration,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
    WorkerPost,
)
from core.models.charity import CommunityFundCreate, DonationCreate
from core.models.community import CommunityProfileUpdate
from core.models.organization import SocialOrganizationCreate
from core.models.service import MAX_MINUTES, ActivityCreate, ServiceRecordCreate
from core.models.volunteer import VolunteerCreate, VolunteerTeamCreate
from core.models.worker import SocialWorkerCreate
from core.platform import Platform
from core.services import elements
from core.testing.databases import initialise
from core.tree.tiers import CommunityKind, Tier
from core.validators import normalize_credit_code, normalize_id_number

SIZES = {"volunteers": 300, "organizations": 80, "workers": 90}

CREATE_MODELS: dict[type[SQLModel], tuple[type[SQLModel], elements.Element | None]] = {
    Volunteer: (VolunteerCreate, elements.VOLUNTEER),
    VolunteerTeam: (VolunteerTeamCreate, elements.TEAM),
    SocialOrganization: (SocialOrganizationCreate, elements.ORGANIZATION),
    SocialWorker: (SocialWorkerCreate, elements.WORKER),
    CommunityFund: (CommunityFundCreate, elements.FUND),
    Donation: (DonationCreate, elements.DONATION),
    Activity: (ActivityCreate, elements.ACTIVITY),
    ServiceRecord: (ServiceRecordCreate, elements.SERVICE_RECORD),  # placed at the volunteer's community
    CommunityProfile: (CommunityProfileUpdate, None),  # profiles have no Create model
}


async def _all(platform: Any, model: type[SQLModel]) -> list[Any]:
    async with platform.sessions() as session:
        return list((await session.exec(select(model).order_by(model.id))).all())  # type: ignore[attr-defined]


def _clear(platform: Any, row: Any, name: str) -> str | None:
    """ID numbers and phones are stored encrypted: the clear value, for the checks below."""
    return personal.reveal(platform.keyring, row, name)


async def _regions(platform: Any) -> dict[int, Region]:
    return {r.id: r for r in await _all(platform, Region)}


async def _counts(platform: Any) -> dict[str, int]:
    return {model.__name__: len(await _all(platform, model)) for model in CREATE_MODELS}


def _region_shape(regions: dict[int, Region]) -> list[tuple[Any, ...]]:
    return sorted(
        (r.path, r.code, r.name, r.tier, r.kind, r.depth, r.tenant_id,
         regions[r.parent_id].path if r.parent_id else None)
        for r in regions.values()
    )


async def test_counts_as_requested(platform: Any) -> None:
    communities = [r for r in (await _regions(platform)).values() if r.tier is Tier.COMMUNITY]
    report = await fill_demo_data(platform, **SIZES)
    assert isinstance(report, DemoReport) and report.added
    counts = await _counts(platform)
    assert report.volunteers == counts["Volunteer"] == 300
    assert report.organizations == counts["SocialOrganization"] == 80
    assert report.social_workers == counts["SocialWorker"] == 90
    assert report.community_profiles == counts["CommunityProfile"] == len(communities) == report.communities
    assert report.volunteer_teams == counts["VolunteerTeam"] > 0
    assert report.community_funds == counts["CommunityFund"] > 0
    assert report.donations == counts["Donation"] > 0
    assert report.activities == counts["Activity"] > 0
    assert report.service_records == counts["ServiceRecord"] > 0
    assert f"{report.activities} activities, {report.service_records} service records" in str(report)
    assert report.populations_set == len(communities)  # the seeds declare no population


async def test_same_seed_same_data_on_two_fresh_databases(platform: Any, tmp_path: Any) -> None:
    await fill_demo_data(platform, seed=7, **SIZES)
    other = Platform.create(Settings(database_url=f"sqlite:///{tmp_path / 'second.db'}"))
    try:
        await initialise(other)  # the copy of what init makes on a new database
        await fill_demo_data(other, seed=7, **SIZES)

        async def snapshot(instance: Any) -> dict[str, list[Any]]:
            regions = await _regions(instance)
            return {
                "volunteers": [(v.name, _clear(instance, v, "id_number"), _clear(instance, v, "phone"),
                                v.registered_on, v.guardian_name, regions[v.region_id].path)
                               for v in await _all(instance, Volunteer)],
                "organizations": [(o.name, o.credit_code, o.org_type, regions[o.region_id].path)
                                  for o in await _all(instance, SocialOrganization)],
                "workers": [(w.name, _clear(instance, w, "id_number"), w.certificate_level, w.post)
                            for w in await _all(instance, SocialWorker)],
                "donations": [(d.donor_name, d.amount_fen, d.in_kind_value_fen, d.donated_on)
                              for d in await _all(instance, Donation)],
                "activities": [(a.title, a.held_on, a.category, a.person_times, regions[a.region_id].path)
                               for a in await _all(instance, Activity)],
                "service_records": [(r.volunteer_id, r.activity_id, r.served_on, r.minutes, r.description)
                                    for r in await _all(instance, ServiceRecord)],
                "populations": sorted((r.path, r.resident_population, r.urban_population) for r in regions.values()),
            }

        first, second = await snapshot(platform), await snapshot(other)
        assert first == second
        assert len(first["volunteers"]) == 300
    finally:
        await other.dispose()


async def test_another_seed_gives_other_people(platform: Any, tmp_path: Any) -> None:
    await fill_demo_data(platform, seed=1, **SIZES)
    other = Platform.create(Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}"))
    try:
        await initialise(other)  # the copy of what init makes on a new database
        await fill_demo_data(other, seed=2, **SIZES)
        names = [_clear(platform, v, "id_number") for v in await _all(platform, Volunteer)]
        assert names != [_clear(other, v, "id_number") for v in await _all(other, Volunteer)]
    finally:
        await other.dispose()


async def test_every_row_validates_through_its_create_model(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    regions = await _regions(platform)
    for model, (create, element) in CREATE_MODELS.items():
        rows = await _all(platform, model)
        assert rows, model.__name__
        for row in rows:
            if model is ServiceRecord and row.activity_id is None:
                continue  # entries the demo keeps from before an entry named its activity (the column allows it)
            region = regions[row.region_id]
            assert row.tenant_id == region.tenant_id
            data = {
                name: _clear(platform, row, name) if name in personal.SEALED else getattr(row, name)
                for name in create.model_fields if name != "region"
            }
            if "region" in create.model_fields:
                data["region"] = region.path
            valid = create.model_validate(data)
            # what validation normalises must already be stored normalised
            assert valid.model_dump(exclude={"region"}) == {k: v for k, v in data.items() if k != "region"}
            if element is not None:
                assert region.tier in element.tiers, (model.__name__, region.path)
            else:
                assert region.tier is Tier.COMMUNITY


async def test_cross_row_rules_of_the_element_services(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    regions = await _regions(platform)
    orgs = {o.id: o for o in await _all(platform, SocialOrganization)}
    teams = {t.id: t for t in await _all(platform, VolunteerTeam)}
    funds = {f.id: f for f in await _all(platform, CommunityFund)}
    for volunteer in await _all(platform, Volunteer):
        if volunteer.team_id is not None:
            assert teams[volunteer.team_id].region_id == volunteer.region_id
    assert any(v.team_id for v in await _all(platform, Volunteer))
    for team in teams.values():
        if team.organization_id is not None:
            assert orgs[team.organization_id].tenant_id == team.tenant_id
    for fund in funds.values():
        host = orgs[fund.host_organization_id]
        assert host.org_type is OrgType.CHARITY_ORGANIZATION and host.public_fundraising
        assert host.tenant_id == fund.tenant_id
        assert regions[fund.region_id].tier is Tier.STREET
    for donation in await _all(platform, Donation):
        assert donation.fund_id is not None and funds[donation.fund_id].tenant_id == donation.tenant_id
    for worker in await _all(platform, SocialWorker):
        tier = regions[worker.region_id].tier
        if worker.post is WorkerPost.SOCIAL_WORK_STATION:
            assert tier is Tier.STREET
        if worker.post in (WorkerPost.SOCIAL_WORK_ROOM, WorkerPost.COMMUNITY):
            assert tier is Tier.COMMUNITY
        if worker.post is WorkerPost.COMMUNITY:
            assert worker.is_community_worker
        if worker.post is WorkerPost.SOCIAL_WORK_AGENCY:
            agency = orgs[worker.organization_id]
            assert agency.org_type is OrgType.SOCIAL_WORK_AGENCY and agency.tenant_id == worker.tenant_id
        else:
            assert worker.organization_id is None


async def test_identifiers_valid_and_unique_per_tenant(platform: Any) -> None:
    await fill_demo_data(platform, volunteers=600, organizations=200, workers=200)
    volunteers = await _all(platform, Volunteer)
    people = [(v.tenant_id, _clear(platform, v, "id_number"), v.guardian_consent_on is not None)
              for v in volunteers if v.id_number_encrypted]
    people += [(w.tenant_id, _clear(platform, w, "id_number"), False) for w in await _all(platform, SocialWorker)]
    assert len(people) == len({(tenant, number) for tenant, number, _ in people})
    today = dt.date.today()
    children = 0
    for _, number, consented in people:
        assert normalize_id_number(number) == number
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if consented:  # a child volunteer (8 to 13), registered with a guardian's consent
            children += 1
            assert _add_years(today, -14) < birth <= _add_years(today, -8)
        else:
            assert dt.date(1950, 1, 1) <= birth <= dt.date(2008, 12, 31)
    assert children and all(v.guardian_name and v.guardian_relation for v in volunteers if v.guardian_consent_on)
    orgs = await _all(platform, SocialOrganization)
    codes = [(o.tenant_id, o.credit_code) for o in orgs if o.credit_code]
    assert len(codes) == len(set(codes))
    for org in orgs:
        if org.registration is Registration.REGISTERED:
            assert normalize_credit_code(org.credit_code) == org.credit_code
            assert org.credit_code[0] == "5" and org.credit_code[1] in "123"
        else:
            assert org.credit_code is None and org.grade is None and not org.public_fundraising
        assert 0 <= org.full_time_staff <= 12
    kinds = Counter(o.org_type for o in orgs)
    assert kinds.most_common(1)[0][0] is OrgType.COMMUNITY_SOCIAL_ORGANIZATION
    assert kinds[OrgType.SOCIAL_WORK_AGENCY] and kinds[OrgType.CHARITY_ORGANIZATION] and kinds[OrgType.HUB_ORGANIZATION]
    assert any(o.grade for o in orgs)


async def test_realistic_shares(platform: Any) -> None:
    await fill_demo_data(platform, volunteers=1000, workers=200, organizations=60)
    volunteers = await _all(platform, Volunteer)
    registered = [v for v in volunteers if v.real_name_registered]
    assert 0.80 <= len(registered) / len(volunteers) <= 0.90
    assert all(v.id_number_encrypted and dt.date(2019, 1, 1) <= v.registered_on <= dt.date(2025, 12, 31) for v in registered)
    assert all(v.registered_on is None for v in volunteers if not v.real_name_registered)
    phones = [_clear(platform, v, "phone") for v in volunteers]
    assert all(p is None or (len(p) == 11 and p[0] == "1" and p[1] in "3456789") for p in phones)
    levels = Counter(w.certificate_level for w in await _all(platform, SocialWorker))
    assert levels == {
        CertificateLevel.NONE: 90, CertificateLevel.ASSISTANT: 70,
        CertificateLevel.INTERMEDIATE: 34, CertificateLevel.SENIOR: 6,
    }


async def test_regions_unchanged_but_populated(platform: Any) -> None:
    before = await _regions(platform)
    await fill_demo_data(platform, **SIZES)
    after = await _regions(platform)
    assert _region_shape(before) == _region_shape(after)
    for region_id, region in after.items():
        if region.tier is not Tier.COMMUNITY:
            old = before[region_id]
            assert (region.resident_population, region.urban_population) == (old.resident_population, old.urban_population)
            continue
        if region.kind is CommunityKind.RURAL:
            assert 600 <= region.resident_population <= 4500 and region.urban_population is None
        else:
            assert 2000 <= region.resident_population <= 15000
            assert 0 < region.urban_population <= region.resident_population


async def test_volunteers_live_in_communities_in_proportion(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    regions = await _regions(platform)
    volunteers = await _all(platform, Volunteer)
    assert all(regions[v.region_id].tier is Tier.COMMUNITY for v in volunteers)
    per_community = Counter(v.region_id for v in volunteers)
    communities = sorted((r for r in regions.values() if r.tier is Tier.COMMUNITY), key=lambda r: r.path)
    expected = _apportion(300, [r.resident_population for r in communities])
    assert [per_community.get(r.id, 0) for r in communities] == expected


async def test_donations_in_range_and_never_in_the_future(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    donations = await _all(platform, Donation)
    today = dt.date.today()
    assert any(d.form is DonationForm.IN_KIND for d in donations)
    assert any(d.form is DonationForm.MONEY for d in donations)
    for donation in donations:
        assert dt.date(2023, 1, 1) <= donation.donated_on <= min(today, dt.date(2025, 12, 31))
        if donation.form is DonationForm.MONEY:
            assert donation.amount_fen > 0 and donation.in_kind_value_fen is None
        else:
            assert donation.in_kind_description and donation.in_kind_value_fen > 0 and donation.amount_fen == 0


async def test_activities_and_the_service_ledger(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    regions = await _regions(platform)
    today = dt.date.today()
    first_day = dt.date(today.year - 1, 1, 1)
    communities = [r for r in regions.values() if r.tier is Tier.COMMUNITY]
    orgs = {o.id: o for o in await _all(platform, SocialOrganization)}
    activities = {a.id: a for a in await _all(platform, Activity)}
    assert 20 * len(communities) <= len(activities) <= 50 * len(communities)  # a few dozen each, over two years
    held_at = Counter(a.region_id for a in activities.values())
    assert all(held_at[c.id] >= 5 for c in communities)
    assert any(regions[a.region_id].tier is Tier.STREET for a in activities.values())
    assert {a.held_on.year for a in activities.values()} == {today.year - 1, today.year}
    for activity in activities.values():
        region = regions[activity.region_id]
        assert first_day <= activity.held_on <= today and activity.person_times > 0 and activity.category
        assert activity.title.startswith(region.name)
        if activity.organization_id is not None:
            host = regions[orgs[activity.organization_id].region_id]
            assert host.tenant_id == region.tenant_id
            assert host.id == region.id or host.id == region.street_id or region.id == host.street_id

    volunteers = {v.id: v for v in await _all(platform, Volunteer)}
    records = await _all(platform, ServiceRecord)
    for entry in records:
        volunteer = volunteers[entry.volunteer_id]
        assert volunteer.real_name_registered
        assert (entry.region_id, entry.tenant_id) == (volunteer.region_id, volunteer.tenant_id)
        assert volunteer.registered_on <= entry.served_on <= today and entry.served_on >= first_day
        assert 30 <= entry.minutes <= 480 <= MAX_MINUTES
        if entry.activity_id is not None:
            activity = activities[entry.activity_id]
            assert activity.tenant_id == entry.tenant_id and activity.held_on == entry.served_on
            assert activity.region_id in (volunteer.region_id, regions[volunteer.region_id].street_id)
    registered = [v for v in volunteers.values() if v.real_name_registered]
    served_now = {e.volunteer_id for e in records if e.served_on.year == today.year}
    assert 0.4 <= len(served_now) / len(registered) <= 0.6
    assert any(e.served_on.year == today.year - 1 for e in records)
    assert 0.4 <= sum(e.activity_id is not None for e in records) / len(records) <= 0.8


async def test_second_run_adds_nothing(platform: Any) -> None:
    await fill_demo_data(platform, **SIZES)
    counts, populations = await _counts(platform), _region_shape(await _regions(platform))
    report = await fill_demo_data(platform, seed=99, **SIZES)
    assert not report.added and "nothing added" in report.message
    assert all(value == 0 for value in report.counts().values())
    assert await _counts(platform) == counts
    assert _region_shape(await _regions(platform)) == populations


async def test_any_existing_element_row_blocks_the_fill(platform: Any) -> None:
    regions = await _regions(platform)
    community = next(r for r in regions.values() if r.tier is Tier.COMMUNITY)
    async with platform.sessions() as session, session.begin():
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="张三"))
    report = await fill_demo_data(platform, **SIZES)
    assert not report.added
    assert (await _counts(platform))["Volunteer"] == 1


async def test_budget_too_small_for_fund_hosts_still_gives_valid_funds(platform: Any) -> None:
    report = await fill_demo_data(platform, volunteers=10, organizations=0, workers=0)
    orgs = await _all(platform, SocialOrganization)
    assert report.organizations == len(orgs)
    for fund in await _all(platform, CommunityFund):
        host = next(o for o in orgs if o.id == fund.host_organization_id)
        assert host.public_fundraising and host.org_type is OrgType.CHARITY_ORGANIZATION


def _declared_division(regions: dict[int, Region], region: Region) -> str | None:
    """The division code declared on ``region`` or its nearest ancestor (first six digits)."""
    while region is not None:
        if region.division_code:
            return region.division_code[:6]
        region = regions.get(region.parent_id)
    return None


async def test_division_codes_come_from_the_regions(platform: Any) -> None:
    regions = await _regions(platform)
    assert any(r.division_code for r in regions.values())  # the installed plugins declare some
    await fill_demo_data(platform, volunteers=600, organizations=200, workers=200)
    registered = [o for o in await _all(platform, SocialOrganization) if o.credit_code]
    assert registered
    for org in registered:
        declared = _declared_division(regions, regions[org.region_id])
        if declared is not None:
            assert org.credit_code[2:8] == declared, org.name
        else:
            assert org.credit_code[2:8] in ORIGIN_CODES, org.name
    # volunteers live in their community; a worker's post may be elsewhere in the tenant
    tenant_codes: dict[int, set[str]] = {}
    for region in regions.values():
        if region.division_code:
            tenant_codes.setdefault(region.tenant_id, set()).add(region.division_code[:6])
    people = []
    for volunteer in await _all(platform, Volunteer):
        if volunteer.id_number_encrypted:
            chain, region = set(), regions[volunteer.region_id]
            while region is not None:
                if region.division_code:
                    chain.add(region.division_code[:6])
                region = regions.get(region.parent_id)
            people.append((_clear(platform, volunteer, "id_number"), chain))
    people += [(_clear(platform, w, "id_number"), tenant_codes.get(w.tenant_id, set()))
               for w in await _all(platform, SocialWorker)]
    local = 0
    for number, codes in people:
        assert number[:6] in ORIGIN_CODES or number[:6] in codes, number
        local += number[:6] in codes and number[:6] not in ORIGIN_CODES
    assert local > len(people) // 2  # most people are registered where they live


def _region(path: str, division_code: str | None = None, tier: Tier = Tier.DISTRICT) -> Region:
    return Region(tenant_id=1, code=path.rsplit("/", 1)[-1], name=path, tier=tier, path=path,
                  depth=path.count("/"), division_code=division_code)


def test_division_walks_up_to_the_nearest_declared_code() -> None:
    regions = [
        _region("shanhai", "990000", Tier.CITY),
        _region("shanhai/donghu", "990102"),
        _region("shanhai/xishan"),
        _region("shanhai/donghu/xiyuan", "990102003", Tier.STREET),
        _region("shanhai/donghu/xiyuan/chaoyang", "990102003004", Tier.COMMUNITY),
        _region("shanhai/xishan/beili", tier=Tier.STREET),
        _region("wuming", tier=Tier.CITY),
        _region("wuming/nanpo"),
    ]
    build = _Builder(None, regions, seed=1)  # type: ignore[arg-type]
    by_path = {r.path: r for r in regions}
    assert build.division(by_path["shanhai"]) == "990000"
    assert build.division(by_path["shanhai/donghu"]) == "990102"
    assert build.division(by_path["shanhai/xishan"]) == "990000"
    assert build.division(by_path["shanhai/xishan/beili"]) == "990000"
    assert build.division(by_path["shanhai/donghu/xiyuan"]) == "990102"  # six digits of the nine
    assert build.division(by_path["shanhai/donghu/xiyuan/chaoyang"]) == "990102"
    assert build.declared_division(by_path["wuming/nanpo"]) is None
    # without a declared code on the path: a generic code, the same for the same seed
    drawn = [build.division(by_path["wuming/nanpo"]) for _ in range(20)]
    assert set(drawn) <= set(ORIGIN_CODES)
    again = _Builder(None, regions, seed=1)  # type: ignore[arg-type]
    assert [again.division(by_path["wuming/nanpo"]) for _ in range(20)] == drawn


@pytest.mark.parametrize(("total", "weights"), [(10, [1, 1, 1]), (7, [5000, 1200, 800, 3]), (0, [3, 4]), (5, [0, 0])])
def test_apportion_is_exact(total: int, weights: list[int]) -> None:
    shares = _apportion(total, weights)
    assert sum(shares) == total and all(s >= 0 for s in shares)
