"""Benchmark: the case engine at Chongqing scale (issue #11, item 9).

Builds one database per size (the ``chongqing`` tenant's tree of ``bench/generate.py``: 38
districts, ~1,000 streets, ~11,000 communities; then N cases of a bench-local case type, bulk
loaded with their events and parties), logs in as a district office (the ``bench_office`` role at
one district) and measures side by side in one run, interleaved:

(1) the office's work queue (GraphQL ``myWork``, a page of 50 and a page of 10) and its overdue
    list (``overdueCases(under: district)``) with 100,000 cases against the same with 1,000 — the
    goal is at most 2x;
(2) a ``transition`` on an existing case (accepting it, then returning it, in turn) against a
    plain ``createVolunteer`` — the goal is at most 3x;
(3) N concurrent transitions on one case (the same step, each its own request and session through
    the ASGI app): exactly one wins, every other gets a conflict or wrong-state error in the
    payload, and the timeline has exactly one such event.

The answers are checked (the queue's and the overdue list's counts against hand-written SQL)
before a figure is printed. Run (SQLite files in a temporary folder, and PostgreSQL when
--postgres is given; each size in a fresh schema there, dropped afterwards):

    python bench/cases.py
    python bench/cases.py --postgres postgresql://postgres@127.0.0.1:5432/test --no-sqlite

``--scale 0.002 --sizes 50 200`` shrinks it to seconds; ``--explain`` prints the query plans of
the two lists on the largest size; ``--json FILE`` writes the figures.
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import platform as machine
import random
import sys
import tempfile
import time
import types
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url
from sqlmodel import select

from core import (
    START,
    CaseTypeDecl,
    DeadlineDecl,
    GuardDecl,
    PartDecl,
    PermissionDecl,
    RoleDecl,
    StateDecl,
    Tier,
    TransitionDecl,
    db,
    hookimpl,
)
from core.cases import CaseContext
from core.config import Settings
from core.models import Region, Role, RoleAssignment, Tenant, User
from core.platform import Platform
from core.web.app import create_app
from core.web.graphql.ids import parse_id

sys.path.insert(0, str(Path(__file__).parent))
import generate  # bench/generate.py, beside this file
from indicators import interleaved, version

# --- the bench's own plugin: a matter an office receives, handles and closes ------------------------

PLUGIN = "bench_cases"
TYPE = "bench_matter"
SOURCE = "基准测试用流程（非真实文件）"
PROBE = "office"
DISTRICT = "chongqing/wanzhou"


def _summary_given(ctx: CaseContext) -> bool:
    return bool((ctx.case.data or {}).get("summary"))


def _accepted(ctx: CaseContext) -> None:
    ctx.set_data(note=ctx.data.get("note", ""))


NOTE = {"type": "object", "additionalProperties": False, "properties": {"note": {"type": "string", "maxLength": 200}}}
REASON = {"type": "object", "required": ["reason"], "additionalProperties": False,
          "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 200}}}

MATTER = CaseTypeDecl(
    key=TYPE, label="基准事项", tiers=(Tier.DISTRICT, Tier.STREET), source=SOURCE,
    parts=(PartDecl(key="handler", label="承办人"),),
    states=(
        StateDecl(key="received", label="已受理", deadline=DeadlineDecl(working_days=5, label="受理", source=SOURCE)),
        StateDecl(key="handling", label="办理中", deadline=DeadlineDecl(working_days=15, label="办理", source=SOURCE)),
        StateDecl(key="review", label="待审核", deadline=DeadlineDecl(working_days=5, label="审核", source=SOURCE)),
        StateDecl(key="closed", label="已办结", terminal=True),
    ),
    transitions=(
        TransitionDecl(action="open", label="受理", from_states=(START,), to="received",
                       permission=f"{TYPE}:handle", source=SOURCE,
                       schema={"type": "object", "required": ["summary"],
                               "properties": {"summary": {"type": "string", "minLength": 1}}},
                       effects=(lambda ctx: ctx.set_data(summary=ctx.data["summary"]),)),
        TransitionDecl(action="accept", label="承办", from_states=("received",), to="handling",
                       permission=f"{TYPE}:handle", schema=NOTE, source=SOURCE,
                       guards=(GuardDecl(key="summary_given", message="the matter has no summary",
                                         check=_summary_given, source=SOURCE),),
                       effects=(_accepted,)),
        TransitionDecl(action="return", label="退回", from_states=("handling",), to="received",
                       permission=f"{TYPE}:handle", schema=REASON, source=SOURCE),
        TransitionDecl(action="report", label="报结", from_states=("handling",), to="review", parties=("handler",),
                       source=SOURCE),
        TransitionDecl(action="close", label="办结", from_states=("review",), to="closed",
                       permission=f"{TYPE}:handle", source=SOURCE),
    ),
)

HANDLE = PermissionDecl(resource=TYPE, actions=("handle",), source=SOURCE, description="基准事项: handle a matter")
OFFICE = RoleDecl(code="bench_office", label="区办事机构", tier=Tier.DISTRICT, source=SOURCE,
                  permissions=("region:read", "case:read", f"{TYPE}:handle", "volunteer:read", "volunteer:create"))


def plugin() -> types.ModuleType:
    """The bench's plugin (scoped to Chongqing): the case type, its resource and the office's role."""
    module = types.ModuleType("bench_cases_plugin")
    module.PLUGIN_NAME = PLUGIN  # type: ignore[attr-defined]
    module.plugin_scope = hookimpl(lambda: "chongqing")  # type: ignore[attr-defined]
    module.register_permissions = hookimpl(lambda: [HANDLE])  # type: ignore[attr-defined]
    module.register_roles = hookimpl(lambda: [OFFICE])  # type: ignore[attr-defined]
    module.register_case_types = hookimpl(lambda: [MATTER])  # type: ignore[attr-defined]
    return module


# --- the data set --------------------------------------------------------------------------------

STATES = ("received", "handling", "review", "closed")
STATE_WEIGHTS = (16, 16, 8, 60)
STEPS = (("open", None, "received"), ("accept", "received", "handling"), ("report", "handling", "review"),
         ("close", "review", "closed"))
PROBE_PARTY_EVERY = 250
"""The office is also the handler of every 250th case, wherever it is (the party branch of the queue)."""

COLUMNS = {
    "app_user": ("id", "username", "display_name", "tenant_id", "kind", "is_platform_admin", "is_active", "created_at"),
    "case_record": ("id", "tenant_id", "region_id", "created_at", "updated_at", "case_type", "plugin", "state",
                    "version", "title", "data", "due_on", "terminal", "opened_by", "closed_at"),
    "case_event": ("id", "tenant_id", "case_id", "version", "action", "from_state", "to_state", "actor", "data", "at"),
    "case_party": ("id", "tenant_id", "case_id", "part", "user_id", "organization_id", "active", "added_at"),
    "social_organization": generate.TABLES["social_organization"],
}


class Matters:
    """``count`` cases over the plan's streets (nine in ten) and their districts, as plain tuples:
    a state (60% closed), a due date for the open ones (today − 10 … today + 30 days: a quarter
    overdue), one event per step taken, and once accepted a handler as a party: the street's
    handler (a user) or the street's contracted organization, half and half."""

    def __init__(self, plan: generate.Plan, count: int, seed: int, tenant_id: int, probe_id: int, first_user: int,
                 first_organization: int, stamp: str):
        self.tenant_id, self.stamp, self.probe_id = tenant_id, stamp, probe_id
        self.handlers = {street.id: first_user + n for n, street in enumerate(plan.streets)}
        self.organizations = {street.id: first_organization + n for n, street in enumerate(plan.streets)}
        rng = random.Random(f"{seed}:cases")
        by_district: dict[int | None, list[generate.Node]] = {}
        for street in plan.streets:
            by_district.setdefault(street.ancestors[2], []).append(street)
        today = dt.date.today()
        self.cases = []
        for number in range(1, count + 1):
            street = rng.choice(plan.streets)
            region = street.id if rng.random() < 0.9 else street.ancestors[2]
            state = rng.choices(STATES, STATE_WEIGHTS)[0]
            due = None if state == "closed" else (today + dt.timedelta(days=rng.randint(-10, 30))).isoformat()
            handler = ("user", self.handlers[street.id]) if rng.random() < 0.5 else \
                ("organization", self.organizations[street.id])
            self.cases.append((number, region, state, due, handler, number % PROBE_PARTY_EVERY == 0))

    def users(self) -> Iterator[tuple[Any, ...]]:
        for street_id, user_id in self.handlers.items():
            yield user_id, f"handler{street_id}", "", self.tenant_id, "person", False, True, self.stamp

    def organization_rows(self) -> Iterator[tuple[Any, ...]]:
        for street_id, org_id in self.organizations.items():
            yield (org_id, self.tenant_id, street_id, self.stamp, self.stamp, f"承办机构{street_id}",
                   "community_social_organization", "filed", None, 2, False, self.stamp[:10])

    def case_rows(self) -> Iterator[tuple[Any, ...]]:
        for number, region, state, due, _, _ in self.cases:
            yield (number, self.tenant_id, region, self.stamp, self.stamp, TYPE, PLUGIN, state,
                   STATES.index(state) + 1, f"事项{number}", json.dumps({"summary": f"事项{number}"}, ensure_ascii=False),
                   due, state == "closed", "clerk", self.stamp if state == "closed" else None)

    def event_rows(self) -> Iterator[tuple[Any, ...]]:
        event = 0
        for number, _, state, _, _, _ in self.cases:
            for step, (action, before, after) in enumerate(STEPS[: STATES.index(state) + 1], 1):
                event += 1
                yield event, self.tenant_id, number, step, action, before, after, "clerk", "{}", self.stamp

    def party_rows(self) -> Iterator[tuple[Any, ...]]:
        party = 0
        for number, _, state, _, handler, probe in self.cases:
            if state == "received":
                continue
            for kind, who in (handler, ("user", self.probe_id)) if probe else (handler,):
                party += 1
                user, organization = (who, None) if kind == "user" else (None, who)
                yield party, self.tenant_id, number, "handler", user, organization, True, self.stamp


