"""The summary tables equal a recomputation from raw data, whatever the writes (issue 5, item 4).

Random adds, edits, moves and deletes of every counted table, and of the regions themselves
(population, kind, a community moving street, a new community), go through ORM sessions in random
batches; after each transaction the stored summaries must equal what a full recomputation from the
raw rows gives (``summary.differences``: the subtree sums through the ancestor columns, an
independent path), and a failed transaction must leave them untouched.
"""

import asyncio
import datetime as dt
import random
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.dialects.sqlite import aiosqlite as sqlite_aiosqlite
from sqlalchemy.orm import Session
from sqlmodel import Session as ModelSession
from sqlmodel import select

from core import db
from core.errors import FieldError
from core.indicators import summary
from core.models import (
    Activity,
    CertificateLevel,
    CommunityFund,
    CommunityProfile,
    Demonstration,
    Donation,
    DonationForm,
    DonorKind,
    OrgType,
    Region,
    RegionSummary,
    RegionYearSummary,
    Registration,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Tenant,
    Volunteer,
    WorkerPost,
)
from core.models.summary import subtree_summary
from core.services.regions import add_region, move_region
from core.testing import platform_wide, schema_differences
from core.tree.tiers import CommunityKind, Tier

TODAY = dt.date.today()


async def _differences(platform) -> list[str]:
    async with platform_wide(platform) as connection:
        return await connection.run_sync(lambda c: summary.differences(c))


class World:
    """Random writes over one tenant's communities and streets."""

    def __init__(self, rng: random.Random, communities: list[Region], streets: list[Region]) -> None:
        self.rng, self.communities, self.streets = rng, communities, streets
        self.serial = 0

    def place(self) -> Region:
        return self.rng.choice(self.communities)

    def day(self) -> dt.date:
        return TODAY - dt.timedelta(days=self.rng.randrange(0, 800))

    def next(self) -> int:
        self.serial += 1
        return self.serial

    def volunteer(self) -> Volunteer:
        c = self.place()
        return Volunteer(tenant_id=c.tenant_id, region_id=c.id, name=f"志愿者{self.next()}",
                         real_name_registered=self.rng.random() < 0.8, registered_on=TODAY)

    def worker(self) -> SocialWorker:
        c = self.rng.choice(self.communities + self.streets)
        n = self.next()
        post = WorkerPost.SOCIAL_WORK_STATION if c.tier is Tier.STREET and self.rng.random() < 0.5 else WorkerPost.COMMUNITY
        return SocialWorker(tenant_id=c.tenant_id, region_id=c.id, name=f"社工{n}", id_number_encrypted="x",
                            id_number_hash=f"h{n}", id_number_masked="1101**", birth_year=1990, sex="female",
                            certificate_level=self.rng.choice(list(CertificateLevel)), post=post,
                            is_community_worker=self.rng.random() < 0.6, is_full_time=self.rng.random() < 0.7)

    def organization(self) -> SocialOrganization:
        c = self.place()
        return SocialOrganization(tenant_id=c.tenant_id, region_id=c.id, name=f"组织{self.next()}",
                                  org_type=self.rng.choice(list(OrgType)), registration=Registration.FILED,
                                  charity_focus=self.rng.random() < 0.3, full_time_staff=self.rng.randrange(0, 9))

    def activity(self) -> Activity:
        c = self.place()
        return Activity(tenant_id=c.tenant_id, region_id=c.id, title=f"活动{self.next()}", held_on=self.day(),
                        person_times=self.rng.randrange(0, 80), sessions=self.rng.choice((1, 1, 1, 4)))


