"""Erasing a person's personal data (个人信息保护法 第四十七条; issue 18, item 4): after it no personal
value is readable by any way the API offers (the record, its lists, the ledger's links, the exports,
the audit log) nor left in any table, and every count and every ledger entry stays what it was."""

import contextlib

import sqlalchemy as sa
from cryptography.fernet import InvalidToken
from sqlmodel import SQLModel, select

from core import personal
from core.indicators import summary
from core.models import AuditEvent, Demand, Donation, DonationReceipt, SocialWorker
from core.models.lists import DemandStatus
from core.platform import Platform
from core.testing import activity, create_role, graphql, platform_wide, row_id, user_with_role
from tests.graphql import test_funds as funds

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
STREET = "chongqing/qianjiang/zhengyang"
NAME, ID_NUMBER, PHONE = "欧阳秀英", "11010519491231002X", "13812345678"
GUARDIAN, NOTE = "欧阳建国", "随欧阳建国迁居北京"
WORKER_NAME, WORKER_ID, WORKER_PHONE = "诸葛明辉", "440524188001010014", "023-63221234"

CREATE = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
LEAVE = """mutation($id: ID!) { deregisterVolunteer(id: $id, reason: WITHDREW, on: "2024-09-01", note: "%s") {
  errors { field message } } }""" % NOTE
ERASE = """mutation($id: ID!, $ground: ErasureGround!) { eraseVolunteerPersonalData(id: $id, ground: $ground) {
  result { id name idNumber phone idNumberMasked phoneMasked sex guardianName guardianRelation guardianConsentOn
           validTo ending { reason note } erasure { ground erasedBy } }
  errors { field message code } } }"""
READ = """query($id: ID!) { volunteer(id: $id) { name idNumber phone idNumberMasked phoneMasked sex guardianName
  serviceHours serviceRecords { nodes { minutes volunteer { name idNumberMasked } } } erasure { ground } } }"""
COUNTS = """query($day: Date) { region(path: "%s") { counts { volunteers }
  indicators(keys: ["registered_volunteers", "volunteer_service_hours"], asOf: $day, year: 2024) { key numerator }
  volunteers(first: 50) { nodes { name } } } }""" % COMMUNITY


def personal_values() -> list[str]:
    return [NAME, ID_NUMBER, PHONE, GUARDIAN, NOTE, "19491231", "1949-12-31", "110105"]


async def every_stored_text(platform: Platform) -> str:
    """Every value of every row of every table, as text, read with plain SQL."""
    out = []
    async with platform_wide(platform) as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in (await connection.execute(sa.select(table))).all():
                out.append(" ".join(str(value) for value in row))
    return "\n".join(out)


async def every_decryptable(platform: Platform) -> list[str]:
    """Every stored value that the platform's keys decrypt, decrypted."""
    out = []
    keyring = platform.keyring
    assert keyring is not None
    for word in (await every_stored_text(platform)).split():
        if word.startswith("gAAAAA"):
            with contextlib.suppress(personal.DataKeyError, InvalidToken):
                out.append(keyring.decrypt(word))
    return out


async def differences(platform) -> list[str]:
    async with platform_wide(platform) as connection:
        return await connection.run_sync(lambda c: summary.differences(c))


async def a_volunteer_who_served(client, token) -> str:
    body = await graphql(client, CREATE, {"input": {
        "name": NAME, "realNameRegistered": True, "registeredOn": "2023-03-05", "idNumber": ID_NUMBER, "phone": PHONE,
        "guardianName": GUARDIAN, "guardianRelation": "儿子", "region": COMMUNITY}}, token=token)
    assert body["data"]["createVolunteer"]["errors"] == [], body
    id_ = body["data"]["createVolunteer"]["result"]["id"]
    served = """mutation($v: ID!, $a: ID!) { recordService(input: {volunteerId: $v, activityId: $a, servedOn: "2024-05-01",
      startsAt: "09:00", minutes: 120, description: "陪伴独居老人"}) { errors { field message } } }"""
    held = await activity(client, token, COMMUNITY)
    assert (await graphql(client, served, {"v": id_, "a": held}, token=token))["data"]["recordService"]["errors"] == []
    full = await graphql(client, "query($id: ID!) { volunteer(id: $id) { idNumber phone } }", {"id": id_}, token=token)
    assert full["data"]["volunteer"] == {"idNumber": ID_NUMBER, "phone": PHONE}  # a full read, audited
    return id_