async def build(url: str, count: int, scale: float, seed: int, report: Any = print) -> Platform:
    """A new platform on the empty database ``url``: the Chongqing tree at ``scale``, the office,
    ``count`` cases."""
    started = time.perf_counter()
    platform = Platform.create(Settings(database_url=url, env="development", secret_key=None), plugins=[plugin()])
    await platform.init()
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        role = (await session.exec(select(Role).where(Role.tenant_id == tenant.id, Role.code == OFFICE.code))).one()
        district = (await session.exec(select(Region).where(Region.path == DISTRICT))).one()
        probe = User(username=PROBE, tenant_id=tenant.id)
        session.add(probe)
        await session.flush()
        session.add(RoleAssignment(tenant_id=tenant.id, user_id=probe.id, role_id=role.id, region_id=district.id))
        tenant_id, probe_id = tenant.id, probe.id
    loader = generate.Loader(url)
    try:
        with loader.engine.connect() as connection:
            districts = generate.chongqing_districts(connection)
            next_region = connection.exec_driver_sql("SELECT max(id) FROM region").scalar_one() + 1
            first_user = connection.exec_driver_sql("SELECT max(id) FROM app_user").scalar_one() + 1
            first_organization = (connection.exec_driver_sql("SELECT max(id) FROM social_organization").scalar_one()
                                  or 0) + 1
        plan = generate.plan_chongqing(districts, next_region, scale, 1.0, seed)
        loader.load("region", plan.regions)
        matters = Matters(plan, count, seed, tenant_id or 0, probe_id or 0, first_user, first_organization,
                          loader.stamp)
        for table, rows in (("app_user", matters.users()), ("social_organization", matters.organization_rows()),
                            ("case_record", matters.case_rows()),
                            ("case_event", matters.event_rows()), ("case_party", matters.party_rows())):
            loader.load(table, rows, COLUMNS[table])
        loader.finish(tables=("region", *COLUMNS))
    finally:
        loader.dispose()
    await platform.load_signing_key()
    loaded = {table: n for table, (n, _) in loader.times.items() if n}
    report(f"built {count:,} cases in {time.perf_counter() - started:.1f} s: "
           + ", ".join(f"{n:,} {table}" for table, n in loaded.items()))
    return platform


