"""盘锦市的表单：盘民发〔2023〕24号 三（六）至三（九）.

Keys are prefixed with the plugin's name, as the other built-ins do: form keys are global.

- ``panjin_project_application`` 《“五社联动”项目申报书》 (三（六）1): the application, which becomes the
  contract once the project is approved (三（八）1). Submitted at the county/district whose project
  it applies for (ranking is per county, 三（七）), so applications can be counted per county.
- ``panjin_expert_pool_entry`` 项目评审专家库成员登记 (三（七）): a member of the city bureau's expert pool, with
  the interests they declare so that recusal can be decided.
- ``panjin_project_scoring`` 项目评分表 (三（七）《项目评分标准》): one expert's quantitative score of one
  application. The plan names the standard but does not reproduce it, so no points table is
  invented: each item the application must describe (三（六）1（1）) and the budget
  (三（七）"负责项目及预算的评审") are scored 0–100, and the total is their sum.
- ``panjin_monthly_progress_report`` 项目月度进度报告 (三（八）4): progress and fund use, and what was
  disclosed to the public.
- ``panjin_performance_evaluation`` 项目绩效评估表 (三（九）, with the mid-term evaluation of 三（八）2 that
  releases the second tranche): the contractor, the project's performance, satisfaction, and
  the selection of brand and outstanding projects.
"""

from typing import Any

from core import FormDecl, Tier
from core.plugins.formschema import (
    CREDIT_CODE_PATTERN,
    MONTH_PATTERN,
    SOCIAL_ORGANIZATION_CREDIT_CODE_PATTERN,
    affirm,
    array,
    boolean,
    choice,
    choices,
    date,
    fen,
    form,
    integer,
    long_text,
    obj,
    phone,
    ratio,
    reference,
    score,
    text,
    ui,
)

from . import catalogues
from .regions import COUNTIES

DOCUMENT = "盘民发〔2023〕24号"

COUNTY_LABELS = {f"panjin/{code}": name for code, name, _ in COUNTIES}
COMMUNITY_LABELS = {
    f"panjin/{county}/{street}/{community}": f"{street_name}{community_name}"
    for county, _, streets in COUNTIES
    for street, street_name, communities in streets
    for community, community_name in communities
}
COMMUNITY_COUNTY = {path: path.rsplit("/", 2)[0] for path in COMMUNITY_LABELS}

# --- fixed choices and their labels ---------------------------------------------------------------

ORG_TYPES = {
    "social_work_agency": "社会工作服务机构",
    "community_social_organization": "社区社会组织",
    "charity_organization": "慈善组织",
    "community_foundation": "社区基金会",
    "volunteer_organization": "志愿服务组织",
    "hub_organization": "枢纽型社会组织",
    "other": "其他社会组织",
}
CERTIFICATE_LEVELS = {
    "none": "无",
    "assistant": "助理社会工作师",
    "intermediate": "社会工作师",
    "senior": "高级社会工作师",
}
# 三（五）2（4）: 具备开展社会组织评估、培训、孵化、督导、监管等承接能力.
CAPACITIES = {
    "evaluation": "评估",
    "training": "培训",
    "incubation": "孵化",
    "supervision": "督导",
    "oversight": "监管",
}
BUDGET_CATEGORIES = {
    "personnel": "人员费",
    "activities": "活动费",
    "materials": "物资费",
    "publicity": "宣传推介费",
    "supervision_evaluation": "督导评估费",
    "administration": "管理费",
    "other": "其他",
}
SUPERVISION_FREQUENCIES = {"weekly": "每周", "biweekly": "每两周", "monthly": "每月", "quarterly": "每季度"}
ATTACHMENT_KINDS = {
    "registration_certificate": "登记管理机关核发的登记证书副本证明",
    "charter": "登记管理机关核准的章程",
    "audited_financial_report": "经注册会计师审计核实的财务会计报告",
    "annual_financial_statements": "最近一年的会计报表",
    "other": "其他材料",
}
FINANCIAL_ATTACHMENTS = ("audited_financial_report", "annual_financial_statements")
# 三（七）: 专家库成员由社区治理、社会组织、社会工作等领域专家组成.
EXPERT_FIELDS = {
    "community_governance": "社区治理",
    "social_organizations": "社会组织",
    "social_work": "社会工作",
}
INTEREST_RELATIONS = {
    "employee": "任职或受雇",
    "board_member": "理事、监事或负责人",
    "founder": "发起人或出资人",
    "advisor": "顾问或督导",
    "relative": "近亲属在该组织任职",
    "other": "其他可能影响公正评审的关系",
}
EVALUATION_STAGES = {"mid_term": "中期评估", "final": "末期评估"}
# 三（九）4: 服务效益好、社会影响广、社会需求大、服务对象满意度高.
SELECTION_GROUNDS = {
    "good_benefit": "服务效益好",
    "wide_influence": "社会影响广",
    "high_demand": "社会需求大",
    "high_satisfaction": "服务对象满意度高",
}
# 三（七）、三（九）: 抽取5或7名专家.
PANEL_SIZES = (5, 7)

