"""盘锦市的规则：盘民发〔2023〕24号 三（五）2 承办单位条件, and the checks its application and reports imply.

On a social organization (``social_organization``), the contractor's eligibility:
registered (1), at least 3 full-time staff (1), not on the serious-dishonesty list and no
administrative penalty (5), 5A priority (advisory), and one project a year (see ``settings``).
Conditions (2)–(4) (governance, accounting, reputation and capacity) are facts the platform does
not hold about an organization; the applicant declares them on the application, where
``panjin_application_contractor_conditions`` checks them.

On the application (``form:project_application``) and the other forms, what a JSON Schema cannot
say: sums, dates within the year, the project within its category, communities within the county.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from core import Fault, RuleDecl, Tier
from core.money import yuan_words
from core.validators import InvalidValue, normalize_credit_code

from . import catalogues, forms
from .settings import LIMIT_SCOPE

DOCUMENT = "盘民发〔2023〕24号"
CONDITIONS = f"{DOCUMENT} 三（五）2"
MIN_FULL_TIME_STAFF = 3
ORG = "social_organization"


def _form(key: str) -> str:
    return f"form:{key}"


# --- the contractor ---------------------------------------------------------------------------------


def registered(record: dict[str, Any], context: Any) -> bool | str:
    if record.get("registration") == "registered":
        return True
    if record.get("registration") == "filed":
        return "承办单位须为经社会组织登记管理机关登记注册的社会组织；该组织仅为备案，不具备承办资格"
    return False


def full_time_staff(record: dict[str, Any], context: Any) -> bool | str:
    staff = record.get("full_time_staff") or 0
    if staff >= MIN_FULL_TIME_STAFF:
        return True
    return f"承办单位须有{MIN_FULL_TIME_STAFF}名以上专职工作人员；该组织专职工作人员{staff}名"


def not_dishonest(record: dict[str, Any], context: Any) -> bool:
    return not record.get("on_dishonesty_list")


def no_administrative_penalty(record: dict[str, Any], context: Any) -> bool:
    return not record.get("has_administrative_penalty")


def five_a_priority(record: dict[str, Any], context: Any) -> bool | str:
    grade = record.get("grade")
    if grade == 5:
        return True
    held = "未参加等级评估" if grade is None else f"评估等级为{grade}A"
    return f"等级评估为5A的社会组织在同等条件下享有优先权；该组织{held}，不享有优先权"


async def _projects_this_year(context: Any, credit_code: str, county: str | None, exclude_id: int | None) -> int:
    where: dict[str, Any] = {"contractor_credit_code": credit_code}
    if county is not None:
        where["county"] = county
    return int(
        await context.count_submissions(
            forms.APPLICATION, year=context.today.year, where=where, exclude_id=exclude_id
        )
    )


def _limit_message(year: int, count: int, county: str | None) -> str:
    where = f"在{forms.COUNTY_LABELS.get(county, county)}" if county else "在全市"
    return (
        f"承办单位在年度内只能承办1个县区1个公益创投项目；该组织{year}年{where}"
        f"已有{count}份《“五社联动”项目申报书》"
    )


async def one_project_per_year(record: dict[str, Any], context: Any) -> bool | str:
    """No other application by this organization this year (in the city, or in its county when
    the tenant's ``contractor_project_limit_scope`` is ``county``)."""
    code = record.get("credit_code")
    if not code:
        return "无法核对年度承办项目数：该组织没有统一社会信用代码"
    county = None
    if context.setting(LIMIT_SCOPE, "city") == "county":
        region = await context.ancestor(Tier.DISTRICT)
        county = region.path if region is not None else None  # above the counties: count city-wide
    count = await _projects_this_year(context, code, county, None)
    return True if count == 0 else _limit_message(context.today.year, count, county)


# --- the application --------------------------------------------------------------------------------


async def application_one_project_per_year(record: dict[str, Any], context: Any) -> bool | str:
    """No other application by the same contractor this year (the application itself excluded
    when the record carries its ``id``)."""
    code = record.get("contractor_credit_code")
    if not code:
        return False
    county = record.get("county") if context.setting(LIMIT_SCOPE, "city") == "county" else None
    count = await _projects_this_year(context, code, county, record.get("id"))
    return True if count == 0 else _limit_message(context.today.year, count, county)


def application_project_in_category(record: dict[str, Any], context: Any) -> bool | Fault:
    category, project = record.get("service_category"), record.get("service_project")
    if category == "volunteer_service":
        return Fault("service_category", "志愿服务类活动不列入采购范围，由承接机构根据社区需求自行开展，不能申报")
    parent = catalogues.PROJECT_CATEGORY.get(project)
    if parent is None or parent == category:
        return True
    return Fault("service_project", (
        f"服务项目“{catalogues.LABELS.get(project, project)}”属于“{catalogues.LABELS[parent]}”，"
        f"与所选服务类别“{catalogues.LABELS.get(category, category)}”不符"
    ))


def application_communities_in_county(record: dict[str, Any], context: Any) -> bool | str:
    county = record.get("county")
    outside = [c for c in record.get("service_communities") or () if forms.COMMUNITY_COUNTY.get(c) != county]
    if not outside:
        return True
    names = "、".join(forms.COMMUNITY_LABELS.get(c, c) for c in outside)
    return f"服务社区（村）须在申报县区{forms.COUNTY_LABELS.get(county, county)}内，且在《五社联动项目开展社区（村）名单》中：{names}不符"


async def application_county_matches_region(record: dict[str, Any], context: Any) -> bool | str:
    region = await context.ancestor(Tier.DISTRICT)
    if region is None or region.path == record.get("county"):
        return True
    return f"申报书须提交至所申报的县区：申报县区为{forms.COUNTY_LABELS.get(record.get('county'), record.get('county'))}，提交于{region.path}"


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def application_within_year(record: dict[str, Any], context: Any) -> bool | Fault | list[Fault]:
    period = record.get("period") or {}
    start, end = _day(period["start_date"]), _day(period["end_date"])
    if end < start:
        return Fault("period.end_date", "项目结束日期早于开始日期")
    if start.year != end.year:
        return Fault("period.end_date", f"项目应在年度内完成实施计划：项目周期{start.isoformat()}至{end.isoformat()}跨年度")
    return [
        Fault(f"implementation.schedule.{index}",
              f"实施阶段“{phase.get('phase')}”不在项目周期{start.isoformat()}至{end.isoformat()}之内")
        for index, phase in enumerate((record.get("implementation") or {}).get("schedule") or ())
        if not (start <= _day(phase["start_date"]) <= _day(phase["end_date"]) <= end)
    ]


def application_budget_lines(record: dict[str, Any], context: Any) -> list[Fault]:
    """Each line's amount is its quantity × unit price, and the lines add up to the total: each
    problem at its field."""
    budget = record.get("budget") or {}
    lines = budget.get("lines") or ()
    faults = [
        Fault(f"budget.lines.{index}.amount_fen",
              f"“{line.get('item')}”金额{yuan_words(line['amount_fen'])}不等于数量×单价"
              f"{yuan_words(line['quantity'] * line['unit_price_fen'])}")
        for index, line in enumerate(lines)
        if line["amount_fen"] != line["quantity"] * line["unit_price_fen"]
    ]
    total = sum(line["amount_fen"] for line in lines)
    if total != budget.get("total_fen"):
        faults.append(Fault("budget.total_fen",
                            f"预算明细合计{yuan_words(total)}不等于项目总预算{yuan_words(budget.get('total_fen') or 0)}"))
    return faults


def application_self_funding(record: dict[str, Any], context: Any) -> bool | Fault:
    budget, own = record.get("budget") or {}, record.get("self_funding") or {}
    total, requested, amount = budget["total_fen"], budget["requested_fen"], own["amount_fen"]
    if requested + amount != total:
        return Fault("self_funding.amount_fen",
                     f"申请资金{yuan_words(requested)}与自筹资金{yuan_words(amount)}之和不等于项目总预算{yuan_words(total)}")
    share = (Decimal(amount) / Decimal(total)).quantize(Decimal("0.0001"))
    if abs(Decimal(str(own["share"])) - share) > Decimal("0.0001"):
        return Fault("self_funding.share", f"自筹比例应为自筹资金÷项目总预算={share}，填写为{own['share']}")
    return True


QUALIFICATION_LABELS = {
    "independent_civil_liability": "具有独立承担民事责任的能力（1）",
    "governance_structure": "具有健全的法人治理结构（2）",
    "internal_management": "完善的内部管理制度（2）",
    "information_disclosure": "信息公开制度（2）",
    "democratic_supervision": "民主监督制度（2）",
    "npo_accounting": "执行《民间非营利组织会计制度》（3）",
    "independent_finance": "独立的财务管理、财务核算和资产管理制度（3）",
    "good_reputation": "良好的信誉度和公信力（4）",
}


def application_contractor_conditions(record: dict[str, Any], context: Any) -> bool | str:
    """The conditions of 三（五）2 (1)–(5) as the applicant declared them."""
    contractor = record.get("contractor") or {}
    declared = contractor.get("qualifications") or {}
    unmet = [label for key, label in QUALIFICATION_LABELS.items() if declared.get(key) is not True]
    if (contractor.get("full_time_staff") or 0) < MIN_FULL_TIME_STAFF:
        unmet.append(f"有{MIN_FULL_TIME_STAFF}名以上专职工作人员（1）")
    missing = [forms.CAPACITIES[c] for c in forms.CAPACITIES if c not in (declared.get("capacities") or ())]
    if missing:
        unmet.append(f"具备开展社会组织{'、'.join(missing)}等承接能力（4）")
    if declared.get("on_dishonesty_list") is not False:
        unmet.append("未被列入“严重违法失信名单”（5）")
    if declared.get("has_administrative_penalty") is not False:
        unmet.append("未受到任何行政处罚（5）")
    return True if not unmet else "承办单位不具备下列条件：" + "；".join(unmet)


def application_credit_codes(record: dict[str, Any], context: Any) -> bool | Fault:
    fields = {"承办单位": "contractor_credit_code"}
    codes = {"承办单位": record.get("contractor_credit_code")}
    if record.get("partner"):
        fields["联合承办单位"] = "partner.credit_code"
        codes["联合承办单位"] = record["partner"].get("credit_code")
    for who, code in codes.items():
        try:
            normalize_credit_code(code or "")
        except InvalidValue as error:
            return Fault(fields[who], f"{who}统一社会信用代码{code}无效：{error.reason}")
    if record.get("partner") and codes["联合承办单位"] == codes["承办单位"]:
        return Fault("partner.credit_code", "一个项目由1–2家不同的社会组织承办：联合承办单位不能是承办单位本身")
    return True


# --- the other forms ----------------------------------------------------------------------------------


def scoring_total(record: dict[str, Any], context: Any) -> bool | str:
    scores = record.get("scores")
    if scores is None:
        return True
    total = sum(Decimal(str(v)) for v in scores.values())
    if Decimal(str(record.get("total"))) == total:
        return True
    return f"总分应为各项评分之和{total}，填写为{record.get('total')}"


def progress_totals(record: dict[str, Any], context: Any) -> list[Fault]:
    """The month's totals agree with its rows (per community, per expense line): each at its total."""
    progress, funds = record["progress"], record["funds"]
    rows = progress["by_community"]
    faults = []
    communities = [row["community"] for row in rows]
    if len(set(communities)) != len(communities):
        faults.append(Fault("progress.by_community", "分社区（村）情况中有重复的社区（村）"))
    for field, label in (("sessions", "活动场次"), ("person_times", "服务人次")):
        total = sum(row[field] for row in rows)
        if total != progress[field]:
            faults.append(Fault(f"progress.{field}", f"分社区（村）{label}合计{total}不等于本月{label}{progress[field]}"))
    spent = sum(line["amount_fen"] for line in funds["lines"])
    if spent != funds["spent_this_month_fen"]:
        faults.append(Fault("funds.spent_this_month_fen",
                            f"本月支出明细合计{yuan_words(spent)}不等于本月支出{yuan_words(funds['spent_this_month_fen'])}"))
    if funds["spent_to_date_fen"] < funds["spent_this_month_fen"]:
        faults.append(Fault("funds.spent_to_date_fen", "累计支出少于本月支出"))
    return faults


def evaluation_panel(record: dict[str, Any], context: Any) -> bool | str:
    experts, size = record.get("experts") or (), record.get("panel_size")
    if len(experts) == size:
        return True
    return f"评估小组由5或7名专家组成：填写人数为{size}名，列出专家{len(experts)}名"


RULES = [
    RuleDecl(
        key="panjin_contractor_registered",
        label="经登记管理机关登记注册的社会组织",
        subject=ORG,
        message="承办单位须为经社会组织登记管理机关登记注册的社会组织，具有独立承担民事责任的能力",
        check=registered,
        fields=("registration",),
        source=f"{CONDITIONS}（1）：经社会组织登记管理机关登记注册的社会组织，具有独立承担民事责任的能力",
    ),
    RuleDecl(
        key="panjin_contractor_full_time_staff",
        label="3名以上专职工作人员",
        subject=ORG,
        message="承办单位须有3名以上专职工作人员",
        check=full_time_staff,
        fields=("full_time_staff",),
        source=f"{CONDITIONS}（1）：有3名以上专职工作人员",
    ),
    RuleDecl(
        key="panjin_contractor_not_dishonest",
        label="未被列入“严重违法失信名单”",
        subject=ORG,
        message="承办单位不得被列入“严重违法失信名单”；该组织已被列入",
        check=not_dishonest,
        fields=("on_dishonesty_list",),
        source=f"{CONDITIONS}（5）：未被列入“严重违法失信名单”",
    ),
    RuleDecl(
        key="panjin_contractor_no_administrative_penalty",
        label="未受到任何行政处罚",
        subject=ORG,
        message="承办单位不得受到任何行政处罚；该组织受到过行政处罚",
        check=no_administrative_penalty,
        fields=("has_administrative_penalty",),
        source=f"{CONDITIONS}（5）：及未受到任何行政处罚",
    ),
    RuleDecl(
        key="panjin_contractor_5a_priority",
        label="5A级社会组织同等条件下优先",
        subject=ORG,
        message="等级评估为5A的社会组织在同等条件下享有优先权；该组织不是5A级",
        check=five_a_priority,
        fields=("grade",),
        advisory=True,
        source=f"{CONDITIONS}：等级评估为5A的社会组织在同等条件下享有优先权",
    ),
    RuleDecl(
        key="panjin_contractor_one_project_per_year",
        label="年度内只能承办1个县区1个项目",
        subject=ORG,
        message="承办单位在年度内只能承办1个县区1个公益创投项目",
        check=one_project_per_year,
        source=f"{CONDITIONS}：承办单位在年度内只能承办1个县区1个公益创投项目",
    ),
    RuleDecl(
        key="panjin_application_one_project_per_year",
        label="年度内只能承办1个县区1个项目（申报书）",
        subject=_form(forms.APPLICATION),
        message="承办单位在年度内只能承办1个县区1个公益创投项目",
        check=application_one_project_per_year,
        # Advisory: it counts every application form filed this year, refused ones too. The rule
        # is enforced where the application is made, the round's ``apply`` step (cases.py), which
        # counts the organization's projects — applications still in the running and awards.
        advisory=True,
        source=f"{CONDITIONS}：承办单位在年度内只能承办1个县区1个公益创投项目",
    ),
    RuleDecl(
        key="panjin_application_contractor_conditions",
        label="承办单位应当具备的条件（申报书）",
        subject=_form(forms.APPLICATION),
        message="承办单位不具备三（五）2规定的条件",
        check=application_contractor_conditions,
        fields=("contractor",),
        source=f"{CONDITIONS}（1）—（5）：承办单位应当具备下列条件",
    ),
    RuleDecl(
        key="panjin_application_credit_codes",
        label="承办单位统一社会信用代码有效，1–2家不同的社会组织",
        subject=_form(forms.APPLICATION),
        message="统一社会信用代码无效，或联合承办单位与承办单位相同",
        check=application_credit_codes,
        source=f"{CONDITIONS}：根据项目资金额度，确定由1-2家社会组织承办",
    ),
    RuleDecl(
        key="panjin_application_project_in_category",
        label="服务项目属于所选服务类别，志愿服务类不采购",
        subject=_form(forms.APPLICATION),
        message="服务项目与服务类别不符，或申报了不列入采购范围的志愿服务类",
        check=application_project_in_category,
        source=f"{DOCUMENT} 三（二）、三（三）；三（四）：志愿服务类活动不列入采购范围",
    ),
    RuleDecl(
        key="panjin_application_communities_in_county",
        label="服务社区（村）在申报县区内",
        subject=_form(forms.APPLICATION),
        message="服务社区（村）须在申报县区内，且在《五社联动项目开展社区（村）名单》中",
        check=application_communities_in_county,
        fields=("service_communities",),
        source=f"{DOCUMENT} 三（四）：服务范围以《五社联动项目开展社区（村）名单》为准；三（七）：每个县区……确定拟购买的项目",
    ),
    RuleDecl(
        key="panjin_application_county_matches_region",
        label="申报书提交至所申报的县区",
        subject=_form(forms.APPLICATION),
        message="申报书须提交至所申报的县区",
        check=application_county_matches_region,
        fields=("county",),
        source=f"{DOCUMENT} 三（七）：每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目",
    ),
    RuleDecl(
        key="panjin_application_within_year",
        label="项目在年度内完成",
        subject=_form(forms.APPLICATION),
        message="项目应在年度内完成实施计划",
        check=application_within_year,
        source=f"{DOCUMENT} 三（六）：项目应在年度内完成实施计划",
    ),
    RuleDecl(
        key="panjin_application_budget_lines",
        label="预算明细合计等于项目总预算",
        subject=_form(forms.APPLICATION),
        message="预算明细与项目总预算不符",
        check=application_budget_lines,
        source=f"{DOCUMENT} 三（七）：负责项目及预算的评审",
    ),
    RuleDecl(
        key="panjin_application_self_funding",
        label="自筹资金与自筹比例",
        subject=_form(forms.APPLICATION),
        message="申请资金、自筹资金与项目总预算不符，或自筹比例计算有误",
        check=application_self_funding,
        source=f"{DOCUMENT} 三（七）：鼓励社会组织自筹资金，对自筹比例高的项目在同等条件下优先购买",
    ),
    RuleDecl(
        key="panjin_scoring_total",
        label="总分为各项评分之和",
        subject=_form(forms.SCORING),
        message="总分不等于各项评分之和",
        check=scoring_total,
        fields=("total",),
        source=f"{DOCUMENT} 三（七）：按照《项目评分标准》评分标准进行量化评分排序",
    ),
    RuleDecl(
        key="panjin_progress_totals",
        label="月度报告合计相符",
        subject=_form(forms.PROGRESS),
        message="月度报告的分项合计与总数不符",
        check=progress_totals,
        source=f"{DOCUMENT} 三（八）4：报送项目实施进度、资金监管等情况",
    ),
    RuleDecl(
        key="panjin_evaluation_panel",
        label="评估小组由5或7名专家组成",
        subject=_form(forms.EVALUATION),
        message="评估小组专家人数与评估小组人数不符",
        check=evaluation_panel,
        fields=("experts",),
        source=f"{DOCUMENT} 三（九）：从项目评审专家库中抽取5或7名专家组成评估小组",
    ),
]
