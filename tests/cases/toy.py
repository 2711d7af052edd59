"""A small procedure to test the case engine with: a public call, grant applications under it."""

import types

from sqlmodel import select

from core import (
    START,
    CaseTypeDecl,
    DeadlineDecl,
    FormDecl,
    GuardDecl,
    PartDecl,
    PermissionDecl,
    RegionDecl,
    RoleDecl,
    StateDecl,
    Tier,
    TransitionDecl,
    hookimpl,
)
from core.cases import CaseContext
from core.errors import FieldError
from core.models import User

SOURCE = "测试文件 第一条"


async def _registered(ctx: CaseContext) -> bool | str:
    org = await ctx.organization(ctx.acting_for)
    if org is None:
        return "you act for no organization"
    return org.registration.value == "registered" or f"{org.name} is not registered"


async def _not_barred(ctx: CaseContext) -> bool:
    return not await ctx.sanctions(ctx.acting_for or 0, kind="bar")


async def _one_score(ctx: CaseContext) -> bool:
    return not any(e.actor_user_id == ctx.principal.user_id for e in await ctx.events("score"))


async def _applicant(ctx: CaseContext) -> None:
    await ctx.add_party("applicant", organization_id=ctx.acting_for)
    ctx.set_data(amount_fen=ctx.data["amount_fen"])


async def _reviewer(ctx: CaseContext) -> None:
    user = (await ctx.session.exec(select(User).where(User.username == ctx.data["reviewer"],
                                                      User.tenant_id == ctx.tenant.id))).first()
    if user is None:
        raise FieldError("data.reviewer", f"no user {ctx.data['reviewer']!r}")
    await ctx.add_party("reviewer", user_id=user.id)


async def _pay(ctx: CaseContext) -> None:
    tranche = ctx.data["tranche"]
    amount = ctx.case.data["amount_fen"]
    first = amount * 60 // 100
    await ctx.post(first if tranche == 1 else amount - first, "payment", entry_key=f"tranche:{tranche}")


async def _bar(ctx: CaseContext) -> None:
    for party in await ctx.parties("applicant"):
        await ctx.sanction(party.organization_id or 0, "bar", reason="false material", source=SOURCE)


async def _score_total(ctx: CaseContext) -> None:
    ctx.set_data(scores=(ctx.case.data.get("scores") or 0) + 1)
    ctx.record(scores_so_far=ctx.case.data["scores"])


CALL = CaseTypeDecl(
    key="toy_call", label="征集", tiers=(Tier.CITY,), public=True, source=SOURCE,
    states=(StateDecl(key="open", label="征集中"), StateDecl(key="closed", label="已结束", terminal=True)),
    transitions=(
        TransitionDecl(action="open_call", label="发布", from_states=(START,), to="open",
                       permission="toy_call:manage", source=SOURCE),
        TransitionDecl(action="close", label="结束", from_states=("open",), to="closed",
                       permission="toy_call:manage", source=SOURCE),
    ),
)

