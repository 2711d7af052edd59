"""The three lists and matching through GraphQL: a resident's need walked from the demand list to a
matched resource and the resident's feedback; references refused; permissions by tier."""

import pytest

from core.testing import create_role, graphql, row_id, user_with_role

DISTRICT = "chongqing/qianjiang"
STREET = f"{DISTRICT}/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
NEIGHBOUR = f"{STREET}/qunli"

DEMAND_FIELDS = """id region group domain status residentName phone satisfaction feedback
  history { status previous by note }
  proposals { id status distance rank reason resource { id name region taken } project { id name } }"""
ADD_DEMAND = f"""mutation($input: DemandInput!) {{ addDemand(input: $input) {{
  result {{ {DEMAND_FIELDS} }} errors {{ field message code }} }} }}"""
ADD_RESOURCE = """mutation($input: ServiceResourceInput!) { addServiceResource(input: $input) {
  result { id region kind name domains capacity taken } errors { field message code } } }"""
ADD_PROJECT = """mutation($input: ServiceProjectInput!) { addServiceProject(input: $input) {
  result { id region name demandIds resourceIds } errors { field message code } } }"""
RUN = """mutation($region: String!) { runMatching(region: $region) {
  result { region demands resources projects } errors { field message code } } }"""
ACCEPT = """mutation($id: ID!) { acceptProposal(proposal: $id) {
  result { id status resource { taken } } errors { field message code } } }"""
DECLINE = """mutation($id: ID!, $reason: String!) { declineProposal(proposal: $id, reason: $reason) {
  result { id status reason } errors { field message code } } }"""
START = f"""mutation($id: ID!) {{ startService(demand: $id) {{ result {{ {DEMAND_FIELDS} }} errors {{ field message code }} }} }}"""
FEEDBACK = f"""mutation($id: ID!, $s: Int!, $c: String) {{ giveFeedback(demand: $id, satisfaction: $s, comment: $c) {{
  result {{ {DEMAND_FIELDS} }} errors {{ field message code }} }} }}"""
DEMAND = f"""query($id: ID!) {{ demand(id: $id) {{ {DEMAND_FIELDS} }} }}"""


async def call(client, token, query, **variables):
    body = await graphql(client, query, variables, token=token)
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    return payload


async def ok(client, token, query, **variables):
    payload = await call(client, token, query, **variables)
    assert payload["errors"] == [], payload
    return payload["result"]


def demand(**changes):
    return {"region": COMMUNITY, "group": "独居老人", "domain": "生活照料", "description": "独居，需要每周上门助洁助餐",
            "residentName": "王秀英", "phone": "13812345678"} | changes


def resource(**changes):
    return {"region": COMMUNITY, "kind": "VENUE", "name": "朝阳社区老年食堂", "domains": ["生活照料"], "capacity": 2} | changes


