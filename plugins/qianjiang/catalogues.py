"""正阳街道的目录：正阳办事处发〔2022〕95号 三（四）“六送六进”、三（五）“五童”.

- ``qianjiang_six_deliveries`` (“六送六进”, 三（四）): the six services to the elderly, in the document's order,
  each with what the plan says it delivers; 群力社区 is the "六送六进" demonstration community.
- ``qianjiang_five_child_actions`` (“五童”行动, 三（五）): 童网, 童德, 童心, 童伴, 童安, and under 童安 its ten
  prevention tasks (十项重点任务) in the document's order.

Keys are unique in the chongqing tenant, which this plugin shares with ``chongqing``: they carry the
plugin's name.
"""

from core import CatalogueDecl, CatalogueItem

DOCUMENT = "正阳办事处发〔2022〕95号"
ELDERLY = f"{DOCUMENT} 三（四）"
MINORS = f"{DOCUMENT} 三（五）"

SIX_DELIVERIES = CatalogueDecl(
    key="qianjiang_six_deliveries",
    label="“六送六进”养老服务",
    items=(
        CatalogueItem(
            code="doctor_to_village",
            label="送医进村",
            description="实现康养幸福：推动医疗机构与养老服务设施医养深度合作，继续落实医保、医疗救助、临时救助、"
            "基金救助等政策，开展家庭医生签约服务，减轻老年人大病救助负担",
            source=f"{ELDERLY}：开展送医进村，实现康养幸福",
        ),
        CatalogueItem(
            code="bath_to_courtyard",
            label="送浴进院",
            description="实现清爽幸福：依托养老服务机构、养老服务中心（站）、助浴快车，为散居失能特困以及高龄失能老人"
            "提供上门助浴、修剪服务",
            source=f"{ELDERLY}：开展送浴进院，实现清爽幸福",
        ),
        CatalogueItem(
            code="safety_to_neighbourhood",
            label="送踪进坝",
            description="实现平安幸福：实施特殊老年人无障碍改造和适老化改造，推广老年人智能设施的使用，推动老年人智慧出行",
            source=f"{ELDERLY}：开展送踪进坝，实现平安幸福",
        ),
        CatalogueItem(
            code="care_to_door",
            label="送爱进门",
            description="实现情满幸福：依托基层党员干部、专业社工、志愿者，为老年人提供救助帮扶、心理疏导、定期探访等服务",
            source=f"{ELDERLY}：开展送爱进门，实现情满幸福",
        ),
        CatalogueItem(
            code="joy_to_hamlet",
            label="送悦进寨",
            description="实现畅享幸福：依托新时代文明实践站、社工组织、志愿者组织开展社区、小组活动，活跃乡村文化生活；"
            "设立老年人互助组织，深化志愿服务“时间银行”、积分兑换实践探索，推行互助养老",
            source=f"{ELDERLY}：开展送悦进寨，实现畅享幸福",
        ),
        CatalogueItem(
            code="needs_to_home",
            label="送需进家",
            description="实现享用幸福：依托社工站、老年协会开展老年人需求评估，建立老年人物资需求清单，依托社区养老服务站、"
            "送货快车、互助组织，实现老年人物资低成本快速流动",
            source=f"{ELDERLY}：开展送需进家，实现享用幸福",
        ),
    ),
    source=f"{ELDERLY}：打造群力社区“六送六进”多维养老幸福村示范社区",
)

# 童安行动's ten tasks, in the document's order: "防心理疾病、防溺水事故、防网络沉迷、防虐待欺凌、防性侵伤害、
# 防诱骗拐卖、防食品中毒、防毒品侵害、防交通事故、防火灾危害等十项重点任务".
SAFETY_TASKS = (
    ("prevent_mental_illness", "防心理疾病"),
    ("prevent_drowning", "防溺水事故"),
    ("prevent_internet_addiction", "防网络沉迷"),
    ("prevent_abuse_bullying", "防虐待欺凌"),
    ("prevent_sexual_assault", "防性侵伤害"),
    ("prevent_abduction", "防诱骗拐卖"),
    ("prevent_food_poisoning", "防食品中毒"),
    ("prevent_drug_harm", "防毒品侵害"),
    ("prevent_traffic_accidents", "防交通事故"),
    ("prevent_fire", "防火灾危害"),
)

FIVE_CHILD_ACTIONS = CatalogueDecl(
    key="qianjiang_five_child_actions",
    label="“五童”未成年人保护行动",
    items=(
        CatalogueItem(
            code="child_network",
            label="童网",
            description="童网行动：依托区未保中心、街道未保工作站、社区未保工作室三级阵地，建立健全党建引领网、"
            "政府保护网、社会保护网、互联互通网，完善未成年人服务网络体系",
            source=f"{MINORS}：实施“童网行动”",
        ),
        CatalogueItem(
            code="child_virtue",
            label="童德",
            description="童德行动：开展儿童主题教育活动、兴趣小组活动、劳动体验活动和儿童公益培训，树立正确的成才观、"
            "劳动观、世界观",
            source=f"{MINORS}：实施“童德行动”",
        ),
        CatalogueItem(
            code="child_heart",
            label="童心",
            description="童心行动：开通未成年人权益保护热线，依托专业社工开展个案、团体辅导，提供生活、成长、心理等辅导教育，"
            "开展家庭亲子教育",
            source=f"{MINORS}：实施“童心行动”",
        ),
        CatalogueItem(
            code="child_companion",
            label="童伴",
            description="童伴行动：建立健全困境儿童、留守儿童等特殊困难儿童主动发现机制，通过建立童伴之家、开展定期走访、"
            "建立个人档案，为特殊困难儿童提供关爱保护",
            source=f"{MINORS}：实施“童伴行动”",
        ),
        CatalogueItem(
            code="child_safety",
            label="童安",
            description="童安行动：编制应急预案、开展宣教活动，抓好十项重点任务，强化责任落实，加强部门协同配合，"
            "切实保障未成年人安全",
            source=f"{MINORS}：实施“童安行动”",
        ),
        *(
            CatalogueItem(code=code, label=label, parent="child_safety", source=f"{MINORS}：童安行动十项重点任务")
            for code, label in SAFETY_TASKS
        ),
    ),
    source=f"{MINORS}：构建“五童友好社区”，带动未成年人保护工作整体推进",
)

CATALOGUES = [SIX_DELIVERIES, FIVE_CHILD_ACTIONS]
LABELS = {item.code: item.label for catalogue in CATALOGUES for item in catalogue.items}
