"""The administrative tiers, top to bottom, and the urban/rural kind of a community."""

import enum


class Tier(str, enum.Enum):
    """province 省 › city 市 › district 区/县 › street 街道/乡镇 › community 社区/村."""

    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"

    @property
    def rank(self) -> int:
        return TIER_ORDER.index(self)

    @property
    def column(self) -> str:
        """The ancestor column of the region table that holds this tier's region id."""
        return f"{self.value}_id"

    def below(self) -> tuple["Tier", ...]:
        return TIER_ORDER[self.rank + 1 :]

    def above(self) -> tuple["Tier", ...]:
        return TIER_ORDER[: self.rank]


TIER_ORDER: tuple[Tier, ...] = tuple(Tier)


class CommunityKind(str, enum.Enum):
    """城市社区 urban community or 农村社区/村 rural village."""

    URBAN = "urban"
    RURAL = "rural"
