"""重庆市的表单：渝民发〔2022〕7号.

- 需求清单、资源清单、项目清单 (``chongqing_demand_list``, ``chongqing_resource_list``,
  ``chongqing_project_list``): 三（六）“建立基层社会服务需求清单、资源清单、项目清单，促进供需对接”;
  items carry a code (编号) so that a project names the demands it answers and the resources it uses;
- 议事协商记录 (``chongqing_consultation_record``): 三（四）、三（六）、四（二）, with its participants;
- 志愿服务记录与证明抽查表 (``chongqing_volunteer_record_spot_check``): 三（三）“扎实开展志愿服务记录与
  证明抽查工作”.

District and street plans under this opinion (e.g. ``qianjiang``) inherit these forms. Money is in
integer fen (分). Every property has a zh-CN ``title``.
"""

from typing import Any

from core import FormDecl, Tier
from core.plugins.formschema import entry_reference

from .catalogues import (
    NEED_DOMAINS,
    PROJECT_FORMS,
    SOCIAL_WORK_FIELDS,
    VULNERABLE_GROUPS,
)

DOCUMENT = "渝民发〔2022〕7号"

ITEM_CODE = r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$"


# --- JSON Schema helpers ---------------------------------------------------------------------


def _text(title: str, *, max_length: int = 2000, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length}


def _code(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "pattern": ITEM_CODE}


def _entry(title: str, list_key: str) -> dict[str, Any]:
    """The code of an entry (``items[].code``) of a submitted list of ``list_key``."""
    return {**entry_reference(title, list_key, "items[].code"), "pattern": ITEM_CODE}


def _int(title: str, *, minimum: int = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "title": title, "minimum": minimum, **extra}


def _number(title: str, *, minimum: float = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "number", "title": title, "minimum": minimum, **extra}


def _money(title: str) -> dict[str, Any]:
    return {"type": "integer", "title": f"{title}（分）", "minimum": 0}


def _bool(title: str) -> dict[str, Any]:
    return {"type": "boolean", "title": title}


def _date(title: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "title": title}


def _enum(title: str, values: list[str]) -> dict[str, Any]:
    return {"type": "string", "title": title, "enum": list(values)}


def _array(title: str, items: dict[str, Any], *, min_items: int = 0, unique: bool = False) -> dict[str, Any]:
    out = {"type": "array", "title": title, "items": items, "minItems": min_items}
    return {**out, "uniqueItems": True} if unique else out


def _enum_set(title: str, item_title: str, values: list[str], *, min_items: int = 0) -> dict[str, Any]:
    return _array(title, _enum(item_title, values), min_items=min_items, unique=True)


