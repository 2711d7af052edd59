"""天津市的创建点：津民函〔2023〕20号 二（任务目标）、三（创建标准）、五（三）（评估、结项）, as case types.

- ``tianjin_creation_point`` (示范项目创建点), at the street: the district bureau designates a street
  as a district-level creation point within its quota of 附件1, or enrols a city–district joint point
  of 附件2 (its 序号, street and communities checked against the list); the district's mid-term and
  final evaluations, reported to the city (五（三）); closing: the district closes its district-level
  points, the city closes the joint points after its evaluation (经评估合格后给予结项); closing is
  refused while an evaluation failed, a creation task is open or a live standard of 三 is unmet.
- ``tianjin_creation_community`` (辐射社区), at the community, a child of the point: one per covered
  community (三（二）: 不少于2个社区), so that creation-point and joint-point communities are counted
  as regions with such a case.
- ``tianjin_creation_task`` (创建任务), at the street, a child of the point: one per creation standard
  三（一）–（七）, open or done; the share done is the milestone of 二 (50% by the end of November 2023,
  all by the end of June 2024).

The milestones are the due dates of the point's states (``creating`` by 2023-11-30, ``mid_term_evaluated``
by 2024-06-30): a point late on them is overdue in the city's and district's lists.
"""

from typing import Any

from sqlmodel import select

from core import (
    START,
    CaseMeasureDecl,
    CaseTypeDecl,
    DeadlineDecl,
    GuardDecl,
    PermissionDecl,
    StateDecl,
    Tier,
    TransitionDecl,
)
from core.cases import CaseContext
from core.documents.rules import enabled_plugins
from core.errors import FieldError
from core.indicators.evaluate import evaluate_at
from core.models import Case, Region

from .forms import STANDARDS
from .regions import DISTRICTS, JOINT_POINTS
from .targets import COMPLETION, COVERED_COMMUNITIES, HALFWAY, QUOTAS

DOCUMENT = "津民函〔2023〕20号"

POINT = "tianjin_creation_point"
COMMUNITY = "tianjin_creation_community"
TASK = "tianjin_creation_task"

DISTRICT_LEVEL = "区级创建点"
JOINT = "市区联合创建点"

LIVE = ("creating", "mid_term_evaluated", "final_evaluated", "closed")
"""The states of a designated point that was not withdrawn (counts against the quota)."""
OPEN = ("creating", "mid_term_evaluated", "final_evaluated")

JOINT_COMMUNITIES: dict[str, tuple[str, ...]] = {
    f"tianjin/{district}/{street}": tuple(f"tianjin/{district}/{street}/{code}" for code, _ in communities)
    for district, _, streets in DISTRICTS for street, _, communities in streets
}
"""附件2: each joint point's street → the paths of its communities (``regions.py``)."""

STANDARD_INDICATORS = {
    "station_full_time_social_workers", "certified_community_workers", "community_social_organizations",
    "volunteer_teams", "volunteer_share", "active_volunteer_share", "fund_raised_per_year",
}
"""The numeric standards of 三 (``targets.py``), scoped to each joint point's street; 三（二）'s covered
communities (``tianjin_creation_point_communities`` there) are judged by the ``covered_communities``
guard, on the point's own community cases."""

_GOAL = "二、任务目标“在全市选取……50个街镇（100个城乡社区）作为……区级创建点（名额分配见附件1），其中11个街镇（24个社区）作为市区联合创建点（具体名单见附件2）”"
_TABLE = "附件1《健全‘五社联动’机制示范项目区级创建点名额分配表》"
_MILESTONES = "二“2023年11月底前完成创建任务的50%以上……到2024年6月底，创建任务全部完成”"
_DISTRICT_EVALUATION = "五（三）“各区民政局……对本区创建点项目进行全流程监督指导，做好中期、末期评估，并将评估结果报送市民政局”"
_CITY_EVALUATION = "五（三）“市民政局组建专业评估团队，分阶段对市区联合创建点项目开展评估考核……经评估合格后给予结项”"
_COVERED = "三（二）“项目辐射不少于2个社区”"

