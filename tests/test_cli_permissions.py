"""Permission administration from the shell, as an operator uses it."""

import json
import os
import subprocess

import pytest
import sqlalchemy as sa

from tests import shell


@pytest.fixture
def wushe(platform, database_url):
    """``wushe …`` on the test's database, initialised (a copy of what ``init`` makes, as ``platform``
    gets it: tests/test_cli.py runs ``wushe init`` itself)."""
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return shell.wushe(*args, env=env, input=stdin)

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
        (("role", "add", "x", "--tenant", "chongqing", "--label", "x", "--tier", "street", "-p", "region:read",
          "-p", "volunter:read", "-p", "form:approve@street"),
         "permissions.1: permission 'volunter:read': unknown resource 'volunter'; did you mean 'volunteer'?; "
         "permissions.2: permission 'form:approve@street': resource 'form' has no action 'approve' "
         "(its actions: read, submit, review)"),
        (("role", "grant", "tenant_admin", "volunteer:raed", "--tenant", "chongqing"),
         "permission: permission 'volunteer:raed': resource 'volunteer' has no action 'raed'; "
         "did you mean 'volunteer:read'? (its actions: read, create, update, dispatch)"),
        (("role", "withdraw", "tenant_admin", "volunter:read", "--tenant", "chongqing"),
         "permission: permission 'volunter:read': unknown resource 'volunter'; did you mean 'volunteer'?"),
    ],
)
def test_bad_input_names_the_field(wushe, args, message):
    result = wushe(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_plugins_resources_may_be_granted_and_a_line_outside_the_vocabulary_still_works(wushe, database_url):
    granted = wushe("role", "grant", "two_committees", "chongqing_consultation:raise@community", "--tenant", "chongqing")
    assert granted.returncode == 0, granted.stderr
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:  # a line of a plugin no longer installed
        connection.execute(sa.text(
            "INSERT INTO role_permission (tenant_id, role_code, tier, resource, action) "
            "SELECT id, 'two_committees', '*', 'retired_plugin_thing', 'approve' FROM tenant WHERE code = 'chongqing'"))
    engine.dispose()
    assert wushe("user", "add", "wang", "--tenant", "chongqing", "--password-stdin", stdin="Secret-pass-123\n").returncode == 0
    assert wushe("assign", "wang", "two_committees", "chongqing/qianjiang/zhengyang/qunli").returncode == 0
    held = wushe("permissions", "wang", "chongqing/qianjiang/zhengyang/qunli").stdout.split()
    assert "retired_plugin_thing:approve" in held and "chongqing_consultation:raise" in held
    allowed = wushe("explain", "wang", "retired_plugin_thing", "approve", "chongqing/qianjiang/zhengyang/qunli")
    assert allowed.stdout.startswith("allowed:"), allowed.stdout + allowed.stderr
    withdrawn = wushe("role", "withdraw", "two_committees", "retired_plugin_thing:approve", "--tenant", "chongqing")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "retired_plugin_thing" not in withdrawn.stdout


def test_role_resources_lists_the_vocabulary():
    listed = shell.wushe("role", "resources", "--json", env=dict(os.environ))
    assert listed.returncode == 0, listed.stderr
    rows = {row["resource"]: row for row in json.loads(listed.stdout)}
    assert rows["form"] == {"resource": "form", "actions": ["read", "submit", "review"], "declared_by": "core"}
    assert rows["panjin_application"]["declared_by"] == "panjin"
    assert "tianjin_creation_task" in shell.wushe("role", "resources", env=dict(os.environ)).stdout
