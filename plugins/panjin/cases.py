"""盘锦市的项目评审与实施流程：盘民发〔2023〕24号 三（五）至三（十），as two case types.

``panjin_round`` 项目征集与评审 (a round, public): the organizer opens it at the city with a budget per
county/district in fen; contractors apply while it is open; closing it draws the review panel of 5 or
7 experts at random; the panel checks qualification and scores; ranking selects per county within
its budget; the review report is due 10 working days after ranking; closing it ends the round.

``panjin_application`` 项目申报与实施 (a child of the round, at the county/district it applies to):
one organization's project, from its application through review, on-site verification, contract,
two tranches, monthly reports, mid-term and final evaluation, to its archive — or to a sanction.

Choices the document leaves open, made here:

- The expert pool (专家库, 三（七）) is the tenant's users who hold this plugin's ``expert`` role: the
  bureau appoints an expert by giving the role (its 专家库成员登记表 is the expert's record). A draw
  is ``random.Random(seed).sample(candidates, k)`` over the candidates in id order; the server
  picks the seed and writes seed, candidates and the drawn ids on the step's event data, so anyone
  who reads the event can redo the draw. The draw is visible to the panel and the offices only
  (the engine reveals a limited event to a case's parties, and an applicant is no party of the round).
- One panel reviews the round (三（七）组成评审小组); it is copied onto every application. An expert
  with an interest in one applicant declares it (or the organizer orders the recusal) on that
  application: they leave that application's panel, a replacement is drawn for it alone. An
  expert who cannot serve at all (absent) is excused on the round: replaced on every application.
- Score sheets are the form 项目评分表; one per active panel member per application. Before ranking
  an expert sees only their own; from ranking on every party of the application sees them
  (三（七）1 公开公平：评审过程公开透明), the applicant included.
- Ranking per county: the mean total of the active members' sheets, higher first; on equal scores the
  higher self-funding share first (三（七）), then a 5A organization (三（五）2), then the earlier
  application. Walking that order, an application whose request fits what is left of the
  county's budget is selected; one that does not is held in reserve, and moves up (in the same
  order, if it fits) when a selected one is disqualified before its contract.
- One project a year (三（五）2): an organization may not apply while it has another project this year
  — an application still in the running, or an award — in the city, or in the county when the
  tenant's ``contractor_project_limit_scope`` is ``county``. An application refused, not funded
  or disqualified does not count.
- Money is on the ledger of the application, in fen: payments positive, recoveries and surplus
  returned negative. The first tranche is the award × ``first_tranche_share`` rounded to the fen,
  the second the rest, so the two add up to the award exactly.
"""

import datetime as dt
import random
import secrets
from calendar import monthrange
from collections.abc import Awaitable, Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core import (
    START,
    CaseMeasureDecl,
    CaseTypeDecl,
    DeadlineDecl,
    DisclosedFieldDecl,
    DisclosureDecl,
    GuardDecl,
    PartDecl,
    PermissionDecl,
    StateDecl,
    Tier,
    TransitionDecl,
)
from core.cases import CaseContext
from core.errors import FieldError
from core.money import yuan_words

from . import catalogues, forms, rules
from .settings import LIMIT_SCOPE

DOCUMENT = "盘民发〔2023〕24号"
CONDITIONS = f"{DOCUMENT} 三（五）2"
REVIEW = f"{DOCUMENT} 三（七）"
IMPLEMENTATION = f"{DOCUMENT} 三（八）"
EVALUATION = f"{DOCUMENT} 三（九）"
SUPERVISION = f"{DOCUMENT} 三（十）"

ROUND = "panjin_round"
APPLICATION = "panjin_application"
EXPERT_ROLE = "expert"

# Who takes the steps (roles.py gives these to the organizer and the contractors).
MANAGE_ROUND = "panjin_round:manage"
APPLY = "panjin_application:apply"
MANAGE = "panjin_application:manage"
PAY = "panjin_application:pay"
PERMISSIONS = [
    PermissionDecl(resource=ROUND, actions=("manage",), source=REVIEW, label="评审轮次", action_labels={"manage": "管理"},
                   description="评审轮次: open a round, draw the panel, rank and close it"),
    PermissionDecl(resource=APPLICATION, actions=("apply", "manage", "pay"), source=f"{CONDITIONS}；{IMPLEMENTATION}",
                   label="项目申报", action_labels={"apply": "申报", "manage": "管理", "pay": "拨付"},
                   description="项目申报: apply (a contractor), manage the application through review, contract and "
                               "evaluation (the bureau), pay its tranches (the bureau's finance)"),
]

# An application's states, grouped.
RUNNING = ("submitted", "qualified", "selected", "reserve", "verified")
AWARDED = ("selected", "verified", "contracted", "mid_term_passed", "finished", "archived", "terminated")
SIGNED = ("contracted", "mid_term_passed")
OUT = ("ineligible", "not_funded", "disqualified")
COUNTED = tuple(s for s in (*RUNNING, *AWARDED) if s not in OUT)
"""The states in which an application is the organization's project of the year (三（五）2)."""
RANKED = ("selected", "reserve", "verified", "not_funded", "disqualified", "contracted", "mid_term_passed",
          "finished", "terminated", "archived")
"""The states after ranking: the panel has closed, its score sheets are shown to the parties."""

Check = Callable[[CaseContext], Awaitable[bool | str]]


def _guard(key: str, message: str, source: str) -> Callable[[Check], GuardDecl]:
    def wrap(check: Check) -> GuardDecl:
        return GuardDecl(key=key, message=message, check=check, source=source)

    return wrap


