"""The schema fit for Citus (core.db.distribution, docs/distribution.md): every table of a migrated
database, core's and the plugins', read from the database's own catalogue on SQLite and PostgreSQL,
is placed (distributed by tenant, reference or local) and keeps its kind's rules; a table added
later that breaks them is named; the tables that took their tenant from another row carry their own,
written by the code that writes them, filled by the migration for rows already there, and kept to
their tenant by row-level security."""

import re
from pathlib import Path

from core import migrations
from core.db import distribution, tenancy
from core.db.distribution import Kind
from core.testing import graphql, platform_wide

RLS_REVISION = "8b4531a9c2c1"
GIVEN_A_TENANT = ("match_proposal", "project_demand", "project_resource", "resource_domain")

KEYS_PENDING = frozenset({"service_certificate"})
"""The distributed tables whose keys do not all include tenant_id yet (docs/distribution.md, "What is
left"): the list only shrinks. A table not in it must keep every rule, keys included."""


async def catalogue(platform) -> dict[str, distribution.Table]:
    async with platform.owner_engine() as owner:
        return await migrations.on(owner, distribution.read)


async def test_every_table_of_the_migrated_database_is_placed_and_keeps_its_kind_s_rules(platform):
    tables = await catalogue(platform)
    assert "qianjiang_exam_allowance" in tables  # a plugin's table, from its own migration
    assert set(distribution.REFERENCE) | set(distribution.LOCAL) <= set(tables)  # no stale name
    assert distribution.placement_problems(tables) == []
    distributed = {name for name, table in tables.items() if table.kind is Kind.DISTRIBUTED}
    assert set(GIVEN_A_TENANT) <= distributed
    assert all(distribution.DISTRIBUTION_COLUMN in tables[name].columns for name in distributed)
    pending = {problem.split(":")[0].split("(")[0] for problem in distribution.key_problems(tables)}
    assert pending - KEYS_PENDING == set()  # a table keeps every rule unless it is listed
    assert KEYS_PENDING - pending == set()  # a table that keeps them now leaves the list


WIDENED = {
    "community_profile": ("region_id",), "credit_account": ("volunteer_id", "programme"),
    "credit_entry": ("account_id", "entry_key"), "donation_receipt": ("donation_id",),
    "form_submission_value": ("submission_id", "path"), "indicator_baseline": ("region_id", "indicator", "year"),
    "ledger_entry": ("case_id", "entry_key"), "organization_member": ("user_id", "organization_id"),
    "personal_data_erasure": ("record_type", "record_id"), "service_record": ("corrects_id",),
    "target_verdict": ("region_id", "plugin", "scope", "target_key", "deadline"),
    "qianjiang_exam_allowance": ("social_worker_id",),
}
"""The unique keys that gained tenant_id for the distribution, by their columns before."""


async def test_a_unique_key_given_tenant_id_still_serves_lookups_by_its_own_columns(platform):
    """tenant_id comes last: a lookup by the key's own columns (a correction by ``corrects_id``) names
    no tenant, and with tenant_id first its index could not serve it — the summaries' rebuild scanned
    the records once per record (30 s for a data set that takes 0.6 s)."""
    tables = await catalogue(platform)
    for name, columns in WIDENED.items():
        assert (*columns, "tenant_id") in tables[name].unique, (name, tables[name].unique)


async def test_a_table_added_later_that_breaks_the_rules_is_named(platform, monkeypatch):
    async with platform.owner_engine() as owner, owner.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE probe_orphan (id INTEGER PRIMARY KEY, note VARCHAR(20))")
        await connection.exec_driver_sql(
            "CREATE TABLE probe_child (id INTEGER PRIMARY KEY, tenant_id INTEGER, demand_id INTEGER "
            "REFERENCES demand (id), token VARCHAR(20) UNIQUE)")
        await connection.exec_driver_sql(
            "CREATE TABLE probe_fit (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant (id), "
            "user_id INTEGER REFERENCES app_user (id), UNIQUE (tenant_id, id))")
        await connection.exec_driver_sql(
            "CREATE TABLE probe_rate (client VARCHAR(20) PRIMARY KEY, count_id INTEGER REFERENCES probe_fit (id))")
        tables = await connection.run_sync(distribution.read)
    probes = {name: table for name, table in tables.items() if name.startswith("probe_")}
    with_targets = {**tables, **probes}
    lacks = "distributed by tenant_id, which it lacks (or name it in REFERENCE or LOCAL, saying why)"
    assert distribution.placement_problems(with_targets) == [
        "probe_child: tenant_id may be NULL; a distribution column may not",
        f"probe_orphan: {lacks}",
        f"probe_rate: {lacks}",
    ]
    assert distribution.key_problems(probes | {"demand": tables["demand"]}) == [
        "probe_child: primary key (id) without tenant_id, and no unique key (id, tenant_id) to promote",
        "probe_child: unique key (token) without tenant_id",
        "probe_child(demand_id) → demand: a foreign key between distributed tables without tenant_id on both sides",
        *distribution.key_problems({"demand": tables["demand"]}),
    ]
    # a table the plan keeps on the coordinator may not point into a distributed one
    monkeypatch.setattr(distribution, "LOCAL", {**distribution.LOCAL, "probe_rate": "a probe"})
    assert distribution.placement_problems(with_targets) == [
        "probe_child: tenant_id may be NULL; a distribution column may not",
        f"probe_orphan: {lacks}",
        "probe_rate(count_id): a local table's foreign key to probe_fit, a distributed table",
    ]