async def test_a_residents_need_from_the_demand_list_to_a_matched_resource_and_feedback(client, admin_token):
    made = await ok(client, admin_token, ADD_DEMAND, input=demand())
    assert made["status"] == "OPEN" and made["residentName"] == "王**" and made["phone"] == "138****5678"
    assert made["history"] == [{"status": "OPEN", "previous": None, "by": "admin", "note": None}]
    # nearest first: the community's canteen, then those met at the street (the street's own service,
    # with more room left, before the neighbouring community's), before the district's; one in another
    # domain is not proposed
    near = await ok(client, admin_token, ADD_RESOURCE, input=resource())
    street = await ok(client, admin_token, ADD_RESOURCE, input=resource(region=STREET, name="正阳街道助餐服务", capacity=9))
    await ok(client, admin_token, ADD_RESOURCE, input=resource(region=DISTRICT, name="黔江区居家养老服务", capacity=50))
    await ok(client, admin_token, ADD_RESOURCE, input=resource(name="朝阳文化室", domains=["文化娱乐"]))
    await ok(client, admin_token, ADD_RESOURCE, input=resource(region=NEIGHBOUR, name="群力社区食堂", capacity=5))
    project = await ok(client, admin_token, ADD_PROJECT, input={
        "region": STREET, "name": "正阳街道“送需进家”项目", "domain": "生活照料", "capacity": 10,
        "demandIds": [made["id"]], "resourceIds": [street["id"]]})

    run = await ok(client, admin_token, RUN, region=DISTRICT)
    assert run == {"region": DISTRICT, "demands": 1, "resources": 3, "projects": 1}
    proposals = (await call(client, admin_token, DEMAND, id=made["id"]))["proposals"]
    assert [(p["resource"] or p["project"])["name"] for p in proposals] == [
        "朝阳社区老年食堂", "正阳街道助餐服务", "群力社区食堂", "正阳街道“送需进家”项目"]
    assert [p["distance"] for p in proposals] == [0, 1, 1, 1]
    assert proposals[3]["project"]["id"] == project["id"]

    declined = await ok(client, admin_token, DECLINE, id=proposals[0]["id"], reason="老人行动不便，去不了食堂")
    assert declined["status"] == "DECLINED"
    accepted = await ok(client, admin_token, ACCEPT, id=proposals[2]["id"])
    assert accepted == {"id": proposals[2]["id"], "status": "ACCEPTED", "resource": {"taken": 1}}
    again = await call(client, admin_token, ACCEPT, id=proposals[1]["id"])
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("proposal", "conflict")]

    started = await ok(client, admin_token, START, id=made["id"])
    assert started["status"] == "IN_SERVICE"
    closed = await ok(client, admin_token, FEEDBACK, id=made["id"], s=5, c="每周都来，很满意")
    assert closed["status"] == "CLOSED" and closed["satisfaction"] == 5 and closed["feedback"] == "每周都来，很满意"
    assert [(h["previous"], h["status"]) for h in closed["history"]] == [
        (None, "OPEN"), ("OPEN", "MATCHED"), ("MATCHED", "IN_SERVICE"), ("IN_SERVICE", "CLOSED")]
    assert [p["status"] for p in closed["proposals"]] == ["DECLINED", "SUPERSEDED", "ACCEPTED", "SUPERSEDED"]
    # the feedback gave the capacity back; a closed demand takes no feedback twice
    assert [p["resource"]["taken"] for p in closed["proposals"][:3]] == [0, 0, 0]
    twice = await call(client, admin_token, FEEDBACK, id=made["id"], s=1)
    assert [(e["field"], e["code"]) for e in twice["errors"]] == [("demand", "conflict")]
    assert near["taken"] == 0

    # a declined resource is not proposed again for the same demand
    other = await ok(client, admin_token, ADD_DEMAND, input=demand(residentName="李四"))
    await ok(client, admin_token, RUN, region=COMMUNITY)
    first = (await call(client, admin_token, DEMAND, id=other["id"]))["proposals"]
    await ok(client, admin_token, DECLINE, id=first[0]["id"], reason="不需要")
    await ok(client, admin_token, RUN, region=COMMUNITY)
    shown = (await call(client, admin_token, DEMAND, id=other["id"]))["proposals"]
    fresh = [(p["resource"] or p["project"])["name"] for p in shown if p["status"] == "PROPOSED"]
    assert first[0]["resource"]["name"] not in fresh and fresh


async def test_a_project_citing_demands_and_resources_that_do_not_exist_is_refused(client, admin_token):
    """The reported break: a project citing demand D404 and resource R9, neither of which exists, was accepted."""
    real = await ok(client, admin_token, ADD_DEMAND, input=demand())
    refused = await call(client, admin_token, ADD_PROJECT, input={
        "region": STREET, "name": "童伴计划", "domain": "生活照料", "capacity": 3,
        "demandIds": [real["id"], "404"], "resourceIds": ["9"]})
    assert refused["result"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("demandIds.1", "not_found")]
    assert "no Demand with id 404" in refused["errors"][0]["message"]
    refused = await call(client, admin_token, ADD_PROJECT, input={
        "region": STREET, "name": "童伴计划", "domain": "生活照料", "capacity": 3, "resourceIds": ["9"]})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("resourceIds.0", "not_found")]
    projects = await graphql(client, "query { serviceProjects(under: \"chongqing\") { name } }", token=admin_token)
    assert projects["data"]["serviceProjects"] == []
    # a demand in another branch of the tree is no demand a street's project may cite
    elsewhere = await ok(client, admin_token, ADD_DEMAND, input=demand(region=NEIGHBOUR))
    refused = await call(client, admin_token, ADD_PROJECT, input={
        "region": COMMUNITY, "name": "朝阳助餐", "domain": "生活照料", "capacity": 3, "demandIds": [elsewhere["id"]]})
    assert refused["errors"][0]["field"] == "demandIds.0" and "not on the project's branch" in refused["errors"][0]["message"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"group": "路人"}, "group"), ({"domain": "理财"}, "domain"), ({"description": " "}, "description"),
    ({"region": STREET}, "region"), ({"phone": "12345"}, "phone"), ({"people": 0}, "people"),
    ({"reportedOn": "2999-01-01"}, "reportedOn"), ({"region": "chongqing/nowhere"}, "region"),
])
async def test_bad_demand_input_names_the_field(client, admin_token, changes, field):
    payload = await call(client, admin_token, ADD_DEMAND, input=demand(**changes))
    assert payload["result"] is None and [e["field"] for e in payload["errors"]] == [field]


