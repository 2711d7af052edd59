"""天津市的目录：津民函〔2023〕20号 三（一）、（三）、（五） name the lists below.

- 社区基金用途 (三（一）): what a community fund pays for;
- 社会工作专业服务结合的民政重点工作 (三（三）), which 五（二） says the districts fund from the
  government-purchase money of those fields (统筹社会救助、养老服务、儿童福利……领域政府购买服务资金);
- 社区志愿服务活动 (三（五）).
"""

from core import CatalogueDecl, CatalogueItem

DOCUMENT = "津民函〔2023〕20号"

_FUND_USES = "三（一）“为社区困难群体提供支持性服务、开展社区公益与志愿活动、支持社区治理、改善社区环境和资助辖区社区社会组织开展为民服务等活动”"
_FIELDS = "三（三）“将基层社会工作专业服务与养老服务、社会救助、儿童福利和权益保护、残疾人保障等民政重点工作紧密结合”"
_PURCHASE = "五（二）“统筹社会救助、养老服务、儿童福利、社区建设、社会事务等领域政府购买服务资金”"
_ACTIVITIES = "三（五）“开展扶贫济困、敬老助残、医疗服务、平安建设、文化科技等志愿服务活动”"


def declarations() -> list[CatalogueDecl]:
    return [
        CatalogueDecl(
            key="tianjin_community_fund_uses",
            label="社区基金用途",
            items=tuple(
                CatalogueItem(code=code, label=label, source=f"{DOCUMENT} 三（一）")
                for code, label in (
                    ("support_services", "为社区困难群体提供支持性服务"),
                    ("public_welfare_activities", "开展社区公益与志愿活动"),
                    ("community_governance", "支持社区治理"),
                    ("community_environment", "改善社区环境"),
                    ("organization_grants", "资助辖区社区社会组织开展为民服务"),
                )
            ),
            source=f"{DOCUMENT} {_FUND_USES}",
        ),
        CatalogueDecl(
            key="tianjin_professional_service_fields",
            label="社会工作专业服务结合的民政重点工作",
            items=tuple(
                CatalogueItem(
                    code=code, label=label, description="为特殊困难群众提供“更精准、更暖心”的专业服务",
                    source=f"{DOCUMENT} 三（三）；五（二）",
                )
                for code, label in (
                    ("elderly_care", "养老服务"),
                    ("social_assistance", "社会救助"),
                    ("child_welfare", "儿童福利和权益保护"),
                    ("disability_support", "残疾人保障"),
                )
            ),
            source=f"{DOCUMENT} {_FIELDS}；{_PURCHASE}",
        ),
        CatalogueDecl(
            key="tianjin_volunteer_activities",
            label="社区志愿服务活动",
            items=tuple(
                CatalogueItem(code=code, label=label, source=f"{DOCUMENT} 三（五）")
                for code, label in (
                    ("poverty_relief", "扶贫济困"),
                    ("elderly_and_disabled", "敬老助残"),
                    ("medical_services", "医疗服务"),
                    ("public_safety", "平安建设"),
                    ("culture_and_science", "文化科技"),
                )
            ),
            source=f"{DOCUMENT} {_ACTIVITIES}",
        ),
    ]
