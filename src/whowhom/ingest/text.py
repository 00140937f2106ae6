"""Plain-text reports (``.txt``), plus the pieces every reader shares.

A ``.txt`` file is one document. It may start with YAML front matter::

    ---
    title: Talks resume in Geneva
    date: 2024-03-05          # or 20240305
    source: Daily Planet      # the outlet
    author: Jane Roe
    url: https://planet.example.com/talks
    ---
    Negotiators from both sides met in Geneva on Tuesday. ...

Unknown keys are ignored. The shared pieces (``IngestFailure``, ``normalise_text``,
``iso_date``, ``meta_str``, ``make_document``) live here because this is the one module
every reader imports anyway; ``sources`` imports the readers, never the other way round.

Every reader builds its documents with ``make_document``, which refuses what the store
cannot hold or should not believe: a lone surrogate in any field (a JSON ``"\\ud800"``
escape without its pair; it is not Unicode and DuckDB refuses it) is E115, and a date
before ``EARLIEST_DATE`` (1700-01-01) or more than ``FUTURE_DAYS`` (366) days after the
day of ingest is E117.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from whowhom.errors import Errors
from whowhom.model import Document


@dataclass(slots=True)
class IngestFailure:
    """An input that could not be turned into a document; yielded, never raised."""

    path: str  # file path as given/found
    line: int | None  # 1-based line for JSON Lines records, else None
    message: str  # one line, starting with the coded error, e.g. "[E106] a.jsonl:3: ..."


EARLIEST_DATE = dt.date(1700, 1, 1)
"""Dates before this are taken for a mistake (E117)."""
FUTURE_DAYS = 366
"""Dates more than this many days after today are taken for a mistake (E117)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def latest_date() -> dt.date:
    return dt.date.today() + dt.timedelta(days=FUTURE_DAYS)


def make_document(
    path: str,
    line: int | None,
    *,
    place: str | None = None,
    text: str,
    date: str | None = None,
    doc_id: str = "",
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    author: str | None = None,
) -> Document | IngestFailure:
    """The document, or the failure (E115, E117) that keeps it out of the store.

    ``place`` is how messages name it (``file:3`` for a JSON Lines record, ``file#2`` for
    a feed entry) and becomes ``Document.path``; it defaults to ``path``.
    """
    place = place or path
    fields = {"text": text, "title": title, "source": source, "url": url, "author": author, "id": doc_id}
    for name, value in fields.items():
        found = _SURROGATE.search(value) if value else None
        if found is not None:
            char = f"\\u{ord(found.group()):04x}"
            return IngestFailure(path, line, Errors.E115.format(place=place, field=name, char=char))
    if date is not None:
        latest = latest_date()
        if not EARLIEST_DATE <= dt.date.fromisoformat(date) <= latest:
            message = Errors.E117.format(place=place, value=date, earliest=EARLIEST_DATE, latest=latest)
            return IngestFailure(path, line, message)
    return Document(
        text=text, doc_id=doc_id, date=date, title=title, source=source, url=url, author=author, path=place
    )


def normalise_text(text: str) -> str:
    """Line endings to ``\\n`` and outer whitespace stripped; nothing else changes.

    Later stages keep character offsets into this text, so it must stay otherwise
    exactly as read.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}\S*)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def iso_date(value: object) -> str | None:
    """Normalise a date given as YYYY-MM-DD or YYYYMMDD (or a date object) to 'YYYY-MM-DD'.

    ``None`` and the empty string mean "no date". A time after an ISO date
    ("2024-03-05T10:00:00Z") is accepted and dropped. Anything else raises ValueError.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    stripped = value.strip()
    if not stripped:
        return None
    match = _ISO_DATE.fullmatch(stripped) or _COMPACT_DATE.fullmatch(stripped)
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day).isoformat()  # raises ValueError for 2024-02-30


def meta_str(value: object) -> str | None:
    """A metadata value as a stripped string, or None when absent or empty.

    Numbers are written out; a list of scalars (several authors) is joined with "; ";
    anything else (a nested mapping) is dropped.
    """
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        parts = [meta_str(item) for item in value if not isinstance(item, list | dict)]
        joined = "; ".join(part for part in parts if part)
        return joined or None
    try:
        text = " ".join(str(value).split())
    except ValueError:  # a number too long to write out (over 4,300 digits) is not metadata
        return None
    return text or None


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so every date goes through ``iso_date``
    (an impossible date like 2024-13-45 is then an E202, not a YAML crash)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """The front matter is not usable; the message is the reason for E113."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split normalised text into (front matter mapping, body).

    Front matter is present only when the first line is ``---``; it runs to the next
    line that is ``---``. Without it the mapping is empty and the body is the text.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            break
    else:
        raise FrontMatterError("no closing '---' line")
    source = "\n".join(lines[1:index])
    try:
        data = yaml.load(source, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or exc.context or "syntax error"
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            reason = f"{reason} at line {mark.line + 2}"  # +1 for 1-based, +1 for '---'
        raise FrontMatterError(" ".join(reason.split())) from exc
    except RecursionError as exc:
        raise FrontMatterError("nested too deeply") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            reason = f"a number of more than {sys.get_int_max_str_digits()} digits"
            raise FrontMatterError(reason) from exc
        raise FrontMatterError(" ".join(str(exc).split()) or type(exc).__name__) from exc
    except yaml.YAMLError as exc:
        raise FrontMatterError(" ".join(str(exc).split()) or type(exc).__name__) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"expected 'key: value' lines, got a {type(data).__name__}")
    body = "\n".join(lines[index + 1 :])
    return {str(key): value for key, value in data.items()}, body


def read_text(text: str, path: str) -> Iterator[Document | IngestFailure]:
    """One document from a decoded ``.txt`` file (front matter optional)."""
    text = normalise_text(text)
    try:
        meta, body = split_front_matter(text)
    except FrontMatterError as exc:
        yield IngestFailure(path, None, Errors.E113.format(path=path, reason=exc))
        return
    body = normalise_text(body)
    if not body:
        yield IngestFailure(path, None, Errors.E114.format(path=path))
        return
    try:
        date = iso_date(meta.get("date"))
    except ValueError:
        yield IngestFailure(path, None, Errors.E202.format(place=path, value=meta.get("date")))
        return
    yield make_document(
        path,
        None,
        text=body,
        date=date,
        title=meta_str(meta.get("title")),
        source=meta_str(meta.get("source")),
        url=meta_str(meta.get("url")),
        author=meta_str(meta.get("author")),
    )
