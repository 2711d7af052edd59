"""天津市的规则：津民函〔2023〕20号 三（创建标准）and 五（三）(evaluation), run on form records.

The creation record (``tianjin_creation_record``) is checked against each standard of 三; the numbers
are those of ``targets.py``. Standard 三（六） depends on the joint point's 序号, read from the
submission's street (``attributes["joint_point"]``, see ``regions.py``); a street without one is a
district-level point, for which 区级创建点筹款额度不做限定.

The creation record is a ledger of where a point stands, kept while the creation is under way, so
its standard checks are advisory: a standard not yet met is reported (``checkRules``, and on the
record), never a reason to refuse the record; the evaluations of 五（三） decide. The rules on the
evaluations refuse what cannot be: closing a project whose evaluation failed, or a city evaluation
of a street that is no joint point.
"""

import datetime as dt
from typing import Any

from core import RuleDecl, Tier

from .targets import (
    ACTIVE_VOLUNTEER_SHARE,
    CERTIFIED_COMMUNITY_WORKERS,
    COMMUNITY_SOCIAL_ORGANIZATIONS,
    COMPLETION,
    COVERED_COMMUNITIES,
    HALFWAY,
    STATION_FULL_TIME_SOCIAL_WORKERS,
    VOLUNTEER_SHARE,
    VOLUNTEER_TEAMS,
    fund_threshold_fen,
)

DOCUMENT = "津民函〔2023〕20号"
CREATION_RECORD = "form:tianjin_creation_record"


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}元"


# --- 三（一） ----------------------------------------------------------------------------------------


def check_community_fund(record: dict[str, Any], context: Any = None) -> bool | str:
    fund = record.get("community_fund") or {}
    problems = []
    if fund.get("host_level") != "市级":
        problems.append("依托的慈善组织不是市级慈善组织")
    if fund.get("host_public_fundraising") is not True:
        problems.append("依托的慈善组织不具有公开募捐资格")
    if fund.get("fund_form") != "专项基金":
        problems.append("社区基金不是以专项基金方式设立")
    if not problems:
        return True
    return "社区基金应由市级具有公开募捐资格的慈善组织以专项基金方式设立：" + "；".join(problems)


# --- 三（二） ----------------------------------------------------------------------------------------


def check_station_social_workers(record: dict[str, Any], context: Any = None) -> bool | str:
    station = record.get("social_work_station") or {}
    workers = station.get("full_time_social_workers") or 0
    problems = []
    if workers < STATION_FULL_TIME_SOCIAL_WORKERS:
        problems.append(f"专职社会工作者{workers}名，不足{STATION_FULL_TIME_SOCIAL_WORKERS}名")
    if station.get("government_purchased") is not True:
        problems.append("未通过政府购买服务方式配备")
    return True if not problems else "街镇社会工作服务站：" + "；".join(problems)


def check_covered_communities(record: dict[str, Any], context: Any = None) -> bool | str:
    communities = record.get("covered_communities") or []
    problems = []
    if len(communities) < COVERED_COMMUNITIES:
        problems.append(f"项目辐射{len(communities)}个社区，不足{COVERED_COMMUNITIES}个")
    for community in communities:
        name = community.get("community") or "（未填名称）"
        if not (community.get("two_committees_member") or "").strip():
            problems.append(f"{name}没有“两委”成员参与项目")
        if (community.get("certified_community_workers") or 0) < CERTIFIED_COMMUNITY_WORKERS:
            problems.append(f"{name}没有持证社区工作者参与项目")
    return True if not problems else "；".join(problems)


# --- 三（四） ----------------------------------------------------------------------------------------


def check_community_social_organizations(record: dict[str, Any], context: Any = None) -> bool | str:
    count = len(record.get("community_social_organizations") or [])
    if count >= COMMUNITY_SOCIAL_ORGANIZATIONS:
        return True
    return f"项目培育发展社区社会组织{count}个，不足{COMMUNITY_SOCIAL_ORGANIZATIONS}个"


# --- 三（五） ----------------------------------------------------------------------------------------


def check_community_volunteering(record: dict[str, Any], context: Any = None) -> bool | str:
    problems = []
    for community in record.get("covered_communities") or []:
        name = community.get("community") or "（未填名称）"
        teams = community.get("volunteer_teams") or 0
        residents = community.get("resident_population") or 0
        registered = community.get("registered_volunteers") or 0
        active = community.get("active_volunteers") or 0
        if teams < VOLUNTEER_TEAMS:
            problems.append(f"{name}没有志愿服务组织（团队）")
        # integer arithmetic: registered / residents ≥ 15%  ⇔  registered × 100 ≥ residents × 15
        if residents <= 0 or registered * 100 < residents * int(VOLUNTEER_SHARE * 100):
            problems.append(f"{name}注册志愿者{registered}人，未达常住居民{residents}人的15%")
        if registered <= 0 or active * 100 < registered * int(ACTIVE_VOLUNTEER_SHARE * 100):
            problems.append(f"{name}有志愿服务时长记录的注册志愿者{active}人，未达注册志愿者的40%")
    return True if not problems else "；".join(problems)