LABELS: dict[str, str] = {
    **COUNTY_LABELS,
    **COMMUNITY_LABELS,
    **catalogues.LABELS,
    **ORG_TYPES,
    **CERTIFICATE_LEVELS,
    **CAPACITIES,
    **BUDGET_CATEGORIES,
    **SUPERVISION_FREQUENCIES,
    **ATTACHMENT_KINDS,
    **EXPERT_FIELDS,
    **INTEREST_RELATIONS,
    **EVALUATION_STAGES,
    **SELECTION_GROUNDS,
}

# --- shared pieces --------------------------------------------------------------------------------


def _file(title: str) -> dict[str, Any]:
    return obj(
        title,
        {
            "file_name": text("文件名"),
            "file_id": text("文件标识", max_length=200, description="平台文件存储中该文件的标识"),
        },
    )


def _credit_code(title: str = "统一社会信用代码") -> dict[str, Any]:
    return text(title, min_length=18, max_length=18, pattern=SOCIAL_ORGANIZATION_CREDIT_CODE_PATTERN)


def _application_reference() -> dict[str, Any]:
    return {
        "application_id": reference("项目申报书编号", "form:panjin_project_application",
                                    description="该项目《“五社联动”项目申报书》的提交编号"),
        "project_name": text("项目名称"),
        "contractor_credit_code": _credit_code("承办单位统一社会信用代码"),
    }


def _contains_kind(kinds: tuple[str, ...]) -> dict[str, Any]:
    """An attachments list that holds at least one file of one of ``kinds``."""
    return {"contains": {"properties": {"kind": {"enum": list(kinds)}}, "required": ["kind"]}}


# --- 《“五社联动”项目申报书》 -------------------------------------------------------------------------

