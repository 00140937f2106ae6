"""Tone: whether an event is cooperative, conflictual or other (negated, or Goldstein 0).

One rule, in two forms that must agree: SQL for counting in DuckDB, Python for one event.
"""

from __future__ import annotations

TONES = ("cooperative", "conflictual", "other")

TONE_SQL = (
    "CASE WHEN polarity = 'negated' OR coalesce(event_goldstein, 0) = 0 THEN 'other' "
    "WHEN event_goldstein > 0 THEN 'cooperative' ELSE 'conflictual' END"
)


def tone(polarity: str | None, goldstein: float | None) -> str:
    """The tone of one event (the same rule as ``TONE_SQL``)."""
    if polarity == "negated" or not goldstein:
        return "other"
    return "cooperative" if goldstein > 0 else "conflictual"
