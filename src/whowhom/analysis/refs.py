"""The events behind a number: references that lead back to sentences and offsets.

Every stance, pair, edge and evidence row carries ``EvidenceRef`` items: the event, the
sentence it was coded from, and the character offsets of the trigger and the actors in
the document, so a report can show the sentence with them highlighted.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from whowhom.store import Store

#: Columns of ``events`` a reference carries, in order.
REF_COLUMNS = (
    "event_id",
    "doc_id",
    "sentence",
    "date",
    "source_code",
    "source_text",
    "source_start",
    "source_end",
    "target_code",
    "target_text",
    "target_start",
    "target_end",
    "event_code",
    "event_label",
    "event_goldstein",
    "event_trigger",
    "event_start",
    "event_end",
    "polarity",
    "modality",
    "certainty",
    "reliability",
    "location_name",
    "evidence_text",
    "evidence_start",
    "evidence_end",
)


@dataclass(frozen=True)
class EvidenceRef:
    """One event behind a result, with the sentence it came from."""

    event_id: str
    doc_id: str
    sentence: int | None
    date: str | None
    source_code: str | None
    source_text: str | None
    source_start: int | None
    source_end: int | None
    target_code: str | None
    target_text: str | None
    target_start: int | None
    target_end: int | None
    event_code: str | None
    event_label: str | None
    event_goldstein: float | None
    event_trigger: str | None
    event_start: int | None
    event_end: int | None
    polarity: str | None
    modality: str | None
    certainty: float | None
    reliability: float | None
    location_name: str | None
    evidence_text: str | None
    evidence_start: int | None
    evidence_end: int | None
    direction: int | None = None  # +1 supports / -1 opposes (stances), sign of the tie (edges)
    weight: float | None = None  # what the event counted for

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def short(self) -> str:
        """``2008-03-31 IRNGOV 111 USA: “sentence”`` for tables."""
        neg = "NOT " if self.polarity == "negated" else ""
        who, whom = self.source_code or "—", self.target_code or "—"
        head = f"{self.date or '?'} {who} {neg}{self.event_code or ''} {whom}"
        return f"{head}: “{(self.evidence_text or '').strip()}”"


def _ref(row: Sequence[Any], direction: Any, weight: Any) -> EvidenceRef:
    values = list(row)
    values[3] = str(values[3]) if values[3] is not None else None
    values.append(int(direction) if direction is not None else None)
    values.append(round(float(weight), 6) if weight is not None else None)
    return EvidenceRef(*values)


#: The default order of references: strongest (largest absolute weight) first.
_STRONGEST = "abs(k.weight) DESC"
_counter = itertools.count()


def _chosen_sql(keyed_sql: str, key_columns: Sequence[str], limit: int | None, order: str) -> str:
    """The rows of ``keyed_sql`` to show: at most ``limit`` per key, in ``order`` (ties by id)."""
    if limit is None:
        return keyed_sql
    if order == _STRONGEST:
        plain = ", ".join(key_columns)
        return strongest_sql(keyed_sql, plain, plain, limit)
    keys = ", ".join(f"k.{c}" for c in key_columns)
    return (
        f"SELECT * FROM ({keyed_sql}) k "
        f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {order}, k.event_id) <= {int(limit)}"
    )


def strongest_sql(keyed_sql: str, keys: str, group_by: str, limit: int) -> str:
    """The ``limit`` strongest rows of ``keyed_sql`` (largest absolute weight first, ties by
    event id) per group of ``GROUP BY {group_by}``, as ``keys`` (the select list of the key
    columns), ``event_id``, ``direction``, ``weight``. A top-N aggregate: one pass with a
    small heap per group rather than a window over every row; ``group_by`` may be grouping
    sets, to choose for several kinds of key in that one pass."""
    return (
        f"SELECT {keys}, unnest(min_by("
        "{'event_id': event_id, 'direction': direction, 'weight': weight}, "
        f"{{'w': -abs(weight), 'id': event_id}}, {int(limit)}), recursive := true) "
        f"FROM ({keyed_sql}) GROUP BY {group_by}"
    )


@dataclass
class _Request:
    keyed_sql: str
    key_columns: tuple[str, ...]
    limit: int | None
    order: str
    done: Callable[[dict[tuple[Any, ...], list[EvidenceRef]]], None] | None
    chosen: bool = False  # ``keyed_sql`` gives the rows to show already


class RefBatch:
    """References for several results, fetched together.

    Each request's rows to show are chosen in DuckDB (as ``fetch_refs`` does); then the
    events behind all of them are read from ``events`` in one pass. Reading a reference's
    columns means scanning the wide events table, so one scan for a whole ``align`` (stances,
    windows, ties) instead of one per request is what keeps millions of events quick.
    Queries a request names must still exist when ``run`` is called.
    """

    def __init__(self) -> None:
        self._requests: list[_Request] = []

    def add(
        self,
        keyed_sql: str,
        key_columns: Sequence[str],
        *,
        limit: int | None,
        order: str = _STRONGEST,
        done: Callable[[dict[tuple[Any, ...], list[EvidenceRef]]], None] | None = None,
    ) -> int:
        """Ask for references (arguments as ``fetch_refs``); ``done`` gets them when the batch
        runs. Returns the request's position in ``run``'s result."""
        self._requests.append(_Request(keyed_sql, tuple(key_columns), limit, order, done))
        return len(self._requests) - 1

    def add_chosen(
        self,
        chosen_sql: str,
        key_columns: Sequence[str],
        *,
        done: Callable[[dict[tuple[Any, ...], list[EvidenceRef]]], None] | None = None,
    ) -> int:
        """Ask for references to rows chosen already (``key_columns``, ``event_id``,
        ``direction``, ``weight``; e.g. by ``strongest_sql``), listed strongest first."""
        self._requests.append(_Request(chosen_sql, tuple(key_columns), None, _STRONGEST, done, chosen=True))
        return len(self._requests) - 1

    def run(self, store: Store) -> list[dict[tuple[Any, ...], list[EvidenceRef]]]:
        """Fetch every request's references (each: key → references, strongest first)."""
        requests, self._requests = self._requests, []
        results: list[dict[tuple[Any, ...], list[EvidenceRef]]] = [{} for _ in requests]
        live = [i for i, r in enumerate(requests) if r.limit is None or r.limit > 0]
        tables: list[str] = []
        try:
            for i in live:
                r = requests[i]
                tables.append(f"_ww_refs_{next(_counter)}")
                chosen = (
                    r.keyed_sql if r.chosen else _chosen_sql(r.keyed_sql, r.key_columns, r.limit, r.order)
                )
                store.temp_table(tables[-1], chosen)
            if live:
                rows = f"_ww_refrows_{next(_counter)}"
                ids = " UNION ".join(f"SELECT event_id FROM {t}" for t in tables)
                cols = ", ".join(REF_COLUMNS)
                tables.append(rows)
                store.temp_table(rows, f"SELECT {cols} FROM events WHERE event_id IN ({ids})")
                for i, table in zip(live, tables, strict=False):
                    results[i] = _fetch(store, table, rows, requests[i])
        finally:
            for t in tables:
                store.drop_temp_table(t)
        for r, found in zip(requests, results, strict=True):
            if r.done is not None:
                r.done(found)
        return results