APPLICATION_SCHEMA = form(
    "《“五社联动”项目申报书》",
    {
        "project_name": text("项目名称"),
        "county": choice("申报县区", COUNTY_LABELS),
        "service_category": choice("服务类别", catalogues.PURCHASABLE_CATEGORY_CODES),
        "service_project": choice("服务项目", catalogues.PROJECT_CODES),
        "target_groups": choices("服务对象", "服务对象", catalogues.TARGET_CODES),
        "service_communities": choices("服务社区（村）", "社区（村）", COMMUNITY_LABELS),
        "period": obj("项目周期", {"start_date": date("开始日期"), "end_date": date("结束日期")}),
        "contractor_credit_code": _credit_code("承办单位统一社会信用代码"),
        "contractor": obj(
            "承办单位",
            {
                "name": text("单位名称"),
                "org_type": choice("组织类型", ORG_TYPES),
                "registration_authority": text("登记管理机关"),
                "registered_on": date("登记日期"),
                "newly_registered": boolean("是否新登记", description="新登记的社会组织无需提交财务会计报告或会计报表"),
                "grade": {
                    "type": ["integer", "null"],
                    "title": "社会组织评估等级（1A–5A，未评估为空）",
                    "minimum": 1,
                    "maximum": 5,
                },
                "full_time_staff": integer("专职工作人员数"),
                "legal_representative": text("法定代表人", max_length=50),
                "contact_person": text("联系人", max_length=50),
                "contact_phone": phone("联系电话"),
                "address": text("办公地址"),
                "qualifications": obj(
                    "承办条件",
                    {
                        "independent_civil_liability": boolean("具有独立承担民事责任的能力"),
                        "governance_structure": boolean("具有健全的法人治理结构"),
                        "internal_management": boolean("具有完善的内部管理制度"),
                        "information_disclosure": boolean("具有信息公开制度"),
                        "democratic_supervision": boolean("具有民主监督制度"),
                        "npo_accounting": boolean("执行《民间非营利组织会计制度》"),
                        "independent_finance": boolean("具有独立的财务管理、财务核算和资产管理制度"),
                        "good_reputation": boolean("有良好的信誉度和公信力"),
                        "capacities": choices("具备的承接能力", "承接能力", CAPACITIES, min_items=0),
                        "on_dishonesty_list": boolean("是否被列入“严重违法失信名单”"),
                        "has_administrative_penalty": boolean("是否受到过行政处罚"),
                    },
                ),
            },
            optional=("grade",),
        ),
        "partner": obj(
            "联合承办单位",
            {
                "name": text("单位名称"),
                "credit_code": _credit_code(),
                "responsibilities": long_text("承担的工作"),
            },
            description="根据项目资金额度，一个项目由1–2家社会组织承办；仅有一家时不填",
        ),
        "project_design": obj(
            "项目策划设计",
            {
                "background": long_text("项目背景与需求分析"),
                "objectives": long_text("项目目标"),
                "content": long_text("服务内容"),
                "planned_sessions_per_community": integer("每个社区（村）全年计划开展活动场次", minimum=48),
                "planned_person_times_per_community": integer("每个社区（村）全年计划服务人次", minimum=1000),
                "expected_outcomes": long_text("预期成效"),
                "station_cooperation": long_text("联动乡镇（街道）社工站方案（机构社工与驻站社工“朋辈督导”）"),
                "innovation": long_text("特色与创新"),
            },
            optional=("innovation",),
        ),
        "team": obj(
            "团队组成",
            {
                "leader": obj(
                    "项目负责人",
                    {
                        "name": text("姓名", max_length=50),
                        "position": text("职务"),
                        "certificate_level": choice("社会工作者职业资格", CERTIFICATE_LEVELS),
                        "experience": long_text("相关工作经历"),
                    },
                ),
                "members": array(
                    "团队成员",
                    obj(
                        "团队成员",
                        {
                            "name": text("姓名", max_length=50),
                            "role": text("项目中的职责"),
                            "certificate_level": choice("社会工作者职业资格", CERTIFICATE_LEVELS),
                            "full_time": boolean("是否专职"),
                        },
                    ),
                    min_items=1,
                ),
                "division_of_work": long_text("团队分工"),
            },
        ),
        "implementation": obj(
            "组织实施",
            {
                "schedule": array(
                    "实施计划",
                    obj(
                        "实施阶段",
                        {
                            "phase": text("阶段"),
                            "start_date": date("开始日期"),
                            "end_date": date("结束日期"),
                            "activities": long_text("主要活动"),
                            "sessions": integer("活动场次"),
                            "person_times": integer("服务人次"),
                        },
                    ),
                    min_items=1,
                ),
                "publicity": long_text("项目宣传推介"),
                "safety": long_text("安全教育与安全措施"),
                "archiving": long_text("项目档案整理归档（保管期限三年）"),
            },
        ),
        "inspection": obj("考察", {"plan": long_text("考察安排"), "responsible": text("负责人", max_length=50)}),
        "supervision": obj(
            "督导",
            {
                "plan": long_text("督导安排"),
                "supervisor": text("督导人员", max_length=100),
                "frequency": choice("督导频次", SUPERVISION_FREQUENCIES),
            },
        ),
        "monitoring": obj(
            "监管",
            {
                "plan": long_text("监管安排"),
                "fund_management": long_text("资金监管措施"),
                "disclosure": long_text("向社会公众公开信息的方式"),
                "monthly_reporting": affirm("承诺每月以书面方式报送项目实施进度、资金监管等情况"),
            },
        ),
        "budget": obj(
            "项目预算",
            {
                "total_fen": fen("项目总预算", minimum=1),
                "requested_fen": fen("申请资金"),
                "lines": array(
                    "预算明细",
                    obj(
                        "预算科目",
                        {
                            "item": text("科目"),
                            "category": choice("类别", BUDGET_CATEGORIES),
                            "quantity": integer("数量", minimum=1),
                            "unit_price_fen": fen("单价"),
                            "amount_fen": fen("金额"),
                            "note": text("测算说明", max_length=500),
                        },
                        optional=("note",),
                    ),
                    min_items=1,
                ),
            },
        ),
        "self_funding": obj(
            "自筹资金",
            {
                "amount_fen": fen("自筹资金金额"),
                "share": ratio("自筹比例", description="自筹资金占项目总预算的比例（0–1）"),
                "sources": long_text("自筹资金来源"),
            },
            optional=("sources",),
        ),
        "project_plan": _file("项目方案（另附）"),
        "attachments": array(
            "相关材料",
            obj("材料", {"kind": choice("材料类别", ATTACHMENT_KINDS), "file": _file("文件")}),
            min_items=2,
        ),
        "declaration": obj(
            "承诺",
            {
                "truthful": affirm("承诺所提供材料真实、合法，按照示范格式如实填写"),
                "signatory": text("承诺人", max_length=50),
                "signed_on": date("承诺日期"),
            },
        ),
    },
    optional=("partner",),
    allOf=[
        # 三（六）1（2）: the registration certificate and the approved charter, always …
        {"properties": {"attachments": _contains_kind(("registration_certificate",))}},
        {"properties": {"attachments": _contains_kind(("charter",))}},
        # … and the audited financial report or last year's statements, unless newly registered.
        {
            "if": {
                "properties": {
                    "contractor": {"properties": {"newly_registered": {"const": False}}, "required": ["newly_registered"]}
                },
                "required": ["contractor"],
            },
            "then": {"properties": {"attachments": _contains_kind(FINANCIAL_ATTACHMENTS)}},
        },
    ],
)

