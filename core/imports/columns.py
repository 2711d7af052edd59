"""What a spreadsheet's columns mean: for each kind of record, the Chinese headers users have in
their sheets (with the aliases they also write), which columns are required, and how a cell
becomes a value the record's model validates.

A converter only *reads* a cell (an Excel date or ISO text to a ``date``, 是/否 to a bool, a
zh-CN label or a code to an enum member); whether the value is acceptable (an ID number's check
digit, a date in the future, a phone) is the model's business, as it is for the GraphQL API. A
cell that cannot be read at all raises :class:`CellError` with the reason in Chinese.
"""

import datetime as dt
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.errors import WusheError
from core.models import CertificateLevel, OrgType, Registration, WorkerPost
from core.tree.tiers import CommunityKind, Tier


class CellError(WusheError, ValueError):
    """A cell that cannot be read as its column's type; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Convert = Callable[[Any], Any]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
TRUE_WORDS = frozenset({"是", "true", "yes", "y", "1", "√", "✓"})
FALSE_WORDS = frozenset({"否", "false", "no", "n", "0", "×"})


def text(value: Any) -> str:
    """A cell as text: a whole number stays whole (``13812345678``, not ``13812345678.0``)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        raise CellError("应为文本，不是日期")
    return str(value).strip()


def code_text(value: Any) -> str:
    """An identifier typed into a cell (ID number, credit code): Excel keeps at most 15 significant
    digits of a number, so an 18-digit ID number stored as a number has already lost its end."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if abs(value) >= 10**15:
            raise CellError("以数字格式保存，末尾几位已被 Excel 改为 0；请把该列设为文本格式后重新填写")
        return text(value)
    return text(value)


def date(value: Any) -> dt.date:
    """An Excel date (a date cell, or its serial number) or text: 2024-03-01, 2024/3/1, 2024年3月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise CellError(f"{text(value)} 不是 Excel 日期")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    found = _DATE_TEXT.fullmatch(raw)
    if found is None:
        raise CellError(f"“{raw}”不是日期（应写作 2024-03-01 或 Excel 日期）")
    try:
        return dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        raise CellError(f"“{raw}”不是存在的日期") from None