async def test_after_erasure_no_personal_value_is_left_anywhere_and_every_count_stays(platform, client, admin_token):
    id_ = await a_volunteer_who_served(client, admin_token)
    assert (await graphql(client, LEAVE, {"id": id_}, token=admin_token))["data"]["deregisterVolunteer"]["errors"] == []
    stored = await every_stored_text(platform)
    assert NAME in stored and NOTE in stored and ID_NUMBER in await every_decryptable(platform)  # the test can see them
    counts_now = await graphql(client, COUNTS, {"day": None}, token=admin_token)
    counts_then = await graphql(client, COUNTS, {"day": "2024-06-30"}, token=admin_token)
    hours = (await graphql(client, READ, {"id": id_}, token=admin_token))["data"]["volunteer"]["serviceHours"]

    body = await graphql(client, ERASE, {"id": id_, "ground": "CONSENT_WITHDRAWN"}, token=admin_token)
    assert body["data"]["eraseVolunteerPersonalData"] == {"errors": [], "result": {
        "id": id_, "name": "（已删除）", "idNumber": None, "phone": None, "idNumberMasked": None, "phoneMasked": None,
        "sex": None, "guardianName": None, "guardianRelation": None, "guardianConsentOn": None,
        "validTo": "2024-09-01", "ending": {"reason": "withdrew", "note": None},
        "erasure": {"ground": "consent_withdrawn", "erasedBy": "admin"}}}

    # through the API: the record, the lists, the ledger's link to it; an administrator who may read in full
    read = await graphql(client, READ, {"id": id_}, token=admin_token)
    assert "errors" not in read
    assert read["data"]["volunteer"] == {
        "name": "（已删除）", "idNumber": None, "phone": None, "idNumberMasked": None, "phoneMasked": None, "sex": None,
        "guardianName": None, "serviceHours": hours, "erasure": {"ground": "consent_withdrawn"},
        "serviceRecords": {"nodes": [{"minutes": 120, "volunteer": {"name": "（已删除）", "idNumberMasked": None}}]}}
    log = await graphql(client, '{ auditEvents(tenant: "chongqing", first: 100) { nodes { action target before after } } }',
                        token=admin_token)
    exports = [await client.get(path, params=params, headers={"Authorization": f"Bearer {admin_token}"}) for path, params in (
        ("/exports/rollup.csv", {"under": STREET, "by": "community", "year": "2024",
                                 "indicators": "registered_volunteers,volunteer_service_hours"}),
        ("/exports/targets.csv", {"region": COMMUNITY, "year": "2024"}))]
    assert [response.status_code for response in exports] == [200, 200]
    answers = str([read, log]) + "".join(response.text for response in exports)
    # and in the database: no cell holds one, and nothing the keys decrypt is one
    stored, decrypted = await every_stored_text(platform), await every_decryptable(platform)
    for value in personal_values():
        assert value not in answers, value
        assert value not in stored, value
        assert value not in decrypted, value

    # the erasure is in the audit log, without a value; the counts, now and then, and the hours are as they were
    erased = [e for e in log["data"]["auditEvents"]["nodes"] if e["action"] == "personal_data.erase"]
    assert erased == [{"action": "personal_data.erase", "target": f"Volunteer:{row_id(id_)}", "before": None, "after": {
        "ground": "consent_withdrawn",
        "fields": ["name", "id_number", "phone", "guardian_name", "guardian_relation", "guardian_consent_on"]}}]
    assert await graphql(client, COUNTS, {"day": None}, token=admin_token) == _renamed(counts_now)
    assert await graphql(client, COUNTS, {"day": "2024-06-30"}, token=admin_token) == _renamed(counts_then)
    assert await differences(platform) == []