APPLICATION_HELP = {
    "project_name": "项目一经立项，本申报书即为项目实施的格式合同（三（八）1）",
    "county": "每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目（三（七））",
    "service_category": "志愿服务类活动不列入采购范围，由承接机构根据社区需求自行开展（三（四））",
    "service_project": "三（三）所列八类服务项目之一，须属于所选服务类别",
    "service_communities": "服务范围以《五社联动项目开展社区（村）名单》为准，须在申报县区内（三（四））",
    "period": "项目应在年度内完成实施计划（三（六））",
    "contractor": "承办单位应当具备的条件见三（五）2；等级评估为5A的社会组织在同等条件下享有优先权",
    "partner": "根据项目资金额度，确定由1-2家社会组织承办（三（五）2）",
    "project_design.planned_sessions_per_community": "每个社区（村）全年开展活动不少于48场次（三（四））",
    "project_design.planned_person_times_per_community": "每个社区（村）全年服务不少于1000人次（三（四））",
    "self_funding": "鼓励社会组织自筹资金，对自筹比例高的项目在同等条件下优先购买（三（七））",
    "project_plan": "项目方案需另附（三（六）1（1））",
    "attachments": "登记证书副本证明、章程，以及经注册会计师审计核实的财务会计报告或最近一年的会计报表"
    "（新登记的不需要）（三（六）1（2））",
}

# --- 专家库成员登记 ---------------------------------------------------------------------------------

