"""Login guessing (issue #9, break 6): one password check per request, locks per username and per
address held in the database, audited and lifted by administrators, and password checks bounded."""

import asyncio
import datetime as dt
import json
import os
import threading
import time

import httpx
import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from core import db
from core.config import Settings
from core.errors import FieldError
from core.models import (
    AuditEvent,
    Region,
    Role,
    RoleAssignment,
    SignInThrottle,
    Tenant,
    ThrottleKind,
)
from core.platform import Platform
from core.services import accounts
from core.testing import graphql
from tests import shell

PASSWORD = "Zq7-correct-horse"
WRONG = "Wrong-password-1"
START = dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC)
ADDRESS_BUDGET = 20

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token errors { field message code } }
}
"""
LOCKS = "{ signInLocks { kind subject tenant locks lockedUntil } }"
LIFT = """
mutation Lift($username: String, $address: String) {
  liftSignInLock(username: $username, address: $address) {
    result { kind subject tenant } errors { field message code }
  }
}
"""


@pytest.fixture
def settings(settings):
    """The kit's settings, but a small address budget so the per-address test stays short."""
    return settings.model_copy(update={"sign_in_address_failures": ADDRESS_BUDGET})


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2id with small parameters: these tests count checks, they do not need them slow."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def verifications(monkeypatch):
    """Every argon2 verification made, counted (the real one still runs)."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, password_hash, password):
        calls.append(password_hash)
        return real(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


@pytest.fixture
def clock(platform):
    """A clock of the test's own for the throttle: ``clock.now`` moves only when the test moves it."""

    class Clock:
        now = START

        def __call__(self):
            return self.now

        def advance(self, seconds):
            self.now += dt.timedelta(seconds=seconds)

    instance = Clock()
    platform.sign_ins.clock = instance
    return instance


async def add_user(platform, username, tenant="panjin", *, password=PASSWORD, roles=()):
    async with db.transaction(platform.sessions) as session:
        user = await accounts.create_user(session, accounts.OPERATOR, username=username, tenant=tenant,
                                          password=password)
        for code, path in roles:
            region = (await session.exec(select(Region).where(Region.path == path))).one()
            role = (await session.exec(select(Role).where(Role.tenant_id == region.tenant_id, Role.code == code))).one()
            session.add(RoleAssignment(tenant_id=region.tenant_id, user_id=user.id, role_id=role.id, region_id=region.id))


async def login(client, username, password=PASSWORD):
    body = await graphql(client, LOGIN, {"username": username, "password": password})
    return body["data"]["login"]


def code_of(answer):
    return answer["errors"][0]["code"] if answer["errors"] else "ok"


