"""正阳街道的区域：正阳办事处发〔2022〕95号 二（工作目标）, which names each community with its
volunteer target. The targets and the census population behind them are not regions; the
document gives no resident population, so none is declared.
"""

from core import CommunityKind, RegionDecl, Tier

DOCUMENT = "正阳办事处发〔2022〕95号"
STREET = "chongqing/qianjiang/zhengyang"

COMMUNITIES = (
    ("chaoyang", "朝阳社区"),
    ("qunli", "群力社区"),
    ("tongping", "桐坪社区"),
    ("jifu", "积富社区"),
    ("tuanjie", "团结社区"),
)


def declarations() -> list[RegionDecl]:
    """The street, then its communities in the document's order."""
    return [
        RegionDecl(path=STREET, name="正阳街道", tier=Tier.STREET, source=f"{DOCUMENT} 发文机关（黔江区人民政府正阳街道办事处）"),
        *(
            RegionDecl(
                path=f"{STREET}/{code}",
                name=name,
                tier=Tier.COMMUNITY,
                kind=CommunityKind.RURAL if name.endswith("村") else CommunityKind.URBAN,
                source=f"{DOCUMENT} 二",
            )
            for code, name in COMMUNITIES
        ),
    ]
