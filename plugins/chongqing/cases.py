"""重庆市的议事协商：渝民发〔2022〕7号 三（四）、三（六）、四（二）, as a case type.

``chongqing_consultation`` (城乡社区议事协商), at the village/community: a resident's problem or demand
(居民问题诉求) is raised (by a residents' representative, through community staff), the participants
the opinion requires are invited (社会工作者、社会组织代表、社区志愿者和社会慈善资源代表, as parties of
the case: real users and registered organizations of the tenant), deliberated (the consultation
record ``chongqing_consultation_record`` is the step's form, its rules run on it), classified (分类)
and assigned (分责) to a responsible party or office, resolved (调处), and the result fed back to the
resident (反馈). The opinion sets no time limit for any step, so no state has a deadline.

Zhengyang Street's plan (正阳办事处发〔2022〕95号 三（六）) repeats these clauses word for word; its
communities are in this plugin's scope, so the ``qianjiang`` plugin declares no type of its own.
"""

from typing import Any

from sqlmodel import select

from core import (
    START,
    CaseMeasureDecl,
    CaseTypeDecl,
    GuardDecl,
    PartDecl,
    PermissionDecl,
    StateDecl,
    Tier,
    TransitionDecl,
)
from core.cases import CaseContext
from core.errors import FieldError
from core.models import User

from .catalogues import NEED_DOMAINS, SOCIAL_WORK_FIELDS
from .forms import DEMAND_CHANNELS

DOCUMENT = "渝民发〔2022〕7号"
CONSULTATION = "chongqing_consultation"

PARTICIPANTS = {
    "social_worker": "社会工作者",
    "social_organization": "社会组织代表",
    "volunteer": "社区志愿者",
    "charity": "社会慈善资源代表",
}
"""三（四）'s required participants, as parts of the case (labels as in ``forms.REQUIRED_PARTICIPANTS``)."""

ORGANIZATION_PARTS = ("social_organization", "charity")
"""Parts an organization may play (the others are people: users of the tenant)."""

RAISERS = ["居民代表", "居民", "社区工作者", "网格管理员", "其他"]
"""Who brings the problem in: 三（一） names 社区居民、社区工作者、网格管理员 among the governance bodies."""

DOMAINS = [*SOCIAL_WORK_FIELDS, "其他"]
"""分类: 三（三）“重点推进社会救助、养老服务、儿童关爱、社区治理、社会事务等领域”."""

_PARTICIPATE = "三（四）“坚持在城乡社区协商中吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与”"
_CLASSIFY = "三（六）“规范城乡社区协商运行机制和流程，将城乡居民问题诉求通过议事协商的方式进行分类分责处理”"
_FEEDBACK = "三（六）“建立‘五社联动’信息收集、共享、调处、反馈机制”"
_STREET = "四（二）“乡镇（街道）要……主导开展议事协商”"


# --- guards and effects ------------------------------------------------------------------------------


async def _user(ctx: CaseContext, username: str) -> User | None:
    return (await ctx.session.exec(select(User).where(User.username == username,
                                                      User.tenant_id == ctx.tenant.id))).first()


async def check_invitee(ctx: CaseContext) -> bool | str:
    """A person is a user of the tenant; an organization is one of its registered or filed organizations."""
    part: str = ctx.data["part"]
    username, organization = ctx.data.get("user"), ctx.data.get("organization")
    if (username is None) == (organization is None):
        raise FieldError("data.user", "name either a user or an organization")
    if organization is not None:
        if part not in ORGANIZATION_PARTS:
            raise FieldError("data.organization", f"{PARTICIPANTS[part]}是个人，请填写用户")
        if await ctx.organization(organization) is None:
            raise FieldError("data.organization", f"没有编号为{organization}的社会组织")
        return True
    if await _user(ctx, str(username)) is None:
        raise FieldError("data.user", f"没有用户{username}")
    return True


async def invited(ctx: CaseContext) -> None:
    if ctx.data.get("organization") is not None:
        await ctx.add_party(ctx.data["part"], organization_id=ctx.data["organization"])
        return
    user = await _user(ctx, ctx.data["user"])
    assert user is not None  # checked by the guard
    await ctx.add_party(ctx.data["part"], user_id=user.id)


