"""Regions maintained by their offices: facts (populations and their year, kind, name, division code,
declared attributes) changed through ``updateRegion`` by whoever holds ``region:update`` at the region
or above it, and regions added below one's own with ``region:create``; audited, validated field by
field, nothing half-written, the indicators following in the same transaction."""

import datetime as dt

import pytest

from core.testing import create_role, graphql, user_with_role

QIANJIANG = "chongqing/qianjiang"
ZHENGYANG = f"{QIANJIANG}/zhengyang"
CHAOYANG = f"{ZHENGYANG}/chaoyang"
HEXI = "tianjin/hexi"
TAOYUAN = f"{HEXI}/taoyuan"

UPDATE = """mutation($p: String!, $i: RegionFactsInput!) { updateRegion(path: $p, input: $i) {
  result { path name kind residentPopulation urbanPopulation populationYear divisionCode attributes }
  errors { field message code } } }"""
ADD = """mutation($parent: String!, $code: String!, $name: String!, $tier: Tier!, $kind: CommunityKind, $pop: Int,
  $year: Int, $attrs: JSON) {
  addRegion(parent: $parent, code: $code, name: $name, tier: $tier, kind: $kind, residentPopulation: $pop,
            populationYear: $year, attributes: $attrs) {
    result { path tier residentPopulation populationYear attributes } errors { field message code } } }"""
MOVE = """mutation($p: String!, $to: String!) { moveRegion(path: $p, newParent: $to) {
  result { path } errors { field message code } } }"""
REGION = """query($p: String!) { region(path: $p) { name kind residentPopulation urbanPopulation populationYear
  divisionCode attributes } }"""
SHARE = """query($p: String!) { region(path: $p) { indicators(keys: ["volunteer_share"]) { value numerator denominator } } }"""
AUDIT = """query($t: String!) { auditEvents(tenant: $t, action: "region.") { nodes { actor action target before after } } }"""

OFFICE = ["region:read", "region:update", "region:create@street,community", "volunteer:read", "indicator:read"]


async def update(client, token, path, **facts):
    body = await graphql(client, UPDATE, {"p": path, "i": facts}, token=token)
    assert "errors" not in body, body
    return body["data"]["updateRegion"]


async def refused(client, token, path, **facts):
    """The problems of a refused update as {field: code}; asserts nothing was returned."""
    payload = await update(client, token, path, **facts)
    assert payload["result"] is None, payload
    return {e["field"]: e["code"] for e in payload["errors"]}


async def stored(client, token, path):
    body = await graphql(client, REGION, {"p": path}, token=token)
    return body["data"]["region"]


async def audit(client, token, tenant):
    return (await graphql(client, AUDIT, {"t": tenant}, token=token))["data"]["auditEvents"]["nodes"]


@pytest.fixture
async def office(platform, client, admin_token):
    """A user of 黔江区民政局: an office role held at the district."""
    made = await create_role(client, admin_token, "district_office", "DISTRICT", OFFICE, "chongqing")
    assert made["errors"] == [], made
    return await user_with_role(platform, client, admin_token, "qj_office", "chongqing", "district_office", QIANJIANG)


@pytest.fixture
async def tianjin_office(platform, client, admin_token):
    made = await create_role(client, admin_token, "district_office", "DISTRICT", OFFICE, "tianjin")
    assert made["errors"] == [], made
    return await user_with_role(platform, client, admin_token, "hexi_office", "tianjin", "district_office", HEXI)


# --- facts, audit and the indicators -------------------------------------------------------------------


