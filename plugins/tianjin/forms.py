"""天津市的表单：津民函〔2023〕20号.

- 创建点建设情况台账 (``tianjin_creation_record``): what a creation point (the street's project)
  reports against the seven creation standards of 三（一）–（七）, one section per standard;
- 区级中期评估表 / 区级末期评估表 (``tianjin_mid_term_evaluation``, ``tianjin_final_evaluation``):
  五（三）“各区民政局……对本区创建点项目……做好中期、末期评估，并将评估结果报送市民政局”;
- 市区联合创建点阶段评估表 (``tianjin_joint_point_evaluation``): 五（三）“市民政局组建专业评估团队，
  分阶段对市区联合创建点项目开展评估考核，重点检查项目实施情况、服务成效、社会参与、资源整合、
  社会效益等内容，经评估合格后给予结项”.

Money is in integer fen (分). Every property has a zh-CN ``title``.
"""

from typing import Any

from core import FormDecl, Tier

DOCUMENT = "津民函〔2023〕20号"


# --- JSON Schema helpers ---------------------------------------------------------------------


def _text(title: str, *, max_length: int = 2000, min_length: int = 1, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length, **extra}


def _int(title: str, *, minimum: int = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "title": title, "minimum": minimum, **extra}


def _money(title: str) -> dict[str, Any]:
    return {"type": "integer", "title": f"{title}（分）", "minimum": 0}


def _bool(title: str) -> dict[str, Any]:
    return {"type": "boolean", "title": title}


def _date(title: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "title": title}


def _enum(title: str, values: list[str]) -> dict[str, Any]:
    return {"type": "string", "title": title, "enum": values}


def _array(title: str, items: dict[str, Any], *, min_items: int = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "array", "title": title, "items": items, "minItems": min_items, **extra}


