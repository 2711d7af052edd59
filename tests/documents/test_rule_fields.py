"""Rules that name the field they fault: ``RuleDecl(fields=…)`` and ``Fault(field, message)``.

A failed rule used to be reported as ``rules.<key>`` whatever it judged; a rule about one field of a
form is now reported at that field (``data.guardian.name``), as a schema error is, so that a form can
show the message beside the field. A rule that names no field is reported as before."""


import pytest

from core import Fault, FormDecl, RuleDecl
from core.documents.rules import BROKEN, run_rules
from core.errors import StartupError
from core.plugins.formschema import form, integer, obj, text
from core.plugins.manager import load
from core.testing import graphql, plugin_module

STREET = "chongqing/qianjiang/zhengyang"
SUBMIT = """mutation($d: JSON!) { submitForm(form: "test_minor_file", region: "%s", data: $d) {
  result { id } errors { field message code rule } } }""" % STREET
CHECK = """query($d: JSON!) { checkRules(subject: "form:test_minor_file", data: $d, region: "%s") {
  key passed message faults { field message } } }""" % STREET
SOURCE = "测试文件 三"


plugin = plugin_module


MINOR_FILE = FormDecl(
    key="test_minor_file", version=1, title="未成年人档案", source="测试文件 一",
    json_schema=form("未成年人档案", {
        "child": obj("儿童", {"name": text("姓名"), "age": integer("年龄")}),
        "guardian": obj("监护人", {"name": text("姓名"), "consented": {"type": "boolean", "title": "同意"}}),
        "visits": {"type": "array", "title": "走访", "items": obj("走访", {"minutes": integer("时长（分钟）")})},
    }, optional=("visits",)),
)


def guardian_consented(record, context):
    return record["guardian"]["consented"] is True


def a_minor(record, context):
    age = record["child"]["age"]
    return True if age < 18 else f"已满{age}周岁，不是未成年人"


def visits_short(record, context):
    return [Fault(field=f"visits.{i}.minutes", message=f"走访{v['minutes']}分钟，超过120分钟")
            for i, v in enumerate(record.get("visits") or []) if v["minutes"] > 120]


def named_once(record, context):
    if record["guardian"]["name"] == record["child"]["name"]:
        return Fault("guardian.name", "监护人不能是儿童本人")
    return True


def the_whole_file(record, context):
    return len(record.get("visits") or []) < 5 or "走访超过4次，请分册建档"


RULES = [
    RuleDecl(key="test_consent", label="监护人同意", subject="form:test_minor_file", message="须取得监护人同意",
             check=guardian_consented, fields=("guardian.consented",), source=SOURCE),
    RuleDecl(key="test_minor", label="未成年人", subject="form:test_minor_file", message="只为未成年人建档",
             check=a_minor, fields=("child.age",), source=SOURCE),
    RuleDecl(key="test_visits", label="走访时长", subject="form:test_minor_file", message="走访时长过长",
             check=visits_short, source=SOURCE),
    RuleDecl(key="test_guardian", label="监护人", subject="form:test_minor_file", message="监护人有误",
             check=named_once, source=SOURCE),
    RuleDecl(key="test_whole_file", label="分册", subject="form:test_minor_file", message="须分册",
             check=the_whole_file, source=SOURCE),
]
FILES = plugin("testfiles", "chongqing/qianjiang", register_forms=[MINOR_FILE], register_rules=RULES)

GOOD = {"child": {"name": "小明", "age": 9}, "guardian": {"name": "王某", "consented": True},
        "visits": [{"minutes": 60}, {"minutes": 90}]}


@pytest.fixture
def extra_plugins():
    return [FILES]


async def test_a_rule_naming_its_field_is_reported_at_that_field(client, admin_token):
    data = {**GOOD, "guardian": {"name": "王某", "consented": False}, "child": {"name": "小明", "age": 19}}
    body = await graphql(client, SUBMIT, {"d": data}, token=admin_token)
    assert body["data"]["submitForm"] == {"result": None, "errors": [
        {"field": "data.guardian.consented", "message": f"须取得监护人同意 ({SOURCE})", "code": "rule", "rule": "test_consent"},
        {"field": "data.child.age", "message": f"已满19周岁，不是未成年人 ({SOURCE})", "code": "rule", "rule": "test_minor"},
    ]}


async def test_a_check_names_the_exact_field_with_faults(client, admin_token):
    data = {**GOOD, "guardian": {"name": "小明", "consented": True},
            "visits": [{"minutes": 60}, {"minutes": 150}, {"minutes": 200}]}
    body = await graphql(client, SUBMIT, {"d": data}, token=admin_token)
    assert body["data"]["submitForm"]["errors"] == [
        {"field": "data.visits.1.minutes", "message": f"走访150分钟，超过120分钟 ({SOURCE})", "code": "rule", "rule": "test_visits"},
        {"field": "data.visits.2.minutes", "message": f"走访200分钟，超过120分钟 ({SOURCE})", "code": "rule", "rule": "test_visits"},
        {"field": "data.guardian.name", "message": f"监护人不能是儿童本人 ({SOURCE})", "code": "rule", "rule": "test_guardian"},
    ]