async def test_an_office_sets_a_communitys_population_and_the_share_follows(client, admin_token, office):
    volunteer = """mutation { createVolunteer(input: {name: "李四", region: "%s", realNameRegistered: true,
      idNumber: "11010519491231002X", registeredOn: "2023-03-01"}) { errors { field } } }""" % CHAOYANG
    assert (await graphql(client, volunteer, token=admin_token))["data"]["createVolunteer"]["errors"] == []
    before = (await graphql(client, SHARE, {"p": CHAOYANG}, token=office))["data"]["region"]["indicators"]
    assert before[0]["value"] is None  # no population: no data

    payload = await update(client, office, CHAOYANG, residentPopulation=5355, urbanPopulation=5000, populationYear=2020)
    assert payload["errors"] == []
    assert payload["result"] | {"attributes": None} == {
        "path": CHAOYANG, "name": "朝阳社区", "kind": "URBAN", "residentPopulation": 5355, "urbanPopulation": 5000,
        "populationYear": 2020, "divisionCode": None, "attributes": None}
    after = (await graphql(client, SHARE, {"p": CHAOYANG}, token=office))["data"]["region"]["indicators"]
    assert after == [{"value": pytest.approx(1 / 5355), "numerator": 1.0, "denominator": 5355.0}]
    street = (await graphql(client, SHARE, {"p": ZHENGYANG}, token=office))["data"]["region"]["indicators"]
    assert street[0]["denominator"] == 5355.0  # the street's sum follows in the same transaction

    events = await audit(client, admin_token, "chongqing")
    assert events == [{
        "actor": "qj_office", "action": "region.update", "target": CHAOYANG,
        "before": {"resident_population": None, "urban_population": None, "population_year": None},
        "after": {"resident_population": 5355, "urban_population": 5000, "population_year": 2020},
    }]


async def test_every_fact_changes_and_the_audit_names_old_and_new(client, admin_token, office):
    payload = await update(client, office, CHAOYANG, name="朝阳新社区", kind="RURAL", divisionCode="500114001001")
    assert payload["errors"] == []
    assert await stored(client, office, CHAOYANG) == {
        "name": "朝阳新社区", "kind": "RURAL", "residentPopulation": None, "urbanPopulation": None,
        "populationYear": None, "divisionCode": "500114001001", "attributes": {}}
    payload = await update(client, office, CHAOYANG, kind=None, divisionCode=None)
    assert payload["errors"] == []
    events = await audit(client, admin_token, "chongqing")
    assert [(e["before"], e["after"]) for e in events] == [
        ({"name": "朝阳社区", "kind": "urban", "division_code": None},
         {"name": "朝阳新社区", "kind": "rural", "division_code": "500114001001"}),
        ({"kind": "rural", "division_code": "500114001001"}, {"kind": None, "division_code": None}),
    ]


async def test_a_change_that_changes_nothing_writes_nothing(client, admin_token, office):
    assert (await update(client, office, CHAOYANG, name="朝阳社区", kind="URBAN"))["errors"] == []
    assert await audit(client, admin_token, "chongqing") == []


async def test_a_population_change_must_say_its_year_once_a_year_is_stored(client, office):
    assert (await update(client, office, CHAOYANG, residentPopulation=5355, populationYear=2020))["errors"] == []
    payload = await update(client, office, CHAOYANG, residentPopulation=5400)
    assert payload["result"] is None
    assert payload["errors"] == [{"field": "populationYear", "code": "invalid",
                                  "message": "the populations change: say which year the new figures are of "
                                             "(the stored ones are of 2020)"}]
    assert (await update(client, office, CHAOYANG, residentPopulation=5400, populationYear=2020))["errors"] == []
    assert (await stored(client, office, CHAOYANG))["residentPopulation"] == 5400


# --- every validation error names its field, and nothing is half-written -------------------------------

NEXT_YEAR = dt.date.today().year + 1


