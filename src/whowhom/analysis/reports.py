"""The reports behind the events, found once for an analysis that reads them several ways.

``sql.REPORTS`` is one query: it groups whole events by their report key, which over millions
of events carries every column through the grouping. ``held_reports`` finds the copies on a
narrow reading instead (``sql.COPIES``, usually few rows), keeps them in a temporary table for
the ``with`` block, and gives a query with the same rows as ``REPORTS``: the events that stand
for their reports, read straight from ``events``. ``shared_reports`` finds them once for several
analyses that each ask ``held_reports`` (``assess``: one per evidence item).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from whowhom.analysis.sql import copies_sql, reports_sql
from whowhom.store import Store

_counter = itertools.count()
#: Per store (by ``id``): the copies tables ``shared_reports`` holds, each with the conditions
#: it was found for.
_shared: dict[int, list[tuple[str | None, frozenset[str]]]] = {}


@contextmanager
def held_reports(store: Store, within: str = "TRUE") -> Iterator[str]:
    """A query (in parentheses) with the rows of ``sql.REPORTS``, valid in the ``with`` block.
    ``within``: only the reports meeting this condition on the events, which copies of one
    report must all meet or all fail (``sql.copies_sql``); a query that will keep only such
    events anyway spares reading the others for copies."""
    for table, scopes in reversed(_shared.get(id(store), [])):
        if within in scopes or "TRUE" in scopes:
            yield reports_sql(table, within)
            return
    name = f"_ww_copies_{next(_counter)}"
    store.temp_table(name, f"SELECT * FROM {copies_sql(within)}")
    try:
        row = store.fetchone(f"SELECT count(*) FROM {name}")
        yield reports_sql(name if row and row[0] else None, within)
    finally:
        store.drop_temp_table(name)


@contextmanager
def shared_reports(store: Store, scopes: Iterable[str]) -> Iterator[None]:
    """In the ``with`` block, ``held_reports(store, within)`` for any ``within`` among
    ``scopes`` (the same text) uses copies found once, for all of them together, instead of
    reading the events for copies again. Each scope must be one ``held_reports`` accepts;
    the copies of their union, restricted to one of them, are that one's copies, since a
    report's copies all meet a scope or all fail it."""
    wanted = frozenset(scopes)
    if not wanted:
        yield
        return
    within = "TRUE" if "TRUE" in wanted else " OR ".join(f"({s})" for s in sorted(wanted))
    name = f"_ww_copies_{next(_counter)}"
    store.temp_table(name, f"SELECT * FROM {copies_sql(within)}")
    held = _shared.setdefault(id(store), [])
    try:
        row = store.fetchone(f"SELECT count(*) FROM {name}")
        held.append((name if row and row[0] else None, wanted))
        yield
    finally:
        if held and held[-1][1] is wanted:
            held.pop()
        if not held:
            _shared.pop(id(store), None)
        store.drop_temp_table(name)
