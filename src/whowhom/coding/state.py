"""The typed state that the coder's stages read and assign (see coding/stages.py).

One ``DocState`` per document flows through the stages in order. Each stage declares the
attributes it ``requires`` and ``assigns`` by their names here, so the order of a coder
configuration can be checked once, when the coder is built.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from whowhom.coding.actors.resolver import SentenceActors
from whowhom.coding.modality import Stance
from whowhom.coding.verbs import Pattern, Verb
from whowhom.model import ActorRef, Discard, Document, Event, Location

__all__ = ["Discard"]

#: The attributes of ``DocState`` a stage can require or assign ("doc" and "document" are given).
STATE_FIELDS = frozenset(
    {
        "doc",
        "document",
        "actors",
        "places",
        "sentences",
        "discarded",
        "triggers",
        "stances",
        "arguments",
        "locations",
        "candidates",
        "frames",
        "attribution",
        "dates",
        "reliability",
        "events",
    }
)


@dataclass(slots=True)
class SentenceContext:
    """One sentence to code, with the document-level context it needs."""

    sent: Span
    index: int


@dataclass(slots=True)
class Trigger:
    """A verb that the verb dictionary (or another trigger stage) codes.

    ``code`` is what the verb means here (a pattern's code, or the verb's own); ``default_code``
    the verb's code without any pattern; ``pattern`` the matched pattern, if any, whose
    preposition may name its own target; ``specific`` whether a pattern (not only the verb's
    default) chose the code."""

    tok: Token
    sentence: SentenceContext
    code: str
    default_code: str
    verb: Verb | None = None
    pattern: Pattern | None = None
    specific: bool = False
    refusal_frame: bool = False  # "refused to meet": the refusal, coded only with a target


@dataclass(slots=True)
class Arguments:
    """Who acts and on whom, as tokens and resolved sources, for one trigger."""

    sources: list[ActorRef]
    #: (code, target tokens, whether fallback targets may be used) — one plan per code: a
    #: pattern's preposition can name its own target while the other objects keep the verb's code
    plans: list[tuple[str, list[Token], bool]]
    targets: list[Token]
    topics: set[int]
    #: per plan: the named (source, target) pairs, before any country is inferred
    pairs: list[list[tuple[ActorRef | None, ActorRef | None]]] = field(default_factory=list)


@dataclass(slots=True)
class Candidate:
    """An event under construction: the record plus the parse it came from."""

    event: Event
    trigger: Token
    sentence: SentenceContext


@dataclass(slots=True)
class VerbEvents:
    """The candidates one trigger verb gave, and whether a pattern chose their code."""

    candidates: list[Candidate]
    specific: bool


@dataclass
class DocState:
    """Everything the stages know about one document, filled in stage by stage."""

    doc: Doc
    document: Document
    #: for a headline: its document's finished body state, whose names, home country and
    #: place the headline shares ("Esper accuses China" after "Defense Secretary Mark Esper")
    context: DocState | None = None
    actors: SentenceActors | None = None
    countries: set[str] = field(default_factory=set)  # the countries of the actors named
    #: how many actor mentions each country has (the home-country vote starts from it)
    country_counts: Counter[str] = field(default_factory=Counter)
    place_countries: set[str] = field(default_factory=set)  # the countries the places name
    home_country: str | None = None  # the country most actor mentions belong to, if one has most
    #: the place the document names most often, and every place named below country level
    main_place: Location | None = None
    place_mentions: list[tuple[int, Location]] = field(default_factory=list)
    #: the name each place mention was looked up by, where it is more than its own words
    #: ("Birmingham, Alabama"), by the mention's first token
    place_names: dict[int, str] = field(default_factory=dict)
    sentences: list[SentenceContext] = field(default_factory=list)
    #: a date the text gives for an undated document (a dateline's "March 3"), unresolved
    text_date: str | None = None
    discarded: list[Discard] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    stances: dict[int, Stance] = field(default_factory=dict)  # trigger token index → its stance
    arguments: dict[int, Arguments] = field(default_factory=dict)
    locations: dict[int, Location | None] = field(default_factory=dict)
    #: per sentence index, per trigger token index: the verb's candidates
    by_verb: dict[int, dict[int, VerbEvents]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def need_actors(self) -> SentenceActors:
        assert self.actors is not None, "the actors stage runs first"
        return self.actors
