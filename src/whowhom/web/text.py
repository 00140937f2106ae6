"""Texts with marked spans, for the templates: an event's sentence (trigger, source,
target), a document with every coded event marked. Pieces are plain strings the
templates escape; nothing here produces markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whowhom.report.sentences import highlight

#: Longest document text shown on a page (longer ones are cut, with a note).
MAX_SHOWN_CHARS = 200_000
#: Characters of the document shown either side of an event's sentence.
CONTEXT_CHARS = 600


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str | None = None  # trigger | source | target | sentence | None
    event_id: str | None = None


def sentence_pieces(event: dict[str, Any]) -> list[Piece]:
    """The event's sentence cut at its trigger and actors."""
    ev = event.get("evidence") or {}
    text = ev.get("text") or ""
    code = event.get("event") or {}
    src, tgt = event.get("source") or {}, event.get("target") or {}
    spans = highlight(
        text,
        ev.get("start"),
        [
            ("trigger", code.get("start"), code.get("end"), code.get("trigger")),
            ("source", src.get("start"), src.get("end"), src.get("text")),
            ("target", tgt.get("start"), tgt.get("end"), tgt.get("text")),
        ],
    )
    out, pos = [], 0
    for sp in spans:
        if sp.start > pos:
            out.append(Piece(text[pos : sp.start]))
        out.append(Piece(text[sp.start : sp.end], sp.kind, event.get("event_id")))
        pos = sp.end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def _fits(text: str, start: Any, end: Any) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def document_pieces(text: str, events: list[dict[str, Any]], *, limit: int = MAX_SHOWN_CHARS) -> list[Piece]:
    """The document's text with each event's trigger (and actors) marked, linked to the event;
    spans that overlap one already marked are left as they are."""
    shown = text[:limit]
    spans: list[tuple[int, int, str, str]] = []
    for kind in ("trigger", "source", "target"):
        for e in events:
            part = e.get("event") if kind == "trigger" else e.get(kind)
            if not part:
                continue
            s, t = part.get("start"), part.get("end")
            if not _fits(shown, s, t):
                continue
            if any(s < o[1] and o[0] < t for o in spans):
                continue
            spans.append((s, t, kind, e["event_id"]))
    spans.sort()
    out, pos = [], 0
    for s, t, kind, ident in spans:
        if s > pos:
            out.append(Piece(shown[pos:s]))
        out.append(Piece(shown[s:t], kind, ident))
        pos = t
    if pos < len(shown):
        out.append(Piece(shown[pos:]))
    return out


def context_pieces(text: str, event: dict[str, Any]) -> tuple[list[Piece], bool, bool]:
    """The sentence in its document: some text before, the sentence (its parts marked),
    some text after; and whether text was cut before and after."""
    ev = event.get("evidence") or {}
    s, t = ev.get("start"), ev.get("end")
    if (
        not isinstance(s, int)
        or not isinstance(t, int)
        or not _fits(text, s, t)
        or text[s:t] != (ev.get("text") or "")
    ):
        return [Piece(p.text, p.kind or "sentence", p.event_id) for p in sentence_pieces(event)], False, False
    lo, hi = max(0, s - CONTEXT_CHARS), min(len(text), t + CONTEXT_CHARS)
    inner = [Piece(p.text, p.kind or "sentence", p.event_id) for p in sentence_pieces(event)]
    return [Piece(text[lo:s]), *inner, Piece(text[t:hi])], lo > 0, hi < len(text)
