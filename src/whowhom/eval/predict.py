"""What the coder predicts for gold cases, scored by PETRARCH's conventions.

This is evaluation policy, kept out of the coding path: PETRARCH codes asserted events, not
the content of an intention or threat, and (by default) actors only as far as the text names
them ("---OPP" for "protesters" even when the country could be inferred).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language

from whowhom.coding.stages import Coder, CoderSettings
from whowhom.eval.events import Case, Triple
from whowhom.knowledge import load_knowledge
from whowhom.model import ActorSide, Coded, Document, Event
from whowhom.nlp import load_nlp
from whowhom.pipeline import code_documents


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes"}


def settings_for_case(config: dict[str, object] | None) -> CoderSettings:
    """PETRARCH's per-record ``<Config>`` settings, as far as they change our coder.

    PETRARCH codes dyads only unless ``require_dyad`` is false, so evaluation does too.
    """
    settings = CoderSettings(require_dyad=True, unknown_named_actors=False)  # new_actor_length 0
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


def petrarch_gold(case: Case) -> bool:
    """Whether a case comes from PETRARCH's own gold files (their ``notes.source_file`` names
    the repository), whose convention codes actors only as far as the text names them."""
    return "petrarch" in str(case.notes.get("source_file") or "").lower()


def scored(event: Event) -> bool:
    """PETRARCH codes asserted events in their own right, not what is threatened or intended."""
    return event.polarity == "asserted" and event.content_of is None


def predict_cases(
    cases: Iterable[Case],
    *,
    dictionaries: Path | None = None,
    nlp: Language | None = None,
    infer_countries: bool | None = None,
) -> dict[str, list[Triple]]:
    """Code each gold case's text as PETRARCH would be asked to, by id. Cases that locate their
    sentence in a corpus page are coded in their document (see ``predict_in_pages``).

    Actors are scored by the gold's own convention unless ``infer_countries`` says otherwise:
    PETRARCH's gold with only what the text names ("Greek police … protesters" → ---OPP), any
    other gold with the countries whowhom infers (GRCOPP), as news annotators code them
    (tests/data/REALNEWS_README.md, HELDOUT_README.md)."""
    knowledge = load_knowledge(dictionaries)
    coders: dict[bool, Coder] = {}
    predictions: dict[str, list[Triple]] = {}
    nlp = nlp or load_nlp()
    every = list(cases)
    case_list = [c for c in every if "page" not in c.notes]
    in_pages = [c for c in every if "page" in c.notes]
    if in_pages:
        # its convention also keeps two actors of one code ("a senator … another senator")
        coder = Coder(knowledge, CoderSettings(require_dyad=True, drop_self_events=False))
        # the real-news gold (tests/data/REALNEWS_README.md) is no PETRARCH gold: countries inferred
        predictions.update(
            predict_in_pages(in_pages, coder=coder, nlp=nlp, infer_countries=infer_countries is not False)
        )
    docs = [Document(text=c.text, doc_id=c.id, date=c.date) for c in case_list]
    for case, doc, parsed in zip(case_list, docs, nlp.pipe(d.text for d in docs), strict=True):
        settings = settings_for_case(case.notes.get("config_in_force"))
        coder = coders.setdefault(settings.require_dyad, Coder(knowledge, settings))
        infer = infer_countries if infer_countries is not None else not petrarch_gold(case)
        predictions[case.id] = [
            (
                scored_code(e, "source", infer),
                scored_code(e, "target", infer),
                e.event.code,
            )
            for e in coder.code(parsed, doc)
            if scored(e)
        ]
    return predictions


def predict_in_pages(
    cases: Sequence[Case], *, coder: Coder, nlp: Language, infer_countries: bool = False
) -> dict[str, list[Triple]]:
    """Code each page whole, as ``ingest`` + ``run`` would, and give each case the events
    whose trigger lies in its sentence: real news is coded with its document's context (the
    country of "police" in a US story), not as isolated sentences. A case that is the page's
    headline gets the events coded from the headline, if any."""
    from whowhom.eval.located import page_documents, span_in

    out: dict[str, list[Triple]] = {c.id: [] for c in cases}
    by_page: dict[str, list[Case]] = {}
    for c in cases:
        by_page.setdefault(str(c.notes["page"]), []).append(c)
    for page, page_cases in by_page.items():
        # a headline is scored on its own: its events count even where the lead repeats them
        pages = page_documents(Path(page))
        for item in code_documents(pages, coder=coder, nlp=nlp, headline_repeats=True):
            if not isinstance(item, Coded):
                continue
            events = [e for e in item.events if scored(e)]
            for c in page_cases:
                if c.notes.get("kind") == "title":  # the headline: the events coded from it
                    hits = [e for e in events if e.evidence is not None and e.evidence.kind == "headline"]
                else:
                    span = span_in(item.document.text, c.text)
                    if span is None:
                        continue
                    hits = [e for e in events if e.sentence >= 0 and span[0] <= e.event.start < span[1]]
                out[c.id].extend(
                    (
                        scored_code(e, "source", infer_countries),
                        scored_code(e, "target", infer_countries),
                        e.event.code,
                    )
                    for e in hits
                )
    return out
