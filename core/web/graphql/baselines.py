"""Baselines over GraphQL: an indicator's value at a region at a year's end, set by an office.

``setBaseline`` needs ``indicator:update`` at the region and is audited (``baseline.set``, with the
value before). The baselines are what "doubled since 2020" is measured against
(:mod:`core.indicators.baselines`).
"""

import datetime as dt

import strawberry
from sqlmodel import col, select

from core import models
from core.access.grants import region_at, require
from core.indicators import baselines as service
from core.web.graphql.context import Info
from core.web.graphql.payloads import Payload, mutate


@strawberry.type(description="An indicator's value over a region's subtree at the end of a year, "
                             "that later values are compared with (\u201c翻一番\u201d).")
class IndicatorBaseline:
    region: str
    indicator: str
    year: int
    value: str = strawberry.field(description="a decimal, as text")
    source: str
    set_by: str
    set_at: dt.datetime

    @classmethod
    def of(cls, row: models.IndicatorBaseline, path: str) -> "IndicatorBaseline":
        return cls(region=path, indicator=row.indicator, year=row.year, value=service.decimal_text(row.value),
                   source=row.source, set_by=row.set_by, set_at=row.set_at)


@strawberry.type
class BaselineQuery:
    @strawberry.field(description="The baselines set at a region (indicator:read there), by indicator and year.")
    async def baselines(self, info: Info, region: str, indicator: str | None = None) -> list[IndicatorBaseline]:
        async with info.context.lock:
            place = await region_at(info.context.session, region, info.context.who, field="region")
            require(info.context.who, "indicator", "read", place, field="region")
            query = select(models.IndicatorBaseline).where(models.IndicatorBaseline.region_id == place.id)
            if indicator is not None:
                query = query.where(models.IndicatorBaseline.indicator == indicator)
            rows = (await info.context.session.exec(
                query.order_by(col(models.IndicatorBaseline.indicator), col(models.IndicatorBaseline.year)))).all()
        return [IndicatorBaseline.of(row, place.path) for row in rows]


@strawberry.type
class BaselineMutation:
    @strawberry.mutation(description="Set (or correct) an indicator's value over a region's subtree at the end of a "
                                     "past year, with its source (indicator:update at the region); audited.")
    async def set_baseline(self, info: Info, region: str, indicator: str, year: int, value: str,
                           source: str) -> Payload[IndicatorBaseline]:
        path = region.strip().strip("/")
        return await mutate(
            info,
            lambda: service.set_baseline(info.context.session, info.context.who, info.context.platform.registry,
                                         region=region, indicator=indicator, year=year, value=value, source=source),
            lambda row: IndicatorBaseline.of(row, path),
        )