EXPERT_SCHEMA = form(
    "项目评审专家库成员登记表",
    {
        "name": text("姓名", max_length=50),
        "organization": text("工作单位"),
        "fields": choices("专业领域", "专业领域", EXPERT_FIELDS),
        "title": text("职称", max_length=100),
        "position": text("职务", max_length=100),
        "expertise": long_text("研究或实务专长"),
        "username": text("平台账号", max_length=64),
        "interests": array(
            "利益关系申报",
            obj(
                "利益关系",
                {
                    "organization_name": text("社会组织名称"),
                    "credit_code": text("统一社会信用代码", min_length=18, max_length=18, pattern=CREDIT_CODE_PATTERN),
                    "relation": choice("关系", INTEREST_RELATIONS),
                    "description": long_text("说明"),
                },
                optional=("credit_code", "description"),
            ),
            description="与社会组织的直接利益关系或其他可能影响公正评审的情形；没有则为空列表",
        ),
        "recusal_commitment": affirm("承诺评审中发现与申报组织有直接利益关系或其他可能影响公正评审的情形时，主动说明并申请回避"),
    },
    optional=("position", "expertise", "username"),
)

EXPERT_HELP = {
    "fields": "专家库成员由社区治理、社会组织、社会工作等领域专家组成（三（七））",
    "interests": "评审小组成员如与申报的社会组织有直接利益关系，应主动说明并申请回避；主办单位也可要求其回避（三（七））",
}

# --- 项目评分表 ---------------------------------------------------------------------------------------

SCORE_ITEMS = {
    "design": "项目策划设计",
    "team": "团队组成",
    "implementation": "组织实施",
    "inspection": "考察",
    "supervision": "督导",
    "monitoring": "监管",
    "budget": "项目预算",
}

SCORING_SCHEMA = form(
    "项目评分表（《项目评分标准》）",
    {
        **_application_reference(),
        "county": choice("申报县区", COUNTY_LABELS),
        "expert_name": text("评审专家", max_length=50),
        "panel_size": {"type": "integer", "title": "评审小组人数", "enum": list(PANEL_SIZES)},
        "no_conflict_of_interest": affirm("与申报的社会组织无直接利益关系，且无其他可能影响公正评审的情形"),
        "qualification_passed": boolean("通过主体资格与申报材料审查"),
        "scores": obj("量化评分（每项0–100分）", {key: score(label) for key, label in SCORE_ITEMS.items()}),
        "total": score("总分（各项之和）", maximum=100 * len(SCORE_ITEMS)),
        "self_funding_share": ratio("自筹比例（同等条件下优先）"),
        "comments": long_text("评审意见"),
        "scored_on": date("评审日期"),
    },
    optional=("scores", "total", "self_funding_share", "comments"),
    description="《项目评分标准》未随方案印发，评分项取自申报书应说明的各项及预算评审；各项0–100分，总分为各项之和",
    allOf=[
        # 三（七）: only applications that passed the qualification check are scored.
        {
            "if": {"properties": {"qualification_passed": {"const": True}}, "required": ["qualification_passed"]},
            "then": {"required": ["scores", "total"]},
            "else": {"not": {"required": ["scores"]}},
        }
    ],
)

SCORING_HELP = {
    "panel_size": "从项目评审专家库中抽取5或7名专家组成评审小组（三（七））",
    "qualification_passed": "对通过资格审查的项目，由评审小组按照《项目评分标准》进行量化评分排序（三（七））",
    "self_funding_share": "对自筹比例高的项目在同等条件下优先购买（三（七））",
}

# --- 项目月度进度报告 -----------------------------------------------------------------------------------

PROGRESS_SCHEMA = form(
    "项目月度进度报告",
    {
        **_application_reference(),
        "month": text("报告月份", min_length=7, max_length=7, pattern=MONTH_PATTERN),
        "progress": obj(
            "项目实施进度",
            {
                "sessions": integer("本月开展活动场次"),
                "person_times": integer("本月服务人次"),
                "by_community": array(
                    "分社区（村）情况",
                    obj(
                        "社区（村）",
                        {
                            "community": choice("社区（村）", COMMUNITY_LABELS),
                            "sessions": integer("活动场次"),
                            "person_times": integer("服务人次"),
                        },
                    ),
                    min_items=1,
                ),
                "summary": long_text("本月工作情况"),
                "problems": long_text("存在问题"),
                "next_month": long_text("下月工作计划"),
            },
            optional=("problems",),
        ),
        "funds": obj(
            "资金监管情况",
            {
                "received_fen": fen("累计到位资金"),
                "spent_this_month_fen": fen("本月支出"),
                "spent_to_date_fen": fen("累计支出"),
                "lines": array(
                    "本月支出明细",
                    obj("支出", {"item": text("科目"), "category": choice("类别", BUDGET_CATEGORIES), "amount_fen": fen("金额")}),
                ),
            },
        ),
        "disclosure": obj(
            "信息公开",
            {
                "disclosed": boolean("本月已向社会公众公开相关信息"),
                "channel": text("公开方式"),
                "disclosed_on": date("公开日期"),
            },
            optional=("channel", "disclosed_on"),
            **{
                "if": {"properties": {"disclosed": {"const": True}}, "required": ["disclosed"]},
                "then": {"required": ["channel", "disclosed_on"]},
            },
        ),
        "stage_summary": long_text("阶段总结报告"),
    },
    optional=("stage_summary",),
)

