"""The schema's migrations (core.migrations): an empty database migrated to every head on both
backends, branches stepped down to base and up again, the models compared with the migrated
schema (and a column added without a migration caught), a changed column migrated on a database
that holds rows, a new revision written for a plugin's branch, a database made by the release
before migrations upgraded, and the plugins' declarations checked at start-up."""

import datetime as dt
import os
import sqlite3
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, select

from core import hookimpl, migrations, personal
from core.errors import StartupError
from core.migrations import BASELINE, Branch, compare, revisions
from core.models import SocialOrganization, SocialWorker, Volunteer
from core.platform import Platform
from core.plugins.manager import create_plugin_manager
from core.plugins.migrations import MigrationsDecl, declared_migrations
from core.testing import settings_for_database
from tests import shell

PREVIOUS_RELEASE = Path(__file__).parent / "previous_release"
QIANJIANG_FIRST = "c69785916cd5"
QIANJIANG_HEAD = "5ff6152e7641"
ALLOWANCES = "The register of one-time exam allowances paid (正阳办事处发〔2022〕95号 三（三）)."
ALLOWANCE_KEYS = "The register's keys include its tenant (docs/distribution.md)."
RATE_LIMITS_REVISION = "5e1a7c2b9d40"
RLS_REVISION = "8b4531a9c2c1"
CORE_HEAD = "0b83d55b976e"
HOURS_REVISION = "d19f0ba09c70"
LISTS_REVISION = "da3e2e4103be"
CREDITS_REVISION = "4c5199bfa3e1"
ENDINGS_REVISION = "79b03ce43653"
CREDITS = "The time bank and points: credit accounts and their append-only ledger (credit_account, credit_entry)."
ENDINGS = "Records that end, and erasures of personal data: their registers (record_ending, personal_data_erasure)."
RECEIPTS_REVISION = "860db3eabd90"
RECEIPTS = "Donation receipts as issued (donation_receipt): what each says and its PDF, numbered per tenant and year."
LISTS = "The three lists and matching: demands and their history, resources, projects, proposals."
HOURS = ("Service hours that hold up: entries' times and corrections, the ledger append-only; certificates, "
         "spot checks.")
RATE_LIMITS = "Rate-limit counts shared by the workers of `wushe serve --workers N` on PostgreSQL (core.web.shared_rate_limit)."
RLS = "Row-level security on PostgreSQL: every tenant table's rows kept to the transaction's tenant."
TENANT_KEYS = "Every tenant table carries its tenant: the distribution key of docs/distribution.md."


@pytest.fixture
async def bare(database_url) -> AsyncIterator[Platform]:
    """A platform on an empty database (nothing migrated yet)."""
    platform = Platform.create(settings_for_database(database_url))
    yield platform
    await platform.dispose()


async def tables_of(platform: Platform) -> set[str]:
    async with platform.owner_engine() as owner, owner.connect() as connection:
        return set(await connection.run_sync(lambda c: sa.inspect(c).get_table_names()))


async def on_owner(platform: Platform, work, *args, **kwargs):
    async with platform.owner_engine() as owner:
        return await migrations.on(owner, work, *args, **kwargs)


def copy_of_models() -> sa.MetaData:
    """A copy of the models' metadata, to change in a test."""
    models = sa.MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(models)
    return models


