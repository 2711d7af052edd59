"""Personal data through the API (SECURITY.md 11, issue 3 item 7): ID numbers and phones stored
encrypted, masked for everyone, in full only with ``personal_data:read_full``, every full read
audited; children under 14 only with a guardian's consent."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from core.demo.data import _add_years
from core.models import AuditEvent
from core.testing import create_role, graphql, platform_wide, row_id, user_with_role
from core.validators import id_number_check_digit

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
OTHER_COMMUNITY = "chongqing/qianjiang/zhengyang/qunli"
STREET = "chongqing/qianjiang/zhengyang"
ADULT_ID = "11010519491231002X"
ADULT_PHONE = "13812345678"
WORKER_ID = "440524188001010014"
WORKER_PHONE = "023-63221234"

VOLUNTEER = """
mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) {
    result { id idNumberMasked phoneMasked sex guardianName guardianRelation guardianConsentOn }
    errors { field message code }
  }
}
"""
UPDATE_VOLUNTEER = """
mutation($id: ID!, $input: VolunteerPatch!) {
  updateVolunteer(id: $id, input: $input) { result { id name phoneMasked } errors { field message code } }
}
"""
WORKER = """
mutation($input: SocialWorkerInput!) {
  createSocialWorker(input: $input) { result { id idNumberMasked phoneMasked sex } errors { field message code } }
}
"""
READ = """
query($id: ID!) { volunteer(id: $id) { name idNumberMasked phoneMasked idNumber phone } }
"""
READ_WORKER = """
query($id: ID!) { socialWorker(id: $id) { idNumberMasked phoneMasked idNumber phone } }
"""


def id_number(birth: dt.date, division: str = "500114", sequence: int = 123) -> str:
    body = f"{division}{birth:%Y%m%d}{sequence:03d}"
    return body + id_number_check_digit(body)


def child_id(age: int = 10) -> str:
    return id_number(_add_years(dt.date.today(), -age) - dt.timedelta(days=30))


async def create_volunteer(client, token, **fields):
    data = {"name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05",
            "idNumber": ADULT_ID, "phone": ADULT_PHONE, "region": COMMUNITY} | fields
    body = await graphql(client, VOLUNTEER, {"input": data}, token=token)
    return body["data"]["createVolunteer"]


async def create_worker(client, token, **fields):
    data = {"name": "李娜", "idNumber": WORKER_ID, "phone": WORKER_PHONE, "post": "SOCIAL_WORK_STATION",
            "region": STREET} | fields
    body = await graphql(client, WORKER, {"input": data}, token=token)
    return body["data"]["createSocialWorker"]


async def audit_reads(platform):
    async with platform.sessions() as session:
        query = select(AuditEvent).where(AuditEvent.action == "personal_data.read").order_by(col(AuditEvent.id))
        return list((await session.exec(query)).all())


async def every_stored_text(platform) -> str:
    """Every value of every row of every table, as text, read with plain SQL."""
    out = []
    async with platform_wide(platform) as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in (await connection.execute(sa.select(table))).all():
                out.append(" ".join(str(value) for value in row))
    return "\n".join(out)


async def test_the_database_never_holds_a_clear_id_number_or_phone(platform, client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    assert volunteer["errors"] == [] and volunteer["result"]["idNumberMasked"] == "*****************X"
    assert volunteer["result"]["phoneMasked"] == "138****5678" and volunteer["result"]["sex"] == "female"
    worker = await create_worker(client, admin_token)
    assert worker["errors"] == [] and worker["result"]["phoneMasked"] == "********1234"
    changed = await graphql(client, UPDATE_VOLUNTEER, {"id": volunteer["result"]["id"], "input": {"phone": "13900001111"}},
                            token=admin_token)
    assert changed["data"]["updateVolunteer"]["result"]["phoneMasked"] == "139****1111"
    # full reads (audited) must not copy the values into the audit log either
    body = await graphql(client, READ, {"id": volunteer["result"]["id"]}, token=admin_token)
    assert body["data"]["volunteer"]["idNumber"] == ADULT_ID

    stored = await every_stored_text(platform)
    for clear in (ADULT_ID, ADULT_PHONE, "13900001111", WORKER_ID, WORKER_PHONE, "02363221234"):
        assert clear not in stored, clear
    for birth_date in ("19491231", "1949-12-31", "18800101", "1880-01-01"):  # no part of the number but its last
        assert birth_date not in stored, birth_date
    for division_and_sequence in ("110105", "440524"):
        assert division_and_sequence not in stored, division_and_sequence
    assert "*****************X" in stored  # the mask is what is kept in the open


async def test_same_id_number_twice_in_a_tenant_is_refused_but_another_tenant_may_have_it(client, admin_token):
    first = await create_volunteer(client, admin_token)
    assert first["errors"] == []
    again = await create_volunteer(client, admin_token, name="另一个人", phone=None)
    assert again == {"result": None, "errors": [{"field": "idNumber", "code": "duplicate", "message":
                                                 f"already registered in this tenant: Volunteer {row_id(first['result']['id'])} at {COMMUNITY}"}]}
    worker = await create_worker(client, admin_token)
    assert worker["errors"] == []
    again = await create_worker(client, admin_token, name="另一个人")
    assert again["errors"] == [{"field": "idNumber", "code": "duplicate",
                                "message": f"already registered in this tenant: SocialWorker {row_id(worker['result']['id'])} at {STREET}"}]

    body = await graphql(
        client, '{ region(path: "panjin") { descendants(tier: COMMUNITY, first: 1) { nodes { path } } } }', token=admin_token
    )
    elsewhere = body["data"]["region"]["descendants"]["nodes"][0]["path"]
    assert (await create_volunteer(client, admin_token, region=elsewhere))["errors"] == []

    # an update onto a number already taken is refused the same way
    other = await create_volunteer(client, admin_token, idNumber=id_number(dt.date(1990, 5, 6)), phone=None)
    body = await graphql(client, UPDATE_VOLUNTEER, {"id": other["result"]["id"], "input": {"idNumber": ADULT_ID}},
                         token=admin_token)
    assert body["data"]["updateVolunteer"]["errors"][0]["code"] == "duplicate"


async def test_without_the_permission_only_masks_and_a_forbidden_error(platform, client, admin_token):
    created = (await create_volunteer(client, admin_token))["result"]
    made = await create_role(client, admin_token, "reader", "STREET", ["region:read", "volunteer:read"], "chongqing")
    assert made["errors"] == []
    token = await user_with_role(platform, client, admin_token, "reader1", "chongqing", "reader", STREET)
    before = len(await audit_reads(platform))

    body = await graphql(client, READ, {"id": created["id"]}, token=token)
    assert body["data"]["volunteer"] == {
        "name": "王芳", "idNumberMasked": "*****************X", "phoneMasked": "138****5678", "idNumber": None, "phone": None,
    }
    errors = sorted(body["errors"], key=lambda e: e["path"])
    assert [e["path"] for e in errors] == [["volunteer", "idNumber"], ["volunteer", "phone"]]
    assert all(e["extensions"]["code"] == "FORBIDDEN" for e in errors)
    assert errors[0]["message"].startswith("idNumber: needs the permission personal_data:read_full")
    assert ADULT_ID not in str(body) and ADULT_PHONE not in str(body)
    # masks in lists need nothing more, and nothing is audited for refused reads
    listed = await graphql(client, '{ region(path: "%s") { volunteers { nodes { idNumberMasked } } } }' % STREET, token=token)
    assert listed["data"]["region"]["volunteers"]["nodes"] == [{"idNumberMasked": "*****************X"}]
    assert len(await audit_reads(platform)) == before


async def test_with_the_permission_the_full_value_and_an_audit_event_per_read(platform, client, admin_token):
    volunteer = (await create_volunteer(client, admin_token))["result"]
    worker = (await create_worker(client, admin_token))["result"]
    made = await create_role(client, admin_token, "verifier", "STREET",
                             ["region:read", "volunteer:read", "social_worker:read", "personal_data:read_full"], "chongqing")
    assert made["errors"] == []
    token = await user_with_role(platform, client, admin_token, "verifier1", "chongqing", "verifier", STREET)

    body = await graphql(client, READ, {"id": volunteer["id"]}, token=token)
    assert "errors" not in body
    assert body["data"]["volunteer"]["idNumber"] == ADULT_ID and body["data"]["volunteer"]["phone"] == ADULT_PHONE
    body = await graphql(client, READ_WORKER, {"id": worker["id"]}, token=token)
    assert body["data"]["socialWorker"]["idNumber"] == WORKER_ID and body["data"]["socialWorker"]["phone"] == WORKER_PHONE

    # the query committed nothing of its own; the events are in the table all the same
    events = await audit_reads(platform)
    assert {(e.actor, e.target) for e in events} == {
        ("verifier1", f"Volunteer:{row_id(volunteer['id'])}.idNumber"), ("verifier1", f"Volunteer:{row_id(volunteer['id'])}.phone"),
        ("verifier1", f"SocialWorker:{row_id(worker['id'])}.idNumber"), ("verifier1", f"SocialWorker:{row_id(worker['id'])}.phone"),
    }
    assert len(events) == 4 and all(e.tenant_id is not None for e in events)
    # the tenant's audit log shows them, without the values
    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "personal_data.read") { nodes { actor action target } } }',
                        token=admin_token)
    assert len(log["data"]["auditEvents"]["nodes"]) == 4
    assert ADULT_ID not in str(log)


async def test_the_permission_counts_at_the_records_region_only(platform, client, admin_token):
    here = (await create_volunteer(client, admin_token))["result"]
    there = (await create_volunteer(client, admin_token, idNumber=id_number(dt.date(1988, 2, 3)), region=OTHER_COMMUNITY))["result"]
    await create_role(client, admin_token, "street_reader", "STREET", ["region:read", "volunteer:read"], "chongqing")
    await create_role(client, admin_token, "community_verifier", "COMMUNITY", ["personal_data:read_full"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "clerk", "chongqing", "street_reader", STREET)
    assign = """mutation { assignRole(username: "clerk", role: "community_verifier", region: "%s") { errors { field } } }"""
    assert (await graphql(client, assign % COMMUNITY, token=admin_token))["data"]["assignRole"]["errors"] == []
    token = await platform.token_for("clerk")

    body = await graphql(client, '{ a: volunteer(id: "%s") { idNumber } b: volunteer(id: "%s") { idNumber } }'
                         % (here["id"], there["id"]), token=token)
    assert body["data"] == {"a": {"idNumber": ADULT_ID}, "b": {"idNumber": None}}
    assert [e["path"] for e in body["errors"]] == [["b", "idNumber"]]
    assert [e.target for e in await audit_reads(platform)] == [f"Volunteer:{row_id(here['id'])}.idNumber"]


async def test_platform_admin_reads_are_audited_too_also_in_lists_and_mutation_results(platform, client, admin_token):
    first = (await create_volunteer(client, admin_token))["result"]
    second = (await create_volunteer(client, admin_token, idNumber=id_number(dt.date(1975, 7, 8)), phone=None))["result"]
    await create_volunteer(client, admin_token, idNumber=None, realNameRegistered=False, registeredOn=None, phone=None)

    body = await graphql(client, '{ region(path: "%s") { volunteers { nodes { id idNumber phone } } } }' % COMMUNITY,
                         token=admin_token)
    nodes = body["data"]["region"]["volunteers"]["nodes"]
    assert [n["idNumber"] for n in nodes] == [ADULT_ID, id_number(dt.date(1975, 7, 8)), None]
    assert "errors" not in body  # a missing value is null, with nothing to refuse or audit
    targets = [e.target for e in await audit_reads(platform)]
    assert sorted(targets) == sorted([f"Volunteer:{row_id(first['id'])}.idNumber", f"Volunteer:{row_id(first['id'])}.phone",
                                      f"Volunteer:{row_id(second['id'])}.idNumber"])
    assert all(e.actor == "admin" for e in await audit_reads(platform))

    # a mutation's result is read after its commit: audited all the same
    mutation = """mutation($id: ID!) { updateVolunteer(id: $id, input: {name: "王芳芳"}) { result { idNumber } errors { field } } }"""
    body = await graphql(client, mutation, {"id": first["id"]}, token=admin_token)
    assert body["data"]["updateVolunteer"]["result"] == {"idNumber": ADULT_ID}  # an update keeps the number
    assert len(await audit_reads(platform)) == 4


async def test_a_child_under_14_needs_a_guardians_consent(platform, client, admin_token):
    child = child_id(10)
    refused = await create_volunteer(client, admin_token, idNumber=child, registeredOn="2024-06-01")
    assert refused["result"] is None
    assert [e["field"] for e in refused["errors"]] == ["guardianConsentOn"]
    assert "under 14 needs a guardian's consent" in refused["errors"][0]["message"]
    no_name = await create_volunteer(client, admin_token, idNumber=child, registeredOn="2024-06-01",
                                     guardianConsentOn="2024-06-01")
    assert [e["field"] for e in no_name["errors"]] == ["guardianName"]
    future = await create_volunteer(client, admin_token, idNumber=child, registeredOn="2024-06-01", guardianName="赵敏",
                                    guardianRelation="母亲", guardianConsentOn=str(dt.date.today() + dt.timedelta(days=1)))
    assert [e["field"] for e in future["errors"]] == ["guardianConsentOn"]

    made = await create_volunteer(client, admin_token, idNumber=child, registeredOn="2024-06-01", guardianName="赵敏",
                                  guardianRelation="母亲", guardianConsentOn="2024-06-01")
    assert made["errors"] == []
    assert made["result"]["guardianConsentOn"] == "2024-06-01" and made["result"]["guardianRelation"] == "母亲"
    # the consent cannot be taken away while the record exists, whatever its dates are moved to
    for patch in ({"guardianConsentOn": None}, {"guardianConsentOn": None, "registeredOn": "2019-01-01"}):
        body = await graphql(client, UPDATE_VOLUNTEER, {"id": made["result"]["id"], "input": patch}, token=admin_token)
        assert [e["field"] for e in body["data"]["updateVolunteer"]["errors"]] == ["guardianConsentOn"]

    # a child's full number needs the permission, and its reads are audited like any other
    await create_role(client, admin_token, "reader", "STREET", ["region:read", "volunteer:read"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "reader1", "chongqing", "reader", STREET)
    body = await graphql(client, READ, {"id": made["result"]["id"]}, token=token)
    assert body["data"]["volunteer"]["idNumber"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await graphql(client, READ, {"id": made["result"]["id"]}, token=admin_token)
    assert body["data"]["volunteer"]["idNumber"] == child
    assert f"Volunteer:{row_id(made['result']['id'])}.idNumber" in [e.target for e in await audit_reads(platform)]


async def test_an_adult_needs_no_guardian_and_a_date_move_reveals_no_birthday(client, admin_token):
    early = await create_volunteer(client, admin_token, idNumber=child_id(20), registeredOn="2001-01-01")
    assert early["errors"] == [{"field": "registeredOn", "message": "is before the birth date in the ID number",
                                "code": "invalid"}]  # said to whoever typed the number in
    adult = await create_volunteer(client, admin_token, idNumber=child_id(20))
    assert adult["errors"] == []
    # the rule looks at the day the record was entered, which no update moves: an update of the
    # dates gets the same answer whatever the (masked) birth date behind the number is
    for day in ("2000-01-01", "2010-06-15", "2019-01-01"):
        body = await graphql(client, UPDATE_VOLUNTEER, {"id": adult["result"]["id"], "input": {"registeredOn": day}},
                             token=admin_token)
        assert body["data"]["updateVolunteer"]["errors"] == []


@pytest.mark.parametrize("age", [10, 15])
async def test_a_social_worker_is_of_working_age(client, admin_token, age):
    body = await create_worker(client, admin_token, idNumber=child_id(age))
    assert body["result"] is None
    assert body["errors"] == [{"field": "idNumber", "code": "invalid",
                               "message": "a social worker is at least 16 years old; this ID number says younger"}]