async def check_participants(ctx: CaseContext) -> bool | str:
    """The required participants take part: each of the four is a party of the case."""
    present = {p.part for p in await ctx.parties()}
    missing = [label for part, label in PARTICIPANTS.items() if part not in present]
    return True if not missing else "议事协商缺少以下参与人：" + "、".join(missing) + "（先邀请参与）"


def raised(ctx: CaseContext) -> None:
    ctx.set_data(**ctx.data)


def deliberated(ctx: CaseContext) -> None:
    ctx.set_data(held_on=ctx.data.get("held_on"), major_matter=ctx.data.get("major_matter"),
                 record_id=ctx.submission.id if ctx.submission is not None else None)


def classified(ctx: CaseContext) -> None:
    ctx.set_data(domain=ctx.data["domain"], need=ctx.data.get("need"))


async def check_responsible(ctx: CaseContext) -> bool | str:
    username, organization = ctx.data.get("user"), ctx.data.get("organization")
    if username is not None and await _user(ctx, username) is None:
        raise FieldError("data.user", f"没有用户{username}")
    if organization is not None and await ctx.organization(organization) is None:
        raise FieldError("data.organization", f"没有编号为{organization}的社会组织")
    return True


async def assigned(ctx: CaseContext) -> None:
    ctx.set_data(responsible=ctx.data["responsible"])
    for party in await ctx.parties("responsible"):
        await ctx.remove_party(party)
    if ctx.data.get("organization") is not None:
        await ctx.add_party("responsible", organization_id=ctx.data["organization"])
    elif ctx.data.get("user") is not None:
        user = await _user(ctx, ctx.data["user"])
        assert user is not None
        await ctx.add_party("responsible", user_id=user.id)


def resolved(ctx: CaseContext) -> None:
    ctx.set_data(outcome=ctx.data["outcome"], project_code=ctx.data.get("project_code"))


def fed_back(ctx: CaseContext) -> None:
    ctx.set_data(feedback=ctx.data["feedback"], fed_back_on=ctx.today.isoformat())


# --- declaration -----------------------------------------------------------------------------------------


def _text(title: str, max_length: int = 2000) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": 1, "maxLength": max_length}


def _schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


RAISE_SCHEMA = _schema({
    "description": _text("居民问题诉求"),
    "raised_by": _text("提出人", 50),
    "capacity": {"type": "string", "title": "提出人身份", "enum": RAISERS},
    "channel": {"type": "string", "title": "诉求来源", "enum": DEMAND_CHANNELS},
}, ["description", "raised_by", "capacity"])

INVITE_SCHEMA = _schema({
    "part": {"type": "string", "title": "参与身份", "enum": list(PARTICIPANTS)},
    "user": {"type": "string", "title": "用户名", "minLength": 1, "maxLength": 64},
    "organization": {"type": "integer", "title": "社会组织编号", "minimum": 1},
}, ["part"])

CLASSIFY_SCHEMA = _schema({
    "domain": {"type": "string", "title": "分类（领域）", "enum": DOMAINS},
    "need": {"type": "string", "title": "服务需求", "enum": NEED_DOMAINS},
}, ["domain"])

ASSIGN_SCHEMA = _schema({
    "responsible": _text("责任主体（分责）", 200),
    "user": {"type": "string", "title": "责任人用户名", "minLength": 1, "maxLength": 64},
    "organization": {"type": "integer", "title": "责任社会组织编号", "minimum": 1},
}, ["responsible"])

