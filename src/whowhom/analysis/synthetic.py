"""Synthetic stored events, for tests with known answers and for the benchmark.

``insert_events`` writes a handful of hand-described events (any column not given gets a
plain default). ``generate_events`` fills a store with millions of random events in one
DuckDB statement (``range()`` and ``random()``), never a Python loop per event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from whowhom.analysis.sql import lit
from whowhom.store import EVENT_COLUMNS

#: CAMEO codes with their Goldstein values, cooperative and conflictual, for generated data.
CODES: tuple[tuple[str, float], ...] = (
    ("010", 0.0),
    ("036", 4.0),
    ("042", 1.9),
    ("051", 3.4),
    ("057", 8.0),
    ("061", 6.4),
    ("071", 7.4),
    ("111", -2.0),
    ("112", -2.0),
    ("130", -4.4),
    ("163", -8.0),
    ("173", -5.0),
    ("190", -10.0),
    ("195", -10.0),
)

_DEFAULTS: dict[str, Any] = {
    "doc_id": "synthetic",
    "sentence": 0,
    "polarity": "asserted",
    "modality": "factual",
    "certainty": 1.0,
    "reliability": 1.0,
    "attribution": "[]",
    "event_label": None,
    "event_start": 0,
    "event_end": 1,
    "evidence_start": 0,
}


def event_row(event_id: str, **fields: Any) -> dict[str, Any]:
    """A flat events row: ``fields`` over the defaults; ``event_root`` from ``event_code``."""
    row: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
    row.update(_DEFAULTS)
    row["event_id"] = event_id
    row.update(fields)
    if row.get("event_code") and not fields.get("event_root"):
        row["event_root"] = str(row["event_code"])[:2]
    if isinstance(row.get("date"), str):
        row["date"] = dt.date.fromisoformat(row["date"])
    if row.get("evidence_text") is None:
        row["evidence_text"] = (
            f"{row.get('source_code')} {row.get('event_code')} {row.get('target_code')} ({event_id})"
        )
    row["evidence_end"] = len(row["evidence_text"])
    return row


def insert_events(con: duckdb.DuckDBPyConnection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert events given as ``event_row`` dicts (or anything with the same keys)."""
    full = [event_row(**dict(r)) for r in rows]
    if not full:
        return 0
    table = pa.Table.from_pylist([{c: r.get(c) for c in EVENT_COLUMNS} for r in full])
    con.register("_synthetic_events", table)
    cols = ", ".join(EVENT_COLUMNS)
    con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM _synthetic_events")
    con.unregister("_synthetic_events")
    return len(full)


def _pick(values: Sequence[str], seed_expr: str) -> str:
    """SQL choosing one of ``values`` by an integer expression."""
    arr = "[" + ", ".join(lit(v) for v in values) + "]"
    return f"{arr}[1 + ({seed_expr}) % {len(values)}]"


def generate_events(
    con: duckdb.DuckDBPyConnection,
    n: int,
    *,
    actors: Sequence[str],
    locations: Sequence[str] = ("Basra", "Sadr City", "Najaf", "Baghdad", "Kirkuk"),
    start: dt.date = dt.date(2008, 1, 1),
    days: int = 365,
    seed: float = 0.42,
) -> None:
    """Insert ``n`` random events among ``actors`` (codes) in one SQL statement; each has a
    sentence of its own (no two are copies of one report, ``sql.REPORTS``)."""
    codes = "[" + ", ".join(f"{{'c': {lit(c)}, 'g': {g}}}" for c, g in CODES) + "]"
    certainties = "[0.2, 0.3, 0.5, 0.65, 0.75, 0.9]"
    reliabilities = "[0.4, 0.5, 0.6, 0.7, 0.85]"
    con.execute(f"SELECT setseed({float(seed)})")
    con.execute(
        f"""
        INSERT INTO events (event_id, doc_id, sentence, date, source_code, source_text, target_code,
            target_text, event_code, event_root, event_goldstein, polarity, modality, certainty,
            reliability, attribution, location_name, evidence_text, evidence_start, evidence_end)
        SELECT 'e' || i, 'd' || (i // 8), (i % 8)::INTEGER,
            DATE '{start.isoformat()}' + CAST(floor(random() * {int(days)}) AS INTEGER),
            src, src, tgt, tgt, code.c, left(code.c, 2), code.g,
            CASE WHEN random() < 0.05 THEN 'negated' ELSE 'asserted' END, 'factual',
            {certainties}[1 + CAST(floor(random() * 6) AS INTEGER)],
            {reliabilities}[1 + CAST(floor(random() * 5) AS INTEGER)],
            '[]', loc, src || ' ' || code.c || ' ' || tgt || ' in ' || loc || ' #' || i, 0, 40
        FROM (
            SELECT i,
                {_pick(actors, "CAST(floor(random() * 1000000) AS BIGINT)")} AS src,
                {_pick(actors, "CAST(floor(random() * 1000000) AS BIGINT)")} AS tgt,
                {codes}[1 + CAST(floor(random() * {len(CODES)}) AS INTEGER)] AS code,
                {_pick(locations, "CAST(floor(random() * 1000000) AS BIGINT)")} AS loc
            FROM range({int(n)}) t(i)
        )
        """
    )
