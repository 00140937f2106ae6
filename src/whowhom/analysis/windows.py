"""Time windows for rolling analyses (``--window 30d``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from whowhom.errors import Errors, WhowhomError

_DURATION = re.compile(r"^\s*([0-9]{1,9})\s*([dw]?)\s*$", re.IGNORECASE)
MAX_WINDOW_DAYS = 36_500
"""The longest window (100 years): longer ones overflow date arithmetic and mean nothing."""


def parse_duration(value: str) -> int:
    """Days in ``30d``, ``4w`` or a bare ``30``, from 1 to ``MAX_WINDOW_DAYS``."""
    m = _DURATION.match(value or "")
    days = int(m.group(1)) * (7 if m.group(2).lower() == "w" else 1) if m else 0
    if not 0 < days <= MAX_WINDOW_DAYS:
        raise WhowhomError(Errors.E706.format(value=value, limit=MAX_WINDOW_DAYS))
    return days


@dataclass(frozen=True)
class Window:
    """Days ``start`` to ``end`` inclusive; ``index`` counts windows from the origin."""

    index: int
    start: dt.date
    end: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start.isoformat(), "end": self.end.isoformat()}

    def label(self) -> str:
        return f"{self.start.isoformat()}…{self.end.isoformat()}"


def window_of(index: int, origin: dt.date, days: int) -> Window:
    start = origin + dt.timedelta(days=index * days)
    return Window(index, start, start + dt.timedelta(days=days - 1))


def index_sql(origin: dt.date, days: int, column: str = "date") -> str:
    """SQL for the window index of ``column``: consecutive windows of ``days`` from ``origin``."""
    return f"CAST(floor(datediff('day', DATE '{origin.isoformat()}', {column}) / {int(days)}) AS INTEGER)"
