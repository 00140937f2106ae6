"""The record types that flow between stages (see ARCHITECTURE.md, "The event record").

Plain dataclasses: cheap to build in the coder's hot loop, and ``to_dict`` gives the
JSON shape that is the contract with users (every field present, ``None`` where unknown).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def text_id(text: str) -> str:
    """A document id: a hash of its text, so the same content is stored once."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


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


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    event_id: str
    doc_id: str
    sentence: int
    date: str | None
    source: ActorRef | None
    target: ActorRef | None
    event: EventCode
    polarity: str = "asserted"
    modality: str = "factual"
    certainty: float = 0.9
    reliability: float = 0.6  # how far the source can be taken at its word (see reliability.py)
    attribution: list[dict[str, Any]] = field(default_factory=list)
    location: Location | None = None
    evidence: Evidence | None = None
    why: list[str] = field(default_factory=list)  # the cues behind polarity, modality, certainty

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
