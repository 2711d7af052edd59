"""河北省的设置：冀民〔2021〕79号 三（三）.

“推进志愿服务‘时间银行’实践，探索与公益慈善活动积分互认互通互兑”: the opinion directs every
place to work towards volunteer time-bank points being recognised, interoperable and exchangeable
with those of charity activities, so the Hebei tenant has it on by default. The document says
“探索” (explore): a place where it is not (yet) in use switches it off.
"""

from decimal import Decimal

from core import SettingDecl

DOCUMENT = "冀民〔2021〕79号"
CLAUSE = f"{DOCUMENT} 三（三）“推进志愿服务‘时间银行’实践，探索与公益慈善活动积分互认互通互兑”"

CROSS_RECOGNITION = "time_bank_points_cross_recognition"
CHARITY_PER_VOLUNTEER_POINT = "charity_points_per_volunteer_point"
VOLUNTEER_PER_CHARITY_POINT = "volunteer_points_per_charity_point"
CHARITY_PER_SERVICE_HOUR = "charity_points_per_service_hour"


def declarations() -> list[SettingDecl]:
    return [
        SettingDecl(
            key=CROSS_RECOGNITION,
            label="志愿服务“时间银行”积分与公益慈善活动积分互认互通互兑",
            kind="bool",
            default=True,
            description=(
                "开启时，志愿服务“时间银行”积分与公益慈善活动积分相互认可、互通、互兑；"
                "文件要求“探索”，尚未开展的地方可以关闭"
            ),
            source=CLAUSE,
        ),
        # The rates of 互认互通互兑 (programmes.py): the opinion sets none, so they are the tenant's
        # to set; one for one until a place decides otherwise.
        SettingDecl(
            key=CHARITY_PER_VOLUNTEER_POINT,
            label="1个志愿服务积分折合的公益慈善活动积分",
            kind="decimal",
            default=Decimal(1),
            description="志愿服务积分兑入公益慈善活动积分的比率（向下取整）",
            source=CLAUSE,
        ),
        SettingDecl(
            key=VOLUNTEER_PER_CHARITY_POINT,
            label="1个公益慈善活动积分折合的志愿服务积分",
            kind="decimal",
            default=Decimal(1),
            description="公益慈善活动积分兑入志愿服务积分的比率（向下取整）",
            source=CLAUSE,
        ),
        SettingDecl(
            key=CHARITY_PER_SERVICE_HOUR,
            label="“时间银行”1小时折合的公益慈善活动积分",
            kind="decimal",
            default=Decimal(1),
            description="志愿服务“时间银行”存储的服务时间兑入公益慈善活动积分的比率（每小时，向下取整）",
            source=CLAUSE,
        ),
    ]
