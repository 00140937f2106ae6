"""Small helpers for writing the analysis queries as DuckDB SQL text.

Values from the analyst's files are inlined as escaped literals (single quotes doubled,
the SQL standard, which DuckDB follows); dates are validated ``datetime.date`` values
before they get here. Inlining keeps the many ``UNION ALL`` branches readable and free of
positional-parameter bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import re
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
    """``column`` contains any of ``needles`` as a substring, case-insensitively (place names,
    whose spellings vary: "Basra" finds "Basrah"; keywords use ``any_word``)."""
    parts = [f"contains(lower({column}), {lit(n.lower())})" for n in needles]
    if not parts:
        return "FALSE"
    return "coalesce(" + " OR ".join(parts) + ", FALSE)"


#: What may stand on either side of a matched word: anything but a letter, digit or ``_``
#: (Unicode classes, so "Hasíra" is one word: RE2's ``\b`` is ASCII-only).
_EDGE_BEFORE = r"(?:^|[^\pL\pN_])"
_EDGE_AFTER = r"(?:$|[^\pL\pN_])"


def word_pattern(needle: str) -> str:
    """The RE2 pattern of one keyword: whole words, case-insensitive; the words of a phrase
    separated by any run of spaces or hyphens; a final ``*`` matches any word ending
    (``sanction*``: sanctions, sanctioned)."""
    text = needle.strip()
    prefix = text.endswith("*")
    words = [w for w in re.split(r"[\s\-]+", text.rstrip("*").strip()) if w]
    if not words:
        return ""
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    tail = r"[\pL\pN_]*" if prefix else ""
    return f"(?i){_EDGE_BEFORE}{body}{tail}{_EDGE_AFTER}"


#: Keyword words that a case-insensitive substring test (``ILIKE``) is sure to find wherever
#: ``word_pattern`` matches: ASCII, no ``LIKE`` wildcards, and no ``s`` (RE2 folds "ſ" to it,
#: which DuckDB's lower-casing keeps; "K" (Kelvin) it lowers to "k" like RE2).
_PLAIN_WORD = re.compile(r"^[!-~]+$")


def word_prefilter(column: str, needles: Iterable[str]) -> str | None:
    """A cheap condition that every text ``any_word(column, needles)`` matches also meets
    (each word of a keyword as a case-insensitive substring), to put before it: the regular
    expressions then read only the few texts that pass. None when no such test is sure."""
    parts = []
    for needle in needles:
        words = [w for w in re.split(r"[\s\-]+", needle.strip().rstrip("*").strip()) if w]
        if not words:
            continue  # no pattern (``word_pattern``): matches nothing
        if not all(_PLAIN_WORD.match(w) and not set(w) & set("%_\\sS") for w in words):
            return None
        parts.append(" AND ".join(f"{column} ILIKE {lit('%' + w + '%')}" for w in words))
    if not parts:
        return None
    return "coalesce(" + " OR ".join(f"({p})" for p in parts) + ", FALSE)"


def any_word(column: str, needles: Iterable[str]) -> str:
    """``column`` contains any of ``needles`` as whole words or phrases (``word_pattern``):
    ``SIR`` matches "the SIR of voter rolls", never "Abu Hasira"."""
    parts = [f"regexp_matches({column}, {lit(p)})" for n in needles if (p := word_pattern(n))]
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


# -- reports and their copies (docs/ANALYSIS.md, "Copies and independent reports") ---------

#: The characters DuckDB's ``trim`` removes: Unicode space separators (Zs).
TRIMMED = (0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
_ENDS = ", ".join(f"chr({c})" for c in TRIMMED)
#: A sentence with its spaces collapsed (only when it has runs of spaces or line breaks to
#: collapse: the regular expression costs more than the test), trimmed (only when it begins
#: or ends with a space: over millions of sentences ``trim`` costs more than the test too).
_SPACED = (
    "CASE WHEN contains(evidence_text, '  ') OR contains(evidence_text, chr(10)) "
    "OR contains(evidence_text, chr(9)) OR contains(evidence_text, chr(13)) "
    "THEN trim(regexp_replace(evidence_text, '\\s+', ' ', 'g')) "
    f"WHEN evidence_text[1] IN ({_ENDS}) OR evidence_text[-1] IN ({_ENDS}) THEN trim(evidence_text) "
    "ELSE evidence_text END"
)
#: One report's sentence: the evidence text, case-folded with its spaces collapsed (an event
#: with no sentence, such as an imported row, is its own report).
SENTENCE_KEY = f"coalesce(lower({_SPACED}), event_id)"
#: Events with the same key are copies of one report: the same sentence coded the same way
#: (code, source, target, polarity), in however many documents and outlets it was printed.
#: A 64-bit hash: partitions and groups on it are cheap.
REPORT_KEY = f"hash({SENTENCE_KEY}, event_code, source_code, target_code, polarity)"
#: Copies of one report are printed within this many days of each other: the same sentence
#: again after a longer gap is a new report (a generic sentence, "Police arrested two men.").
COPY_DAYS = 7
#: Rows whose key occurs once are their own report; only the others go through the windows
#: that group copies (most events of a corpus are not copies).
_ISLANDS = (
    "SELECT *, sum(_gap) OVER (PARTITION BY _report ORDER BY date NULLS LAST, event_id "
    "ROWS UNBOUNDED PRECEDING) AS _copy_of FROM (SELECT *, CASE WHEN datediff('day', lag(date) "
    "OVER (PARTITION BY _report ORDER BY date NULLS LAST, event_id), date) > "
    f"{COPY_DAYS} THEN 1 ELSE 0 END AS _gap FROM _keyed SEMI JOIN _repeated USING (_report))"
)
#: The events that stances and the network count: one per report, standing for all its copies
#: (column ``copies`` says how many), dated by its first copy; among copies of the same day the
#: most reliable one stands. Use it where a query would read ``events``.
REPORTS = (
    f"(WITH _keyed AS (SELECT *, {REPORT_KEY} AS _report FROM events), "
    "_repeated AS (SELECT _report FROM _keyed GROUP BY _report HAVING count(*) > 1) "
    "SELECT * EXCLUDE (_report), CAST(1 AS BIGINT) AS copies FROM _keyed ANTI JOIN _repeated USING (_report) "
    "UNION ALL BY NAME "
    "SELECT * EXCLUDE (_report, _gap, _copy_of) FROM (SELECT *, count(*) OVER "
    f"(PARTITION BY _report, _copy_of) AS copies FROM ({_ISLANDS})) QUALIFY row_number() OVER "
    f"(PARTITION BY _report, _copy_of ORDER BY date NULLS LAST, {RELIABILITY} DESC, event_id) = 1)"
)


def copies_sql(within: str = "TRUE") -> str:
    """The events that are copies of a report printed more than once — only those — each with
    ``copies`` (how many its report stands for) and ``kept`` (it is the one that stands): the
    grouping of ``REPORTS`` on a narrow reading of the events (id, date, reliability and the
    key's columns). Most events are no one's copy, so this is small; ``reports_sql`` turns it
    back into ``REPORTS``' rows without carrying whole events through the grouping.

    ``within``: only events meeting this condition, which must read nothing but columns of
    ``REPORT_KEY`` other than the sentence (code, source code, target code, polarity), so
    that copies of one report all meet it or all fail it."""
    return (
        f"(WITH _keyed AS NOT MATERIALIZED (SELECT event_id, date, reliability, {REPORT_KEY} AS _report "
        f"FROM events WHERE {within}), "
        "_repeated AS (SELECT _report FROM _keyed GROUP BY _report HAVING count(*) > 1) "
        "SELECT event_id, count(*) OVER (PARTITION BY _report, _copy_of) AS copies, "
        "row_number() OVER (PARTITION BY _report, _copy_of "
        f"ORDER BY date NULLS LAST, {RELIABILITY} DESC, event_id) = 1 AS kept "
        f"FROM ({_ISLANDS}))"
    )


def reports_sql(copies: str | None, within: str = "TRUE") -> str:
    """The rows of ``REPORTS`` that meet ``within``, given ``copies``, a table of
    ``copies_sql(within)``'s rows (``None``: it has none, so every event is its own report)."""
    if copies is None:
        return f"(SELECT *, CAST(1 AS BIGINT) AS copies FROM events WHERE {within})"
    return (
        f"(SELECT e.*, coalesce(c.copies, CAST(1 AS BIGINT)) AS copies FROM events e "
        f"LEFT JOIN {copies} c ON c.event_id = e.event_id WHERE c.kept IS NOT FALSE AND ({within}))"
    )
