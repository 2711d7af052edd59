"""Regions by path, read once per worker and policy version (core.access.known_regions): a region
named again costs no statement; a change to a region, through any worker, is seen at once; whether
the caller may see it is decided as before."""

import contextlib

from litestar.testing import AsyncTestClient

from core.platform import Platform
from core.testing import create_role, graphql, user_with_role
from core.web.app import create_app
from tests.graphql.test_statement_count import count_statements

CHAOYANG = "chongqing/qianjiang/zhengyang/chaoyang"
CREATE = """mutation($r: String!) { createVolunteer(input: {name: "王五", region: $r}) {
  result { id } errors { field message code } } }"""
UPDATE = """mutation($p: String!, $i: RegionFactsInput!) { updateRegion(path: $p, input: $i) {
  result { name } errors { field code } } }"""
MOVE = """mutation($p: String!, $to: String!) { moveRegion(path: $p, newParent: $to) {
  result { path } errors { field message code } } }"""
ADD = """mutation { addRegion(parent: "chongqing/qianjiang", code: "chengxi", name: "城西街道", tier: STREET) {
  result { path } errors { field message code } } }"""
CHENGXI = "chongqing/qianjiang/chengxi"
NAME = """query($p: String!) { region(path: $p) { name path } }"""


def region_reads(statements: list[str]) -> list[str]:
    """The statements that read a region by its path."""
    return [s for s in statements if "FROM region" in s and "region.path =" in s]


async def test_a_region_named_again_costs_no_statement(platform, client, admin_token):
    with count_statements(platform.engine) as first_statements:
        first = await graphql(client, CREATE, {"r": CHAOYANG}, token=admin_token)
    assert first["data"]["createVolunteer"]["errors"] == [], first
    with count_statements(platform.engine) as second_statements:
        second = await graphql(client, CREATE, {"r": CHAOYANG}, token=admin_token)
    assert second["data"]["createVolunteer"]["errors"] == [], second
    assert len(region_reads(first_statements)) == 1 and region_reads(second_statements) == [], first_statements


@contextlib.asynccontextmanager
async def second_worker(platform):
    """Another platform on the same database: what a second worker process is."""
    other = Platform.create(platform.settings)
    try:
        await other.load_signing_key()
        async with AsyncTestClient(app=create_app(other)) as client:
            yield client
    finally:
        await other.dispose()


async def add_street(client, admin_token):
    added = await graphql(client, ADD, token=admin_token)
    assert added["data"]["addRegion"]["errors"] == [], added


async def test_a_change_through_another_worker_is_seen_at_once(platform, client, admin_token):
    async with second_worker(platform) as other:
        assert (await graphql(client, NAME, {"p": CHENGXI}, token=admin_token))["data"]["region"] is None
        await add_street(other, admin_token)  # added there, found here
        assert (await graphql(client, NAME, {"p": CHENGXI}, token=admin_token))["data"]["region"]["path"] == CHENGXI
        assert (await graphql(client, NAME, {"p": CHAOYANG}, token=admin_token))["data"]["region"]["name"] == "朝阳社区"
        renamed = await graphql(other, UPDATE, {"p": CHAOYANG, "i": {"name": "朝阳新社区"}}, token=admin_token)
        assert renamed["data"]["updateRegion"]["errors"] == [], renamed
        assert (await graphql(client, NAME, {"p": CHAOYANG}, token=admin_token))["data"]["region"]["name"] == "朝阳新社区"

        moved = await graphql(other, MOVE, {"p": CHAOYANG, "to": CHENGXI}, token=admin_token)
        assert moved["data"]["moveRegion"]["errors"] == [], moved
        gone = await graphql(client, CREATE, {"r": CHAOYANG}, token=admin_token)
        assert gone["data"]["createVolunteer"]["errors"][0]["code"] == "not_found", gone
        here = await graphql(client, NAME, {"p": "chongqing/qianjiang/chengxi/chaoyang"}, token=admin_token)
        assert here["data"]["region"]["path"] == "chongqing/qianjiang/chengxi/chaoyang"


async def test_a_region_read_for_one_user_is_still_refused_to_another(platform, client, admin_token):
    await add_street(client, admin_token)
    made = await create_role(client, admin_token, "street_clerk", "STREET", ["region:read", "volunteer:create@community"],
                             "chongqing")
    assert made["errors"] == [], made
    clerk = await user_with_role(platform, client, admin_token, "clerk", "chongqing", "street_clerk", CHENGXI)
    assert (await graphql(client, NAME, {"p": CHAOYANG}, token=admin_token))["data"]["region"]  # read, and kept
    refused = await graphql(client, CREATE, {"r": CHAOYANG}, token=clerk)
    assert refused["data"]["createVolunteer"]["errors"][0]["code"] == "not_found", refused
    hidden = await graphql(client, NAME, {"p": CHAOYANG}, token=clerk)
    assert hidden["data"]["region"] is None or "errors" in hidden, hidden


async def test_a_request_that_moved_a_region_no_longer_finds_it_at_its_old_path(platform, client, admin_token):
    """The request's policy snapshot predates its own move: once a session changed a region it reads
    the tree from the database, so the old path is gone at once, in the same document."""
    await add_street(client, admin_token)
    assert (await graphql(client, NAME, {"p": CHAOYANG}, token=admin_token))["data"]["region"]  # read, and kept
    both = """mutation($p: String!, $to: String!) {
      moveRegion(path: $p, newParent: $to) { errors { code } }
      createVolunteer(input: {name: "王五", region: $p}) { result { id } errors { field code } } }"""
    body = await graphql(client, both, {"p": CHAOYANG, "to": CHENGXI}, token=admin_token)
    assert body["data"]["moveRegion"]["errors"] == [], body
    assert body["data"]["createVolunteer"]["errors"] == [{"field": "region", "code": "not_found"}], body
