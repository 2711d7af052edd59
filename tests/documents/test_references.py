"""Form references (x-ref): a submission that names a submission, an element, a case or a list entry
must name one that exists in its tenant and that the submitter may read; else the field is named."""


import pytest
from sqlmodel import select

from core import CaseTypeDecl, FormDecl, PermissionDecl, StateDecl, Tier, TransitionDecl, db
from core.errors import StartupError
from core.models import Case, CaseParty, Region, User
from core.plugins.formschema import entry_reference, form, obj, reference, references, text, values_at
from core.plugins.manager import load
from core.testing import graphql, plugin_module, row_id, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
CHAOYANG = f"{STREET}/chaoyang"
QUNLI = f"{STREET}/qunli"
SUBMIT = """mutation($f: String!, $at: String!, $d: JSON!, $draft: Boolean) {
  submitForm(form: $f, region: $at, data: $d, draft: $draft) { result { id status } errors { field message code } } }"""


plugin = plugin_module


BASE = FormDecl(key="test_base", version=1, title="基础", source="测试文件 一",
                json_schema=form("基础", {"items": {"type": "array", "title": "条目", "items": obj("条目", {"code": text("编号")})}}))
LINKED = FormDecl(
    key="test_linked", version=1, title="引用", source="测试文件 二",
    json_schema=form("引用", {
        "base_id": reference("基础表编号", "form:test_base"),
        "organizations": {"type": "array", "title": "社会组织", "items": reference("社会组织编号", "social_organization")},
        "case_id": reference("案件编号", "case:test_round"),
        "codes": {"type": "array", "title": "条目编号", "items": entry_reference("条目编号", "test_base", "items[].code")},
    }, optional=("organizations", "case_id", "codes")),
)
ROUND = CaseTypeDecl(
    key="test_round", label="测试轮次", tiers=(Tier.STREET,), source="测试文件 三",
    states=(StateDecl(key="open", label="开放"), StateDecl(key="closed", label="结束", terminal=True)),
    transitions=(TransitionDecl(action="open", label="开启", from_states=("start",), to="open",
                                permission="test_round:open", source="测试文件 三"),
                 TransitionDecl(action="close", label="结束", from_states=("open",), to="closed",
                                permission="test_round:close", source="测试文件 三"),),
)
REFS = plugin("testrefs", "chongqing/qianjiang", register_forms=[BASE, LINKED], register_case_types=[ROUND],
              register_permissions=[PermissionDecl(resource="test_round", actions=("open", "close"), source="测试文件 三")])


@pytest.fixture
def extra_plugins():
    return [REFS]


def test_references_are_found_by_path_and_their_values_with_concrete_paths():
    assert references(LINKED.json_schema) == {
        "base_id": references(reference("x", "form:test_base"))[""],
        "organizations[]": references(reference("x", "social_organization"))[""],
        "case_id": references(reference("x", "case:test_round"))[""],
        "codes[]": references(entry_reference("x", "test_base", "items[].code"))[""],
    }
    data = {"items": [{"ids": [1, 2]}, {"ids": []}, {"other": 3}, {"ids": [4]}]}
    assert values_at(data, "items[].ids[]") == [("items.0.ids.0", 1), ("items.0.ids.1", 2), ("items.3.ids.0", 4)]


def test_start_up_refuses_a_reference_to_an_unknown_form_case_type_or_entry():
    def with_ref(target, key="test_bad"):
        return plugin("testbad", "chongqing/qianjiang", register_forms=[BASE, FormDecl(
            key=key, version=1, title="坏", source="测试文件", json_schema=form("坏", {"ref": {**text("引用"), "x-ref": target}}))])
    with pytest.raises(StartupError, match=r"plugin 'testbad': register_forms\[1\]\.json_schema\.properties\.ref\.x-ref: "
                                           r"names no declared form 'test_nothing'"):
        load([with_ref("form:test_nothing")], entry_points=False)
    with pytest.raises(StartupError, match=r"json_schema\.properties\.ref\.x-ref: names no declared case type 'nothing'"):
        load([with_ref("case:nothing")], entry_points=False)
    with pytest.raises(StartupError, match=r"json_schema\.properties\.ref\.x-ref: form 'test_base' has no entry 'items\[\].name'"):
        load([with_ref("form:test_base#items[].name")], entry_points=False)
    with pytest.raises(StartupError, match=r"ref: x-ref 'volunteers' is none of"):
        load([with_ref("volunteers")], entry_points=False)
    load([REFS], entry_points=False)  # the good ones load