PERMISSIONS = [
    PermissionDecl(resource=POINT, actions=("designate", "evaluate", "evaluate_joint_point", "close", "close_joint_point"),
                   label="示范项目创建点", action_labels={"designate": "确定", "evaluate": "评估", "evaluate_joint_point": "评估联合创建点",
                                                   "close": "结项", "close_joint_point": "联合创建点结项"},
                   source=f"{DOCUMENT} {_DISTRICT_EVALUATION}；{_CITY_EVALUATION}",
                   description="示范项目创建点: designate a point (the district), evaluate it and close it (the "
                               "district), evaluate and close a city–district joint point (the city)"),
    PermissionDecl(resource=TASK, actions=("complete", "reopen"), source=f"{DOCUMENT} {_MILESTONES}",
                   label="创建任务", action_labels={"complete": "完成", "reopen": "重新打开"},
                   description="创建任务: mark a creation standard's task done, or open it again"),
]


# --- reading ------------------------------------------------------------------------------------


async def _region(ctx: CaseContext, path: str) -> Region | None:
    return (await ctx.session.exec(select(Region).where(Region.tenant_id == ctx.tenant.id, Region.path == path))).first()


def _community_paths(ctx: CaseContext) -> list[str]:
    """The step's communities as full paths (a bare code is a community of the case's street)."""
    return [c if "/" in c else f"{ctx.region.path}/{c}" for c in ctx.data.get("communities") or []]


def _district_code(ctx: CaseContext) -> str:
    return ctx.region.path.split("/")[1]


async def _task_counts(ctx: CaseContext, point: Case) -> tuple[int, int]:
    tasks = await ctx.cases(TASK, parent=point)
    return sum(t.state == "done" for t in tasks), len(tasks)


# --- designation -------------------------------------------------------------------------------


async def check_not_designated(ctx: CaseContext) -> bool | str:
    others = [c for c in await ctx.cases(POINT, states=LIVE, under=ctx.region) if c.id != ctx.case.id]
    return True if not others else f"{ctx.region.name}已是创建点（#{others[0].id}）"


async def check_quota(ctx: CaseContext) -> bool | str:
    district = await ctx.ancestor(Tier.DISTRICT)
    code = _district_code(ctx)
    if district is None or code not in QUOTAS:
        return f"{ctx.region.path}不在附件1的名额分配表中"
    streets, communities = QUOTAS[code]
    points = [c for c in await ctx.cases(POINT, states=LIVE, under=district) if c.id != ctx.case.id]
    taken = sum(len((c.data or {}).get("communities") or []) for c in points)
    problems = []
    if len(points) + 1 > streets:
        problems.append(f"{district.name}已有{len(points)}个创建点街镇，名额{streets}个")
    wanted = len(_community_paths(ctx))
    if taken + wanted > communities:
        problems.append(f"{district.name}已有{taken}个试点社区，再加{wanted}个超过名额{communities}个")
    return True if not problems else "超出附件1的名额：" + "；".join(problems)


async def check_joint_point(ctx: CaseContext) -> bool | str:
    """A joint point's 序号 is its street's in 附件2 and its communities are the list's; a street of
    附件2 is enrolled as the joint point it is."""
    number = ctx.data.get("joint_point")
    listed = JOINT_POINTS.get(ctx.region.path)
    if ctx.data.get("level") == DISTRICT_LEVEL:
        if number is not None:
            raise FieldError("data.joint_point", "区级创建点没有市区联合创建点序号")
        if listed is not None:
            raise FieldError("data.level", f"{ctx.region.name}是附件2的市区联合创建点{listed}，应按市区联合创建点确定")
        return True
    if number is None:
        raise FieldError("data.joint_point", "市区联合创建点应填写附件2的序号（1—11）")
    if listed != number:
        where = f"是附件2的市区联合创建点{listed}" if listed else "不在附件2的名单中"
        raise FieldError("data.joint_point", f"{ctx.region.name}{where}，不是市区联合创建点{number}")
    expected = set(JOINT_COMMUNITIES[ctx.region.path])
    given = set(_community_paths(ctx))
    if given != expected:
        missing = sorted(expected - given)
        extra = sorted(given - expected)
        parts = []
        if missing:
            parts.append("缺少" + "、".join(missing))
        if extra:
            parts.append("多出" + "、".join(extra))
        raise FieldError("data.communities", f"市区联合创建点{number}的试点社区与附件2不符：" + "；".join(parts))
    return True


