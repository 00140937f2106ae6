"""The record types that flow between stages (see docs/ARCHITECTURE.md, "The event record").

This module is the one place the event record is written down. Store columns, flat export
names and analysis column lists are derived from these dataclasses (``flat_fields``), never
spelled out again. Plain dataclasses: cheap to build in the coder's hot loop; ``to_dict`` gives
the JSON shape that is the contract with users (every field present, ``None`` where unknown).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple, get_args

Polarity = Literal["asserted", "negated"]
Modality = Literal["factual", "reported", "hedged", "speculative", "future"]
Role = Literal["speaker", "author", "outlet"]
ActorSide = Literal["source", "target"]
#: What a piece of evidence is: a sentence of the body, or the document's headline.
EvidenceKind = Literal["body", "headline"]
#: Where an event's date comes from: the document's date, the verb's own phrase ("on Saturday"),
#: or a full date found in the text of an undated document.
DateSource = Literal["document", "sentence", "text"]
#: Where an event came from: coded by whowhom from text, or imported from another dataset.
Origin = Literal["coded", "gdelt", "icews", "plover"]
#: Where an event's location comes from: a place named for it, or the document's one place.
LocationPrecision = Literal["sentence", "document"]

POLARITIES: tuple[str, ...] = get_args(Polarity)
MODALITIES: tuple[str, ...] = get_args(Modality)
ROLES: tuple[str, ...] = get_args(Role)
#: The longest document whowhom codes (characters): longer ones are refused at ingest and, if
#: stored by an older version, recorded as failed by ``run``. Long documents up to this size are
#: parsed in pieces (``pipeline.PIECE_CHARS``).
MAX_DOCUMENT_CHARS = 1_500_000


def text_id(text: str) -> str:
    """A document id: a hash of its text, so the same content is stored once.

    Lone surrogates (which can come from JSON escapes) are hashed as their escapes rather
    than crashing the encoder."""
    return hashlib.sha1(text.encode("utf-8", "backslashreplace")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    """One news report or commentary, as ingested."""

    text: str
    doc_id: str = ""
    date: str | None = None  # ISO YYYY-MM-DD
    title: str | None = None
    source: str | None = None  # outlet or site name
    url: str | None = None
    author: str | None = None
    path: str | None = None  # where it was read from (file, or file:line)
    #: how the text was got from its markup (HTML: ``trafilatura``, ``trafilatura+recall``,
    #: ``json-ld``); None for plain text. Stored in ``documents.extractor``.
    extractor: str | None = None
    #: lines of this text that recur across many documents of its source (``Store.boilerplate``),
    #: which the coder does not code; set when the document is read for coding, never stored.
    boilerplate: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.doc_id:
            self.doc_id = text_id(self.text)


@dataclass(slots=True)
class ActorRef:
    """An actor mention coded against the dictionaries."""

    text: str
    code: str | None
    country: str | None
    sector: str | None
    actor_id: str | None
    start: int
    end: int


@dataclass(slots=True)
class EventCode:
    code: str
    root: str
    label: str | None
    plover: str | None
    goldstein: float | None
    quad_class: int | None
    trigger: str
    start: int
    end: int


@dataclass(slots=True)
class Location:
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: LocationPrecision = "sentence"


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int
    kind: EvidenceKind = "body"


@dataclass(slots=True)
class Attribution:
    """One layer of "according to whom": the innermost speaker first, then author, outlet."""

    role: Role
    text: str
    code: str | None = None


@dataclass(slots=True)
class Provenance:
    """The row an imported event came from (``whowhom import``): file, line, the row's own id
    and URL, its own event code and Goldstein score, and its report counts (GDELT)."""

    file: str | None = None
    line: int | None = None
    id: str | None = None
    url: str | None = None
    code: str | None = None
    goldstein: float | None = None
    sources: int | None = None
    mentions: int | None = None
    articles: int | None = None


@dataclass(slots=True)
class Event:
    event_id: str
    doc_id: str
    sentence: int
    date: str | None
    source: ActorRef | None
    target: ActorRef | None
    event: EventCode
    date_source: DateSource | None = None  # None: undated
    polarity: Polarity = "asserted"
    modality: Modality = "factual"
    certainty: float = 0.9
    reliability: float = 0.6  # how far the source can be taken at its word (see reliability.py)
    attribution: list[Attribution] = field(default_factory=list)
    location: Location | None = None
    evidence: Evidence | None = None
    #: The frame verb whose content this event is ("threatened to *attack*": the attack is the
    #: content of "threatened"); None for an event asserted in its own right.
    content_of: str | None = None
    #: The roles whose country was inferred from context rather than named in the text.
    inferred_countries: list[ActorSide] = field(default_factory=list)
    why: list[str] = field(default_factory=list)  # for people: the cues behind the coding
    origin: Origin = "coded"
    provenance: Provenance | None = None  # imported events only

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Discard:
    """A unit that a discard rule kept out of coding, recorded so an analyst can audit it."""

    sentence: int | None  # None: the whole document
    rule: str
    phrase: str


class Coded(NamedTuple):
    """A coded document: its events, and the units that discard rules kept out of coding."""

    document: Document
    events: list[Event]
    discarded: list[Discard]


def make_event_id(
    doc_id: str,
    sentence: int,
    trigger: tuple[int, int],
    source: tuple[int, str | None] | None,
    target: tuple[int, str | None] | None,
    code: str,
) -> str:
    """Stable across runs: the same text coded the same way gives the same id.

    Actor offsets *and* codes are part of the key: one phrase can name two actors
    ("the Iraqi army and police"), and each event must keep its own row.
    """
    key = f"{doc_id}|{sentence}|{trigger[0]}:{trigger[1]}|{source}|{target}|{code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# -- the flat form (store columns, Parquet/CSV exports) ------------------------------------------

#: SQL type of a flat column, by the Python type of its field.
_SQL_TYPES = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE"}
#: Parts flattened under another prefix: an imported row's provenance is ``origin_file``, …
PART_PREFIXES = {"provenance": "origin"}
#: Fields stored as a JSON list in one text column.
JSON_FIELDS = ("attribution", "inferred_countries", "why")


@dataclass(frozen=True, slots=True)
class FlatField:
    """One column of the flat event record: ``source_code`` is field ``code`` of part ``source``."""

    name: str
    sql_type: str
    part: str | None  # the nested record it belongs to (``source``, ``event``, …), or None
    key: str  # its name inside that part (or the top-level name)


def _base_type(hint: Any) -> Any:
    """``str | None`` → ``str``; ``Literal["a", "b"]`` → ``str``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _base_type(args[0])
    if origin is Literal:
        return type(typing.get_args(hint)[0])
    return hint