RESOLVE_SCHEMA = _schema({
    "outcome": _text("处理结果"),
    "project_code": {"type": "string", "title": "转入项目清单的项目编号", "pattern": r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$"},
}, ["outcome"])

FEEDBACK_SCHEMA = _schema({
    "feedback": _text("向居民反馈情况"),
    "satisfied": {"type": "boolean", "title": "居民满意"},
}, ["feedback"])


def _guard(key: str, message: str, check: Any, source: str) -> GuardDecl:
    return GuardDecl(key=key, message=message, check=check, source=f"{DOCUMENT} {source}")


def permissions() -> list[PermissionDecl]:
    """What the consultation's steps ask of an office: raising an issue, convening (deliberating,
    classifying, assigning), resolving an assigned one."""
    return [PermissionDecl(resource=CONSULTATION, actions=("raise", "convene", "resolve"), label="议事协商",
                           action_labels={"raise": "提出议题", "convene": "组织协商", "resolve": "办理"},
                           description="城乡社区议事协商: raise an issue, convene and run the consultation, "
                                       "resolve an issue assigned",
                           source=f"{DOCUMENT} {_CLASSIFY}")]


def declarations() -> list[CaseTypeDecl]:
    raise_, convene, resolve = (f"{CONSULTATION}:{a}" for a in ("raise", "convene", "resolve"))
    return [
        CaseTypeDecl(
            key=CONSULTATION,
            label="城乡社区议事协商",
            tiers=(Tier.COMMUNITY,),
            parts=(
                *(PartDecl(key=key, label=label) for key, label in PARTICIPANTS.items()),
                PartDecl(key="responsible", label="责任主体"),
            ),
            states=(
                StateDecl(key="raised", label="已提出"),
                StateDecl(key="deliberated", label="已协商"),
                StateDecl(key="classified", label="已分类"),
                StateDecl(key="assigned", label="已分责"),
                StateDecl(key="resolved", label="已办理"),
                StateDecl(key="closed", label="已反馈", terminal=True),
            ),
            transitions=(
                TransitionDecl(action="raise_issue", label="提出问题诉求", from_states=(START,), to="raised",
                               permission=raise_, schema=RAISE_SCHEMA, effects=(raised,),
                               source=f"{DOCUMENT} {_CLASSIFY}；{_FEEDBACK}（信息收集）"),
                TransitionDecl(action="invite", label="邀请参与协商", from_states=("raised",), to=None,
                               permission=convene, schema=INVITE_SCHEMA,
                               guards=(_guard("invitee", "参与人应是本平台的用户或登记备案的社会组织", check_invitee,
                                              _PARTICIPATE),),
                               effects=(invited,), source=f"{DOCUMENT} {_PARTICIPATE}"),
                TransitionDecl(action="deliberate", label="议事协商", from_states=("raised",), to="deliberated",
                               permission=convene, form="chongqing_consultation_record",
                               guards=(_guard("participants", "议事协商应有社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
                                              check_participants, _PARTICIPATE),),
                               effects=(deliberated,), notify=tuple(PARTICIPANTS),
                               source=f"{DOCUMENT} {_PARTICIPATE}；{_STREET}"),
                TransitionDecl(action="classify", label="分类", from_states=("deliberated",), to="classified",
                               permission=convene, schema=CLASSIFY_SCHEMA, effects=(classified,),
                               source=f"{DOCUMENT} {_CLASSIFY}"),
                TransitionDecl(action="assign", label="分责", from_states=("classified", "assigned"), to="assigned",
                               permission=convene, schema=ASSIGN_SCHEMA,
                               guards=(_guard("responsible", "责任人应是本平台的用户或登记备案的社会组织",
                                              check_responsible, _CLASSIFY),),
                               effects=(assigned,), notify=("responsible",), source=f"{DOCUMENT} {_CLASSIFY}"),
                TransitionDecl(action="resolve", label="办理", from_states=("assigned",), to="resolved",
                               permission=resolve, parties=("responsible",), schema=RESOLVE_SCHEMA,
                               effects=(resolved,), source=f"{DOCUMENT} {_FEEDBACK}（调处）"),
                TransitionDecl(action="feed_back", label="向居民反馈", from_states=("resolved",), to="closed",
                               permission=raise_, schema=FEEDBACK_SCHEMA, effects=(fed_back,),
                               source=f"{DOCUMENT} {_FEEDBACK}（反馈）"),
            ),
            measures=(
                CaseMeasureDecl(key="consultations", label="议事协商事项数"),
                CaseMeasureDecl(key="consultations_closed", label="已办结反馈的议事协商事项数", states=("closed",)),
            ),
            source=f"{DOCUMENT} 三（四）、三（六）、四（二）",
        ),
    ]
