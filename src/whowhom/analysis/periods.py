"""Events of a period, and their counts per day by tone (what the report's timeline shows)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whowhom.analysis.refs import REF_COLUMNS, EvidenceRef
from whowhom.analysis.sql import conjunction, date_range
from whowhom.analysis.tone import TONE_SQL
from whowhom.store import Store


@dataclass(slots=True)
class PeriodEvents:
    """How many events a period holds, its first and last dates, and its earliest events."""

    total: int
    undated: int
    first: dt.date | None
    last: dt.date | None
    events: list[EvidenceRef]


def _ref(row: Sequence[Any]) -> EvidenceRef:
    """A reference from a row of ``REF_COLUMNS`` (the date as text, as the analysis gives it)."""
    values = dict(zip(REF_COLUMNS, row, strict=True))
    values["date"] = str(values["date"]) if values["date"] is not None else None
    return EvidenceRef(**values)


def period_events(store: Store, *, since: dt.date | None, until: dt.date | None, limit: int) -> PeriodEvents:
    """The period's events, earliest first (at most ``limit``; undated ones last, and only when
    no bound is given, since an undated event lies in no period)."""
    where = conjunction(date_range("date", since, until))
    counts = "count(*), count(*) FILTER (WHERE date IS NULL), min(date), max(date)"
    row = store.fetchone(f"SELECT {counts} FROM events WHERE {where}")
    total, undated, first, last = (int(row[0]), int(row[1]), row[2], row[3]) if row else (0, 0, None, None)
    cols = ", ".join(REF_COLUMNS)
    rows = store.fetchall(
        f"SELECT {cols} FROM events WHERE {where} "
        f"ORDER BY date NULLS LAST, doc_id, sentence, event_start, event_id LIMIT {int(limit)}"
    )
    return PeriodEvents(total, undated, first, last, [_ref(r) for r in rows])


def tone_counts(
    store: Store, *, since: dt.date | None, until: dt.date | None
) -> dict[dt.date, dict[str, int]]:
    """Per day of the period, how many events of each tone (``analysis.tone``)."""
    where = conjunction(date_range("date", since, until))
    rows = store.fetchall(
        f"SELECT date, {TONE_SQL} AS tone, count(*) FROM events WHERE {where} AND date IS NOT NULL "
        "GROUP BY ALL ORDER BY ALL"
    )
    out: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, tone, n in rows:
        out[day][tone] += int(n)
    return out
