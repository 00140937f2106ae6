"""The coder as a list of declared stages (the model is spaCy's ``Language.factory``).

A stage is a callable over one document's ``DocState`` that declares the state it
``requires`` and the state it ``assigns`` (names in ``coding.state.STATE_FIELDS``). Stages are
registered under versioned names (``whowhom.triggers.cameo_verbs.v1``); a ``CoderConfig``
lists the names in order, and ``Coder`` checks that order once, when it is built: a stage
whose input no earlier stage assigns is a coded error naming what is missing.

To replace a stage (say, a learned trigger classifier), register a factory under a new
name with ``@register_stage`` and list that name in the configuration in place of the
old one; no other stage changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc

from whowhom.coding.cameo import CameoTables, cameo_tables
from whowhom.coding.places import Gazetteer, default_gazetteer
from whowhom.coding.reliability import ReliabilityTable, reliability_table
from whowhom.coding.state import STATE_FIELDS, DocState
from whowhom.errors import Errors, WhowhomError
from whowhom.knowledge import Knowledge
from whowhom.model import Document, Event


@dataclass(slots=True)
class CoderSettings:
    """Knobs that change what is coded (PETRARCH's per-record ``Config`` maps here)."""

    require_dyad: bool = False  # drop events without both a source and a target (PETRARCH's default)
    require_source: bool = True  # drop events whose source the dictionaries do not know
    drop_self_events: bool = True  # "Iraq … Iraq" is not an event between two actors
    #: code people and organisations no dictionary knows as actors ("---", placed by context);
    #: PETRARCH's gold is coded without (its new_actor_length 0), so evaluation on it turns it off
    unknown_named_actors: bool = True


@dataclass(slots=True)
class Resources:
    """What stage factories are built from: the knowledge files and tables, and the settings."""

    knowledge: Knowledge
    settings: CoderSettings
    gazetteer: Gazetteer
    tables: CameoTables
    reliability: ReliabilityTable


class Stage(Protocol):
    """One step of coding: reads and assigns parts of a document's state."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, state: DocState) -> None: ...


StageFn = Callable[[DocState], None]
StageFactory = Callable[[Resources], StageFn]


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: StageFactory


@dataclass(slots=True)
class BuiltStage:
    """A stage ready to run: its declaration and the function its factory made."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[DocState], None]

    def __call__(self, state: DocState) -> None:
        self.run(state)


_REGISTRY: dict[str, StageSpec] = {}


def register_stage(
    name: str, *, requires: Sequence[str], assigns: Sequence[str]
) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under a versioned name (re-registering a name replaces it)."""

    unknown = sorted((set(requires) | set(assigns)) - STATE_FIELDS)
    if unknown:
        known = ", ".join(sorted(STATE_FIELDS))
        raise WhowhomError(Errors.E206.format(name=name, fields=", ".join(unknown), known=known))

    def decorate(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = StageSpec(name, tuple(requires), tuple(assigns), factory)
        return factory

    return decorate


def registered_stages() -> dict[str, StageSpec]:
    _load_builtins()
    return dict(_REGISTRY)


def _load_builtins() -> None:
    # the built-in stages register themselves on import
    from whowhom.coding import builtin  # noqa: F401


#: The default coder: each name is registered by ``whowhom.coding.builtin``.
DEFAULT_STAGES: tuple[str, ...] = (
    "whowhom.actors.dictionary.v1",
    "whowhom.places.gazetteer.v2",
    "whowhom.discards.units.v2",
    "whowhom.triggers.cameo_verbs.v1",
    "whowhom.arguments.parse.v1",
    "whowhom.stance.cues.v1",
    "whowhom.location.sentence.v1",
    "whowhom.pairs.v1",
    "whowhom.frames.v1",
    "whowhom.filters.clauses.v1",
    "whowhom.attribution.quotes.v1",
    "whowhom.dates.adverbial.v1",
    "whowhom.reliability.outlet_speaker.v1",
    "whowhom.quality.no_event.v1",
    "whowhom.finalise.v1",
)


@dataclass(slots=True)
class CoderConfig:
    """Which stages code, in order."""

    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))

    def replace(self, old: str, new: str) -> CoderConfig:
        """This configuration with stage ``old`` swapped for ``new``."""
        return CoderConfig([new if s == old else s for s in self.stages])


def validate(specs: Sequence[StageSpec]) -> None:
    """Every stage's inputs are assigned by an earlier stage; the last ones assign events."""
    available = {"doc", "document"}
    for spec in specs:
        missing = [r for r in spec.requires if r not in available]
        if missing:
            raise WhowhomError(Errors.E205.format(name=spec.name, missing=", ".join(missing)))
        available.update(spec.assigns)
    if "events" not in available:
        raise WhowhomError(Errors.E207)


class Coder:
    """Codes parsed documents with one set of knowledge, settings and stages."""

    def __init__(
        self,
        knowledge: Knowledge,
        settings: CoderSettings | None = None,
        *,
        config: CoderConfig | None = None,
        gazetteer: Gazetteer | None = None,
        tables: CameoTables | None = None,
        reliability: ReliabilityTable | None = None,
    ):
        self.kb = knowledge
        self.settings = settings or CoderSettings()
        self.config = config or CoderConfig()
        self.resources = Resources(
            knowledge=knowledge,
            settings=self.settings,
            gazetteer=gazetteer or default_gazetteer(),
            tables=tables or cameo_tables(),
            reliability=reliability or reliability_table(),
        )
        registry = registered_stages()
        specs = []
        for name in self.config.stages:
            if name not in registry:
                raise WhowhomError(Errors.E204.format(name=name, known=", ".join(sorted(registry))))
            specs.append(registry[name])
        validate(specs)
        self.stages = [BuiltStage(s.name, s.requires, s.assigns, s.factory(self.resources)) for s in specs]

    def run(self, doc: Doc, document: Document, *, context: DocState | None = None) -> DocState:
        """All stages over one parsed document; the state keeps what each assigned. ``context``
        is the body's state when ``doc`` is the document's headline."""
        state = DocState(doc=doc, document=document, context=context)
        for stage in self.stages:
            stage(state)
        return state

    def code(self, doc: Doc, document: Document, *, context: DocState | None = None) -> list[Event]:
        return self.run(doc, document, context=context).events