async def _random_transaction(platform, world: World, rng: random.Random) -> None:
    async with db.transaction(platform.sessions) as session:
        for _ in range(rng.randrange(1, 4)):  # several flushes per transaction
            action = rng.random()
            volunteers = (await session.exec(select(Volunteer))).all()
            if action < 0.2 or not volunteers:
                session.add_all([world.volunteer() for _ in range(rng.randrange(1, 6))])
            elif action < 0.45:
                for v in rng.sample(volunteers, min(len(volunteers), 3)):
                    session.add(ServiceRecord(tenant_id=v.tenant_id, region_id=v.region_id, volunteer_id=v.id,
                                              served_on=world.day(), minutes=rng.randrange(30, 300)))
            elif action < 0.55:  # a volunteer moves: both communities change
                v = rng.choice(volunteers)
                v.region_id = world.place().id
                v.real_name_registered = rng.random() < 0.8
                session.add(v)
            elif action < 0.62:
                session.add(world.worker())
            elif action < 0.69:
                session.add(world.organization())
            elif action < 0.76:
                session.add(world.activity())
            elif action < 0.83:
                c = world.place()
                profile = (await session.exec(select(CommunityProfile).where(CommunityProfile.region_id == c.id))).first()
                profile = profile or CommunityProfile(tenant_id=c.tenant_id, region_id=c.id)
                profile.has_volunteer_station = rng.random() < 0.5
                profile.has_social_work_room = rng.random() < 0.5
                profile.demonstration = rng.choice(list(Demonstration))
                profile.demonstration_since = world.day()
                session.add(profile)
            elif action < 0.88:
                host = SocialOrganization(tenant_id=world.communities[0].tenant_id, region_id=world.place().id,
                                          name=f"慈善会{world.next()}", org_type=OrgType.CHARITY_ORGANIZATION,
                                          registration=Registration.FILED)
                session.add(host)
                await session.flush()
                c = world.place()
                fund = CommunityFund(tenant_id=c.tenant_id, region_id=c.id, name=f"基金{world.next()}",
                                     host_organization_id=host.id)
                session.add(fund)
                await session.flush()
                money = rng.random() < 0.6
                session.add(Donation(tenant_id=c.tenant_id, region_id=c.id, fund_id=fund.id if rng.random() < 0.8 else None,
                                     donor_name="某企业", donor_kind=DonorKind.ENTERPRISE,
                                     form=DonationForm.MONEY if money else DonationForm.IN_KIND,
                                     amount_fen=rng.randrange(100, 10**6) if money else 0,
                                     in_kind_description=None if money else "米面油",
                                     in_kind_value_fen=None if money else rng.randrange(100, 10**5),
                                     donated_on=world.day()))
            elif action < 0.93:  # the region's own facts change
                c = await session.get(Region, world.place().id)
                c.resident_population = rng.randrange(100, 5000)
                c.kind = rng.choice(list(CommunityKind))
                session.add(c)
            elif action < 0.96:  # a community moves to another street: two districts' sums change
                c = await session.get(Region, world.place().id)
                street = await session.get(Region, rng.choice(world.streets).id)
                if street.id != c.parent_id:
                    try:
                        async with session.begin_nested():
                            await move_region(session, c, street)
                    except FieldError:
                        pass  # its code is taken there
            elif action < 0.98:  # a new community
                street = await session.get(Region, rng.choice(world.streets).id)
                tenant = await session.get(Tenant, street.tenant_id)
                added = await add_region(session, parent=street, tenant=tenant, code=f"n{world.next()}",
                                              name="新社区", tier=Tier.COMMUNITY, kind=CommunityKind.URBAN,
                                              resident_population=rng.randrange(100, 5000))
                world.communities.append(added)
            else:  # a removal (an activity, or a volunteer without records)
                activity = (await session.exec(select(Activity))).first()
                if activity is not None:
                    await session.delete(activity)
                lonely = (await session.exec(select(Volunteer).where(
                    ~sa.exists().where(ServiceRecord.volunteer_id == Volunteer.id)))).first()
                if lonely is not None:
                    await session.delete(lonely)
            await session.flush()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_summaries_equal_a_recomputation_after_random_writes(platform, seed):
    rng = random.Random(seed)
    async with platform.sessions() as session:
        regions = (await session.exec(select(Region).where(Region.path.startswith("panjin")))).all()
    world = World(rng, [r for r in regions if r.tier is Tier.COMMUNITY], [r for r in regions if r.tier is Tier.STREET])
    for _ in range(30):
        await _random_transaction(platform, world, rng)
        assert await _differences(platform) == []
    async with platform.sessions() as session:  # the test did write something worth comparing
        assert (await session.exec(select(sa.func.sum(RegionSummary.volunteers)))).one() > 0