def _renamed(answer: dict) -> dict:
    """The same answer with the erased person's name as it now reads."""
    nodes = answer["data"]["region"]["volunteers"]["nodes"]
    answer["data"]["region"]["volunteers"]["nodes"] = [{"name": "（已删除）" if n["name"] == NAME else n["name"]} for n in nodes]
    return answer


async def test_only_an_ended_record_is_erased_once_by_whoever_holds_the_permission(platform, client, admin_token):
    id_ = await a_volunteer_who_served(client, admin_token)
    still = await graphql(client, ERASE, {"id": id_, "ground": "PURPOSE_ENDED"}, token=admin_token)
    assert still["data"]["eraseVolunteerPersonalData"]["errors"] == [{"field": "id", "code": "not_ended", "message":
        "the Volunteer still counts: end it first, then erase (the record is kept, ended, for the counts and the ledgers)"}]
    assert (await graphql(client, LEAVE, {"id": id_}, token=admin_token))["data"]["deregisterVolunteer"]["errors"] == []

    made = await create_role(client, admin_token, "office", "STREET",
                             ["region:read", "volunteer:read", "volunteer:update", "personal_data:read_full"], "chongqing")
    assert made["errors"] == []
    office = await user_with_role(platform, client, admin_token, "office1", "chongqing", "office", STREET)
    refused = await graphql(client, ERASE, {"id": id_, "ground": "PURPOSE_ENDED"}, token=office)
    assert refused["data"]["eraseVolunteerPersonalData"]["errors"] == [{"field": "id", "code": "forbidden", "message":
        f"you may not erase personal_data at '{COMMUNITY}'"}]
    made = await create_role(client, admin_token, "eraser", "STREET", ["region:read", "volunteer:read", "personal_data:erase"],
                             "chongqing")
    eraser = await user_with_role(platform, client, admin_token, "eraser1", "chongqing", "eraser", STREET)
    done = await graphql(client, ERASE, {"id": id_, "ground": "PURPOSE_ENDED"}, token=eraser)
    assert done["data"]["eraseVolunteerPersonalData"]["errors"] == []
    again = await graphql(client, ERASE, {"id": id_, "ground": "PURPOSE_ENDED"}, token=admin_token)
    assert again["data"]["eraseVolunteerPersonalData"]["errors"][0]["code"] == "already_erased"

    # an erased record is not written to again: no update puts a person back in it, nor reopens it
    patch = """mutation($id: ID!, $input: VolunteerPatch!) { updateVolunteer(id: $id, input: $input) {
      errors { field message code } } }"""
    for change in ({"phone": PHONE}, {"validTo": None}):
        body = await graphql(client, patch, {"id": id_, "input": change}, token=admin_token)
        assert body["data"]["updateVolunteer"]["errors"][0]["code"] == "erased", change
    # the same person may register anew: the erased number is no longer known
    again = await graphql(client, CREATE, {"input": {"name": NAME, "realNameRegistered": True, "registeredOn": "2025-01-02",
                                                     "idNumber": ID_NUMBER, "region": COMMUNITY}}, token=admin_token)
    assert again["data"]["createVolunteer"]["errors"] == []