def decimal_text(value: Any) -> str:
    """A number as the text of a decimal (``120``, ``1.5``): a number cell in its shortest exact
    form, text without its thousands separators. Whether the number is acceptable is the service's
    business."""
    if isinstance(value, bool):
        raise CellError("应为数字")
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return text(value).replace(",", "").replace("，", "")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(f"“{raw}”应为“是”或“否”")


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("应为整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"{value} 不是整数")
        return int(value)
    raw = text(value).replace(",", "").replace("，", "")
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise CellError(f"“{raw}”不是整数")
    return int(raw)


def grade(value: Any) -> int:
    """An evaluation grade: 3, 3A, AAA, 3A级 (1A–5A); the model checks the range."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return integer(value)
    raw = text(value).upper().removesuffix("级")
    if re.fullmatch(r"A{1,5}", raw):
        return len(raw)
    if re.fullmatch(r"\d+A?", raw):
        return int(raw.removesuffix("A"))
    raise CellError(f"“{raw}”不是评估等级（写作 1A 至 5A）")


def choice(labels: dict[enum.Enum, str]) -> Convert:
    """An enum member by its zh-CN label or its code (``社会工作服务机构`` or ``social_work_agency``)."""
    members: dict[str, enum.Enum] = {}
    for member, label in labels.items():
        members[label] = member
        members[str(member.value).lower()] = member

    def convert(value: Any) -> enum.Enum:
        raw = text(value)
        found = members.get(raw) or members.get(raw.lower())
        if found is None:
            raise CellError(f"“{raw}”不是可选值；可选：{'、'.join(labels.values())}")
        return found

    convert.labels = labels  # type: ignore[attr-defined]
    return convert


ORG_TYPE_LABELS: dict[enum.Enum, str] = {
    OrgType.COMMUNITY_SOCIAL_ORGANIZATION: "社区社会组织",
    OrgType.SOCIAL_WORK_AGENCY: "社会工作服务机构",
    OrgType.CHARITY_ORGANIZATION: "慈善组织",
    OrgType.COMMUNITY_FOUNDATION: "社区基金会",
    OrgType.VOLUNTEER_ORGANIZATION: "志愿服务组织",
    OrgType.HUB_ORGANIZATION: "枢纽型社会组织",
    OrgType.OTHER: "其他",
}
REGISTRATION_LABELS: dict[enum.Enum, str] = {Registration.REGISTERED: "登记", Registration.FILED: "备案"}
CERTIFICATE_LABELS: dict[enum.Enum, str] = {
    CertificateLevel.NONE: "无",
    CertificateLevel.ASSISTANT: "助理社会工作师",
    CertificateLevel.INTERMEDIATE: "社会工作师",
    CertificateLevel.SENIOR: "高级社会工作师",
}
POST_LABELS: dict[enum.Enum, str] = {
    WorkerPost.SOCIAL_WORK_STATION: "街道社会工作站",
    WorkerPost.SOCIAL_WORK_ROOM: "社区社会工作室",
    WorkerPost.SOCIAL_WORK_AGENCY: "社会工作服务机构",
    WorkerPost.COMMUNITY: "社区工作者",
    WorkerPost.OTHER: "其他",
}
TIER_LABELS: dict[enum.Enum, str] = {
    Tier.PROVINCE: "省", Tier.CITY: "市", Tier.DISTRICT: "区县", Tier.STREET: "街道", Tier.COMMUNITY: "社区",
}
KIND_LABELS: dict[enum.Enum, str] = {CommunityKind.URBAN: "城市社区", CommunityKind.RURAL: "农村社区"}


@dataclass(frozen=True)
class Column:
    """One column: its header in the template, the other headers accepted for it, the field it fills."""

    header: str
    field: str
    convert: Convert = text
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = None
    note: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of record a file can hold: its columns and how a row finds the record it is."""

    name: str
    label: str
    columns: tuple[Column, ...]
    key: str
    """how a row is matched to a stored record (said in the docs and the template)"""
    ignored: frozenset[str] = field(default_factory=lambda: frozenset({"序号", "编号", "备注"}))

    def label_of(self, field_name: str) -> str:
        """The header that names ``field_name`` (the field itself when no column fills it)."""
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return field_name


REGION = Column("所在区域", "region", required=True, aliases=("区域", "所在社区", "所属社区", "社区", "所属区域", "区域路径"),
                note="区域路径：代码（shanhai/donghu/xiyuan/chaoyang）或名称（东湖区/西苑街道/朝阳社区），可省略租户一级")
NAME = Column("姓名", "name", required=True, example="张三")
ID_NUMBER = Column("身份证号", "id_number", code_text, required=True, aliases=("身份证号码", "公民身份号码", "证件号码"),
                   note="18 位，请用文本格式")
PHONE = Column("手机号", "phone", aliases=("手机", "手机号码", "联系电话", "电话"), example="13812345678")

VOLUNTEERS = Kind(
    "volunteers",
    "志愿者",
    (
        NAME,
        ID_NUMBER,
        PHONE,
        REGION,
        Column("实名注册", "real_name_registered", boolean, aliases=("是否实名注册",), example="是", note="是/否"),
        Column("注册日期", "registered_on", date, aliases=("登记日期", "注册时间"), example=dt.date(2024, 3, 1)),
        Column("监护人姓名", "guardian_name", aliases=("监护人",), note="未满 14 周岁的志愿者必填"),
        Column("监护人关系", "guardian_relation", aliases=("与监护人关系",), note="如 母亲"),
        Column("监护人同意日期", "guardian_consent_on", date, aliases=("监护人同意时间",)),
    ),
    key="身份证号（同一身份证号即同一志愿者）",
)

ORGANIZATIONS = Kind(
    "organizations",
    "社会组织",
    (
        Column("名称", "name", required=True, aliases=("组织名称", "机构名称", "社会组织名称"), example="西苑街道社会工作服务中心"),
        Column("组织类型", "org_type", choice(ORG_TYPE_LABELS), required=True, aliases=("类型",), example="社会工作服务机构"),
        Column("登记状态", "registration", choice(REGISTRATION_LABELS), required=True,
               aliases=("登记类型", "登记/备案", "登记或备案"), example="登记", note="登记/备案"),
        Column("统一社会信用代码", "credit_code", code_text, aliases=("信用代码", "社会信用代码"), example="51500000MJP5000008",
               note="登记的组织必填"),
        REGION,
        Column("评估等级", "grade", grade, aliases=("等级",), example="5A", note="1A 至 5A"),
        Column("专职人员数", "full_time_staff", integer, aliases=("专职人数", "专职工作人员数"), example=6),
        Column("建立党组织", "has_party_organization", boolean, aliases=("是否建立党组织", "党组织"), example="是"),
        Column("公开募捐资格", "public_fundraising", boolean, aliases=("具有公开募捐资格",), example="否"),
        Column("公益慈善类", "charity_focus", boolean, aliases=("社区公益慈善类",), example="否"),
        Column("列入严重违法失信名单", "on_dishonesty_list", boolean, aliases=("严重违法失信名单", "失信"), example="否"),
        Column("受过行政处罚", "has_administrative_penalty", boolean, aliases=("行政处罚",), example="否"),
        Column("成立日期", "established_on", date, aliases=("成立时间",), example=dt.date(2018, 6, 1)),
    ),
    key="统一社会信用代码；备案且无代码的组织按 所在区域 + 名称",
)

WORKERS = Kind(
    "workers",
    "社会工作者",
    (
        NAME,
        ID_NUMBER,
        PHONE,
        REGION,
        Column("职业水平", "certificate_level", choice(CERTIFICATE_LABELS), aliases=("证书等级", "职业资格", "社工证"),
               example="社会工作师", note="无/助理社会工作师/社会工作师/高级社会工作师"),
        Column("岗位", "post", choice(POST_LABELS), aliases=("工作岗位",), example="社区社会工作室"),
        Column("社区工作者", "is_community_worker", boolean, aliases=("是否社区工作者",), example="否"),
        Column("全职", "is_full_time", boolean, aliases=("是否全职",), example="是"),
        Column("所属机构信用代码", "organization", code_text, aliases=("所属机构统一社会信用代码", "机构信用代码"),
               note="所属社会组织的统一社会信用代码（须已登记在平台）"),
    ),
    key="身份证号（同一身份证号即同一社会工作者）",
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (VOLUNTEERS, ORGANIZATIONS, WORKERS)}


def clean_header(header: str) -> str:
    """A header as typed, without what users add to it: spaces, a required mark (*, （必填）)."""
    value = re.sub(r"\s+", "", header)
    value = re.sub(r"[（(]\s*必填\s*[)）]$", "", value)
    return value.strip("*＊")
