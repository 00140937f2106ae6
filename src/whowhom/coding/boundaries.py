"""Sentence boundaries the parser cannot see: line breaks that end a heading or a list item,
and news datelines ("VATICAN CITY (Reuters) -", "WASHINGTON, March 3 (AP) —").

A spaCy component (``whowhom_boundaries``) placed before the parser marks them, so a
heading is never glued to the next sentence ("Khyber Pakhtunkhwa\\nPakistani forces …") and a
dateline is a sentence of its own, whose outlet and place the coder keeps as attribution
and location instead of coding the outlet as an actor.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

#: "CITY (Outlet) -" or "CITY, Month 3 (Outlet) —" at the start of a line.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?)"
    r"(?:,\s*(?P<where>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2}))?"
    r"(?:,?\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<outlet>[A-Za-z][\w .&-]{0,30})\))?\s*[-–—]+\s+",
    re.MULTILINE,
)


def dateline_spans(text: str) -> list[re.Match[str]]:
    """Datelines at the start of a line: an upper-case place, then an outlet in brackets or a
    date, then a dash."""
    return [m for m in DATELINE.finditer(text) if m.group("outlet") or m.group("date")]


@Language.component("whowhom_boundaries")
def mark_boundaries(doc: Doc) -> Doc:
    """Sentence starts after a line break followed by a capital, digit or bullet (not inside a
    hard-wrapped sentence, whose next line starts in lower case), and after a dateline."""
    text = doc.text
    starts: set[int] = set()
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            nxt = doc[i + 1]
            if nxt.is_space:
                continue
            first = nxt.text[:1]
            if first.isupper() or first.isdigit() or first in "•-–—*\"“'‘(":
                starts.add(nxt.idx)
    for m in dateline_spans(text):
        starts.add(m.end())
        starts.add(m.start())
    if not starts:
        return doc
    for tok in doc[1:]:
        if tok.idx in starts:
            tok.is_sent_start = True
    return doc


def add_boundaries(nlp: Language) -> Language:
    """``nlp`` with the boundary component before its parser (once)."""
    if "whowhom_boundaries" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("whowhom_boundaries", before=before)
        else:
            nlp.add_pipe("whowhom_boundaries", first=True)
    return nlp
