"""The time bank and points through GraphQL: deposits from records, withdrawals, points earned, awarded and
exchanged, conversions across programmes (Hebei), request keys, permissions and the append-only ledger."""

import pytest

from core.testing import activity, graphql, row_id, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
NEIGHBOUR = f"{STREET}/qunli"

VOLUNTEER = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
RECORD = """mutation($input: ServiceRecordInput!) { recordService(input: $input) { result { id } errors { field message } } }"""
RESULT = "result { balance entries { id programme kind amount balanceAfter recipient description actor requestKey " \
         "serviceRecordId pairId } } errors { field message code }"
DEPOSIT = f"""mutation($r: ID!, $k: String!) {{ depositServiceTime(record: $r, requestKey: $k) {{ {RESULT} }} }}"""
WITHDRAW = f"""mutation($v: ID!, $m: Int!, $s: String!, $k: String!, $to: String) {{
  withdrawServiceTime(volunteer: $v, minutes: $m, service: $s, requestKey: $k, recipient: $to) {{ {RESULT} }} }}"""
EARN = f"""mutation($r: ID!, $k: String!, $p: String) {{ earnPoints(record: $r, requestKey: $k, programme: $p) {{ {RESULT} }} }}"""
AWARD = f"""mutation($v: ID!, $n: Int!, $why: String!, $k: String!, $p: String) {{
  awardPoints(volunteer: $v, points: $n, reason: $why, requestKey: $k, programme: $p) {{ {RESULT} }} }}"""
EXCHANGE = f"""mutation($v: ID!, $n: Int!, $g: String!, $k: String!, $p: String) {{
  exchangePoints(volunteer: $v, points: $n, goods: $g, requestKey: $k, programme: $p) {{ {RESULT} }} }}"""
CONVERT = f"""mutation($v: ID!, $s: String!, $t: String!, $n: Int!, $k: String!) {{
  convertCredits(volunteer: $v, source: $s, target: $t, amount: $n, requestKey: $k) {{ {RESULT} }} }}"""
ACCOUNTS = """query($v: ID!) { creditAccounts(volunteer: $v) { programme balance entries(first: 1) {
  totalCount nodes { kind amount } pageInfo { hasNextPage endCursor } } } }"""
ENTRIES = """query($v: ID!, $p: String, $after: String) { creditEntries(volunteer: $v, programme: $p, first: 2, after: $after) {
  totalCount nodes { programme kind amount balanceAfter } pageInfo { hasNextPage endCursor } } }"""


async def write(client, token, mutation, **variables):
    body = await graphql(client, mutation, variables, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def problems(payload):
    assert payload["result"] is None, payload
    return {(e["field"], e["code"]) for e in payload["errors"]}


async def volunteer(client, token, region=COMMUNITY, name="王芳"):
    data = {"name": name, "realNameRegistered": False, "registeredOn": "2024-03-01", "region": region}
    payload = await write(client, token, VOLUNTEER, input=data)
    assert payload["errors"] == [], payload
    return payload["result"]["id"]


async def record(client, token, volunteer_id, minutes, served_on="2025-06-01"):
    found = await graphql(client, "query($id: ID!) { node(id: $id) { ... on Volunteer { region { path } } } }",
                          {"id": volunteer_id}, token=token)
    where = found["data"]["node"]["region"]["path"]
    held = await activity(client, token, where, held_on=served_on)  # held where the volunteer is: its office records
    data = {"volunteerId": volunteer_id, "activityId": held, "servedOn": served_on, "startsAt": "08:00",
            "minutes": minutes, "description": "助老送餐"}
    payload = await write(client, token, RECORD, input=data)
    assert payload["errors"] == [], payload
    return payload["result"]["id"]


async def test_hours_deposited_once_withdrawn_for_a_service_and_never_below_zero(client, admin_token):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 120)
    first = await write(client, admin_token, DEPOSIT, r=r, k="deposit-0001")
    assert first["errors"] == [] and first["result"]["balance"] == 120
    entry = first["result"]["entries"][0]
    assert (entry["kind"], entry["amount"], entry["programme"], row_id(entry["serviceRecordId"])) == (
        "deposit", 120, "time_bank", row_id(r))
    again = await write(client, admin_token, DEPOSIT, r=r, k="deposit-0001")
    assert again["result"]["entries"] == first["result"]["entries"]  # the first effect, not a second deposit
    assert problems(await write(client, admin_token, DEPOSIT, r=r, k="deposit-0002")) == {("record", "duplicate")}

    too_much = await write(client, admin_token, WITHDRAW, v=v, m=121, s="陪同就医", k="withdraw-001")
    assert problems(too_much) == {("minutes", "insufficient")}
    taken = await write(client, admin_token, WITHDRAW, v=v, m=90, s="陪同就医", k="withdraw-002", to="张秀英（母亲）")
    assert taken["result"]["balance"] == 30
    assert taken["result"]["entries"][0] | {"id": None, "pairId": None, "serviceRecordId": None} == {
        "id": None, "programme": "time_bank", "kind": "withdraw", "amount": -90, "balanceAfter": 30,
        "recipient": "张******", "description": "陪同就医", "actor": "admin", "requestKey": "withdraw-002",
        "serviceRecordId": None, "pairId": None}
    mine = await write(client, admin_token, WITHDRAW, v=v, m=30, s="理发", k="withdraw-003")
    assert mine["result"]["entries"][0]["recipient"] == "王*" and mine["result"]["balance"] == 0
    assert problems(await write(client, admin_token, WITHDRAW, v=v, m=1, s="理发", k="withdraw-004")) == {
        ("minutes", "insufficient")}

    body = await graphql(client, ACCOUNTS, {"v": v}, token=admin_token)
    [account] = body["data"]["creditAccounts"]
    assert (account["programme"], account["balance"], account["entries"]["totalCount"]) == ("time_bank", 0, 3)
    assert account["entries"]["nodes"] == [{"kind": "deposit", "amount": 120}]
    page = (await graphql(client, ENTRIES, {"v": v}, token=admin_token))["data"]["creditEntries"]
    rest = (await graphql(client, ENTRIES, {"v": v, "after": page["pageInfo"]["endCursor"]}, token=admin_token))
    amounts = [n["amount"] for n in page["nodes"] + rest["data"]["creditEntries"]["nodes"]]
    assert amounts == [120, -90, -30] and sum(amounts) == account["balance"]


