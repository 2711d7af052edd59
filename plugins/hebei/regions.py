"""河北省的区域：冀民〔2021〕79号 主送单位.

"各市（含定州、辛集市）" does not name the cities, so the 11 prefecture-level cities are Hebei's
public administrative divisions in the official order; 定州市 and 辛集市 (county-level cities
administered directly by the province) and 雄安新区 are declared at city tier, beside them, as the
addressee line treats them. Division codes are GB/T 2260 行政区划代码: 定州 and 辛集 keep their
county-level codes (under 保定 and 石家庄 in the code table); 雄安新区 has no code of its own.
"""

from core import RegionDecl, Tier

DOCUMENT = "冀民〔2021〕79号"
CITIES_SOURCE = f"{DOCUMENT} 主送：各市（含定州、辛集市）"

# GB/T 2260 行政区划代码 of the province, its 11 cities, 定州市 and 辛集市.
PROVINCE_DIVISION_CODE = "130000"
DIVISION_CODES = {
    "shijiazhuang": "130100", "tangshan": "130200", "qinhuangdao": "130300", "handan": "130400",
    "xingtai": "130500", "baoding": "130600", "zhangjiakou": "130700", "chengde": "130800",
    "cangzhou": "130900", "langfang": "131000", "hengshui": "131100",
    "dingzhou": "130682", "xinji": "130181",
}

CITIES = (
    ("shijiazhuang", "石家庄市"),
    ("tangshan", "唐山市"),
    ("qinhuangdao", "秦皇岛市"),
    ("handan", "邯郸市"),
    ("xingtai", "邢台市"),
    ("baoding", "保定市"),
    ("zhangjiakou", "张家口市"),
    ("chengde", "承德市"),
    ("cangzhou", "沧州市"),
    ("langfang", "廊坊市"),
    ("hengshui", "衡水市"),
    ("dingzhou", "定州市"),
    ("xinji", "辛集市"),
)


def declarations() -> list[RegionDecl]:
    """The province, its cities (with 定州 and 辛集), then 雄安新区."""
    return [
        RegionDecl(
            path="hebei", name="河北省", tier=Tier.PROVINCE, division_code=PROVINCE_DIVISION_CODE,
            source=f"{DOCUMENT} 发文机关（河北省民政厅等）",
        ),
        *(
            RegionDecl(
                path=f"hebei/{code}", name=name, tier=Tier.CITY, division_code=DIVISION_CODES[code],
                source=CITIES_SOURCE,
            )
            for code, name in CITIES
        ),
        RegionDecl(
            path="hebei/xiongan", name="雄安新区", tier=Tier.CITY, source=f"{DOCUMENT} 主送：雄安新区公共服务局、党群工作部"
        ),
    ]