async def check_communities(ctx: CaseContext) -> bool | str:
    paths = _community_paths(ctx)
    if len(set(paths)) < COVERED_COMMUNITIES:
        raise FieldError("data.communities", f"项目应辐射不少于{COVERED_COMMUNITIES}个社区")
    for path in paths:
        region = await _region(ctx, path)
        if region is None or region.tier is not Tier.COMMUNITY or region.parent_id != ctx.region.id:
            raise FieldError("data.communities", f"{path}不是{ctx.region.name}的社区")
    return True


async def designated(ctx: CaseContext) -> None:
    """Open a child case per covered community and per creation standard."""
    level = ctx.data["level"]
    paths = _community_paths(ctx)
    ctx.set_data(level=level, joint_point=ctx.data.get("joint_point"), communities=paths)
    action = "cover_joint" if level == JOINT else "cover"
    for path in paths:
        region = await _region(ctx, path)
        assert region is not None  # checked by the guard
        await ctx.open(COMMUNITY, region, action, {}, title=f"{region.name}（{ctx.region.name}{level}）", parent=ctx.case)
    for key, label in STANDARDS.items():
        await ctx.open(TASK, ctx.region, "assign", {"standard": key}, title=f"{ctx.region.name} 三{label}",
                       parent=ctx.case)


# --- evaluations ---------------------------------------------------------------------------------


def check_reported(ctx: CaseContext) -> bool | str:
    return True if ctx.data.get("reported_to_city_on") else "评估结果应报送市民政局（填写报送日期）"


def check_same_point(ctx: CaseContext) -> bool | str:
    point = ctx.data.get("creation_point") or {}
    problems = []
    if point.get("street") != ctx.region.name:
        problems.append(f"评估表的创建点街镇“{point.get('street')}”不是{ctx.region.name}")
    level = (ctx.case.data or {}).get("level")
    if point.get("level") != level:
        problems.append(f"创建点类别应为“{level}”")
    if level == JOINT and point.get("joint_point") != (ctx.case.data or {}).get("joint_point"):
        problems.append(f"市区联合创建点序号应为{(ctx.case.data or {}).get('joint_point')}")
    return True if not problems else "；".join(problems)


async def check_share_is_live(ctx: CaseContext) -> bool | str:
    """The share of tasks done the evaluation reports is the share of the point's task cases done."""
    done, total = await _task_counts(ctx, ctx.case)
    share = ctx.data.get("tasks_done_share")
    if total and share is not None and abs(share - done / total) > 0.005:
        return f"评估表填报创建任务完成比例{share:.0%}，创建任务实际完成{done}/{total}"
    return True


def evaluated(kind: str) -> Any:
    def effect(ctx: CaseContext) -> None:
        ctx.set_data(**{f"{kind}_result": ctx.data.get("result"), f"{kind}_evaluated_on": ctx.data.get("evaluated_on"),
                        f"{kind}_reported_to_city_on": ctx.data.get("reported_to_city_on")})
    return effect


def joint_evaluated(ctx: CaseContext) -> None:
    ctx.set_data(joint_result=ctx.data.get("result"), joint_stage=ctx.data.get("stage"))


# --- closing ----------------------------------------------------------------------------------------


