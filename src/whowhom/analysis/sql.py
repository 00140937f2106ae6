"""Small helpers for writing the analysis queries as DuckDB SQL text.

Values from the analyst's files are inlined as escaped literals (single quotes doubled,
the SQL standard, which DuckDB follows); dates are validated ``datetime.date`` values
before they get here. Inlining keeps the many ``UNION ALL`` branches readable and free of
positional-parameter bookkeeping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

#: Events with no certainty or reliability recorded (older stores) are not discounted.
CERTAINTY = "coalesce(certainty, 1.0)"
RELIABILITY = "coalesce(reliability, 1.0)"


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def date_lit(value: dt.date) -> str:
    return f"DATE {lit(value.isoformat())}"


def any_prefix(column: str, prefixes: Iterable[str]) -> str:
    """``column`` starts with any of ``prefixes`` (false when there are none or it is NULL)."""
    parts = [f"starts_with({column}, {lit(p)})" for p in prefixes]
    if not parts:
        return "FALSE"
    return "coalesce(" + " OR ".join(parts) + ", FALSE)"


ID_PREFIX = "id:"


def actor_ref(value: str) -> str:
    """An actor reference as written: a code prefix (upper-cased) or ``id:NAME``, a
    dictionary actor id (lower-cased), which tells apart actors sharing a code."""
    v = value.strip()
    if v.lower().startswith(ID_PREFIX):
        return ID_PREFIX + v[len(ID_PREFIX) :].strip().lower()
    return v.upper()


def actor_condition(side: str, ref: str) -> str:
    """``side`` ('source' or 'target') is the actor ``ref`` names."""
    if ref.startswith(ID_PREFIX):
        return f"{side}_actor_id = {lit(ref[len(ID_PREFIX) :])}"
    return f"starts_with({side}_code, {lit(ref)})"


def any_actor(side: str, refs: Iterable[str]) -> str:
    """``side`` is any of the actors ``refs`` name (false when there are none)."""
    parts = [actor_condition(side, r) for r in refs]
    if not parts:
        return "FALSE"
    return "coalesce(" + " OR ".join(parts) + ", FALSE)"


def any_contains(column: str, needles: Iterable[str]) -> str:
    """``column`` contains any of ``needles``, case-insensitively."""
    parts = [f"contains(lower({column}), {lit(n.lower())})" for n in needles]
    if not parts:
        return "FALSE"
    return "coalesce(" + " OR ".join(parts) + ", FALSE)"


def date_range(column: str, since: dt.date | None, until: dt.date | None) -> list[str]:
    """Clauses bounding ``column`` (inclusive); none when both bounds are open."""
    clauses = []
    if since is not None:
        clauses.append(f"{column} >= {date_lit(since)}")
    if until is not None:
        clauses.append(f"{column} <= {date_lit(until)}")
    return clauses


def conjunction(clauses: Iterable[str]) -> str:
    parts = [f"({c})" for c in clauses]
    return " AND ".join(parts) if parts else "TRUE"
