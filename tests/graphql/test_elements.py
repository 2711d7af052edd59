"""Create/update mutations of the five elements: validated input, errors naming the field, lists."""

import pytest

from core.testing import graphql

ORG = """
mutation($input: SocialOrganizationInput!) {
  createSocialOrganization(input: $input) {
    result { id name creditCode gradeLabel region { path } }
    errors { field message code }
  }
}
"""
UPDATE_ORG = """
mutation($id: ID!, $input: SocialOrganizationPatch!) {
  updateSocialOrganization(id: $id, input: $input) {
    result { id name grade fullTimeStaff }
    errors { field message code }
  }
}
"""
WORKER = """
mutation($input: SocialWorkerInput!) {
  createSocialWorker(input: $input) {
    result { id name idNumberMasked sex certificateLevel region { path } }
    errors { field message code }
  }
}
"""
VOLUNTEER = """
mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) {
    result { id name idNumberMasked phoneMasked realNameRegistered team { name } }
    errors { field message code }
  }
}
"""
COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
VALID_CODE = "51500000MJP5000008"  # a civil-affairs code with its GB 32100 check character


def org(**changes):
    data = {
        "name": "正阳街道社会工作服务中心",
        "orgType": "SOCIAL_WORK_AGENCY",
        "registration": "REGISTERED",
        "creditCode": VALID_CODE,
        "grade": 5,
        "fullTimeStaff": 6,
        "region": "chongqing/qianjiang/zhengyang",
    }
    return data | changes


async def create_org(client, token, **changes):
    body = await graphql(client, ORG, {"input": org(**changes)}, token=token)
    return body["data"]["createSocialOrganization"]


def test_the_example_credit_code_is_valid():
    from core.validators import normalize_credit_code

    assert normalize_credit_code(VALID_CODE) == VALID_CODE


async def test_create_organization(client, admin_token):
    payload = await create_org(client, admin_token)
    assert payload["errors"] == []
    assert payload["result"]["gradeLabel"] == "5A"
    assert payload["result"]["region"] == {"path": "chongqing/qianjiang/zhengyang"}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"creditCode": "91350100M000100Y4Z"}, "creditCode", "check character should be '3'"),
        ({"creditCode": "5150000OMJP500000"}, "creditCode", "18 characters"),
        ({"creditCode": None}, "creditCode", "must have a unified social credit code"),
        ({"creditCode": "91110000600037341L"}, "creditCode", "must begin with 5"),
        ({"grade": 6}, "grade", "less than or equal to 5"),
        ({"fullTimeStaff": -1}, "fullTimeStaff", "greater than or equal to 0"),
        ({"name": "  "}, "name", "at least 1 character"),
        ({"region": "chongqing/nowhere"}, "region", "no region at path 'chongqing/nowhere'"),
    ],
)
async def test_bad_organization_input_names_the_field(client, admin_token, changes, field, fragment):
    payload = await create_org(client, admin_token, **changes)
    assert payload["result"] is None
    assert [e["field"] for e in payload["errors"]] == [field]
    assert fragment in payload["errors"][0]["message"]


async def test_duplicate_credit_code_in_a_tenant_is_refused_and_nothing_half_written(client, admin_token):
    assert (await create_org(client, admin_token))["errors"] == []
    again = await create_org(client, admin_token, name="另一个名字")
    assert again["errors"] == [{"field": "creditCode", "message": "already registered in this tenant", "code": "duplicate"}]
    body = await graphql(
        client, '{ region(path: "chongqing") { socialOrganizations { totalCount nodes { name } } } }', token=admin_token
    )
    assert body["data"]["region"]["socialOrganizations"]["totalCount"] == 1