# --- the requests --------------------------------------------------------------------------------

MY_WORK = """{ myWork(first: 50) { totalCount items { case { id state dueOn region } actions { action } overdue } } }"""
MY_WORK_10 = MY_WORK.replace("first: 50", "first: 10")
"""A page as long at both sizes (the small queue holds 13 cases): what grows with the data, not with the page."""
OVERDUE = """query($under: String!) { overdueCases(under: $under, first: 50) { totalCount nodes { id state dueOn } } }"""
STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id state version dueOn } errors { field message code } } }"""
CREATE = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
TIMELINE = """query($id: ID!) { case(id: $id) { state version timeline { action } } }"""

# Hand-written: what the two lists must count.
EXPECTED_WORK = """
SELECT (SELECT count(*) FROM case_record c JOIN region r ON r.id = c.region_id
        WHERE r.district_id = :district AND NOT c.terminal)
     + (SELECT count(*) FROM case_record c JOIN region r ON r.id = c.region_id
        WHERE (r.district_id IS NULL OR r.district_id <> :district) AND c.state = 'handling'
          AND EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.user_id = :user AND p.active))
"""
EXPECTED_OVERDUE = """
SELECT count(*) FROM case_record c JOIN region r ON r.id = c.region_id
WHERE r.district_id = :district AND NOT c.terminal AND c.due_on < :today
"""


class Client:
    """POSTs GraphQL to one platform's app through the in-process ASGI client, as the office."""

    def __init__(self, client: AsyncTestClient[Any], token: str):
        self.client, self.token = client, token

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                          headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