async def test_an_empty_database_is_migrated_to_every_head_and_agrees_with_the_models(bare):
    assert (await bare.database_status()).state == "empty"
    report = await bare.migrate()
    assert report.previous is None
    assert report.applied == [
        f"up {BASELINE} Baseline: the schema of the last release without migrations.",
        f"up {ENDINGS_REVISION} {ENDINGS}",
        f"up {RECEIPTS_REVISION} {RECEIPTS}",
        f"up {CREDITS_REVISION} {CREDITS}",
        f"up {LISTS_REVISION} {LISTS}",
        f"up {HOURS_REVISION} {HOURS}",
        f"up {RATE_LIMITS_REVISION} {RATE_LIMITS}",
        f"up {RLS_REVISION} {RLS}",
        f"up {CORE_HEAD} {TENANT_KEYS}",
        f"up {QIANJIANG_FIRST} {ALLOWANCES}",
        f"up {QIANJIANG_HEAD} {ALLOWANCE_KEYS}",
    ]
    found = await bare.database_status()
    assert found.state == "current"
    assert set(found.current) == {QIANJIANG_HEAD}  # qianjiang's head needs core's: the one row stands for both
    tables = await tables_of(bare)
    assert {"region", "audit_event", "qianjiang_exam_allowance", "alembic_version"} <= tables
    assert await on_owner(bare, compare.differences, bare.branches) == []
    assert (await bare.migrate()).applied == []  # idempotent


async def test_every_branch_steps_down_to_base_and_up_again(bare):
    await bare.migrate()
    for line in reversed(bare.branches):
        steps = [r for r in revisions.history(bare.branches) if r.branch == line.label]
        for _ in steps:
            undone = await bare.downgrade(f"{line.label}@-1")
            assert len(undone) == 1 and undone[0].startswith("down ")
        assert not (await tables_of(bare)) & line.tables, f"{line.label} left tables behind"
        if line.label != "core":
            assert (await bare.database_status()).state == "behind"
    assert await tables_of(bare) == {"alembic_version"}
    assert (await bare.database_status()).state == "empty"
    assert len((await bare.migrate()).applied) == len(revisions.history(bare.branches))
    assert await on_owner(bare, compare.differences, bare.branches) == []
    await bare.downgrade("base")  # all at once, too
    assert await tables_of(bare) == {"alembic_version"}


async def test_a_column_added_without_a_migration_is_a_difference(bare):
    await bare.migrate()
    models = copy_of_models()  # a throwaway copy: the real models are not touched
    models.tables["volunteer"].append_column(sa.Column("nickname", sa.String(20)))
    models.tables["qianjiang_exam_allowance"].c.certificate_level.type = sa.String(64)
    found = await on_owner(bare, compare.differences, bare.branches, models)
    assert "column volunteer.nickname (VARCHAR(20)): in the models, not in the database" in found
    assert any(line.startswith("column qianjiang_exam_allowance.certificate_level: type") for line in found), found
    assert len(found) == 2
    assert await on_owner(bare, compare.differences, bare.branches) == []


async def test_a_table_of_a_branch_without_its_migration_is_a_difference(bare):
    await bare.migrate()
    models = copy_of_models()
    sa.Table("qianjiang_extra", models, sa.Column("id", sa.Integer, primary_key=True))
    line = Branch("qianjiang", bare.branches[1].versions, bare.branches[1].tables | {"qianjiang_extra"})
    found = await on_owner(bare, compare.differences, (bare.branches[0], line), models)
    assert found == ["table qianjiang_extra: in the models, not in the database"]


def test_wushe_migrate_check_lists_what_differs_and_exits_1(database_url):
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    assert shell.wushe("migrate", "upgrade", env=env).returncode == 0
    agreed = shell.wushe("migrate", "check", env=env)
    assert (agreed.returncode, agreed.stdout.strip()) == (0, "the models and the migrated schema agree")
    dsn = make_url(database_url)
    statement = "DROP INDEX ix_volunteer_region_valid_from"
    if dsn.get_backend_name() == "sqlite":
        with sqlite3.connect(str(dsn.database)) as connection:
            connection.execute(statement)
    else:
        with psycopg.connect(dsn.render_as_string(hide_password=False), autocommit=True) as connection:
            connection.execute(statement)
    differing = shell.wushe("migrate", "check", env=env)
    assert differing.returncode == 1, differing.stderr
    assert ("differs: index ix_volunteer_region_valid_from on volunteer(region_id, valid_from): "
            "in the models, not in the database") in differing.stderr
    assert "1 difference(s)" in differing.stderr