def _object(title: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _form_schema(title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **_object(title, properties, required)}


# --- vocabularies ----------------------------------------------------------------------------

DEMAND_CHANNELS = ["居民需求调研", "议事协商", "“渝快社区”APP及小程序", "智慧社区平台", "其他"]
"""三（六）: 需求调研; 通过议事协商的方式; 依托“渝快社区”APP及小程序、智慧社区平台……信息收集."""

MATCHING_STATUS = ["待对接", "已对接", "已满足"]

RESOURCE_KINDS = [
    "社会组织", "社会工作服务机构", "志愿服务组织", "慈善组织", "社区基金", "企事业单位", "驻区单位", "服务设施", "其他社会慈善资源",
]
"""三（六）“盘活辖区内社会组织、社会工作服务机构、志愿服务组织、社会慈善资源等各类资源”；三（四）；四（三）."""

FACILITIES = ["村（社区）综合服务中心", "社会工作室", "养老服务站（互助养老点）", "志愿服务站点", "其他"]
"""三（二）“依托村（社区）综合服务中心、社会工作室、养老服务站（互助养老点）、志愿服务站点等服务设施”."""

IMPLEMENTER_KINDS = ["社会工作服务机构", "社区社会组织", "志愿服务组织", "慈善组织", "村（社区）", "其他"]

FUNDING_SOURCES = ["一般公共预算资金", "福彩公益金", "社会救助专项资金", "社会慈善资金", "驻区单位支持", "社区基金", "其他"]
"""四（三）“购买服务资金从一般公共预算资金、福彩公益金、社会救助专项资金等资金中统筹安排。鼓励通过驻区单位支持、
设计募捐项目、设立社区基金等方式”."""

FUNDRAISING_PARTNERS = ["具有公开募捐资格的慈善组织", "红十字会"]
"""三（四）“与具有公开募捐资格的慈善组织、红十字会合作开展募捐活动”."""

PROJECT_STATUS = ["策划", "实施中", "已完成"]

PARTICIPANT_CATEGORIES = [
    "村（社区）党组织",
    "村（居）民委员会",
    "乡镇（街道）",
    "居民",
    "社区工作者",
    "社会工作者",
    "社会组织代表",
    "社区志愿者",
    "社会慈善资源代表",
    "网格管理员",
    "业主委员会",
    "驻区单位",
    "其他",
]
"""三（一）的治理主体 (社区居民、社区工作者、社会工作者、网格管理员、社区志愿者、社区社会组织成员及业主委员会、
驻区单位) and 三（四）'s required four (社会工作者、社会组织代表、社区志愿者和社会慈善资源代表)."""

REQUIRED_PARTICIPANTS = ["社会工作者", "社会组织代表", "社区志愿者", "社会慈善资源代表"]
"""三（四）“坚持在城乡社区协商中吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与”."""

CONVENERS = ["乡镇（街道）", "村（社区）“两委”", "其他"]
"""四（二）“乡镇（街道）要……主导开展议事协商”；三（三）村（社区）“两委”."""

SPOT_CHECK_FINDINGS = ["记录属实", "服务时长不符", "记录信息不完整", "无对应服务活动", "证明与记录不符", "其他问题"]
SPOT_CHECK_RESULTS = ["合格", "限期整改", "不合格"]


# --- the three lists ---------------------------------------------------------------------------


def _list_header() -> dict[str, Any]:
    return {
        "compiled_on": _date("编制日期"),
        "period": _text("清单周期（如2023年度）", max_length=50),
    }


def _demand_list_schema() -> dict[str, Any]:
    item = _object(
        "需求",
        {
            "code": _code("需求编号"),
            "group": _enum("服务对象", VULNERABLE_GROUPS),
            "domain": _enum("需求领域", NEED_DOMAINS),
            "description": _text("需求描述", max_length=2000),
            "people": _int("涉及人数", minimum=1),
            "channel": _enum("需求来源", DEMAND_CHANNELS),
            "status": _enum("对接状态", MATCHING_STATUS),
        },
        required=["code", "group", "domain", "description", "people", "channel", "status"],
    )
    properties = {**_list_header(), "items": _array("需求清单", item, min_items=1)}
    return _form_schema("基层社会服务需求清单", properties, ["compiled_on", "period", "items"])


def _resource_list_schema() -> dict[str, Any]:
    item = _object(
        "资源",
        {
            "code": _code("资源编号"),
            "kind": _enum("资源类别", RESOURCE_KINDS),
            "name": _text("资源名称（单位或设施）", max_length=200),
            "facility": _enum("服务设施类别", FACILITIES),
            "offers": _enum_set("可提供的服务", "服务内容", NEED_DOMAINS, min_items=1),
            "fields": _enum_set("社会工作服务领域", "领域", SOCIAL_WORK_FIELDS),
            "capacity": _text("服务能力或可提供的资金物资", max_length=2000),
            "public_fundraising": _bool("具有公开募捐资格"),
        },
        required=["code", "kind", "name", "offers"],
    )
    properties = {**_list_header(), "items": _array("资源清单", item, min_items=1)}
    return _form_schema("基层社会服务资源清单", properties, ["compiled_on", "period", "items"])


def _project_list_schema() -> dict[str, Any]:
    item = _object(
        "项目",
        {
            "code": _code("项目编号"),
            "name": _text("项目名称", max_length=200),
            # 三（六）促进供需对接: each code names an entry of a submitted list at this place, above or below it.
            "demand_codes": _array("回应的需求（需求编号）", _entry("需求编号", "chongqing_demand_list"), unique=True),
            "resource_codes": _array("使用的资源（资源编号）", _entry("资源编号", "chongqing_resource_list"), unique=True),
            "target_groups": _enum_set("服务对象", "服务对象", VULNERABLE_GROUPS, min_items=1),
            "need_domains": _enum_set("服务内容", "服务内容", NEED_DOMAINS, min_items=1),
            "field": _enum("社会工作服务领域", SOCIAL_WORK_FIELDS),
            "forms": _enum_set("运作方式", "运作方式", PROJECT_FORMS, min_items=1),
            "implementer": _object(
                "实施主体",
                {"name": _text("名称", max_length=200), "kind": _enum("类别", IMPLEMENTER_KINDS)},
            ),
            "budget_fen": _money("项目预算"),
            "funding_sources": _enum_set("资金来源", "资金来源", FUNDING_SOURCES, min_items=1),
            "raises_donations": _bool("开展募捐活动"),
            "fundraising_partner": _object(
                "募捐合作方",
                {"name": _text("名称", max_length=200), "kind": _enum("类别", FUNDRAISING_PARTNERS)},
            ),
            "started_on": _date("开始日期"),
            "ended_on": _date("结束日期"),
            "major_matter": _bool("涉及居民群众切身利益的重大问题和重要事项"),
            "party_decided_on": _date("村（社区）党组织研究讨论决定日期"),
            "status": _enum("项目状态", PROJECT_STATUS),
        },
        required=[
            "code", "name", "target_groups", "need_domains", "forms", "implementer", "budget_fen",
            "funding_sources", "raises_donations", "major_matter", "status",
        ],
    )
    properties = {**_list_header(), "items": _array("项目清单", item, min_items=1)}
    return _form_schema("基层社会服务项目清单", properties, ["compiled_on", "period", "items"])


# --- consultation -----------------------------------------------------------------------------


def _consultation_schema() -> dict[str, Any]:
    participant = _object(
        "参与人",
        {
            "name": _text("姓名", max_length=50),
            "category": _enum("参与身份", PARTICIPANT_CATEGORIES),
            "organization": _text("所在单位或组织", max_length=200),
        },
        required=["name", "category"],
    )
    issue = _object(
        "议题",
        {
            "description": _text("居民问题诉求", max_length=2000),
            "channel": _enum("诉求来源", DEMAND_CHANNELS),
            "category": _text("分类", max_length=100),
            "responsible": _text("责任主体（分责）", max_length=200),
            "outcome": _text("协商结果和处理意见", max_length=2000),
            "project_code": _code("转入项目清单的项目编号"),
        },
        required=["description", "category", "responsible", "outcome"],
    )
    properties = {
        "held_on": _date("协商日期"),
        "venue": _text("地点", max_length=200),
        "convened_by": _enum("主导", CONVENERS),
        "topic": _text("协商主题", max_length=200),
        "participants": _array("参与人", participant, min_items=1),
        "issues": _array("议题及分类分责处理", issue, min_items=1),
        "major_matter": _bool("涉及居民群众切身利益的重大问题和重要事项"),
        "party_decided_on": _date("村（社区）党组织研究讨论决定日期"),
        "feedback": _text("向居民反馈情况", max_length=2000),
    }
    required = ["held_on", "convened_by", "topic", "participants", "issues", "major_matter"]
    return _form_schema("城乡社区议事协商记录", properties, required)


# --- spot checks ------------------------------------------------------------------------------


def _spot_check_schema() -> dict[str, Any]:
    sample = _object(
        "抽查的记录",
        {
            "record_ref": _text("志愿服务记录编号", max_length=64),
            "volunteer_ref": _text("志愿者编号", max_length=64),
            "activity": _text("服务活动", max_length=200),
            "service_date": _date("服务日期"),
            "recorded_hours": _number("记录的服务时长（小时）"),
            "verified_hours": _number("核实的服务时长（小时）"),
            "certificate_issued": _bool("已出具志愿服务证明"),
            "finding": _enum("抽查发现", SPOT_CHECK_FINDINGS),
            "note": _text("说明", max_length=1000),
        },
        required=["record_ref", "activity", "service_date", "recorded_hours", "verified_hours", "finding"],
    )
    properties = {
        "checked_on": _date("抽查日期"),
        "checked_by": _text("抽查单位", max_length=200),
        "period": _text("抽查的记录所属期间", max_length=50),
        "population": _int("抽查范围内的志愿服务记录总数", minimum=1),
        "samples": _array("抽查的记录", sample, min_items=1),
        "findings": _text("抽查发现汇总", max_length=5000),
        "result": _enum("抽查结果", SPOT_CHECK_RESULTS),
        "rectification": _object(
            "整改要求",
            {"measures": _text("整改措施", max_length=2000), "due_on": _date("整改期限")},
        ),
    }
    required = ["checked_on", "checked_by", "population", "samples", "findings", "result"]
    return _form_schema("志愿服务记录与证明抽查表", properties, required)


def declarations() -> list[FormDecl]:
    lists = "三（六）“开展城乡社区居民需求调研……建立基层社会服务需求清单、资源清单、项目清单，促进供需对接”"
    list_ui_help = {"items": "三（六）：推动“五社”资源清单与居民需求清单的多渠道、便捷化、精准化对接"}
    list_order = ["compiled_on", "period", "items"]
    # Who fills the lists in (roles.py, each with form:submit at the street and/or community): the
    # community (三（六）: all three), the street (三（六）、四（二）: all three), the "two committees"
    # (三（三）、三（四）: resources and projects only), and qianjiang's street social work station
    # (正阳办事处发〔2022〕95号 三（三）: 支持……社工站……建立……三张清单) where that plugin is enabled —
    # role codes are unique in the chongqing tenant.
    return [
        FormDecl(
            key="chongqing_demand_list",
            version=1,
            title="基层社会服务需求清单",
            json_schema=_demand_list_schema(),
            ui={"order": list_order, "widgets": {"items": "table"}, "help": {
                **list_ui_help,
                "items.group": "农村“三留守”人员：留守儿童、农村留守妇女、农村留守老人",
            }},
            tiers=(Tier.STREET, Tier.COMMUNITY),
            submitters=("community", "street_office", "social_work_station"),
            source=f"{DOCUMENT} {lists}",
        ),
        FormDecl(
            key="chongqing_resource_list",
            version=1,
            title="基层社会服务资源清单",
            json_schema=_resource_list_schema(),
            ui={"order": list_order, "widgets": {"items": "table"}, "help": {
                **list_ui_help, "items.facility": "资源类别为“服务设施”时填写",
            }},
            tiers=(Tier.STREET, Tier.COMMUNITY),
            submitters=("community", "two_committees", "street_office", "social_work_station"),
            source=(
                f"{DOCUMENT} {lists}；三（六）“盘活辖区内社会组织、社会工作服务机构、志愿服务组织、社会慈善资源等"
                "各类资源”"
            ),
        ),
        FormDecl(
            key="chongqing_project_list",
            version=1,
            title="基层社会服务项目清单",
            json_schema=_project_list_schema(),
            ui={
                "order": list_order,
                "widgets": {"items": "table", "items.budget_fen": "money_fen"},
                "help": {
                    **list_ui_help,
                    "items.demand_codes": "三（四）：针对居民群众多样化、个性化需求，设计可实施、可操作、具体化的社会服务项目",
                    "items.fundraising_partner": "三（四）：与具有公开募捐资格的慈善组织、红十字会合作开展募捐活动",
                    "items.party_decided_on": "三（一）：涉及居民群众切身利益的重大问题和重要事项要由村（社区）党组织研究讨论后按程序决定",
                },
            },
            tiers=(Tier.STREET, Tier.COMMUNITY),
            submitters=("community", "two_committees", "street_office", "social_work_station"),
            source=(
                f"{DOCUMENT} {lists}；三（四）“针对居民群众多样化、个性化需求，设计可实施、可操作、具体化的社会服务项目”"
            ),
        ),
        FormDecl(
            key="chongqing_consultation_record",
            version=1,
            title="城乡社区议事协商记录",
            json_schema=_consultation_schema(),
            ui={
                "order": [
                    "held_on", "venue", "convened_by", "topic", "participants", "issues", "major_matter",
                    "party_decided_on", "feedback",
                ],
                "widgets": {"participants": "table", "issues": "table", "feedback": "textarea"},
                "help": {
                    "participants": "三（四）：吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
                    "issues": "三（六）：将城乡居民问题诉求通过议事协商的方式进行分类分责处理",
                },
            },
            tiers=(Tier.STREET, Tier.COMMUNITY),
            # 四（二）: 乡镇（街道）要……主导开展议事协商; 三（四）、三（六）: the community's own consultations
            # (roles.py). The "two committees" review the record (三（一）), they do not file it.
            submitters=("community", "street_office"),
            source=(
                f"{DOCUMENT} 三（四）“坚持在城乡社区协商中吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与”；"
                "三（六）“规范城乡社区协商运行机制和流程，将城乡居民问题诉求通过议事协商的方式进行分类分责处理”；"
                "四（二）“乡镇（街道）要……主导开展议事协商”"
            ),
        ),
        FormDecl(
            key="chongqing_volunteer_record_spot_check",
            version=1,
            title="志愿服务记录与证明抽查表",
            json_schema=_spot_check_schema(),
            ui={
                "order": [
                    "checked_on", "checked_by", "period", "population", "samples", "findings", "result", "rectification",
                ],
                "widgets": {"samples": "table", "findings": "textarea"},
                "help": {"rectification": "抽查结果为“限期整改”或“不合格”时填写"},
            },
            # 三（三）: 扎实开展志愿服务记录与证明抽查工作 — the district bureau (roles.py: form:submit@district).
            submitters=("district_bureau",),
            source=f"{DOCUMENT} 三（三）“深化志愿服务‘时间银行’、积分兑换实践探索，扎实开展志愿服务记录与证明抽查工作”",
        ),
    ]
