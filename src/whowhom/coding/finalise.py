"""The last stages: each event's date, its reliability, and the finished record.

They run after attribution, so an event's reliability always reflects its final speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Span, Token

from whowhom.coding.arguments import POLITICAL_OBJECTS
from whowhom.coding.dates import absolute_date, resolve_date
from whowhom.coding.patterns import CLAUSE_DEPS
from whowhom.coding.reliability import event_reliability
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Candidate, DocState
from whowhom.model import DateSource, Event, make_event_id


def event_date(verb: Token, dates: list[Span], anchor: str | None) -> str | None:
    """The date the verb's own phrase names ("on Saturday"), read against ``anchor``, or None.
    ``dates`` are the DATE entities of the verb's sentence."""
    if not dates:
        return None
    own = {
        t.i
        for child in verb.children
        if child.dep_ not in CLAUSE_DEPS and child.dep_ not in ("nsubj", "nsubjpass", "dobj")
        for t in child.subtree
    }
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)
    for ent in dates:
        if ent.start in own:
            resolved = resolve_date(ent.text, anchor, future=future)
            if resolved:
                return resolved
    return None


def text_date(state: DocState, by_sentence: dict[int, list[Span]]) -> str | None:
    """The first full date in the dateline or the first three sentences of an undated document."""
    found = [state.text_date] if state.text_date else []
    for ctx in state.sentences[:3]:
        found.extend(ent.text for ent in by_sentence.get(ctx.index, []))
    for text in found:
        day = absolute_date(text)
        if day:
            return day
    return None


@register_stage("whowhom.dates.adverbial.v1", requires=["candidates"], assigns=["dates"])
def adverbial_dates(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        if not state.candidates:
            return
        # DATE entities bucketed by sentence once per document (not per event: that was
        # quadratic in the document's length)
        starts = [ctx.sent.start for ctx in state.sentences]
        by_sentence: dict[int, list[Span]] = {}
        for ent in state.doc.ents:
            if ent.label_ == "DATE":
                k = bisect_right(starts, ent.start) - 1
                if k >= 0 and ent.end <= state.sentences[k].sent.end:
                    by_sentence.setdefault(state.sentences[k].index, []).append(ent)
        default = state.document.date
        source: DateSource | None = "document" if default else None
        if default is None:  # an undated document: a full date its text gives (dateline, lead)
            default = text_date(state, by_sentence)
            source = "text" if default else None
        for c in state.candidates:
            own = event_date(c.trigger, by_sentence.get(c.sentence.index, []), default)
            c.event.date = own or default
            c.event.date_source = "sentence" if own else source
            if source == "text" and not own:
                c.event.why.append(f"date from the text ({default})")

    return run


@register_stage(
    "whowhom.reliability.outlet_speaker.v1", requires=["candidates", "attribution"], assigns=["reliability"]
)
def outlet_speaker_reliability(res: Resources) -> StageFn:
    table = res.reliability

    def run(state: DocState) -> None:
        outlet = table.for_outlet(state.document.source)
        for c in state.candidates:
            c.event.reliability = event_reliability(outlet, c.event.attribution, table)

    return run


#: CAMEO roots of acts towards someone (intend to cooperate, consult, cooperate or praise,
#: cooperate materially, give aid): with no one named to act towards, the verb was read in
#: another sense ("considers himself", "recognises four types of violence", "gave coverage").
RELATIONAL_ROOTS = frozenset({"03", "04", "05", "06", "07"})


def _about_a_political_act(state: DocState, event: Event) -> bool:
    """Whether the event's verb takes as its object someone's political act ("supported the
    offensive", "welcomed the truce"), which stands for the one it is towards."""
    span = state.doc.char_span(event.event.start, event.event.end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in POLITICAL_OBJECTS for o in objects)


#: A sentence shorter than this many words is not taken as a repeat of a longer one ("Police
#: said." is inside many sentences).
REPEAT_MIN_WORDS = 6


def _words(c: Candidate) -> str:
    """The sentence's words, case-folded, spaced on both sides (quotes, dashes, list marks and
    other punctuation dropped), so that one sentence's words can be found inside another's."""
    words = [t.lower_ for t in c.sentence.sent if t.is_alpha or t.is_digit]
    return f" {' '.join(words)} " if len(words) >= REPEAT_MIN_WORDS else ""


def repeated(candidates: list[Candidate]) -> set[int]:
    """The candidates (by position) that a later sentence of the same document repeats: the
    same code, actors and polarity, where one sentence's words are all inside the other's.
    News pages print a story's key lines twice, as a highlight or summary first ("- "We call
    on both sides …," the spokesman said") and again in the body; the body's copy is kept."""
    by_key: dict[tuple[object, ...], list[int]] = {}
    for i, c in enumerate(candidates):
        e = c.event
        key = (e.event.code, e.source and e.source.code, e.target and e.target.code, e.polarity)
        by_key.setdefault(key, []).append(i)
    dropped: set[int] = set()
    for group in by_key.values():
        if len({candidates[i].sentence.index for i in group}) < 2:
            continue
        words = {i: _words(candidates[i]) for i in group}
        for i in group:
            for j in group:
                if candidates[j].sentence.index <= candidates[i].sentence.index or not (wi := words[i]):
                    continue
                if (wj := words[j]) and (wi in wj or wj in wi):
                    dropped.add(i)
                    break
    return dropped


@register_stage("whowhom.finalise.v1", requires=["candidates", "places"], assigns=["events"])
def finalise(res: Resources) -> StageFn:
    """Ids, the document's main place where a sentence names none, and the event list; an event
    a page prints twice is kept once (``repeated``)."""

    def run(state: DocState) -> None:
        doc_id = state.document.doc_id
        fallback = replace(state.main_place, precision="document") if state.main_place else None
        dyads_only = res.settings.require_dyad
        copies = repeated(state.candidates)
        for n, c in enumerate(state.candidates):
            if n in copies:
                continue
            e = c.event
            if dyads_only and (e.source is None or e.target is None):
                continue
            if e.target is None and e.event.root in RELATIONAL_ROOTS and not _about_a_political_act(state, e):
                continue  # "considers himself liberal", "recognises four types": no one to act on
            e.doc_id = doc_id
            e.event_id = make_event_id(
                doc_id,
                e.sentence,
                (e.event.start, e.event.end),
                (e.source.start, e.source.code) if e.source else None,
                (e.target.start, e.target.code) if e.target else None,
                e.event.code,
            )
            if e.location is None:
                e.location = fallback
            state.events.append(e)

    return run
