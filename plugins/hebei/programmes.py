"""河北省的积分互认互通互兑：冀民〔2021〕79号 三（三）“推进志愿服务‘时间银行’实践，探索与公益慈善活动积分
互认互通互兑”.

Beside the core's time bank and volunteer points, the charity activities' points (公益慈善活动积分, e.g.
those of a 爱心超市 or a community foundation's activities, 三（二）) are a programme of their own; the
volunteer points and the charity points are recognised in both directions, and time-bank hours are
recognised as charity points, each at the rate of a tenant setting (settings.py), while the
cross-recognition setting is on.
"""

from core import ConversionDecl, ProgrammeDecl

from .settings import (
    CHARITY_PER_SERVICE_HOUR,
    CHARITY_PER_VOLUNTEER_POINT,
    CLAUSE,
    CROSS_RECOGNITION,
    VOLUNTEER_PER_CHARITY_POINT,
)

CHARITY_POINTS = "charity_points"
TIME_BANK = "time_bank"
"""the core's programmes (core.plugins.core_plugin)"""
VOLUNTEER_POINTS = "volunteer_points"


def programmes() -> list[ProgrammeDecl]:
    return [ProgrammeDecl(key=CHARITY_POINTS, label="公益慈善活动积分", unit="point", source=CLAUSE)]


def conversions() -> list[ConversionDecl]:
    pairs = (
        (VOLUNTEER_POINTS, CHARITY_POINTS, CHARITY_PER_VOLUNTEER_POINT, "志愿服务积分兑入公益慈善活动积分"),
        (CHARITY_POINTS, VOLUNTEER_POINTS, VOLUNTEER_PER_CHARITY_POINT, "公益慈善活动积分兑入志愿服务积分"),
        (TIME_BANK, CHARITY_POINTS, CHARITY_PER_SERVICE_HOUR, "“时间银行”服务时间兑入公益慈善活动积分"),
    )
    return [ConversionDecl(source=source, target=target, rate_setting=rate, enabled_setting=CROSS_RECOGNITION,
                           label=label, source_clause=CLAUSE) for source, target, rate, label in pairs]