# ---------------------------------------------------------------- a changed column, migrated


FIRST = '''
"""Parents and children.

Revision ID: a1000000000a
"""
import sqlalchemy as sa
from alembic import op

revision = "a1000000000a"
down_revision = None
branch_labels = ("migtest",)
depends_on = None


def upgrade():
    op.create_table("migtest_parent", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("name", sa.String(20), nullable=False))
    op.create_table("migtest_child", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("parent_id", sa.Integer(), sa.ForeignKey("migtest_parent.id", ondelete="CASCADE"),
                              nullable=False),
                    sa.Column("note", sa.String(20), nullable=True))


def downgrade():
    op.drop_table("migtest_child")
    op.drop_table("migtest_parent")
'''

SECOND = '''
"""A longer name, a code, a note required.

Revision ID: b2000000000b
"""
import sqlalchemy as sa
from alembic import op

revision = "b2000000000b"
down_revision = "a1000000000a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("migtest_parent") as batch:
        batch.alter_column("name", existing_type=sa.String(20), type_=sa.String(100), existing_nullable=False)
        batch.add_column(sa.Column("code", sa.String(10), nullable=True))
    op.execute("UPDATE migtest_child SET note = '' WHERE note IS NULL")
    with op.batch_alter_table("migtest_child") as batch:
        batch.alter_column("note", existing_type=sa.String(20), type_=sa.String(200), nullable=False)


def downgrade():
    with op.batch_alter_table("migtest_child") as batch:
        batch.alter_column("note", existing_type=sa.String(200), type_=sa.String(20), nullable=True)
    with op.batch_alter_table("migtest_parent") as batch:
        batch.drop_column("code")
        batch.alter_column("name", existing_type=sa.String(100), type_=sa.String(20), existing_nullable=False)
'''


def models_at(version: int) -> sa.MetaData:
    """Core's and the plugins' models, and the test branch's tables as of its revision ``version``."""
    models = copy_of_models()
    parent = [sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(20 if version == 1 else 100), nullable=False)]
    if version == 2:
        parent.append(sa.Column("code", sa.String(10)))
    sa.Table("migtest_parent", models, *parent)
    sa.Table("migtest_child", models, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("parent_id", sa.Integer, sa.ForeignKey("migtest_parent.id", ondelete="CASCADE"), nullable=False),
             sa.Column("note", sa.String(20 if version == 1 else 200), nullable=version == 1))
    return models


async def test_a_changed_column_is_migrated_on_a_database_that_holds_rows(bare, tmp_path):
    await bare.migrate()  # the platform's branches, its role granted what it reads
    versions = tmp_path / "migtest"
    versions.mkdir()
    (versions / "a1000000000a_first.py").write_text(textwrap.dedent(FIRST), encoding="utf-8")
    line = Branch("migtest", versions, frozenset({"migtest_parent", "migtest_child"}))
    lines = (*bare.branches, line)
    await on_owner(bare, migrations.upgrade, lines)
    assert await on_owner(bare, compare.differences, lines, models_at(1)) == []
    async with bare.owner_engine() as owner, owner.begin() as connection:
        await connection.exec_driver_sql("INSERT INTO migtest_parent (id, name) VALUES (1, '甲')")
        await connection.exec_driver_sql("INSERT INTO migtest_child (id, parent_id, note) VALUES (1, 1, NULL), (2, 1, '乙')")

    (versions / "b2000000000b_second.py").write_text(textwrap.dedent(SECOND), encoding="utf-8")
    before = await on_owner(bare, compare.differences, lines, models_at(2))
    assert "column migtest_parent.code (VARCHAR(10)): in the models, not in the database" in before
    assert any(d.startswith("column migtest_parent.name: type") for d in before), before
    found = await bare.database_status()  # the platform has no such branch: it refuses the database
    assert (found.state, found.unknown) == ("unknown", ("a1000000000a",))
    assert found.problem("here").startswith("the database holds revision(s) a1000000000a that no installed")
    report = await on_owner(bare, migrations.upgrade, lines)
    assert report.applied == ["up b2000000000b A longer name, a code, a note required."]
    assert await on_owner(bare, compare.differences, lines, models_at(2)) == []
    async with bare.owner_engine() as owner, owner.begin() as connection:
        # the rows stayed (on SQLite the parent table was copied with foreign keys off: no cascade)
        children = (await connection.exec_driver_sql("SELECT id, parent_id, note FROM migtest_child ORDER BY id")).all()
        assert [tuple(row) for row in children] == [(1, 1, ""), (2, 1, "乙")]
        long_name = "一个比二十个字符更长的名字" * 3  # refused by VARCHAR(20) on PostgreSQL
        await connection.exec_driver_sql(f"UPDATE migtest_parent SET name = '{long_name}', code = 'p1' WHERE id = 1")
        assert (await connection.exec_driver_sql("SELECT name FROM migtest_parent")).scalar_one() == long_name
        await connection.exec_driver_sql("UPDATE migtest_parent SET name = '甲'")  # so that it fits again

    undone = await on_owner(bare, migrations.downgrade, lines, "migtest@-1")
    assert undone == ["down b2000000000b A longer name, a code, a note required."]
    assert await on_owner(bare, compare.differences, lines, models_at(1)) == []


