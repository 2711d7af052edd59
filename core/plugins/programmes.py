"""Credit programmes: the time bank (时间银行, minutes of service) and points programmes (积分), and the
conversions between programmes a plugin's document allows (e.g. recognition across programmes at a rate).

The core declares its own two programmes (:mod:`core.plugins.core_plugin`): ``time_bank`` (minutes,
deposited from service records) and ``volunteer_points`` (points, earned from service records at a
rate and awarded). A plugin declares its own programmes (``register_programmes``) and the conversions
between any two programmes it knows (``register_conversions``): each conversion names a decimal
setting of the plugin that gives its rate, and may name a bool setting that switches it on; both
are the tenant's to change (``setSetting``), so a rate is never written in code.
"""

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from core.plugins.declarations import KEY_PATTERN, Declaration

Unit = Literal["minute", "point"]

TIME_BANK = "time_bank"
"""The core's time bank: minutes of service, deposited from service records."""
VOLUNTEER_POINTS = "volunteer_points"
"""The core's volunteer points: earned from service records, awarded, exchanged."""


class ProgrammeDecl(Declaration):
    """A programme volunteers hold an account in: its key, zh-CN label, unit and source.

    ``earn_per_hour`` is how many points an hour of recorded service earns (a point programme only;
    ``None``: the programme earns nothing from service records, only awards and conversions);
    ``earn_setting`` names a decimal setting of the same plugin that overrides it per tenant."""

    key: str = Field(pattern=KEY_PATTERN, max_length=40)
    label: str = Field(min_length=1, max_length=100)
    unit: Unit
    earn_per_hour: Decimal | None = Field(default=None, ge=0)
    earn_setting: str | None = None
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _earning(self) -> "ProgrammeDecl":
        if self.unit == "minute" and (self.earn_per_hour is not None or self.earn_setting is not None):
            raise ValueError("a minute programme holds the minutes served themselves: no earn_per_hour or earn_setting")
        if self.earn_setting is not None and self.earn_per_hour is None:
            raise ValueError("earn_setting overrides earn_per_hour: give earn_per_hour as well")
        return self


class ConversionDecl(Declaration):
    """Credits of one programme converted into another (``source`` → ``target``), at the rate the
    decimal setting ``rate_setting`` gives: units of the target per unit of the source, where a minute
    programme counts in hours (a rate of 10 from ``time_bank`` to a point programme: 10 points an hour).
    With ``enabled_setting`` (a bool setting), it applies only while that setting is on."""

    source: str = Field(pattern=KEY_PATTERN, max_length=40)
    target: str = Field(pattern=KEY_PATTERN, max_length=40)
    rate_setting: str = Field(pattern=KEY_PATTERN, max_length=64)
    enabled_setting: str | None = Field(default=None, pattern=KEY_PATTERN, max_length=64)
    label: str = Field(min_length=1, max_length=200)
    source_clause: str = Field(min_length=1, description="the document and clause that allow it")

    @model_validator(mode="after")
    def _two_programmes(self) -> "ConversionDecl":
        if self.source == self.target:
            raise ValueError("a conversion needs two different programmes")
        return self


def per_unit(unit: str) -> int:
    """How many stored units make one counted unit: an hour is 60 minutes; a point is a point."""
    return 60 if unit == "minute" else 1