def _fetch(store: Store, chosen: str, rows: str, r: _Request) -> dict[tuple[Any, ...], list[EvidenceRef]]:
    keys = ", ".join(f"k.{c}" for c in r.key_columns)
    cols = ", ".join(f"e.{c}" for c in REF_COLUMNS)
    sql = (
        f"SELECT {keys}, k.direction, k.weight, {cols} FROM {chosen} k "
        f"JOIN {rows} e ON e.event_id = k.event_id ORDER BY {keys}, {r.order}, k.event_id"
    )
    out: dict[tuple[Any, ...], list[EvidenceRef]] = {}
    nk = len(r.key_columns)
    for row in store.fetchall(sql):
        key = tuple(row[:nk])
        out.setdefault(key, []).append(_ref(row[nk + 2 :], row[nk], row[nk + 1]))
    return out


def fetch_refs(
    store: Store,
    keyed_sql: str,
    key_columns: Sequence[str],
    *,
    limit: int | None,
    order: str = _STRONGEST,
) -> dict[tuple[Any, ...], list[EvidenceRef]]:
    """References for each key of ``keyed_sql`` (a query giving ``key_columns``,
    ``event_id``, ``direction`` and ``weight``), at most ``limit`` per key (``None``: all),
    strongest first (ties by event id). The cut is made in DuckDB, so only what is shown
    reaches Python. Several at once: ``RefBatch``."""
    if limit is not None and limit <= 0:
        return {}
    batch = RefBatch()
    batch.add(keyed_sql, key_columns, limit=limit, order=order)
    return batch.run(store)[0]
