"""The sentence of a token and its text, remembered for the document being coded.

``Token.sent`` walks the tokens to the sentence's ends and ``Span.text`` rebuilds the string
on every access, and the stages ask for the same few sentences again and again (per trigger,
per candidate, per filter). The answers here are the same as ``tok.sent`` and
``tok.sent.text``: the sentence partition is read once per document from the same
sentence-start marks (``Doc.sents``), and each sentence's text is built once. Only the last
document asked about is remembered, by weak reference (a document is coded stage after stage,
so that is the one asked about next), and never one whose sentences come from a user hook.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token


class _DocSentences:
    __slots__ = ("doc", "ends", "lowered", "starts", "texts")

    def __init__(self, doc: Doc):
        self.doc = weakref.ref(doc)
        self.starts: list[int] = []
        self.ends: list[int] = []
        for sent in doc.sents:
            self.starts.append(sent.start)
            self.ends.append(sent.end)
        self.texts: dict[int, str] = {}  # by sentence start
        self.lowered: dict[int, str] = {}


_last: _DocSentences | None = None


def _hooked(doc: Doc) -> bool:
    return "sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks or "sents" in doc.user_hooks


def _memo(doc: Doc) -> _DocSentences | None:
    global _last
    memo = _last  # one read: another thread may replace it, never change it
    if memo is not None and memo.doc() is doc:
        return memo
    if _hooked(doc):
        return None
    memo = _DocSentences(doc)
    _last = memo
    return memo


def _bounds(memo: _DocSentences, i: int) -> tuple[int, int]:
    k = bisect_right(memo.starts, i) - 1
    return memo.starts[k], memo.ends[k]


def sentence_text(tok: Token) -> str:
    """``tok.sent.text``."""
    memo = _memo(tok.doc)
    if memo is None:
        return tok.sent.text
    start, end = _bounds(memo, tok.i)
    text = memo.texts.get(start)
    if text is None:
        text = memo.texts[start] = tok.doc[start:end].text
    return text


def sentence_lower(tok: Token) -> str:
    """``tok.sent.text.lower()``."""
    memo = _memo(tok.doc)
    if memo is None:
        return tok.sent.text.lower()
    start, _ = _bounds(memo, tok.i)
    text = memo.lowered.get(start)
    if text is None:
        text = memo.lowered[start] = sentence_text(tok).lower()
    return text


def span_text(span: Span) -> str:
    """``span.text``, remembered when ``span`` is one of its document's sentences."""
    memo = _memo(span.doc)
    if memo is None:
        return span.text
    start = span.start
    k = bisect_right(memo.starts, start) - 1
    if k < 0 or memo.starts[k] != start or memo.ends[k] != span.end:
        return span.text
    text = memo.texts.get(start)
    if text is None:
        text = memo.texts[start] = span.text
    return text
