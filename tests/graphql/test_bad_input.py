"""Bad input gets a field error naming the argument, never "Unexpected error." (issue #9, break 8).

Ids out of range or in non-ASCII digits, ``null`` for a field the table requires, NUL and
other control characters in strings, and dates outside what the record can mean, on every path
that takes them. The app runs in production mode, where an unexpected error is masked: a masked
"Unexpected error." is then the sign of a fault, and a field error the sign of a refusal.
"""

import base64
import datetime as dt
import json
from typing import Any

import pytest
from graphql import get_named_type, is_input_object_type

from core.config import Settings
from core.plugins.manager import load
from core.testing import graphql
from core.web.graphql.schema import build_schema
from tests.builtin import BUILT_IN

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
WORKER_ID_NUMBER = "11010519491231002X"

BAD_IDS = ["9223372036854775808", "99999999999999999999999", "²", "٣", "0", "-1", "1.5", " 7", "0x1f", "",
           "2147483648"]
"""Each one once answered "Unexpected error." on some path, or was taken for another id (``"٣"`` is 3 to int();
2147483648 is past PostgreSQL's INTEGER id columns)."""

BAD_GLOBAL_IDS = [base64.b64encode(text.encode()).decode() for text in (
    "Region:0", "Region:9223372036854775808", "Region:2147483648", "Volunteer:٣", "Volunteer: 7", "Volunteer:", ":5", "volunteer:5")]
BAD_GLOBAL_IDS += [base64.b64encode(b"Volunteer:5").decode().rstrip("="), "Vm9sdW50ZWVyOjU=\n"]
"""Global ids (base64 of Type:number) with what is not a row number, or not written as the API writes them."""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The kit's settings (on PostgreSQL the application's role), in production mode."""
    return settings.model_copy(update={"env": "production", "rate_limit_per_minute": 0})


def problems(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every error of a response: the top-level ones and those of mutation payloads, as {field, message}."""
    found = [{"field": (e.get("extensions") or {}).get("field"), "message": e["message"]} for e in body.get("errors") or []]
    for value in (body.get("data") or {}).values():
        if isinstance(value, dict):  # a payload names the fields of its input without "input."
            found += [{"field": f"input.{p['field']}", "message": p.get("message", "")} for p in value.get("errors") or []]
            found += [{"field": p["field"], "message": p.get("message", "")} for p in value.get("errors") or []]
    return found


def refused(body: dict[str, Any], field: str, reason: str) -> bool:
    """Refused with an error naming ``field`` and giving ``reason``, and nothing unexpected.

    A NUL or an unpaired surrogate in the variables may be refused earlier, with a 400 naming its
    place in the body (the request decoder refuses what no column can store); that counts too."""
    if "refused" in body:
        return any(word in body["refused"] for word in ("NUL", "surrogate"))
    found = problems(body)
    return all("Unexpected error" not in p["message"] for p in found) and any(
        p["field"] == field and reason in p["message"] for p in found
    )


