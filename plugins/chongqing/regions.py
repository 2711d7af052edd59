"""重庆市的区域：渝民发〔2022〕7号 主送单位, down to district/county tier only.

The opinion is addressed to 各区县（自治县）民政局 without naming them, so the 38 districts and
counties are Chongqing's public administrative divisions (26 districts, 8 counties, 4 autonomous
counties), in the official order; then the three management zones the addressee line names.
Division codes are GB/T 2260 行政区划代码; the management zones are not administrative divisions
and have none. All 41 carry the yearly demonstration-site target (targets.py).
"""

from core import RegionDecl, Tier

DOCUMENT = "渝民发〔2022〕7号"
COUNTIES_SOURCE = f"{DOCUMENT} 主送：各区县（自治县）民政局"

DISTRICTS_AND_COUNTIES = (
    # 26 districts
    ("wanzhou", "万州区"),
    ("qianjiang", "黔江区"),
    ("fuling", "涪陵区"),
    ("yuzhong", "渝中区"),
    ("dadukou", "大渡口区"),
    ("jiangbei", "江北区"),
    ("shapingba", "沙坪坝区"),
    ("jiulongpo", "九龙坡区"),
    ("nanan", "南岸区"),
    ("beibei", "北碚区"),
    ("qijiang", "綦江区"),
    ("dazu", "大足区"),
    ("yubei", "渝北区"),
    ("banan", "巴南区"),
    ("changshou", "长寿区"),
    ("jiangjin", "江津区"),
    ("hechuan", "合川区"),
    ("yongchuan", "永川区"),
    ("nanchuan", "南川区"),
    ("bishan", "璧山区"),
    ("tongliang", "铜梁区"),
    ("tongnan", "潼南区"),
    ("rongchang", "荣昌区"),
    ("kaizhou", "开州区"),
    ("liangping", "梁平区"),
    ("wulong", "武隆区"),
    # 8 counties
    ("chengkou", "城口县"),
    ("fengdu", "丰都县"),
    ("dianjiang", "垫江县"),
    ("zhong", "忠县"),
    ("yunyang", "云阳县"),
    ("fengjie", "奉节县"),
    ("wushan", "巫山县"),
    ("wuxi", "巫溪县"),
    # 4 autonomous counties
    ("shizhu", "石柱土家族自治县"),
    ("xiushan", "秀山土家族苗族自治县"),
    ("youyang", "酉阳土家族苗族自治县"),
    ("pengshui", "彭水苗族土家族自治县"),
)

# GB/T 2260 行政区划代码 of the municipality and its 38 districts and counties.
MUNICIPALITY_DIVISION_CODE = "500000"
DIVISION_CODES = {
    "wanzhou": "500101", "fuling": "500102", "yuzhong": "500103", "dadukou": "500104",
    "jiangbei": "500105", "shapingba": "500106", "jiulongpo": "500107", "nanan": "500108",
    "beibei": "500109", "qijiang": "500110", "dazu": "500111", "yubei": "500112",
    "banan": "500113", "qianjiang": "500114", "changshou": "500115", "jiangjin": "500116",
    "hechuan": "500117", "yongchuan": "500118", "nanchuan": "500119", "bishan": "500120",
    "tongliang": "500151", "tongnan": "500152", "rongchang": "500153", "kaizhou": "500154",
    "liangping": "500155", "wulong": "500156",
    "chengkou": "500229", "fengdu": "500230", "dianjiang": "500231", "zhong": "500233",
    "yunyang": "500235", "fengjie": "500236", "wushan": "500237", "wuxi": "500238",
    "shizhu": "500240", "xiushan": "500241", "youyang": "500242", "pengshui": "500243",
}

# The management zones, each with the addressee the opinion names.
ZONES = (
    ("liangjiang", "两江新区", "两江新区社会保障局"),
    ("gaoxin", "西部科学城重庆高新区", "西部科学城重庆高新区公共服务局"),
    ("wansheng", "万盛经济技术开发区", "万盛经开区民政局"),
)


def declarations() -> list[RegionDecl]:
    """The municipality, its 38 districts and counties, then the three management zones."""
    return [
        RegionDecl(
            path="chongqing", name="重庆市", tier=Tier.CITY, division_code=MUNICIPALITY_DIVISION_CODE,
            source=f"{DOCUMENT} 发文机关（重庆市民政局）",
        ),
        *(
            RegionDecl(
                path=f"chongqing/{code}", name=name, tier=Tier.DISTRICT,
                division_code=DIVISION_CODES[code], source=COUNTIES_SOURCE,
            )
            for code, name in DISTRICTS_AND_COUNTIES
        ),
        *(
            RegionDecl(
                path=f"chongqing/{code}", name=name, tier=Tier.DISTRICT, source=f"{DOCUMENT} 主送：{addressee}"
            )
            for code, name, addressee in ZONES
        ),
    ]
