"""盘锦市的目录：盘民发〔2023〕24号 三（一）服务对象、三（二）服务内容、三（三）服务项目.

Two catalogues:

- ``panjin_service_targets`` (服务对象, 三（一）): the "一老一小" of the plan, the two groups with their
  members in the document's order;
- ``panjin_services`` (服务类别与服务项目, 三（二）、三（三）): the four service categories, then the eight
  service projects, each under the category the document puts its people in. The projects are in
  the same catalogue as the categories because an item's parent must be an item of its catalogue.

Volunteer service is a category the plan does not buy: 三（四） "志愿服务类活动不列入采购范围，由承接机构
根据社区需求自行开展", hence ``purchasable=False``.
"""

from core import CatalogueDecl, CatalogueItem

DOCUMENT = "盘民发〔2023〕24号"

TARGETS_SOURCE = f"{DOCUMENT} 三（一）明确服务对象"
ELDERLY = (
    ("community_elderly", "社区老年人"),
    ("empty_nest_elderly", "空巢老人"),
    ("living_alone_elderly", "独居老人"),
    ("bereaved_elderly", "失独老人"),
    ("disabled_elderly", "残疾老人"),
    ("veteran_elderly", "退伍老兵"),
    ("needy_elderly", "生活困难老人"),
)
CHILDREN = (
    ("community_children", "社区儿童"),
    ("orphans", "孤儿"),
    ("left_behind_children", "留守儿童"),
    ("children_in_difficulty", "困境儿童"),
    ("allowance_family_minors", "低保救助未成年子女"),
)

SERVICE_TARGETS = CatalogueDecl(
    key="panjin_service_targets",
    label="服务对象（“一老一小”）",
    items=(
        CatalogueItem(code="elderly", label="老人", description="围绕城乡“一老一小”开展服务：老人", source=TARGETS_SOURCE),
        *(CatalogueItem(code=code, label=label, parent="elderly", source=TARGETS_SOURCE) for code, label in ELDERLY),
        CatalogueItem(code="children", label="儿童", description="围绕城乡“一老一小”开展服务：儿童", source=TARGETS_SOURCE),
        *(CatalogueItem(code=code, label=label, parent="children", source=TARGETS_SOURCE) for code, label in CHILDREN),
    ),
    source=f"{TARGETS_SOURCE}：围绕城乡“一老一小”开展服务",
)

CATEGORIES_SOURCE = f"{DOCUMENT} 三（二）确定服务内容"
PROJECTS_SOURCE = f"{DOCUMENT} 三（三）开展服务项目"

CATEGORIES = (
    CatalogueItem(
        code="elderly_care",
        label="关爱老年人服务类",
        description="围绕失独老人、空巢老人、残疾老人、退伍老兵、低保高龄老人这五类人群开展心理咨询、亲情陪伴、"
        "文娱活动、医疗健康指导等关心关爱服务",
        source=f"{CATEGORIES_SOURCE} 1",
    ),
    CatalogueItem(
        code="child_care",
        label="关爱儿童服务类",
        description="围绕孤儿、留守儿童、困境儿童、低保救助未成年子女开展亲情陪伴、心理辅导、亲子活动、"
        "社会实践活动等关心关爱服务",
        source=f"{CATEGORIES_SOURCE} 2",
    ),
    CatalogueItem(
        code="volunteer_service",
        label="志愿服务类",
        description="开展有特色、有实效的主题志愿服务活动，重点为社区内低保对象、特困人员、空巢老人、农村留守人员、"
        "困境儿童、残疾人、进城务工人员及随迁子女等困难群体提供走访慰问、助学、助老等各类关爱服务；"
        "不列入采购范围，由承接机构根据社区需求自行开展",
        purchasable=False,
        source=f"{CATEGORIES_SOURCE} 3；{DOCUMENT} 三（四）：志愿服务类活动不列入采购范围，由承接机构根据社区需求自行开展",
    ),
    CatalogueItem(
        code="other_public_welfare",
        label="其他公益类",
        description="其他有助于宣扬公益理念、社会创新、促进社会发展进步的公益项目，支持社区社会组织开展邻里互助、"
        "居民融入、纠纷调解、心理调适、群防群治等社区活动",
        source=f"{CATEGORIES_SOURCE} 4",
    ),
)

# (code, label, ordinal in the document, category). Projects 一–四 serve the elderly groups that
# 三（二）1 names; 五–七 children (三（二）2 names 留守儿童 and 低保救助未成年子女; 残疾儿童 are children).
# 八 "其他“一老一小”" is either, so it has no single category: any purchasable one may carry it.
PROJECTS = (
    ("bereaved_elderly_care", "关爱失独老人服务", "一", "elderly_care"),
    ("empty_nest_elderly_care", "关爱空巢老人服务", "二", "elderly_care"),
    ("disabled_elderly_care", "关爱残疾老人服务", "三", "elderly_care"),
    ("low_income_aged_care", "关爱低保高龄老人服务", "四", "elderly_care"),
    ("left_behind_children_care", "关爱留守儿童服务", "五", "child_care"),
    ("disabled_children_care", "关爱残疾儿童服务", "六", "child_care"),
    ("allowance_family_minors_care", "关爱低保救助未成年子女服务", "七", "child_care"),
    ("other_old_and_young_care", "关爱其他“一老一小”服务", "八", None),
)

SERVICES = CatalogueDecl(
    key="panjin_services",
    label="服务类别与服务项目",
    items=(
        *CATEGORIES,
        *(
            CatalogueItem(
                code=code,
                label=label,
                description=f"服务项目{ordinal}",
                parent=parent,
                source=f"{PROJECTS_SOURCE} {ordinal}",
            )
            for code, label, ordinal, parent in PROJECTS
        ),
    ),
    source=f"{CATEGORIES_SOURCE}：项目范围主要包括以下4类；{PROJECTS_SOURCE}",
)

CATALOGUES = [SERVICE_TARGETS, SERVICES]

CATEGORY_CODES = tuple(item.code for item in CATEGORIES)
PURCHASABLE_CATEGORY_CODES = tuple(item.code for item in CATEGORIES if item.purchasable)
PROJECT_CODES = tuple(code for code, *_ in PROJECTS)
PROJECT_CATEGORY = {code: parent for code, _, _, parent in PROJECTS}
TARGET_CODES = tuple(item.code for item in SERVICE_TARGETS.items)
LABELS = {item.code: item.label for catalogue in CATALOGUES for item in catalogue.items}