async def post(client: Any, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables})  # ASCII: an unpaired surrogate as its \\u escape
    response = await client.post("/graphql", content=body,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    if response.status_code == 400:
        return {"refused": response.text}
    assert response.status_code == 200, (query, variables, response.text)
    return response.json()  # type: ignore[no-any-return]


# --- things to refer to ------------------------------------------------------------------------

async def made(client: Any, token: str, mutation: str, kind: str, data: dict[str, Any]) -> str:
    body = await graphql(client, f"mutation($i: {kind}Input!) {{ {mutation}(input: $i) {{ result {{ id }} errors {{ field message }} }} }}",
                         {"i": data}, token=token)
    assert body["data"][mutation]["errors"] == [], body
    return str(body["data"][mutation]["result"]["id"])


async def world(client: Any, token: str) -> dict[str, str]:
    """One row of each element, at COMMUNITY (or its street), by kind."""
    org = await made(client, token, "createSocialOrganization", "SocialOrganization", {
        "name": "测试慈善会", "orgType": "CHARITY_ORGANIZATION", "registration": "REGISTERED",
        "creditCode": "51500000MJP5000008", "publicFundraising": True, "region": STREET})
    team = await made(client, token, "createVolunteerTeam", "VolunteerTeam", {"name": "队", "region": COMMUNITY})
    volunteer = await made(client, token, "createVolunteer", "Volunteer", {"name": "甲", "region": COMMUNITY})
    fund = await made(client, token, "createCommunityFund", "CommunityFund",
                      {"name": "基金", "hostOrganizationId": org, "region": COMMUNITY})
    activity = await made(client, token, "createActivity", "Activity", {"title": "活动", "heldOn": "2024-05-01", "region": COMMUNITY})
    worker = await made(client, token, "createSocialWorker", "SocialWorker",
                        {"name": "丁", "idNumber": WORKER_ID_NUMBER, "region": COMMUNITY})
    return {"org": org, "team": team, "volunteer": volunteer, "fund": fund, "activity": activity, "worker": worker}


# --- ids -----------------------------------------------------------------------------------------

LOOKUPS = ["socialOrganization", "socialWorker", "volunteer", "volunteerTeam", "communityFund", "donation",
           "activity", "serviceRecord", "formSubmission"]
UPDATES = {"updateSocialOrganization": "SocialOrganizationPatch", "updateSocialWorker": "SocialWorkerPatch",
           "updateVolunteerTeam": "VolunteerTeamPatch", "updateVolunteer": "VolunteerPatch",
           "updateCommunityFund": "CommunityFundPatch", "updateActivity": "ActivityPatch"}


ENDINGS = {"deregisterVolunteer": "reason: WITHDREW", "deregisterOrganization": "reason: DISSOLVED",
           "endSocialWorkerPost": "reason: RESIGNED", "dissolveVolunteerTeam": "reason: DISSOLVED",
           "closeCommunityFund": "reason: MERGED", "eraseVolunteerPersonalData": "ground: CONSENT_WITHDRAWN",
           "eraseSocialWorkerPersonalData": "ground: PURPOSE_ENDED", "eraseDonorPersonalData": "ground: CONSENT_WITHDRAWN",
           "eraseDemandPersonalData": "ground: PURPOSE_ENDED"}


def id_cases(w: dict[str, str]) -> list[tuple[str, str, dict[str, Any], str]]:
    """(what, document with a variable $v, other variables, field blamed); $v is the bad id."""
    today = dt.date.today().isoformat()
    cases = [(f"{name}(id)", f"query($v: ID!) {{ {name}(id: $v) {{ id }} }}", {}, "id") for name in LOOKUPS]
    cases += [(f"{name}(id)", f"mutation($v: ID!) {{ {name}(id: $v, input: {{}}) {{ errors {{ field message }} }} }}", {}, "id")
              for name in UPDATES]
    cases += [(f"{name}(id)", f"mutation($v: ID!) {{ {name}(id: $v, {how}) {{ errors {{ field message }} }} }}", {}, "id")
              for name, how in ENDINGS.items()]
    cases.append(("checkRules(id)", 'query($v: ID) { checkRules(subject: "volunteer", id: $v) { key } }', {}, "id"))
    cases.append(("dispatch(ids)", f'mutation($v: ID!) {{ dispatch(resource: VOLUNTEER, ids: ["{w["volunteer"]}", $v], task: "t", '
                  f'region: "{COMMUNITY}") {{ errors {{ field message }} }} }}', {}, "ids"))
    for mutation in ("addOrganizationMember", "removeOrganizationMember"):
        cases.append((f"{mutation}(organization)", f'mutation($v: ID!) {{ {mutation}(organization: $v, username: "admin") '
                      "{ errors { field message } } }", {}, "organization"))
    cases.append(("case(id)", "query($v: ID!) { case(id: $v) { id } }", {}, "id"))
    cases.append(("cases(organization)", "query($v: ID) { cases(organization: $v) { totalCount } }", {}, "organization"))
    for field, other in (("case", {}), ("parent", {"type": "x", "region": COMMUNITY}), ("actingFor", {"case": "1"})):
        cases.append((f"transition(input.{field})", "mutation($i: TransitionInput!) { transition(input: $i) "
                      "{ errors { field message } } }", {"i": {"action": "a", **other}, "ref": field}, field))
    cases.append(("markNotificationsRead(ids)", "mutation($v: ID!) { markNotificationsRead(ids: [$v]) { errors { field message } } }",
                  {}, "ids"))
    cases.append(("node(id)", "query($v: ID!) { node(id: $v) { id } }", {}, "id"))
    for name in ("creditAccounts", "creditEntries"):
        selection = "{ balance }" if name == "creditAccounts" else "{ totalCount }"
        cases.append((f"{name}(volunteer)", f"query($v: ID!) {{ {name}(volunteer: $v) {selection} }}", {}, "volunteer"))
    credit_writes = [("depositServiceTime", "record", ""), ("earnPoints", "record", ""),
                     ("withdrawServiceTime", "volunteer", 'minutes: 1, service: "助浴", '),
                     ("awardPoints", "volunteer", 'points: 1, reason: "表彰", '),
                     ("exchangePoints", "volunteer", 'points: 1, goods: "大米", '),
                     ("convertCredits", "volunteer", 'source: "volunteer_points", target: "time_bank", amount: 1, ')]
    for mutation, argument, rest in credit_writes:
        cases.append((f"{mutation}({argument})", f'mutation($v: ID!) {{ {mutation}({argument}: $v, {rest}requestKey: '
                      '"bad-input-key") { errors { field message } } }', {}, argument))
    cases.append(("nodes(ids)", f'query($v: ID!) {{ nodes(ids: ["{w["volunteer"]}", $v]) {{ id }} }}', {}, "ids"))
    creates = [
        ("createVolunteerTeam", "VolunteerTeam", {"name": "队2", "region": COMMUNITY}, "organizationId"),
        ("createVolunteer", "Volunteer", {"name": "乙", "region": COMMUNITY}, "teamId"),
        ("createCommunityFund", "CommunityFund", {"name": "基金2", "region": COMMUNITY}, "hostOrganizationId"),
        ("recordDonation", "Donation", {"donorName": "丙", "donorKind": "RESIDENT", "form": "MONEY", "amountFen": 100,
                                        "donatedOn": today, "region": COMMUNITY}, "fundId"),
        ("createActivity", "Activity", {"title": "活动2", "heldOn": today, "region": COMMUNITY}, "organizationId"),
        ("createSocialWorker", "SocialWorker", {"name": "戊", "idNumber": "440524188001010014", "region": COMMUNITY}, "organizationId"),
        ("recordService", "ServiceRecord", {"activityId": w["activity"], "servedOn": today, "startsAt": "09:00",
                                            "minutes": 60}, "volunteerId"),
        ("recordService", "ServiceRecord", {"volunteerId": w["volunteer"], "servedOn": today, "startsAt": "09:00",
                                            "minutes": 60}, "activityId"),
    ]
    for mutation, kind, data, ref in creates:
        cases.append((f"{mutation}(input.{ref})", f"mutation($i: {kind}Input!) {{ {mutation}(input: $i) {{ errors {{ field message }} }} }}",
                      {"i": data, "ref": ref}, f"input.{ref}"))
    patches = [("updateVolunteerTeam", w["team"], "organizationId"), ("updateVolunteer", w["volunteer"], "teamId"),
               ("updateCommunityFund", w["fund"], "hostOrganizationId"), ("updateActivity", w["activity"], "organizationId"),
               ("updateSocialWorker", w["worker"], "organizationId")]
    for mutation, row, ref in patches:
        cases.append((f"{mutation}(input.{ref})", f'mutation($i: {UPDATES[mutation]}!) {{ {mutation}(id: "{row}", input: $i) '
                      "{ errors { field message } } }", {"i": {}, "ref": ref}, f"input.{ref}"))
    fix = {"activityId": w["activity"], "servedOn": today, "startsAt": "09:00", "minutes": 5, "reason": "更正"}
    cases.append(("correctServiceRecord(id)", "mutation($v: ID!, $i: ServiceRecordCorrectionInput!) { "
                  "correctServiceRecord(id: $v, input: $i) { errors { field message } } }", {"i": fix}, "id"))
    cases.append(("correctServiceRecord(input.activityId)", "mutation($i: ServiceRecordCorrectionInput!) { "
                  f'correctServiceRecord(id: "{w["volunteer"]}", input: $i) {{ errors {{ field message }} }} }}',
                  {"i": fix, "ref": "activityId"}, "input.activityId"))
    cases.append(("issueServiceCertificate(input.volunteerId)", "mutation($i: ServiceCertificateInput!) { "
                  "issueServiceCertificate(input: $i) { errors { field message } } }",
                  {"i": {"periodFrom": "2024-01-01", "periodTo": today}, "ref": "volunteerId"}, "volunteerId"))
    cases.append(("recordSpotCheckFinding(id)", "mutation($v: ID!) { recordSpotCheckFinding(id: $v, input: "
                  "{finding: CONFIRMED}) { errors { field message } } }", {}, "id"))
    filters = [("volunteers", "teamId"), ("donations", "fundId"), ("activities", "organizationId"),
               ("serviceRecords", "volunteerId"), ("serviceRecords", "activityId")]
    for connection, ref in filters:
        cases.append((f"{connection}(filter.{ref})", f'query($v: ID) {{ region(path: "{COMMUNITY}") {{ {connection}(filter: {{{ref}: $v}}) '
                      "{ totalCount nodes { id } } } }", {}, f"filter.{ref}"))
    return cases


def with_id(variables: dict[str, Any], bad: str) -> dict[str, Any]:
    """The variables with the bad id in place: ``$v``, or the input field ``ref`` of ``$i``."""
    out = {k: v for k, v in variables.items() if k != "ref"}
    if "ref" in variables:
        out["i"] = {**variables["i"], variables["ref"]: bad}
    else:
        out["v"] = bad
    return out


async def test_every_id_argument_refuses_what_is_not_a_row_id(client, admin_token):
    w = await world(client, admin_token)
    wrong = []
    for what, query, variables, field in id_cases(w):
        for bad in BAD_IDS + BAD_GLOBAL_IDS:
            body = await post(client, query, with_id(variables, bad), admin_token)
            if not refused(body, field, "is not an id"):
                wrong.append((what, bad, problems(body)))
    assert wrong == []


async def test_every_id_argument_refuses_a_global_id_of_another_type(client, admin_token):
    """A Region's id where a volunteer's (a team's, a case's …) is asked is refused, naming both types;
    node(id:) refuses only the id of a type that is not a Node."""
    w = await world(client, admin_token)
    region = base64.b64encode(b"Region:1").decode()
    wrong = []
    for what, query, variables, field in id_cases(w):
        bad = base64.b64encode(b"CaseEvent:1").decode() if what.startswith("node") else region
        reason = "which is not a Node" if what.startswith("node") else "is the id of a Region, not of a"
        body = await post(client, query, with_id(variables, bad), admin_token)
        if not refused(body, field, reason):
            wrong.append((what, problems(body)))
    assert wrong == []


async def test_every_id_argument_takes_the_global_id_and_the_number_alike(client, admin_token):
    """An id as the API gives it (global) and the row's number (as release 0.1.0 gave it out)
    name the same record."""
    w = await world(client, admin_token)
    volunteer = w["volunteer"]
    number = base64.b64decode(volunteer).decode().split(":")[1]
    for id_ in (volunteer, number):
        body = await post(client, "query($v: ID!) { volunteer(id: $v) { id name } }", {"v": id_}, admin_token)
        assert body["data"]["volunteer"] == {"id": volunteer, "name": "甲"}, body
        body = await post(client, 'query($v: ID) { region(path: "%s") { serviceRecords(filter: {volunteerId: $v}) '
                          "{ totalCount } } }" % COMMUNITY, {"v": id_}, admin_token)
        assert body["data"]["region"]["serviceRecords"]["totalCount"] == 0, body


async def test_cursors_refuse_ids_out_of_range(client, admin_token):
    await world(client, admin_token)
    query = f'query($a: String) {{ region(path: "{COMMUNITY}") {{ volunteers(first: 1, after: $a) {{ nodes {{ id }} }} }} }}'
    inner = ["id:9223372036854775808", "id:²", "id:٣", "id:-1", "id:0", "id:"]
    cursors = [base64.urlsafe_b64encode(text.encode()).decode() for text in inner] + ["", "é", "²", "!!!!"]
    wrong = []
    for cursor in cursors:
        body = await post(client, query, {"a": cursor}, admin_token)
        if not refused(body, "after", "is not a cursor"):
            wrong.append((cursor, problems(body)))
    assert wrong == []


def test_the_id_cases_cover_every_id_input_of_the_schema():
    """A new ID argument or input field must be added to the cases above (and so be tested)."""
    _, registry = load(only=BUILT_IN)
    schema = build_schema(registry)._schema
    found = set()
    for root in (schema.query_type, schema.mutation_type):
        for name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                _collect(found, f"{root.name}.{name}({arg_name})", arg.type)
    for type_ in schema.type_map.values():
        if hasattr(type_, "fields") and not is_input_object_type(type_) and type_ not in (schema.query_type, schema.mutation_type):
            for name, field in type_.fields.items():
                for arg_name, arg in field.args.items():
                    _collect(found, f"{type_.name}.{name}({arg_name})", arg.type)
    covered = {"Query.%s(id)" % n for n in LOOKUPS} | {"Mutation.%s(id)" % n for n in [*UPDATES, *ENDINGS]}
    covered |= {"Query.checkRules(id)", "Mutation.dispatch(ids)", "Mutation.addOrganizationMember(organization)",
                "Mutation.removeOrganizationMember(organization)", "Mutation.markNotificationsRead(ids)",
                "Query.case(id)", "Query.cases(organization)", "TransitionInput.case", "TransitionInput.parent",
                "TransitionInput.actingFor", "Query.node(id)", "Query.nodes(ids)", "Mutation.correctServiceRecord(id)",
                "ServiceRecordCorrectionInput.activityId", "ServiceCertificateInput.volunteerId",
                "Mutation.recordSpotCheckFinding(id)"}
    # the funds' ids: tests/graphql/test_funds.py::test_every_id_of_the_funds_api_is_refused_naming_its_field
    covered |= {"FundGrantInput.fundId", "FundGrantInput.caseId", "Mutation.issueDonationReceipt(donationId)",
                "Query.fundStatement(fundId)", "FundGrantInput.projectId"}
    # the lists' ids: tests/graphql/test_lists.py::test_every_id_of_the_lists_api_is_refused_naming_its_field
    covered |= {"Query.demand(id)", "Mutation.startService(demand)", "Mutation.giveFeedback(demand)",
                "Mutation.withdrawDemand(demand)", "Mutation.acceptProposal(proposal)", "Mutation.declineProposal(proposal)",
                "ServiceProjectInput.demandIds", "ServiceProjectInput.resourceIds", "ServiceResourceInput.volunteerId",
                "ServiceResourceInput.organizationId", "ServiceResourceInput.fundId"}
    covered |= {"Query.creditAccounts(volunteer)", "Query.creditEntries(volunteer)", "Mutation.depositServiceTime(record)",
                "Mutation.earnPoints(record)", "Mutation.withdrawServiceTime(volunteer)", "Mutation.awardPoints(volunteer)",
                "Mutation.exchangePoints(volunteer)", "Mutation.convertCredits(volunteer)"}
    covered |= {f"{kind}Input.{ref}" for kind, ref in [
        ("VolunteerTeam", "organizationId"), ("Volunteer", "teamId"), ("CommunityFund", "hostOrganizationId"),
        ("Donation", "fundId"), ("Activity", "organizationId"), ("SocialWorker", "organizationId"),
        ("ServiceRecord", "volunteerId"), ("ServiceRecord", "activityId")]}
    covered |= {f"{kind}Patch.{ref}" for kind, ref in [
        ("VolunteerTeam", "organizationId"), ("Volunteer", "teamId"), ("CommunityFund", "hostOrganizationId"),
        ("Activity", "organizationId"), ("SocialWorker", "organizationId")]}
    covered |= {"VolunteerFilter.teamId", "DonationFilter.fundId", "ActivityFilter.organizationId",
                "ServiceRecordFilter.volunteerId", "ServiceRecordFilter.activityId"}
    assert found <= covered, sorted(found - covered)


def _collect(found: set[str], where: str, type_: Any) -> None:
    named = get_named_type(type_)
    if named.name == "ID":
        found.add(where)
    elif is_input_object_type(named):
        for name, field in named.fields.items():
            if get_named_type(field.type).name == "ID":
                found.add(f"{named.name}.{name}")


# --- null for a field the table requires ---------------------------------------------------------

def required_columns(table: Any, patch: Any) -> list[str]:
    """The fields of a patch input that the table stores as NOT NULL: sending null must be refused."""
    columns = table.__table__.columns
    return [name for name in patch.model_fields if name in columns and not columns[name].nullable]


def null_cases() -> list[tuple[str, str, str, list[str]]]:
    from core.models import (
        Activity,
        CommunityFund,
        CommunityProfile,
        SocialOrganization,
        SocialWorker,
        Volunteer,
        VolunteerTeam,
    )
    from core.models.charity import CommunityFundUpdate
    from core.models.community import CommunityProfileUpdate
    from core.models.organization import SocialOrganizationUpdate
    from core.models.service import ActivityUpdate
    from core.models.volunteer import VolunteerTeamUpdate, VolunteerUpdate
    from core.models.worker import SocialWorkerUpdate

    return [
        ("updateSocialOrganization", "org", "SocialOrganizationPatch", required_columns(SocialOrganization, SocialOrganizationUpdate)),
        ("updateSocialWorker", "worker", "SocialWorkerPatch", required_columns(SocialWorker, SocialWorkerUpdate)),
        ("updateVolunteerTeam", "team", "VolunteerTeamPatch", required_columns(VolunteerTeam, VolunteerTeamUpdate)),
        ("updateVolunteer", "volunteer", "VolunteerPatch", required_columns(Volunteer, VolunteerUpdate)),
        ("updateCommunityFund", "fund", "CommunityFundPatch", required_columns(CommunityFund, CommunityFundUpdate)),
        ("updateActivity", "activity", "ActivityPatch", required_columns(Activity, ActivityUpdate)),
        ("setCommunityProfile", "", "CommunityProfilePatch", required_columns(CommunityProfile, CommunityProfileUpdate)),
    ]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def test_null_for_a_field_the_table_requires_names_the_field(client, admin_token):
    w = await world(client, admin_token)
    wrong, tried = [], 0
    for mutation, row, patch, fields in null_cases():
        target = f'region: "{COMMUNITY}"' if mutation == "setCommunityProfile" else f'id: "{w[row]}"'
        query = f"mutation($i: {patch}!) {{ {mutation}({target}, input: $i) {{ errors {{ field message }} }} }}"
        for name in fields:
            tried += 1
            body = await post(client, query, {"i": {camel(name): None}}, admin_token)
            if not refused(body, f"input.{camel(name)}", "null"):
                wrong.append((mutation, name, problems(body)))
    assert tried >= 20 and wrong == []
    profile = await post(client, f'{{ region(path: "{COMMUNITY}") {{ profile {{ demonstration }} }} }}', {}, admin_token)
    assert "errors" not in profile


async def test_null_in_development_mode_shows_no_sql(platform, settings):
    from litestar.testing import AsyncTestClient

    from core.platform import Platform
    from core.web.app import create_app

    dev = Platform.create(settings.model_copy(update={"env": "development"}))  # on platform's initialised database
    await dev.load_signing_key()
    try:
        async with AsyncTestClient(app=create_app(dev)) as client:
            query = f'mutation {{ setCommunityProfile(region: "{COMMUNITY}", input: {{demonstration: null}}) {{ errors {{ field message }} }} }}'
            body = await post(client, query, {}, str(await dev.token_for("admin")))
    finally:
        await dev.dispose()
    assert "SQL" not in str(body) and "INSERT" not in str(body).upper(), body
    assert refused(body, "input.demonstration", "null"), body


# --- NUL and other control characters ------------------------------------------------------------

TEXT_CASES = [
    # (what, document, variables, field blamed)
    ("input.name", 'mutation($v: String!) { createVolunteer(input: {name: $v, region: "%s"}) { errors { field } } }' % COMMUNITY,
     {}, "input.name"),
    ("nested variable", "mutation($i: VolunteerInput!) { createVolunteer(input: $i) { errors { field } } }",
     {"i": {"name": "{v}", "region": COMMUNITY}}, "input.name"),
    ("path", "query($v: String!) { region(path: $v) { name } }", {}, "path"),
    ("filter", 'query($v: String) { region(path: "%s") { volunteers(filter: {nameContains: $v}) { totalCount } } }' % COMMUNITY,
     {}, "filter.nameContains"),
    ("under", "query($v: String!) { formSubmissions(under: $v) { nodes { id } } }", {}, "under"),
    ("form data", 'mutation($d: JSON!) { submitForm(form: "chongqing_consultation_record", region: "%s", data: $d, draft: true) '
     "{ errors { field } } }" % STREET, {"d": {"venue": "{v}"}}, "data.venue"),
    ("form data deep", 'mutation($d: JSON!) { submitForm(form: "chongqing_consultation_record", region: "%s", data: $d, draft: true) '
     "{ errors { field } } }" % STREET, {"d": {"participants": [{"name": "{v}"}]}}, "data.participants.name"),
    ("rule data", 'query($d: JSON!) { checkRules(subject: "form:chongqing_consultation_record", data: $d, region: "%s") { key } }' % STREET,
     {"d": {"topic": "{v}"}}, "data.topic"),
    ("setting", 'mutation($v: JSON!) { setSetting(key: "contractor_project_limit_scope", value: $v, tenant: "panjin") { errors { field } } }',
     {}, "value"),
    ("username", 'mutation($v: String!) { assignRole(username: $v, role: "tenant_admin", region: "chongqing") { errors { field } } }',
     {}, "username"),
]


def text_variables(variables: dict[str, Any], bad: str) -> dict[str, Any]:
    """``{v}`` anywhere in the variables replaced by ``bad``; ``$v`` itself when no placeholder is used."""
    if not variables:
        return {"v": bad}
    return json.loads(json.dumps(variables).replace("{v}", json.dumps(bad)[1:-1]))


@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "a\x01", "a\x1fb", "a\x7f", "a\x9b", "a\ud800"])
async def test_control_characters_are_refused_in_every_string_argument(client, admin_token, bad):
    wrong = []
    for what, query, variables, field in TEXT_CASES:
        body = await post(client, query, text_variables(variables, bad), admin_token)
        if not refused(body, field, "is not allowed in text"):
            wrong.append((what, problems(body)))
    assert wrong == []


