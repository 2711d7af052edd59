"""Administering the tier tree through the API, within the caller's permissions."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from core import tree
from core.access import Principal, region_at, require
from core.errors import FieldError, InvalidInput
from core.models import Region, Tenant


async def add(session: AsyncSession, principal: Principal, parent_path: str, data: dict[str, Any]) -> Region:
    try:
        parent = await region_at(session, parent_path, principal, field="parent")
        require(principal, "region", "create", parent, field="parent")
        tenant = await session.get(Tenant, parent.tenant_id)
        assert tenant is not None
        return await tree.add_region(session, parent=parent, tenant=tenant, **data)
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def move(session: AsyncSession, principal: Principal, path: str, new_parent_path: str) -> Region:
    try:
        region = await region_at(session, path, principal, field="path")
        require(principal, "region", "update", region, field="path")
        new_parent = await region_at(session, new_parent_path, principal, field="newParent")
        require(principal, "region", "create", new_parent, field="newParent")
        return await tree.move_region(session, region, new_parent)
    except FieldError as error:
        raise InvalidInput.of(error) from error
