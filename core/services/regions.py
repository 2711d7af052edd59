"""Administering the tier tree through the API: only platform administrators, for now."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from core import tree
from core.access import Principal, region_at
from core.errors import FieldError, InvalidInput
from core.models import Region, Tenant


def _require_platform_admin(principal: Principal) -> None:
    if not principal.platform_admin:
        raise InvalidInput.of(FieldError("principal", "only platform administrators change the tier tree", code="forbidden"))


async def add(session: AsyncSession, principal: Principal, parent_path: str, data: dict[str, Any]) -> Region:
    _require_platform_admin(principal)
    try:
        parent = await region_at(session, parent_path, principal, field="parent")
        tenant = await session.get(Tenant, parent.tenant_id)
        assert tenant is not None
        return await tree.add_region(session, parent=parent, tenant=tenant, **data)
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def move(session: AsyncSession, principal: Principal, path: str, new_parent_path: str) -> Region:
    _require_platform_admin(principal)
    try:
        region = await region_at(session, path, principal, field="path")
        new_parent = await region_at(session, new_parent_path, principal, field="newParent")
        return await tree.move_region(session, region, new_parent)
    except FieldError as error:
        raise InvalidInput.of(error) from error