FAILING = '''
"""Half done, then a mistake.

Revision ID: c3000000000c
"""
from alembic import op

revision = "c3000000000c"
down_revision = None
branch_labels = ("migtest",)
depends_on = None


def upgrade():
    op.execute("CREATE TABLE migtest_half (id INTEGER)")
    op.execute("INSERT INTO migtest_half (id) SELECT id FROM nowhere")


def downgrade():
    op.execute("DROP TABLE migtest_half")
'''


async def test_a_failed_migration_leaves_nothing_half_done(bare, tmp_path):
    versions = tmp_path / "migtest"
    versions.mkdir()
    (versions / "c3000000000c_failing.py").write_text(textwrap.dedent(FAILING), encoding="utf-8")
    lines = (*bare.branches, Branch("migtest", versions, frozenset({"migtest_half"})))
    with pytest.raises(sa.exc.DBAPIError, match="nowhere"):
        await on_owner(bare, migrations.upgrade, lines)
    assert await tables_of(bare) == set()  # not even core's: the whole upgrade is one transaction


# ---------------------------------------------------------------- a new revision for a branch


@pytest.fixture
def item_table() -> Iterator[sa.Table]:
    """A table of a test branch on the models' metadata, removed after the test."""
    table = sa.Table("migtest_item", SQLModel.metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id"), nullable=False, index=True),
                     sa.Column("label", sa.String(50), nullable=False))
    try:
        yield table
    finally:
        SQLModel.metadata.remove(table)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


async def test_a_plugin_branch_revision_is_written_from_its_models(bare, tmp_path, item_table):
    await bare.migrate()
    versions = tmp_path / "migtest"
    versions.mkdir()
    line = Branch("migtest", versions, frozenset({"migtest_item"}))
    lines = (*bare.branches, line)
    first = Path(await on_owner(bare, revisions.new_revision, lines, "migtest", "the items", autogenerate=True))
    text = text_of(first)
    assert first.parent == versions and first.name.endswith("_the_items.py")
    assert "branch_labels: str | Sequence[str] | None = ('migtest',)" in text
    assert f"depends_on: str | Sequence[str] | None = '{CORE_HEAD}'" in text  # core's head
    assert "op.create_table('migtest_item'" in text
    assert "sa.String(length=50)" in text and "sqlmodel" not in text
    assert "volunteer" not in text and "qianjiang" not in text  # the branch's tables only
    await on_owner(bare, migrations.upgrade, lines)
    assert await on_owner(bare, compare.differences, lines) == []

    item_table.append_column(sa.Column("note", sa.String(200)))
    second = Path(await on_owner(bare, revisions.new_revision, lines, "migtest", "a note", autogenerate=True))
    text = text_of(second)
    assert "batch_op.add_column(sa.Column('note', sa.String(length=200), nullable=True))" in text
    assert "branch_labels: str | Sequence[str] | None = None" in text
    await on_owner(bare, migrations.upgrade, lines)
    assert await on_owner(bare, compare.differences, lines) == []
    assert [r.branch for r in revisions.history(lines)].count("migtest") == 2


