"""An event's sentence with its trigger and actors marked, for showing evidence.

Offsets in the store are character offsets into the document; the sentence itself runs
from ``evidence_start`` to ``evidence_end``, so a span inside it is ``offset -
evidence_start``. Offsets that do not fit the sentence, or that point at other words than
the stored text, fall back to finding that text in the sentence; failing both, the span
is left out rather than drawn in the wrong place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Highlight kinds, strongest first: when spans overlap, the earlier kind wins.
KINDS = ("trigger", "source", "target")


@dataclass(frozen=True)
class Span:
    start: int  # into the sentence
    end: int
    kind: str  # trigger | source | target


def _find(text: str, needle: str, near: int | None) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``text`` as whole words (case-insensitive), the
    occurrence nearest ``near`` when there are several."""
    needle = needle.strip()
    if not needle:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.IGNORECASE)
    hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near)) if near is not None else hits[0]


def locate(
    text: str, base: int | None, start: int | None, end: int | None, expected: str | None
) -> tuple[int, int] | None:
    """The span of one highlighted item inside the sentence ``text``, or None."""
    rel_start = start - (base or 0) if start is not None else None
    rel_end = end - (base or 0) if end is not None else None
    if (
        rel_start is not None
        and rel_end is not None
        and 0 <= rel_start < rel_end <= len(text)
        and (not expected or text[rel_start:rel_end].strip().lower() == expected.strip().lower())
    ):
        return rel_start, rel_end
    if expected:
        found = _find(text, expected, rel_start)
        if found:
            return found
    return None


def highlight(
    text: str,
    base: int | None,
    items: list[tuple[str, int | None, int | None, str | None]],
) -> list[Span]:
    """Non-overlapping spans for ``items`` — (kind, start, end, expected text) with
    document offsets — in the order of ``KINDS``' priority, sorted by position."""
    spans: list[Span] = []
    for kind, start, end, expected in sorted(items, key=lambda i: KINDS.index(i[0])):
        where = locate(text, base, start, end, expected)
        if where is None:
            continue
        s, e = where
        if any(s < o.end and o.start < e for o in spans):
            continue
        spans.append(Span(s, e, kind))
    return sorted(spans, key=lambda sp: sp.start)


def segments(text: str, spans: list[Span]) -> list[tuple[str, str | None]]:
    """The sentence cut into (text, kind) pieces; kind None for plain text."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for sp in spans:
        if sp.start > pos:
            out.append((text[pos : sp.start], None))
        out.append((text[sp.start : sp.end], sp.kind))
        pos = sp.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
