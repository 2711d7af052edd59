"""河北省的设置：冀民〔2021〕79号 三（三）.

“推进志愿服务‘时间银行’实践，探索与公益慈善活动积分互认互通互兑”: the opinion directs every
place to work towards volunteer time-bank points being recognised, interoperable and exchangeable
with those of charity activities, so the Hebei tenant has it on by default. The document says
“探索” (explore): a place where it is not (yet) in use switches it off.
"""

from core import SettingDecl

DOCUMENT = "冀民〔2021〕79号"


def declarations() -> list[SettingDecl]:
    return [
        SettingDecl(
            key="time_bank_points_cross_recognition",
            label="志愿服务“时间银行”积分与公益慈善活动积分互认互通互兑",
            kind="bool",
            default=True,
            description=(
                "开启时，志愿服务“时间银行”积分与公益慈善活动积分相互认可、互通、互兑；"
                "文件要求“探索”，尚未开展的地方可以关闭"
            ),
            source=f"{DOCUMENT} 三（三）“推进志愿服务‘时间银行’实践，探索与公益慈善活动积分互认互通互兑”",
        ),
    ]
