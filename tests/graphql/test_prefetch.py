"""A level of regions loads its regions' counts and indicators with the level (core/web/graphql/prefetch.py).

The fields then answer from what was loaded, without awaiting; the answers must be those each region
gives when asked alone, through aliases, fragments and variables, and a viewer still gets exactly
what the access layer allows it.
"""

from core.testing import create_role, graphql, user_with_role
from core.web.graphql.types import Region
from tests.graphql.test_statement_count import grow

COUNTS = "counts { communities volunteers socialOrganizations socialWorkers volunteerTeams communityFunds }"
SHARES = '["volunteer_share", "active_volunteer_share"]'

NESTED = """query($keys: [String!], $year: Int) { region(path: "panjin") {
  children { ...level
    children { path ...level
      other: indicators(keys: ["registered_volunteers"]) { key value numerator }
      ... on Region { again: counts { volunteers } } } } } }
fragment level on Region { path %s indicators(keys: $keys, year: $year) { key value numerator denominator } }
""" % COUNTS

ALONE = """query($path: String!, $keys: [String!], $year: Int) { region(path: $path) { path %s
  indicators(keys: $keys, year: $year) { key value numerator denominator }
  other: indicators(keys: ["registered_volunteers"]) { key value numerator } again: counts { volunteers } } }""" % COUNTS


def _regions(tree: dict) -> list[dict]:
    found = []
    for district in tree["children"]:
        found.append(district)
        found.extend(district["children"])
    return found


async def test_a_level_answers_as_each_region_does_alone(platform, client, admin_token, monkeypatch):
    await grow(platform, streets=2, communities=3)
    awaited: list[str] = []
    alone = Region._counts

    async def counted(self, info):
        awaited.append(self.row.path)
        return await alone(self, info)

    monkeypatch.setattr(Region, "_counts", counted)
    variables = {"keys": ["volunteer_share", "active_volunteer_share"], "year": 2026}
    body = await graphql(client, NESTED, variables, token=admin_token)
    assert "errors" not in body, body
    regions = _regions(body["data"]["region"])
    assert len(regions) > 10
    assert awaited == []  # every level's counts were loaded with it
    for region in regions:
        one = await graphql(client, ALONE, {**variables, "path": region["path"]}, token=admin_token)
        assert "errors" not in one, one
        expected = {k: v for k, v in one["data"]["region"].items() if k in region}
        assert {k: region[k] for k in expected} == expected, region["path"]
    assert any(r["counts"]["volunteers"] for r in regions)


async def test_a_viewer_gets_what_it_may_read_at_each_region_of_a_level(platform, client, admin_token):
    """A role that may read indicators at communities only: its communities' are answered, a
    street's are refused as before."""
    made = await create_role(client, admin_token, "community_indicators", "CITY",
                             ["region:read", "indicator:read@community", "volunteer:read"], "panjin")
    assert made["errors"] == [], made
    viewer = await user_with_role(platform, client, admin_token, "levels", "panjin", "community_indicators", "panjin")
    await grow(platform, streets=1, communities=2)
    allowed = """{ region(path: "panjin") { children { children { path children { path
      indicators(keys: %s) { key value } } } } } }""" % SHARES
    body = await graphql(client, allowed, token=viewer)
    assert "errors" not in body, body
    streets = [s for d in body["data"]["region"]["children"] for s in d["children"]]
    communities = [c for s in streets for c in s["children"]]
    assert communities and all(len(c["indicators"]) == 2 for c in communities)
    refused = """{ region(path: "panjin") { children { children { path indicators(keys: %s) { key } } } } }""" % SHARES
    body = await graphql(client, refused, token=viewer)
    errors = body["errors"]  # the first street refused nulls the list (non-null): one error or more
    assert errors and body["data"]["region"] is None, body
    assert all(e["path"][-1] == "indicators" and e["extensions"]["code"] == "FORBIDDEN" for e in errors), errors
