"""盘锦市的区域：盘民发〔2023〕24号 附件《五社联动项目开展社区（村）名单》, in the attachment's order.

Each county/district holds (street code, street name, ((community code, community name), ...)).
Population is left empty: the document gives none. Division codes are GB/T 2260 行政区划代码
(city and counties/districts), not taken from the document.
"""

from core import CommunityKind, RegionDecl, Tier

DOCUMENT = "盘民发〔2023〕24号"
ATTACHMENT = f"{DOCUMENT} 附件"

# GB/T 2260 行政区划代码 of the city and its counties/districts.
CITY_DIVISION_CODE = "211100"
DIVISION_CODES = {"shuangtaizi": "211102", "xinglongtai": "211103", "dawa": "211104", "panshan": "211122"}

COUNTIES = (
    ("panshan", "盘山县", (
        ("taiping", "太平街道", (("longxiang", "龙祥社区"), ("lanqiao", "蓝桥社区"))),
        ("wujia", "吴家镇", (("sunjia", "孙家村"), ("yushu", "榆树村"), ("shuangqiaozi", "双桥子村"))),
    )),
    ("shuangtaizi", "双台子区", (
        ("jianshe", "建设街道", (("dongfeng", "东风社区"),)),
        ("liaohe", "辽河街道", (("shenghe", "盛河社区"), ("xinjian", "新建社区"))),
        ("shengli", "胜利街道", (("jingqi", "旌旗社区"), ("tuanjie", "团结社区"))),
        ("tiedong", "铁东街道", (("xinfu", "新府社区"),)),
        ("shuangsheng", "双盛街道", (("liaohezuoan", "辽河左岸社区"), ("changjia", "常家村"))),
        ("tongyi", "统一镇", (("guangzhengtai", "光正台村"),)),
        ("hongqi", "红旗街道", (("yonghua", "永华社区"),)),
    )),
    ("xinglongtai", "兴隆台区", (
        ("huibin", "惠宾街道", (("kangqiao", "康桥社区"), ("kangrui", "康瑞社区"))),
        ("xingong", "新工街道", (("liangjia", "粮家村"),)),
        ("xinglong", "兴隆街道", (("zuangong", "钻工社区"),)),
        ("xinghai", "兴海街道", (("tuolaiduo", "托莱多社区"),)),
        ("bohai", "渤海街道", (("yongxiang", "永祥社区"), ("jingyuan", "景园社区"))),
        ("chuangxin", "创新街道", (("hexiang", "鹤乡社区"), ("yuanding", "园丁社区"))),
        ("zhenxing", "振兴街道", (("xingfu", "幸福社区"),)),
    )),
    ("dawa", "大洼区", (
        ("tianjia", "田家街道", (
            ("dabaozi", "大堡子村"), ("shuanghai", "双海社区"), ("xinyuan", "鑫源社区"),
            ("dongfang", "东方社区"), ("shengtian", "盛田社区"),
        )),
        ("dawa", "大洼街道", (
            ("dongsheng", "东升社区"), ("zhanqian", "站前社区"), ("xiaobaozi", "小堡子村"),
            ("xiangyang", "向阳社区"), ("xingsheng", "兴盛社区"),
        )),
    )),
)


def declarations() -> list[RegionDecl]:
    """The city, then each county/district followed by its streets, each followed by its communities."""
    out = [
        RegionDecl(
            path="panjin", name="盘锦市", tier=Tier.CITY, division_code=CITY_DIVISION_CODE,
            source=f"{DOCUMENT} 发文机关（盘锦市民政局）",
        )
    ]
    for county, county_name, streets in COUNTIES:
        out.append(
            RegionDecl(
                path=f"panjin/{county}", name=county_name, tier=Tier.DISTRICT,
                division_code=DIVISION_CODES[county], source=ATTACHMENT,
            )
        )
        for street, street_name, communities in streets:
            parent = f"panjin/{county}/{street}"
            out.append(RegionDecl(path=parent, name=street_name, tier=Tier.STREET, source=ATTACHMENT))
            out += [
                RegionDecl(
                    path=f"{parent}/{code}",
                    name=name,
                    tier=Tier.COMMUNITY,
                    kind=CommunityKind.RURAL if name.endswith("村") else CommunityKind.URBAN,
                    source=ATTACHMENT,
                )
                for code, name in communities
            ]
    return out