PROGRESS_HELP = {
    "month": "承办单位每月度以书面方式，向主办单位报送项目实施进度、资金监管等情况及阶段总结报告（三（八）4）",
    "disclosure": "并负责以适当方式向社会公众公开相关信息（三（八）4）",
}

# --- 项目绩效评估表 -------------------------------------------------------------------------------------

CONTRACTOR_ITEMS = {
    "organization": "机构是否健全",
    "division_of_work": "团队分工是否明确",
    "publicity": "项目宣传是否到位",
    "fairness": "项目评估是否公正公平",
    "training": "培训、指导、督促是否到位",
    "safety": "安全教育、安全措施落实是否到位",
    "satisfaction": "创投主体对承办服务是否满意",
    "compliance": "执行本办法及《委托代理协议》的规定是否严格",
    "fund_management": "资金管理、费用支出等是否严格执行财政资金管理有关规定",
}
PROJECT_ITEMS = {
    "management": "项目管理是否执行到位",
    "matching_funds": "项目配套资金是否落实",
    "fund_rules": "资金管理是否严格执行财政资金管理有关规定",
}

EVALUATION_SCHEMA = form(
    "项目绩效评估表",
    {
        **_application_reference(),
        "stage": choice("评估阶段", EVALUATION_STAGES),
        "panel_size": {"type": "integer", "title": "评估小组人数", "enum": list(PANEL_SIZES)},
        "experts": array("评估小组专家", text("姓名", max_length=50), min_items=min(PANEL_SIZES),
                         max_items=max(PANEL_SIZES), unique=True),
        "evaluated_on": date("评估日期"),
        "contractor": obj(
            "评估承办单位（每项0–100分）",
            {key: score(label) for key, label in CONTRACTOR_ITEMS.items()},
        ),
        "project": obj(
            "评估项目绩效（实地评估）",
            {
                "site_visit_on": date("实地评估日期"),
                **{key: score(label) for key, label in PROJECT_ITEMS.items()},
                "findings": long_text("实地核查情况"),
            },
        ),
        "satisfaction": obj(
            "评估项目满意度",
            {
                "beneficiaries": ratio("服务对象对服务项目的满意度"),
                "society": ratio("社会对服务项目的认可度"),
                "respondents": integer("调查人数"),
                "method": long_text("调查方式"),
            },
        ),
        "selection": obj(
            "评选品牌及优秀项目",
            {
                "brand": boolean("评为品牌项目"),
                "outstanding": boolean("评为优秀项目"),
                "grounds": choices("评选依据", "依据", SELECTION_GROUNDS, min_items=0),
            },
            anyOf=[
                {"properties": {"brand": {"const": False}, "outstanding": {"const": False}}},
                {"properties": {"grounds": {"minItems": 1}}},
            ],
        ),
        "conclusion": obj(
            "评估结论",
            {
                "score": score("综合得分"),
                "passed": boolean("评估验收合格"),
                "opinion": long_text("评估意见"),
            },
        ),
        "evidence": array("佐证材料", _file("佐证材料")),
    },
    optional=("evidence",),
)

