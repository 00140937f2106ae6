"""Normalising phrases so dictionary entries and parsed text compare equal.

PETRARCH dictionaries join words with ``_`` and keep hyphens inside words
(``NURI_AL-MALIKI_``); spaCy splits ``al-Maliki`` into three tokens. Both sides are
reduced to the same sequence of upper-case words: split on ``_``, ``-`` and spaces,
drop ``.`` and apostrophes.
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[_\-\s]+")
_DROP = str.maketrans("", "", ".'’`")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """``"NURI_AL-MALIKI_"`` → ``("NURI", "AL", "MALIKI")``."""
    words = (w.translate(_DROP) for w in _SPLIT.split(phrase.upper()))
    return tuple(w for w in words if w)


def token_word(text: str) -> str:
    """The comparable form of one token's text ('' for punctuation-only tokens)."""
    return text.upper().translate(_DROP).strip("-_")