# --- 三（六） ----------------------------------------------------------------------------------------


async def check_fund_raised(record: dict[str, Any], context: Any) -> bool | str:
    street = await context.ancestor(Tier.STREET) if context is not None else None
    joint_point = (getattr(street, "attributes", None) or {}).get("joint_point")
    minimum = fund_threshold_fen(joint_point)
    if minimum is None:
        return True  # 区级创建点筹款额度不做限定
    fundraising = record.get("fundraising") or {}
    raised = (fundraising.get("money_fen") or 0) + (fundraising.get("in_kind_value_fen") or 0)
    if raised >= minimum:
        return True
    return (
        f"市区联合创建点{joint_point}的社区基金本年度撬动社会慈善资金{_yuan(raised)}（含物资折算），"
        f"不足{_yuan(minimum)}"
    )


# --- 三（七） ----------------------------------------------------------------------------------------


def check_summary_and_publicity(record: dict[str, Any], context: Any = None) -> bool | str:
    section = record.get("summary_and_publicity") or {}
    missing = []
    if not section.get("research"):
        missing.append("专题研究")
    if not (section.get("experience_summary") or "").strip():
        missing.append("经验总结")
    if not section.get("publicity"):
        missing.append("社会宣传")
    return True if not missing else "尚未填写总结推广：" + "、".join(missing)


# --- 五（三） evaluations --------------------------------------------------------------------------


def check_closure(record: dict[str, Any], context: Any = None) -> bool | str:
    if record.get("closed") is not True:
        return True
    if record.get("result") != "合格":
        return "评估结果不合格，不能给予结项"
    return True


async def check_at_joint_point(record: dict[str, Any], context: Any) -> bool | str:
    region = getattr(context, "region", None)
    if region is None:
        return "阶段评估应在被评估的市区联合创建点（街镇）提交"
    if not (getattr(region, "attributes", None) or {}).get("joint_point"):
        return f"{region.name}不是市区联合创建点（附件2）"
    return True


def check_reported_to_city(record: dict[str, Any], context: Any = None) -> bool | str:
    return True if record.get("reported_to_city_on") else "评估结果尚未报送市民政局"


def check_milestone(record: dict[str, Any], context: Any = None) -> bool | str:
    try:
        day = dt.date.fromisoformat(record.get("evaluated_on") or "")
    except ValueError:
        return True
    share = record.get("tasks_done_share")
    if share is None:
        return True
    if day > COMPLETION and share < 1:
        return f"到2024年6月底应全部完成创建任务，评估时完成{share:.0%}"
    if day > HALFWAY and share < 0.5:
        return f"2023年11月底前应完成创建任务的50%以上，评估时完成{share:.0%}"
    return True