def check_evaluations_passed(ctx: CaseContext) -> bool | str:
    data = ctx.case.data or {}
    failed = [label for key, label in (("mid_term", "中期评估"), ("final", "末期评估"), ("joint", "市级阶段评估"))
              if data.get(f"{key}_result") == "不合格"]
    if failed:
        return "、".join(failed) + "结果不合格，整改后重新评估合格方可结项"
    if data.get("final_result") != "合格":
        return "区民政局末期评估合格后方可结项"
    return True


async def check_tasks_done(ctx: CaseContext) -> bool | str:
    done, total = await _task_counts(ctx, ctx.case)
    if total and done == total:
        return True
    tasks = await ctx.cases(TASK, parent=ctx.case, states=("open",))
    names = "、".join(STANDARDS.get((t.data or {}).get("standard", ""), t.title) for t in tasks)
    return f"创建任务完成{done}/{total}，未完成：{names}"


async def check_covered_live(ctx: CaseContext) -> bool | str:
    covered = await ctx.cases(COMMUNITY, parent=ctx.case, states=("covered", "covered_joint"))
    if len(covered) >= COVERED_COMMUNITIES:
        return True
    return f"项目辐射社区{len(covered)}个，不足{COVERED_COMMUNITIES}个"


async def check_standards_live(ctx: CaseContext) -> bool | str:
    """The numeric standards of 三 in force at the point's street, judged on live data (as the
    targets report does); an indicator without live data is not judged here."""
    enabled = await enabled_plugins(ctx.session, ctx.tenant)
    statuses = await evaluate_at(ctx.session.exec, ctx.registry, ctx.region, enabled, ctx.today.year, ctx.today,
                                 failing=0, indicators=STANDARD_INDICATORS)
    unmet = [s.target.label for s in statuses if s.applied.scope == ctx.region.path and s.met is False]
    return True if not unmet else "创建标准未达标：" + "；".join(unmet)


def check_district_level(ctx: CaseContext) -> bool | str:
    if (ctx.case.data or {}).get("level") == JOINT:
        return "市区联合创建点由市民政局评估合格后给予结项"
    return True


def check_joint_level(ctx: CaseContext) -> bool | str:
    return True if (ctx.case.data or {}).get("level") == JOINT else "区级创建点由区民政局结项"


def check_joint_closing(ctx: CaseContext) -> bool | str:
    if ctx.data.get("closed") is not True or ctx.data.get("final_stage") is not True:
        return "结项应填写结项评估（final_stage）并给予结项（closed）"
    return True if ctx.data.get("result") == "合格" else "评估结果不合格，不能给予结项"


async def closed(ctx: CaseContext) -> None:
    for child in await ctx.children(COMMUNITY):
        if child.state == "covered":
            await ctx.apply(child, "complete")
        elif child.state == "covered_joint":
            await ctx.apply(child, "complete_joint")


async def withdrawn(ctx: CaseContext) -> None:
    ctx.set_data(withdrawn_reason=ctx.data.get("reason"))
    for child in await ctx.children(COMMUNITY):
        if child.state in ("covered", "covered_joint"):
            await ctx.apply(child, "withdraw")
    for task in await ctx.children(TASK):
        if task.state in ("open", "done"):
            await ctx.apply(task, "cancel")


# --- tasks ------------------------------------------------------------------------------------------


async def check_point_open(ctx: CaseContext) -> bool | str:
    point = await ctx.parent()
    if point is None or point.state in OPEN:
        return True
    return "创建点已结项或撤销，创建任务不再变更"


def task_assigned(ctx: CaseContext) -> None:
    ctx.set_data(standard=ctx.data["standard"])


def task_done(ctx: CaseContext) -> None:
    ctx.set_data(done_on=ctx.today.isoformat(), summary=ctx.data.get("summary"))


# --- declarations -----------------------------------------------------------------------------------