@pytest.mark.parametrize(("path", "facts", "field", "message"), [
    (CHAOYANG, {"residentPopulation": 100, "urbanPopulation": 101, "populationYear": 2020}, "urbanPopulation",
     "101 exceeds the resident population 100"),
    (CHAOYANG, {"residentPopulation": -1}, "residentPopulation", "greater than or equal to 0"),
    (CHAOYANG, {"populationYear": 1949}, "populationYear", "must be 1950 or later, got 1949"),
    (CHAOYANG, {"populationYear": NEXT_YEAR}, "populationYear", f"is in the future ({NEXT_YEAR}"),
    (ZHENGYANG, {"kind": "URBAN"}, "kind", "urban/rural applies to communities only, not a street"),
    (CHAOYANG, {"name": " "}, "name", "at least 1 character"),
    (CHAOYANG, {"name": None}, "name", "a region must have a name"),
    (CHAOYANG, {"name": "朝阳\n社区"}, "name", "line"),
    (CHAOYANG, {"divisionCode": "5001"}, "divisionCode", "should match pattern"),
    (CHAOYANG, {"attributes": None}, "attributes", "send the keys to change"),
    (CHAOYANG, {"attributes": {"joint_point": 3}}, "attributes.joint_point",
     "no attribute 'joint_point' is declared for this region (declared here: none)"),
    (CHAOYANG, {"attributes": {"Bad-Key": 1}}, "attributes", "'Bad-Key' is not an attribute key"),
])
async def test_each_bad_fact_is_refused_naming_its_field_and_nothing_is_written(
    client, admin_token, office, path, facts, field, message
):
    before = await stored(client, office, path)
    # a good change beside the bad one: refused with it
    payload = await update(client, office, path, **({"divisionCode": "500114"} | facts))
    assert payload["result"] is None, payload
    assert [e["field"] for e in payload["errors"]] == [field], payload
    assert message in payload["errors"][0]["message"]
    assert await stored(client, office, path) == before
    assert await audit(client, admin_token, "chongqing") == []


async def test_urban_above_a_stored_resident_population_is_refused(client, office):
    assert (await update(client, office, CHAOYANG, residentPopulation=100, populationYear=2020))["errors"] == []
    assert await refused(client, office, CHAOYANG, urbanPopulation=101) == {"urbanPopulation": "invalid"}
    assert await refused(client, office, CHAOYANG, residentPopulation=50, populationYear=2020, urbanPopulation=60) == {
        "urbanPopulation": "invalid"}


# --- permissions by tier -------------------------------------------------------------------------------


async def test_an_office_edits_its_region_and_below_and_nothing_else(client, admin_token, office, tianjin_office):
    for path in (QIANJIANG, ZHENGYANG, CHAOYANG):
        assert (await update(client, office, path, divisionCode="500114"))["errors"] == [], path
    # above, beside, another tenant, a path climbing out: not found, as if it did not exist
    for path in ("chongqing", "chongqing/wanzhou", HEXI, f"{QIANJIANG}/../wanzhou", f"{ZHENGYANG}/../../wanzhou",
                 "/chongqing/wanzhou/", "chongqing/nowhere"):
        problems = await refused(client, office, path, residentPopulation=1)
        assert problems == {"path": "not_found"}, path
    payload = await update(client, office, "chongqing/wanzhou", name="x")
    assert payload["errors"][0]["message"] == "no region at path 'chongqing/wanzhou'"
    assert await refused(client, tianjin_office, CHAOYANG, name="x") == {"path": "not_found"}


async def test_update_is_limited_to_the_tiers_the_role_names(platform, client, admin_token):
    await create_role(client, admin_token, "street_clerk", "STREET", ["region:read", "region:update@community"], "chongqing")
    clerk = await user_with_role(platform, client, admin_token, "clerk", "chongqing", "street_clerk", ZHENGYANG)
    assert (await update(client, clerk, CHAOYANG, residentPopulation=10))["errors"] == []
    assert await refused(client, clerk, ZHENGYANG, name="正阳") == {"path": "forbidden"}
    await create_role(client, admin_token, "reader", "STREET", ["region:read"], "chongqing")
    reader = await user_with_role(platform, client, admin_token, "reader", "chongqing", "reader", ZHENGYANG)
    assert await refused(client, reader, CHAOYANG, residentPopulation=10) == {"path": "forbidden"}
    assert (await stored(client, admin_token, CHAOYANG))["residentPopulation"] == 10


async def test_the_tenant_administrator_maintains_the_whole_tenant(platform, client, admin_token):
    token = await user_with_role(platform, client, admin_token, "tj_admin", "tianjin", "tenant_admin", "tianjin")
    assert (await update(client, token, "tianjin", residentPopulation=13_640_000, populationYear=2020))["errors"] == []
    assert (await update(client, token, TAOYUAN, attributes={"joint_point": 3}))["errors"] == []
    assert await refused(client, token, CHAOYANG, name="x") == {"path": "not_found"}


# --- attributes declared by plugins --------------------------------------------------------------------


