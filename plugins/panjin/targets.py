"""盘锦市的目标：盘民发〔2023〕24号 三（四）服务范围及要求.

"服务范围以《五社联动项目开展社区（村）名单》为准，每个社区（村）全年开展活动不少于48场次，服务不少于
1000人次" — a yearly requirement on every listed community and village. The plugin's regions are
exactly that list, so the plugin's scope (``panjin``) is the target's scope. "不少于" is ``>=``.
"""

from decimal import Decimal

from core import TargetDecl

DOCUMENT = "盘民发〔2023〕24号"
SOURCE = f"{DOCUMENT} 三（四）"

TARGETS = [
    TargetDecl(
        key="community_sessions_per_year",
        indicator="sessions",
        label="每个社区（村）全年开展活动场次",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("48"),
        unit="场次",
        yearly=True,
        source=f"{SOURCE}：每个社区（村）全年开展活动不少于48场次",
    ),
    TargetDecl(
        key="community_person_times_per_year",
        indicator="person_times",
        label="每个社区（村）全年服务人次",
        evaluated_at="per_community",
        comparator=">=",
        threshold=Decimal("1000"),
        unit="人次",
        yearly=True,
        source=f"{SOURCE}：服务不少于1000人次",
    ),
]
