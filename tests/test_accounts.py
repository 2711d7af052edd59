"""Accounts: argon2 hashes, password and username rules, and the `wushe user` / `wushe login` commands."""

import datetime as dt
import os
import subprocess

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlmodel import select

from core import db
from core.errors import FieldError, InvalidInput
from core.models import User
from core.models.throttle import SignInThrottle, ThrottleKind
from core.models.user import UserKind
from core.platform import Platform
from core.services import accounts
from core.testing import settings_for_database
from core.testing.databases import initialise
from tests.shell import wushe

PASSWORD = "Zq7-correct-horse"
NEW_PASSWORD = "Yp4-battery-staple"
ME = "{ me { username platformAdmin } }"


def run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return wushe(*args, env=env, input=stdin or "")


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "WUSHE_DATABASE_URL": database_url}


async def me(client, token):
    response = await client.post("/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, (response.json().get("data") or {}).get("me")


async def stored_hash(platform, username):
    async with platform.sessions() as session:
        return (await session.exec(select(User.password_hash).where(User.username == username))).one()


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize("username", ["abc", "li.ming", "li_ming-2", "0ab", "a" * 64])
def test_good_usernames(username):
    assert accounts.check_username(username) == username


@pytest.mark.parametrize("username", ["ab", "a" * 65, "Alice", "li ming", "李明", "a@b", "", "ab\n"])
def test_bad_usernames_name_the_field(username):
    with pytest.raises(FieldError) as caught:
        accounts.check_username(username)
    assert caught.value.field == "username"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab-1", "must be at least 10 characters long"),
        ("abcdefghijkl", "must mix at least two of: letters, digits, other characters"),
        ("--------------", "must mix at least two of: letters, digits, other characters"),
        ("x" * 257 + "1", "must be at most 256 characters long"),
        ("my-ALICE-pass1", "must not contain the username"),
    ],
)
def test_weak_passwords_name_the_field(password, message):
    with pytest.raises(FieldError) as caught:
        accounts.check_password(password, field="new", username="alice")
    assert (caught.value.field, caught.value.message) == ("new", message)
    assert password not in str(caught.value)


def test_good_passwords_pass():
    for password in (PASSWORD, "密码很长但是有数字123", "correct horse battery"):
        assert accounts.check_password(password, username="alice") == password


# ---------------------------------------------------------------- hashes


async def test_hashes_are_argon2id_and_redone_when_the_parameters_change(platform):
    async with db.transaction(platform.sessions) as session:
        await accounts.create_user(session, accounts.OPERATOR, username="alice", tenant="panjin", password=PASSWORD)
    current = await stored_hash(platform, "alice")
    assert current.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in current

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    async with db.transaction(platform.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "alice"))).one()
        user.password_hash = old
        session.add(user)
    with pytest.raises(FieldError):
        async with db.transaction(platform.sessions) as session:
            await accounts.sign_in(session, username="alice", password="Wrong-password-1", key="k" * 32,
                                   ttl=dt.timedelta(hours=1), throttle=platform.sign_ins)
    assert await stored_hash(platform, "alice") == old  # a failed sign-in changes nothing
    async with db.transaction(platform.sessions) as session:
        await accounts.sign_in(session, username="alice", password=PASSWORD, key="k" * 32, ttl=dt.timedelta(hours=1),
                               throttle=platform.sign_ins)
    renewed = await stored_hash(platform, "alice")
    assert renewed != old and renewed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PasswordHasher().verify(renewed, PASSWORD)


async def test_an_unknown_user_costs_one_verification_too(platform, monkeypatch):
    """No user, no password, or a service: the same argon2 work as a wrong password, so timing tells nothing."""
    calls = []
    real = accounts.verify_password

    async def counting(password_hash, password):
        calls.append(password_hash)
        return await real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    async with db.transaction(platform.sessions) as session:
        await accounts.create_user(session, accounts.OPERATOR, username="feeder", tenant="panjin",
                                   kind=UserKind.SERVICE)
    for username in ("nobody", "admin", "feeder"):
        with pytest.raises(FieldError) as caught:
            async with platform.sessions() as session:
                await accounts.sign_in(session, username=username, password=PASSWORD, key="k" * 32,
                                       ttl=dt.timedelta(hours=1), throttle=platform.sign_ins)
        assert (caught.value.field, caught.value.code) == ("password", "invalid_credentials")
    assert len(calls) == 3 and all(h.startswith("$argon2id$") for h in calls)


async def test_only_the_platform_administrator_makes_platform_administrators(platform):
    async with db.transaction(platform.sessions) as session:
        with pytest.raises(InvalidInput) as caught:
            await accounts.create_user(session, accounts.OPERATOR, username="ops", tenant="panjin", platform_admin=True)
    assert [p.field for p in caught.value.problems] == ["platform_admin"]


# ---------------------------------------------------------------- the command line