async def test_control_characters_are_refused_in_literals_and_json_keys(client, admin_token):
    for _ in range(2):  # a document read once is walked once, and one with a problem every time it is sent
        literal = await post(client, '{ region(path: "chongqing\\u0000") { name } }', {}, admin_token)
        assert refused(literal, "path", "control character"), literal
    key = await post(client, TEXT_CASES[5][1], {"d": {"ven\x00ue": "x"}}, admin_token)
    assert refused(key, "data", "control character"), key


async def test_a_document_sent_clean_first_still_refuses_a_bad_variable_later(client, admin_token):
    """A document found clean once is not walked again, only its variables are read: sent next with
    a bad string (in a value or a JSON key), it is refused naming the argument all the same."""
    wrong = []
    for what, query, variables, field in TEXT_CASES:
        await post(client, query, text_variables(variables, "清洁"), admin_token)
        for bad in (text_variables(variables, "a\x00b"), text_variables(variables, "a\ud800")):
            body = await post(client, query, bad, admin_token)
            if not refused(body, field, "is not allowed in text"):
                wrong.append((what, problems(body)))
    assert wrong == []
    await post(client, TEXT_CASES[5][1], {"d": {"venue": "x"}}, admin_token)
    key = await post(client, TEXT_CASES[5][1], {"d": {"ven\x00ue": "x"}}, admin_token)
    assert refused(key, "data", "control character"), key


