"""Permission administration from the shell, as an operator uses it."""

import json
import os
import subprocess

import pytest

from tests import shell


@pytest.fixture
def wushe(database_url):
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return shell.wushe(*args, env=env, input=stdin)

    assert run("init").returncode == 0
    return run


def test_roles_assignments_decisions_and_audit_from_the_cli(wushe):
    assert wushe("user", "add", "li.na", "--tenant", "chongqing", "--password-stdin", stdin="Secret-pass-123\n").returncode == 0
    assert wushe("role", "add", "clerk", "--tenant", "chongqing", "--label", "文员", "--tier", "street",
                 "-p", "region:read").returncode == 0
    granted = wushe("role", "grant", "clerk", "volunteer:read@community", "--tenant", "chongqing")
    assert granted.stdout.strip() == "clerk: region:read, volunteer:read@community"
    assert wushe("assign", "li.na", "clerk", "chongqing/qianjiang/zhengyang").returncode == 0

    perms = wushe("permissions", "li.na", "chongqing/qianjiang/zhengyang/qunli")
    assert perms.stdout.split() == ["region:read", "volunteer:read"]
    yes = wushe("explain", "li.na", "volunteer", "read", "chongqing/qianjiang/zhengyang/qunli")
    assert yes.stdout.splitlines()[0] == "allowed: 'li.na' may read volunteer at 'chongqing/qianjiang/zhengyang/qunli'"
    assert "p, chongqing, clerk, community, volunteer, read" in yes.stdout
    no = wushe("explain", "li.na", "volunteer", "read", "chongqing/qianjiang")
    assert no.stdout.startswith("denied: no assignment of 'li.na' covers 'chongqing/qianjiang'")

    withdrawn = wushe("role", "withdraw", "clerk", "volunteer:read@community", "--tenant", "chongqing")
    assert withdrawn.stdout.strip() == "clerk: region:read"
    assert wushe("unassign", "li.na", "clerk", "chongqing/qianjiang/zhengyang").returncode == 0

    events = [json.loads(line) for line in wushe("audit", "--tenant", "chongqing").stdout.splitlines()]
    assert [e["action"] for e in events][-5:] == [
        "role.create", "role.permission.add", "assignment.create", "role.permission.remove", "assignment.delete",
    ]
    assert all(e["actor"].startswith("cli:") for e in events[-5:])
    listed = wushe("role", "list", "--tenant", "chongqing")
    assert "two_committees" in listed.stdout and "clerk" in listed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("role", "grant", "nobody", "region:read", "--tenant", "chongqing"), "role: no role 'nobody' in tenant 'chongqing'"),
        (("role", "grant", "tenant_admin", "read", "--tenant", "chongqing"), "permission: permission 'read' is not"),
        (("role", "add", "x", "--tenant", "chongqing", "--label", "x", "--tier", "county"), "tier: 'county' is not a tier"),
        (("assign", "admin", "tenant_admin", "chongqing"), "username: no user 'admin' in tenant 'chongqing'"),
        (("assign", "x", "tenant_admin", "chongqing/nowhere"), "region: no region at path 'chongqing/nowhere'"),
        (("role", "list", "--tenant", "atlantis"), "tenant: no tenant 'atlantis'"),
    ],
)
def test_bad_input_names_the_field(wushe, args, message):
    result = wushe(*args)
    assert result.returncode == 2
    assert message in result.stderr
