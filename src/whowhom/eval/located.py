"""Gold cases that point into a corpus instead of quoting it.

The real-news gold (``tests/data/realnews_dev.jsonl``) may not copy its publishers' text, so
each case names the page (``doc``) and locates its sentence by a hash: ``locate`` holds the
SHA-1 (first 16 hex digits) and length of the sentence with its whitespace collapsed, and
``hint``, where it started in the page's text as whowhom extracts it. Loading finds the
sentence again in the page (at the hint, else by scanning word starts), so the case keeps
working when extraction shifts text around it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from whowhom.model import Document


def collapse(text: str) -> str:
    return " ".join(text.split())


def fingerprint(sentence: str) -> str:
    return hashlib.sha1(collapse(sentence).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=256)
def page_documents(path: Path) -> tuple[Document, ...]:
    """The documents whowhom's HTML reader makes of a page (as ``ingest`` would store them)."""
    from whowhom.ingest.html import read_html

    markup = path.read_text(encoding="utf-8", errors="replace")
    return tuple(d for d in read_html(markup, str(path)) if isinstance(d, Document))


def page_text(path: Path) -> str:
    """A page's title and main text, as whowhom's HTML reader extracts them, whitespace collapsed."""
    parts: list[str] = []
    for item in page_documents(path):
        parts.extend([item.title or "", item.text])
    return collapse("\n".join(parts))


def collapsed_with_offsets(text: str) -> tuple[str, list[int]]:
    """``collapse(text)`` and, for each of its characters, the offset in ``text`` it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            offsets.append(i - 1)
            pending_space = False
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def span_in(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` (whitespace aside) lies in ``text``, as offsets into ``text``."""
    flat, offsets = collapsed_with_offsets(text)
    norm = collapse(sentence)
    k = flat.find(norm)
    if k < 0 or not norm:
        return None
    return offsets[k], offsets[k + len(norm) - 1] + 1


def find(text: str, sha: str, length: int, hint: int | None) -> str | None:
    """The substring of ``text`` with this fingerprint and length, if there is one."""

    def at(i: int) -> str | None:
        piece = text[i : i + length]
        return piece if len(piece) == length and fingerprint(piece) == sha else None

    if hint is not None and (found := at(hint)) is not None:
        return found
    for i in range(len(text) - length + 1):
        if (i == 0 or text[i - 1] == " ") and (found := at(i)) is not None:
            return found
    return None


def resolve(obj: Any, texts: Path | None) -> Any:
    """``obj`` with its ``text`` filled in from the page it locates (other records unchanged)."""
    if not isinstance(obj, dict) or "text" in obj or "doc" not in obj:
        return obj
    if texts is None:
        raise ValueError("locates its text in a corpus page; pass --texts DIR (the pages' folder)")
    locate = obj.get("locate")
    if not isinstance(locate, dict):
        raise ValueError("'locate' is not an object with 'sha1' and 'chars'")
    page = texts / str(obj["doc"])
    if not page.is_file():
        raise ValueError(f"page {obj['doc']!r} is not in {texts}")
    sentence = find(page_text(page), str(locate.get("sha1")), int(locate.get("chars", 0)), locate.get("hint"))
    if sentence is None:
        raise ValueError(f"sentence {locate.get('sha1')} is no longer in {obj['doc']!r} as extracted")
    notes = dict(obj.get("notes") or {})
    notes["page"] = str(page)
    return {**obj, "text": sentence, "notes": notes}


def locator(sentence: str, page: str) -> dict[str, Any]:
    """The ``locate`` object for ``sentence`` in a page's collapsed text ``page``."""
    norm = collapse(sentence)
    hint = page.find(norm)
    return {"sha1": fingerprint(norm), "chars": len(norm), "hint": hint if hint >= 0 else None}
