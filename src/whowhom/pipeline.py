"""The one coding path every face calls: documents in, (document, events) out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from whowhom.coding.extract import Coder, CoderSettings
from whowhom.evaluate import Case, Triple
from whowhom.knowledge import load_knowledge
from whowhom.model import Document, Event
from whowhom.nlp import load_nlp
from whowhom.store import Store

DEFAULT_BATCH_SIZE = 64


def make_coder(dictionaries: Path | None = None, settings: CoderSettings | None = None) -> Coder:
    return Coder(load_knowledge(dictionaries), settings)


def code_documents(
    documents: Iterable[Document],
    *,
    coder: Coder | None = None,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[tuple[Document, list[Event]]]:
    """Parse documents in batches through ``nlp.pipe`` and code each one."""
    coder = coder or make_coder()
    nlp = nlp or load_nlp()
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, coder.code(doc, document)


def code_store(
    store: Store,
    *,
    coder: Coder | None = None,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Code every stored document not yet coded; store events batch by batch (so an interrupted
    run keeps what it finished). Returns (documents, events); ``on_batch`` hears each batch size."""
    n_docs = n_events = 0
    batch: list[tuple[Document, list[Event]]] = []
    for pair in code_documents(store.uncoded_documents(), coder=coder, nlp=nlp, batch_size=batch_size):
        batch.append(pair)
        if len(batch) >= batch_size:
            n_events += store.save_events(batch)
            n_docs += len(batch)
            if on_batch:
                on_batch(len(batch))
            batch = []
    if batch:
        n_events += store.save_events(batch)
        n_docs += len(batch)
        if on_batch:
            on_batch(len(batch))
    return n_docs, n_events


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


def _named(event: Event, role: str, infer_countries: bool) -> str | None:
    """An actor code as scored: with an inferred country, or (PETRARCH's convention) only what
    the text names ("---OPP" for "protesters")."""
    ref = event.source if role == "source" else event.target
    if ref is None or ref.code is None:
        return None
    if not infer_countries and f"{role} country inferred" in event.why:
        return "---" + ref.code[3:]
    return ref.code


def predict_cases(
    cases: Iterable[Case],
    *,
    dictionaries: Path | None = None,
    nlp: Language | None = None,
    infer_countries: bool = False,
) -> dict[str, list[Triple]]:
    """Code each gold case's text as PETRARCH would be asked to, by id: asserted events, not the
    content of an intention or threat (PETRARCH codes the threat, not what is threatened), and
    (unless ``infer_countries``) actors only as far as the text names them."""
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
            (_named(e, "source", infer_countries), _named(e, "target", infer_countries), e.event.code)
            for e in coder.code(parsed, doc)
            if e.polarity == "asserted" and not any(w.startswith("content of") for w in e.why)
        ]
    return predictions
