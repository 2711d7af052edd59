"""天津市的区域：津民函〔2023〕20号 附件1 (the 16 districts, in the table's order) and 附件2 (the
joint creation points: street/town and its communities, under the district that holds them).

Each joint-point street carries its 序号 of 附件2 as ``attributes={"joint_point": N}`` (the fund
threshold of 三（六） depends on it), and each of its communities ``{"creation_point": True}``.
Division codes are GB/T 2260 行政区划代码 (city and districts), not taken from the document.
"""

from core import CommunityKind, RegionDecl, Tier

DOCUMENT = "津民函〔2023〕20号"

# GB/T 2260 行政区划代码 of the municipality and its 16 districts.
CITY_DIVISION_CODE = "120000"
DIVISION_CODES = {
    "heping": "120101", "hedong": "120102", "hexi": "120103", "nankai": "120104",
    "hebei": "120105", "hongqiao": "120106", "dongli": "120110", "xiqing": "120111",
    "jinnan": "120112", "beichen": "120113", "wuqing": "120114", "baodi": "120115",
    "binhai": "120116", "ninghe": "120117", "jinghai": "120118", "jizhou": "120119",
}

DISTRICTS = (
    ("heping", "和平区", (
        ("nanshi", "南市街道", (("xinwenhua", "新文化社区"), ("qingyouxili", "庆有西里社区"), ("huaiyuanli", "怀远里社区"))),  # 2
    )),
    ("hedong", "河东区", ()),
    ("hexi", "河西区", (
        ("taoyuan", "桃园街道", (("guangshunyuan", "广顺园社区"), ("jinganglu", "津港路社区"))),  # 3
    )),
    ("nankai", "南开区", (
        ("guangkai", "广开街道", (("kaixinggongyu", "凯兴公寓社区"), ("baolongwan", "宝龙湾社区"))),  # 6
    )),
    ("hebei", "河北区", ()),
    ("hongqiao", "红桥区", ()),
    ("dongli", "东丽区", (
        ("jinqiao", "金桥街道", (("yishengli", "怡盛里社区"), ("longquanli", "龙泉里社区"))),  # 7
    )),
    ("beichen", "北辰区", (
        ("ruijing", "瑞景街道", (("baocuihuadu", "宝翠花都社区"), ("jiangnanchunse", "江南春色社区"))),  # 8
    )),
    ("xiqing", "西青区", (
        ("chilongnan", "赤龙南街道", (("jiaherongting", "佳和荣庭社区"), ("jiahexianting", "佳和贤庭社区"))),  # 4
    )),
    ("jinnan", "津南区", (
        ("shuanglin", "双林街道", (("linchengjiayuan", "林城佳苑社区"), ("xiangbohaoting", "象博豪庭社区"))),  # 5
    )),
    ("binhai", "滨海新区", (
        ("taida", "泰达街道", (("huana", "华纳社区"), ("kangcui", "康翠社区"))),  # 1
    )),
    ("wuqing", "武清区", ()),
    ("baodi", "宝坻区", ()),
    ("ninghe", "宁河区", (
        ("lutai", "芦台街道", (("yuyuegangwan", "愉悦港湾社区"), ("shangyedao", "商业道社区"))),  # 9
    )),
    ("jinghai", "静海区", (
        ("huakang", "华康街道", (("huanqiting", "湖岸栖庭社区"), ("yishanjun", "依山郡社区"))),  # 11
    )),
    ("jizhou", "蓟州区", (
        ("dongerying", "东二营镇", (  # 10
            ("wangxinzhuang", "王辛庄村"), ("beigaozhuang", "北高庄村"), ("dusaiyingbei", "都赛营北村"),
        )),
    )),
)


# 附件2 序号 of each city–district joint creation point (市区联合创建点), by street path.
JOINT_POINTS = {
    "tianjin/binhai/taida": 1,
    "tianjin/heping/nanshi": 2,
    "tianjin/hexi/taoyuan": 3,
    "tianjin/xiqing/chilongnan": 4,
    "tianjin/jinnan/shuanglin": 5,
    "tianjin/nankai/guangkai": 6,
    "tianjin/dongli/jinqiao": 7,
    "tianjin/beichen/ruijing": 8,
    "tianjin/ninghe/lutai": 9,
    "tianjin/jizhou/dongerying": 10,
    "tianjin/jinghai/huakang": 11,
}


def declarations() -> list[RegionDecl]:
    """The city, then each district followed by its joint-point streets and their communities."""
    out = [
        RegionDecl(
            path="tianjin", name="天津市", tier=Tier.CITY, division_code=CITY_DIVISION_CODE,
            source=f"{DOCUMENT} 发文机关（天津市民政局）",
        )
    ]
    for district, district_name, streets in DISTRICTS:
        out.append(
            RegionDecl(
                path=f"tianjin/{district}", name=district_name, tier=Tier.DISTRICT,
                division_code=DIVISION_CODES[district], source=f"{DOCUMENT} 附件1",
            )
        )
        for street, street_name, communities in streets:
            parent = f"tianjin/{district}/{street}"
            out.append(
                RegionDecl(
                    path=parent, name=street_name, tier=Tier.STREET,
                    attributes={"joint_point": JOINT_POINTS[parent]}, source=f"{DOCUMENT} 附件2",
                )
            )
            out += [
                RegionDecl(
                    path=f"{parent}/{code}",
                    name=name,
                    tier=Tier.COMMUNITY,
                    kind=CommunityKind.RURAL if name.endswith("村") else CommunityKind.URBAN,
                    attributes={"creation_point": True},
                    source=f"{DOCUMENT} 附件2",
                )
                for code, name in communities
            ]
    return out
