"""Which format an event file is in, from its first line.

- a JSON object or array → PLOVER JSON (JSON Lines, or one array of records);
- a tab-separated header naming ICEWS's 20 columns → ICEWS;
- a header with ``Event ID`` and ``Event Type`` → POLECAT (PLOVER-coded, tab-separated);
- no header, 57, 58 or 61 fields, the first a number → GDELT 1.0 or 2.0;
- 16 fields, no header → a GDELT 2.0 *mentions* file: not events, refused with a reason.

With ``--format`` given, the file must still look like that format (a GDELT file given
as ICEWS is refused, not read as garbage).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from whowhom.errors import Errors, WhowhomError
from whowhom.interop.reader import Layout

FORMATS = ("gdelt", "icews", "plover")


@dataclass(frozen=True)
class Source:
    path: Path
    origin: str  # gdelt | icews | plover
    layout: Layout
    kind: str  # tsv | json-lines | json-array
    module: ModuleType  # has normalize_sql(table, layout)


def first_line(path: Path, limit: int = 1 << 20) -> str:
    """The first non-empty line (at most ``limit`` bytes of it)."""
    with path.open("rb") as fh:
        for raw in fh:
            if raw.strip():
                return raw[:limit].decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff")
            if fh.tell() > limit:
                break
    return ""


def sniff(path: Path) -> Source:
    """The format of ``path``, or ``WhowhomError`` E131 saying why it cannot tell."""
    found = _sniff(path)
    if isinstance(found, str):
        raise WhowhomError(Errors.E131.format(path=path, reason=found))
    return found


def _sniff(path: Path) -> Source | str:
    """The format of ``path``, or why it cannot tell."""
    from whowhom.interop import gdelt, icews, plover

    line = first_line(path)
    if not line:
        return "the file is empty"
    stripped = line.lstrip()
    if stripped.startswith("["):
        return Source(path, "plover", plover.JSON_ARRAY, "json-array", plover)
    if stripped.startswith("{"):
        return Source(path, "plover", plover.JSON_LINES, "json-lines", plover)
    fields = line.split("\t")
    names = [f.strip().lower() for f in fields]
    if names == [c.lower() for c in icews.COLUMNS]:
        return Source(path, "icews", icews.ICEWS, "tsv", icews)
    if "event id" in names and "event type" in names:
        return Source(path, "plover", plover.polecat_layout(fields), "tsv", plover)
    if "event id" in names:
        return f"a header with {len(fields)} columns that are neither ICEWS's 20 nor POLECAT's"
    if len(fields) == 16 and fields[0].strip().isdigit():
        return (
            "16 fields: a GDELT 2.0 mentions file, which lists articles, not events; "
            "import the events (export) file"
        )
    if len(fields) in gdelt.FIELD_COUNTS and fields[0].strip().isdigit():
        return Source(path, "gdelt", gdelt.FIELD_COUNTS[len(fields)], "tsv", gdelt)
    return f"the first line has {len(fields)} tab-separated field(s)"


def open_source(path: Path, fmt: str | None) -> Source:
    """``sniff(path)``, checked against ``fmt`` when one is given."""
    if fmt is not None and fmt not in FORMATS:
        raise WhowhomError(Errors.E601.format(option="format", value=fmt, choices=", ".join(FORMATS)))
    source = _sniff(path)
    if isinstance(source, str):
        if fmt is None:
            raise WhowhomError(Errors.E131.format(path=path, reason=source))
        raise WhowhomError(Errors.E133.format(path=path, format=fmt, reason=source))
    if fmt is not None and source.origin != fmt:
        raise WhowhomError(
            Errors.E133.format(path=path, format=fmt, reason=f"it looks like {source.layout.name}")
        )
    return source
