"""Resolving the dates news writes relative to its own date ("on Saturday", "three days ago").

Only expressions that name a day are resolved (a weekday, yesterday/today/tomorrow, "N days
ago", "last week", a day of a month); anything vaguer ("in recent years") leaves the event
on the document date. Weekdays are read as the most recent such day on or before the
document date, news' usual sense, unless the verb is in the future tense.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAMES_A_DAY = re.compile(
    r"\b(" + "|".join(WEEKDAYS) + r"|yesterday|today|tomorrow|tonight|ago|last week|next week"
    r"|(?:" + "|".join(_MONTHS) + r")[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:" + "|".join(_MONTHS) + r"))",
    re.IGNORECASE,
)
_SETTINGS_PAST = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
_SETTINGS_FUTURE = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


def _weekday(text: str, anchor: dt.date, future: bool) -> dt.date | None:
    words = set(re.findall(r"[a-z]+", text.lower()))
    for n, name in enumerate(WEEKDAYS):
        if name in words:
            delta = (anchor.weekday() - n) % 7
            if "last" in words:
                return anchor - dt.timedelta(days=delta or 7)
            if future or "next" in words:
                return anchor + dt.timedelta(days=(n - anchor.weekday()) % 7 or 7)
            return anchor - dt.timedelta(days=delta)
    return None


@lru_cache(maxsize=4096)
def resolve_date(text: str, anchor: str | None, *, future: bool = False) -> str | None:
    """The ISO date ``text`` names, read against the document date ``anchor`` (ISO)."""
    if not anchor or not _NAMES_A_DAY.search(text):
        return None
    try:
        base = dt.date.fromisoformat(anchor)
    except ValueError:
        return None
    day = _weekday(text, base, future)
    if day is None:
        settings = dict(_SETTINGS_FUTURE if future else _SETTINGS_PAST)
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day, 12)
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        if parsed is None:
            return None
        day = parsed.date()
    return day.isoformat()


_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@lru_cache(maxsize=4096)
def absolute_date(text: str) -> str | None:
    """The ISO date ``text`` names in full (day, month and year: "March 3, 2025"), else None.
    For undated documents, whose events have no anchor for relative dates."""
    if not _HAS_YEAR.search(text) or not _NAMES_A_DAY.search(text):
        return None
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None