async def test_a_district_office_sets_declared_attributes_checked_against_the_declaration(
    client, admin_token, tianjin_office
):
    community = f"{TAOYUAN}/guangshunyuan"
    assert (await stored(client, tianjin_office, community))["attributes"] == {"creation_point": True}
    payload = await update(client, tianjin_office, community, attributes={"creation_point": None})
    assert payload["errors"] == [] and payload["result"]["attributes"] == {}
    payload = await update(client, tianjin_office, TAOYUAN, attributes={"joint_point": 4})
    assert payload["result"]["attributes"] == {"joint_point": 4}
    events = await audit(client, admin_token, "tianjin")
    assert [(e["target"], e["before"], e["after"]) for e in events] == [
        (community, {"attributes": {"creation_point": True}}, {"attributes": {"creation_point": None}}),
        (TAOYUAN, {"attributes": {"joint_point": 3}}, {"attributes": {"joint_point": 4}}),
    ]
    for attributes, field, message in [
        ({"joint_point": 12}, "attributes.joint_point", "must be at most 11, got 12"),
        ({"joint_point": "3"}, "attributes.joint_point", "must be a whole number, got '3'"),
        ({"joint_point": 2.5}, "attributes.joint_point", "must be a whole number, got 2.5"),
        ({"creation_point": True}, "attributes.creation_point", "市区联合创建点社区 applies to a community, not a street"),
        ({"creation_pont": True}, "attributes.creation_pont",
         "no attribute 'creation_pont' is declared for this region (declared here: joint_point)"),
    ]:
        payload = await update(client, tianjin_office, TAOYUAN, name="桃园", attributes=attributes)
        assert payload["errors"] == [{"field": field, "message": message, "code": "invalid"}], attributes
    assert await stored(client, tianjin_office, TAOYUAN) | {"kind": None} == {
        "name": "桃园街道", "kind": None, "residentPopulation": None, "urbanPopulation": None, "populationYear": None,
        "divisionCode": None, "attributes": {"joint_point": 4}}


async def test_the_attributes_a_region_may_carry_are_listed(client, tianjin_office, office):
    query = """query($p: String!) { regionAttributes(path: $p) { key label kind tiers minimum maximum plugin } }"""
    body = await graphql(client, query, {"p": TAOYUAN}, token=tianjin_office)
    assert body["data"]["regionAttributes"] == [{"key": "joint_point", "label": "市区联合创建点序号", "kind": "int",
                                                 "tiers": ["STREET"], "minimum": "1", "maximum": "11",
                                                 "plugin": "tianjin"}]
    body = await graphql(client, query, {"p": CHAOYANG}, token=office)
    assert body["data"]["regionAttributes"] == []
    body = await graphql(client, query, {"p": TAOYUAN}, token=office)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_what_an_office_set_survives_wushe_init(platform, client, tianjin_office):
    community = f"{TAOYUAN}/guangshunyuan"
    assert (await update(client, tianjin_office, community, attributes={"creation_point": None},
                         residentPopulation=8000, populationYear=2020))["errors"] == []
    assert (await update(client, tianjin_office, TAOYUAN, name="桃园街道办事处"))["errors"] == []
    await platform.init()
    assert await stored(client, tianjin_office, community) | {"kind": None, "name": None} == {
        "name": None, "kind": None, "residentPopulation": 8000, "urbanPopulation": None, "populationYear": 2020,
        "divisionCode": None, "attributes": {}}
    assert (await stored(client, tianjin_office, TAOYUAN))["name"] == "桃园街道办事处"
    # what no office touched still follows the declaration
    assert (await stored(client, tianjin_office, f"{TAOYUAN}/jinganglu"))["attributes"] == {"creation_point": True}


# --- adding and moving below one's own region ----------------------------------------------------------


