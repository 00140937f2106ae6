"""The reports behind the events, found once for an analysis that reads them several ways.

``sql.REPORTS`` is one query: it groups whole events by their report key, which over millions
of events carries every column through the grouping. ``held_reports`` finds the copies on a
narrow reading instead (``sql.COPIES``, usually few rows), keeps them in a temporary table for
the ``with`` block, and gives a query with the same rows as ``REPORTS``: the events that stand
for their reports, read straight from ``events``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from whowhom.analysis.sql import copies_sql, reports_sql
from whowhom.store import Store

_counter = itertools.count()


@contextmanager
def held_reports(store: Store, within: str = "TRUE") -> Iterator[str]:
    """A query (in parentheses) with the rows of ``sql.REPORTS``, valid in the ``with`` block.
    ``within``: only the reports meeting this condition on the events, which copies of one
    report must all meet or all fail (``sql.copies_sql``); a query that will keep only such
    events anyway spares reading the others for copies."""
    name = f"_ww_copies_{next(_counter)}"
    store.temp_table(name, f"SELECT * FROM {copies_sql(within)}")
    try:
        row = store.fetchone(f"SELECT count(*) FROM {name}")
        yield reports_sql(name if row and row[0] else None, within)
    finally:
        store.drop_temp_table(name)
