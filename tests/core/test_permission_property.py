"""Property test of the permission layer against an independent oracle (SECURITY.md test 1 and 3).

A world of random roles, policies and assignments over the real tier tree of several tenants;
then at least 10,000 generated (user, tenant, region, resource, action, object) cases check that
the single-object check and the SQL list filter both agree with an oracle written here from the
rules alone (paths, tenants and a plain dict of policy lines — no Casbin, no grants):
zero cross-tenant allows, zero upward or sideways allows, zero disagreements.
"""

import random
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from core import db
from core.models import (
    Region,
    Role,
    RoleAssignment,
    RolePermission,
    Tenant,
    User,
    Volunteer,
)
from core.tree.tiers import TIER_ORDER

RESOURCES = ("region", "volunteer")
ACTIONS = ("read", "update", "dispatch")
ROLE_CODES = ("r1", "r2", "r3", "r4")


@dataclass
class World:
    regions: dict[int, Region]
    volunteers: dict[int, Volunteer]
    users: list[User]
    principals: dict[str, object]
    assignments: dict[int, list[tuple[str, int]]]  # user id → (role code, region id), as stored
    lines: set[tuple[int, str, str, str, str]]  # (tenant, role, tier or *, resource, action)
    listed: dict[tuple[str, str, str], set[int]]  # (user, resource, action) → ids the SQL filter returns


def oracle(world: World, user: User, region: Region, resource: str, action: str) -> bool:
    """From the rules alone: same tenant, object at or below an assignment's region, a policy line."""
    if region.tenant_id != user.tenant_id:
        return False
    for role, region_id in world.assignments.get(user.id, []):  # type: ignore[arg-type]
        held = world.regions[region_id]
        if held.tenant_id != user.tenant_id:
            continue  # an assignment into another tenant grants nothing
        if not (region.path == held.path or region.path.startswith(held.path + "/")):
            continue
        for tier in ("*", region.tier.value):
            if (user.tenant_id, role, tier, resource, action) in world.lines:
                return True
    return False


async def build_world(platform, seed: int = 11) -> World:
    rng = random.Random(seed)
    async with db.transaction(platform.sessions) as session:
        tenants = (await session.exec(select(Tenant))).all()
        regions = {r.id: r for r in (await session.exec(select(Region))).all()}
        by_tenant = {t.id: [r for r in regions.values() if r.tenant_id == t.id] for t in tenants}
        lines: set[tuple[int, str, str, str, str]] = set()
        roles: dict[tuple[int, str], Role] = {}
        for tenant in tenants:
            for code in ROLE_CODES:  # the same codes in every tenant, with different policies
                role = Role(tenant_id=tenant.id, code=code, label=code, tier=rng.choice(TIER_ORDER), origin="test")
                session.add(role)
                roles[(tenant.id, code)] = role
                for _ in range(rng.randint(4, 12)):
                    tier = "*" if rng.random() < 0.5 else rng.choice(TIER_ORDER).value
                    line = (tenant.id, code, tier,
                            rng.choice(RESOURCES), rng.choice(ACTIONS))
                    if line not in lines:
                        lines.add(line)
                        session.add(RolePermission(tenant_id=line[0], role_code=line[1], tier=line[2],
                                                   resource=line[3], action=line[4]))
        await session.flush()
        users, assignments = [], {}
        for i in range(24):
            tenant = rng.choice(tenants)
            user = User(username=f"u{i}", tenant_id=tenant.id)
            session.add(user)
            await session.flush()
            users.append(user)
            held = []
            for _ in range(rng.randint(0, 4)):
                # mostly in the user's tenant, high in the tree; sometimes (as a corrupt row would) elsewhere
                pool = by_tenant[tenant.id] if rng.random() < 0.85 else list(regions.values())
                region = min(rng.sample(pool, 3), key=lambda r: r.depth)
                code = rng.choice(ROLE_CODES)
                role = roles[(region.tenant_id, code)]
                if (code, region.id) in held:
                    continue
                held.append((code, region.id))
                session.add(RoleAssignment(tenant_id=region.tenant_id, user_id=user.id, role_id=role.id, region_id=region.id))
            assignments[user.id] = held
        for region in regions.values():
            for _ in range(rng.randint(0, 2)):
                session.add(Volunteer(tenant_id=region.tenant_id, region_id=region.id, name="v"))
        from core.access.policy import bump_version

        await bump_version(session)
    async with platform.sessions() as session:
        volunteers = {v.id: v for v in (await session.exec(select(Volunteer))).all()}
        principals = {u.username: await platform.principal(session, u.username) for u in users}
        listed = {}
        from core.access.grants import visible

        for user in users:
            principal = principals[user.username]
            for resource in RESOURCES:
                model = Region if resource == "region" else Volunteer
                for action in ACTIONS:
                    query = visible(model, principal, action).with_only_columns(col(model.id))
                    listed[(user.username, resource, action)] = set((await session.exec(query)).all())
    return World(regions, volunteers, users, principals, assignments, lines, listed)