async def test_an_office_adds_streets_and_communities_below_its_region(client, admin_token, office, tianjin_office):
    body = await graphql(client, ADD, {"parent": QIANJIANG, "code": "chengxi", "name": "城西街道", "tier": "STREET"},
                         token=office)
    assert body["data"]["addRegion"]["errors"] == [], body
    body = await graphql(client, ADD, {"parent": f"{QIANJIANG}/chengxi", "code": "xinhua", "name": "新华社区",
                                       "tier": "COMMUNITY", "kind": "URBAN", "pop": 4000, "year": 2020}, token=office)
    assert body["data"]["addRegion"]["result"] == {"path": f"{QIANJIANG}/chengxi/xinhua", "tier": "COMMUNITY",
                                                   "residentPopulation": 4000, "populationYear": 2020, "attributes": {}}
    body = await graphql(client, ADD, {"parent": TAOYUAN, "code": "xincun", "name": "新村社区", "tier": "COMMUNITY",
                                       "attrs": {"creation_point": True}}, token=tianjin_office)
    assert body["data"]["addRegion"]["result"]["attributes"] == {"creation_point": True}
    events = await audit(client, admin_token, "chongqing")
    assert [(e["action"], e["target"], e["after"]) for e in events] == [
        ("region.create", f"{QIANJIANG}/chengxi", {"tier": "street", "name": "城西街道"}),
        ("region.create", f"{QIANJIANG}/chengxi/xinhua",
         {"tier": "community", "name": "新华社区", "kind": "urban", "resident_population": 4000, "population_year": 2020}),
    ]


@pytest.mark.parametrize(("variables", "field", "code"), [
    ({"parent": "chongqing", "code": "x", "name": "某区", "tier": "DISTRICT"}, "parent", "not_found"),  # its parent
    ({"parent": "chongqing/wanzhou", "code": "x", "name": "某街道", "tier": "STREET"}, "parent", "not_found"),  # beside
    ({"parent": HEXI, "code": "x", "name": "某街道", "tier": "STREET"}, "parent", "not_found"),  # another tenant
    ({"parent": f"{QIANJIANG}/..", "code": "x", "name": "某区", "tier": "DISTRICT"}, "parent", "not_found"),
    ({"parent": QIANJIANG, "code": "x", "name": "某区", "tier": "DISTRICT"}, "tier", "invalid"),  # not below
    ({"parent": ZHENGYANG, "code": "../x", "name": "某社区", "tier": "COMMUNITY"}, "code", "invalid"),
    ({"parent": ZHENGYANG, "code": "chaoyang", "name": "某社区", "tier": "COMMUNITY"}, "code", "invalid"),
    ({"parent": ZHENGYANG, "code": "x", "name": "某社区", "tier": "COMMUNITY", "pop": -5}, "residentPopulation",
     "greater_than_equal"),
    ({"parent": ZHENGYANG, "code": "x", "name": "某社区", "tier": "COMMUNITY", "year": 1900}, "populationYear",
     "value_error"),
    ({"parent": QIANJIANG, "code": "x", "name": "某街道", "tier": "STREET", "kind": "URBAN"}, "kind", "invalid"),
    ({"parent": ZHENGYANG, "code": "x", "name": "某社区", "tier": "COMMUNITY", "attrs": {"creation_point": True}},
     "attributes.creation_point", "invalid"),
])
async def test_adding_outside_ones_subtree_or_badly_is_refused(client, admin_token, office, variables, field, code):
    body = await graphql(client, ADD, variables, token=office)
    payload = body["data"]["addRegion"]
    assert payload["result"] is None and [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], payload
    assert await audit(client, admin_token, "chongqing") == []


