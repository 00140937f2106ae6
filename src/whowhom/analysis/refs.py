"""The events behind a number: references that lead back to sentences and offsets.

Every stance, pair, edge and evidence row carries ``EvidenceRef`` items: the event, the
sentence it was coded from, and the character offsets of the trigger and the actors in
the document, so a report can show the sentence with them highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    reaches Python."""
    if limit is not None and limit <= 0:
        return {}
    keys = ", ".join(f"k.{c}" for c in key_columns)
    cols = ", ".join(f"e.{c}" for c in REF_COLUMNS)
    order_by = f"{order}, k.event_id"
    # choose the strongest per key first, then fetch only those from ``events``
    if limit is None:
        chosen = keyed_sql
    elif order == _STRONGEST:
        # a top-N aggregate (one pass, a small heap per key) rather than a window over every row
        plain = ", ".join(key_columns)
        chosen = (
            f"SELECT {plain}, unnest(min_by("
            "{'event_id': event_id, 'direction': direction, 'weight': weight}, "
            f"{{'w': -abs(weight), 'id': event_id}}, {int(limit)}), recursive := true) "
            f"FROM ({keyed_sql}) GROUP BY {plain}"
        )
    else:
        chosen = (
            f"SELECT * FROM ({keyed_sql}) k "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {order_by}) <= {int(limit)}"
        )
    sql = (
        f"SELECT {keys}, k.direction, k.weight, {cols} FROM ({chosen}) k "
        f"JOIN events e ON e.event_id = k.event_id ORDER BY {keys}, {order_by}"
    )
    out: dict[tuple[Any, ...], list[EvidenceRef]] = {}
    nk = len(key_columns)
    for row in store.fetchall(sql):
        key = tuple(row[:nk])
        out.setdefault(key, []).append(_ref(row[nk + 2 :], row[nk], row[nk + 1]))
    return out