async def test_a_failed_transaction_leaves_the_summaries_as_they_were(platform):
    async with platform.sessions() as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
    with pytest.raises(RuntimeError):
        async with db.transaction(platform.sessions) as session:
            session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲",
                                  real_name_registered=True))
            await session.flush()
            raise RuntimeError("the request failed after the write")
    async with platform.sessions() as session:
        stored = (await session.exec(select(RegionSummary).where(RegionSummary.region_id == community.id))).first()
    assert stored is None or stored.volunteers == 0
    assert await _differences(platform) == []


async def test_the_summary_counts_a_new_volunteer_in_the_same_transaction(platform):
    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="乙", real_name_registered=True))
        await session.flush()
        stored = (await session.exec(select(RegionSummary).where(RegionSummary.region_id == community.id))).one()
        assert (stored.volunteers, stored.registered_volunteers) == (1, 1)
        # a row's sessions (场次) are summed, not its rows counted: a monthly report records several
        day = TODAY
        session.add_all([Activity(tenant_id=community.tenant_id, region_id=community.id, title=title, held_on=day,
                                  person_times=people, sessions=n) for title, people, n in (("甲", 30, 1), ("乙", 90, 4))])
        await session.flush()
        year = (await session.exec(select(RegionYearSummary).where(
            RegionYearSummary.region_id == community.id, RegionYearSummary.year == day.year))).one()
        assert (year.sessions, year.person_times) == (5, 120)


async def test_rebuild_restores_summaries_written_around_the_orm(platform):
    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="丙", real_name_registered=True))
    async with platform_wide(platform, begin=True) as connection:  # a bulk load bypasses the ORM
        await connection.execute(sa.insert(Volunteer).values(
            tenant_id=community.tenant_id, region_id=community.id, name="丁", real_name_registered=True,
            created_at=sa.func.now(), updated_at=sa.func.now()))
    assert any("registered_volunteers is 1, recomputed 2" in d for d in await _differences(platform))
    async with platform_wide(platform, begin=True) as connection:
        await connection.run_sync(lambda c: summary.rebuild(c))
    assert await _differences(platform) == []


async def _stored_totals(platform, region_id: int) -> RegionSummary:
    async with platform.sessions() as session:
        return (await session.exec(select(RegionSummary).where(RegionSummary.region_id == region_id))).one()


async def test_a_create_adds_its_share_to_the_counts_stored_and_counts_no_other_row(platform):
    """A new counted row adds its share to the region's row, so that a create costs the same in a
    community of ten volunteers as in one of a thousand: the counts stored are not counted again
    (here made wrong on purpose, they stay wrong by as much), nor are the columns of the other
    sources. A change or a removal, whose share before is not known, counts the region again."""
    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        kept = Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲", real_name_registered=True)
        session.add(kept)
    async with platform_wide(platform, begin=True) as connection:  # written around the ORM: off by 100 and 7
        await connection.execute(sa.update(RegionSummary).where(RegionSummary.region_id == community.id)
                                 .values(volunteers=101, social_workers=7))
    async with db.transaction(platform.sessions) as session:
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="乙", real_name_registered=False))
    stored = await _stored_totals(platform, community.id)
    assert (stored.volunteers, stored.registered_volunteers, stored.social_workers) == (102, 1, 7)
    async with db.transaction(platform.sessions) as session:  # a change: the volunteers' columns counted again
        changed = await session.get(Volunteer, kept.id)
        changed.real_name_registered = False
        session.add(changed)
    stored = await _stored_totals(platform, community.id)
    assert (stored.volunteers, stored.registered_volunteers, stored.social_workers) == (2, 0, 7)


async def test_a_new_row_that_does_not_count_adds_nothing(platform):
    """A volunteer added as already gone (an end day given) is no share of the count: the sources'
    own conditions hold for the rows added as for the rows counted."""
    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲", real_name_registered=True))
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="乙", real_name_registered=True,
                              valid_from=TODAY - dt.timedelta(days=30), valid_to=TODAY - dt.timedelta(days=1)))
    stored = await _stored_totals(platform, community.id)
    assert (stored.volunteers, stored.registered_volunteers) == (1, 1)
    assert await _differences(platform) == []