async def test_a_bad_default_of_a_variable_is_refused_every_time(client, admin_token):
    query = 'query($p: String = "chongqing\\u0000") { region(path: $p) { name } }'
    for _ in range(2):  # given, the variable is clean; left out, the default is not
        assert (await post(client, query, {"p": "chongqing"}, admin_token))["data"]["region"]["name"]
        body = await post(client, query, {}, admin_token)
        assert refused(body, "path", "control character"), body


async def test_single_line_names_refuse_line_breaks_and_direction_overrides(client, admin_token):
    query = "mutation($i: VolunteerInput!) { createVolunteer(input: $i) { result { name } errors { field message } } }"
    for name in ["甲\n乙", "甲\r乙", "甲\t乙", "甲\u202e乙", "甲\u2028乙", "甲\x85乙"]:
        body = await post(client, query, {"i": {"name": name, "region": COMMUNITY}}, admin_token)
        assert refused(body, "input.name", "character"), (name, body)
    kept = await post(client, query, {"i": {"name": "阿依古丽·买买提", "region": COMMUNITY}}, admin_token)
    assert kept["data"]["createVolunteer"]["result"] == {"name": "阿依古丽·买买提"}
    w = await world(client, admin_token)
    multi = await post(client, 'mutation($d: String) { recordService(input: {volunteerId: "%s", activityId: "%s", '
                       'servedOn: "2024-01-02", startsAt: "09:00", minutes: 5, description: $d}) { errors { field } } }'
                       % (w["volunteer"], w["activity"]),
                       {"d": "第一行\n第二行\t完"}, admin_token)
    assert multi["data"]["recordService"]["errors"] == [], multi


