"""JSON Lines (``.jsonl``): one report per line.

Each non-blank line is a JSON object with a required, non-empty string ``text`` and
optional ``date`` (YYYY-MM-DD or YYYYMMDD), ``title``, ``source``, ``url`` and
``author``. A record's own ``id`` is not used: the document id is always the hash of
the text, so the same report is stored once however often it arrives. A bad line
yields an ``IngestFailure`` naming ``file:line`` and the remaining lines are still read:
that includes lines Python's JSON parser cannot take at all (nested deeper than the
recursion limit, or a number of more than 4,300 digits), which are E106 like any other.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from whowhom.errors import Errors
from whowhom.ingest.text import IngestFailure, iso_date, make_document, meta_str, normalise_text
from whowhom.model import Document

_JSON_TYPE_NAMES = {list: "an array", str: "a string", int: "a number", float: "a number",
                    bool: "a boolean", type(None): "null"}  # fmt: skip


def read_jsonl(
    text: str, path: str, *, keep_ids: bool = False, first_line: int = 1
) -> Iterator[Document | IngestFailure]:
    """One document per JSON Lines record; failures per line.

    ``keep_ids`` uses each record's own ``id`` (when present) as the document id, for
    coding without a store (``whowhom code --input-format jsonl``). ``first_line`` is the
    line number of ``text``'s first line (a large file is read a block of lines at a time).
    """
    # split on "\n" only: str.splitlines() would also break at U+2028 and friends,
    # which JSON allows unescaped inside strings
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = raw.strip()
        if not line:
            continue
        place = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            message = Errors.E106.format(path=path, line=number, reason=exc.msg)
            yield IngestFailure(path, number, message)
            continue
        except RecursionError:
            reason = "nested too deeply"
            yield IngestFailure(path, number, Errors.E106.format(path=path, line=number, reason=reason))
            continue
        except ValueError:  # int(): "Exceeds the limit (4300 digits) for integer string conversion"
            reason = f"a number of more than {sys.get_int_max_str_digits()} digits"
            yield IngestFailure(path, number, Errors.E106.format(path=path, line=number, reason=reason))
            continue
        if not isinstance(record, dict):
            kind = _JSON_TYPE_NAMES.get(type(record), type(record).__name__)
            reason = f"expected a JSON object, got {kind}"
            yield IngestFailure(path, number, Errors.E106.format(path=path, line=number, reason=reason))
            continue
        body = record.get("text")
        body = normalise_text(body) if isinstance(body, str) else ""
        if not body:
            yield IngestFailure(path, number, Errors.E107.format(path=path, line=number))
            continue
        try:
            date = iso_date(record.get("date"))
        except ValueError:
            message = Errors.E202.format(place=place, value=record.get("date"))
            yield IngestFailure(path, number, message)
            continue
        record_id = meta_str(record.get("id")) if keep_ids else None
        yield make_document(
            path,
            number,
            place=place,
            text=body,
            doc_id=record_id or "",
            date=date,
            title=meta_str(record.get("title")),
            source=meta_str(record.get("source")),
            url=meta_str(record.get("url")),
            author=meta_str(record.get("author")),
        )