async def expected(platform: Platform) -> tuple[int, int]:
    async with platform.engine.connect() as connection:
        district = (await connection.execute(sa.text("SELECT id FROM region WHERE path = :p"), {"p": DISTRICT})).scalar_one()
        user = (await connection.execute(sa.text("SELECT id FROM app_user WHERE username = :u"), {"u": PROBE})).scalar_one()
        work = (await connection.execute(sa.text(EXPECTED_WORK), {"district": district, "user": user})).scalar_one()
        late = (await connection.execute(sa.text(EXPECTED_OVERDUE).bindparams(sa.bindparam("today", type_=sa.Date)),
                                         {"district": district, "today": dt.date.today()})).scalar_one()
    return int(work), int(late)


async def check_lists(platform: Platform, client: Client) -> dict[str, int]:
    """The two lists' counts equal the hand-written SQL's; their order is the documented one."""
    work, late = await expected(platform)
    queue = (await client.post(MY_WORK))["myWork"]
    assert queue["totalCount"] == work, (queue["totalCount"], work)
    dues = [item["case"]["dueOn"] for item in queue["items"]]
    assert dues == sorted(dues) and len(dues) == min(50, work)
    overdue = (await client.post(OVERDUE, {"under": DISTRICT}))["overdueCases"]
    assert overdue["totalCount"] == late, (overdue["totalCount"], late)
    assert all(node["dueOn"] < dt.date.today().isoformat() for node in overdue["nodes"])
    return {"work": work, "overdue": late}


async def open_case(client: Client) -> int:
    """A new case at the office's district, waiting to be accepted."""
    step = {"type": TYPE, "region": DISTRICT, "action": "open", "data": {"summary": "基准"}}
    payload = (await client.post(STEP, {"input": step}))["transition"]
    assert payload["errors"] == [], payload
    return parse_id(payload["result"]["id"], "id")  # the row's number in the API's global id


class Stepper:
    """Takes one step on a case each call: accept it, then return it, and so on (its state and
    the data set stay as they were, its version grows)."""

    def __init__(self, client: Client, case_id: int):
        self.client, self.case_id, self.accepted = client, case_id, False

    async def __call__(self) -> None:
        if self.accepted:
            data: dict[str, Any] = {"case": str(self.case_id), "action": "return", "data": {"reason": "材料不全"}}
        else:
            data = {"case": str(self.case_id), "action": "accept", "data": {"note": "已分派"}}
        payload = (await self.client.post(STEP, {"input": data}))["transition"]
        assert payload["errors"] == [], payload
        self.accepted = not self.accepted


async def create_volunteer(client: Client, community: str) -> None:
    payload = (await client.post(CREATE, {"input": {"name": "志愿者", "region": community}}))["createVolunteer"]
    assert payload["errors"] == [], payload


async def contend(client: Client, case_id: int, tasks: int) -> dict[str, Any]:
    """``tasks`` concurrent requests taking the same step on one case (half naming the version read)."""
    start = (await client.post(TIMELINE, {"id": str(case_id)}))["case"]

    async def one(n: int) -> dict[str, Any]:
        step: dict[str, Any] = {"case": str(case_id), "action": "accept", "data": {"note": f"第{n}个"}}
        if n % 2 == 0:
            step["version"] = start["version"]
        response = await client.client.post("/graphql", json={"query": STEP, "variables": {"input": step}},
                                            headers={"Authorization": f"Bearer {client.token}"})
        return {"status": response.status_code, "body": response.json() if response.status_code == 200 else response.text}

    started = time.perf_counter()
    answers = await asyncio.gather(*(one(n) for n in range(tasks)))
    seconds = time.perf_counter() - started
    after = (await client.post(TIMELINE, {"id": str(case_id)}))["case"]
    outcomes: Counter[str] = Counter()
    for answer in answers:
        if answer["status"] != 200:
            outcomes[f"HTTP {answer['status']}"] += 1
            continue
        body = answer["body"]
        payload = (body.get("data") or {}).get("transition")
        if payload is None:
            outcomes["graphql error: " + body["errors"][0]["message"][:80]] += 1
        elif payload["result"] is not None:
            outcomes["won"] += 1
        else:
            outcomes[",".join(sorted({e["code"] for e in payload["errors"]}))] += 1
    return {"tasks": tasks, "seconds": seconds, "outcomes": dict(outcomes),
            "events": sum(1 for e in after["timeline"] if e["action"] == "accept") -
            sum(1 for e in start["timeline"] if e["action"] == "accept"),
            "state": after["state"], "version": after["version"] - start["version"]}


