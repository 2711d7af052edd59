"""``Region.counts``: the communities and the records not ended in a subtree, read from the kept
subtree sums where the viewer may read everything in the subtree, counted live (through the same
filter as the lists) where not — and the two agree."""

import itertools

from sqlmodel import select

from core import clock, db
from core.indicators import counts as element_counts
from core.indicators.counts import COUNTED
from core.models import Region, Tenant, Volunteer
from core.testing import create_role, graphql, row_id, user_with_role
from core.validators import id_number_check_digit
from core.web.graphql.errors import to_camel

DISTRICT = "chongqing/qianjiang"
STREET = f"{DISTRICT}/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
OTHER_COMMUNITY = f"{STREET}/qunli"
CHARITY_CODE = "53500000MJP5000002"  # a civil-affairs code with its GB 32100 check character
FIELDS = " ".join(to_camel(name) for name in COUNTED)

COUNTS = "query($p: String!) { region(path: $p) { counts { %s } } }" % FIELDS
TREE = """query($p: String!) { region(path: $p) { path counts { %s }
  children { path counts { %s } children { path counts { %s } children { path counts { %s } } } } } }""" % (
    (FIELDS,) * 4)
CREATE = "mutation($input: %sInput!) { create%s(input: $input) { result { id } errors { field message } } }"
UPDATE = "mutation($id: ID!, $input: %sPatch!) { update%s(id: $id, input: $input) { result { id } errors { field message } } }"
ADD_REGION = """mutation($parent: String!, $code: String!, $name: String!, $tier: Tier!) {
  addRegion(parent: $parent, code: $code, name: $name, tier: $tier) { result { path } errors { field message } } }"""
MOVE_REGION = """mutation($path: String!, $to: String!) {
  moveRegion(path: $path, newParent: $to) { result { path } errors { field message } } }"""

_serial = itertools.count(1)


def id_number() -> str:
    body = f"11010519800101{next(_serial):03d}"
    return body + id_number_check_digit(body)


def camel(counts: dict[str, int]) -> dict[str, int]:
    return {to_camel(name): number for name, number in counts.items()}


async def counts(client, token, path):
    body = await graphql(client, COUNTS, {"p": path}, token=token)
    assert "errors" not in body, body
    return body["data"]["region"]["counts"]


async def create(client, token, kind: str, **input_) -> str:
    body = await graphql(client, CREATE % (kind, kind), {"input": input_}, token=token)
    payload = body["data"][f"create{kind}"]
    assert payload["errors"] == [], payload
    return payload["result"]["id"]


async def update(client, token, kind: str, id_: str, **input_) -> None:
    body = await graphql(client, UPDATE % (kind, kind), {"id": id_, "input": input_}, token=token)
    assert body["data"][f"update{kind}"]["errors"] == [], body


async def region_change(client, token, query: str, **variables) -> None:
    body = await graphql(client, query, variables, token=token)
    (payload,) = body["data"].values()
    assert payload["errors"] == [], payload


async def live_counts(platform, username: str, paths: list[str]) -> dict[str, dict[str, int]]:
    """The live count (the filtered rows, counted one by one in SQL) of every measure, as ``username``
    may see it, at each region of ``paths``: the recomputation the kept sums must agree with."""
    async with platform.sessions() as session:
        principal = await platform.principal(session, username)
        regions = (await session.exec(select(Region).where(Region.path.in_(paths)))).all()  # type: ignore[attr-defined]
        found = await element_counts.live(session.exec, principal, {name: list(regions) for name in COUNTED})
    by_id = {region.id: region.path for region in regions}
    return {by_id[id_]: camel({name: found.get(id_, {}).get(name, 0) for name in COUNTED}) for id_ in by_id}


