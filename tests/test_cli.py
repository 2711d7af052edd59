"""The `wushe` command as an operator uses it: init, token, serve, plugins, regions."""

import json
import os
import subprocess
import threading
from pathlib import Path

import httpx
import psycopg
import pytest
from cryptography.fernet import Fernet

from tests import shell
from tests.servers import STARTUP_SECONDS, WUSHE, free_port, output_of, serving, workers_of
from tests.sockets import all_listening


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A command run in this process (:mod:`tests.shell`): any but ``serve`` and ``demo`` when they
    are to serve, which start the installed ``wushe`` (:mod:`tests.servers`)."""
    return shell.wushe(*args, env=env)


@pytest.fixture
def env(database_url: str, app_database_url: str) -> dict[str, str]:
    """As an operator sets it up: `init` as the owner, everything else as the application's role."""
    return {**os.environ, "WUSHE_DATABASE_URL": app_database_url, "WUSHE_OWNER_DATABASE_URL": database_url}


@pytest.fixture
def initialised(platform, env: dict[str, str]) -> dict[str, str]:
    """:func:`env` on a database already initialised: the copy of what ``wushe init`` makes, as
    ``platform`` gets it (~5 s less than running ``init``; the tests of ``init`` itself start empty)."""
    return env


def test_init_token_serve_and_walk_the_tree(env):
    first = run("init", env=env)
    assert first.returncode == 0, first.stderr
    assert "4 tenants added, 173 regions added" in first.stdout
    again = run("init", env=env)
    assert "0 tenants added, 0 regions added, 0 updated, 0 roles added, admin already present" in again.stdout
    token = run("token", "admin", env=env).stdout.strip().splitlines()[-1]

    with serving(env, "--host", "127.0.0.1") as (url, _):
        query = '{ region(path: "chongqing/qianjiang/zhengyang") { tier children { name } } }'
        answer = httpx.post(f"{url}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert answer.json()["data"]["region"]["children"] == [
            {"name": n} for n in ("朝阳社区", "群力社区", "桐坪社区", "积富社区", "团结社区")
        ]
        refused = httpx.post(f"{url}/graphql", json={"query": query}, timeout=10)
        assert refused.status_code == 401
        ide = httpx.get(f"{url}/graphql", headers={"Accept": "text/html"}, timeout=10)
        assert "graphiql" not in ide.text.lower()  # no IDE in production mode


def test_token_for_an_unknown_user_is_a_clear_error(initialised):
    result = run("token", "nobody", env=initialised)
    assert result.returncode == 2
    assert "unknown or inactive user 'nobody'" in result.stderr


