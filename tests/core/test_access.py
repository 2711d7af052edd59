"""The one access layer: lists, counts and lookups by id agree, and nothing crosses a scope."""

import random
import sys
import threading

import casbin
import pytest
from sqlmodel import col, select

from core import db
from core.access.grants import Assignment, Principal, get_visible, region_at, visible
from core.access.policy import Policy
from core.errors import NotFound
from core.models import Region, Tenant, Volunteer
from core.testing import graphql
from core.tree.tiers import Tier


async def _fill(platform, rng: random.Random, per_community: int = 2) -> None:
    async with db.transaction(platform.sessions) as session:
        communities = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).all()
        for region in communities:
            for i in range(per_community):
                session.add(Volunteer(tenant_id=region.tenant_id, region_id=region.id, name=f"{region.code}-{i}"))
        # a few living at a street too, so not every row sits at the bottom tier
        streets = (await session.exec(select(Region).where(Region.tier == Tier.STREET))).all()
        for region in rng.sample(list(streets), 5):
            session.add(Volunteer(tenant_id=region.tenant_id, region_id=region.id, name=f"{region.code}-s"))


def reader_policy(tenant_ids) -> Policy:
    """A role ``reader`` that may read regions and volunteers at every tier, in every tenant."""
    lines = [(t, "reader", "*", resource, "read") for t in tenant_ids for resource in ("region", "volunteer")]
    return Policy(lines, version=1)


def holding(region: Region) -> Assignment:
    return Assignment("reader", region.id, region.tier, region.path)  # type: ignore[arg-type]


def oracle(principal: Principal, row_region: Region) -> bool:
    """Independent of the SQL: the row's path lies under one of the principal's assignment paths, same tenant."""
    if principal.platform_admin:
        return True
    return row_region.tenant_id == principal.tenant_id and any(
        row_region.path == a.path or row_region.path.startswith(a.path + "/") for a in principal.assignments
    )


async def test_lists_lookups_and_oracle_agree_for_random_principals(platform):
    rng = random.Random(7)
    await _fill(platform, rng)
    async with platform.sessions() as session:
        regions = {r.id: r for r in (await session.exec(select(Region))).all()}
        rows = (await session.exec(select(Volunteer))).all()
        by_tenant: dict[int, list[Region]] = {}
        for region in regions.values():
            by_tenant.setdefault(region.tenant_id, []).append(region)
        policy = reader_policy(by_tenant)
        for _ in range(60):
            tenant_id = rng.choice(list(by_tenant))
            # scopes are usually in the principal's tenant; sometimes (wrongly) in another one
            pool = by_tenant[tenant_id] if rng.random() < 0.8 else list(regions.values())
            held = tuple(holding(r) for r in rng.sample(pool, rng.randint(0, 3)))
            principal = Principal(username="u", tenant_id=tenant_id, assignments=held, policy=policy)
            expected = {v.id for v in rows if oracle(principal, regions[v.region_id])}
            listed = set((await session.exec(visible(Volunteer, principal).with_only_columns(col(Volunteer.id)))).all())
            assert listed == expected
            for row in rng.sample(list(rows), 10):
                try:
                    await get_visible(session, Volunteer, row.id, principal)
                    allowed = True
                except NotFound:
                    allowed = False
                assert allowed == (row.id in expected)
            seen_regions = set((await session.exec(visible(Region, principal).with_only_columns(col(Region.id)))).all())
            assert seen_regions == {r.id for r in regions.values() if oracle(principal, r)}


async def test_a_street_scope_sees_its_subtree_only(platform):
    async with platform.sessions() as session:
        street = await region_at(session, "chongqing/qianjiang/zhengyang", Principal("admin", platform_admin=True))
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        principal = Principal("street-user", tenant_id=tenant.id, assignments=(holding(street),), policy=reader_policy([tenant.id]))
        seen = (await session.exec(visible(Region, principal))).all()
        assert sorted(r.path for r in seen) == sorted(
            ["chongqing/qianjiang/zhengyang"]
            + [f"chongqing/qianjiang/zhengyang/{c}" for c in ("chaoyang", "qunli", "tongping", "jifu", "tuanjie")]
        )
        for path in ("chongqing", "chongqing/qianjiang", "panjin", "tianjin/hexi"):
            with pytest.raises(NotFound):
                await region_at(session, path, principal)


async def test_no_scope_or_no_tenant_sees_nothing(platform):
    async with platform.sessions() as session:
        street = await region_at(session, "panjin/dawa/tianjia", Principal("admin", platform_admin=True))
        policy = reader_policy([street.tenant_id, street.tenant_id + 1])
        for principal in (
            Principal("nobody", policy=policy),
            Principal("no-assignment", tenant_id=street.tenant_id, policy=policy),
            Principal("no-policy", tenant_id=street.tenant_id, assignments=(holding(street),)),
            Principal("wrong-tenant", tenant_id=street.tenant_id + 1, assignments=(holding(street),), policy=policy),
        ):
            assert (await session.exec(visible(Region, principal))).all() == []