async def test_a_reference_must_name_a_live_record_the_submitter_may_read(platform, client, admin_token):
    async def submit(key, data, at=CHAOYANG, token=admin_token, draft=False):
        body = await graphql(client, SUBMIT, {"f": key, "at": at, "d": data, "draft": draft}, token=token)
        return body["data"]["submitForm"]

    community = await user_with_role(platform, client, admin_token, "cq_community", "chongqing", "community", CHAOYANG)
    base = await submit("test_base", {"items": [{"code": "A-1"}]}, token=community)
    assert base["errors"] == [], base
    base_id = row_id(base["result"]["id"])
    elsewhere = await submit("test_base", {"items": [{"code": "Q-1"}]}, at=QUNLI)  # not the community's to read
    draft = await submit("test_base", {"items": [{"code": "D-1"}]}, draft=True)

    fine = await submit("test_linked", {"base_id": base_id, "codes": ["A-1"]}, token=community)
    assert fine["errors"] == [], fine

    missing = await submit("test_linked", {"base_id": 404, "codes": ["A-1", "Z-9"]}, token=community)
    assert missing["errors"] == [
        {"field": "data.base_id", "message": "no test_base submission with id 404 that you may read", "code": "reference"},
        {"field": "data.codes.1", "message": "no entry 'Z-9' in a submitted test_base that you may read here", "code": "reference"},
    ]
    hidden = await submit("test_linked", {"base_id": row_id(elsewhere["result"]["id"]), "codes": ["Q-1"]}, token=community)
    assert [e["field"] for e in hidden["errors"]] == ["data.base_id", "data.codes.0"]
    drafted = await submit("test_linked", {"base_id": row_id(draft["result"]["id"]), "codes": ["D-1"]})
    assert drafted["errors"] == [
        {"field": "data.base_id", "message": f"test_base submission {row_id(draft['result']['id'])} is draft: name a submitted one",
         "code": "reference"},
        {"field": "data.codes.0", "message": "no entry 'D-1' in a submitted test_base that you may read here", "code": "reference"},
    ]
    # another form's submission is not a test_base
    assert [e["field"] for e in (await submit("test_linked", {"base_id": row_id(fine["result"]["id"])}))["errors"]] == ["data.base_id"]
    # the street's own list serves its communities' submissions (the admin reads it); a draft is not checked yet
    street = await submit("test_base", {"items": [{"code": "S-1"}]}, at=STREET)
    assert (await submit("test_linked", {"base_id": row_id(street["result"]["id"]), "codes": ["S-1"]}))["errors"] == []
    assert (await submit("test_linked", {"base_id": 404}, draft=True))["errors"] == []

    # elements: through the access layer, in the same tenant
    org = await graphql(client, """mutation { createSocialOrganization(input: {name: "某协会", orgType: OTHER, registration: FILED,
        region: "%s"}) { result { id } errors { field message } } }""" % CHAOYANG, token=admin_token)
    org_id = row_id(org["data"]["createSocialOrganization"]["result"]["id"])
    other = await graphql(client, """mutation { createSocialOrganization(input: {name: "某协会", orgType: OTHER, registration: FILED,
        region: "%s"}) { result { id } errors { field message } } }""" % QUNLI, token=admin_token)
    other_id = row_id(other["data"]["createSocialOrganization"]["result"]["id"])
    orgs = await submit("test_linked", {"base_id": base_id, "organizations": [org_id, other_id, 99999]}, token=community)
    assert orgs["errors"] == [
        {"field": "data.organizations.1", "message": f"no social_organization with id {other_id} that you may read", "code": "reference"},
        {"field": "data.organizations.2", "message": "no social_organization with id 99999 that you may read", "code": "reference"},
    ]

    # cases: of the named type, read with case:read at its region (the admin) — the community holds no case:read
    async with db.transaction(platform.sessions) as session:
        street_row = (await session.exec(select(Region).where(Region.path == STREET))).one()
        case = Case(tenant_id=street_row.tenant_id, region_id=street_row.id, case_type="test_round", plugin="testrefs",
                    state="open", opened_by="admin")
        wrong_type = Case(tenant_id=street_row.tenant_id, region_id=street_row.id, case_type="other", plugin="testrefs",
                          state="open", opened_by="admin")
        session.add_all([case, wrong_type])
        await session.flush()
        case_id, wrong_id = case.id, wrong_type.id
    assert (await submit("test_linked", {"base_id": base_id, "case_id": case_id}))["errors"] == []
    assert (await submit("test_linked", {"base_id": base_id, "case_id": wrong_id}))["errors"] == [
        {"field": "data.case_id", "message": f"no test_round case with id {wrong_id} that you may read", "code": "reference"}]
    assert [e["field"] for e in (await submit("test_linked", {"base_id": base_id, "case_id": case_id}, token=community))["errors"]] == [
        "data.case_id"]
    async with db.transaction(platform.sessions) as session:  # … unless it is a party to the case
        user = (await session.exec(select(User).where(User.username == "cq_community"))).one()
        session.add(CaseParty(tenant_id=user.tenant_id, case_id=case_id, part="applicant", user_id=user.id))
    assert (await submit("test_linked", {"base_id": base_id, "case_id": case_id}, token=community))["errors"] == []