async def test_region_create_names_the_tiers_of_the_regions_a_role_may_add(platform, client, admin_token):
    await create_role(client, admin_token, "community_maker", "DISTRICT",
                      ["region:read", "region:create@community"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "maker", "chongqing", "community_maker", QIANJIANG)
    body = await graphql(client, ADD, {"parent": ZHENGYANG, "code": "x", "name": "某社区", "tier": "COMMUNITY"}, token=token)
    assert body["data"]["addRegion"]["errors"] == []
    body = await graphql(client, ADD, {"parent": QIANJIANG, "code": "y", "name": "某街道", "tier": "STREET"}, token=token)
    assert body["data"]["addRegion"]["errors"] == [{"field": "tier", "code": "forbidden",
                                                    "message": f"you may not create a street under '{QIANJIANG}'"}]


async def test_an_office_cannot_add_beside_or_move_its_own_region(platform, client, admin_token):
    """Held at a street with every tier allowed, the role still never reaches the street's own tier."""
    made = await create_role(client, admin_token, "street_maintainer", "STREET",
                             ["region:read", "region:update", "region:create"], "chongqing")
    assert made["errors"] == [], made
    token = await user_with_role(platform, client, admin_token, "zy", "chongqing", "street_maintainer", ZHENGYANG)
    body = await graphql(client, MOVE, {"p": ZHENGYANG, "to": "chongqing/wanzhou"}, token=token)
    assert [(e["field"], e["code"]) for e in body["data"]["moveRegion"]["errors"]] == [("newParent", "not_found")]
    body = await graphql(client, ADD, {"parent": ZHENGYANG, "code": "x", "name": "某社区", "tier": "COMMUNITY"}, token=token)
    assert body["data"]["addRegion"]["errors"] == []
    body = await graphql(client, MOVE, {"p": f"{ZHENGYANG}/x", "to": ZHENGYANG}, token=token)
    assert [e["field"] for e in body["data"]["moveRegion"]["errors"]] == ["parent"]  # already there


async def test_an_office_moves_a_community_between_its_streets_audited(client, admin_token, office):
    body = await graphql(client, ADD, {"parent": QIANJIANG, "code": "chengxi", "name": "城西街道", "tier": "STREET"},
                         token=office)
    assert body["data"]["addRegion"]["errors"] == []
    body = await graphql(client, MOVE, {"p": CHAOYANG, "to": f"{QIANJIANG}/chengxi"}, token=office)
    assert body["data"]["moveRegion"] == {"result": {"path": f"{QIANJIANG}/chengxi/chaoyang"}, "errors": []}
    body = await graphql(client, MOVE, {"p": f"{QIANJIANG}/chengxi/chaoyang", "to": "chongqing/wanzhou"}, token=office)
    assert [(e["field"], e["code"]) for e in body["data"]["moveRegion"]["errors"]] == [("newParent", "not_found")]
    events = await audit(client, admin_token, "chongqing")
    assert events[-1] == {"actor": "qj_office", "action": "region.move", "target": CHAOYANG,
                          "before": {"path": CHAOYANG}, "after": {"path": f"{QIANJIANG}/chengxi/chaoyang"}}


# --- the service the bulk imports call -----------------------------------------------------------------


async def test_update_facts_serves_a_bulk_import_row_by_row_in_one_transaction(platform, client, admin_token):
    """Called directly (as an import does), inside ``summary.deferred``: the rows are checked and audited as
    the mutation checks them, the sums written once at the end, and a bad row names its fact."""
    from core import db
    from core.access.grants import Principal
    from core.errors import InvalidInput
    from core.indicators import summary
    from core.services.regions import update_facts

    admin = Principal(username="importer", platform_admin=True)
    # populations the document's 22% volunteer targets imply (朝阳 1178 / 0.22 ≈ 5355 …)
    rows = {f"{ZHENGYANG}/{code}": population for code, population in
            (("chaoyang", 5355), ("qunli", 7445), ("tongping", 5818), ("jifu", 12423), ("tuanjie", 1664))}
    async with db.transaction(platform.sessions) as session, summary.deferred(session):
        for path, population in rows.items():
            region = await update_facts(session, admin, path, {"resident_population": population, "population_year": 2020},
                                        registry=platform.registry)
            assert region.maintained == ["population_year", "resident_population"]
    body = await graphql(client, SHARE, {"p": ZHENGYANG}, token=admin_token)
    assert body["data"]["region"]["indicators"][0]["denominator"] == float(sum(rows.values()))
    assert len(await audit(client, admin_token, "chongqing")) == 5

    async with db.transaction(platform.sessions) as session:
        for changes, field in [({"code": "x"}, "code"), ({"tier": "street"}, "tier"),
                               ({"attributes": {"joint_point": 1}}, "attributes.joint_point")]:
            with pytest.raises(InvalidInput) as refused_row:
                await update_facts(session, admin, CHAOYANG, changes, registry=platform.registry)
            assert [p.field for p in refused_row.value.problems] == [field]
        with pytest.raises(InvalidInput, match="attributes cannot be checked here"):
            await update_facts(session, admin, CHAOYANG, {"attributes": {"x": 1}})