async def test_ten_thousand_cases_agree_with_the_oracle(platform):
    world = await build_world(platform)
    region_ids = sorted(world.regions)
    volunteer_ids = sorted(world.volunteers)
    seen = {"allowed": 0, "denied": 0, "cross_tenant": 0}

    near: dict[str, list[int]] = {}  # regions at or below the user's own assignments
    for user in world.users:
        held = [world.regions[r] for _, r in world.assignments.get(user.id, [])]
        near[user.username] = [r.id for r in world.regions.values()
                               if any(r.path == h.path or r.path.startswith(h.path + "/") for h in held)] or region_ids
    in_region: dict[int, list[int]] = {}
    for v in world.volunteers.values():
        in_region.setdefault(v.region_id, []).append(v.id)

    @settings(max_examples=10_000, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def case(data):
        user = data.draw(st.sampled_from(world.users))
        resource = data.draw(st.sampled_from(RESOURCES))
        action = data.draw(st.sampled_from(ACTIONS))
        # half the cases look where the user holds roles, half anywhere (other tenants included)
        pool = near[user.username] if data.draw(st.booleans()) else region_ids
        region_id = data.draw(st.sampled_from(pool))
        principal = world.principals[user.username]
        region = world.regions[region_id]
        if resource == "region":
            object_id = region_id
        else:
            candidates = in_region.get(region_id)
            object_id = data.draw(st.sampled_from(candidates)) if candidates else data.draw(st.sampled_from(volunteer_ids))
            region = world.regions[world.volunteers[object_id].region_id]
        expected = oracle(world, user, region, resource, action)
        single = principal.may(resource, action, region)
        listed = object_id in world.listed[(user.username, resource, action)]
        assert single == expected, (user.username, resource, action, region.path)
        assert listed == expected, (user.username, resource, action, region.path)
        if single and region.tenant_id != user.tenant_id:
            raise AssertionError("a cross-tenant allow")
        seen["allowed" if expected else "denied"] += 1
        seen["cross_tenant"] += region.tenant_id != user.tenant_id

    case()
    assert seen["allowed"] + seen["denied"] >= 10_000
    assert seen["allowed"] > 1000 and seen["cross_tenant"] > 1000, seen  # both answers were exercised


async def test_no_upward_or_sideways_allow_for_any_assignment(platform):
    """Exhaustively: a user never reaches a region that is not at or below one of its own assignments."""
    world = await build_world(platform, seed=5)
    for user in world.users:
        principal = world.principals[user.username]
        own = [world.regions[r] for _, r in world.assignments.get(user.id, [])]
        for region in world.regions.values():
            below = any(region.path == h.path or region.path.startswith(h.path + "/")
                        for h in own if h.tenant_id == user.tenant_id)
            for resource in RESOURCES:
                for action in ACTIONS:
                    if principal.may(resource, action, region):
                        assert below and region.tenant_id == user.tenant_id, (user.username, region.path)