# --- dates ---------------------------------------------------------------------------------------

def date_cases(w: dict[str, str]) -> list[tuple[str, str, dict[str, Any], str, str]]:
    """(what, mutation, input without the date, the date field, the kind of bound)."""
    org = {"name": "某某协会", "orgType": "OTHER", "registration": "FILED", "region": STREET}
    return [
        ("createVolunteer", "Volunteer", {"name": "甲", "region": COMMUNITY}, "registeredOn", "past"),
        ("createVolunteer", "Volunteer", {"name": "甲", "region": COMMUNITY}, "guardianConsentOn", "past"),
        ("createSocialOrganization", "SocialOrganization", org, "establishedOn", "past"),
        ("createVolunteerTeam", "VolunteerTeam", {"name": "队", "region": COMMUNITY}, "establishedOn", "past"),
        ("createCommunityFund", "CommunityFund", {"name": "基金", "region": COMMUNITY, "hostOrganizationId": w["org"]}, "establishedOn", "past"),
        ("recordDonation", "Donation", {"donorName": "丙", "donorKind": "RESIDENT", "form": "MONEY", "amountFen": 100,
                                        "region": COMMUNITY}, "donatedOn", "past"),
        ("createActivity", "Activity", {"title": "活动", "region": COMMUNITY}, "heldOn", "past"),
        ("recordService", "ServiceRecord", {"volunteerId": w["volunteer"], "activityId": w["activity"], "startsAt": "09:00",
                                            "minutes": 30}, "servedOn", "past"),
        ("updateVolunteer", "VolunteerPatch", {"id": w["volunteer"]}, "registeredOn", "past"),
        ("updateActivity", "ActivityPatch", {"id": w["activity"]}, "heldOn", "past"),
        ("updateSocialOrganization", "SocialOrganizationPatch", {"id": w["org"]}, "establishedOn", "past"),
        ("setCommunityProfile", "CommunityProfilePatch", {"region": COMMUNITY}, "demonstrationSince", "past"),
    ]