def _obj(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": [k for k in properties if k not in optional]}


_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_DATE = {"type": "string", "format": "date"}
_USER = {"type": "string", "minLength": 1, "maxLength": 64, "title": "评审专家（用户名）"}
_FEN = {"type": "integer", "minimum": 1}
_PANEL = {"type": "integer", "enum": list(forms.PANEL_SIZES)}


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _labels(parts: list[str]) -> str:
    return "、".join(parts)


# --- drawing experts ------------------------------------------------------------------------------------


def draw(candidates: list[int], k: int, seed: int) -> list[int]:
    """The reproducible draw: ``k`` of ``candidates`` (in id order) with ``random.Random(seed)``."""
    return random.Random(seed).sample(sorted(candidates), k)


async def _round_of(ctx: CaseContext) -> Any:
    return ctx.case if ctx.case.case_type == ROUND else await ctx.parent()


async def _review_panel_ever(ctx: CaseContext, round_: Any) -> set[int]:
    """Everyone drawn for the round's review so far, serving or not: a replacement is new."""
    users = {p.user_id for p in await ctx.parties("reviewer", case=round_, active=None)}
    for app in await ctx.cases(APPLICATION, parent=round_):
        users.update(p.user_id for p in await ctx.parties("reviewer", case=app, active=None))
    return {u for u in users if u is not None}


async def _panel_size(ctx: CaseContext) -> int:
    if ctx.transition.action == "close_applications":
        return int(ctx.case.data["panel_size"])
    if ctx.transition.action == "draw_evaluation_panel":
        return int(ctx.data["panel_size"])
    return 1


async def _excluded(ctx: CaseContext) -> set[int]:
    if ctx.transition.action == "close_applications":
        return set()
    if ctx.transition.action == "draw_evaluation_panel":
        # 三（九）: the evaluation panel is drawn anew; none of this project's reviewers sits on it.
        ever = await ctx.parties("reviewer", active=None) + await ctx.parties("evaluator", active=None)
        return {p.user_id for p in ever if p.user_id is not None}
    return await _review_panel_ever(ctx, await _round_of(ctx))


async def _candidates(ctx: CaseContext) -> tuple[int, list[int]]:
    k = await _panel_size(ctx)
    pool = await ctx.users_with_role(EXPERT_ROLE)
    return k, sorted(set(pool) - await _excluded(ctx))


@_guard("draw", "专家库中可抽取的专家不足", f"{REVIEW}：从项目评审专家库中抽取5或7名专家组成评审小组；{EVALUATION}")
async def draw_guard(ctx: CaseContext) -> bool | str:
    """Enough experts in the pool, beside those who may not sit, for the draw the step makes."""
    k, candidates = await _candidates(ctx)
    return True if len(candidates) >= k else f"专家库中可抽取的专家{len(candidates)}名，需抽取{k}名"


async def draw_experts(ctx: CaseContext) -> None:
    """The draw, written on the step's event (seed, candidates in id order, those drawn), so that
    the effects after it add exactly them and anyone can redo it."""
    k, candidates = await _candidates(ctx)
    seed = secrets.randbits(63)
    ctx.record(seed=seed, candidates=candidates, drawn=draw(candidates, k, seed))


# --- the round ---------------------------------------------------------------------------------------------

COUNTIES = list(forms.COUNTY_LABELS)

ROUND_SCHEMA = _obj({
    "year": {"type": "integer", "minimum": 2023, "maximum": 2100},
    "panel_size": _PANEL,
    "budgets": {"type": "object", "minProperties": 1, "propertyNames": {"enum": COUNTIES},
                "additionalProperties": _FEN, "title": "各县区项目资金预算（分）"},
    "notice": _TEXT,
}, optional=("notice",))


@_guard("one_open_round", "已有正在征集申报的项目评审", f"{DOCUMENT} 三（六）：由主办单位向社会发布征集公告")
async def one_open_round(ctx: CaseContext) -> bool | str:
    others = [c for c in await ctx.cases(ROUND, states=("open",)) if c.id != ctx.case.id]
    return True if not others else f"项目评审#{others[0].id}正在征集申报，结束征集后再发布新的征集公告"


async def record_round(ctx: CaseContext) -> None:
    """The call's terms (year, panel size, budgets) are the round's data, read by every later step."""
    ctx.set_data(**ctx.data)


async def add_panel(ctx: CaseContext) -> None:
    """The drawn panel joins the round and every application submitted to it."""
    apps = await ctx.cases(APPLICATION, parent=ctx.case, states=("submitted",))
    for user in ctx.recorded["drawn"]:
        await ctx.add_party("reviewer", user_id=user)
        for app in apps:
            await ctx.add_party("reviewer", user_id=user, case=app)
    ctx.set_data(panel_drawn_on=ctx.today.isoformat())


async def _leave(ctx: CaseContext, case: Any, part: str, user: int) -> bool:
    left = False
    for party in await ctx.parties(part, case=case):
        if party.user_id == user:
            await ctx.remove_party(party)
            left = True
    return left


async def _named_member(ctx: CaseContext, whose: str) -> bool | str:
    """The expert the step names (by username) serves on the panel."""
    user = await ctx.user_id(str(ctx.data.get("expert")))
    if user is None or user not in {p.user_id for p in await ctx.parties("reviewer")}:
        return f"{ctx.data.get('expert')}不是{whose}评审小组的成员"
    return True


async def _named_expert(ctx: CaseContext) -> int:
    """The id of the expert the step names (its guard found them on the panel), recorded on the event."""
    user = await ctx.user_id(str(ctx.data["expert"]))
    if user is None:
        raise RuntimeError(f"expert {ctx.data['expert']!r} passed the panel_member guard but is no user")
    ctx.record(expert_id=user)
    return user


@_guard("panel_member", "该专家不是评审小组成员", f"{REVIEW}：主办单位也可要求该评审小组成员回避")
async def excused_is_member(ctx: CaseContext) -> bool | str:
    return await _named_member(ctx, "本次")


async def replace_on_round(ctx: CaseContext) -> None:
    """The excused expert leaves the round's panel and every application's; the one drawn takes
    their seat everywhere they sat."""
    leaving, (joining,) = await _named_expert(ctx), ctx.recorded["drawn"]
    await _leave(ctx, ctx.case, "reviewer", leaving)
    await ctx.add_party("reviewer", user_id=joining)
    for app in await ctx.cases(APPLICATION, parent=ctx.case):
        if await _leave(ctx, app, "reviewer", leaving):
            await ctx.add_party("reviewer", user_id=joining, case=app)


@_guard("qualification_done", "尚有申报未完成主体资格审查", f"{REVIEW}：组织评审小组对社会组织主体资格、申报材料进行审查")
async def qualification_done(ctx: CaseContext) -> bool | str:
    pending = await ctx.cases(APPLICATION, parent=ctx.case, states=("submitted",))
    return True if not pending else "尚未完成主体资格审查的申报：" + _labels([f"#{a.id}" for a in pending])


async def _sheets(ctx: CaseContext, app: Any) -> dict[int, dict[str, Any]]:
    """The score sheets of the application's serving panel members, by member."""
    serving = {p.user_id for p in await ctx.parties("reviewer", case=app)}
    sheets = {}
    for event in await ctx.events("score", case=app):
        if event.actor_user_id in serving:
            sheets[event.actor_user_id] = await ctx.form_data(event) or {}
    return sheets


@_guard("sheets_complete", "评审小组成员尚未全部评分", f"{REVIEW}：由评审小组按照《项目评分标准》评分标准进行量化评分排序")
async def sheets_complete(ctx: CaseContext) -> bool | str:
    missing = []
    for app in await ctx.cases(APPLICATION, parent=ctx.case, states=("qualified",)):
        serving = {p.user_id for p in await ctx.parties("reviewer", case=app)}
        absent = len(serving - set(await _sheets(ctx, app)))
        if absent:
            missing.append(f"#{app.id}缺{absent}份评分表")
    return True if not missing else "评审小组成员尚未全部评分：" + _labels(missing)


async def _mean(ctx: CaseContext, app: Any) -> Decimal:
    totals = [Decimal(str(sheet.get("total", 0))) for sheet in (await _sheets(ctx, app)).values()]
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")) if totals else Decimal(0)


async def record_review_score(ctx: CaseContext) -> None:
    """The panel's mean score, kept on the application when it is ranked (disclosed once selected)."""
    ctx.set_data(review_score=str(await _mean(ctx, ctx.case)))


async def rank(ctx: CaseContext) -> None:
    """三（七）: per county, by score, within its budget; equal scores: higher self-funding share."""
    budgets: dict[str, int] = ctx.case.data["budgets"]
    entries: dict[str, list[tuple[tuple[Any, ...], Any, dict[str, Any]]]] = {}
    for app in await ctx.cases(APPLICATION, parent=ctx.case, states=("qualified",)):
        score, share = await _mean(ctx, app), Decimal(app.data["self_funding_share"])
        org = await ctx.organization(app.data["organization_id"])
        five_a = org is not None and org.grade == 5
        entry = {"application": app.id, "score": str(score), "self_funding_share": str(share),
                 "five_a": five_a, "requested_fen": app.data["requested_fen"]}
        entries.setdefault(app.data["county"], []).append(((-score, -share, not five_a, app.id), app, entry))
    ranking: dict[str, list[dict[str, Any]]] = {}
    for county in sorted(entries):
        left = budgets.get(county, 0)
        ranking[county] = []
        for _, app, entry in sorted(entries[county], key=lambda e: e[0]):
            fits = entry["requested_fen"] <= left
            if fits:
                left -= entry["requested_fen"]
            await ctx.apply(app, "select" if fits else "hold_in_reserve")
            ranking[county].append({**entry, "selected": fits})
    ctx.set_data(ranking=ranking, ranked_on=ctx.today.isoformat())


@_guard("verified", "尚有拟购买项目未完成实地核查", f"{REVIEW}：确定拟购买的项目名单后，主办单位应当对申报项目的社会组织进行实地核查")
async def all_verified(ctx: CaseContext) -> bool | str:
    waiting = await ctx.cases(APPLICATION, parent=ctx.case, states=("selected",))
    return True if not waiting else "尚未实地核查的拟购买项目：" + _labels([f"#{a.id}" for a in waiting])


async def close_round(ctx: CaseContext) -> None:
    for app in await ctx.cases(APPLICATION, parent=ctx.case, states=("reserve",)):
        await ctx.apply(app, "not_funded")


ROUND_TYPE = CaseTypeDecl(
    key=ROUND,
    label="“五社联动”项目征集与评审",
    tiers=(Tier.CITY,),
    parts=(PartDecl(key="reviewer", label="评审小组专家", seen_by=("reviewer",)),),
    public=True,  # 三（六）: 由主办单位向社会发布征集公告
    retention_years=3,  # 三（八）6: 档案保管期限为三年
    states=(
        StateDecl(key="open", label="征集申报中"),
        StateDecl(key="reviewing", label="评审中"),
        StateDecl(key="ranked", label="实地核查中", deadline=DeadlineDecl(
            working_days=10, label="评审报告", source=f"{REVIEW}：评审工作结束后10个工作日内，承办单位应当向主办单位提交评审报告以及相关材料")),
        StateDecl(key="reported", label="评审报告已提交"),
        StateDecl(key="closed", label="已结束", terminal=True),
    ),
    transitions=(
        TransitionDecl(action="open_round", label="发布征集公告", from_states=(START,), to="open",
                       permission=MANAGE_ROUND, schema=ROUND_SCHEMA, guards=(one_open_round,), effects=(record_round,),
                       source=f"{DOCUMENT} 三（六）：由主办单位向社会发布征集公告；{REVIEW}：每个县区……在项目资金预算范围内"),
        TransitionDecl(action="close_applications", label="截止申报并抽取评审小组", from_states=("open",),
                       to="reviewing", permission=MANAGE_ROUND, guards=(draw_guard,), effects=(draw_experts, add_panel),
                       visible_to=("reviewer",), revealed_in=("reported", "closed"),
                       source=f"{REVIEW}：承办单位应当在主办单位的监督下，从项目评审专家库中抽取5或7名专家组成评审小组"),
        TransitionDecl(action="excuse_expert", label="评审专家缺席或回避，重新抽取", from_states=("reviewing",),
                       permission=MANAGE_ROUND,
                       schema=_obj({"expert": _USER, "reason": {"enum": ["absent", "recused", "other"]}, "note": _TEXT},
                                   optional=("note",)),
                       guards=(excused_is_member, draw_guard), effects=(draw_experts, replace_on_round),
                       visible_to=("reviewer",), revealed_in=("reported", "closed"),
                       source=f"{REVIEW}：主办单位也可要求该评审小组成员回避；从项目评审专家库中抽取"),
        TransitionDecl(action="rank", label="评分排序，确定拟购买项目", from_states=("reviewing",), to="ranked",
                       permission=MANAGE_ROUND, guards=(qualification_done, sheets_complete), effects=(rank,),
                       source=f"{REVIEW}：每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目。"
                       "鼓励社会组织自筹资金，对自筹比例高的项目在同等条件下优先购买"),
        TransitionDecl(action="submit_report", label="提交评审报告及核查报告", from_states=("ranked",), to="reported",
                       permission=MANAGE_ROUND, schema=_obj({"summary": _TEXT}), guards=(all_verified,),
                       source=f"{REVIEW}：评审工作结束后10个工作日内，承办单位应当向主办单位提交评审报告以及相关材料"),
        TransitionDecl(action="close", label="确认评审报告，结束评审", from_states=("reported",), to="closed",
                       permission=MANAGE_ROUND, effects=(close_round,),
                       source=f"{REVIEW}：主办单位负责对承办单位提交的评审报告及核查报告进行确认，报市民政局审核"),
    ),
    source=f"{DOCUMENT} 三（六）、三（七）",
)


# --- the application: applying ---------------------------------------------------------------------------


async def _org(ctx: CaseContext) -> Any:
    return await ctx.organization(ctx.acting_for)


@_guard("acting_for", "申报须由社会组织的成员代表该组织提交", f"{DOCUMENT} 三（六）1：申报承办单位的社会组织应向主办单位提交承办申请材料")
async def acts_for_organization(ctx: CaseContext) -> bool:
    return await _org(ctx) is not None


@_guard("round_open", "项目评审未在征集申报", f"{DOCUMENT} 三（六）：由主办单位向社会发布征集公告，承办机构参与投标")
async def round_open(ctx: CaseContext) -> bool | str:
    round_ = await ctx.parent()
    return True if round_ is not None and round_.state == "open" else "该项目评审已截止申报"


@_guard("county_budget", "本次评审未安排该县区的项目资金", f"{REVIEW}：每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目")
async def county_budget(ctx: CaseContext) -> bool | str:
    round_ = await ctx.parent()
    if round_ is None or ctx.region.path in round_.data.get("budgets", {}):
        return True
    return f"本次评审未安排{forms.COUNTY_LABELS.get(ctx.region.path, ctx.region.path)}的项目资金"


def _record_check(check: Callable[[dict[str, Any], Any], bool | str]) -> Check:
    """A contractor condition of rules.py, read from the organization's OWN record, not the form."""
    async def run(ctx: CaseContext) -> bool | str:
        org = await _org(ctx)
        return True if org is None else check(org.model_dump(), ctx)  # no organization: acting_for says so
    return run


ELIGIBILITY = tuple(
    GuardDecl(key=rule.key.removeprefix("panjin_contractor_"), message=rule.message, check=_record_check(rule.check),
              source=rule.source)
    for rule in rules.RULES
    if rule.key in ("panjin_contractor_registered", "panjin_contractor_full_time_staff",
                    "panjin_contractor_not_dishonest", "panjin_contractor_no_administrative_penalty")
)


@_guard("not_barred", "该组织因提供虚假资料被取消资格，三年内不予购买服务",
        f"{SUPERVISION}：凡提供虚假资料……一经发现立即取消参与资格并追回资金，同时在媒体进行通告，三年内不予购买服务")
async def not_barred(ctx: CaseContext) -> bool | str:
    org = await _org(ctx)
    bars = await ctx.sanctions(org.id, kind="bar") if org is not None and org.id is not None else []
    if not bars:
        return True
    until = max((b.ends_on for b in bars if b.ends_on), default=None)
    return f"该组织因提供虚假资料被取消资格，{until.isoformat() if until else '无期限'}前不予购买服务"


@_guard("credit_code", "申报书的统一社会信用代码与申报组织的登记不符", f"{DOCUMENT} 三（六）1（2）：登记管理机关核发的登记证书副本证明")
async def credit_code_matches(ctx: CaseContext) -> bool | str:
    org = await _org(ctx)
    if org is None or org.credit_code == ctx.data.get("contractor_credit_code"):
        return True
    return f"申报书填写的统一社会信用代码{ctx.data.get('contractor_credit_code')}不是{org.name}的{org.credit_code}"


@_guard("one_project_per_year", "承办单位在年度内只能承办1个县区1个公益创投项目", f"{CONDITIONS}：承办单位在年度内只能承办1个县区1个公益创投项目")
async def one_project_per_year(ctx: CaseContext) -> bool | str:
    org = await _org(ctx)
    if org is None:
        return True
    by_county = ctx.setting(LIMIT_SCOPE, "city") == "county"
    held = [c for c in await ctx.cases(APPLICATION, states=COUNTED, year=ctx.today.year, organization_id=org.id,
                                       part="applicant", under=ctx.region if by_county else None)
            if c.id != ctx.case.id]
    if not held:
        return True
    where = f"在{forms.COUNTY_LABELS.get(ctx.region.path, ctx.region.path)}" if by_county else "在全市"
    return f"承办单位在年度内只能承办1个县区1个公益创投项目；该组织{ctx.today.year}年{where}已有项目申报或立项（#{held[0].id}）"


async def record_application(ctx: CaseContext) -> None:
    if ctx.acting_for is None or ctx.submission is None:
        raise RuntimeError("an application is opened by an organization's member, with its form")
    await ctx.add_party("applicant", organization_id=ctx.acting_for)
    ctx.set_data(organization_id=ctx.acting_for, county=ctx.region.path, application_form=ctx.submission.id,
                 project_name=ctx.data["project_name"], service_category=ctx.data["service_category"],
                 service_communities=list(ctx.data["service_communities"]),
                 requested_fen=ctx.data["budget"]["requested_fen"],
                 self_funding_share=str(Decimal(str(ctx.data["self_funding"]["share"]))))
    if not ctx.case.title:
        ctx.case.title = ctx.data["project_name"][:200]


# --- the application: review ----------------------------------------------------------------------------


@_guard("round_reviewing", "项目评审不在评审阶段", REVIEW)
async def round_reviewing(ctx: CaseContext) -> bool | str:
    round_ = await ctx.parent()
    return True if round_ is not None and round_.state == "reviewing" else "项目评审不在评审阶段（尚未截止申报或已排序）"


async def recuse(ctx: CaseContext) -> None:
    """三（七）回避: the expert leaves this application's panel; the one drawn takes the seat."""
    leaving = await _named_expert(ctx) if "expert" in ctx.data else ctx.principal.user_id
    await _leave(ctx, ctx.case, "reviewer", leaving)
    (joining,) = ctx.recorded["drawn"]
    await ctx.add_party("reviewer", user_id=joining)


@_guard("recused_is_member", "该专家不是本项目评审小组成员", f"{REVIEW}：主办单位也可要求该评审小组成员回避")
async def recused_is_member(ctx: CaseContext) -> bool | str:
    return await _named_member(ctx, "本项目")


@_guard("one_sheet", "每位评审专家对每个项目只提交一份评分表", f"{REVIEW}：由评审小组按照《项目评分标准》评分标准进行量化评分排序")
async def one_sheet(ctx: CaseContext) -> bool | str:
    if any(e.actor_user_id == ctx.principal.user_id for e in await ctx.events("score")):
        return "您已对本项目提交评分表，每位评审专家对每个项目只提交一份"
    return True


@_guard("sheet_matches", "评分表与本项目不符", f"{REVIEW}：对通过资格审查的项目，由评审小组按照《项目评分标准》评分标准进行量化评分排序")
async def sheet_matches(ctx: CaseContext) -> bool | str:
    round_ = await ctx.parent()
    problems = []
    if ctx.data.get("application_id") != ctx.case.data.get("application_form"):
        problems.append(f"项目申报书编号应为{ctx.case.data.get('application_form')}")
    if ctx.data.get("county") != ctx.case.data.get("county"):
        problems.append(f"申报县区应为{ctx.case.data.get('county')}")
    if round_ is not None and ctx.data.get("panel_size") != round_.data.get("panel_size"):
        problems.append(f"评审小组人数应为{round_.data.get('panel_size')}")
    if ctx.data.get("qualification_passed") is not True:
        problems.append("本项目已通过主体资格审查，评分表应填写通过")
    return True if not problems else "；".join(problems)


@_guard("only_by_ranking", "入选或候补由评审排序确定，不能单独操作", f"{REVIEW}：每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目")
async def only_by_ranking(ctx: CaseContext) -> bool:
    return ctx.system


async def promote_next(ctx: CaseContext) -> None:
    """三（七）由评审成绩靠前的同类项目按顺序递补: reserve applications of the county move up, in
    rank order, while the freed budget holds them."""
    round_ = await ctx.parent()
    if round_ is None or round_.state != "ranked":
        return
    county = ctx.case.data["county"]
    siblings = {a.id: a for a in await ctx.cases(APPLICATION, parent=round_)}
    committed = sum(a.data["requested_fen"] for a in siblings.values()
                    if a.data.get("county") == county and a.state in AWARDED)
    left = round_.data["budgets"].get(county, 0) - committed
    for entry in round_.data.get("ranking", {}).get(county, []):
        app = siblings.get(entry["application"])
        if app is not None and app.state == "reserve" and entry["requested_fen"] <= left:
            left -= entry["requested_fen"]
            await ctx.apply(app, "select", {})


async def disqualify(ctx: CaseContext) -> None:
    ctx.set_data(disqualified_on=ctx.today.isoformat(), disqualified_for=ctx.transition.action)
    await promote_next(ctx)


# --- the application: contract and money ----------------------------------------------------------------


def _share(ctx: CaseContext) -> Decimal:
    return Decimal(str(ctx.setting("first_tranche_share", "0.6")))


async def sign(ctx: CaseContext) -> None:
    award = int(ctx.case.data["requested_fen"])
    first = int((Decimal(award) * _share(ctx)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    ctx.set_data(signed_on=ctx.data["signed_on"], award_fen=award, tranches={"1": first, "2": award - first})


def _tranche(ctx: CaseContext) -> int:
    return int(ctx.data["tranche"])


@_guard("signed", "合同签署后方可申请拨付第一期资金", f"{IMPLEMENTATION}2：合同签署后拨付项目资金总金额的60%")
async def tranche_due(ctx: CaseContext) -> bool | str:
    if _tranche(ctx) == 1:
        return True if ctx.case.state in SIGNED else "合同签署后方可申请拨付第一期资金（总金额的60%）；本项目尚未签订合同"
    if ctx.case.state == "mid_term_passed":
        return True
    return "项目中期评估验收合格后方可申请拨付第二期资金（总金额的40%）；本项目尚未通过中期评估"


@_guard("not_paid", "该期资金已拨付，每期只拨付一次", f"{IMPLEMENTATION}2：分2期向主办单位申请服务项目拨款")
async def not_paid(ctx: CaseContext) -> bool | str:
    entry = await ctx.ledger_entry(f"tranche:{_tranche(ctx)}")
    return True if entry is None else f"第{_tranche(ctx)}期资金已于{entry.at:%Y-%m-%d}拨付{yuan_words(entry.amount_fen)}，每期只拨付一次"


@_guard("not_requested", "该期资金已申请，正在审核", f"{IMPLEMENTATION}2：经主办单位会同财政部门审核后，按支付程序拨付")
async def not_requested(ctx: CaseContext) -> bool | str:
    return True if ctx.case.data.get("payment_requested") != _tranche(ctx) else f"第{_tranche(ctx)}期资金已申请，正在审核"


@_guard("requested", "承办单位尚未申请该期资金", f"{IMPLEMENTATION}2：承办单位根据公益项目实施进度，分2期向主办单位申请服务项目拨款")
async def requested(ctx: CaseContext) -> bool | str:
    return True if ctx.case.data.get("payment_requested") == _tranche(ctx) else f"承办单位尚未申请第{_tranche(ctx)}期资金"


@_guard("payment_not_stopped", "已停止办理后续资金拨付", f"{SUPERVISION}：主办单位应及时停止办理后续资金拨付手续")
async def payment_not_stopped(ctx: CaseContext) -> bool | str:
    return True if not ctx.case.data.get("payment_stopped") else f"已停止办理后续资金拨付：{ctx.case.data.get('stop_reason')}"


async def note_request(ctx: CaseContext) -> None:
    ctx.set_data(payment_requested=_tranche(ctx))


async def pay(ctx: CaseContext) -> None:
    n = _tranche(ctx)
    await ctx.post(int(ctx.case.data["tranches"][str(n)]), "payment", entry_key=f"tranche:{n}",
                   note=f"第{n}期项目资金", field="data.tranche")
    ctx.set_data(payment_requested=None)


async def stop_payment(ctx: CaseContext) -> None:
    ctx.set_data(payment_stopped=True, stop_reason=ctx.data["reason"])


@_guard("within_paid", "追回或缴回的金额超过已拨付未追回的资金", f"{SUPERVISION}：追回已拨付但未使用或不合理使用的资金")
async def within_paid(ctx: CaseContext) -> bool | str:
    amount = int(ctx.data.get("amount_fen") or ctx.data.get("recover_fen") or 0)
    balance = await ctx.ledger_total()
    return True if amount <= balance else f"金额{amount}分超过已拨付未追回的{balance}分"


async def recover(ctx: CaseContext) -> None:
    amount = int(ctx.data.get("amount_fen") or ctx.data.get("recover_fen") or 0)
    if amount:
        await ctx.post(-amount, "recovery", note=ctx.data.get("reason", "")[:500])


async def return_surplus(ctx: CaseContext) -> None:
    await ctx.post(-int(ctx.data["amount_fen"]), "surplus_return", note="结余资金缴回市财政国库")


async def false_material(ctx: CaseContext) -> None:
    """三（十）: disqualified at once, the money paid recovered, barred for three years."""
    org = ctx.case.data["organization_id"]
    years = int(ctx.setting("debarment_years", 3))
    await ctx.sanction(org, "bar", reason=f"提供虚假资料：{ctx.data['findings']}"[:500], ends_on=_years_after(ctx.today, years),
                       source=f"{SUPERVISION}：凡提供虚假资料……三年内不予购买服务")
    balance = await ctx.ledger_total()
    if balance > 0:
        await ctx.post(-balance, "recovery", note="提供虚假资料，追回资金")
    was = ctx.event.from_state if ctx.event is not None else None
    ctx.set_data(disqualified_on=ctx.today.isoformat(), disqualified_for="false_material", barred_years=years)
    if was in ("selected", "verified"):
        await promote_next(ctx)


# --- the application: reports and evaluations -----------------------------------------------------------


@_guard("same_project", "报表与本项目不符", f"{IMPLEMENTATION}4；{EVALUATION}")
async def same_project(ctx: CaseContext) -> bool | str:
    if ctx.data.get("application_id") == ctx.case.data.get("application_form"):
        return True
    return f"项目申报书编号应为{ctx.case.data.get('application_form')}，填写为{ctx.data.get('application_id')}"


@_guard("month_once", "该月的月度报告已报送", f"{IMPLEMENTATION}4：承办单位每月度以书面方式，向主办单位报送项目实施进度、资金监管等情况")
async def month_once(ctx: CaseContext) -> bool | str:
    month = ctx.data.get("month")
    return True if month not in ctx.case.data.get("reported_months", []) else f"{month}的月度报告已报送"


def _month_end(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, monthrange(year, number)[1])


@_guard("month_reportable", "报告月份不能晚于本月，也不能早于签订合同的月份",
        f"{IMPLEMENTATION}4：承办单位每月度以书面方式，向主办单位报送项目实施进度")
async def month_reportable(ctx: CaseContext) -> bool:
    """A report is for a month that has begun, and not before the contract: its sessions are
    recorded as activities of that month, in that year's indicators."""
    month = str(ctx.data.get("month"))
    if month > ctx.today.strftime("%Y-%m"):
        raise FieldError("data.month", f"{month}尚未开始，月度报告报送已开展的工作（本月为{ctx.today:%Y-%m}）")
    signed = str(ctx.case.data.get("signed_on") or "")
    if month < signed[:7]:
        raise FieldError("data.month", f"合同于{signed}签订，{month}早于项目实施")
    return True


async def _applied(ctx: CaseContext, key: str) -> Any:
    """A field of the application (the contract, 三（八）1) copied onto the case; read from its form
    for an application recorded before it was copied."""
    if key in ctx.case.data:
        return ctx.case.data[key]
    applied = await ctx.events("apply")
    form = await ctx.form_data(applied[0]) if applied else None
    return (form or {}).get(key)


async def _service_communities(ctx: CaseContext) -> list[str]:
    return list(await _applied(ctx, "service_communities") or [])


@_guard("service_communities", "报告的社区（村）须是项目申报书所列的服务社区（村）",
        f"{DOCUMENT} 三（四）：服务范围以《五社联动项目开展社区（村）名单》为准；{IMPLEMENTATION}1：申报书即为项目实施的格式合同")
async def reported_communities(ctx: CaseContext) -> bool:
    """Each line of ``progress.by_community`` is a community of the project's application, and
    people served come with at least one session (the line is recorded as that many 场次)."""
    served = await _service_communities(ctx)
    for n, line in enumerate((ctx.data.get("progress") or {}).get("by_community") or []):
        community = line.get("community")
        if community not in served:
            named = _labels([forms.COMMUNITY_LABELS.get(c, c) for c in served])
            raise FieldError(f"data.progress.by_community.{n}.community",
                             f"{forms.COMMUNITY_LABELS.get(community, community)}不在本项目申报书的服务社区（村）中（{named}）")
        if not line.get("sessions") and line.get("person_times"):
            raise FieldError(f"data.progress.by_community.{n}.sessions", "服务人次不为0时，活动场次不能为0")
    return True


async def count_progress(ctx: CaseContext) -> None:
    """The month's sessions and person-times on the project (the step restarts the state's monthly
    deadline: the next report is due a month later), and in the indicators: each community's line
    is recorded as an activity of the contractor at that community, held on the month's last day
    (today, for the current month), so the community's yearly 场次 and 人次 (三（四）: 48 and 1000)
    count it."""
    progress, month = ctx.data["progress"], ctx.data["month"]
    ctx.set_data(reported_months=[*ctx.case.data.get("reported_months", []), month],
                 sessions=int(ctx.case.data.get("sessions", 0)) + progress["sessions"],
                 person_times=int(ctx.case.data.get("person_times", 0)) + progress["person_times"])
    held_on = min(_month_end(month), ctx.today)
    category = catalogues.LABELS.get(str(await _applied(ctx, "service_category")))
    title = f"《{ctx.case.data.get('project_name') or ctx.case.title}》{month}月度报告"[:200]
    for n, line in enumerate(progress["by_community"]):
        if not line["sessions"]:
            continue  # nothing held there this month
        await ctx.record_activity(line["community"], title=title, held_on=held_on, sessions=line["sessions"],
                                  person_times=line["person_times"], organization_id=ctx.case.data["organization_id"],
                                  category=category, field=f"data.progress.by_community.{n}")


@_guard("no_panel_yet", "评估小组已抽取", EVALUATION)
async def no_evaluators(ctx: CaseContext) -> bool | str:
    return True if not await ctx.parties("evaluator") else "本项目的评估小组已抽取"


async def add_evaluators(ctx: CaseContext) -> None:
    for user in ctx.recorded["drawn"]:
        await ctx.add_party("evaluator", user_id=user)
    ctx.set_data(evaluation_panel_size=ctx.data["panel_size"])


def _stage(stage: str, passed: bool | None) -> Check:
    async def check(ctx: CaseContext) -> bool | str:
        problems = []
        if ctx.data.get("stage") != stage:
            problems.append(f"评估阶段应为{forms.EVALUATION_STAGES[stage]}")
        conclusion = (ctx.data.get("conclusion") or {}).get("passed")
        if passed is not None and conclusion is not passed:
            problems.append("评估结论应为" + ("验收合格" if passed else "验收不合格"))
        return True if not problems else "；".join(problems)
    return check


def _stage_guard(stage: str, passed: bool | None) -> GuardDecl:
    return GuardDecl(key="stage", message="评估阶段或结论与本步骤不符", check=_stage(stage, passed),
                     source=f"{IMPLEMENTATION}2：项目中期评估验收合格后核拨40%；{EVALUATION}")


@_guard("new_panel", "评估小组须重新抽取，且不含本项目的评审专家", f"{EVALUATION}：从项目评审专家库中抽取5或7名专家组成评估小组")
async def new_panel(ctx: CaseContext) -> bool | str:
    evaluators = {p.user_id for p in await ctx.parties("evaluator")}
    reviewers = {p.user_id for p in await ctx.parties("reviewer", active=None)}
    if not evaluators:
        return "本项目尚未抽取评估小组"
    if evaluators & reviewers:
        return "评估小组成员与评审小组成员重复"
    if ctx.data.get("panel_size") != len(evaluators):
        return f"评估小组人数应为{len(evaluators)}"
    return True


async def record_mid_term(ctx: CaseContext) -> None:
    ctx.set_data(mid_term={"passed": ctx.data["conclusion"]["passed"], "score": ctx.data["conclusion"]["score"],
                           "evaluated_on": ctx.data["evaluated_on"]})


async def record_final(ctx: CaseContext) -> None:
    selection = ctx.data["selection"]
    ctx.set_data(final={"passed": ctx.data["conclusion"]["passed"], "score": ctx.data["conclusion"]["score"],
                        "evaluated_on": ctx.data["evaluated_on"]},
                 brand=selection["brand"], outstanding=selection["outstanding"])


MONTHLY = DeadlineDecl(months=1, label="月度进度报告", source=f"{IMPLEMENTATION}4：承办单位每月度以书面方式，向主办单位报送项目实施进度")
REVEALED = RANKED
_REASON = _obj({"reason": _TEXT})
_TRANCHE = _obj({"tranche": {"type": "integer", "enum": [1, 2]}})
_SITE = _obj({"visited_on": _DATE, "findings": _TEXT})

APPLICATION_TYPE = CaseTypeDecl(
    key=APPLICATION,
    label="“五社联动”项目申报与实施",
    tiers=(Tier.DISTRICT,),
    parent_type=ROUND,
    parts=(
        PartDecl(key="applicant", label="申报单位（承办单位）"),
        # the panels' names are theirs and the organizer's, not the applicant's (三（七）: 评审回避)
        PartDecl(key="reviewer", label="评审小组专家", seen_by=("reviewer",)),
        PartDecl(key="evaluator", label="评估小组专家", seen_by=("evaluator",)),
    ),
    retention_years=3,  # 三（八）6: 档案保管期限为三年
    states=(
        StateDecl(key="submitted", label="已申报"),
        StateDecl(key="qualified", label="通过主体资格审查"),
        StateDecl(key="ineligible", label="未通过主体资格审查", terminal=True),
        StateDecl(key="selected", label="拟购买，待实地核查"),
        StateDecl(key="reserve", label="候补"),
        StateDecl(key="not_funded", label="未获购买", terminal=True),
        StateDecl(key="verified", label="实地核查通过，待签约"),
        StateDecl(key="disqualified", label="取消购买资格", terminal=True),
        StateDecl(key="contracted", label="已签约，实施中", deadline=MONTHLY),
        StateDecl(key="mid_term_passed", label="中期评估合格", deadline=MONTHLY),
        StateDecl(key="finished", label="末期评估完成"),
        StateDecl(key="terminated", label="终止协议", terminal=True),
        StateDecl(key="archived", label="已归档", terminal=True),
    ),
    transitions=(
        TransitionDecl(action="apply", label="提交项目申报书", from_states=(START,), to="submitted", permission=APPLY,
                       form=forms.APPLICATION,
                       guards=(acts_for_organization, round_open, county_budget, *ELIGIBILITY, not_barred,
                               credit_code_matches, one_project_per_year),
                       effects=(record_application,),
                       source=f"{DOCUMENT} 三（六）1；{CONDITIONS}"),
        TransitionDecl(action="declare_conflict", label="申报利益关系并申请回避", from_states=("submitted", "qualified"),
                       parties=("reviewer",),
                       schema=_obj({"relation": {"enum": list(forms.INTEREST_RELATIONS)}, "description": _TEXT},
                                   optional=("description",)),
                       guards=(round_reviewing, draw_guard), effects=(draw_experts, recuse),
                       visible_to=("reviewer",), revealed_in=REVEALED, revealed_to=("reviewer",),
                       source=f"{REVIEW}：评审小组成员……如发现与申报扶持的社会组织有直接利益关系……应主动向主办单位说明，按规定申请回避"),
        TransitionDecl(action="order_recusal", label="要求评审专家回避", from_states=("submitted", "qualified"),
                       permission=MANAGE, schema=_obj({"expert": _USER, "reason": _TEXT}),
                       guards=(round_reviewing, recused_is_member, draw_guard), effects=(draw_experts, recuse),
                       visible_to=("reviewer",), revealed_in=REVEALED, revealed_to=("reviewer",),
                       source=f"{REVIEW}：主办单位也可要求该评审小组成员回避"),
        TransitionDecl(action="pass_qualification", label="通过主体资格审查", from_states=("submitted",), to="qualified",
                       permission=MANAGE, parties=("reviewer",), schema=_obj({"note": _TEXT}, optional=("note",)),
                       guards=(round_reviewing,),
                       source=f"{REVIEW}：组织评审小组对社会组织主体资格、申报材料进行审查"),
        TransitionDecl(action="fail_qualification", label="未通过主体资格审查", from_states=("submitted",),
                       to="ineligible", permission=MANAGE, parties=("reviewer",), schema=_REASON,
                       guards=(round_reviewing,), notify=("applicant",),
                       source=f"{REVIEW}：组织评审小组对社会组织主体资格、申报材料进行审查"),
        TransitionDecl(action="score", label="提交评分表", from_states=("qualified",), parties=("reviewer",),
                       form=forms.SCORING, guards=(round_reviewing, one_sheet, sheet_matches),
                       visible_to=(), revealed_in=REVEALED, revealed_to=("reviewer",),
                       source=f"{REVIEW}：由评审小组按照《项目评分标准》评分标准进行量化评分排序"),
        TransitionDecl(action="select", label="列入拟购买项目", from_states=("qualified", "reserve"), to="selected",
                       permission=MANAGE, guards=(only_by_ranking,), effects=(record_review_score,), notify=("applicant",),
                       source=f"{REVIEW}：在项目资金预算范围内确定拟购买的项目；由评审成绩靠前的同类项目按顺序递补"),
        TransitionDecl(action="hold_in_reserve", label="列为候补", from_states=("qualified",), to="reserve",
                       permission=MANAGE, guards=(only_by_ranking,), effects=(record_review_score,), notify=("applicant",),
                       source=f"{REVIEW}：由评审成绩靠前的同类项目按顺序递补"),
        TransitionDecl(action="not_funded", label="未获购买", from_states=("reserve",), to="not_funded",
                       permission=MANAGE, guards=(only_by_ranking,), notify=("applicant",),
                       source=f"{REVIEW}：在项目资金预算范围内确定拟购买的项目"),
        TransitionDecl(action="verify_on_site", label="实地核查一致", from_states=("selected",), to="verified",
                       permission=MANAGE, schema=_SITE, notify=("applicant",),
                       source=f"{REVIEW}：主办单位应当对申报项目的社会组织进行实地核查"),
        TransitionDecl(action="on_site_mismatch", label="实地核查不一致，取消购买资格", from_states=("selected",),
                       to="disqualified", permission=MANAGE, schema=_SITE, effects=(disqualify,), notify=("applicant",),
                       source=f"{REVIEW}：对书面材料与实地核查结果不一致的，取消购买资格，由评审成绩靠前的同类项目按顺序递补"),
        TransitionDecl(action="sign_contract", label="签订项目合同", from_states=("verified",), to="contracted",
                       permission=MANAGE, schema=_obj({"signed_on": _DATE}), effects=(sign,), notify=("applicant",),
                       source=f"{IMPLEMENTATION}1：申报项目一经立项，《“五社联动”项目申报书》即为项目实施的格式合同，"
                       "由主办单位与承办单位正式签订"),
        TransitionDecl(action="request_payment", label="申请拨付项目资金",
                       from_states=("selected", "verified", "contracted", "mid_term_passed"),
                       parties=("applicant",), schema=_TRANCHE,
                       guards=(tranche_due, not_paid, not_requested, payment_not_stopped), effects=(note_request,),
                       source=f"{IMPLEMENTATION}2：承办单位根据公益项目实施进度，分2期向主办单位申请服务项目拨款"),
        TransitionDecl(action="pay", label="拨付项目资金", from_states=SIGNED, permission=PAY, schema=_TRANCHE,
                       guards=(requested, tranche_due, not_paid, payment_not_stopped), effects=(pay,),
                       notify=("applicant",),
                       source=f"{IMPLEMENTATION}2：经主办单位会同财政部门审核后，按支付程序拨付给承办单位。合同签署后拨付"
                       "项目资金总金额的60%，项目中期评估验收合格后核拨40%"),
        TransitionDecl(action="report_progress", label="报送月度进度报告", from_states=SIGNED, parties=("applicant",),
                       form=forms.PROGRESS, guards=(same_project, month_once, month_reportable, reported_communities),
                       effects=(count_progress,),
                       restarts_deadline=True,
                       source=f"{IMPLEMENTATION}4：承办单位每月度以书面方式，向主办单位报送项目实施进度、资金监管等情况及阶段总结报告"),
        TransitionDecl(action="draw_evaluation_panel", label="抽取评估小组", from_states=("contracted",),
                       permission=MANAGE, schema=_obj({"panel_size": _PANEL}), guards=(no_evaluators, draw_guard),
                       effects=(draw_experts, add_evaluators),
                       source=f"{EVALUATION}：从项目评审专家库中抽取5或7名专家组成评估小组"),
        TransitionDecl(action="pass_mid_term", label="中期评估验收合格", from_states=("contracted",),
                       to="mid_term_passed", parties=("evaluator",), form=forms.EVALUATION,
                       guards=(same_project, _stage_guard("mid_term", True), new_panel), effects=(record_mid_term,),
                       notify=("applicant",),
                       source=f"{IMPLEMENTATION}2：项目中期评估验收合格后核拨40%；{EVALUATION}"),
        TransitionDecl(action="fail_mid_term", label="中期评估验收不合格", from_states=("contracted",),
                       parties=("evaluator",), form=forms.EVALUATION,
                       guards=(same_project, _stage_guard("mid_term", False), new_panel), effects=(record_mid_term,),
                       notify=("applicant",), source=f"{IMPLEMENTATION}2；{EVALUATION}"),
        TransitionDecl(action="final_evaluation", label="末期绩效评估", from_states=("mid_term_passed",), to="finished",
                       parties=("evaluator",), form=forms.EVALUATION,
                       guards=(same_project, _stage_guard("final", None), new_panel), effects=(record_final,),
                       notify=("applicant",),
                       source=f"{EVALUATION}4：评选出具备服务效益好、社会影响广、社会需求大、服务对象满意度高等特征的品牌和优秀项目"),
        TransitionDecl(action="stop_payment", label="停止后续资金拨付", from_states=SIGNED, permission=MANAGE,
                       schema=_REASON, guards=(payment_not_stopped,), effects=(stop_payment,), notify=("applicant",),
                       source=f"{SUPERVISION}：承办单位未严格按照合同约定认真实施服务项目的，主办单位应及时停止办理后续资金拨付手续"),
        TransitionDecl(action="recover", label="追回资金", from_states=(*SIGNED, "finished"), permission=MANAGE,
                       schema=_obj({"amount_fen": _FEN, "reason": _TEXT}), guards=(within_paid,), effects=(recover,),
                       notify=("applicant",),
                       source=f"{SUPERVISION}：追回已拨付但未使用或不合理使用的资金"),
        TransitionDecl(action="terminate", label="终止协议", from_states=SIGNED, to="terminated", permission=MANAGE,
                       schema=_obj({"reason": _TEXT, "recover_fen": {"type": "integer", "minimum": 0}},
                                   optional=("recover_fen",)),
                       guards=(within_paid,), effects=(recover,), notify=("applicant",),
                       source=f"{SUPERVISION}：对履行权利、义务和责任不及时、不到位且拒不改正的，有权终止协议；"
                       "须及时撤销无法继续实施项目，清算项目资金"),
        TransitionDecl(action="false_material", label="提供虚假资料，取消资格", from_states=(
            "submitted", "qualified", "selected", "reserve", "verified", "contracted", "mid_term_passed", "finished"),
            to="disqualified", permission=MANAGE, schema=_obj({"findings": _TEXT}), effects=(false_material,),
            notify=("applicant",),
            source=f"{SUPERVISION}：凡提供虚假资料或采取其他不正当手段虚假参与项目的，一经发现立即取消参与资格并追回资金，"
            "同时在媒体进行通告，三年内不予购买服务"),
        TransitionDecl(action="return_surplus", label="结余资金缴回", from_states=("finished",), permission=MANAGE,
                       schema=_obj({"amount_fen": _FEN}), guards=(within_paid,), effects=(return_surplus,),
                       source=f"{SUPERVISION}：公益创投资金若有结余的，由使用单位循原划拨渠道缴回市财政国库"),
        TransitionDecl(action="archive", label="项目总结并归档", from_states=("finished",), to="archived",
                       permission=MANAGE, schema=_obj({"summary": _TEXT}),
                       source=f"{IMPLEMENTATION}6：承办单位负责将项目资料按档案制作要求整理归档，档案保管期限为三年"),
    ),
    disclosure=DisclosureDecl(
        # 三（七）1: 评审过程公开透明; 三（八）4: 向社会公众公开相关信息 — the projects bought (selected on,
        # never those refused, held in reserve or withdrawn), by whom, for how much, scored how, evaluated how.
        states=AWARDED,
        fields=(
            DisclosedFieldDecl(key="organization_id", label="承办单位", kind="organization"),
            DisclosedFieldDecl(key="service_category", label="服务类别"),
            DisclosedFieldDecl(key="requested_fen", label="申请资金（元）", kind="fen"),
            DisclosedFieldDecl(key="award_fen", label="合同金额（元）", kind="fen"),
            DisclosedFieldDecl(key="review_score", label="评审得分", kind="number"),
            DisclosedFieldDecl(key="mid_term.passed", label="中期评估", kind="passed"),
            DisclosedFieldDecl(key="mid_term.score", label="中期评估得分", kind="number"),
            DisclosedFieldDecl(key="final.passed", label="末期评估", kind="passed"),
            DisclosedFieldDecl(key="final.score", label="末期评估得分", kind="number"),
        ),
        source=f"{REVIEW}1：评审过程公开透明；{IMPLEMENTATION}4：以适当方式向社会公众公开相关信息",
    ),
    measures=(
        CaseMeasureDecl(key="panjin_projects_contracted", label="已签约的“五社联动”项目",
                        states=("contracted", "mid_term_passed", "finished", "archived")),
    ),
    source=f"{DOCUMENT} 三（六）至三（十）",
)

CASE_TYPES = [ROUND_TYPE, APPLICATION_TYPE]