async def test_a_request_key_says_one_thing(client, admin_token):
    v = await volunteer(client, admin_token)
    await write(client, admin_token, AWARD, v=v, n=10, why="社区环境整治", k="award-key-1")
    refused = await write(client, admin_token, AWARD, v=v, n=11, why="社区环境整治", k="award-key-1")
    assert problems(refused) == {("requestKey", "duplicate")}
    other = await write(client, admin_token, EXCHANGE, v=v, n=1, g="食用油一桶", k="award-key-1")
    assert problems(other) == {("requestKey", "duplicate")}
    assert problems(await write(client, admin_token, AWARD, v=v, n=1, why="x", k="short")) == {("requestKey", "invalid")}


async def test_points_earned_awarded_and_exchanged(client, admin_token):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 150)
    earned = await write(client, admin_token, EARN, r=r, k="earn-00001")
    assert earned["result"]["entries"][0]["amount"] == 2  # 2.5 hours at one point an hour, rounded down
    assert problems(await write(client, admin_token, EARN, r=r, k="earn-00002")) == {("record", "duplicate")}
    short = await record(client, admin_token, v, 30, served_on="2025-06-02")
    assert problems(await write(client, admin_token, EARN, r=short, k="earn-00003")) == {("record", "invalid")}
    assert problems(await write(client, admin_token, EARN, r=r, k="earn-00004", p="time_bank")) == {
        ("programme", "invalid")}
    assert problems(await write(client, admin_token, EARN, r=r, k="earn-00005", p="charity_points")) == {
        ("programme", "not_found")}  # a Hebei programme: not in Chongqing

    awarded = await write(client, admin_token, AWARD, v=v, n=10, why="疫情防控志愿服务表现突出", k="award-0001")
    assert awarded["result"]["balance"] == 12
    assert problems(await write(client, admin_token, AWARD, v=v, n=10, why=" ", k="award-0002")) == {("reason", "invalid")}
    assert problems(await write(client, admin_token, AWARD, v=v, n=0, why="x", k="award-0003")) == {("points", "invalid")}
    spent = await write(client, admin_token, EXCHANGE, v=v, n=5, g="爱心超市：大米一袋", k="exchange-01")
    assert spent["result"]["balance"] == 7 and spent["result"]["entries"][0]["description"] == "爱心超市：大米一袋"
    assert problems(await write(client, admin_token, EXCHANGE, v=v, n=8, g="食用油", k="exchange-02")) == {
        ("points", "insufficient")}
    assert problems(await write(client, admin_token, CONVERT, v=v, s="volunteer_points", t="time_bank", n=1,
                                k="convert-01")) == {("target", "invalid")}  # no conversion in Chongqing