def test_every_column_a_new_row_adds_to_is_a_count_or_a_sum():
    """The share of a new row of each counted table can be added (a distinct count, say, could not):
    the statements are built, which refuses any other kind of column."""
    for dialect in ("postgresql", "sqlite"):
        built = {model.__name__: summary._added_statement(dialect, sa.inspect(model).local_table)
                 for model in summary.TRACKED}
        assert all(built[name] is not None for name in (
            "Volunteer", "VolunteerTeam", "SocialWorker", "SocialOrganization", "CommunityFund", "CommunityProfile"))
        assert all(built[name] is None for name in ("Activity", "ServiceRecord", "Donation"))  # the yearly rows only


async def test_two_transactions_writing_in_one_community_both_count(platform):
    """The second commits while the first is open (PostgreSQL: the summaries' statements travel with
    each commit) or waits for its write lock (SQLite); both new rows are counted."""
    import asyncio

    async with platform.sessions() as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()

    def volunteer(name: str) -> Volunteer:
        return Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=name, real_name_registered=True)

    async with platform.sessions() as first, platform.sessions() as second:
        await first.begin()
        first.add(volunteer("甲"))
        await first.flush()  # holds the community's lock (PostgreSQL) or the write lock (SQLite)

        async def other() -> None:
            await second.begin()
            second.add(volunteer("乙"))
            await second.flush()
            await second.commit()

        waiting = asyncio.create_task(other())
        await asyncio.sleep(0.3)
        await first.commit()
        await asyncio.wait_for(waiting, 10)
    async with platform.sessions() as session:
        stored = (await session.exec(select(RegionSummary).where(RegionSummary.region_id == community.id))).one()
    assert stored.volunteers == 2
    assert await _differences(platform) == []


async def test_two_moves_into_one_community_committed_at_once_both_count(platform, database_url):
    """A move recounts its regions. Two transactions moving a volunteer each into one community, whose
    commits (and so their summaries' statements) are sent at the same moment: the regions' lock makes
    the second recount after the first has committed, so neither count is lost (PostgreSQL; SQLite
    has one writer, and the test above covers it)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one transaction write at a time")
    async with platform.sessions() as session:
        street = (await session.exec(select(Region).where(Region.path == "panjin/dawa/tianjia"))).one()
        here, there = (await session.exec(select(Region).where(Region.parent_id == street.id)
                                          .order_by(Region.id).limit(2))).all()
    async with db.transaction(platform.sessions) as session:
        movers = [Volunteer(tenant_id=there.tenant_id, region_id=there.id, name=name, real_name_registered=True)
                  for name in ("甲", "乙")]
        session.add_all(movers)
    counted_before = await _volunteers_counted(platform, here.id)
    for _ in range(5):
        async with platform.sessions() as first, platform.sessions() as second:
            for session, mover in ((first, movers[0]), (second, movers[1])):
                await session.begin()
                moving = await session.get(Volunteer, mover.id)
                moving.region_id = there.id if moving.region_id == here.id else here.id
                session.add(moving)
                await session.flush()
            await asyncio.gather(first.commit(), second.commit())
        assert await _differences(platform) == []
    assert await _volunteers_counted(platform, here.id) == counted_before + 2  # five moves each: both in here


async def _volunteers_counted(platform, region_id: int) -> int:
    async with platform.sessions() as session:
        stored = await session.get(RegionSummary, region_id)
        return stored.volunteers if stored is not None else 0


async def test_moving_a_community_moves_its_sums_to_the_new_ancestors(platform):
    from core.indicators.rollup import subtree_sums

    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.path == "panjin/dawa/tianjia/dabaozi"))).one()
        session.add_all([Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=f"志愿者{i}",
                                   real_name_registered=True) for i in range(3)])
    async with db.transaction(platform.sessions) as session:
        street = (await session.exec(select(Region).where(Region.tier == Tier.STREET, Region.tenant_id == community.tenant_id,
                                                          Region.id != community.street_id))).first()
        community = await session.get(Region, community.id)
        old = (community.street_id, community.district_id)
        await move_region(session, community, street)
    async with platform.sessions() as session:
        sums = await subtree_sums(session.exec, [*old, street.id, street.district_id], {"registered_volunteers"}, 2026)
    assert [sums[i]["registered_volunteers"] for i in old] == [0, 0]
    assert sums[street.id]["registered_volunteers"] == 3
    assert await _differences(platform) == []


async def test_init_fills_the_summaries_of_a_database_from_before_them(platform):
    """An upgrade: the data is there, the summary tables were just created empty."""
    async with db.transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲", real_name_registered=True))
    async with platform_wide(platform, begin=True) as connection:
        for table in ("subtree_summary", "region_year_summary", "region_summary"):
            await connection.execute(sa.text(f"DELETE FROM {table}"))
    assert await _differences(platform) != []
    await platform.init()
    assert await _differences(platform) == []


async def test_an_index_missing_from_an_existing_table_is_named_by_the_schema_check(platform):
    """Since migrations (core.migrations), `init` no longer patches a schema that drifted from the
    models: a dropped index of the summaries' plan is a difference `wushe migrate check` names."""
    assert await schema_differences(platform) == []
    owner = db.create_engine(platform.settings.owner_database_url or platform.settings.database_url)
    try:  # DDL is the owner's: the application's role may not drop an index
        async with owner.begin() as connection:
            await connection.execute(sa.text("DROP INDEX ix_region_district_tier"))
    finally:
        await owner.dispose()
    assert any("ix_region_district_tier" in line for line in await schema_differences(platform))