@pytest.mark.parametrize(("changes", "field"), [
    ({"domains": []}, "domains"), ({"domains": ["生活照料", "理财"]}, "domains.1"), ({"capacity": 0}, "capacity"),
    ({"kind": "VOLUNTEER"}, "volunteerId"), ({"availableFrom": "2026-05-01", "availableTo": "2026-04-01"}, "availableTo"),
    ({"kind": "FUND", "fundId": "77"}, "fundId"),
])
async def test_bad_resource_input_names_the_field(client, admin_token, changes, field):
    payload = await call(client, admin_token, ADD_RESOURCE, input=resource(**changes))
    assert payload["result"] is None and [e["field"] for e in payload["errors"]] == [field]


async def test_permissions_by_tier(platform, client, admin_token):
    community = await user_with_role(platform, client, admin_token, "chaoyang_worker", "chongqing", "community", COMMUNITY)
    neighbour = await user_with_role(platform, client, admin_token, "qunli_worker", "chongqing", "community", NEIGHBOUR)
    made = await ok(client, community, ADD_DEMAND, input=demand())
    await ok(client, community, ADD_RESOURCE, input=resource())
    # the community runs its own matching, not its street's or district's
    assert (await ok(client, community, RUN, region=COMMUNITY))["resources"] == 1
    refused = await call(client, community, RUN, region=STREET)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("region", "not_found")]  # it does not see its street
    # the neighbour sees nothing of it, and cannot enter a demand outside its community
    hidden = await graphql(client, DEMAND, {"id": made["id"]}, token=neighbour)
    assert hidden["data"]["demand"] is None and hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed = await graphql(client, "query($u: String!) { demands(under: $u) { id } }", {"u": NEIGHBOUR}, token=neighbour)
    assert listed["data"]["demands"] == []
    outside = await call(client, neighbour, ADD_DEMAND, input=demand())
    assert [(e["field"], e["code"]) for e in outside["errors"]] == [("region", "not_found")]
    proposal = (await call(client, community, DEMAND, id=made["id"]))["proposals"][0]
    stranger = await call(client, neighbour, ACCEPT, id=proposal["id"])
    assert [(e["field"], e["code"]) for e in stranger["errors"]] == [("proposal", "not_found")]
    # a role without demand:read reads no demand, even at its own community
    await create_role(client, admin_token, "reader_only", "COMMUNITY", ["region:read"], tenant="chongqing")
    blind = await user_with_role(platform, client, admin_token, "blind", "chongqing", "reader_only", COMMUNITY)
    unseen = await graphql(client, DEMAND, {"id": made["id"]}, token=blind)
    assert unseen["data"]["demand"] is None and unseen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    refused = await call(client, blind, RUN, region=COMMUNITY)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("region", "forbidden")]
    refused = await call(client, blind, ADD_DEMAND, input=demand())
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("region", "forbidden")]
    # the street office runs its street's matching
    street = await user_with_role(platform, client, admin_token, "zhengyang", "chongqing", "street_office", STREET)
    assert (await ok(client, street, RUN, region=STREET))["demands"] == 1
    assert row_id(made["id"]) > 0


INDICATORS = """query($path: String!) { region(path: $path) {
  indicators(keys: ["open_demands", "matched_demands", "closed_demands", "demand_closed_share"]) {
    key numerator denominator value } } }"""
ROLLUP = """query { rollup(under: "chongqing/qianjiang", by: STREET,
  indicators: ["open_demands", "closed_demands", "demand_closed_share"]) {
  rows { path values { key numerator denominator } } total { values { key numerator denominator } } } }"""


async def test_demand_status_counts_in_the_indicators(client, admin_token):
    ids = [(await ok(client, admin_token, ADD_DEMAND, input=demand(residentName=name)))["id"]
           for name in ("甲", "乙", "丙", "丁")]
    await ok(client, admin_token, ADD_DEMAND, input=demand(region=NEIGHBOUR))
    await ok(client, admin_token, ADD_RESOURCE, input=resource(capacity=5))
    await ok(client, admin_token, RUN, region=COMMUNITY)
    for id_ in ids[:3]:
        proposal = (await call(client, admin_token, DEMAND, id=id_))["proposals"][0]
        await ok(client, admin_token, ACCEPT, id=proposal["id"])
    await ok(client, admin_token, FEEDBACK, id=ids[0], s=5)
    withdrawn = await call(client, admin_token, """mutation($id: ID!) { withdrawDemand(demand: $id, reason: "搬走了") {
      result { status history { status } } errors { field } } }""", id=ids[3])
    assert withdrawn["result"]["status"] == "WITHDRAWN"

    async def values(path):
        body = await graphql(client, INDICATORS, {"path": path}, token=admin_token)
        return {v["key"]: (v["numerator"], v["denominator"]) for v in body["data"]["region"]["indicators"]}

    assert await values(COMMUNITY) == {"open_demands": (0, None), "matched_demands": (2, None),
                                       "closed_demands": (1, None), "demand_closed_share": (1, 3)}
    assert await values(DISTRICT) == {"open_demands": (1, None), "matched_demands": (2, None),
                                      "closed_demands": (1, None), "demand_closed_share": (1, 4)}
    body = await graphql(client, ROLLUP, token=admin_token)
    rollup = body["data"]["rollup"]
    (street,) = rollup["rows"]
    assert street["path"] == STREET
    assert {v["key"]: v["numerator"] for v in rollup["total"]["values"]} == {
        "open_demands": 1, "closed_demands": 1, "demand_closed_share": 1}