async def test_who_may_read_and_write_accounts(platform, client, admin_token):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 60)
    community = await user_with_role(platform, client, admin_token, "chaoyang", "chongqing", "community", COMMUNITY)
    neighbour = await user_with_role(platform, client, admin_token, "qunli", "chongqing", "community", NEIGHBOUR)
    deposited = await write(client, community, DEPOSIT, r=r, k="deposit-by-community")
    assert deposited["errors"] == [] and deposited["result"]["entries"][0]["actor"] == "chaoyang"
    assert problems(await write(client, neighbour, WITHDRAW, v=v, m=1, s="理发", k="withdraw-neighbour")) == {
        ("volunteer", "not_found")}
    body = await graphql(client, ACCOUNTS, {"v": v}, token=neighbour)
    assert body["data"] is None and body["errors"][0]["extensions"]["field"] == "volunteer"
    body = await graphql(client, ACCOUNTS, {"v": v}, token=community)
    assert [(a["programme"], a["balance"]) for a in body["data"]["creditAccounts"]] == [("time_bank", 60)]


HEBEI_COMMUNITY = "hebei/shijiazhuang/changan/jianbei/fanxi"
ADD = """mutation($parent: String!, $code: String!, $name: String!, $tier: Tier!) {
  addRegion(parent: $parent, code: $code, name: $name, tier: $tier) { errors { field message } } }"""
SET = """mutation($k: String!, $v: JSON!) { setSetting(key: $k, value: $v, tenant: "hebei") { errors { field message } } }"""
PROGRAMMES = """{ creditProgrammes(tenant: "hebei") { programmes { key unit plugin earnPerHour }
  conversions { source target rate rateSetting plugin } } }"""


async def hebei_volunteer(client, token):
    for parent, code, name, tier in (("hebei/shijiazhuang", "changan", "长安区", "DISTRICT"),
                                     ("hebei/shijiazhuang/changan", "jianbei", "建北街道", "STREET"),
                                     ("hebei/shijiazhuang/changan/jianbei", "fanxi", "范西路社区", "COMMUNITY")):
        payload = await write(client, token, ADD, parent=parent, code=code, name=name, tier=tier)
        assert payload["errors"] == [], payload
    return await volunteer(client, token, region=HEBEI_COMMUNITY, name="赵敏")


async def test_hebei_recognises_points_across_programmes_at_the_rates_it_sets(client, admin_token):
    v = await hebei_volunteer(client, admin_token)
    body = await graphql(client, PROGRAMMES, token=admin_token)
    found = body["data"]["creditProgrammes"]
    assert {p["key"]: p["plugin"] for p in found["programmes"]} == {
        "time_bank": "core", "volunteer_points": "core", "charity_points": "hebei"}
    assert {(c["source"], c["target"], c["rate"]) for c in found["conversions"]} == {
        ("volunteer_points", "charity_points", "1"), ("charity_points", "volunteer_points", "1"),
        ("time_bank", "charity_points", "1")}

    await write(client, admin_token, AWARD, v=v, n=10, why="邻里守望", k="hebei-award-1")
    moved = await write(client, admin_token, CONVERT, v=v, s="volunteer_points", t="charity_points", n=4, k="hebei-conv-1")
    out, into = moved["result"]["entries"]
    assert (out["kind"], out["amount"], out["balanceAfter"]) == ("convert_out", -4, 6)
    assert (into["kind"], into["amount"], into["balanceAfter"], into["pairId"]) == ("convert_in", 4, 4, out["id"])

    assert (await write(client, admin_token, SET, k="charity_points_per_volunteer_point", v="2.5"))["errors"] == []
    moved = await write(client, admin_token, CONVERT, v=v, s="volunteer_points", t="charity_points", n=3, k="hebei-conv-2")
    assert [e["amount"] for e in moved["result"]["entries"]] == [-3, 7]  # 7.5 rounded down
    spent = await write(client, admin_token, EXCHANGE, v=v, n=11, g="爱心超市：洗衣液", k="hebei-spend", p="charity_points")
    assert spent["result"]["balance"] == 0

    r = await record(client, admin_token, v, 90)
    await write(client, admin_token, DEPOSIT, r=r, k="hebei-deposit")
    moved = await write(client, admin_token, CONVERT, v=v, s="time_bank", t="charity_points", n=90, k="hebei-conv-3")
    assert [e["amount"] for e in moved["result"]["entries"]] == [-90, 1]  # 1.5 hours at one point an hour
    assert problems(await write(client, admin_token, CONVERT, v=v, s="charity_points", t="volunteer_points", n=5,
                                k="hebei-conv-4")) == {("amount", "insufficient")}

    assert (await write(client, admin_token, SET, k="time_bank_points_cross_recognition", v=False))["errors"] == []
    assert problems(await write(client, admin_token, CONVERT, v=v, s="charity_points", t="volunteer_points", n=1,
                                k="hebei-conv-5")) == {("target", "invalid")}
    body = await graphql(client, ACCOUNTS, {"v": v}, token=admin_token)
    assert {a["programme"]: a["balance"] for a in body["data"]["creditAccounts"]} == {
        "charity_points": 1, "time_bank": 0, "volunteer_points": 3}