def _object(title: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _form_schema(title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_object(title, properties, required),
    }


# --- vocabularies of the document ------------------------------------------------------------

PROFESSIONAL_SERVICE_FIELDS = ["养老服务", "社会救助", "儿童福利和权益保护", "残疾人保障", "其他民政重点工作"]
"""三（三）: social work combined with 养老服务、社会救助、儿童福利和权益保护、残疾人保障等民政重点工作."""

VOLUNTEER_ACTIVITIES = ["扶贫济困", "敬老助残", "医疗服务", "平安建设", "文化科技", "其他"]
"""三（五）: 开展扶贫济困、敬老助残、医疗服务、平安建设、文化科技等志愿服务活动."""

PUBLICITY_CONTENT = ["项目重大举措", "优秀事迹", "先进人物", "特色经验"]
"""三（七）: 围绕项目重大举措、优秀事迹、先进人物、特色经验等内容，开展……社会宣传."""

RESEARCH_THEMES = ["五社联动", "社区公益基金运作", "社会工作服务开展", "其他"]
"""三（七）: 围绕“五社联动”、社区公益基金运作、社会工作服务开展等方面进行专题研究."""

EVALUATION_DIMENSIONS = {
    "implementation": "项目实施情况",
    "results": "服务成效",
    "participation": "社会参与",
    "resource_integration": "资源整合",
    "social_benefit": "社会效益",
}
"""五（三）: 重点检查项目实施情况、服务成效、社会参与、资源整合、社会效益等内容."""

STANDARDS = {
    "community_fund": "（一）创建社区基金",
    "social_work_talent": "（二）壮大社会工作人才队伍",
    "professional_services": "（三）开展社会工作专业服务",
    "community_social_organizations": "（四）培育社区社会组织",
    "volunteer_service": "（五）开展社区志愿服务",
    "charity_resources": "（六）撬动社会慈善资源",
    "summary_and_publicity": "（七）做好总结推广",
}
"""三、创建标准（一）–（七）."""

RESULTS = ["合格", "不合格"]
"""五（三）: 经评估合格后给予结项."""


# --- 创建点建设情况台账 --------------------------------------------------------------------------


def _creation_record_schema() -> dict[str, Any]:
    community = _object(
        "辐射社区",
        {
            "community": _text("社区名称", max_length=100),
            "two_committees_member": _text("参与项目的社区“两委”成员", max_length=100),
            "certified_community_workers": _int("参与项目的持证社区工作者人数"),
            "volunteer_teams": _int("培育发展的志愿服务组织（团队）数"),
            "resident_population": _int("社区常住居民人数", minimum=1),
            "registered_volunteers": _int("注册志愿者人数"),
            "active_volunteers": _int("本年度参加志愿服务活动并有时长记录的注册志愿者人数"),
        },
    )
    properties = {
        "year": _int("年度", minimum=2023, maximum=2100),
        "community_fund": _object(
            "（一）社区基金",
            {
                "name": _text("社区基金名称", max_length=200),
                "host_charity": _text("依托的慈善组织", max_length=200),
                "host_level": _enum("慈善组织层级", ["市级", "区级", "其他"]),
                "host_public_fundraising": _bool("慈善组织具有公开募捐资格"),
                "fund_form": _enum("设立方式", ["专项基金", "其他"]),
                "established_on": _date("设立日期"),
                "uses": _array(
                    "基金用途",
                    _enum(
                        "用途",
                        [
                            "为社区困难群体提供支持性服务",
                            "开展社区公益与志愿活动",
                            "支持社区治理",
                            "改善社区环境",
                            "资助辖区社区社会组织开展为民服务",
                        ],
                    ),
                    uniqueItems=True,
                ),
            },
            required=["name", "host_charity", "host_level", "host_public_fundraising", "fund_form"],
        ),
        "social_work_station": _object(
            "（二）街镇社会工作服务站",
            {
                "name": _text("社会工作服务站名称", max_length=200),
                "full_time_social_workers": _int("专职社会工作者人数"),
                "government_purchased": _bool("通过政府购买服务方式配备"),
            },
        ),
        "covered_communities": _array("（二）（五）项目辐射社区", community, min_items=1),
        "professional_services": _array(
            "（三）社会工作专业服务",
            _object(
                "专业服务",
                {
                    "field": _enum("结合的民政重点工作", PROFESSIONAL_SERVICE_FIELDS),
                    "description": _text("服务内容", max_length=2000),
                    "beneficiaries": _int("服务特殊困难群众人次"),
                },
                required=["field", "description"],
            ),
            min_items=1,
        ),
        "community_social_organizations": _array(
            "（四）培育发展的社区社会组织",
            _object(
                "社区社会组织",
                {
                    "name": _text("组织名称", max_length=200),
                    "registration": _enum("登记或备案", ["登记", "备案"]),
                    "projects": _text("开展的公益项目和服务", max_length=2000),
                },
                required=["name", "registration"],
            ),
        ),
        "volunteer_service": _object(
            "（五）社区志愿服务",
            {
                "activities": _array("志愿服务活动类别", _enum("活动类别", VOLUNTEER_ACTIVITIES), uniqueItems=True),
                "records_and_certificates": _bool("做好志愿服务记录与证明工作"),
                "points_incentive": _bool("探索志愿服务积分激励机制"),
            },
            required=["activities", "records_and_certificates"],
        ),
        "fundraising": _object(
            "（六）社区基金本年度撬动的社会慈善资金",
            {
                "money_fen": _money("捐赠资金"),
                "in_kind_value_fen": _money("捐赠物资折算金额"),
                "donors": _array(
                    "捐赠方类别",
                    _enum("捐赠方", ["居民群众", "企事业单位", "社会组织", "其他"]),
                    uniqueItems=True,
                ),
            },
            required=["money_fen", "in_kind_value_fen"],
        ),
        "summary_and_publicity": _object(
            "（七）总结推广",
            {
                "research": _array(
                    "专题研究",
                    _object(
                        "专题研究",
                        {"theme": _enum("研究方面", RESEARCH_THEMES), "title": _text("题目", max_length=200)},
                    ),
                ),
                "experience_summary": _text("项目经验和实践成果总结", max_length=10000),
                "publicity": _array(
                    "社会宣传",
                    _object(
                        "宣传",
                        {
                            "content": _enum("宣传内容", PUBLICITY_CONTENT),
                            "channel": _text("媒体和信息渠道", max_length=200),
                            "published_on": _date("发布日期"),
                        },
                        required=["content", "channel"],
                    ),
                ),
            },
            required=[],
        ),
    }
    required = [
        "year", "community_fund", "social_work_station", "covered_communities", "professional_services",
        "community_social_organizations", "volunteer_service", "fundraising",
    ]
    return _form_schema("创建点建设情况台账", properties, required)


# --- evaluations ----------------------------------------------------------------------------------


def _dimensions() -> dict[str, Any]:
    return _object(
        "评估内容",
        {
            key: _object(
                label,
                {"findings": _text("评估发现", max_length=5000), "qualified": _bool("合格")},
            )
            for key, label in EVALUATION_DIMENSIONS.items()
        },
    )


def _standards_checklist() -> dict[str, Any]:
    return _object(
        "创建标准达标情况",
        {key: _bool(f"{label}达标") for key, label in STANDARDS.items()},
    )


def _creation_point() -> dict[str, Any]:
    return _object(
        "被评估的创建点",
        {
            "street": _text("创建点街镇", max_length=100),
            "level": _enum("创建点类别", ["区级创建点", "市区联合创建点"]),
            "joint_point": _int("市区联合创建点序号", minimum=1, maximum=11),
            "communities": _array("试点社区", _text("社区名称", max_length=100), min_items=1),
        },
        required=["street", "level", "communities"],
    )


def _district_evaluation_schema(title: str) -> dict[str, Any]:
    properties = {
        "creation_point": _creation_point(),
        "evaluated_on": _date("评估日期"),
        "evaluator": _text("评估主体", max_length=200),
        "tasks_done_share": {
            "type": "number", "title": "创建任务完成比例", "minimum": 0, "maximum": 1,
        },
        "dimensions": _dimensions(),
        "standards": _standards_checklist(),
        "result": _enum("评估结果", RESULTS),
        "problems": _text("存在问题", max_length=5000, min_length=0),
        "rectification": _text("整改措施", max_length=5000, min_length=0),
        "reported_to_city_on": _date("报送市民政局日期"),
    }
    required = ["creation_point", "evaluated_on", "evaluator", "tasks_done_share", "dimensions", "standards", "result"]
    return _form_schema(title, properties, required)


def _joint_point_evaluation_schema() -> dict[str, Any]:
    properties = {
        "stage": _int("评估阶段（第几阶段）", minimum=1),
        "final_stage": _bool("结项评估"),
        "evaluated_on": _date("评估日期"),
        "evaluation_team": _text("专业评估团队", max_length=200),
        "dimensions": _dimensions(),
        "standards": _standards_checklist(),
        "result": _enum("评估结果", RESULTS),
        "closed": _bool("给予结项"),
        "problems": _text("存在问题", max_length=5000, min_length=0),
        "guidance": _text("指导意见", max_length=5000, min_length=0),
    }
    required = ["stage", "final_stage", "evaluated_on", "evaluation_team", "dimensions", "standards", "result", "closed"]
    return _form_schema("市区联合创建点阶段评估表", properties, required)


def _ui(order: list[str], widgets: dict[str, str] | None = None, help: dict[str, str] | None = None) -> dict[str, Any]:
    return {"order": order, "widgets": widgets or {}, "help": help or {}}


_EVALUATION_HELP = {
    "dimensions": "五（三）：重点检查项目实施情况、服务成效、社会参与、资源整合、社会效益等内容",
    "standards": "三、创建标准（一）至（七）",
}


def declarations() -> list[FormDecl]:
    district_order = [
        "creation_point", "evaluated_on", "evaluator", "tasks_done_share", "dimensions", "standards",
        "result", "problems", "rectification", "reported_to_city_on",
    ]
    district_widgets = {"problems": "textarea", "rectification": "textarea", "tasks_done_share": "percent"}
    return [
        FormDecl(
            key="tianjin_creation_record",
            version=1,
            title="健全“五社联动”机制示范项目创建点建设情况台账",
            json_schema=_creation_record_schema(),
            ui=_ui(
                [
                    "year", "community_fund", "social_work_station", "covered_communities",
                    "professional_services", "community_social_organizations", "volunteer_service",
                    "fundraising", "summary_and_publicity",
                ],
                {
                    "fundraising.money_fen": "money_fen",
                    "fundraising.in_kind_value_fen": "money_fen",
                    "summary_and_publicity.experience_summary": "textarea",
                },
                {
                    "community_fund": "三（一）：街镇建立社区基金；五（一）：市级具有公开募捐资格的慈善组织以专项基金方式设立",
                    "social_work_station": "三（二）：通过政府购买服务方式配备不少于2名专职社会工作者",
                    "covered_communities": (
                        "三（二）：项目辐射不少于2个社区，每个社区应有“两委”成员和至少一名持证社区工作者参与；"
                        "三（五）：每个社区至少1个志愿服务组织（团队），注册志愿者占常住居民15%以上，"
                        "有时长记录的占40%以上"
                    ),
                    "community_social_organizations": "三（四）：每个项目培育发展不少于5个社区社会组织",
                    "fundraising": (
                        "三（六）：包括捐赠物资折算金额；区级创建点不做限定，市区联合创建点1—5不少于5万元，"
                        "6—11不少于2万元"
                    ),
                },
            ),
            tiers=(Tier.STREET,),
            # 二: the street is the creation point and keeps its ledger (roles.py: form:submit@street).
            submitters=("street_office",),
            source=f"{DOCUMENT} 三、创建标准（一）至（七）",
        ),
        FormDecl(
            key="tianjin_mid_term_evaluation",
            version=1,
            title="健全“五社联动”机制示范项目创建点中期评估表",
            json_schema=_district_evaluation_schema("创建点中期评估表"),
            ui=_ui(district_order, district_widgets, {
                **_EVALUATION_HELP,
                "tasks_done_share": "二：2023年11月底前完成创建任务的50%以上",
                "reported_to_city_on": "五（三）：将评估结果报送市民政局",
            }),
            tiers=(Tier.DISTRICT, Tier.STREET),
            # 五（三）: 各区民政局……做好中期、末期评估 (roles.py: form:submit@district,street).
            submitters=("district_bureau",),
            source=f"{DOCUMENT} 五（三）“各区民政局……对本区创建点项目进行全流程监督指导，做好中期、末期评估，并将评估结果报送市民政局”",
        ),
        FormDecl(
            key="tianjin_final_evaluation",
            version=1,
            title="健全“五社联动”机制示范项目创建点末期评估表",
            json_schema=_district_evaluation_schema("创建点末期评估表"),
            ui=_ui(district_order, district_widgets, {
                **_EVALUATION_HELP,
                "tasks_done_share": "二：到2024年6月底，创建任务全部完成",
                "reported_to_city_on": "五（三）：将评估结果报送市民政局",
            }),
            tiers=(Tier.DISTRICT, Tier.STREET),
            # 五（三）: 各区民政局……做好中期、末期评估 (roles.py: form:submit@district,street).
            submitters=("district_bureau",),
            source=f"{DOCUMENT} 五（三）“各区民政局……对本区创建点项目进行全流程监督指导，做好中期、末期评估，并将评估结果报送市民政局”",
        ),
        FormDecl(
            key="tianjin_joint_point_evaluation",
            version=1,
            title="健全“五社联动”机制示范项目市区联合创建点阶段评估表",
            json_schema=_joint_point_evaluation_schema(),
            ui=_ui(
                [
                    "stage", "final_stage", "evaluated_on", "evaluation_team", "dimensions", "standards",
                    "result", "closed", "problems", "guidance",
                ],
                {"problems": "textarea", "guidance": "textarea"},
                {**_EVALUATION_HELP, "closed": "五（三）：经评估合格后给予结项"},
            ),
            tiers=(Tier.STREET,),
            # 五（三）: 市民政局组建专业评估团队，分阶段……开展评估考核 — the team evaluates
            # (form:submit@street). The city bureau holds form:submit@street only so that it can grant
            # it to the team it forms (roles.py); the document does not have it evaluate itself.
            submitters=("evaluation_team",),
            source=(
                f"{DOCUMENT} 五（三）“市民政局组建专业评估团队，分阶段对市区联合创建点项目开展评估考核，重点检查"
                "项目实施情况、服务成效、社会参与、资源整合、社会效益等内容，经评估合格后给予结项”"
            ),
        ),
    ]
