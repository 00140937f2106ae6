"""Headlines coded as a sentence of their document.

For a feed entry the title often *is* the event ("Iran shoots down U.S. drone") while the
description says little. The headline is coded with the document's date and context and
marked ``evidence.kind = "headline"`` and ``sentence = -1`` (its offsets are into the title).
A headline event that the lead repeats (same source, target and CAMEO root within the first
three body sentences) is left out, so one report is not counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc

from whowhom.coding.stages import Coder
from whowhom.coding.state import DocState
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


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
#: A word the body capitalises inside a sentence (after another word or a comma).
_NAME_IN_BODY = re.compile(r"(?<=[A-Za-z0-9,;:]\s)([A-Z][A-Za-z'’.-]*)")


def sentence_case(headline: str, body: str, is_name: Callable[[str], bool] | None = None) -> str:
    """A Title Case headline ("Clinton Cancels Joint Events with Sanders") with the words that
    are not names in lower case, for the parser ("Clinton cancels joint events with Sanders").
    A word is a name if the body capitalises it inside a sentence, it is written in capitals,
    or ``is_name`` says so (an actor the dictionaries know by that one word: "Sweden").
    Same length as ``headline``, so offsets into either are offsets into the other. A headline
    that is not Title Case comes back as it is."""
    words = [m for m in _WORD.finditer(headline)]
    long = [m for m in words[1:] if len(m.group()) >= 4]
    if len(long) < 2 or sum(m.group()[0].isupper() for m in long) < 0.6 * len(long):
        return headline
    names = {m.group(1).strip(".'’") for m in _NAME_IN_BODY.finditer(body)}
    out = list(headline)
    for m in words[1:]:
        w = m.group()
        bare = w.strip(".'’")
        if w[0].isupper() and not w.isupper() and bare not in names and not (is_name and is_name(bare)):
            out[m.start()] = w[0].lower()
    return "".join(out)


def _key(e: Event) -> tuple[str | None, str | None, str]:
    return (e.source.code if e.source else None, e.target.code if e.target else None, e.event.root)


def code_headline(
    coder: Coder, parsed: Doc, document: Document, body: DocState, *, keep_repeats: bool = False
) -> list[Event]:
    """The events of ``parsed`` (the parse of the document's headline) not repeated by its
    lead, coded with the body's context (``body``: its finished state)."""
    headline = headline_text(document.title) or parsed.text
    if len(headline) != len(parsed.text):
        headline = parsed.text
    events = coder.code(parsed, replace(document, text=headline), context=body)
    lead = {_key(e) for e in body.events if 0 <= e.sentence < LEAD_SENTENCES}
    out = []
    for e in events:
        if _key(e) in lead and not keep_repeats:
            continue
        e.sentence = HEADLINE_SENTENCE
        e.event.trigger = headline[e.event.start : e.event.end]  # as written, if parsed recased
        if e.evidence is not None:
            e.evidence.kind = "headline"
            e.evidence.text = headline[e.evidence.start : e.evidence.end]
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