async def test_user_add_login_passwd_revoke(platform, client, env):
    added = run("user", "add", "alice", "--tenant", "panjin", "--display-name", "李明", "--password-stdin",
                env=env, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "added person alice to tenant panjin" in added.stdout

    signed_in = run("login", "alice", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    assert signed_in.returncode == 0, signed_in.stderr
    token = signed_in.stdout.strip().splitlines()[-1]
    assert await me(client, token) == (200, {"username": "alice", "platformAdmin": False})

    wrong = run("login", "alice", "--password-stdin", env=env, stdin="Wrong-password-1\n")
    unknown = run("login", "nobody", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    assert wrong.returncode == unknown.returncode == 2
    assert wrong.stderr == unknown.stderr
    assert "password: wrong username or password" in wrong.stderr

    changed = run("user", "passwd", "alice", "--password-stdin", env=env, stdin=NEW_PASSWORD + "\n")
    assert changed.returncode == 0, changed.stderr
    assert (await me(client, token))[0] == 401  # a new password revokes the tokens
    assert run("login", "alice", "--password-stdin", env=env, stdin=PASSWORD + "\n").returncode == 2
    token = run("login", "alice", "--password-stdin", env=env, stdin=NEW_PASSWORD + "\n").stdout.strip().splitlines()[-1]
    assert (await me(client, token))[0] == 200

    operator = run("token", "alice", env=env).stdout.strip().splitlines()[-1]  # operators keep `wushe token`
    assert (await me(client, operator))[0] == 200
    revoked = run("user", "revoke", "alice", env=env)
    assert revoked.returncode == 0, revoked.stderr
    assert (await me(client, token))[0] == 401
    assert (await me(client, operator))[0] == 401

    everything = added.stdout + added.stderr + signed_in.stdout + signed_in.stderr + changed.stdout + changed.stderr
    assert PASSWORD not in everything and NEW_PASSWORD not in everything
    assert (await stored_hash(platform, "alice")).startswith("$argon2id$")


async def test_service_users_and_platform_administrators_from_the_command_line(platform, client, env):
    service = run("user", "add", "feeder", "--tenant", "tianjin", "--service", env=env)
    assert service.returncode == 0, service.stderr
    assert "added service feeder to tenant tianjin" in service.stdout
    ops = run("user", "add", "ops", "--platform-admin", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    assert ops.returncode == 0, ops.stderr
    token = run("login", "ops", "--password-stdin", env=env, stdin=PASSWORD).stdout.strip().splitlines()[-1]
    assert await me(client, token) == (200, {"username": "ops", "platformAdmin": True})


def test_command_line_errors_name_the_field(platform, env):
    assert run("user", "add", "alice", "--tenant", "panjin", env=env).returncode == 0
    cases = [
        (("user", "add", "Bad Name"), None, "username: use 3 to 64 characters"),
        (("user", "add", "bob", "--tenant", "nowhere"), None, "tenant: no tenant 'nowhere'"),
        (("user", "add", "bob", "--password-stdin"), "Short-1\n", "password: must be at least 10 characters long"),
        (("user", "add", "alice"), None, "username: 'alice' is taken"),
        (("user", "add", "svc", "--service", "--password-stdin"), PASSWORD, "password: service users have no password"),
        (("user", "passwd", "nobody", "--password-stdin"), PASSWORD, "username: no user 'nobody'"),
        (("user", "passwd", "alice", "--password-stdin"), "\n", "password: nothing on standard input"),
        (("user", "passwd", "alice", "--password-stdin"), "alice-1234567\n", "password: must not contain the username"),
        (("user", "revoke", "nobody"), None, "username: no user 'nobody'"),
        (("login", "alice", "--password-stdin"), PASSWORD, "password: wrong username or password"),
    ]
    for args, stdin, message in cases:
        result = run(*args, env=env, stdin=stdin)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


async def test_a_sign_in_never_waits_for_a_connection_the_requests_hold(database_url):
    """A request holds one connection of the pool for its whole life; the sign-in throttle counted a
    failure on a second one from the same pool, so with every connection held by sign-ins each
    waited for the others until the pool's timeout (the rollup's stall, again). Its counts now
    have a small pool of their own (core.platform)."""
    settings = settings_for_database(database_url, database_pool_size=1, database_max_overflow=0)
    platform = Platform.create(settings, engine_options={"pool_timeout": 1})
    try:
        await initialise(platform)
        async with platform.sessions() as session:  # a request's session, its connection taken
            await session.exec(sa.select(sa.literal(1)))
            with pytest.raises(FieldError) as caught:
                await accounts.sign_in(session, username="admin", password="Wrong-password-1", key="k" * 32,
                                       ttl=dt.timedelta(hours=1), throttle=platform.sign_ins, address="10.0.0.9")
        assert caught.value.code == "invalid_credentials"
        async with platform.sessions() as session:
            counted = (await session.exec(select(SignInThrottle))).all()
        assert {(row.kind, row.failures) for row in counted} == {(ThrottleKind.ACCOUNT, 1), (ThrottleKind.ADDRESS, 1)}
    finally:
        await platform.dispose()