def declarations() -> list[RuleDecl]:
    standards = "三、创建标准"
    evaluations = "五（三）"
    return [
        RuleDecl(
            key="tianjin_community_fund",
            label="社区基金以专项基金方式设立在市级公募慈善组织",
            subject=CREATION_RECORD,
            message="社区基金应由市级具有公开募捐资格的慈善组织以专项基金方式设立",
            check=check_community_fund,
            fields=("community_fund",),
            advisory=True,
            source=(
                f"{DOCUMENT} {standards}（一）“选取有能力……的街镇建立社区基金”；五（一）“指导市级具有公开募捐资格的"
                "慈善组织以专项基金方式设立社区基金”"
            ),
        ),
        RuleDecl(
            key="tianjin_station_social_workers",
            label="街镇社会工作服务站配备不少于2名专职社会工作者",
            subject=CREATION_RECORD,
            message="街镇社会工作服务站应通过政府购买服务方式配备不少于2名专职社会工作者",
            check=check_station_social_workers,
            fields=("social_work_station",),
            advisory=True,
            source=f"{DOCUMENT} {standards}（二）“街镇社会工作服务站通过政府购买服务方式配备不少于2名专职社会工作者”",
        ),
        RuleDecl(
            key="tianjin_covered_communities",
            label="项目辐射不少于2个社区，每个社区有“两委”成员和持证社区工作者参与",
            subject=CREATION_RECORD,
            message="项目应辐射不少于2个社区，每个社区应有“两委”成员和至少一名持证社区工作者参与",
            check=check_covered_communities,
            fields=("covered_communities",),
            advisory=True,
            source=(
                f"{DOCUMENT} {standards}（二）“项目辐射不少于2个社区，每个社区应有‘两委’成员和至少一名持证社区工作者"
                "参与项目开展”"
            ),
        ),
        RuleDecl(
            key="tianjin_community_social_organizations",
            label="每个项目培育发展不少于5个社区社会组织",
            subject=CREATION_RECORD,
            message="每个项目应培育发展不少于5个社区社会组织",
            check=check_community_social_organizations,
            fields=("community_social_organizations",),
            advisory=True,
            source=f"{DOCUMENT} {standards}（四）“每个项目培育发展不少于5个社区社会组织，开展公益项目和服务”",
        ),
        RuleDecl(
            key="tianjin_community_volunteering",
            label="辐射社区的志愿服务组织、注册志愿者比例和有时长记录比例",
            subject=CREATION_RECORD,
            message="每个辐射社区应有至少1个志愿服务组织（团队），注册志愿者占常住居民15%以上，有时长记录的占40%以上",
            check=check_community_volunteering,
            fields=("covered_communities",),
            advisory=True,
            source=(
                f"{DOCUMENT} {standards}（五）“项目所辐射社区，培育发展至少1个志愿服务组织（团队）……每个社区注册成为"
                "志愿者的居民占社区常住居民人数的15%以上，每年参加志愿服务活动并有志愿服务时长记录的注册志愿者占"
                "该社区注册志愿者总人数的比例在40%以上”"
            ),
        ),
        RuleDecl(
            key="tianjin_fund_raised",
            label="社区基金每年撬动社会慈善资金（市区联合创建点1—5不少于5万元，6—11不少于2万元）",
            subject=CREATION_RECORD,
            message="社区基金本年度撬动的社会慈善资金未达市区联合创建点的最低额度",
            check=check_fund_raised,
            fields=("fundraising",),
            advisory=True,
            source=(
                f"{DOCUMENT} {standards}（六）“每个社区基金每年应撬动一定数额社会慈善资金（包括捐赠物资折算金额），"
                "区级创建点筹款额度不做限定，市区联合创建点1—5应不少于5万元，市区联合创建点6—11应不少于2万元”"
            ),
        ),
        RuleDecl(
            key="tianjin_summary_and_publicity",
            label="做好总结推广：专题研究、经验总结、社会宣传",
            subject=CREATION_RECORD,
            message="应开展专题研究、总结项目经验并开展社会宣传",
            check=check_summary_and_publicity,
            fields=("summary_and_publicity",),
            advisory=True,
            source=(
                f"{DOCUMENT} {standards}（七）“围绕‘五社联动’、社区公益基金运作、社会工作服务开展等方面进行专题研究，"
                "及时总结项目经验和实践成果……开展持续、广泛、深入的社会宣传”"
            ),
        ),
        RuleDecl(
            key="tianjin_joint_point_closure",
            label="经评估合格后给予结项",
            subject="form:tianjin_joint_point_evaluation",
            message="评估结果不合格，不能给予结项",
            check=check_closure,
            fields=("closed",),
            source=f"{DOCUMENT} {evaluations}“分阶段对市区联合创建点项目开展评估考核……经评估合格后给予结项”",
        ),
        RuleDecl(
            key="tianjin_joint_point_evaluation_region",
            label="阶段评估针对市区联合创建点",
            subject="form:tianjin_joint_point_evaluation",
            message="市民政局的阶段评估只针对市区联合创建点（附件2）",
            check=check_at_joint_point,
            source=f"{DOCUMENT} {evaluations}“市民政局组建专业评估团队，分阶段对市区联合创建点项目开展评估考核”；附件2",
        ),
        RuleDecl(
            key="tianjin_mid_term_reported",
            label="中期评估结果报送市民政局",
            subject="form:tianjin_mid_term_evaluation",
            message="评估结果尚未报送市民政局",
            check=check_reported_to_city,
            fields=("reported_to_city_on",),
            advisory=True,
            source=f"{DOCUMENT} {evaluations}“做好中期、末期评估，并将评估结果报送市民政局”",
        ),
        RuleDecl(
            key="tianjin_final_reported",
            label="末期评估结果报送市民政局",
            subject="form:tianjin_final_evaluation",
            message="评估结果尚未报送市民政局",
            check=check_reported_to_city,
            fields=("reported_to_city_on",),
            advisory=True,
            source=f"{DOCUMENT} {evaluations}“做好中期、末期评估，并将评估结果报送市民政局”",
        ),
        RuleDecl(
            key="tianjin_mid_term_milestone",
            label="创建进度：2023年11月底前完成50%以上，2024年6月底全部完成",
            subject="form:tianjin_mid_term_evaluation",
            message="创建进度落后于任务目标",
            check=check_milestone,
            fields=("tasks_done_share",),
            advisory=True,
            source=f"{DOCUMENT} 二“2023年11月底前完成创建任务的50%以上……到2024年6月底，创建任务全部完成”",
        ),
        RuleDecl(
            key="tianjin_final_milestone",
            label="创建进度：2024年6月底全部完成",
            subject="form:tianjin_final_evaluation",
            message="创建进度落后于任务目标",
            check=check_milestone,
            fields=("tasks_done_share",),
            advisory=True,
            source=f"{DOCUMENT} 二“2023年11月底前完成创建任务的50%以上……到2024年6月底，创建任务全部完成”",
        ),
    ]
