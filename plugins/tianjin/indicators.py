"""天津市的指标：津民函〔2023〕20号 二（任务目标）、三（二）, computed live from the creation points' cases.

The creation points, their covered communities and their creation tasks are cases (``cases.py``),
each type declaring counts of its cases (``CaseMeasureDecl``); these indicators are those counts,
so the targets of 二 and 附件1 (``targets.py``) are judged on what the district and city bureaus
designate and the streets complete, at any tier:

- ``tianjin_creation_point_streets``: streets/towns that are creation points (designated, not withdrawn);
- ``tianjin_creation_point_communities``: communities a creation point covers (三（二）: 项目辐射社区);
- ``tianjin_joint_point_communities``: communities of the city–district joint points (附件2);
- ``tianjin_creation_tasks_done_share``: creation tasks done / creation tasks assigned (the milestones of 二).
"""

from core import IndicatorDecl

DOCUMENT = "津民函〔2023〕20号"

_GOAL = "二、任务目标“在全市选取……50个街镇（100个城乡社区）作为健全‘五社联动’机制示范项目区级创建点（名额分配见附件1）”"
_JOINT = "二、任务目标“其中11个街镇（24个社区）作为市区联合创建点（具体名单见附件2）”"
_MILESTONES = "二、任务目标“2023年11月底前完成创建任务的50%以上……到2024年6月底，创建任务全部完成”"

CREATION_POINT_STREETS = "tianjin_creation_point_streets"
CREATION_POINT_COMMUNITIES = "tianjin_creation_point_communities"
JOINT_POINT_COMMUNITIES = "tianjin_joint_point_communities"
CREATION_TASKS_DONE_SHARE = "tianjin_creation_tasks_done_share"


def declarations() -> list[IndicatorDecl]:
    return [
        IndicatorDecl(
            key=CREATION_POINT_STREETS, label="创建点街镇数", unit="streets",
            definition="streets/towns designated creation points (designated, evaluated or closed; not withdrawn)",
            numerator="creation_point_streets", source=f"{DOCUMENT} {_GOAL}",
        ),
        IndicatorDecl(
            key=CREATION_POINT_COMMUNITIES, label="创建点社区数", unit="communities",
            definition="communities covered by a creation point (not withdrawn)",
            numerator="creation_point_community_regions",
            source=f"{DOCUMENT} {_GOAL}；三（二）“项目辐射不少于2个社区”",
        ),
        IndicatorDecl(
            key=JOINT_POINT_COMMUNITIES, label="市区联合创建点社区数", unit="communities",
            definition="communities covered by a city–district joint creation point (not withdrawn)",
            numerator="joint_point_communities", source=f"{DOCUMENT} {_JOINT}；附件2",
        ),
        IndicatorDecl(
            key=CREATION_TASKS_DONE_SHARE, label="创建任务完成比例", unit="ratio",
            definition="creation tasks done / creation tasks assigned (cancelled ones not counted)",
            numerator="creation_tasks_done", denominator="creation_tasks", source=f"{DOCUMENT} {_MILESTONES}",
        ),
    ]


__all__ = ["declarations"]