def test_serve_before_init_says_to_run_init(tmp_path):
    env = {**os.environ, "WUSHE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    result = subprocess.run([WUSHE, "serve", "--port", str(free_port())], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0
    assert "run `wushe init`" in result.stdout + result.stderr


@pytest.mark.once  # the workers' processes and sockets are the subject, not the database
def test_serve_starts_the_workers_it_is_asked_for(initialised):
    token = run("token", "admin", env=initialised).stdout.strip().splitlines()[-1]
    with serving(initialised, "--workers", "2") as (url, server):
        for number in range(4):
            answer = httpx.post(f"{url}/graphql", json={"query": "query Me { me { username } }"},
                                headers={"Authorization": f"Bearer {token}", "X-Request-ID": f"walk-{number}"}, timeout=10)
            assert answer.json() == {"data": {"me": {"username": "admin"}}}
        assert len(workers_of(server.pid)) == 2
        # each worker listens on a socket of its own (SO_REUSEPORT), not on one shared socket
        held = all_listening(server.pid, int(url.rsplit(":", 1)[1]))
        assert len(held) == 2 and all(len(sockets) == 1 for sockets in held.values()), held
        assert len(set.union(*held.values())) == 2
        # whichever worker is scraped, the metrics are both workers' (PROMETHEUS_MULTIPROC_DIR)
        for _ in range(3):
            metrics = httpx.get(f"{url}/metrics", timeout=10).text
            assert 'wushe_graphql_operations_total{operation="Me",outcome="ok"} 4.0' in metrics
    output = output_of(server)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    walked = [line for line in lines if line.get("name") == "wushe.access" and line.get("operation") == "Me"]
    assert sorted(line["request_id"] for line in walked) == [f"walk-{n}" for n in range(4)]
    assert all(line["status"] == 200 and isinstance(line["user_id"], int) for line in walked)


@pytest.mark.once  # the workers' processes and sockets are the subject, not the database
def test_serve_shares_one_socket_among_the_workers_when_told(env):
    run("init", env=env)
    with serving({**env, "WUSHE_WORKER_SOCKETS": "shared"}, "--workers", "2") as (url, server):
        held = all_listening(server.pid, int(url.rsplit(":", 1)[1]))
        assert len(held) == 2 and len(set.union(*held.values())) == 1, held
        assert httpx.get(f"{url}/health", timeout=10).status_code == 200


def test_serve_with_workers_before_init_says_to_run_init(tmp_path):
    env = {**os.environ, "WUSHE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "WUSHE_WORKERS": "2"}
    result = subprocess.run([WUSHE, "serve", "--port", str(free_port())], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "run `wushe init`" in result.stderr


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("WUSHE_WORKERS", "0", "WUSHE_WORKERS (workers): Input should be greater than or equal to 1"),
    ("WUSHE_DATABASE_POOL_SIZE", "0", "WUSHE_DATABASE_POOL_SIZE (database_pool_size): Input should be greater than or equal to 1"),
    ("WUSHE_DATABASE_MAX_OVERFLOW", "-1", "WUSHE_DATABASE_MAX_OVERFLOW (database_max_overflow): Input should be greater"),
    ("WUSHE_GC_THRESHOLD", "[0, 10, 10]", "WUSHE_GC_THRESHOLD (gc_threshold): the first number must be at least 1"),
    ("WUSHE_GC_THRESHOLD", "[1, 2, 3, 4]", "WUSHE_GC_THRESHOLD (gc_threshold): one to three numbers"),
    ("WUSHE_GRAPHQL_CACHE_MIB", "-1", "WUSHE_GRAPHQL_CACHE_MIB (graphql_cache_mib): Input should be greater"),
])
def test_a_bad_setting_is_named_with_its_reason(tmp_path, variable, value, message, monkeypatch):
    # in this process (the settings are read before anything is served): a setting taken by mistake
    # fails here rather than serving
    monkeypatch.setattr("core.cli.platform.uvicorn.run", lambda *_args, **_kw: pytest.fail("it served"))
    env = {**os.environ, "WUSHE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", variable: value}
    result = run("serve", "--port", str(free_port()), env=env)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_plugins_lists_version_scope_and_hooks():
    result = run("plugins", "--json", env=os.environ)
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    assert plugins["qianjiang"]["scope"] == "chongqing/qianjiang/zhengyang"
    assert plugins["panjin"]["version"] == "0.1.0"
    assert "register_regions" in plugins["hebei"]["hooks"]
    table = run("plugins", env=os.environ).stdout
    assert "tianjin" in table and "register_regions" in table


def test_regions_prints_the_tree_and_names_a_bad_path(initialised):
    result = run("regions", "chongqing/qianjiang", env=initialised)
    assert "正阳街道 zhengyang street" in result.stdout
    assert "团结社区 tuanjie community" in result.stdout
    bad = run("regions", "chongqing/nowhere", env=initialised)
    assert bad.returncode == 2
    assert "path: no region at 'chongqing/nowhere'" in bad.stderr


def test_serve_refuses_a_role_that_could_rewrite_the_audit_log(database_url, initialised):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")
    as_owner = {**initialised, "WUSHE_DATABASE_URL": database_url}
    result = subprocess.run([WUSHE, "serve", "--port", str(free_port())], capture_output=True, text=True,
                            env=as_owner, timeout=60)
    assert result.returncode != 0
    assert "could rewrite the audit log" in result.stdout + result.stderr


def test_init_takes_the_owner_on_the_command_line(database_url, app_database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")
    bare = {k: v for k, v in os.environ.items() if k not in ("WUSHE_DATABASE_URL", "WUSHE_OWNER_DATABASE_URL")}
    made = run("init", "--database", app_database_url, "--owner-database", database_url, env=bare)
    assert made.returncode == 0, made.stderr
    assert "wushe_test_app:***@" in made.stdout  # the password is not printed
    with psycopg.connect(app_database_url, autocommit=True) as connection:
        assert connection.execute("SELECT has_table_privilege('audit_event', 'INSERT'), "
                                  "has_table_privilege('audit_event', 'TRUNCATE')").fetchone() == (True, False)


def test_a_bad_database_url_names_the_setting(tmp_path):
    env = {**os.environ, "WUSHE_DATABASE_URL": "mysql://root@127.0.0.1/test"}
    result = run("init", env=env)
    assert result.returncode == 2
    assert "database_url: unsupported database 'mysql'" in result.stderr


def test_demo_fills_data_and_serves_graphiql_in_development(tmp_path):
    env = {**os.environ}
    port = free_port()
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    server = subprocess.Popen([WUSHE, "demo", "--port", str(port), "--database", database], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Timer(STARTUP_SECONDS, server.kill)  # a server that never says it runs fails, not hangs
    stop.start()
    try:
        lines = []
        for line in server.stdout:  # type: ignore[union-attr]
            lines.append(line.strip())
            if "Uvicorn running" in line:
                assert not line.startswith("{"), line  # development mode logs text for a person at a terminal
                break
        stop.cancel()
        assert "token for admin:" in lines, "\n".join(lines)
        token = lines[lines.index("token for admin:") + 1]
        assert f"http://127.0.0.1:{port}/graphql" in "\n".join(lines)
        ide = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"}, timeout=10)
        assert ide.status_code == 200 and "graphiql" in ide.text.lower()
        query = '{ region(path: "tianjin") { counts { volunteers socialOrganizations } } }'
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": query},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        assert answer["data"]["region"]["counts"]["volunteers"] > 0
    finally:
        stop.cancel()
        server.terminate()
        server.wait(timeout=20)


def test_reencrypt_runs_with_the_instance_keys_and_names_a_bad_one(env):
    """`wushe reencrypt` (formerly `python -m core.personal reencrypt`) reads the instance's keys from
    the environment, newest first; a malformed key is named, exit code 2. What it does to stored rows
    is tested on core.personal.reencrypt (tests/core/test_personal.py)."""
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert run("init", env={**env, "WUSHE_DATA_KEY": old}).returncode == 0
    rotated = run("reencrypt", env={**env, "WUSHE_DATA_KEY": new, "WUSHE_DATA_KEYS": json.dumps([old])})
    assert rotated.returncode == 0, rotated.stderr
    assert "personal data of 0 rows under the newest data key" in rotated.stdout
    bad = run("reencrypt", env={**env, "WUSHE_DATA_KEY": "not a key"})
    assert bad.returncode == 2
    assert "data_key" in bad.stderr and "Traceback" not in bad.stderr


def test_schema_prints_the_sdl_clients_generate_code_from(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "WUSHE_PLUGINS"}
    committed = (Path(__file__).parents[1] / "schema" / "schema.graphql").read_text(encoding="utf-8")
    assert run("schema", env=env).stdout == committed
    written = run("schema", "--output", str(tmp_path / "wushe.graphql"), env=env)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "wushe.graphql").read_text(encoding="utf-8") == committed
    one = run("schema", env={**env, "WUSHE_PLUGINS": '["panjin"]'})
    assert one.returncode == 0 and "type Query" in one.stdout


def test_operations_add_checks_each_operation_against_the_schema_and_lists_it(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("WUSHE_PERSISTED")}
    listed = tmp_path / "operations.json"
    (tmp_path / "district.graphql").write_text(
        "query Volunteers($path: String!) { region(path: $path) { volunteers(first: 5) { nodes { ...Who } } } }\n"
        "fragment Who on Volunteer { id name }\nquery Me { me { username } }\n", encoding="utf-8")
    added = run("operations", "add", str(tmp_path / "district.graphql"), "--list", str(listed), env=env)
    assert added.returncode == 0, added.stderr
    manifest = json.loads(listed.read_text(encoding="utf-8"))
    assert manifest["format"] == "apollo-persisted-query-manifest"
    assert [(op["name"], op["type"]) for op in manifest["operations"]] == [("Me", "query"), ("Volunteers", "query")]
    volunteers = manifest["operations"][1]
    assert "fragment Who on Volunteer" in volunteers["body"] and "fragment" not in manifest["operations"][0]["body"]
    assert f"query Volunteers {volunteers['id']}" in added.stdout
    again = run("operations", "list", env={**env, "WUSHE_PERSISTED_OPERATIONS": str(listed)})
    assert again.stdout.splitlines() == [f"query {op['name']} {op['id']}" for op in manifest["operations"]]

    (tmp_path / "old.graphql").write_text("query Old { region(path: \"x\") { population } }", encoding="utf-8")
    refused = run("operations", "add", str(tmp_path / "old.graphql"), "--list", str(listed), env=env)
    assert refused.returncode == 2 and "operation 'Old' does not run on this schema" in refused.stderr
    assert json.loads(listed.read_text(encoding="utf-8")) == manifest  # nothing half-written
    nowhere = run("operations", "list", env=env)
    assert nowhere.returncode == 2 and "WUSHE_PERSISTED_OPERATIONS" in nowhere.stderr