async def test_only_the_platforms_sessions_keep_summaries_and_importing_installs_nothing(platform):
    """The listeners are installed by the platform on its own session class, never on every
    SQLAlchemy session of the process by importing a module."""
    for shared in (Session, ModelSession):
        assert not sa.event.contains(shared, "before_flush", summary._before_flush)
    own = platform.sessions.kw["sync_session_class"]
    assert issubclass(own, ModelSession) and sa.event.contains(own, "after_flush", summary._after_flush)
    plain = db.session_factory(platform.engine)
    async with plain() as session:
        assert not sa.event.contains(type(session.sync_session), "after_flush", summary._after_flush)


async def test_two_transactions_writing_in_sibling_communities_both_count(platform):
    """Two communities of one street: neither waits for the other's region lock, and both add to the
    street's, district's … subtree sums, which neither may lose (PostgreSQL; SQLite has one writer)."""
    async with platform.sessions() as session:
        street = (await session.exec(select(Region).where(Region.path == "panjin/dawa/tianjia"))).one()
        one, two = (await session.exec(select(Region).where(Region.parent_id == street.id).order_by(Region.id).limit(2))).all()
    before = await _subtree_volunteers(platform, street.id)

    def volunteer(community: Region, name: str) -> Volunteer:
        return Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=name, real_name_registered=True)

    async with platform.sessions() as first, platform.sessions() as second:
        await first.begin()
        first.add(volunteer(one, "甲"))
        await first.flush()

        async def other() -> None:
            await second.begin()
            second.add(volunteer(two, "乙"))
            await second.flush()
            await second.commit()

        waiting = asyncio.create_task(other())
        await asyncio.sleep(0.3)
        await first.commit()
        await asyncio.wait_for(waiting, 10)
    assert await _subtree_volunteers(platform, street.id) == before + 2
    assert await _differences(platform) == []


async def _subtree_volunteers(platform, region_id: int) -> int:
    async with platform_wide(platform) as connection:
        statement = sa.select(subtree_summary.c.volunteers).where(subtree_summary.c.region_id == region_id,
                                                                  subtree_summary.c.year == 0)
        return (await connection.execute(statement)).scalar() or 0


# --- the subtree sums of a five-level tree, after each kind of write -----------------------------------

