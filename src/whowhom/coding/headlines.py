"""Headlines coded as a sentence of their document.

For a feed entry the title often *is* the event ("Iran shoots down U.S. drone") while the
description says little. The headline is coded with the document's date and context and
marked ``evidence.kind = "headline"`` and ``sentence = -1`` (its offsets are into the title).
A headline event that the lead repeats (same source, target and CAMEO root within the first
three body sentences) is left out, so one report is not counted twice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from whowhom.coding.stages import Coder
from whowhom.model import Document, Event, make_event_id

HEADLINE_SENTENCE = -1
#: How many body sentences count as the lead that a headline may repeat.
LEAD_SENTENCES = 3
_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


def headline_text(title: str | None) -> str | None:
    """The headline without a trailing site name ("Iran downs drone | Example News"): always a
    prefix of ``title``, so offsets into it are offsets into the stored title."""
    if not title or not title.strip():
        return None
    parts = _SEPARATORS.split(title)
    head = parts[0]
    if len(parts) > 1 and all(len(p.split()) <= 5 for p in parts[1:]) and len(head.split()) >= 3:
        return head
    return title


def _key(e: Event) -> tuple[str | None, str | None, str]:
    return (e.source.code if e.source else None, e.target.code if e.target else None, e.event.root)


def code_headline(coder: Coder, parsed: Doc, document: Document, body: list[Event]) -> list[Event]:
    """The events of ``parsed`` (the parse of the document's headline) not repeated by its lead."""
    headline = parsed.text
    events = coder.code(parsed, replace(document, text=headline))
    lead = {_key(e) for e in body if 0 <= e.sentence < LEAD_SENTENCES}
    out = []
    for e in events:
        if _key(e) in lead:
            continue
        e.sentence = HEADLINE_SENTENCE
        if e.evidence is not None:
            e.evidence.kind = "headline"
        e.event_id = make_event_id(
            document.doc_id,
            HEADLINE_SENTENCE,
            (e.event.start, e.event.end),
            (e.source.start, e.source.code) if e.source else None,
            (e.target.start, e.target.code) if e.target else None,
            e.event.code,
        )
        out.append(e)
    return out
