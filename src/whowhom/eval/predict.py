"""What the coder predicts for gold cases, scored by PETRARCH's conventions.

This is evaluation policy, kept out of the coding path: PETRARCH codes asserted events, not
the content of an intention or threat, and (by default) actors only as far as the text names
them ("---OPP" for "protesters" even when the country could be inferred).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from whowhom.coding.stages import Coder, CoderSettings
from whowhom.eval.events import Case, Triple
from whowhom.knowledge import load_knowledge
from whowhom.model import ActorSide, Document, Event
from whowhom.nlp import load_nlp


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes"}


def settings_for_case(config: dict[str, object] | None) -> CoderSettings:
    """PETRARCH's per-record ``<Config>`` settings, as far as they change our coder.

    PETRARCH codes dyads only unless ``require_dyad`` is false, so evaluation does too.
    """
    settings = CoderSettings(require_dyad=True)
    if config and "require_dyad" in config:
        settings.require_dyad = _truthy(config["require_dyad"])
    return settings


def scored_code(event: Event, role: ActorSide, infer_countries: bool) -> str | None:
    """An actor code as scored: with an inferred country, or (PETRARCH's convention) only what
    the text names ("---OPP" for "protesters")."""
    ref = event.source if role == "source" else event.target
    if ref is None or ref.code is None:
        return None
    if not infer_countries and role in event.inferred_countries:
        return "---" + ref.code[3:]
    return ref.code


def scored(event: Event) -> bool:
    """PETRARCH codes asserted events in their own right, not what is threatened or intended."""
    return event.polarity == "asserted" and event.content_of is None


def predict_cases(
    cases: Iterable[Case],
    *,
    dictionaries: Path | None = None,
    nlp: Language | None = None,
    infer_countries: bool = False,
) -> dict[str, list[Triple]]:
    """Code each gold case's text as PETRARCH would be asked to, by id."""
    knowledge = load_knowledge(dictionaries)
    coders: dict[bool, Coder] = {}
    predictions: dict[str, list[Triple]] = {}
    nlp = nlp or load_nlp()
    case_list = list(cases)
    docs = [Document(text=c.text, doc_id=c.id, date=c.date) for c in case_list]
    for case, doc, parsed in zip(case_list, docs, nlp.pipe(d.text for d in docs), strict=True):
        settings = settings_for_case(case.notes.get("config_in_force"))
        coder = coders.setdefault(settings.require_dyad, Coder(knowledge, settings))
        predictions[case.id] = [
            (
                scored_code(e, "source", infer_countries),
                scored_code(e, "target", infer_countries),
                e.event.code,
            )
            for e in coder.code(parsed, doc)
            if scored(e)
        ]
    return predictions