async def test_update_changes_only_the_fields_sent_and_validates_the_result(client, admin_token):
    created = (await create_org(client, admin_token))["result"]
    body = await graphql(client, UPDATE_ORG, {"id": created["id"], "input": {"fullTimeStaff": 9}}, token=admin_token)
    assert body["data"]["updateSocialOrganization"]["result"] == {
        "id": created["id"], "name": "正阳街道社会工作服务中心", "grade": 5, "fullTimeStaff": 9,
    }
    # filing (备案) an organization that keeps its grade breaks a rule across fields
    body = await graphql(client, UPDATE_ORG, {"id": created["id"], "input": {"registration": "FILED"}}, token=admin_token)
    assert body["data"]["updateSocialOrganization"]["errors"][0]["field"] == "grade"
    body = await graphql(
        client, UPDATE_ORG, {"id": created["id"], "input": {"registration": "FILED", "grade": None}}, token=admin_token
    )
    assert body["data"]["updateSocialOrganization"]["errors"] == []
    body = await graphql(client, UPDATE_ORG, {"id": "999999", "input": {"name": "x"}}, token=admin_token)
    assert body["data"]["updateSocialOrganization"]["errors"][0] == {
        "field": "id", "message": "no SocialOrganization with id 999999", "code": "not_found",
    }


async def test_social_worker_id_number_is_validated_and_never_returned_in_full(client, admin_token):
    worker = {"name": "李娜", "idNumber": "11010519491231002X", "certificateLevel": "INTERMEDIATE",
              "post": "SOCIAL_WORK_STATION", "region": "chongqing/qianjiang/zhengyang"}
    body = await graphql(client, WORKER, {"input": worker}, token=admin_token)
    result = body["data"]["createSocialWorker"]["result"]
    assert result["idNumberMasked"] == "*****************X"
    assert result["sex"] == "female"
    assert "11010519491231002X" not in str(body)
    bad = await graphql(client, WORKER, {"input": worker | {"idNumber": "110105194912310021"}}, token=admin_token)
    assert bad["data"]["createSocialWorker"]["errors"] == [
        {"field": "idNumber", "message": "check digit should be 'X'", "code": "value_error"}
    ]
    room_at_street = worker | {"idNumber": "440524188001010014", "post": "SOCIAL_WORK_ROOM"}
    bad = await graphql(client, WORKER, {"input": room_at_street}, token=admin_token)
    assert bad["data"]["createSocialWorker"]["errors"][0]["field"] == "region"


async def test_volunteers_live_in_communities_and_join_teams_there(client, admin_token):
    team = await graphql(
        client,
        'mutation { createVolunteerTeam(input: {name: "朝阳社区志愿服务队", region: "%s"}) { result { id } errors { field } } }'
        % COMMUNITY,
        token=admin_token,
    )
    team_id = team["data"]["createVolunteerTeam"]["result"]["id"]
    volunteer = {"name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05",
                 "idNumber": "11010519491231002X", "phone": "13812345678", "teamId": team_id, "region": COMMUNITY}
    body = await graphql(client, VOLUNTEER, {"input": volunteer}, token=admin_token)
    assert body["data"]["createVolunteer"]["result"]["phoneMasked"] == "138****5678"
    assert body["data"]["createVolunteer"]["result"]["team"] == {"name": "朝阳社区志愿服务队"}

    at_street = volunteer | {"idNumber": "440524188001010014", "region": "chongqing/qianjiang/zhengyang"}
    body = await graphql(client, VOLUNTEER, {"input": at_street}, token=admin_token)
    assert body["data"]["createVolunteer"]["errors"][0]["field"] == "region"
    elsewhere = volunteer | {"idNumber": "440524188001010014", "region": "chongqing/qianjiang/zhengyang/qunli"}
    body = await graphql(client, VOLUNTEER, {"input": elsewhere}, token=admin_token)
    assert body["data"]["createVolunteer"]["errors"][0]["field"] == "teamId"
    unregistered = {"name": "赵六", "realNameRegistered": True, "region": COMMUNITY}
    body = await graphql(client, VOLUNTEER, {"input": unregistered}, token=admin_token)
    assert body["data"]["createVolunteer"]["errors"][0]["field"] == "idNumber"