async def test_a_social_workers_required_columns_are_emptied_and_the_keys_still_check(platform, client, admin_token):
    created = await graphql(client, """mutation($input: SocialWorkerInput!) { createSocialWorker(input: $input) {
      result { id } errors { field message } } }""", {"input": {
        "name": WORKER_NAME, "idNumber": WORKER_ID, "phone": WORKER_PHONE, "post": "SOCIAL_WORK_STATION", "region": STREET,
        "validFrom": "2020-01-01"}}, token=admin_token)
    id_ = created["data"]["createSocialWorker"]["result"]["id"]
    left = await graphql(client, """mutation($id: ID!) { endSocialWorkerPost(id: $id, reason: RESIGNED, on: "2024-01-31") {
      errors { field message } } }""", {"id": id_}, token=admin_token)
    assert left["data"]["endSocialWorkerPost"]["errors"] == []
    erase = """mutation($id: ID!) { eraseSocialWorkerPersonalData(id: $id, ground: SERVICE_ENDED) {
      result { name idNumber phone idNumberMasked phoneMasked sex } errors { field message } } }"""
    body = await graphql(client, erase, {"id": id_}, token=admin_token)
    assert body["data"]["eraseSocialWorkerPersonalData"] == {"errors": [], "result": {
        "name": "（已删除）", "idNumber": None, "phone": None, "idNumberMasked": "", "phoneMasked": None, "sex": ""}}
    stored = await every_stored_text(platform)
    for value in (WORKER_NAME, WORKER_ID, WORKER_PHONE, "02363221234", "440524"):
        assert value not in stored
    assert WORKER_ID not in await every_decryptable(platform)

    # the next start checks its keys against the stored numbers, and a re-encryption passes over the erased one
    async with platform.sessions() as session:
        row = (await session.exec(select(SocialWorker).where(SocialWorker.id == row_id(id_)))).one()
        assert row.id_number_hash.startswith(personal.ERASED_INDEX) and row.id_number_encrypted == ""
    await platform.load_data_key()
    assert platform.keyring is not None
    await personal.reencrypt(platform.sessions, platform.keyring)
    async with platform.sessions() as session:
        events = (await session.exec(select(AuditEvent).where(AuditEvent.action == "personal_data.erase"))).all()
    assert [(e.target, e.after) for e in events] == [
        (f"SocialWorker:{row_id(id_)}", {"ground": "service_ended", "fields": ["name", "id_number", "phone"]})]



# --- the lists' residents and resident donors -------------------------------------------------------

RESIDENT, RESIDENT_PHONE, COMMENT = "司马桂兰", "13987654321", "司马桂兰很满意"
DEMAND = """mutation($input: DemandInput!) { addDemand(input: $input) { result { id } errors { field message } } }"""
ERASE_DEMAND = """mutation($id: ID!) { eraseDemandPersonalData(id: $id, ground: PURPOSE_ENDED) {
  result { id status residentName phone feedback satisfaction history { status } } errors { field message code } } }"""
ERASE_DONOR = """mutation($id: ID!) { eraseDonorPersonalData(id: $id, ground: CONSENT_WITHDRAWN) {
  result { id donorName donorKind valueYuan } errors { field message code } } }"""


async def a_demand(client, token) -> str:
    body = await graphql(client, DEMAND, {"input": {
        "region": COMMUNITY, "group": "独居老人", "domain": "生活照料", "description": "每周助浴一次",
        "residentName": RESIDENT, "phone": RESIDENT_PHONE}}, token=token)
    assert body["data"]["addDemand"]["errors"] == [], body
    return str(body["data"]["addDemand"]["result"]["id"])


async def test_a_demands_resident_is_erased_once_it_is_closed_and_its_history_stays(platform, client, admin_token):
    id_ = await a_demand(client, admin_token)
    assert RESIDENT_PHONE in await every_decryptable(platform) and "司*" in await every_stored_text(platform)
    open_ = await graphql(client, ERASE_DEMAND, {"id": id_}, token=admin_token)
    assert open_["data"]["eraseDemandPersonalData"]["errors"] == [{"field": "id", "code": "not_ended", "message":
        "the Demand is still open: close it (the resident's feedback) or withdraw it, then erase (the record is "
        "kept, ended, for the counts)"}]
    withdrawn = """mutation($id: ID!) { withdrawDemand(demand: $id, reason: "已搬离") { errors { field message } } }"""
    assert (await graphql(client, withdrawn, {"id": id_}, token=admin_token))["data"]["withdrawDemand"]["errors"] == []
    counted = await graphql(client, '{ demands(under: "%s") { id status } }' % STREET, token=admin_token)

    body = await graphql(client, ERASE_DEMAND, {"id": id_}, token=admin_token)
    assert body["data"]["eraseDemandPersonalData"] == {"errors": [], "result": {
        "id": id_, "status": "WITHDRAWN", "residentName": None, "phone": None, "feedback": None, "satisfaction": None,
        "history": [{"status": "OPEN"}, {"status": "WITHDRAWN"}]}}
    again = await graphql(client, ERASE_DEMAND, {"id": id_}, token=admin_token)
    assert again["data"]["eraseDemandPersonalData"]["errors"][0]["code"] == "already_erased"
    assert await graphql(client, '{ demands(under: "%s") { id status } }' % STREET, token=admin_token) == counted
    stored, decrypted = await every_stored_text(platform), await every_decryptable(platform)
    for value in (RESIDENT, "司*", RESIDENT_PHONE, "139****4321"):
        assert value not in stored and value not in decrypted, value
    async with platform.sessions() as session:
        events = (await session.exec(select(AuditEvent).where(AuditEvent.action == "personal_data.erase"))).all()
    assert [(e.target, e.after) for e in events] == [
        (f"Demand:{row_id(id_)}", {"ground": "purpose_ended", "fields": ["resident_name", "phone", "feedback"]})]


