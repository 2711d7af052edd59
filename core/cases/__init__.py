"""Cases: the documents' procedures run as the state machines plugins declare.

:class:`Engine` takes steps (:meth:`Engine.transition`); a guard or an effect receives a
:class:`CaseContext`; :mod:`.visibility` says who sees a case and its events; :mod:`.queue` builds
work queues and overdue lists; :mod:`.calendar` counts working days.
"""

from core.cases.calendar import WorkingCalendar
from core.cases.context import CaseContext
from core.cases.engine import Engine

__all__ = ["CaseContext", "Engine", "WorkingCalendar"]
