"""The reasons of the models and services, in Chinese, for the people who fix the spreadsheet.

The validators and services say why in English (the GraphQL API's language); an import's users
read Chinese. Each known sentence has its translation here, by pattern; one without a pattern is
given as it is, so that no reason is ever lost. The checks themselves are not repeated here.
"""

import re
from collections.abc import Callable

Translate = Callable[[re.Match[str]], str]

_RESOURCES: dict[str, str] = {
    "volunteer": "志愿者", "Volunteer": "志愿者", "social_worker": "社会工作者", "SocialWorker": "社会工作者",
    "social_organization": "社会组织", "SocialOrganization": "社会组织", "region": "区域",
    "indicator": "指标基数",
}
_TIERS: dict[str, str] = {"province": "省", "city": "市", "district": "区县", "street": "街道", "community": "社区"}


def _tiers(text: str) -> str:
    return "、".join(_TIERS.get(part.strip(), part.strip()) for part in text.split(","))


_PATTERNS: list[tuple[str, str | Translate]] = [
    # core.validators: ID numbers, credit codes, phones, dates, text
    (r"must be (\d+) characters, got (\d+)", r"应为\1位，实际为\2位"),
    (r"character (\d+) '(.+)' is not a digit \(positions 3-8 are the administrative division code\)",
     r"第\1位“\2”应为数字（第3至8位是行政区划代码）"),
    (r"character (\d+) '(.+)' is not a digit or 'X'", r"第\1位“\2”应为数字或X"),
    (r"character (\d+) '(.+)' is not a digit", r"第\1位“\2”不是数字"),
    (r"birth date (\d+) is not a real date", r"出生日期\1不存在"),
    (r"birth date (\d+) is before (.+)", r"出生日期\1早于\2"),
    (r"birth date (\d+) is in the future", r"出生日期\1晚于今天"),
    (r"check digit should be '(.)'", r"校验码错误（应为\1）"),
    (r"check character should be '(.)'", r"校验码错误（应为\1）"),
    (r"character (\d+) '(.+)' is not allowed \(I, O, Z, S and V are never used\)", r"第\1位“\2”不可使用（代码中没有I、O、Z、S、V）"),
    (r"character (\d+) '(.+)' is not allowed \(only digits .*\)", r"第\1位“\2”不可使用（只能是数字和大写字母）"),
    (r"phone number is empty", "电话号码为空"),
    (r"character '(.+)' is not allowed in a phone number", r"电话号码中不能有“\1”"),
    (r"phone number has no digits", "电话号码中没有数字"),
    (r"only the \+86 country code is accepted", "只接受 +86 的号码"),
    (r"must be a mobile number starting with 1 or a landline starting with 0", "应为以1开头的手机号或以0开头的固定电话"),
    (r"mobile number must have 11 digits, got (\d+)", r"手机号应为11位，实际为\1位"),
    (r"mobile number must start with 13-19, got (\d+)", r"手机号应以13至19开头，实际为\1"),
    (r"area code (\d+) is not valid", r"区号\1无效"),
    (r"local number after area code (\d+) must have (.+) digits, got (\d+)",
     lambda m: f"区号{m[1]}后的号码应为{m[2].replace(' or ', '或')}位，实际为{m[3]}位"),
    (r"local number (\d+) must not start with 0", r"号码\1不能以0开头"),
    (r"is before (\d{4}-\d\d-\d\d) \((.+)\)", r"\2早于\1"),
    (r"is in the future \((.+); today is (.+)\)", r"\1晚于今天（\2）"),
    (r"must be a single line of text: (.+) is not allowed", r"只能是一行文字，不能含有\1"),
    (r"(.+) is not allowed in text", r"文字中不能含有\1"),
    # pydantic
    (r"String should have at most (\d+) characters?", r"最多\1个字"),
    (r"String should have at least (\d+) characters?", "不能为空"),
    (r"Input should be less than or equal to (-?\d+)", r"不能大于\1"),
    (r"Input should be greater than or equal to (-?\d+)", r"不能小于\1"),
    (r"Field required", "必填"),
    # the models' rules across fields
    (r"real-name registration \(实名注册\) needs the ID number", "实名注册须填写身份证号"),
    (r"real-name registration needs its date", "实名注册须填写注册日期"),
    (r"is before the birth date in the ID number", "早于身份证号中的出生日期"),
    (r"a volunteer under (\d+) needs a guardian's consent.*", r"未满\1周岁的志愿者须有监护人同意（填写监护人姓名、关系和同意日期）"),
    (r"a registered organization must have a unified social credit code", "登记的社会组织须填写统一社会信用代码"),
    (r"social organizations are registered with civil affairs, so the code must begin with 5",
     "社会组织在民政部门登记，统一社会信用代码应以5开头"),
    (r"only registered organizations are evaluated \(1A–5A\)", "只有登记的社会组织才有评估等级"),
    (r"only registered organizations can hold the qualification", "只有登记的社会组织才能具有公开募捐资格"),
    (r"a social worker is at least (\d+) years old; this ID number says younger", r"社会工作者应年满\1周岁，此身份证号不满"),
    # the services: places, permissions, uniqueness
    (r"no region at path '(.*)'", r"找不到区域“\1”（或不在您的权限范围内）"),
    (r"you may not (create|update) (\w+) at '(.*)'",
     lambda m: f"您无权在“{m[3]}”{'新增' if m[1] == 'create' else '修改'}{_RESOURCES.get(m[2], m[2])}"),
    (r"a (\w+) is placed at a ([a-z, ]+), not a (\w+)",
     lambda m: f"{_RESOURCES.get(m[1], m[1])}只能设在{_tiers(m[2])}，不能设在{_tiers(m[3])}"),
    (r"a (\w+) post is at a (\w+), not a (\w+)",
     lambda m: f"该岗位只能设在{_tiers(m[2])}，不能设在{_tiers(m[3])}"),
    (r"already registered in this tenant: (\w+) (\d+) at (.+)",
     lambda m: f"已登记：{_RESOURCES.get(m[1], m[1])} {m[2]}，在“{m[3]}”"),
    (r"already registered in this tenant", "本租户中已登记"),
    (r"cannot be accepted here; an administrator of the tenant can look into it(?: \(reference: audit event (\d+)\))?",
     lambda m: "无法在此录入，请租户管理员核查" + (f"（审计事件 {m[1]}）" if m[1] else "")),
    (r"at most (\d+) ID numbers an hour may be entered by one user.*",
     r"每位用户每小时最多录入\1个身份证号，请稍后再导入（或请有权查看全部身份证号的管理员导入）"),
    (r"no (\w+) with id (\d+)", lambda m: f"找不到{_RESOURCES.get(m[1], m[1])} {m[2]}（或不在您的权限范围内）"),
    (r"refers to another tenant", "属于其他租户"),
    # regions
    (r"a new region needs its name", "新增区域须填写名称"),
    (r"a new region needs its tier", "新增区域须填写层级"),
    (r"a (\w+) cannot lie under the (\w+) '(.*)'", lambda m: f"{_tiers(m[1])}不能设在{_tiers(m[2])}“{m[3]}”之下"),
    (r"'(.*)' is already used under '(.*)'", r"“\2”下已有代码为“\1”的区域"),
    (r"'(.*)' is a (\w+)", lambda m: f"“{m[1]}”是{_tiers(m[2])}"),
    (r"'(.*)' is named (.+); an import does not rename a region", r"“\1”的名称是“\2”；导入不能改区域名称"),
    (r"must be one segment, without '/'", "代码不能含有“/”"),
    (r"urban/rural applies to communities only", "城市/农村类型只适用于社区"),
    # baselines (core.indicators.baselines)
    (r"unknown indicator '(.*)'", r"没有指标“\1”（写指标代码或中文名称）"),
    (r"indicator '(.*)' is not computed from live data: a baseline of it would compare with nothing",
     r"指标“\1”不是由平台数据计算的，它的基数无从比较"),
    (r"must be a year from (\d+) to (\d+): a baseline is a value at a year's end, never in the future",
     r"应为\1年至\2年：基数是某年年末的数值，不能是今年或将来"),
    (r"'(.*)' is not a decimal number", r"“\1”不是数字"),
    (r"must be a number > 0: a growth is measured as a multiple of it", "应为大于0的数：增长按它的倍数计算"),
    (r"at most (\d+) digits and (\d+) decimals", r"整数部分最多\1位，小数最多\2位"),
    (r"say where the value comes from \(.*\)", "请填写数值的来源（统计年鉴、公报、台账等）"),
    (r"at most (\d+) characters", r"最多\1个字"),
]
_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in _PATTERNS]

def chinese(message: str) -> str:
    """``message`` (a model's or a service's reason) in Chinese; itself when no pattern knows it."""
    for pattern, replacement in _COMPILED:
        found = pattern.fullmatch(message)
        if found is not None:
            return replacement(found) if callable(replacement) else found.expand(replacement)
    return message