# --- query plans ---------------------------------------------------------------------------------


async def explain(platform: Platform, client: Client) -> dict[str, list[str]]:
    """The plans of the statements on ``case_record`` of each list, as the app sends them."""
    postgres = platform.engine.dialect.name == "postgresql"
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    plans = {}
    for name, query, variables in (("myWork", MY_WORK, None), ("overdueCases", OVERDUE, {"under": DISTRICT})):
        seen.clear()
        sa.event.listen(platform.engine.sync_engine, "before_cursor_execute", record)
        try:
            await client.post(query, variables)
        finally:
            sa.event.remove(platform.engine.sync_engine, "before_cursor_execute", record)
        lines = []
        async with platform.engine.connect() as connection:
            for statement, parameters in seen:
                if "FROM case_record" not in statement:
                    continue
                prefix = "EXPLAIN (ANALYZE, COSTS OFF) " if postgres else "EXPLAIN QUERY PLAN "
                rows = (await connection.exec_driver_sql(prefix + statement, parameters)).all()
                lines.append(" ".join(statement.split())[:160] + " …")
                lines += ["    " + (row[0] if postgres else f"{row[1]:>3} {row[3]}") for row in rows]
        plans[name] = lines
    return plans


# --- measuring -----------------------------------------------------------------------------------


async def measure(platforms: dict[int, Platform], reps: int, warmup: int, tasks: int, plans: bool = False,
                  report: Any = print) -> dict[str, Any]:
    small, large = min(platforms), max(platforms)
    async with contextlib.AsyncExitStack() as stack:
        clients = {}
        for size, platform in platforms.items():
            raw = await stack.enter_async_context(AsyncTestClient(app=create_app(platform)))
            clients[size] = Client(raw, await platform.token_for(PROBE))
        counts = {size: await check_lists(platforms[size], clients[size]) for size in platforms}
        report("checked: " + "; ".join(f"{size:,} cases: myWork {c['work']:,}, overdue {c['overdue']:,}"
                                       for size, c in counts.items()))
        async with platforms[large].engine.connect() as connection:
            community = (await connection.execute(sa.text(
                "SELECT path FROM region WHERE tier = 'community' AND path LIKE :p ORDER BY id LIMIT 1"),
                {"p": DISTRICT + "/%"})).scalar_one()
        stepper = Stepper(clients[large], await open_case(clients[large]))
        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "work_small": lambda: clients[small].post(MY_WORK),
            "work_large": lambda: clients[large].post(MY_WORK),
            "work10_small": lambda: clients[small].post(MY_WORK_10),
            "work10_large": lambda: clients[large].post(MY_WORK_10),
            "overdue_small": lambda: clients[small].post(OVERDUE, {"under": DISTRICT}),
            "overdue_large": lambda: clients[large].post(OVERDUE, {"under": DISTRICT}),
            "transition": stepper,
            "create": lambda: create_volunteer(clients[large], community),
        }
        timings = await interleaved(cases, reps, warmup)
        explained = await explain(platforms[large], clients[large]) if plans else {}
        contention = await contend(clients[large], await open_case(clients[large]), tasks)
    return {"sizes": [small, large], "counts": {str(k): v for k, v in counts.items()}, "timings": timings,
            "plans": explained, "concurrent": contention, "ratios": {
                "work": timings["work_large"]["p50"] / timings["work_small"]["p50"],
                "work10": timings["work10_large"]["p50"] / timings["work10_small"]["p50"],
                "overdue": timings["overdue_large"]["p50"] / timings["overdue_small"]["p50"],
                "transition_vs_create": timings["transition"]["p50"] / timings["create"]["p50"],
            }}


