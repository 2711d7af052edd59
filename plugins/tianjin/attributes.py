"""天津市的区域属性：津民函〔2023〕20号 附件2《市区联合创建点名单》 as facts of the regions.

- ``joint_point`` (市区联合创建点序号), at a street/town: its 序号 in 附件2 (1—11). The fund
  threshold of 三（六） depends on it (1—5: 5万元, 6—11: 2万元), read by ``rules.py``.
- ``creation_point`` (市区联合创建点社区), at a community/village: it is one of the 24 communities of
  附件2.

``regions.py`` declares both for the list's streets and communities; a district bureau corrects or
adds them with ``updateRegion`` (a value outside these is refused). Designating a district-level
creation point is a case (``cases.py``), which the creation-point indicators count.
"""

from core import RegionAttributeDecl, Tier

DOCUMENT = "津民函〔2023〕20号"
_LIST = "二、任务目标“其中11个街镇（24个社区）作为市区联合创建点（具体名单见附件2）”；附件2《市区联合创建点名单》"


def declarations() -> list[RegionAttributeDecl]:
    return [
        RegionAttributeDecl(
            key="joint_point", label="市区联合创建点序号", kind="int", tiers=(Tier.STREET,), minimum=1, maximum=11,
            description="the street/town's 序号 in 附件2; the fund threshold of 三（六） depends on it",
            source=f"{DOCUMENT} {_LIST}；三（六）“市区联合创建点1—5应不少于5万元，市区联合创建点6—11应不少于2万元”",
        ),
        RegionAttributeDecl(
            key="creation_point", label="市区联合创建点社区", kind="bool", tiers=(Tier.COMMUNITY,),
            description="the community/village is one of the 24 of 附件2",
            source=f"{DOCUMENT} {_LIST}",
        ),
    ]