async def test_a_closed_demands_feedback_goes_with_the_resident(platform, client, admin_token):
    id_ = await a_demand(client, admin_token)
    async with platform.sessions() as session, session.begin():
        demand = (await session.exec(select(Demand).where(Demand.id == row_id(id_)))).one()
        demand.status, demand.satisfaction, demand.feedback = DemandStatus.CLOSED, 5, COMMENT
    body = await graphql(client, ERASE_DEMAND, {"id": id_}, token=admin_token)
    result = body["data"]["eraseDemandPersonalData"]["result"]
    assert (result["status"], result["satisfaction"], result["feedback"], result["residentName"]) == ("CLOSED", 5, None, None)


async def test_a_resident_donors_name_is_erased_from_the_donation_and_its_receipt_the_ledger_stays(
        platform, client, admin_token):
    fund_id = await funds.fund(client, admin_token)
    gift = await funds.donate(client, admin_token, fund_id, 88_800, donorName=RESIDENT, donorKind="RESIDENT")
    unit = await funds.donate(client, admin_token, fund_id, 10_000)
    issued = (await graphql(client, funds.ISSUE, {"id": gift["id"]}, token=admin_token))["data"]["issueDonationReceipt"]
    assert issued["errors"] == []
    async with platform.sessions() as session:
        receipt = (await session.exec(select(DonationReceipt))).one()
        assert receipt.donor_name == RESIDENT
    balance = [e.amount_fen for e in await funds.ledger(platform, f"fund:{row_id(fund_id)}")]

    refused = await graphql(client, ERASE_DONOR, {"id": unit["id"]}, token=admin_token)
    assert refused["data"]["eraseDonorPersonalData"]["errors"] == [{"field": "id", "code": "not_personal", "message":
        "the donor is no resident (enterprise): a unit's name is no personal data; only a resident donor's name is "
        "erased"}]
    body = await graphql(client, ERASE_DONOR, {"id": gift["id"]}, token=admin_token)
    assert body["data"]["eraseDonorPersonalData"] == {"errors": [], "result": {
        "id": gift["id"], "donorName": "（已删除）", "donorKind": "RESIDENT", "valueYuan": "888.00"}}
    again = await graphql(client, ERASE_DONOR, {"id": gift["id"]}, token=admin_token)
    assert again["data"]["eraseDonorPersonalData"]["errors"][0]["code"] == "already_erased"
    assert [e.amount_fen for e in await funds.ledger(platform, f"fund:{row_id(fund_id)}")] == balance
    verified = await graphql(client, funds.VERIFY, {"n": issued["result"]["number"]}, token=admin_token)
    assert verified["data"]["donationReceipt"]["amountYuan"] == "888.00"
    async with platform.sessions() as session:
        receipt = (await session.exec(select(DonationReceipt))).one()
        assert receipt.donor_name == personal.ERASED_NAME and receipt.number == issued["result"]["number"]
        donation = await session.get(Donation, row_id(gift["id"]))
        assert (donation.donor_name, donation.amount_fen) == (personal.ERASED_NAME, 88_800)
    pdf = await client.get(issued["result"]["downloadPath"], headers={"Authorization": f"Bearer {admin_token}"})
    assert pdf.status_code == 200 and pdf.content == receipt.pdf  # the receipt as it now reads, without the name
    stored = await every_stored_text(platform)
    for value in (RESIDENT, "司**"):
        assert value not in stored, value