class Chain:
    """hebei › a city › two districts › a street in each › three communities: every community has four
    ancestors, so a write there changes five subtree rows."""

    def __init__(self, ids: dict[str, int], tenant_id: int) -> None:
        self.ids, self.tenant_id = ids, tenant_id

    async def sums(self, platform, column: str = "volunteers", year: int = 0) -> dict[str, int]:
        """``column`` of each region's subtree row (0 where it has none)."""
        statement = sa.select(subtree_summary.c.region_id, subtree_summary.c[column]).where(
            subtree_summary.c.region_id.in_(list(self.ids.values())), subtree_summary.c.year == year)
        async with platform_wide(platform) as connection:
            stored = dict((await connection.execute(statement)).all())
        return {name: stored.get(region_id, 0) for name, region_id in self.ids.items()}


async def _chain(platform) -> Chain:
    async with db.transaction(platform.sessions) as session:
        province = (await session.exec(select(Region).where(Region.path == "hebei"))).one()
        city = (await session.exec(select(Region).where(Region.parent_id == province.id).order_by(Region.id))).first()
        tenant = await session.get(Tenant, province.tenant_id)

        async def add(parent: Region, code: str, tier: Tier, **facts) -> Region:
            return await add_region(session, parent=parent, tenant=tenant, code=code, name=code, tier=tier, **facts)

        d1, d2 = await add(city, "d1", Tier.DISTRICT), await add(city, "d2", Tier.DISTRICT)
        s1, s2 = await add(d1, "s1", Tier.STREET), await add(d2, "s2", Tier.STREET)
        c1 = await add(s1, "c1", Tier.COMMUNITY, kind=CommunityKind.URBAN, resident_population=1000)
        c2 = await add(s1, "c2", Tier.COMMUNITY, kind=CommunityKind.RURAL, resident_population=500)
        c3 = await add(s2, "c3", Tier.COMMUNITY, kind=CommunityKind.URBAN, resident_population=200)
        regions = {"province": province, "city": city, "d1": d1, "d2": d2, "s1": s1, "s2": s2, "c1": c1, "c2": c2, "c3": c3}
        return Chain({name: region.id for name, region in regions.items()}, tenant.id)


def _volunteers(chain: Chain, community: str, n: int) -> list[Volunteer]:
    return [Volunteer(tenant_id=chain.tenant_id, region_id=chain.ids[community], name=f"{community}-{i}",
                      real_name_registered=True) for i in range(n)]