def one_winner(contention: dict[str, Any]) -> bool:
    outcomes = contention["outcomes"]
    clean = {"won", "conflict", "wrong_state"}
    return outcomes.get("won") == 1 and set(outcomes) <= clean and contention["events"] == 1


LINES = (
    ("work_small", "(1) myWork, {small:,} cases"),
    ("work_large", "(1) myWork, {large:,} cases"),
    ("work10_small", "(1) myWork(first: 10), {small:,} cases"),
    ("work10_large", "(1) myWork(first: 10), {large:,} cases"),
    ("overdue_small", "(1) overdueCases(under: district), {small:,} cases"),
    ("overdue_large", "(1) overdueCases(under: district), {large:,} cases"),
    ("transition", "(2) transition on a case ({large:,} cases)"),
    ("create", "(2) createVolunteer"),
)


def table(result: dict[str, Any], backend: str) -> str:
    t, r, c = result["timings"], result["ratios"], result["concurrent"]
    small, large = result["sizes"]
    out = [f"\n{backend}: p50 / p95 over {t['create']['runs']} interleaved runs each (ms)"]
    for key, label in LINES:
        out.append(f"{label.format(small=small, large=large):52} {t[key]['p50']:9.2f} {t[key]['p95']:9.2f}")
    for key, label in (("work", "myWork"), ("work10", "myWork(10)"), ("overdue", "overdueCases")):
        out.append(f"(1) {label:13} {large:,} / {small:,}  {r[key]:6.2f}x   goal <= 2x: "
                   f"{'met' if r[key] <= 2 else 'MISSED'}")
    out.append(f"(2) transition / create          {r['transition_vs_create']:6.2f}x   goal <= 3x: "
               f"{'met' if r['transition_vs_create'] <= 3 else 'MISSED'}")
    outcomes = ", ".join(f"{n} {what}" for what, n in sorted(c["outcomes"].items(), key=lambda kv: -kv[1]))
    out.append(f"(3) {c['tasks']} concurrent transitions in {c['seconds']:.2f} s: {outcomes}; "
               f"{c['events']} event(s); goal one winner, clean errors: {'met' if one_winner(c) else 'MISSED'}")
    for name, lines in result["plans"].items():
        out.append(f"\nplan of {name} ({large:,} cases):")
        out += lines
    return "\n".join(out)


# --- databases -----------------------------------------------------------------------------------


def new_schema(base: str) -> str:
    """A fresh schema on the PostgreSQL server of ``base``; the URL that uses it."""
    url = make_url(base).set(drivername="postgresql")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url.set(query={}).render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)


def drop_schema(url: str) -> None:
    parsed = make_url(url)
    name = str(parsed.query["options"]).removeprefix("-csearch_path=")
    with psycopg.connect(parsed.set(query={}).render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{name}" CASCADE')


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="wushe-bench-cases-"))
    backends: list[tuple[str, Callable[[int], str]]] = []
    if not args.no_sqlite:
        backends.append(("sqlite", lambda size: f"sqlite:///{folder / f'cases-{size}.db'}"))
    if args.postgres:
        backends.append(("postgresql", lambda size: new_schema(args.postgres)))
    results = []
    for name, make in backends:
        platforms, urls = {}, []
        try:
            for size in sorted(args.sizes):
                urls.append(make(size))
                platforms[size] = await build(urls[-1], size, args.scale, args.seed)
            result = await measure(platforms, args.reps, args.warmup, args.concurrent, args.explain)
            backend = f"{name} {await version(platforms[max(platforms)])}"
        finally:
            for platform in platforms.values():
                await platform.dispose()
            if name == "postgresql":
                for url in urls:
                    drop_schema(url)
        result.update(backend=backend, scale=args.scale, seed=args.seed,
                      machine=f"{os.cpu_count()} cores, Python {machine.python_version()}, {machine.system()}")
        print(table(result, backend), flush=True)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 100_000], help="cases in the two databases")
    parser.add_argument("--scale", type=float, default=1.0, help="of the Chongqing region tree (0.002 for a quick check)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--concurrent", type=int, default=100, help="concurrent transitions on one case")
    parser.add_argument("--postgres", help="a PostgreSQL URL; each size gets a fresh schema there, dropped after")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the lists' query plans on the larger size")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    for noisy in ("httpx", "casbin"):  # a line per request, per policy load
        logging.getLogger(noisy).setLevel(logging.WARNING)
    results = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
