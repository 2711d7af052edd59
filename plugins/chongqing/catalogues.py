"""重庆市的目录与词表：渝民发〔2022〕7号 三（三）、（四）、（六）, and the groups of DOMAIN.md §1.

Catalogues (attachable to projects and activities):

- 社会工作服务重点领域 (三（三）): 社会救助、养老服务、儿童关爱、社区治理、社会事务;
- 社区服务内容 (三（三）): 生活照料、文化娱乐、心理疏导、情绪支持、资源链接;
- 项目运作方式 (三（四）): 微创投、微治理; 购买服务、设立专项基金、公益创投、积分激励、项目大赛.

The vocabularies of the three lists (forms.py) are here too: the groups a demand survey covers and
the domains of need. The opinion asks for the survey (三（六）“开展城乡社区居民需求调研，摸清居民的
多层次、个性化、专业化服务需求”) without naming the groups, which are those of the programme
(DOMAIN.md §1, and the street plan under this opinion); the domains are 三（三）'s, with DOMAIN.md §1's
医疗保健 and 人文关怀.
"""

from core import CatalogueDecl, CatalogueItem

DOCUMENT = "渝民发〔2022〕7号"

VULNERABLE_GROUPS = [
    "低保对象",
    "特困人员",
    "空巢老人",
    "独居老人",
    "失独老人",
    "残疾人",
    "残疾老人",
    "退伍老兵",
    "留守儿童",
    "农村留守妇女",
    "农村留守老人",
    "困境儿童",
    "孤儿",
    "低保救助未成年子女",
    "进城务工人员及随迁子女",
    "其他居民",
]
"""Residents a demand is recorded for: the vulnerable groups of DOMAIN.md §1 (农村“三留守”人员 are
留守儿童, 农村留守妇女 and 农村留守老人), then everyone else."""

NEED_DOMAINS = ["生活照料", "文化娱乐", "医疗保健", "人文关怀", "心理疏导", "情绪支持", "资源链接", "其他"]
"""三（三）“提供生活照料、文化娱乐、心理疏导、情绪支持、资源链接等服务”; DOMAIN.md §1 adds 医疗保健, 人文关怀."""

SOCIAL_WORK_FIELDS = ["社会救助", "养老服务", "儿童关爱", "社区治理", "社会事务"]
"""三（三）“重点推进社会救助、养老服务、儿童关爱、社区治理、社会事务等领域社会工作服务”."""

PROJECT_FORMS = ["政府购买服务", "微创投", "微治理", "公益创投", "设立专项基金", "积分激励", "项目大赛", "其他"]
"""三（四）“采取微创投、微治理等形式”“通过购买服务、设立专项基金、公益创投、积分激励、项目大赛等形式”；四（三）."""

_FIELDS = "三（三）“重点推进社会救助、养老服务、儿童关爱、社区治理、社会事务等领域社会工作服务”"
_SERVICES = (
    "三（三）“引导社区社会组织运用社会工作理念和方法，围绕社区扶老、助困、恤孤、助残及社区治理等领域，提供生活照料、"
    "文化娱乐、心理疏导、情绪支持、资源链接等服务”"
)
_FORMS = (
    "三（四）“采取微创投、微治理等形式，面向居民开展项目化的社区服务与活动……引导公益慈善资金通过购买服务、设立专项基金、"
    "公益创投、积分激励、项目大赛等形式，拓展社区服务渠道”"
)


def declarations() -> list[CatalogueDecl]:
    return [
        CatalogueDecl(
            key="chongqing_social_work_fields",
            label="社会工作服务重点领域",
            items=tuple(
                CatalogueItem(code=code, label=label, source=f"{DOCUMENT} 三（三）")
                for code, label in (
                    ("social_assistance", "社会救助"),
                    ("elderly_care", "养老服务"),
                    ("child_care", "儿童关爱"),
                    ("community_governance", "社区治理"),
                    ("social_affairs", "社会事务"),
                )
            ),
            source=f"{DOCUMENT} {_FIELDS}；四（三）“购买服务资金从一般公共预算资金、福彩公益金、社会救助专项资金等资金中统筹安排”",
        ),
        CatalogueDecl(
            key="chongqing_community_services",
            label="社区服务内容",
            items=tuple(
                CatalogueItem(
                    code=code, label=label, description="围绕社区扶老、助困、恤孤、助残及社区治理等领域",
                    source=f"{DOCUMENT} 三（三）",
                )
                for code, label in (
                    ("daily_care", "生活照料"),
                    ("culture_and_recreation", "文化娱乐"),
                    ("psychological_counselling", "心理疏导"),
                    ("emotional_support", "情绪支持"),
                    ("resource_linking", "资源链接"),
                )
            ),
            source=f"{DOCUMENT} {_SERVICES}",
        ),
        CatalogueDecl(
            key="chongqing_project_forms",
            label="“五社联动”项目运作方式",
            items=(
                CatalogueItem(
                    code="government_purchase", label="政府购买服务",
                    description="四（三）：购买服务资金从一般公共预算资金、福彩公益金、社会救助专项资金等资金中统筹安排",
                    source=f"{DOCUMENT} 三（四）、四（三）",
                ),
                CatalogueItem(code="micro_venture", label="微创投", source=f"{DOCUMENT} 三（四）"),
                CatalogueItem(code="micro_governance", label="微治理", source=f"{DOCUMENT} 三（四）"),
                CatalogueItem(code="venture_philanthropy", label="公益创投", source=f"{DOCUMENT} 三（四）"),
                CatalogueItem(code="special_fund", label="设立专项基金", source=f"{DOCUMENT} 三（四）"),
                CatalogueItem(code="points_incentive", label="积分激励", source=f"{DOCUMENT} 三（四）"),
                CatalogueItem(code="project_contest", label="项目大赛", source=f"{DOCUMENT} 三（四）"),
            ),
            source=f"{DOCUMENT} {_FORMS}",
        ),
    ]