def _guard(key: str, message: str, check: Any, source: str) -> GuardDecl:
    return GuardDecl(key=key, message=message, check=check, source=f"{DOCUMENT} {source}")


DESIGNATE_SCHEMA = {
    "type": "object",
    "properties": {
        "level": {"type": "string", "enum": [DISTRICT_LEVEL, JOINT], "title": "创建点类别"},
        "joint_point": {"type": "integer", "minimum": 1, "maximum": 11, "title": "市区联合创建点序号（附件2）"},
        "communities": {
            "type": "array", "title": "试点社区", "minItems": 1, "uniqueItems": True,
            "items": {"type": "string", "minLength": 1, "maxLength": 400},
        },
    },
    "required": ["level", "communities"],
    "additionalProperties": False,
}

REASON_SCHEMA = {
    "type": "object",
    "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 2000, "title": "原因"}},
    "required": ["reason"],
    "additionalProperties": False,
}


def _point() -> CaseTypeDecl:
    district_evaluation = (  # a district's mid-term and final evaluations (三（二）)
        _guard("same_point", "评估表应是对本创建点的评估", check_same_point, _DISTRICT_EVALUATION),
        _guard("reported", "评估结果应报送市民政局", check_reported, _DISTRICT_EVALUATION),
        _guard("tasks_done_share", "评估表的创建任务完成比例应与创建任务完成情况一致", check_share_is_live, _MILESTONES),
    )
    permission = f"{POINT}:"
    return CaseTypeDecl(
        key=POINT,
        label="“五社联动”示范项目创建点",
        tiers=(Tier.STREET,),
        states=(
            StateDecl(key="creating", label="创建中", deadline=DeadlineDecl(
                on=HALFWAY, label="完成创建任务的50%以上", source=f"{DOCUMENT} {_MILESTONES}")),
            StateDecl(key="mid_term_evaluated", label="已中期评估", deadline=DeadlineDecl(
                on=COMPLETION, label="创建任务全部完成", source=f"{DOCUMENT} {_MILESTONES}")),
            StateDecl(key="final_evaluated", label="已末期评估"),
            StateDecl(key="closed", label="已结项", terminal=True),
            StateDecl(key="withdrawn", label="已撤销", terminal=True),
        ),
        transitions=(
            TransitionDecl(
                action="designate", label="确定创建点", from_states=(START,), to="creating",
                permission=f"{permission}designate", schema=DESIGNATE_SCHEMA,
                guards=(
                    _guard("not_designated", "该街镇已是创建点", check_not_designated, _GOAL),
                    _guard("communities", "试点社区应为该街镇的社区，不少于2个", check_communities, _COVERED),
                    _guard("joint_point", "市区联合创建点的序号、街镇和社区应与附件2一致", check_joint_point,
                           "附件2《健全‘五社联动’机制示范项目市区联合创建点名单》"),
                    _guard("quota", "超出附件1分配给本区的名额", check_quota, f"{_GOAL}；{_TABLE}"),
                ),
                effects=(designated,),
                source=f"{DOCUMENT} {_GOAL}；{_TABLE}；附件2",
            ),
            TransitionDecl(
                action="evaluate_mid_term", label="中期评估", from_states=("creating", "mid_term_evaluated"),
                to="mid_term_evaluated", permission=f"{permission}evaluate", form="tianjin_mid_term_evaluation",
                guards=district_evaluation,
                effects=(evaluated("mid_term"),),
                source=f"{DOCUMENT} {_DISTRICT_EVALUATION}",
            ),
            TransitionDecl(
                action="evaluate_final", label="末期评估", from_states=("mid_term_evaluated", "final_evaluated"),
                to="final_evaluated", permission=f"{permission}evaluate", form="tianjin_final_evaluation",
                guards=district_evaluation,
                effects=(evaluated("final"),),
                source=f"{DOCUMENT} {_DISTRICT_EVALUATION}",
            ),
            TransitionDecl(
                action="evaluate_joint_point", label="市区联合创建点阶段评估", from_states=OPEN, to=None,
                permission=f"{permission}evaluate_joint_point", form="tianjin_joint_point_evaluation",
                guards=(
                    _guard("joint_level", "市民政局的阶段评估只针对市区联合创建点", check_joint_level, _CITY_EVALUATION),
                    _guard("not_closing", "结项评估在结项时填写", lambda ctx: ctx.data.get("closed") is not True,
                           _CITY_EVALUATION),
                ),
                effects=(joint_evaluated,),
                source=f"{DOCUMENT} {_CITY_EVALUATION}",
            ),
            TransitionDecl(
                action="close", label="结项（区级创建点）", from_states=("final_evaluated",), to="closed",
                permission=f"{permission}close",
                guards=(
                    _guard("district_level", "市区联合创建点由市民政局结项", check_district_level, _CITY_EVALUATION),
                    _guard("evaluations", "评估不合格不能结项", check_evaluations_passed, _DISTRICT_EVALUATION),
                    _guard("tasks_done", "创建任务应全部完成", check_tasks_done, _MILESTONES),
                    _guard("covered_communities", "项目辐射不少于2个社区", check_covered_live, _COVERED),
                    _guard("standards", "创建标准应达标", check_standards_live, "三、创建标准"),
                ),
                effects=(closed,),
                source=f"{DOCUMENT} {_DISTRICT_EVALUATION}；{_MILESTONES}",
            ),
            TransitionDecl(
                action="close_joint_point", label="结项（市区联合创建点）", from_states=("final_evaluated",), to="closed",
                permission=f"{permission}close_joint_point", form="tianjin_joint_point_evaluation",
                guards=(
                    _guard("joint_level", "区级创建点由区民政局结项", check_joint_level, _CITY_EVALUATION),
                    _guard("closing", "结项评估合格方可结项", check_joint_closing, _CITY_EVALUATION),
                    _guard("evaluations", "评估不合格不能结项", check_evaluations_passed, _DISTRICT_EVALUATION),
                    _guard("tasks_done", "创建任务应全部完成", check_tasks_done, _MILESTONES),
                    _guard("covered_communities", "项目辐射不少于2个社区", check_covered_live, _COVERED),
                    _guard("standards", "创建标准应达标", check_standards_live, "三、创建标准"),
                ),
                effects=(joint_evaluated, closed),
                source=f"{DOCUMENT} {_CITY_EVALUATION}",
            ),
            TransitionDecl(
                action="withdraw", label="撤销创建点", from_states=OPEN, to="withdrawn",
                permission=f"{permission}designate", schema=REASON_SCHEMA, effects=(withdrawn,),
                source=f"{DOCUMENT} 五（一）“区民政局负责本区项目整体规划、总体协调、监督指导”",
            ),
        ),
        measures=(
            CaseMeasureDecl(key="creation_point_streets", label="创建点街镇数", states=LIVE, count="regions"),
        ),
        source=f"{DOCUMENT} 二、三、五（三）、附件1、附件2",
    )