@cache
def flat_fields() -> tuple[FlatField, ...]:
    """The event record's columns, in record order, derived from the dataclasses above."""
    hints = typing.get_type_hints(Event)
    out: list[FlatField] = []
    for f in dataclasses.fields(Event):
        base = _base_type(hints[f.name])
        if f.name in JSON_FIELDS:
            out.append(FlatField(f.name, "VARCHAR", None, f.name))
        elif dataclasses.is_dataclass(base):
            part_hints = typing.get_type_hints(base)
            prefix = PART_PREFIXES.get(f.name, f.name)
            for pf in dataclasses.fields(base):
                kind = _SQL_TYPES[_base_type(part_hints[pf.name])]
                out.append(FlatField(f"{prefix}_{pf.name}", kind, f.name, pf.name))
        elif f.name == "date":
            out.append(FlatField("date", "DATE", None, "date"))
        else:
            out.append(FlatField(f.name, _SQL_TYPES[base], None, f.name))
    return tuple(out)


def flat_columns() -> list[str]:
    return [f.name for f in flat_fields()]


def part_fields(part: str) -> tuple[str, ...]:
    """The keys of one nested part (``source`` → text, code, country, …)."""
    return tuple(f.key for f in flat_fields() if f.part == part)


#: The key field of each nested part: the part is absent (None) when this column is NULL.
PART_KEYS = {
    "source": "code",
    "target": "code",
    "event": "code",
    "location": "name",
    "evidence": "text",
    "provenance": "id",
}


def event_to_row(event: Event | dict[str, Any]) -> dict[str, Any]:
    """The flat row of an event (store columns, export columns)."""
    d = event.to_dict() if isinstance(event, Event) else event
    row: dict[str, Any] = {}
    for f in flat_fields():
        if f.part is None:
            value = d.get(f.key)
            row[f.name] = json.dumps(value or [], ensure_ascii=False) if f.name in JSON_FIELDS else value
        else:
            row[f.name] = (d.get(f.part) or {}).get(f.key)
    return row


def row_to_event(row: dict[str, Any]) -> dict[str, Any]:
    """The nested event record (the JSON contract) from a flat row."""
    out: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {}
    for f in flat_fields():
        if f.part is None:
            value = row.get(f.name)
            if f.name in JSON_FIELDS:
                value = json.loads(value or "[]")
            elif f.name == "date" and value is not None:
                value = str(value)
            out[f.name] = value
        else:
            if f.part not in out:
                out[f.part] = None
            parts.setdefault(f.part, {})[f.key] = row.get(f.name)
    for part, values in parts.items():
        out[part] = values if values.get(PART_KEYS[part]) is not None else None
    return out
