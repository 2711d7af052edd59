"""Finding the region a row names: by its path of codes (``shanhai/donghu/xiyuan/chaoyang``)
or of names (``东湖区/西苑街道/朝阳社区``), from the tenant root or without it; for the kinds that
accept it (baselines), also by its administrative division code (``500114``).

The tenant's regions are read once (a spreadsheet names thousands of rows in a few hundred
communities); a region the principal may not read is answered as one that does not exist, as
:func:`core.access.grants.region_at` answers it.
"""

import re
from dataclasses import dataclass, field

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.models import Region, Tenant
from core.models.region import DIVISION_CODE_PATTERN

_SEPARATORS = re.compile(r"\s*[/／\\>＞]\s*")
_AMBIGUOUS = object()
_DIVISION_CODE = re.compile(DIVISION_CODE_PATTERN)


@dataclass
class Places:
    principal: Principal
    root: Region | None
    by_id: dict[int, Region] = field(default_factory=dict)
    by_path: dict[str, Region] = field(default_factory=dict)
    by_names: dict[str, object] = field(default_factory=dict)
    by_division_code: dict[str, object] = field(default_factory=dict)

    @classmethod
    async def of(cls, session: AsyncSession, principal: Principal, tenant: Tenant) -> "Places":
        query = select(Region).where(Region.tenant_id == tenant.id).order_by(col(Region.depth), col(Region.position))
        regions = list((await session.exec(query)).all())
        root = next((r for r in regions if r.parent_id is None), None)
        places = cls(principal, root)
        names: dict[int, str] = {}
        for region in regions:  # parents come first (ordered by depth)
            rid = int(region.id)  # type: ignore[arg-type]
            places.by_id[rid] = region
            places.by_path[region.path] = region
            parent = names.get(region.parent_id) if region.parent_id is not None else None
            names[rid] = f"{parent}/{region.name}" if parent else region.name
            for key in {names[rid], names[rid].split("/", 1)[-1]}:
                places.by_names[key] = region if places.by_names.get(key, region) is region else _AMBIGUOUS
            if region.division_code:
                code = region.division_code
                places.by_division_code[code] = (region if places.by_division_code.get(code, region) is region
                                                 else _AMBIGUOUS)
        return places

    def find(self, value: object) -> Region | str | None:
        """The region named by ``value``; a Chinese reason when there is none (None for an empty cell)."""
        if value is None:
            return None
        text = _SEPARATORS.sub("/", str(value).strip()).strip("/")
        if not text:
            return None
        candidates: list[object] = [self.by_path.get(text)]
        if self.root is not None:
            candidates.append(self.by_path.get(f"{self.root.path}/{text}"))
        candidates.append(self.by_names.get(text))
        for found in candidates:
            if found is _AMBIGUOUS:
                return f"有不止一个区域叫“{text}”：请写出上级区域，或用区域代码路径"
            if isinstance(found, Region):
                if not self.principal.may("region", "read", found):
                    break
                return found
        return f"找不到区域“{text}”（或不在您的权限范围内）"

    def find_or_code(self, value: object) -> Region | str | None:
        """As :meth:`find`, and by the administrative division code (GB/T 2260: 6, 9 or 12 digits)
        when no path or name is ``value``."""
        found = self.find(value)
        if not isinstance(found, str):
            return found
        code = str(value).strip()
        region = self.by_division_code.get(code) if _DIVISION_CODE.fullmatch(code) else None
        if region is _AMBIGUOUS:
            return f"有不止一个区域的行政区划代码是“{code}”：请用区域代码路径"
        if isinstance(region, Region) and self.principal.may("region", "read", region):
            return region
        return found