def _community() -> CaseTypeDecl:
    permission = f"{POINT}:designate"
    return CaseTypeDecl(
        key=COMMUNITY,
        label="创建点辐射社区",
        tiers=(Tier.COMMUNITY,),
        parent_type=POINT,
        states=(
            StateDecl(key="covered", label="区级创建点辐射社区"),
            StateDecl(key="covered_joint", label="市区联合创建点辐射社区"),
            StateDecl(key="completed", label="已结项（区级创建点）", terminal=True),
            StateDecl(key="completed_joint", label="已结项（市区联合创建点）", terminal=True),
            StateDecl(key="withdrawn", label="已撤销", terminal=True),
        ),
        transitions=(
            TransitionDecl(action="cover", label="纳入区级创建点", from_states=(START,), to="covered",
                           permission=permission, source=f"{DOCUMENT} {_GOAL}；{_COVERED}"),
            TransitionDecl(action="cover_joint", label="纳入市区联合创建点", from_states=(START,), to="covered_joint",
                           permission=permission, source=f"{DOCUMENT} {_GOAL}；附件2"),
            TransitionDecl(action="complete", label="结项", from_states=("covered",), to="completed",
                           permission=f"{POINT}:close", source=f"{DOCUMENT} {_DISTRICT_EVALUATION}"),
            TransitionDecl(action="complete_joint", label="结项", from_states=("covered_joint",), to="completed_joint",
                           permission=f"{POINT}:close_joint_point", source=f"{DOCUMENT} {_CITY_EVALUATION}"),
            TransitionDecl(action="withdraw", label="撤销", from_states=("covered", "covered_joint"), to="withdrawn",
                           permission=permission, source=f"{DOCUMENT} 五（一）"),
        ),
        measures=(
            CaseMeasureDecl(key="creation_point_community_regions", label="创建点社区数",
                            states=("covered", "covered_joint", "completed", "completed_joint"), count="regions"),
            CaseMeasureDecl(key="joint_point_communities", label="市区联合创建点社区数",
                            states=("covered_joint", "completed_joint"), count="regions"),
        ),
        source=f"{DOCUMENT} 二、三（二）、附件2",
    )