async def test_a_demands_history_cannot_be_edited_in_place(platform, client, admin_token):
    """demand_event is append-only: the database refuses to change or remove a row, whoever asks."""
    import sqlalchemy as sa

    made = await ok(client, admin_token, ADD_DEMAND, input=demand())
    # the application's connection (on PostgreSQL a role granted SELECT, INSERT only), then the
    # tables' owner (whom the triggers stop)
    async with platform.engine.connect() as connection:
        for statement in ("UPDATE demand_event SET status = 'closed'", "DELETE FROM demand_event"):
            with pytest.raises(sa.exc.DBAPIError, match=r"append-only|permission denied"):
                await connection.execute(sa.text(statement))
            await connection.rollback()
    async with platform.owner_engine() as owner, owner.connect() as connection:
        for statement in ("UPDATE demand_event SET status = 'closed'", "DELETE FROM demand_event"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                await connection.execute(sa.text(statement))
            await connection.rollback()
    shown = await call(client, admin_token, DEMAND, id=made["id"])
    assert [h["status"] for h in shown["history"]] == ["OPEN"]


WITHDRAW = """mutation($id: ID!) { withdrawDemand(demand: $id, reason: "已搬离") {
  result { id } errors { field message code } } }"""


async def test_every_id_of_the_lists_api_is_refused_naming_its_field(client, admin_token):
    """Not an id, no such row, an id of another type: each refused on its own field, nothing written
    (the id inputs tests/graphql/test_bad_input.py requires to be covered)."""
    made = await ok(client, admin_token, ADD_DEMAND, input=demand())
    venue = await ok(client, admin_token, ADD_RESOURCE, input=resource())
    for bad in ("x", "0", "typed"):
        wrong_demand = venue["id"] if bad == "typed" else bad  # where a demand is wanted, a resource's id
        wrong_resource = made["id"] if bad == "typed" else bad  # and the other way round
        for query, variables, field in [
            (DEMAND, {"id": wrong_demand}, "id"),
            (START, {"id": wrong_demand}, "demand"),
            (FEEDBACK, {"id": wrong_demand, "s": 5}, "demand"),
            (WITHDRAW, {"id": wrong_demand}, "demand"),
            (ACCEPT, {"id": wrong_demand}, "proposal"),
            (DECLINE, {"id": wrong_demand, "reason": "不需要"}, "proposal"),
            (ADD_PROJECT, {"input": {"region": STREET, "name": "项目", "domain": "生活照料", "capacity": 1,
                                     "demandIds": [wrong_demand]}}, "demandIds.0"),
            (ADD_PROJECT, {"input": {"region": STREET, "name": "项目", "domain": "生活照料", "capacity": 1,
                                     "resourceIds": [wrong_resource]}}, "resourceIds.0"),
            (ADD_RESOURCE, {"input": resource(kind="VOLUNTEER", volunteerId=wrong_resource)}, "volunteerId"),
            (ADD_RESOURCE, {"input": resource(kind="ORGANIZATION_SERVICE", organizationId=wrong_resource)},
             "organizationId"),
            (ADD_RESOURCE, {"input": resource(kind="FUND", fundId=wrong_resource)}, "fundId"),
        ]:
            body = await graphql(client, query, variables, token=admin_token)
            if "errors" in body:  # a query's refusal
                fields = [e.get("extensions", {}).get("field") for e in body["errors"]]
                assert fields != [None], (query, variables, body)
            else:
                (payload,) = body["data"].values()
                assert payload["result"] is None, (query, variables, payload)
                fields = [e["field"] for e in payload["errors"]]
            assert fields == [field], (bad, query, variables, body)
    projects = await graphql(client, 'query { serviceProjects(under: "chongqing") { name } }', token=admin_token)
    assert projects["data"]["serviceProjects"] == []