def other_address(app, address):
    """A client of ``app`` whose requests come from ``address`` (the test client's is 'testclient')."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def events(platform, action):
    async with platform.sessions() as session:
        return (await session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))).all()


# ---------------------------------------------------------------- one password check per request

ALIASED = "mutation {" + " ".join(
    f'a{i}: login(username: "alice", password: "guess-{i:04d}") {{ token }}' for i in range(30)
) + "}"


async def test_thirty_aliased_logins_are_refused_before_any_password_is_checked(platform, client, verifications):
    await add_user(platform, "alice")
    response = await client.post("/graphql", json={"query": ALIASED})
    body = response.json()
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"]
    assert "at most one password" in body["errors"][0]["message"]
    assert verifications == []
    assert (await login(client, "alice"))["token"]  # one login per request still works
    assert len(verifications) == 1


@pytest.mark.parametrize(
    ("document", "operation"),
    [
        (  # a fragment, beside a password check of its own
            'fragment F on Mutation { login(username: "alice", password: "g1") { token } } '
            'mutation { ...F x: changePassword(current: "g2", new: "Zz9-new-password") { token } }',
            None,
        ),
        (  # fragments spreading fragments
            'fragment F on Mutation { a: login(username: "alice", password: "g1") { token } } '
            'fragment G on Mutation { ...F b: login(username: "alice", password: "g2") { token } } mutation { ...G }',
            None,
        ),
        (  # inline fragments
            'mutation { ... on Mutation { a: login(username: "alice", password: "g1") { token } } '
            '... { b: login(username: "alice", password: "g2") { token } } }',
            None,
        ),
        (  # two operations, one named to run: the document still asks for two
            'mutation A { login(username: "alice", password: "g1") { token } } '
            'mutation B { login(username: "alice", password: "g2") { token } }',
            "A",
        ),
        (  # login and changePassword: two password checks
            'mutation { login(username: "alice", password: "g1") { token } '
            'changePassword(current: "g2", new: "Zz9-new-password") { token } }',
            None,
        ),
    ],
)
async def test_fragments_and_several_operations_count_too(
    platform, client, admin_token, verifications, document, operation
):
    await add_user(platform, "alice")
    response = await client.post("/graphql", json={"query": document, "operationName": operation},
                                 headers={"Authorization": f"Bearer {admin_token}"})
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"], body
    assert verifications == []


async def test_a_batch_of_logins_is_refused_before_any_runs(platform, client, admin_token, verifications):
    await add_user(platform, "alice")
    one = {"query": LOGIN, "variables": {"username": "alice", "password": WRONG}}
    headers = {"Authorization": f"Bearer {admin_token}"}
    response = await client.post("/graphql", json=[one, one], headers=headers)
    assert response.status_code == 400
    assert "at most one password" in response.text
    assert verifications == []
    # a batch with one login beside other operations is fine
    response = await client.post("/graphql", json=[{"query": "{ me { username } }"}, one], headers=headers)
    assert response.status_code == 200
    assert response.json()[1]["data"]["login"]["errors"][0]["code"] == "invalid_credentials"
    assert len(verifications) == 1


# ---------------------------------------------------------------- locks per username


async def test_a_username_is_locked_after_five_failures_and_its_password_is_not_checked(
    platform, client, clock, verifications
):
    await add_user(platform, "alice")
    answers = [code_of(await login(client, "alice", WRONG)) for _ in range(5)]
    assert answers == ["invalid_credentials"] * 5
    assert len(verifications) == 5
    locked = await login(client, "alice")  # the right password, while locked
    assert locked == {"token": None, "errors": [{
        "field": "username", "message": "too many failed sign-ins for this username: try again in 60 seconds",
        "code": "locked"}]}
    assert len(verifications) == 5  # refused unchecked: no argon2 while locked
    assert code_of(await login(client, "ALICE ")) == "locked"  # the same username, written otherwise


async def test_an_unknown_username_is_locked_exactly_like_a_known_one(platform, client, clock):
    await add_user(platform, "alice")
    known = [await login(client, "alice", WRONG) for _ in range(6)]
    unknown = [await login(client, "nobody", WRONG) for _ in range(6)]
    assert known == unknown
    assert [code_of(a) for a in known] == ["invalid_credentials"] * 5 + ["locked"]


async def test_a_lock_expires_and_the_next_one_lasts_twice_as_long(platform, client, clock):
    await add_user(platform, "alice")
    for _ in range(5):
        await login(client, "alice", WRONG)
    clock.advance(59)
    assert "try again in 1 seconds" in (await login(client, "alice"))["errors"][0]["message"]
    clock.advance(1)
    for _ in range(5):  # the lock is over: five more failures lock it again, for twice as long
        assert code_of(await login(client, "alice", WRONG)) == "invalid_credentials"
    assert "try again in 120 seconds" in (await login(client, "alice"))["errors"][0]["message"]
    clock.advance(120)
    assert code_of(await login(client, "alice")) == "ok"
    for _ in range(5):  # a success ended the series: back to the first lock's length
        await login(client, "alice", WRONG)
    assert "try again in 60 seconds" in (await login(client, "alice"))["errors"][0]["message"]


async def test_failures_older_than_the_window_are_forgotten(platform, client, clock):
    await add_user(platform, "alice")
    for _ in range(4):
        await login(client, "alice", WRONG)
    clock.advance(platform.settings.sign_in_window_seconds)
    for _ in range(4):
        await login(client, "alice", WRONG)
    assert code_of(await login(client, "alice")) == "ok"


async def test_a_success_resets_the_username_count(platform, client, clock):
    await add_user(platform, "alice")
    for _ in range(4):
        await login(client, "alice", WRONG)
    assert code_of(await login(client, "alice")) == "ok"
    for _ in range(4):
        assert code_of(await login(client, "alice", WRONG)) == "invalid_credentials"
    assert code_of(await login(client, "alice")) == "ok"
    async with platform.sessions() as session:
        assert (await session.exec(select(SignInThrottle).where(SignInThrottle.kind == ThrottleKind.ACCOUNT))).all() == []


async def test_a_lock_holds_across_workers(platform, settings, clock):
    """Two processes on one database: a lock made by one is kept by the other."""
    await add_user(platform, "alice")
    other = Platform.create(settings)
    try:
        other.sign_ins.clock = clock
        for _ in range(5):
            await other.sign_ins.failed(account="alice", address="198.51.100.9", tenant_id=None)
        with pytest.raises(FieldError) as caught:
            async with platform.sessions() as session:
                await accounts.sign_in(session, username="alice", password=PASSWORD, key="k" * 32,
                                       ttl=dt.timedelta(hours=1), throttle=platform.sign_ins, address="192.0.2.1")
        assert caught.value.code == "locked"
    finally:
        await other.dispose()


async def test_concurrent_failures_from_several_workers_are_all_counted(platform, settings, clock):
    others = [Platform.create(settings) for _ in range(3)]
    try:
        for other in others:
            other.sign_ins.clock = clock
        throttles = [o.sign_ins for o in others] + [platform.sign_ins]
        await asyncio.gather(*(
            t.failed(account="carol", address=f"192.0.2.{i}", tenant_id=None) for i, t in enumerate(throttles)
        ))
        async with platform.sessions() as session:
            row = await session.get(SignInThrottle, (ThrottleKind.ACCOUNT, "carol"))
        assert row.failures == 4
    finally:
        for other in others:
            await other.dispose()


async def test_records_idle_for_a_day_are_deleted(platform, clock):
    await platform.sign_ins.failed(account="typo", address="192.0.2.1", tenant_id=None)
    await lock(platform, "old-lock")
    clock.advance(platform.settings.sign_in_lock_max_seconds + 61)  # a day after the lock ended
    await lock(platform, "alice", address="192.0.2.2")
    async with platform.sessions() as session:
        left = {(r.kind, r.subject) for r in (await session.exec(select(SignInThrottle))).all()}
    assert left == {(ThrottleKind.ACCOUNT, "alice"), (ThrottleKind.ADDRESS, "192.0.2.2")}


# ---------------------------------------------------------------- locks per address


async def test_an_address_is_locked_after_its_budget_whatever_the_usernames(platform, app, client, clock, verifications):
    await add_user(platform, "alice")
    for i in range(ADDRESS_BUDGET):  # a guesser spreads its guesses over many usernames, each under 5
        assert code_of(await login(client, f"user{i}", WRONG)) == "invalid_credentials"
    refused = await login(client, "alice")
    assert refused["errors"] == [{"field": "username", "code": "locked",
                                  "message": "too many failed sign-ins from your address: try again in 60 seconds"}]
    assert len(verifications) == ADDRESS_BUDGET
    spoofed = await client.post("/graphql", json={"query": LOGIN, "variables": {"username": "alice", "password": PASSWORD}},
                                headers={"X-Forwarded-For": "203.0.113.5"})
    assert spoofed.json()["data"]["login"]["errors"][0]["code"] == "locked"  # the header of a client changes nothing
    async with other_address(app, "203.0.113.5") as elsewhere:  # alice, from her own address, signs in
        assert code_of(await login(elsewhere, "alice")) == "ok"
    # a success elsewhere does not unlock the guesser's address
    assert code_of(await login(client, "alice")) == "locked"


async def test_one_sign_in_at_a_time_per_address(platform, monkeypatch):
    """A second sign-in from an address while one is being checked is refused, unchecked."""
    await add_user(platform, "alice")
    entered = threading.Event()
    release = threading.Event()
    real = PasswordHasher.verify

    def slow(self, password_hash, password):
        entered.set()
        release.wait(10)
        return real(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", slow)

    async def attempt():
        async with platform.sessions() as session:
            return await accounts.sign_in(session, username="alice", password=PASSWORD, key="k" * 32,
                                          ttl=dt.timedelta(hours=1), throttle=platform.sign_ins, address="192.0.2.7")

    first = asyncio.create_task(attempt())
    await asyncio.to_thread(entered.wait, 10)
    with pytest.raises(FieldError) as caught:
        await attempt()
    assert caught.value.code == "busy"
    release.set()
    assert (await first).token


async def test_password_checks_run_at_most_sign_in_concurrency_at_once(platform, monkeypatch):
    await add_user(platform, "alice")
    running, peak, lock = [0], [0], threading.Lock()
    real = PasswordHasher.verify

    def watched(self, password_hash, password):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            time.sleep(0.05)  # overlap, so that an unbounded pool would show more at once
            return real(self, password_hash, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(PasswordHasher, "verify", watched)
    limit = platform.settings.sign_in_concurrency

    async def attempt(i):
        async with platform.sessions() as session:
            try:
                await accounts.sign_in(session, username=f"user{i}", password=WRONG, key="k" * 32,
                                       ttl=dt.timedelta(hours=1), throttle=platform.sign_ins, address=f"192.0.2.{i}")
            except FieldError as error:
                return error.code

    codes = await asyncio.gather(*(attempt(i) for i in range(limit + 4)))
    assert codes == ["invalid_credentials"] * (limit + 4)
    assert peak[0] == limit


# ---------------------------------------------------------------- audit


async def test_locks_are_audited_with_the_address_and_never_the_password(platform, app, client, clock):
    await add_user(platform, "alice")
    guesses = [f"Guess-{i}-secret" for i in range(5)]
    for guess in guesses:
        await login(client, "alice", guess)
    async with other_address(app, "203.0.113.8") as elsewhere:
        for _ in range(5):
            await login(elsewhere, "nobody", WRONG)
    locks = await events(platform, "sign_in.lock")
    assert [(e.target, e.actor) for e in locks] == [("user:alice", "(sign-in)"), ("user:nobody", "(sign-in)")]
    async with platform.sessions() as session:
        panjin = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
    assert [e.tenant_id for e in locks] == [panjin.id, None]
    assert locks[0].after == {"address": "testclient", "failures": 0, "locks": 1,
                              "locked_until": (START + dt.timedelta(seconds=60)).isoformat()}
    assert locks[1].after["address"] == "203.0.113.8"
    written = json.dumps([e.model_dump(mode="json") for e in locks])
    assert not any(guess in written for guess in guesses) and WRONG not in written
    # the address's lock too, when its budget is spent
    for i in range(ADDRESS_BUDGET - 5):
        await login(client, f"someone{i}", WRONG)
    locks = await events(platform, "sign_in.lock")
    assert locks[-1].target == "address:testclient" and locks[-1].after["address"] == "testclient"


# ---------------------------------------------------------------- administrators


async def lock(platform, username, address="192.0.2.50", tenant_id=None):
    for _ in range(platform.settings.sign_in_account_failures):
        await platform.sign_ins.failed(account=username, address=address, tenant_id=tenant_id)


async def tenant_id(platform, code):
    async with platform.sessions() as session:
        return (await session.exec(select(Tenant.id).where(Tenant.code == code))).one()


async def test_administrators_list_and_lift_locks(platform, client, admin_token, clock):
    await add_user(platform, "alice")
    await add_user(platform, "bob", "hebei")
    await add_user(platform, "pj-admin", roles=[("tenant_admin", "panjin")])
    await lock(platform, "alice", tenant_id=await tenant_id(platform, "panjin"))
    await lock(platform, "bob", tenant_id=await tenant_id(platform, "hebei"))
    await lock(platform, "nobody")
    pj_token = await platform.token_for("pj-admin")
    until = (START + dt.timedelta(seconds=60)).isoformat()

    everything = (await graphql(client, LOCKS, token=admin_token))["data"]["signInLocks"]
    assert sorted((x["kind"], x["subject"], x["tenant"]) for x in everything) == [
        ("ACCOUNT", "alice", "panjin"), ("ACCOUNT", "bob", "hebei"), ("ACCOUNT", "nobody", None)]
    assert {x["lockedUntil"] for x in everything} == {until}
    tenant_view = (await graphql(client, LOCKS, token=pj_token))["data"]["signInLocks"]
    assert tenant_view == [{"kind": "ACCOUNT", "subject": "alice", "tenant": "panjin", "locks": 1, "lockedUntil": until}]

    for username in ("bob", "nobody"):  # another tenant's user, a username of nobody: not the tenant's
        answer = (await graphql(client, LIFT, {"username": username}, token=pj_token))["data"]["liftSignInLock"]
        assert answer["errors"] == [{"field": "username", "message": f"no lock on {username!r}", "code": "not_found"}]
    answer = (await graphql(client, LIFT, {"username": "Alice"}, token=pj_token))["data"]["liftSignInLock"]
    assert answer == {"result": {"kind": "ACCOUNT", "subject": "alice", "tenant": "panjin"}, "errors": []}
    assert code_of(await login(client, "alice")) == "ok"
    lifted = await events(platform, "sign_in.unlock")
    assert [(e.actor, e.target, e.tenant_id) for e in lifted] == [("pj-admin", "user:alice", await tenant_id(platform, "panjin"))]

    answer = (await graphql(client, LIFT, {"username": "nobody"}, token=admin_token))["data"]["liftSignInLock"]
    assert answer["errors"] == [] and answer["result"]["subject"] == "nobody"
    remaining = (await graphql(client, LOCKS, token=admin_token))["data"]["signInLocks"]
    assert [x["subject"] for x in remaining] == ["bob"]


async def test_the_platform_administrator_lifts_an_address_lock(platform, client, admin_token, clock):
    for i in range(ADDRESS_BUDGET):
        await login(client, f"user{i}", WRONG)
    assert code_of(await login(client, "anyone")) == "locked"
    await add_user(platform, "pj-admin", roles=[("tenant_admin", "panjin")])
    pj_token = await platform.token_for("pj-admin")
    answer = (await graphql(client, LIFT, {"address": "testclient"}, token=pj_token))["data"]["liftSignInLock"]
    assert answer["errors"][0]["code"] == "not_found"  # addresses cross tenants
    answer = (await graphql(client, LIFT, {"address": "testclient"}, token=admin_token))["data"]["liftSignInLock"]
    assert answer["result"] == {"kind": "ADDRESS", "subject": "testclient", "tenant": None}
    assert code_of(await login(client, "anyone", WRONG)) == "invalid_credentials"
    both = (await graphql(client, LIFT, {"address": "x", "username": "y"}, token=admin_token))["data"]["liftSignInLock"]
    assert both["errors"] == [{"field": "username", "message": "give either a username or an address", "code": "invalid"}]


async def test_users_who_administer_no_one_cannot_list_or_lift_locks(platform, client, clock):
    await add_user(platform, "alice")
    await add_user(platform, "clerk")
    await lock(platform, "alice", tenant_id=await tenant_id(platform, "panjin"))
    token = await platform.token_for("clerk")
    body = await graphql(client, LOCKS, token=token)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    answer = (await graphql(client, LIFT, {"username": "alice"}, token=token))["data"]["liftSignInLock"]
    assert answer["errors"][0]["code"] == "forbidden"
    assert code_of(await login(client, "alice")) == "locked"
    assert await events(platform, "sign_in.unlock") == []


# ---------------------------------------------------------------- the operator's commands


def test_the_operator_lists_and_lifts_locks_from_the_shell(platform, database_url):
    """On a database initialised as ``platform`` gets it (the copy of what ``wushe init`` makes)."""
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}

    def run(*args):
        return shell.wushe(*args, env=env)

    async def lock_two():
        platform = Platform.create(Settings(database_url=database_url))
        try:
            await lock(platform, "li.na", address="198.51.100.4")
            for _ in range(platform.settings.sign_in_address_failures):
                await platform.sign_ins.failed(account=None, address="198.51.100.4", tenant_id=None)
        finally:
            await platform.dispose()

    asyncio.run(lock_two())
    listed = run("user", "locks")
    assert listed.returncode == 0 and "li.na" in listed.stdout and "198.51.100.4" in listed.stdout
    assert run("user", "unlock", "Li.Na").returncode == 0
    again = run("user", "unlock", "li.na")
    assert again.returncode == 2 and "username: no lock on 'li.na'" in again.stderr
    assert run("user", "unlock", "--address", "198.51.100.4").returncode == 0
    assert "li.na" not in run("user", "locks").stdout

    async def unlocks():
        platform = Platform.create(Settings(database_url=database_url))
        try:
            return [(e.actor, e.target) for e in await events(platform, "sign_in.unlock")]
        finally:
            await platform.dispose()

    assert asyncio.run(unlocks()) == [("(operator)", "user:li.na"), ("(operator)", "address:198.51.100.4")]


# ---------------------------------------------------------------- the current password, guessed with a stolen token

CHANGE = """
mutation Change($current: String!, $new: String!) {
  changePassword(current: $current, new: $new) { token errors { field message code } }
}
"""


async def test_guessing_the_current_password_counts_and_locks_like_sign_in(platform, client, clock, verifications):
    """A stolen token must not guess the password through changePassword at the rate limit: the
    wrong ``current`` counts for the username (and the address) like a failed sign-in, and while the
    username is locked the right one is refused unchecked too."""
    await add_user(platform, "alice")
    token = (await login(client, "alice"))["token"]
    checks = len(verifications)
    answers = []
    for i in range(5):
        body = await graphql(client, CHANGE, {"current": f"Guess-{i:04d}x", "new": "Brand-new-pass-1"}, token=token)
        answers.append(code_of(body["data"]["changePassword"]))
    assert answers == ["invalid_credentials"] * 5
    assert len(verifications) == checks + 5
    body = await graphql(client, CHANGE, {"current": PASSWORD, "new": "Brand-new-pass-1"}, token=token)
    assert body["data"]["changePassword"]["errors"][0] == {
        "field": "current", "message": "too many failed sign-ins for this username: try again in 60 seconds",
        "code": "locked"}
    assert len(verifications) == checks + 5  # refused unchecked
    assert code_of(await login(client, "alice")) == "locked"  # the same lock as sign-in's
    clock.advance(60)
    body = await graphql(client, CHANGE, {"current": PASSWORD, "new": "Brand-new-pass-1"}, token=token)
    assert body["data"]["changePassword"]["errors"] == []