async def test_a_tenant_user_without_assignments_gets_nothing_through_graphql(platform, client):
    from core.models import User

    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        session.add(User(username="cq-clerk", tenant_id=tenant.id))
    token = await platform.token_for("cq-clerk")
    body = await graphql(client, '{ region(path: "chongqing") { name } tenants { code } }', token=token)
    assert body["data"] is None or body["data"]["region"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await graphql(client, "{ tenants { code } }", token=token)
    assert body["data"]["tenants"] == []


async def test_seeing_a_whole_subtree_means_the_filter_keeps_every_row_of_it(platform):
    """``sees_subtree`` (which lets ``Region.counts`` read the kept sums) is never true where the
    filter of the lists would leave a row of the subtree out; and it is true wherever one grant (or
    several held above) allows every tier of the subtree. Random roles, each allowing volunteers at
    a random set of tiers, held at random regions."""
    rng = random.Random(11)
    await _fill(platform, rng, per_community=1)
    async with db.transaction(platform.sessions) as session:  # rows at every street and district too
        for region in (await session.exec(select(Region).where(col(Region.tier).in_([Tier.STREET, Tier.DISTRICT])))).all():
            session.add(Volunteer(tenant_id=region.tenant_id, region_id=region.id, name=f"{region.code}-x"))
    async with platform.sessions() as session:
        regions = {r.id: r for r in (await session.exec(select(Region))).all()}
        rows = (await session.exec(select(Volunteer))).all()
        tenant_id = (await session.exec(select(Tenant.id).where(Tenant.code == "panjin"))).one()
        pool = [r for r in regions.values() if r.tenant_id == tenant_id]
        roles = {f"r{i}": rng.sample(list(Tier), rng.randint(1, len(Tier))) for i in range(6)}
        policy = Policy([(tenant_id, role, tier.value, resource, "read") for role, tiers in roles.items()
                         for tier in tiers for resource in ("region", "volunteer")], version=1)
        wholes = partials = 0
        for _ in range(40):
            held = tuple(Assignment(rng.choice(list(roles)), r.id, r.tier, r.path) for r in rng.sample(pool, rng.randint(1, 3)))
            principal = Principal(username="u", tenant_id=tenant_id, assignments=held, policy=policy)
            listed = set((await session.exec(visible(Volunteer, principal).with_only_columns(col(Volunteer.id)))).all())
            upper = [r for r in pool if r.tier is not Tier.COMMUNITY]
            for region in upper + rng.sample([r for r in pool if r.tier is Tier.COMMUNITY], 5):
                inside = {v.id for v in rows if regions[v.region_id].ancestor_id(region.tier) == region.id}
                below = {region.tier, *region.tier.below()}
                one_grant = any(g.covers_subtree(region) and g.tiers >= below for g in principal.grants("volunteer", "read"))
                if principal.sees_subtree("volunteer", "read", region):
                    wholes += 1
                    assert inside <= listed, (region.path, held)
                else:
                    partials += 1
                    assert not one_grant, (region.path, held)
        assert wholes > 40 and partials > 40, (wholes, partials)
        other = next(r for r in regions.values() if r.tenant_id != tenant_id)
        everything = Principal(username="u", tenant_id=tenant_id, policy=policy,
                               assignments=tuple(Assignment(role, r.id, r.tier, r.path) for role in roles
                                                 for r in pool if r.parent_id is None))
        assert not everything.sees_subtree("volunteer", "read", other)
        assert Principal("admin", platform_admin=True).sees_subtree("volunteer", "read", other)


def test_a_policy_is_loaded_without_searching_the_lines_already_loaded(monkeypatch):
    """A reload reads every tenant's lines into one enforcer, in every worker: Casbin's ``add_policies``
    looked each line up in the list of those before it (16,000 lines took 4.5 s). The lines are
    given as its adapter's, appended once each, and decide as before."""
    searched = []
    has_policy = casbin.model.Model.has_policy
    monkeypatch.setattr(casbin.model.Model, "has_policy",
                        lambda self, *args: searched.append(args) or has_policy(self, *args))
    lines = [(t, f"role{r}", "*" if r % 2 else "street", "volunteer", action)
             for t in range(1, 21) for r in range(10) for action in ("read", "update")]
    policy = Policy([*lines, *lines[:7]], version=3)  # a line given twice is held once
    assert searched == []
    assert len(policy.enforcer.get_policy()) == len(lines)
    assert policy.allows(4, "role1", Tier.COMMUNITY, "volunteer", "update")
    assert policy.allows(4, "role2", Tier.STREET, "volunteer", "read")
    assert not policy.allows(4, "role2", Tier.COMMUNITY, "volunteer", "read")
    assert not policy.allows(21, "role1", Tier.STREET, "volunteer", "read")
    assert policy.lines_of(4, "role2") == [["4", "role2", "street", "volunteer", "read"],
                                           ["4", "role2", "street", "volunteer", "update"]]


def test_a_policy_loaded_is_not_written_to_the_log(caplog):
    """Casbin logs every line it loads unless its loggers are off, which its enforcer does once made:
    a reload would have written every tenant's permissions to the log, a line of megabytes."""
    caplog.set_level("DEBUG")
    policy = Policy([(1, "auditor_of_logs", "*", "volunteer", "read")], version=1)
    assert policy.allows(1, "auditor_of_logs", Tier.STREET, "volunteer", "read")
    assert "auditor_of_logs" not in caplog.text


def test_one_policy_asked_from_several_threads_at_once_answers_each():
    """Casbin parses its matcher with ``ast.parse`` at every decision, and CPython 3.11 keeps the
    parser's recursion depth in interpreter-wide state: two threads deciding at once failed with
    "AST constructor recursion depth mismatch" (a real server in a thread beside the test's client,
    in CI). Decisions on one policy are taken one at a time."""
    policy = Policy([(1, "worker", "street", "case", "read")], version=1)
    failures: list[BaseException] = []

    def decide() -> None:
        try:
            for _ in range(2000):
                assert policy.allows(1, "worker", Tier.STREET, "case", "read")
                assert not policy.allows(1, "worker", Tier.COMMUNITY, "case", "read")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=decide) for _ in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change hands at every chance, as under load
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