async def test_dates_are_bounded_on_every_date_input(client, admin_token):
    w = await world(client, admin_token)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    wrong = []
    for mutation, kind, data, field, _ in date_cases(w):
        for day, reason in [("9999-12-31", "future"), (tomorrow, "future"), ("0001-01-01", "1900-01-01"), ("1899-12-31", "1900-01-01")]:
            if "id" in data or ("region" in data and kind.endswith("Patch")):
                target = ", ".join(f'{k}: "{v}"' for k, v in data.items())
                query = f"mutation($i: {kind}!) {{ {mutation}({target}, input: $i) {{ errors {{ field message }} }} }}"
                variables = {"i": {field: day}}
            else:
                query = f"mutation($i: {kind}Input!) {{ {mutation}(input: $i) {{ errors {{ field message }} }} }}"
                variables = {"i": {**data, field: day}}
            body = await post(client, query, variables, admin_token)
            if not refused(body, f"input.{field}", reason):
                wrong.append((mutation, field, day, problems(body)))
    assert wrong == []


async def test_a_date_today_and_one_in_1900_are_kept(client, admin_token):
    today = dt.date.today().isoformat()
    query = "mutation($i: VolunteerTeamInput!) { createVolunteerTeam(input: $i) { result { establishedOn } errors { field message } } }"
    for day in [today, "1900-01-01"]:
        body = await post(client, query, {"i": {"name": f"队{day}", "region": COMMUNITY, "establishedOn": day}}, admin_token)
        assert body["data"]["createVolunteerTeam"] == {"result": {"establishedOn": day}, "errors": []}, body


# --- the same digits outside GraphQL -------------------------------------------------------------

@pytest.mark.parametrize("year", ["²", "٢٠٢٤", "२०२४"])
async def test_export_years_in_other_digits_are_refused_naming_the_year(client, admin_token, year):
    """``"²".isdigit()`` is true and ``int("²")`` fails; ``int("٢٠٢٤")`` is 2024: ASCII digits only."""
    params = {"under": "chongqing/qianjiang", "by": "street", "indicators": "volunteer_share", "year": year}
    response = await client.get("/exports/rollup.csv", params=params, headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["field"] == "year"