async def test_every_ancestor_follows_creates_updates_deletes_and_moves(platform):
    chain = await _chain(platform)
    before = await chain.sums(platform)
    assert before == dict.fromkeys(chain.ids, 0), before  # nothing counted in hebei yet
    population = await chain.sums(platform, "resident_population")
    assert [population[n] for n in ("province", "city", "d1", "d2", "s1", "s2")] == [1700, 1700, 1500, 200, 1500, 200]

    def expect(**counts: int) -> dict[str, int]:
        return dict.fromkeys(chain.ids, 0) | counts

    async with db.transaction(platform.sessions) as session:  # created: four in c1, one in c3
        session.add_all(_volunteers(chain, "c1", 4) + _volunteers(chain, "c3", 1))
    assert await chain.sums(platform) == expect(province=5, city=5, d1=4, s1=4, c1=4, d2=1, s2=1, c3=1)
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # updated: one moves to another district
        moving = (await session.exec(select(Volunteer).where(Volunteer.region_id == chain.ids["c1"]))).first()
        moving.region_id = chain.ids["c3"]
        session.add(moving)
    assert await chain.sums(platform) == expect(province=5, city=5, d1=3, s1=3, c1=3, d2=2, s2=2, c3=2)
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # deleted
        gone = (await session.exec(select(Volunteer).where(Volunteer.region_id == chain.ids["c3"]))).first()
        await session.delete(gone)
    assert await chain.sums(platform) == expect(province=4, city=4, d1=3, s1=3, c1=3, d2=1, s2=1, c3=1)
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # a year's flows, then that year gone again
        session.add(Activity(tenant_id=chain.tenant_id, region_id=chain.ids["c2"], title="义诊", held_on=dt.date(2024, 5, 1),
                             person_times=30, sessions=2))
    assert await chain.sums(platform, "person_times", 2024) == expect(province=30, city=30, d1=30, s1=30, c2=30)
    async with db.transaction(platform.sessions) as session:
        await session.delete((await session.exec(select(Activity).where(Activity.region_id == chain.ids["c2"]))).one())
    assert await chain.sums(platform, "person_times", 2024) == expect()
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # a community moves to the other district's street
        await move_region(session, await session.get(Region, chain.ids["c1"]), await session.get(Region, chain.ids["s2"]))
    assert await chain.sums(platform) == expect(province=4, city=4, d2=4, s2=4, c1=3, c3=1)
    assert (await chain.sums(platform, "communities")) == expect(province=3, city=3, d1=1, s1=1, c2=1, d2=2, s2=2, c1=1, c3=1)
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # a street moves, with its communities
        await move_region(session, await session.get(Region, chain.ids["s2"]), await session.get(Region, chain.ids["d1"]))
    assert await chain.sums(platform) == expect(province=4, city=4, d1=4, s2=4, c1=3, c3=1)
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # a community's own facts
        c3 = await session.get(Region, chain.ids["c3"])
        c3.resident_population = 700
        session.add(c3)
    population = await chain.sums(platform, "resident_population")
    assert [population[n] for n in ("province", "city", "d1", "d2", "s1", "s2", "c3")] == [2200, 2200, 2200, 0, 500, 1700, 700]
    assert await _differences(platform) == []

    async with db.transaction(platform.sessions) as session:  # a community placed anew through the ORM itself
        c2, d2 = await session.get(Region, chain.ids["c2"]), await session.get(Region, chain.ids["d2"])
        street = await add_region(session, parent=d2, tenant=await session.get(Tenant, chain.tenant_id), code="s3",
                                  name="s3", tier=Tier.STREET)
        c2.parent_id, c2.street_id, c2.district_id, c2.path = street.id, street.id, d2.id, f"{street.path}/c2"
        session.add(c2)
    chain.ids["s3"] = street.id
    population = await chain.sums(platform, "resident_population")
    assert [population[n] for n in ("province", "d1", "s1", "d2", "s3")] == [2200, 1700, 0, 500, 500]
    assert await _differences(platform) == []


# --- how many statements a write runs to keep the summaries --------------------------------------------

def recorded(platform) -> tuple[list[tuple[str, str]], object]:
    """The statements run on the platform's engine, each as (verb, table), until the listener is removed;
    not the scope a transaction sets first on PostgreSQL (core.db.tenancy), the same for every write."""
    seen: list[tuple[str, str]] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("SELECT set_config('wushe."):
            return
        words = statement.split()
        verb = words[0].upper()
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            seen.append((verb, ""))
            return
        target = re.search(r"\b(?:INTO|FROM|UPDATE)\s+(\w+)", statement, re.IGNORECASE)
        seen.append((verb, target.group(1) if target else ""))

    sa.event.listen(platform.engine.sync_engine, "before_cursor_execute", record)
    return seen, lambda: sa.event.remove(platform.engine.sync_engine, "before_cursor_execute", record)