EVALUATION_HELP = {
    "stage": "合同签署后拨付项目资金总金额的60%，项目中期评估验收合格后核拨40%（三（八）2）",
    "panel_size": "从项目评审专家库中抽取5或7名专家组成评估小组（三（九））",
    "selection": "评选出具备服务效益好、社会影响广、社会需求大、服务对象满意度高等特征的品牌和优秀项目（三（九）4）",
}

# --------------------------------------------------------------------------------------------------

APPLICATION = "panjin_project_application"
EXPERT = "panjin_expert_pool_entry"
SCORING = "panjin_project_scoring"
PROGRESS = "panjin_monthly_progress_report"
EVALUATION = "panjin_performance_evaluation"

APPLICATION_UI = ui(APPLICATION_SCHEMA, LABELS, APPLICATION_HELP)
# The codes chosen from the catalogues (三（一）至三（三）): say which, so a client can show the item.
APPLICATION_UI["widgets"]["service_category"]["catalogue"] = catalogues.SERVICES.key
APPLICATION_UI["widgets"]["service_project"]["catalogue"] = catalogues.SERVICES.key
APPLICATION_UI["widgets"]["target_groups"]["catalogue"] = catalogues.SERVICE_TARGETS.key

FORMS = [
    FormDecl(
        key=APPLICATION,
        version=1,
        title="《“五社联动”项目申报书》",
        json_schema=APPLICATION_SCHEMA,
        ui=APPLICATION_UI,
        tiers=(Tier.DISTRICT,),
        # 三（六）1: 申报承办单位的社会组织应向主办单位提交 — the contractor (roles.py: form:submit@district).
        submitters=("contractor",),
        source=f"{DOCUMENT} 三（六）1：《“五社联动”项目申报书》，详细说明项目的策划设计、团队组成、组织实施、考察、"
        "督导、监管等情况；三（八）1",
    ),
    FormDecl(
        key=EXPERT,
        version=1,
        title="项目评审专家库成员登记表",
        json_schema=EXPERT_SCHEMA,
        ui=ui(EXPERT_SCHEMA, LABELS, EXPERT_HELP),
        tiers=(Tier.CITY,),
        # 三（七）: 市民政局负责建立项目评审专家库 — the organizer keeps the pool (form:submit@city); the
        # experts are its entries, not its keepers, and hold form:submit at the district only.
        submitters=("organizer",),
        source=f"{DOCUMENT} 三（七）：市民政局负责建立项目评审专家库，专家库成员由社区治理、社会组织、社会工作等领域专家组成",
    ),
    FormDecl(
        key=SCORING,
        version=1,
        title="项目评分表",
        json_schema=SCORING_SCHEMA,
        ui=ui(SCORING_SCHEMA, LABELS, SCORING_HELP),
        tiers=(Tier.DISTRICT,),
        # 三（七）: 由评审小组……量化评分 — the experts (form:submit@district); not the contractor scored.
        submitters=("expert",),
        source=f"{DOCUMENT} 三（七）：由评审小组按照《项目评分标准》评分标准进行量化评分排序",
    ),
    FormDecl(
        key=PROGRESS,
        version=1,
        title="项目月度进度报告",
        json_schema=PROGRESS_SCHEMA,
        ui=ui(PROGRESS_SCHEMA, LABELS, PROGRESS_HELP),
        tiers=(Tier.DISTRICT,),
        # 三（八）4: 承办单位每月度……向主办单位报送 — the contractor (form:submit@district).
        submitters=("contractor",),
        source=f"{DOCUMENT} 三（八）4：承办单位每月度以书面方式，向主办单位报送项目实施进度、资金监管等情况及阶段总结报告",
    ),
    FormDecl(
        key=EVALUATION,
        version=1,
        title="项目绩效评估表",
        json_schema=EVALUATION_SCHEMA,
        ui=ui(EVALUATION_SCHEMA, LABELS, EVALUATION_HELP),
        tiers=(Tier.DISTRICT,),
        # 三（九）: 从项目评审专家库中抽取5或7名专家组成评估小组 — the experts (form:submit@district).
        submitters=("expert",),
        source=f"{DOCUMENT} 三（九）项目绩效评估；三（八）2：项目中期评估验收合格后核拨40%",
    ),
]
