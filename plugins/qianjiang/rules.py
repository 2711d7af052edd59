"""正阳街道的规则：正阳办事处发〔2022〕95号.

- ``qianjiang_exam_allowance_eligibility`` (三（三）): "支持驻站社工参加全国社会工作者职业水平考试并为获得资格证的人才发放
  一次性职业津贴" — a social worker at the street's social work station (驻站社工) who holds a national
  certificate (助理社会工作师, 社会工作师 or 高级社会工作师) is eligible. The plan sets no amount.
  Rules run for the whole chongqing tenant, so a worker outside the street is not this rule's
  business: it passes them.
- ``qianjiang_child_file_*`` (三（五）童伴 个人档案): what the schema cannot check about a minor's file: a valid
  ID number matching the birth date, a minor, and a consent dated before the file was opened.
"""

import datetime as dt
from typing import Any

from core import Fault, RuleDecl
from core.validators import InvalidValue, age_on, id_number_facts, normalize_id_number

from .forms import CHILD_FILE

DOCUMENT = "正阳办事处发〔2022〕95号"
STREET = "chongqing/qianjiang/zhengyang"
ADULT_AGE = 18  # 未成年人保护法 第二条: 未满十八周岁的公民

CERTIFICATES = {"assistant": "助理社会工作师", "intermediate": "社会工作师", "senior": "高级社会工作师"}


def _in_street(path: str | None) -> bool:
    return path is not None and (path == STREET or path.startswith(STREET + "/"))


def exam_allowance_eligibility(record: dict[str, Any], context: Any) -> bool | Fault:
    if not _in_street(record.get("region")):
        return True
    if record.get("post") != "social_work_station":
        return Fault("post", "一次性职业津贴只发放给驻街道社会工作站的社工；该社工不在社会工作站任职")
    level = record.get("certificate_level")
    if level not in CERTIFICATES:
        return Fault("certificate_level",
                     "一次性职业津贴发放给参加全国社会工作者职业水平考试并获得资格证的驻站社工；该社工尚未取得资格证")
    return True


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def child_id_number(record: dict[str, Any], context: Any) -> bool | str:
    child = record.get("child") or {}
    try:
        number = normalize_id_number(child.get("id_number") or "", today=context.today)
    except InvalidValue as error:
        return f"儿童的公民身份号码无效：{error.reason}"
    birth = id_number_facts(number).birth_date
    if birth != _day(child.get("birth_date")):
        return f"出生日期{child.get('birth_date')}与公民身份号码中的出生日期{birth.isoformat()}不一致"
    return True


def child_is_minor(record: dict[str, Any], context: Any) -> bool | str:
    birth = _day((record.get("child") or {}).get("birth_date"))
    if birth > context.today:
        return "出生日期晚于今天"
    age = age_on(birth, context.today)
    if age < ADULT_AGE:
        return True
    return f"儿童个人档案只为未成年人建立；该儿童已满{age}周岁"


def child_consent_dates(record: dict[str, Any], context: Any) -> bool | str:
    consent = _day((record.get("guardian_consent") or {}).get("date"))
    opened = _day(record.get("opened_on"))
    birth = _day((record.get("child") or {}).get("birth_date"))
    if consent > context.today:
        return "监护人同意日期晚于今天"
    if consent < birth:
        return "监护人同意日期早于儿童出生日期"
    if consent > opened:
        return f"须先取得监护人同意再建档：同意日期{consent.isoformat()}晚于建档日期{opened.isoformat()}"
    return True


RULES = [
    RuleDecl(
        key="qianjiang_exam_allowance_eligibility",
        label="驻站社工考取资格证一次性职业津贴",
        subject="social_worker",
        message="一次性职业津贴发放给参加全国社会工作者职业水平考试并获得资格证的驻站社工",
        check=exam_allowance_eligibility,
        source=f"{DOCUMENT} 三（三）：支持驻站社工参加全国社会工作者职业水平考试并为获得资格证的人才发放一次性职业津贴",
    ),
    RuleDecl(
        key="qianjiang_child_file_id_number",
        label="儿童公民身份号码有效且与出生日期一致",
        subject=f"form:{CHILD_FILE}",
        message="儿童的公民身份号码无效，或与出生日期不一致",
        check=child_id_number,
        fields=("child.id_number",),
        source=f"{DOCUMENT} 三（五）：建立个人档案",
    ),
    RuleDecl(
        key="qianjiang_child_file_minor",
        label="个人档案为未成年人建立",
        subject=f"form:{CHILD_FILE}",
        message="儿童个人档案只为未成年人建立",
        check=child_is_minor,
        fields=("child.birth_date",),
        source=f"{DOCUMENT} 三（五）：广泛开展“五社联动”促进未成年人保护工作……建立个人档案",
    ),
    RuleDecl(
        key="qianjiang_child_file_guardian_consent",
        label="先取得监护人同意再建档",
        subject=f"form:{CHILD_FILE}",
        message="须先取得监护人同意再建立未成年人个人档案",
        check=child_consent_dates,
        fields=("guardian_consent.date",),
        source=f"{DOCUMENT} 三（五）：建立个人档案；个人信息保护法 第三十一条：处理未成年人个人信息应取得监护人同意",
    ),
]
