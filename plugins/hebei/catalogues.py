"""河北省的目录：冀民〔2021〕79号.

- “五社联动”社区治理系列活动 (三（三）): 邻里守望、共建共治共享、共创平安、文化铸魂;
- “五社联动”服务平台载体 (三（二）): the platforms every place is asked to build;
- 社区公益服务领域 (三（三）): 扶老、助困、恤孤、助残及社区治理.
"""

from core import CatalogueDecl, CatalogueItem

DOCUMENT = "冀民〔2021〕79号"

_SERIES = (
    "三（三）“城乡社区党组织可以结合社区实际情况，开展‘邻里守望’社区服务活动、‘共建共治共享’社区协商活动、"
    "‘共创平安’社区治理活动、‘文化铸魂’精神文明创建活动等‘五社联动’社区治理系列活动”"
)
_PLATFORMS = (
    "三（二）“加快建设乡镇（街道）社会工作服务站、社区社会组织孵化基地、村（社区）社会工作室以及学雷锋志愿服务站、"
    "新时代文明实践站、城乡志愿服务站点等社区服务平台载体……鼓励建设‘五社联动’支持服务平台和社区社会组织孵化基地”"
)
_SERVICES = "三（三）“围绕社区扶老、助困、恤孤、助残及社区治理等，提供心理疏导、情绪支持、保障支持等服务”"


def declarations() -> list[CatalogueDecl]:
    return [
        CatalogueDecl(
            key="hebei_activity_series",
            label="“五社联动”社区治理系列活动",
            items=(
                CatalogueItem(
                    code="neighbourhood_watch", label="邻里守望", description="社区服务活动",
                    source=f"{DOCUMENT} 三（三）“‘邻里守望’社区服务活动”",
                ),
                CatalogueItem(
                    code="co_governance", label="共建共治共享", description="社区协商活动",
                    source=f"{DOCUMENT} 三（三）“‘共建共治共享’社区协商活动”",
                ),
                CatalogueItem(
                    code="safe_community", label="共创平安", description="社区治理活动",
                    source=f"{DOCUMENT} 三（三）“‘共创平安’社区治理活动”",
                ),
                CatalogueItem(
                    code="cultural_soul", label="文化铸魂", description="精神文明创建活动",
                    source=f"{DOCUMENT} 三（三）“‘文化铸魂’精神文明创建活动”",
                ),
            ),
            source=f"{DOCUMENT} {_SERIES}",
        ),
        CatalogueDecl(
            key="hebei_service_platforms",
            label="“五社联动”服务平台载体",
            items=tuple(
                CatalogueItem(code=code, label=label, description=description, source=f"{DOCUMENT} 三（二）")
                for code, label, description in (
                    ("social_work_station", "乡镇（街道）社会工作服务站",
                     "四（二）：积极推进政府购买乡镇（街道）社会工作服务；三（四）：鼓励社会工作机构承接运营管理"),
                    ("incubation_base", "社区社会组织孵化基地", "鼓励具备专业能力的枢纽型社会组织或社会工作服务机构运营"),
                    ("social_work_room", "村（社区）社会工作室", ""),
                    ("lei_feng_volunteer_station", "学雷锋志愿服务站", ""),
                    ("civilization_practice_station", "新时代文明实践站", ""),
                    ("volunteer_station", "城乡志愿服务站点", ""),
                    ("support_platform", "“五社联动”支持服务平台", "鼓励具备专业能力的枢纽型社会组织或社会工作服务机构运营"),
                )
            ),
            source=f"{DOCUMENT} {_PLATFORMS}",
        ),
        CatalogueDecl(
            key="hebei_community_services",
            label="社区公益服务领域",
            items=tuple(
                CatalogueItem(
                    code=code, label=label, description="提供心理疏导、情绪支持、保障支持等服务",
                    source=f"{DOCUMENT} 三（三）",
                )
                for code, label in (
                    ("elderly_support", "扶老"),
                    ("poverty_relief", "助困"),
                    ("orphan_care", "恤孤"),
                    ("disability_support", "助残"),
                    ("community_governance", "社区治理"),
                )
            ),
            source=f"{DOCUMENT} {_SERVICES}",
        ),
    ]
