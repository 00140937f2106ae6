"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``): one document per entry.

The text is the entry's content, else its summary, as plain text (feeds carry HTML
snippets). ``title``, ``author`` and ``link`` (→ ``url``) come from the entry, ``source``
is the feed's own title, and ``date`` is the entry's published (else updated) date *as
written in the feed*, so an item stamped "Wed, 06 Mar 2024 23:30 -0500" is dated
2024-03-06, not the next day in UTC as feedparser's parsed times would say. Entries
without text are skipped; a feed with none left is E110. ``Document.path`` is
``file#N`` for the N-th entry (1-based, counting all entries).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from whowhom.errors import Errors
from whowhom.ingest.html import fragment_to_text
from whowhom.ingest.text import IngestFailure, make_document, meta_str, normalise_text
from whowhom.model import Document

# the text is already decoded; re-encoded as UTF-8 its declaration must say so
_XML_DECLARED_ENCODING = re.compile(r"""\A(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def _as_text(detail: Any) -> str:
    """Plain text of a feedparser text construct (dict with 'value' and 'type')."""
    value = detail.get("value") if hasattr(detail, "get") else None
    if not isinstance(value, str):
        return ""
    if detail.get("type") == "text/plain" and "<" not in value:
        return normalise_text(value)
    return normalise_text(fragment_to_text(value))


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        text = _as_text(content)
        if text:
            return text
    summary = entry.get("summary_detail")
    if summary is not None:
        return _as_text(summary)
    summary_value = entry.get("summary")
    return normalise_text(fragment_to_text(summary_value)) if summary_value else ""


def _written_date(raw: object) -> dt.date | None:
    """The calendar date a feed timestamp was written with (its own time zone)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    raw = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(raw).date()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(raw).date()  # Atom: RFC 3339
    except ValueError:
        return None


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated"):
        written = _written_date(entry.get(key))
        if written is not None:
            return written.isoformat()
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None


def _plain(value: object) -> str | None:
    if isinstance(value, str) and "<" in value:
        value = fragment_to_text(value)
    return meta_str(value)


def read_feed(text: str, path: str) -> Iterator[Document | IngestFailure]:
    """One document per feed entry that has text; E109/E110 when there is none."""
    # errors="replace": decoded files hold no lone surrogates, but a caller's text may
    data = _XML_DECLARED_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8", "replace")
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (UnicodeError, ValueError, RecursionError) as exc:  # e.g. "&amp;#xD800;" in an HTML snippet
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        yield IngestFailure(path, None, Errors.E109.format(path=path, reason=reason))
        return
    source = _plain(parsed.get("feed", {}).get("title"))
    documents: list[Document | IngestFailure] = []
    for number, entry in enumerate(parsed.get("entries") or [], start=1):
        body = _entry_text(entry)
        if not body:
            continue
        author_detail = entry.get("author_detail") or {}
        documents.append(
            make_document(
                path,
                None,
                place=f"{path}#{number}",
                text=body,
                date=_entry_date(entry),
                title=_plain(entry.get("title")),
                source=source,
                url=meta_str(entry.get("link")),
                author=meta_str(author_detail.get("name")) or meta_str(entry.get("author")),
            )
        )
    if documents:  # a feed with minor errors (bozo) still gives what it could parse
        yield from documents
    elif parsed.get("bozo"):
        reason = " ".join(str(parsed.get("bozo_exception") or "syntax error").split())
        yield IngestFailure(path, None, Errors.E109.format(path=path, reason=reason))
    elif not parsed.get("version"):
        reason = "not an RSS or Atom document"
        yield IngestFailure(path, None, Errors.E109.format(path=path, reason=reason))
    else:
        yield IngestFailure(path, None, Errors.E110.format(path=path))
