"""正阳街道的表单：正阳办事处发〔2022〕95号 三（五）“童伴行动”……建立个人档案.

``qianjiang_child_file`` 特殊困难儿童个人档案: the individual file of a child in difficulty or left behind,
found through the active-discovery mechanism and visited regularly. It is a minor's record
(SECURITY.md; 个人信息保护法 第二十八、三十一条): ``personal_data=True``, so full reads need
``personal_data:read_full`` (the street social work station holds it at the communities), and it
cannot be submitted without the guardian's consent, given and dated. It asks only what the
plan's work needs: who the child is, who the guardian is, why the child is in the file, what
they need, and the visits.

Submitted at the child's community (the file belongs to the community's 未保工作室 of 童网).
"""

from core import FormDecl, Tier
from core.plugins.formschema import (
    affirm,
    array,
    choice,
    choices,
    date,
    form,
    id_number,
    long_text,
    obj,
    phone,
    text,
    ui,
)

from . import catalogues

DOCUMENT = "正阳办事处发〔2022〕95号"

GUARDIAN_RELATIONS = {
    "father": "父亲",
    "mother": "母亲",
    "grandparent": "祖父母、外祖父母",
    "sibling": "兄、姐",
    "other_relative": "其他近亲属",
    "entrusted_caregiver": "受委托照护人",
    "civil_affairs": "民政部门（国家监护）",
    "other": "其他",
}
# 三（五）童伴: 困境儿童、留守儿童等特殊困难儿童.
SITUATIONS = {
    "left_behind": "留守儿童",
    "in_difficulty": "困境儿童",
    "orphan": "孤儿",
    "de_facto_unattended": "事实无人抚养儿童",
    "disabled": "残疾儿童",
    "low_income_family": "低保、特困家庭儿童",
    "other": "其他特殊困难",
}
# 三（三）服务领域（生活照料、文化娱乐、心理疏导、情绪支持、资源链接）and 三（五）（生活、成长、心理等辅导教育；安全）.
NEEDS = {
    "daily_care": "生活照料",
    "guardianship": "监护照料",
    "education": "成长与学业辅导",
    "emotional_support": "心理疏导与情绪支持",
    "health": "医疗康复",
    "safety": "安全保护",
    "culture_recreation": "文化娱乐",
    "resource_linking": "资源链接与救助帮扶",
    "other": "其他",
}
CONSENT_METHODS = {"written": "书面签字", "electronic": "电子签名"}
VISIT_METHODS = {
    "home_visit": "入户走访",
    "phone": "电话回访",
    "school_visit": "到校走访",
    "companion_home": "童伴之家",
}

LABELS = {
    **catalogues.LABELS,
    **GUARDIAN_RELATIONS,
    **SITUATIONS,
    **NEEDS,
    **CONSENT_METHODS,
    **VISIT_METHODS,
}

CHILD_FILE_SCHEMA = form(
    "特殊困难儿童个人档案",
    {
        "child": obj(
            "儿童",
            {
                "name": text("姓名", max_length=50),
                "id_number": id_number("公民身份号码"),
                "birth_date": date("出生日期"),
            },
        ),
        "guardian": obj(
            "监护人",
            {
                "name": text("姓名", max_length=50),
                "relation": choice("与儿童关系", GUARDIAN_RELATIONS),
                "phone": phone("联系电话"),
            },
        ),
        "guardian_consent": obj(
            "监护人同意",
            {
                "given": affirm("监护人同意建立并使用本档案"),
                "date": date("同意日期"),
                "method": choice("同意方式", CONSENT_METHODS),
            },
        ),
        "situation": choices("困难情形", "情形", SITUATIONS),
        "situation_details": long_text("情况说明"),
        "needs": choices("需求", "需求", NEEDS),
        "needs_details": long_text("需求说明"),
        "actions": choices(
            "提供的“五童”服务", "服务", [i.code for i in catalogues.FIVE_CHILD_ACTIONS.items], min_items=0
        ),
        "visits": array(
            "走访记录",
            obj(
                "走访",
                {
                    "date": date("走访日期"),
                    "visitor": text("走访人", max_length=50),
                    "method": choice("走访方式", VISIT_METHODS),
                    "findings": long_text("走访情况"),
                    "follow_up": long_text("后续跟进"),
                },
                optional=("follow_up",),
            ),
        ),
        "opened_on": date("建档日期"),
        "opened_by": text("建档人", max_length=50),
    },
    optional=("situation_details", "needs_details"),
)

CHILD_FILE_HELP = {
    "guardian_consent": "未成年人的个人信息：须经监护人同意方可建档（个人信息保护法 第三十一条）",
    "situation": "建立健全困境儿童、留守儿童等特殊困难儿童主动发现机制（三（五）童伴行动）",
    "visits": "开展定期走访（三（五）童伴行动）",
    "actions": "童网、童德、童心、童伴、童安（三（五））",
}

CHILD_FILE = "qianjiang_child_file"

CHILD_FILE_UI = ui(CHILD_FILE_SCHEMA, LABELS, CHILD_FILE_HELP)
CHILD_FILE_UI["widgets"]["actions"]["catalogue"] = catalogues.FIVE_CHILD_ACTIONS.key

FORMS = [
    FormDecl(
        key=CHILD_FILE,
        version=1,
        title="特殊困难儿童个人档案",
        json_schema=CHILD_FILE_SCHEMA,
        ui=CHILD_FILE_UI,
        tiers=(Tier.COMMUNITY,),
        personal_data=True,
        # 三（五）: 童伴行动……建立个人档案 — the street social work station (roles.py:
        # form:submit@street,community and personal_data:read_full@community).
        submitters=("social_work_station",),
        source=f"{DOCUMENT} 三（五）：实施“童伴行动”，建立健全困境儿童、留守儿童等特殊困难儿童主动发现机制，"
        "通过建立童伴之家、开展定期走访、建立个人档案，为特殊困难儿童提供关爱保护",
    ),
]