ADD_DEMAND = """mutation($input: DemandInput!) { addDemand(input: $input) { result { id } errors { field message } } }"""
ADD_RESOURCE = """mutation($input: ServiceResourceInput!) { addServiceResource(input: $input) {
  result { id } errors { field message } } }"""
ADD_PROJECT = """mutation($input: ServiceProjectInput!) { addServiceProject(input: $input) {
  result { id } errors { field message } } }"""
RUN = """mutation($region: String!) { runMatching(region: $region) { result { resources projects } errors { field message } } }"""
COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"


async def ok(client, token, query, **variables):
    body = await graphql(client, query, variables, token=token)
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    assert payload["errors"] == [], payload
    return payload["result"]


async def tenants_of(platform) -> dict[str, set[int | None]]:
    async with platform_wide(platform) as connection:
        return {table: set((await connection.exec_driver_sql(f"SELECT DISTINCT tenant_id FROM {table}")).scalars())
                for table in GIVEN_A_TENANT}


async def test_the_tables_given_a_tenant_are_written_filled_and_kept_to_it(platform, client, admin_token):
    demand = await ok(client, admin_token, ADD_DEMAND, input={
        "region": COMMUNITY, "group": "独居老人", "domain": "生活照料", "description": "需要每周上门助洁"})
    resource = await ok(client, admin_token, ADD_RESOURCE, input={
        "region": COMMUNITY, "kind": "VENUE", "name": "朝阳社区老年食堂", "domains": ["生活照料", "文化娱乐"], "capacity": 2})
    await ok(client, admin_token, ADD_PROJECT, input={
        "region": COMMUNITY, "name": "助洁项目", "domain": "生活照料", "capacity": 3,
        "demandIds": [demand["id"]], "resourceIds": [resource["id"]]})
    assert await ok(client, admin_token, RUN, region="chongqing/qianjiang") == {"resources": 1, "projects": 1}
    async with platform_wide(platform) as connection:
        chongqing = (await connection.exec_driver_sql("SELECT id FROM tenant WHERE code = 'chongqing'")).scalar_one()
        other = (await connection.exec_driver_sql("SELECT id FROM tenant WHERE code <> 'chongqing'")).scalars().first()
    written = {table: {chongqing} for table in GIVEN_A_TENANT}
    assert await tenants_of(platform) == written  # by the code that writes them

    # down to the revision before, and up again: the rows' tenants copied from the rows they belong to
    async with platform.owner_engine() as owner:
        undone = await migrations.on(owner, migrations.downgrade, platform.branches, RLS_REVISION)
        assert [line.split()[1] for line in undone] == ["5ff6152e7641", "0b83d55b976e"]  # qianjiang's needs it
        before = await migrations.on(owner, distribution.read, GIVEN_A_TENANT)
        assert all("tenant_id" not in table.columns for table in before.values())
        await migrations.on(owner, migrations.upgrade, platform.branches)  # the migration alone, not migrate()'s extras
        protected = await migrations.on(owner, tenancy.tenant_tables) if owner.dialect.name == "postgresql" else {}
    assert await tenants_of(platform) == written
    if platform.engine.dialect.name != "postgresql":
        return
    assert all(protected[table] for table in GIVEN_A_TENANT)  # under the policies, by the migration
    for scope, expected in ((tenancy.tenant(chongqing), True), (tenancy.tenant(other), False), (tenancy.NOBODY, False)):
        async with platform.session_as(scope) as session:
            connection = await session.connection()
            for table in GIVEN_A_TENANT:
                rows = (await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar_one()
                assert (rows > 0) is expected, (table, scope)


def test_the_plan_names_every_reference_and_local_table_where_the_code_does():
    plan = (Path(__file__).parents[2] / "docs" / "distribution.md").read_text(encoding="utf-8")
    sections = plan.split("\n## ")
    placed = next(s for s in sections if s.startswith("Which table goes where"))
    reference, local = placed.split("**Reference tables**")[1].split("**Local tables**")
    named = {kind: set(re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", text, re.MULTILINE)) for kind, text in
             (("reference", reference), ("local", local))}
    tables = {kind: {t for cell in cells for t in re.findall(r"`(\w+)`", cell)} for kind, cells in named.items()}
    assert tables == {"reference": set(distribution.REFERENCE), "local": set(distribution.LOCAL)}