async def test_a_rule_naming_no_field_is_reported_as_before(client, admin_token):
    data = {**GOOD, "visits": [{"minutes": 30}] * 5}
    body = await graphql(client, SUBMIT, {"d": data}, token=admin_token)
    assert body["data"]["submitForm"]["errors"] == [
        {"field": "rules.test_whole_file", "message": f"走访超过4次，请分册建档 ({SOURCE})", "code": "rule", "rule": "test_whole_file"}]
    accepted = await graphql(client, SUBMIT, {"d": GOOD}, token=admin_token)
    assert accepted["data"]["submitForm"]["errors"] == [] and accepted["data"]["submitForm"]["result"]["id"]


async def test_check_rules_lists_the_faults_of_each_rule(client, admin_token):
    data = {**GOOD, "guardian": {"name": "王某", "consented": False}, "visits": [{"minutes": 150}] * 5}
    body = await graphql(client, CHECK, {"d": data}, token=admin_token)
    outcome = {r["key"]: r for r in body["data"]["checkRules"]}
    assert outcome["test_consent"] == {"key": "test_consent", "passed": False, "message": "须取得监护人同意",
                                       "faults": [{"field": "data.guardian.consented", "message": "须取得监护人同意"}]}
    assert outcome["test_minor"] == {"key": "test_minor", "passed": True, "message": None, "faults": []}
    assert [f["field"] for f in outcome["test_visits"]["faults"]] == [f"data.visits.{i}.minutes" for i in range(5)]
    assert outcome["test_whole_file"]["faults"] == [] and not outcome["test_whole_file"]["passed"]


async def test_a_fault_that_is_no_field_path_breaks_only_its_rule(client, admin_token):
    def bad_path(record, context):
        return Fault(field="guardian..name", message="x")

    broken = plugin("testbroken", "chongqing/qianjiang", register_rules=[
        RuleDecl(key="test_bad_path", label="坏路径", subject="form:test_minor_file", message="x", check=bad_path, source=SOURCE)])
    _, registry = load([FILES, broken], entry_points=False)
    results = {r.key: r for r in await run_rules([d for d in registry.rules if d.item.subject == "form:test_minor_file"],
                                                 GOOD, context=None)}
    assert (results["test_bad_path"].passed, results["test_bad_path"].message, results["test_bad_path"].faults) == (False, BROKEN, ())
    assert results["test_consent"].passed


STAFF = RuleDecl(key="test_staff", label="专职人员", subject="social_organization", message="专职人员少于3人",
                 check=lambda r, c: r["full_time_staff"] >= 3, fields=("full_time_staff",), source=SOURCE)


@pytest.mark.parametrize("extra_plugins", [[plugin("testorg", "chongqing/qianjiang", register_rules=[STAFF])]])
async def test_an_element_rule_names_the_element_field_as_its_type_does(client, admin_token, extra_plugins):
    created = await graphql(client, """mutation { createSocialOrganization(input: {name: "小机构", orgType: SOCIAL_WORK_AGENCY,
        registration: REGISTERED, creditCode: "51500000MJP5000008", grade: 3, fullTimeStaff: 1, region: "%s"}) {
        result { id } } }""" % STREET, token=admin_token)
    org = created["data"]["createSocialOrganization"]["result"]["id"]
    body = await graphql(client, 'query($id: ID!) { checkRules(subject: "social_organization", id: $id) { key faults { field message } } }',
                         {"id": org}, token=admin_token)
    mine = [r for r in body["data"]["checkRules"] if r["key"] == "test_staff"]
    assert mine == [{"key": "test_staff", "faults": [{"field": "fullTimeStaff", "message": "专职人员少于3人"}]}]


@pytest.mark.parametrize(("fields", "subject", "message"), [
    (("guardian.nmae",), "form:test_minor_file",
     r"plugin 'testtypo': register_rules\[0\]\.fields\[0\]: form 'test_minor_file' has no field 'guardian.nmae'"),
    (("full_time_staf",), "social_organization",
     r"plugin 'testtypo': register_rules\[0\]\.fields\[0\]: social_organization has no field 'full_time_staf'"),
])
def test_a_rule_naming_a_field_the_subject_lacks_fails_at_start_up(fields, subject, message):
    typo = plugin("testtypo", "chongqing/qianjiang", register_rules=[
        RuleDecl(key="test_typo", label="拼错", subject=subject, message="x", check=lambda r, c: True, fields=fields,
                 source=SOURCE)])
    with pytest.raises(StartupError, match=message):
        load([FILES, typo], entry_points=False)


@pytest.mark.parametrize("field", ["", "guardian..name", "visits[].minutes", "visits.0.minutes", ".name"])
def test_a_declared_field_is_a_dotted_path_of_property_names(field):
    declared = {"key": "test_bad", "label": "坏", "subject": "form:test_minor_file", "message": "x",
                "check": lambda r, c: True, "fields": [field], "source": SOURCE}
    bad = plugin("testbad", "chongqing/qianjiang", register_rules=[declared])
    with pytest.raises(StartupError, match=r"plugin 'testbad': register_rules\[0\]\.fields\[0\]: "):
        load([FILES, bad], entry_points=False)


def test_a_fault_names_a_field_and_says_what_is_wrong():
    assert Fault("items.2.amount_fen", "金额有误") == Fault(field="items.2.amount_fen", message="金额有误")
    for field, message in (("", "x"), ("a..b", "x"), ("a", ""), ("a[0]", "x")):
        with pytest.raises(ValueError):
            Fault(field, message)