@pytest.mark.parametrize("role", ["community", "social_work_station"])
async def test_hebei_roles_hold_the_time_bank(platform, client, admin_token, role):
    v = await hebei_volunteer(client, admin_token)
    at = HEBEI_COMMUNITY if role == "community" else HEBEI_COMMUNITY.rsplit("/", 1)[0]
    token = await user_with_role(platform, client, admin_token, "clerk", "hebei", role, at)
    r = await record(client, admin_token, v, 60)
    assert (await write(client, token, DEPOSIT, r=r, k="hebei-role-1"))["errors"] == []
    assert (await write(client, token, AWARD, v=v, n=3, why="文化铸魂", k="hebei-role-2"))["errors"] == []
    moved = await write(client, token, CONVERT, v=v, s="volunteer_points", t="charity_points", n=3, k="hebei-role-3")
    assert moved["errors"] == [], moved


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"m": 0}, ("minutes", "invalid")),
        ({"m": 100_000_001}, ("minutes", "invalid")),
        ({"s": "  "}, ("service", "invalid")),
        ({"to": "张" * 51}, ("recipient", "invalid")),
        ({"to": "张三\n李四"}, ("recipient", "invalid")),
        ({"v": "999999"}, ("volunteer", "not_found")),
    ],
)
async def test_a_bad_withdrawal_names_its_field_and_writes_nothing(client, admin_token, variables, expected):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 60)
    await write(client, admin_token, DEPOSIT, r=r, k="deposit-bad-input")
    sent = {"v": v, "m": 10, "s": "助浴", "k": "withdraw-bad-input"} | variables
    assert problems(await write(client, admin_token, WITHDRAW, **sent)) == {expected}
    body = await graphql(client, ACCOUNTS, {"v": v}, token=admin_token)
    assert [(a["balance"], a["entries"]["totalCount"]) for a in body["data"]["creditAccounts"]] == [(60, 1)]


CORRECT = """mutation($id: ID!, $input: ServiceRecordCorrectionInput!) { correctServiceRecord(id: $id, input: $input) {
  result { id } errors { field message code } } }"""


async def test_a_corrected_entry_is_never_credited_and_its_correction_credits_only_the_difference(client, admin_token):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 120)
    assert (await write(client, admin_token, DEPOSIT, r=r, k="deposit-before"))["result"]["balance"] == 120
    assert (await write(client, admin_token, EARN, r=r, k="earn-before"))["result"]["balance"] == 2
    held = await activity(client, admin_token, COMMUNITY, held_on="2025-06-01")
    fixed = await graphql(client, CORRECT, {"id": r, "input": {
        "activityId": held, "servedOn": "2025-06-01", "startsAt": "08:00", "minutes": 90, "reason": "多记了半小时"}},
        token=admin_token)
    correction = fixed["data"]["correctServiceRecord"]["result"]["id"]
    # the corrected entry counts no more: crediting it again is refused, naming the correction
    refused = await write(client, admin_token, DEPOSIT, r=r, k="deposit-corrected")
    assert problems(refused) == {("record", "conflict")} and "corrected by record" in refused["errors"][0]["message"]
    # the correction credits 90 − 120: the time bank gives back 30 minutes, the points one
    taken = await write(client, admin_token, DEPOSIT, r=correction, k="deposit-correction")
    assert taken["errors"] == [] and taken["result"]["balance"] == 90
    assert [e["amount"] for e in taken["result"]["entries"]] == [-30]
    points = await write(client, admin_token, EARN, r=correction, k="earn-correction")
    assert points["errors"] == [] and points["result"]["balance"] == 1
    # a correction of a correction credits against both
    again = await graphql(client, CORRECT, {"id": correction, "input": {
        "activityId": held, "servedOn": "2025-06-01", "startsAt": "08:00", "minutes": 180, "reason": "实为三小时"}},
        token=admin_token)
    third = again["data"]["correctServiceRecord"]["result"]["id"]
    assert (await write(client, admin_token, DEPOSIT, r=third, k="deposit-third"))["result"]["balance"] == 180
