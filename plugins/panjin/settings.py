"""盘锦市的设置：盘民发〔2023〕24号 的数值，作为租户设置的默认值.

``contractor_project_limit_scope`` decides how the rule "承办单位在年度内只能承办1个县区1个公益创投项目"
(三（五）2) is counted. Read word for word, a contractor takes, in a year, one project in one
county/district: one project in the whole city (``city``, the default). The looser reading, one
project per county/district (``county``), is there for a bureau that reads it so.

The other settings carry the plan's numbers for the steps that follow an award (payment in two
tranches, the review report, archives, debarment), so that the platform's workflows read them from
the tenant rather than from code.
"""

from decimal import Decimal

from core import SettingDecl

DOCUMENT = "盘民发〔2023〕24号"

LIMIT_SCOPE = "contractor_project_limit_scope"
LIMIT_SCOPES = ("city", "county")

SETTINGS = [
    SettingDecl(
        key=LIMIT_SCOPE,
        label="承办单位年度承办项目数的核对范围",
        kind="text",
        default="city",
        description="city：年度内在全市只能承办1个项目（按原文“只能承办1个县区1个公益创投项目”）；"
        "county：每个县区年度内只能承办1个项目",
        source=f"{DOCUMENT} 三（五）2：承办单位在年度内只能承办1个县区1个公益创投项目",
    ),
    SettingDecl(
        key="first_tranche_share",
        label="合同签署后拨付比例",
        kind="decimal",
        default=Decimal("0.6"),
        description="合同签署后拨付项目资金总金额的比例（0–1）",
        source=f"{DOCUMENT} 三（八）2：合同签署后拨付项目资金总金额的60%",
    ),
    SettingDecl(
        key="second_tranche_share",
        label="中期评估验收合格后拨付比例",
        kind="decimal",
        default=Decimal("0.4"),
        description="项目中期评估验收合格后核拨的比例（0–1）",
        source=f"{DOCUMENT} 三（八）2：项目中期评估验收合格后核拨40%",
    ),
    SettingDecl(
        key="review_report_working_days",
        label="评审报告提交期限（工作日）",
        kind="int",
        default=10,
        description="评审工作结束后提交评审报告及相关材料的工作日数",
        source=f"{DOCUMENT} 三（七）：评审工作结束后10个工作日内，承办单位应当向主办单位提交评审报告以及相关材料",
    ),
    SettingDecl(
        key="archive_retention_years",
        label="项目档案保管期限（年）",
        kind="int",
        default=3,
        source=f"{DOCUMENT} 三（八）6：档案保管期限为三年",
    ),
    SettingDecl(
        key="debarment_years",
        label="提供虚假资料者不予购买服务的年限",
        kind="int",
        default=3,
        source=f"{DOCUMENT} 三（十）：凡提供虚假资料……三年内不予购买服务",
    ),
]