async def test_funds_are_hosted_by_public_fundraising_charities_and_donations_add_up(client, admin_token):
    agency = (await create_org(client, admin_token))["result"]
    fund = """mutation($input: CommunityFundInput!) { createCommunityFund(input: $input) {
      result { id name hostOrganization { name } } errors { field message } } }"""
    body = await graphql(client, fund, {"input": {"name": "正阳社区基金", "hostOrganizationId": agency["id"],
                                                  "region": "chongqing/qianjiang/zhengyang"}}, token=admin_token)
    assert body["data"]["createCommunityFund"]["errors"][0]["field"] == "hostOrganizationId"
    charity = (await create_org(client, admin_token, name="重庆市慈善总会", orgType="CHARITY_ORGANIZATION",
                                creditCode="53500000MJP5000002", publicFundraising=True,
                                region="chongqing"))
    assert charity["errors"] == [], charity
    body = await graphql(client, fund, {"input": {"name": "正阳社区基金", "hostOrganizationId": charity["result"]["id"],
                                                  "region": "chongqing/qianjiang/zhengyang"}}, token=admin_token)
    fund_id = body["data"]["createCommunityFund"]["result"]["id"]

    donate = """mutation($input: DonationInput!) { recordDonation(input: $input) {
      result { valueFen fund { name } } errors { field message } } }"""
    base = {"fundId": fund_id, "donorName": "某企业", "donorKind": "ENTERPRISE", "donatedOn": "2024-05-01",
            "region": "chongqing/qianjiang/zhengyang"}
    money = await graphql(client, donate, {"input": base | {"form": "MONEY", "amountFen": 5_000_000}}, token=admin_token)
    assert money["data"]["recordDonation"]["result"] == {"valueFen": 5_000_000, "fund": {"name": "正阳社区基金"}}
    goods = base | {"form": "IN_KIND", "inKindDescription": "米面油 200 份", "inKindValueFen": 1_200_000}
    body = await graphql(client, donate, {"input": goods}, token=admin_token)
    assert body["data"]["recordDonation"]["result"]["valueFen"] == 1_200_000
    body = await graphql(client, donate, {"input": goods | {"inKindValueFen": None}}, token=admin_token)
    assert body["data"]["recordDonation"]["errors"][0]["field"] == "inKindValueFen"
    body = await graphql(client, donate, {"input": base | {"form": "MONEY", "amountFen": 0}}, token=admin_token)
    assert body["data"]["recordDonation"]["errors"][0]["field"] == "amountFen"


async def test_lists_page_with_cursors_and_filter(client, admin_token):
    for i in range(5):
        payload = await graphql(client, VOLUNTEER, {"input": {"name": f"志愿者{i}", "region": COMMUNITY}}, token=admin_token)
        assert payload["data"]["createVolunteer"]["errors"] == []
    page = """query($after: String) { region(path: "chongqing/qianjiang") {
      volunteers(first: 2, after: $after, filter: {nameContains: "志愿者"}) {
        totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }"""
    names, after = [], None
    while True:
        body = await graphql(client, page, {"after": after}, token=admin_token)
        connection = body["data"]["region"]["volunteers"]
        assert connection["totalCount"] == 5
        names += [n["name"] for n in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert names == [f"志愿者{i}" for i in range(5)]
    body = await graphql(client, page, {"after": "garbage"}, token=admin_token)
    assert body["errors"][0]["message"] == "after: is not a cursor this API gave out"


async def test_community_profile_only_for_communities(client, admin_token):
    mutation = """mutation($region: String!) { setCommunityProfile(region: $region, input: {hasVolunteerStation: true, demonstration: DEMONSTRATION_SITE}) {
      result { hasVolunteerStation demonstration } errors { field message } } }"""
    body = await graphql(client, mutation, {"region": COMMUNITY}, token=admin_token)
    assert body["data"]["setCommunityProfile"]["result"] == {"hasVolunteerStation": True, "demonstration": "DEMONSTRATION_SITE"}
    body = await graphql(client, mutation, {"region": "chongqing/qianjiang"}, token=admin_token)
    assert body["data"]["setCommunityProfile"]["errors"][0]["field"] == "region"
    body = await graphql(client, '{ region(path: "%s") { profile { demonstration } } }' % COMMUNITY, token=admin_token)
    assert body["data"]["region"]["profile"] == {"demonstration": "DEMONSTRATION_SITE"}