GRANT = CaseTypeDecl(
    key="toy_grant", label="资助申请", tiers=(Tier.DISTRICT,), parent_type="toy_call", retention_years=3, source=SOURCE,
    parts=(PartDecl(key="applicant", label="申报单位"), PartDecl(key="reviewer", label="评审专家", seen_by=("reviewer",))),
    states=(
        StateDecl(key="submitted", label="已申报"),
        StateDecl(key="review", label="评审中", deadline=DeadlineDecl(working_days=10, label="评审", source=SOURCE)),
        StateDecl(key="decided", label="已决定"),
        StateDecl(key="closed", label="已结项", terminal=True),
    ),
    transitions=(
        TransitionDecl(action="apply", label="申报", from_states=(START,), to="submitted",
                       permission="toy_grant:apply", source=SOURCE,
                       schema={"type": "object", "required": ["amount_fen"], "additionalProperties": False,
                               "properties": {"amount_fen": {"type": "integer", "minimum": 1}}},
                       guards=(GuardDecl(key="registered", message="not registered", check=_registered, source=SOURCE),
                               GuardDecl(key="not_barred", message="the applicant is barred", check=_not_barred,
                                         source=SOURCE)),
                       effects=(_applicant,)),
        TransitionDecl(action="assign", label="分配专家", from_states=("submitted",), to="review",
                       permission="toy_grant:manage", source=SOURCE,
                       schema={"type": "object", "required": ["reviewer"],
                               "properties": {"reviewer": {"type": "string"}}},
                       effects=(_reviewer,)),
        TransitionDecl(action="score", label="评分", from_states=("review",), parties=("reviewer",), source=SOURCE,
                       schema={"type": "object", "required": ["score"],
                               "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 100}}},
                       visible_to=(), revealed_in=("decided", "closed"),
                       guards=(GuardDecl(key="one_score", message="you have scored this application already",
                                         check=_one_score, source=SOURCE),),
                       effects=(_score_total,)),
        TransitionDecl(action="decide", label="决定", from_states=("review",), to="decided",
                       permission="toy_grant:manage", source=SOURCE),
        TransitionDecl(action="pay", label="拨付", from_states=("decided",), permission="toy_grant:manage",
                       schema={"type": "object", "required": ["tranche"],
                               "properties": {"tranche": {"enum": [1, 2]}}},
                       effects=(_pay,), notify=("applicant",), source=SOURCE),
        TransitionDecl(action="report", label="报告", from_states=("decided",), parties=("applicant",),
                       form="toy_report", source=SOURCE),
        TransitionDecl(action="bar", label="取消资格", from_states=("submitted", "review", "decided"), to="closed",
                       permission="toy_grant:manage", effects=(_bar,), source=SOURCE),
        TransitionDecl(action="close", label="结项", from_states=("decided",), to="closed",
                       permission="toy_grant:manage", source=SOURCE),
    ),
)

async def _ping_again(ctx: CaseContext) -> None:
    await ctx.apply(ctx.case, "ping")


LOOP = CaseTypeDecl(
    key="toy_loop", label="自循环", tiers=(Tier.CITY,), source=SOURCE,
    states=(StateDecl(key="open", label="进行中"), StateDecl(key="closed", label="已结束", terminal=True)),
    transitions=(
        TransitionDecl(action="start", label="开始", from_states=(START,), to="open", permission="toy_call:manage",
                       source=SOURCE),
        TransitionDecl(action="ping", label="循环", from_states=("open",), permission="toy_call:manage",
                       effects=(_ping_again,), source=SOURCE),
        TransitionDecl(action="close", label="结束", from_states=("open",), to="closed", permission="toy_call:manage",
                       source=SOURCE),
    ),
)

REPORT = FormDecl(key="toy_report", version=1, title="进度报告", source=SOURCE, json_schema={
    "type": "object", "required": ["sessions"], "properties": {"sessions": {"type": "integer", "title": "场次", "minimum": 0}}})

REGIONS = [
    RegionDecl(path="toy", name="示例市", tier=Tier.CITY),
    RegionDecl(path="toy/d1", name="甲区", tier=Tier.DISTRICT),
    RegionDecl(path="toy/d2", name="乙区", tier=Tier.DISTRICT),
]

ROLES = [
    RoleDecl(code="toy_office", label="主办单位", tier=Tier.CITY, source=SOURCE,
             permissions=("region:read", "case:read", "form:read", "toy_call:manage", "toy_grant:manage")),
    RoleDecl(code="toy_contractor", label="承办单位", tier=Tier.CITY, source=SOURCE,
             permissions=("region:read", "toy_grant:apply")),
    RoleDecl(code="toy_expert", label="专家", tier=Tier.CITY, source=SOURCE, permissions=("region:read", "form:read")),
]


PERMISSIONS = [
    PermissionDecl(resource="toy_call", actions=("manage",), source=SOURCE),
    PermissionDecl(resource="toy_grant", actions=("apply", "manage"), source=SOURCE),
]


def plugin() -> types.ModuleType:
    module = types.ModuleType("tests_toy_cases")
    module.PLUGIN_NAME = "toy"  # type: ignore[attr-defined]
    module.plugin_scope = hookimpl(lambda: "toy")  # type: ignore[attr-defined]
    module.register_regions = hookimpl(lambda: REGIONS)  # type: ignore[attr-defined]
    module.register_permissions = hookimpl(lambda: PERMISSIONS)  # type: ignore[attr-defined]
    module.register_roles = hookimpl(lambda: ROLES)  # type: ignore[attr-defined]
    module.register_case_types = hookimpl(lambda: [CALL, GRANT, LOOP])  # type: ignore[attr-defined]
    module.register_forms = hookimpl(lambda: [REPORT])  # type: ignore[attr-defined]
    return module