async def test_a_create_keeps_the_summaries_in_a_few_statements_whatever_the_depth(platform, database_url):
    """A new volunteer at a community with four ancestors: its counts rewritten, its stamp renewed,
    and the five subtree rows changed by one statement (once one delete and one insert per
    ancestor); its yearly rows are left alone, a new volunteer has no hours yet."""
    chain = await _chain(platform)
    lock = [("SELECT", "region")] if database_url.startswith("postgresql") else []
    async with db.transaction(platform.sessions) as session:
        seen, stop = recorded(platform)
        try:
            session.add(_volunteers(chain, "c1", 1)[0])
            await session.flush()
        finally:
            stop()
    assert seen == [("INSERT", "volunteer"), *lock, ("INSERT", "region_summary"), ("INSERT", "summary_stamp"),
                    ("INSERT", "subtree_summary")]

    async with db.transaction(platform.sessions) as session:  # moved to another district: both places' rows
        volunteer = (await session.exec(select(Volunteer).where(Volunteer.region_id == chain.ids["c1"]))).one()
        seen, stop = recorded(platform)
        try:
            volunteer.region_id = chain.ids["c3"]
            session.add(volunteer)
            await session.flush()
        finally:
            stop()
    assert seen == [("UPDATE", "volunteer"), *lock, ("INSERT", "region_summary"),
                    ("DELETE", "region_year_summary"), ("INSERT", "region_year_summary"), ("INSERT", "summary_stamp"),
                    ("INSERT", "subtree_summary")]
    assert await chain.sums(platform) == dict.fromkeys(chain.ids, 0) | {"province": 1, "city": 1, "d2": 1, "s2": 1, "c3": 1}

    async with db.transaction(platform.sessions) as session:  # a flow only: the counts now and their stamp untouched
        seen, stop = recorded(platform)
        try:
            session.add(Activity(tenant_id=chain.tenant_id, region_id=chain.ids["c2"], title="义诊", held_on=TODAY,
                                 person_times=30, sessions=2))
            await session.flush()
        finally:
            stop()
    assert seen == [("INSERT", "activity"), *lock, ("DELETE", "region_year_summary"), ("INSERT", "region_year_summary"),
                    ("INSERT", "subtree_summary")]
    assert await _differences(platform) == []



async def test_regions_written_in_batches_settle_their_changes_as_one_statement_would(platform, monkeypatch):
    """A write touching more regions than a statement may name (a bulk import across a province) runs
    one statement per batch: each settles its own regions' changes, parents and children alike, in
    whatever batch the other lands."""
    monkeypatch.setattr(summary, "BATCH", 2)
    chain = await _chain(platform)
    async with db.transaction(platform.sessions) as session:
        session.add_all(_volunteers(chain, "c1", 2) + _volunteers(chain, "c2", 1) + _volunteers(chain, "c3", 3))
        session.add(Activity(tenant_id=chain.tenant_id, region_id=chain.ids["s1"], title="街道活动",
                             held_on=dt.date(2024, 3, 1), person_times=9, sessions=1))
        c2 = await session.get(Region, chain.ids["c2"])
        c2.resident_population = 800  # a fact, and the counted rows of its siblings, in one flush
        session.add(c2)
    assert await chain.sums(platform) == dict.fromkeys(chain.ids, 0) | {
        "province": 6, "city": 6, "d1": 3, "s1": 3, "c1": 2, "c2": 1, "d2": 3, "s2": 3, "c3": 3}
    assert (await chain.sums(platform, "person_times", 2024))["province"] == 9
    assert await _differences(platform) == []



@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_a_summary_statement_is_compiled_once_with_its_regions_as_parameters(dialect):
    """The statements a write runs are compiled once (per number of regions on PostgreSQL) and run
    as they are. On PostgreSQL each region is a parameter of its own: with an array of unknown length
    in their place, PostgreSQL planned the two largest statements anew at every write, on the HTTP
    bench's data (1.5 and 3.1 ms against 0.5 and 0.8: it keeps one plan of a prepared statement only
    when its parameters say as much as the values). On SQLite the regions are one JSON parameter,
    so one SQL serves any number of them."""
    target = postgresql_psycopg.dialect() if dialect == "postgresql" else sqlite_aiosqlite.dialect()
    volunteers = sa.inspect(Volunteer).local_table
    statements = [summary._totals_statement(dialect), *summary._yearly_statements(dialect), summary._restamp(dialect),
                  summary._subtree_change(dialect), summary._added_statement(dialect, volunteers),
                  summary._totals_statement(dialect, summary._arms_reading(frozenset({volunteers}))),
                  summary._subtree_change(dialect, ("volunteers", "registered_volunteers"))]
    for statement in statements:
        two, three = (summary._Driven.of(statement, target, n if dialect == "postgresql" else None) for n in (2, 3))
        if dialect == "postgresql":
            assert "%(ids_2)s" in two.sql and "%(ids_3)s" not in two.sql and "%(ids_3)s" in three.sql
            assert "[]" not in two.sql and "unnest" not in two.sql
        else:
            assert two == three and "json_each(?)" in two.sql and two.order is not None and "ids" in two.order