async def test_a_revision_needs_a_known_branch_and_an_up_to_date_database(bare, tmp_path):
    with pytest.raises(migrations.MigrationError, match="branch: no migration branch 'nowhere'; the branches are: core, qianjiang"):
        await on_owner(bare, revisions.new_revision, bare.branches, "nowhere", "x", autogenerate=True)
    with pytest.raises(migrations.MigrationError, match="is not initialised"):
        await on_owner(bare, revisions.new_revision, bare.branches, "qianjiang", "x", autogenerate=True)


# ---------------------------------------------------------------- a database made before migrations


def load_previous_release(database_url: str) -> None:
    """The database as the last release before migrations made it (``previous_release/make.py``)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(url.database)) as connection:
            connection.executescript((PREVIOUS_RELEASE / "sqlite.sql").read_text(encoding="utf-8"))
        return
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute((PREVIOUS_RELEASE / "postgresql.sql").read_text(encoding="utf-8"))


def test_a_database_made_by_the_release_before_migrations_is_upgraded_by_init(database_url):
    load_previous_release(database_url)
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    refused = shell.wushe("regions", "chongqing", env=env)
    assert refused.returncode == 2
    assert "was made by a release before migrations: back it up, then run `wushe migrate upgrade`" in refused.stderr
    assert shell.wushe("migrate", "current", env=env).stdout.startswith("state: previous")

    result = shell.wushe("init", env=env)
    assert result.returncode == 0, result.stderr
    assert "3 tenants added" in result.stdout  # of the plugins it did not have: chongqing's it had
    assert "made by a release before migrations: brought to the baseline and stamped\n" in result.stdout  # as it was
    assert f"up {QIANJIANG_HEAD}" in result.stdout

    checked = shell.wushe("migrate", "check", env=env)
    assert checked.returncode == 0, checked.stderr
    current = shell.wushe("migrate", "current", env=env)
    assert current.stdout.splitlines()[:2] == ["state: current", f"database: {QIANJIANG_HEAD}"]
    regions = shell.wushe("regions", "chongqing/qianjiang/zhengyang", "--depth", "1", env=env)
    assert regions.returncode == 0 and "朝阳社区" in regions.stdout
    assert shell.wushe("token", "admin", env=env).returncode == 0  # the signing key it kept


async def test_the_previous_release_s_rows_and_keys_are_kept(database_url):
    load_previous_release(database_url)
    platform = Platform.create(settings_for_database(database_url))
    try:
        await platform.init()
        await platform.load_signing_key()  # the keys it generated and kept, checked against its data
        async with platform.sessions() as session:
            volunteer = (await session.exec(select(Volunteer))).one()
            worker = (await session.exec(select(SocialWorker))).one()
            organization = (await session.exec(select(SocialOrganization))).one()
    finally:
        await platform.dispose()
    assert (volunteer.name, volunteer.valid_from) == ("李明", dt.date(2021, 3, 1))
    assert (worker.name, organization.valid_from) == ("王芳", dt.date(2019, 5, 1))
    assert personal.reveal(platform.keyring, worker, "id_number") == "11010519491231002X"  # under the key it kept


async def test_the_previous_release_steps_bring_an_older_database_to_the_baseline(database_url):
    """Before migrations, ``init`` also brought databases older still up to date; those steps run
    once more, frozen, on a database made before migrations: here one made before records were dated."""
    load_previous_release(database_url)
    platform = Platform.create(settings_for_database(database_url))
    try:
        async with platform.owner_engine() as owner, owner.begin() as connection:
            await connection.exec_driver_sql("DROP INDEX ix_social_worker_region_valid_from")
            for column in ("valid_from", "valid_to"):
                await connection.exec_driver_sql(f"ALTER TABLE social_worker DROP COLUMN {column}")
            if connection.dialect.name == "postgresql":
                await connection.exec_driver_sql("ALTER TABLE donation ALTER COLUMN amount_fen TYPE integer")
        report = await platform.migrate()
        expected = {"social_worker.valid_from", "social_worker.valid_to", "ix_social_worker_region_valid_from"}
        if platform.engine.dialect.name == "postgresql":
            expected.add("donation.amount_fen")
        else:  # a column added to a SQLite table cannot be NOT NULL: the table is rebuilt as the baseline has it
            expected.add("social_worker (rebuilt)")
        assert set(report.previous or ()) == expected
        assert report.applied[0] == f"stamp {BASELINE} Baseline: the schema of the last release without migrations."
        async with platform.owner_engine() as owner, owner.connect() as connection:
            days = (await connection.exec_driver_sql("SELECT valid_from, created_at FROM social_worker")).all()
            differences = await connection.run_sync(compare.differences, platform.branches)
    finally:
        await platform.dispose()
    assert [str(first) for first, _ in days] == [str(created)[:10] for _, created in days]  # the day it was entered
    assert differences == []


# ---------------------------------------------------------------- what plugins declare


def branch_plugin(name: str, **decl) -> object:
    class Plugin:
        @hookimpl
        def register_migrations(self):
            return MigrationsDecl(**decl) if "branch" in decl and "versions" in decl else decl

    plugin = Plugin()
    plugin.name = name
    return plugin


def test_register_migrations_is_checked_at_start_up_every_problem_at_once(tmp_path):
    from plugins.qianjiang.allowances import ExamAllowance

    plugins = [
        branch_plugin("a", branch="core", versions=str(tmp_path)),
        branch_plugin("b", branch="b", versions=str(tmp_path / "missing")),
        branch_plugin("c", branch="c", versions=str(tmp_path), tables=[ExamAllowance]),
        branch_plugin("d", branch="d", versions=str(tmp_path), tables=["not a table"]),
    ]
    pm = create_plugin_manager(plugins, entry_points=False)
    with pytest.raises(StartupError) as raised:
        declared_migrations(pm)
    assert str(raised.value).splitlines() == [
        "plugin 'a': register_migrations.branch: 'core' is core's own history; label the branch with the plugin's name",
        f"plugin 'b': register_migrations.versions: no folder at {str(tmp_path / 'missing')!r} (the plugin's revision files)",
        "plugin 'c': register_migrations: tables[0]: 'qianjiang_exam_allowance' must start with 'c_' (the branch's label)",
        "plugin 'd': register_migrations.tables: [0]: 'not a table' is not a table model (SQLModel with table=True) nor a table",
    ]


def test_two_plugins_may_not_share_a_branch_or_a_table(tmp_path):
    from plugins.qianjiang.allowances import ExamAllowance

    pm = create_plugin_manager([
        branch_plugin("one", branch="qianjiang", versions=str(tmp_path), tables=[ExamAllowance]),
        branch_plugin("two", branch="qianjiang", versions=str(tmp_path), tables=[ExamAllowance]),
    ], entry_points=False)
    with pytest.raises(StartupError) as raised:
        declared_migrations(pm)
    assert str(raised.value).splitlines() == [
        "plugin 'two': register_migrations.branch: 'qianjiang' is already plugin 'one''s branch",
        "plugin 'two': register_migrations.tables[0]: 'qianjiang_exam_allowance' is already plugin 'one''s table",
    ]


def test_the_built_in_branch_is_qianjiangs():
    pm = create_plugin_manager()
    [declared] = declared_migrations(pm)
    assert declared.plugin == "qianjiang"
    assert declared.item.branch == "qianjiang"
    assert declared.item.table_names == ("qianjiang_exam_allowance",)
    assert [r.revision for r in revisions.history(migrations.branches([declared])) if r.branch == "qianjiang"] == [
        QIANJIANG_HEAD, QIANJIANG_FIRST
    ]


def test_a_plugin_left_out_by_wushe_plugins_keeps_its_branch(database_url):
    """WUSHE_PLUGINS leaves an installed plugin out of the platform, not out of the schema: its tables
    stay migrated, and the database is not refused for the revision its branch ran."""
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    assert shell.wushe("init", env=env).returncode == 0
    hebei_only = {**env, "WUSHE_PLUGINS": '["hebei"]'}
    current = shell.wushe("migrate", "current", env=hebei_only)
    assert current.stdout.splitlines()[:2] == ["state: current", f"database: {QIANJIANG_HEAD}"]
    assert shell.wushe("regions", "hebei", "--depth", "0", env=hebei_only).returncode == 0
    assert shell.wushe("migrate", "check", env=hebei_only).returncode == 0


def test_the_migrate_commands_step_a_branch_down_and_up(database_url):
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    shown = make_url(database_url).render_as_string(hide_password=True)
    up = shell.wushe("migrate", "upgrade", env=env)
    assert up.returncode == 0, up.stderr
    assert up.stdout.splitlines()[-1] == f"{shown}: 11 migration(s) run, now at heads"
    down = shell.wushe("migrate", "downgrade", "qianjiang@-1", env=env)
    assert down.stdout.splitlines() == [
        f"  down {QIANJIANG_HEAD} {ALLOWANCE_KEYS}",
        f"{shown}: 1 migration(s) undone",
    ]
    behind = shell.wushe("regions", "chongqing", env=env)
    assert behind.returncode == 2
    assert "is not up to date with this release's schema: back it up, then run `wushe migrate upgrade`" in behind.stderr
    assert shell.wushe("migrate", "current", env=env).stdout.splitlines()[:2] == ["state: behind", f"database: {CORE_HEAD}, {QIANJIANG_FIRST}"]
    again = shell.wushe("migrate", "upgrade", "qianjiang@head", env=env)
    assert again.stdout.splitlines()[-1] == f"{shown}: 1 migration(s) run, now at qianjiang@head"
    history = shell.wushe("migrate", "history", env=env).stdout.splitlines()
    assert history == [
        f"qianjiang    {QIANJIANG_HEAD} (head) after {QIANJIANG_FIRST} (needs {CORE_HEAD}): {ALLOWANCE_KEYS}",
        f"qianjiang    {QIANJIANG_FIRST} after base (needs {BASELINE}): {ALLOWANCES}",
        f"core         {CORE_HEAD} (head) after {RLS_REVISION}: {TENANT_KEYS}",
        f"core         {RLS_REVISION} after {RATE_LIMITS_REVISION}: {RLS}",
        f"core         {RATE_LIMITS_REVISION} after {HOURS_REVISION}: {RATE_LIMITS}",
        f"core         {HOURS_REVISION} after {LISTS_REVISION}: {HOURS}",
        f"core         {LISTS_REVISION} after {CREDITS_REVISION}: {LISTS}",
        f"core         {CREDITS_REVISION} after {RECEIPTS_REVISION}: {CREDITS}",
        f"core         {RECEIPTS_REVISION} after {ENDINGS_REVISION}: {RECEIPTS}",
        f"core         {ENDINGS_REVISION} after {BASELINE}: {ENDINGS}",
        f"core         {BASELINE} after base: Baseline: the schema of the last release without migrations.",
    ]
    refused = shell.wushe("migrate", "downgrade", "nowhere", env=env)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: migrate: ") and "nowhere" in refused.stderr