TASK_SCHEMA = {
    "type": "object",
    "properties": {"standard": {"type": "string", "enum": list(STANDARDS), "title": "创建标准"}},
    "required": ["standard"],
    "additionalProperties": False,
}

DONE_SCHEMA = {
    "type": "object",
    "properties": {"summary": {"type": "string", "minLength": 1, "maxLength": 5000, "title": "完成情况"}},
    "required": ["summary"],
    "additionalProperties": False,
}


def _task() -> CaseTypeDecl:
    point_open = _guard("point_open", "创建点已结项或撤销", check_point_open, _MILESTONES)
    return CaseTypeDecl(
        key=TASK,
        label="创建任务",
        tiers=(Tier.STREET,),
        parent_type=POINT,
        states=(
            StateDecl(key="open", label="未完成"),
            StateDecl(key="done", label="已完成"),
            StateDecl(key="cancelled", label="已撤销", terminal=True),
        ),
        transitions=(
            TransitionDecl(action="assign", label="下达创建任务", from_states=(START,), to="open",
                           permission=f"{POINT}:designate", schema=TASK_SCHEMA, effects=(task_assigned,),
                           source=f"{DOCUMENT} 三、创建标准（一）至（七）"),
            # 五（一）: 街镇……确保社区基金的顺利落地……做好项目宣传和推广 — the street carries the tasks out.
            TransitionDecl(action="complete", label="完成创建任务", from_states=("open",), to="done",
                           permission=f"{TASK}:complete", schema=DONE_SCHEMA, guards=(point_open,),
                           effects=(task_done,), source=f"{DOCUMENT} {_MILESTONES}；五（一）"),
            # 五（一）: 区民政局……督促落实各项工作要求 — a task found not done is reopened.
            TransitionDecl(action="reopen", label="退回重做", from_states=("done",), to="open",
                           permission=f"{TASK}:reopen", schema=REASON_SCHEMA, guards=(point_open,),
                           source=f"{DOCUMENT} 五（一）“督促落实各项工作要求”"),
            TransitionDecl(action="cancel", label="撤销", from_states=("open", "done"), to="cancelled",
                           permission=f"{POINT}:designate", source=f"{DOCUMENT} 五（一）"),
        ),
        measures=(
            CaseMeasureDecl(key="creation_tasks_done", label="已完成的创建任务数", states=("done",)),
            CaseMeasureDecl(key="creation_tasks", label="创建任务数", states=("open", "done")),
        ),
        source=f"{DOCUMENT} 二、三、创建标准（一）至（七）",
    )


def declarations() -> list[CaseTypeDecl]:
    return [_point(), _community(), _task()]


__all__ = ["declarations"]