def flatten(node: dict, out: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    out[node["path"]] = node["counts"]
    for child in node.get("children", []):
        flatten(child, out)
    return out


async def assert_paths_agree(platform, client, token, username: str, root: str) -> dict[str, dict[str, int]]:
    """Every region of ``root``'s tree (four levels) as GraphQL answers it equals the live recount."""
    body = await graphql(client, TREE, {"p": root}, token=token)
    assert "errors" not in body, body
    answered = flatten(body["data"]["region"], {})
    assert answered == await live_counts(platform, username, list(answered))
    return answered


async def test_an_ended_record_no_longer_counts(client, admin_token):
    """A record's ``validTo`` is the day it ended: it no longer counts from then, in ``counts`` as in
    every indicator."""
    before = await counts(client, admin_token, DISTRICT)
    volunteer = await create(client, admin_token, "Volunteer", name="王芳", region=COMMUNITY)
    assert (await counts(client, admin_token, DISTRICT))["volunteers"] == before["volunteers"] + 1
    await update(client, admin_token, "Volunteer", volunteer, validTo=clock.today().isoformat())
    assert await counts(client, admin_token, DISTRICT) == before


async def test_kept_and_live_counts_agree_after_creates_updates_moves_and_deletes(platform, client, admin_token):
    token = admin_token
    charity = await create(client, token, "SocialOrganization", name="重庆市慈善总会", orgType="CHARITY_ORGANIZATION",
                           registration="REGISTERED", creditCode=CHARITY_CODE, publicFundraising=True,
                           region="chongqing")
    organizations = [await create(client, token, "SocialOrganization", name=f"社会组织{i}",
                                  orgType="COMMUNITY_SOCIAL_ORGANIZATION", registration=registration, region=region)
                     for i, (region, registration) in enumerate([(DISTRICT, "FILED"), (STREET, "FILED"),
                                                                 (COMMUNITY, "FILED"), (COMMUNITY, "FILED")])]
    workers = [await create(client, token, "SocialWorker", name=f"社工{i}", idNumber=id_number(),
                            certificateLevel="NONE", region=region)
               for i, region in enumerate([STREET, STREET, COMMUNITY, OTHER_COMMUNITY])]
    teams = [await create(client, token, "VolunteerTeam", name=f"志愿服务队{i}", region=region)
             for i, region in enumerate([COMMUNITY, OTHER_COMMUNITY])]
    volunteers = [await create(client, token, "Volunteer", name=f"志愿者{i}", region=region, realNameRegistered=i % 2 == 0,
                               **({"idNumber": id_number(), "registeredOn": "2024-03-01"} if i % 2 == 0 else {}))
                  for i, region in enumerate([COMMUNITY] * 4 + [OTHER_COMMUNITY] * 2)]
    funds = [await create(client, token, "CommunityFund", name=f"社区基金{i}", hostOrganizationId=charity, region=region)
             for i, region in enumerate([STREET, COMMUNITY])]

    first = await assert_paths_agree(platform, client, token, "admin", DISTRICT)
    assert first[DISTRICT] == {"communities": 5, "socialOrganizations": 4, "socialWorkers": 4, "volunteers": 6,
                               "volunteerTeams": 2, "communityFunds": 2}
    assert first[COMMUNITY] == {"communities": 1, "socialOrganizations": 2, "socialWorkers": 1, "volunteers": 4,
                                "volunteerTeams": 1, "communityFunds": 1}
    await assert_paths_agree(platform, client, token, "admin", "chongqing")

    # ended, reopened, moved to another region: each record counts where it is, while it lasts
    today = clock.today().isoformat()
    await update(client, token, "Volunteer", volunteers[0], validTo=today)
    await update(client, token, "SocialOrganization", organizations[2], validTo=today)
    await update(client, token, "CommunityFund", funds[1], validTo=today)
    await update(client, token, "VolunteerTeam", teams[0], validTo=today)
    await update(client, token, "SocialWorker", workers[0], validTo=today)
    await update(client, token, "SocialWorker", workers[0], validTo=None)
    await update(client, token, "Volunteer", volunteers[1], region=OTHER_COMMUNITY)
    await update(client, token, "SocialWorker", workers[1], region=OTHER_COMMUNITY)
    second = await assert_paths_agree(platform, client, token, "admin", DISTRICT)
    assert second[DISTRICT] == {"communities": 5, "socialOrganizations": 3, "socialWorkers": 4, "volunteers": 5,
                                "volunteerTeams": 1, "communityFunds": 1}
    assert second[COMMUNITY] == {"communities": 1, "socialOrganizations": 1, "socialWorkers": 1, "volunteers": 2,
                                 "volunteerTeams": 0, "communityFunds": 0}
    assert second[OTHER_COMMUNITY]["volunteers"] == 3 and second[OTHER_COMMUNITY]["socialWorkers"] == 2

    # regions added and moved, with their records: the counts follow the subtree
    await region_change(client, token, ADD_REGION, parent=DISTRICT, code="xinjie", name="新街街道", tier="STREET")
    await region_change(client, token, ADD_REGION, parent=f"{DISTRICT}/xinjie", code="xinyuan", name="新苑社区",
                        tier="COMMUNITY")
    await create(client, token, "Volunteer", name="新志愿者", region=f"{DISTRICT}/xinjie/xinyuan")
    await region_change(client, token, MOVE_REGION, path=COMMUNITY, to=f"{DISTRICT}/xinjie")
    third = await assert_paths_agree(platform, client, token, "admin", DISTRICT)
    moved = f"{DISTRICT}/xinjie/chaoyang"
    assert third[moved] == second[COMMUNITY]
    assert third[f"{DISTRICT}/xinjie"]["volunteers"] == 3 and third[f"{DISTRICT}/xinjie"]["communities"] == 2
    assert third[STREET]["volunteers"] == 3 and third[DISTRICT]["volunteers"] == 6
    await region_change(client, token, MOVE_REGION, path=f"{DISTRICT}/xinjie", to="chongqing/wanzhou")
    fourth = await assert_paths_agree(platform, client, token, "admin", "chongqing")
    assert fourth[DISTRICT]["volunteers"] == 3 and fourth["chongqing/wanzhou"]["volunteers"] == 3

    # a row deleted (no mutation deletes an element; the summaries follow any flush that does)
    async with db.transaction(platform.sessions) as session:
        row = await session.get(Volunteer, row_id(volunteers[4]))
        await session.delete(row)
    fifth = await assert_paths_agree(platform, client, token, "admin", "chongqing")
    assert fifth[DISTRICT]["volunteers"] == 2 and fifth["chongqing"] == {
        name: number - (name == "volunteers") for name, number in fourth["chongqing"].items()}


async def test_a_viewer_seeing_part_of_a_subtree_gets_the_filtered_live_count(platform, client, admin_token):
    """A role at the district that may read workers at communities only, organizations at the district
    and its streets only, and no teams or funds: what it cannot read in the subtree is not counted,
    exactly as its lists show; what it reads everywhere (regions, volunteers) is the kept sum."""
    token = admin_token
    charity = await create(client, token, "SocialOrganization", name="重庆市慈善总会", orgType="CHARITY_ORGANIZATION",
                           registration="REGISTERED", creditCode=CHARITY_CODE, publicFundraising=True,
                           region="chongqing")
    for region in (DISTRICT, STREET, COMMUNITY, COMMUNITY):
        await create(client, token, "SocialOrganization", name=f"社会组织{next(_serial)}",
                     orgType="COMMUNITY_SOCIAL_ORGANIZATION", registration="FILED", region=region)
    for region in (STREET, COMMUNITY, OTHER_COMMUNITY):
        await create(client, token, "SocialWorker", name="社工", idNumber=id_number(), certificateLevel="NONE", region=region)
    for region in (COMMUNITY, COMMUNITY, OTHER_COMMUNITY):
        await create(client, token, "Volunteer", name="志愿者", region=region)
    await create(client, token, "VolunteerTeam", name="志愿服务队", region=COMMUNITY)
    await create(client, token, "CommunityFund", name="社区基金", hostOrganizationId=charity, region=STREET)
    ended = await create(client, token, "SocialWorker", name="离职社工", idNumber=id_number(), certificateLevel="NONE",
                         region=COMMUNITY)
    await update(client, token, "SocialWorker", ended, validTo=clock.today().isoformat())

    made = await create_role(client, token, "partial_reader", "DISTRICT",
                             ["region:read", "volunteer:read", "social_worker:read@community",
                              "social_organization:read@district,street"], "chongqing")
    assert made["errors"] == [], made
    viewer = await user_with_role(platform, client, token, "partial", "chongqing", "partial_reader", DISTRICT)

    seen = await assert_paths_agree(platform, client, viewer, "partial", DISTRICT)
    everything = await assert_paths_agree(platform, client, token, "admin", DISTRICT)
    assert seen[DISTRICT] == {"communities": 5, "socialOrganizations": 2, "socialWorkers": 2, "volunteers": 3,
                              "volunteerTeams": 0, "communityFunds": 0}
    assert everything[DISTRICT] == {"communities": 5, "socialOrganizations": 4, "socialWorkers": 3, "volunteers": 3,
                                    "volunteerTeams": 1, "communityFunds": 1}
    # the counts match the lists the viewer may page through (records not ended)
    lists = """query($p: String!) { region(path: $p) { socialWorkers { nodes { validTo } }
      socialOrganizations { nodes { validTo } } } }"""
    body = await graphql(client, lists, {"p": DISTRICT}, token=viewer)
    for field in ("socialWorkers", "socialOrganizations"):
        assert seen[DISTRICT][field] == sum(n["validTo"] is None for n in body["data"]["region"][field]["nodes"])


async def test_every_tenant_root_counts_its_own_tenant(platform, client, admin_token):
    """The platform admin sees every tenant: each root's kept sums are its own tenant's, as counted live."""
    await create(client, admin_token, "Volunteer", name="志愿者", region=COMMUNITY)
    async with platform.sessions() as session:
        tenants = (await session.exec(select(Tenant))).all()
    body = await graphql(client, "{ tenants { code root { path counts { %s } } } }" % FIELDS, token=admin_token)
    roots = {t["root"]["path"]: t["root"]["counts"] for t in body["data"]["tenants"]}
    assert len(roots) == len(tenants) > 1
    assert roots == await live_counts(platform, "admin", list(roots))
    assert roots["chongqing"]["volunteers"] == 1
