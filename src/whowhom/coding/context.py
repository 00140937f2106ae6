"""Document-level stages: actors in the text, the places it names, and what is discarded."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span

from whowhom.coding.actors.resolver import SentenceActors
from whowhom.coding.boundaries import dateline_spans
from whowhom.coding.places.gazetteer import Gazetteer, main_place
from whowhom.coding.places.outlets import outlet_country
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Discard, DocState, SentenceContext
from whowhom.model import Location

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Last words of discard phrases that date an event ("years ago", "months later"): these are
#: applied per verb (``triggers.py``), not per sentence.
TIME_WORDS = frozenset({"AGO", "LATER", "EARLIER"})


def find_phrase(words: list[str], phrases: set[tuple[str, ...]], firsts: set[str]) -> tuple[str, ...] | None:
    """The first of ``phrases`` that occurs in ``words`` (upper-case word lists)."""
    for i, w in enumerate(words):
        if w in firsts:
            for p in phrases:
                if p[0] == w and tuple(words[i : i + len(p)]) == p:
                    return p
    return None


@register_stage("whowhom.actors.dictionary.v1", requires=["doc", "document"], assigns=["actors"])
def actors_stage(res: Resources) -> StageFn:
    kb = res.knowledge

    def run(state: DocState) -> None:
        document = state.document
        state.actors = SentenceActors(
            state.doc,
            kb.actors,
            kb.agents,
            document.date,
            document.text,
            unknown_named=res.settings.unknown_named_actors,
            context=state.context.actors if state.context is not None else None,
            given_names=kb.given_names,
        )
        counts = state.country_counts = state.actors.country_counts()
        state.countries = set(counts)
        state.home_country = home_country(counts)
        if state.context is not None:  # a headline: its document's countries are its own
            state.countries |= state.context.countries
            state.home_country = state.home_country or state.context.home_country

    return run


#: What a place named below country level ("Bristol", "Logar province") counts for in the
#: home-country vote, against one actor mention: a local story names its towns more than its
#: country, and a person's home town is not named as often as the person.
PLACE_VOTE = 2
#: The share of country-coded actor mentions one country needs for the document to be "about" it.
HOME_SHARE = 0.5
#: What the outlet's own country (``places.outlets``) counts for in the home-country vote: as
#: much as a few mentions, so it decides a local story that names few actors, not a foreign one.
OUTLET_VOTE = 3


def home_country(counts: Counter[str]) -> str | None:
    """The country most of the document's actor mentions belong to, if one has a clear majority
    (more than ``HOME_SHARE``): "police" and "the Senate" in such a document are its own."""
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n / sum(counts.values()) > HOME_SHARE else None


@register_stage("whowhom.places.gazetteer.v1", requires=["actors"], assigns=["places"])
def places_stage(res: Resources) -> StageFn:
    """The place the document names most often (first mention breaks ties), and every named
    place below country level with the token where it is named."""
    gazetteer = res.gazetteer

    def run(state: DocState) -> None:
        counts: dict[str, int] = {}
        first: dict[str, Location] = {}
        mentions: list[tuple[int, Location]] = []
        for ent in state.doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            place = gazetteer.lookup(ent.text, countries=state.countries)
            if place is None or place.kind in ("country", "continent", "state"):
                continue
            location = gazetteer.to_location(ent.text, place)
            mentions.append((ent.start, location))
            counts[place.name] = counts.get(place.name, 0) + 1
            first.setdefault(place.name, location)
        state.place_mentions = mentions
        state.main_place = first[max(counts, key=lambda name: counts[name])] if counts else None

    return run


@register_stage("whowhom.places.gazetteer.v2", requires=["actors"], assigns=["places"])
def document_places(res: Resources) -> StageFn:
    """Every place the document names, resolved together (``Gazetteer.resolve_document``: the
    countries the document names and its actors' countries rank the readings), and the one place
    the document is about, if it is about one (a digest of many towns has none)."""
    gazetteer = res.gazetteer

    def run(state: DocState) -> None:
        ents = [e for e in state.doc.ents if e.label_ in PLACE_LABELS]
        names = [e.text for e in ents]
        for k in range(len(ents) - 1):
            # "Birmingham, Alabama": the town is looked up within its region or country
            if ents[k + 1].start == ents[k].end + 1 and state.doc[ents[k].end].text == ",":
                names[k] = f"{ents[k].text}, {ents[k + 1].text}"
        for k, ent in enumerate(ents):
            # "the Central District of California" (the tagger often leaves the region out)
            region = _of_region(state.doc, ent.end, gazetteer)
            if region is not None:
                names[k] = f"{ent.text}, {region}"
        state.place_names = {
            ent.start: name for ent, name in zip(ents, names, strict=True) if name != ent.text
        }
        found = gazetteer.resolve_document(names, actor_countries=state.countries)
        state.place_countries = set(found.countries)
        actors = state.need_actors()
        votes = Counter(state.country_counts)
        outlet = outlet_country(state.document.url, state.document.source, gazetteer)
        if outlet is not None:
            votes[outlet] += OUTLET_VOTE
        for ent, name, place in zip(ents, names, found.places, strict=True):
            named_actor = any(actors.actor_at[t] is not None for t in range(ent.start, ent.end))
            if place is not None and place.kind not in ("country", "continent") and not named_actor:
                # the vote reads the name without the actors' countries, which it is to check;
                # a capital named for its government ("Beijing") is counted as an actor already
                alone = gazetteer.lookup(name)
                if alone is not None and alone.country and alone.kind not in ("country", "continent"):
                    votes[alone.country] += PLACE_VOTE
        home = home_country(votes)
        if home is not None or state.context is None:
            state.home_country = home
        places, main = list(found.places), found.main
        if home is not None:
            # a name read abroad that also names a place at home is the one at home ("Leicester"
            # in an English story that names one American)
            for k, (name, place) in enumerate(zip(names, places, strict=True)):
                if place is not None and place.country != home and place.kind not in ("country", "continent"):
                    there = gazetteer.lookup(name, countries=(home,))
                    if there is not None and there.country == home:
                        places[k] = there
            if places != list(found.places):
                main = main_place(places)
        first_text: dict[str, str] = {}
        for ent, place in zip(ents, places, strict=True):
            if place is None or place.kind in ("country", "continent"):
                continue
            state.place_mentions.append((ent.start, gazetteer.to_location(ent.text, place)))
            first_text.setdefault(place.name, ent.text)
        if main is not None:
            state.main_place = gazetteer.to_location(first_text.get(main.name, main.name), main)
        elif state.context is not None and not ents:  # a headline that names no place
            state.main_place = state.context.main_place

    return run


def _of_region(doc: Doc, end: int, gazetteer: Gazetteer) -> str | None:
    """The region or country named by "of …" right after a place's name, if any."""
    if end + 1 >= len(doc) or doc[end].lower_ != "of":
        return None
    j = end + 1
    while j < len(doc) and j < end + 4 and doc[j].pos_ == "PROPN":
        j += 1
    if j == end + 1:
        return None
    name = doc[end + 1 : j].text
    place = gazetteer.lookup(name)
    return name if place is not None and place.kind in ("state", "country") else None


def keep_dateline(res: Resources, state: DocState, dateline: re.Match[str]) -> None:
    """What a dateline says, kept: its outlet as the document's outlet when it names none (so
    it is attribution, not an actor), its place as the document's place when no other is."""
    outlet = dateline.group("outlet")
    if outlet and not state.document.source:
        state.document = replace(state.document, source=outlet.strip())
    if state.main_place is None:
        name = (dateline.group("where") or dateline.group("place")).strip().title()
        place = res.gazetteer.lookup(name, countries=state.place_countries or state.countries)
        if place is not None:
            state.main_place = res.gazetteer.to_location(name, place)
    if not state.document.date and dateline.group("date"):
        state.text_date = dateline.group("date")


def phrase_in(
    actors: SentenceActors, sent: Span, phrases: set[tuple[str, ...]], firsts: set[str]
) -> tuple[str, ...] | None:
    """The first of ``phrases`` in the words of sentence ``sent``."""
    if not phrases:
        return None
    lo = bisect_left(actors.token_index, sent.start)
    hi = bisect_left(actors.token_index, sent.end)
    return find_phrase(actors.words[lo:hi], phrases, firsts)


def is_year(phrase: tuple[str, ...]) -> bool:
    """A discard phrase that is a bare year ("1983"): it dates an event, it is not a topic."""
    return len(phrase) == 1 and len(phrase[0]) == 4 and phrase[0].isdigit()


def _units(text: str) -> list[tuple[int, int]]:
    """Character spans of a document's units: its lines (a paragraph, a list item, a feed
    item's line), the smallest parts that can be about one story."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


#: Characters trimmed from a line before it is compared (as ``Store.boilerplate_lines`` trims).
_LINE_TRIM = " \t\r"
#: How much of a boilerplate line its discard record quotes.
BOILERPLATE_PHRASE_CHARS = 80


def boilerplate_units(text: str, boilerplate: frozenset[str]) -> list[tuple[int, int, str]]:
    """Character spans of the lines of ``text`` that are in ``boilerplate``, with the start of
    each line (for the discard record)."""
    if not boilerplate:
        return []
    out: list[tuple[int, int, str]] = []
    for start, end in _units(text):
        line = text[start:end].strip(_LINE_TRIM + "\n")
        if line in boilerplate:
            out.append((start, end, line[:BOILERPLATE_PHRASE_CHARS]))
    return out


@register_stage("whowhom.discards.units.v2", requires=["actors"], assigns=["sentences", "discarded"])
def unit_discards(res: Resources) -> StageFn:
    """PETRARCH's discard phrases, each applied to the smallest unit it describes:

    * a story-level phrase ("WORLD CUP") drops the line it is in (a paragraph, a list item),
      never the rest of a document that is about other things as well;
    * a sentence-level phrase drops its sentence, except bare years, which the trigger stage
      applies only to a verb that its own adverbial dates before the document
      ("agreed today to increase trade in 1983" is coded);
    * a sentence in a line that recurs across many documents of the document's source
      (``Document.boilerplate``: a sidebar headline, a paywall notice) is not coded, rule
      ``boilerplate``, phrase the line's start;
    * every discard is recorded with its rule and phrase.
    """
    kb = res.knowledge
    sentence_discards = {d for d in kb.discards if d[-1] not in TIME_WORDS and not is_year(d)}
    sentence_firsts = {d[0] for d in sentence_discards}
    story_firsts = {d[0] for d in kb.story_discards}

    def dropped_lines(state: DocState) -> list[tuple[int, int, str]]:
        """Token spans of the lines a story-level phrase drops, with the phrase."""
        actors = state.need_actors()
        out: list[tuple[int, int, str]] = []
        if not kb.story_discards or not find_phrase(actors.words, kb.story_discards, story_firsts):
            return out
        for start, end in _units(state.document.text):
            span = state.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            lo = bisect_left(actors.token_index, span.start)
            hi = bisect_left(actors.token_index, span.end)
            found = find_phrase(actors.words[lo:hi], kb.story_discards, story_firsts)
            if found:
                out.append((span.start, span.end, " ".join(found)))
        return out

    def run(state: DocState) -> None:
        actors = state.need_actors()
        lines = dropped_lines(state)
        starts = [line[0] for line in lines]
        datelines = {m.start(): m for m in dateline_spans(state.document.text)}
        repeated = boilerplate_units(state.document.text, state.document.boilerplate)
        repeated_starts = [u[0] for u in repeated]
        for index, sent in enumerate(state.doc.sents):
            dateline = datelines.get(sent.start_char)
            if dateline is not None and sent.end_char <= dateline.end() + 1:
                state.discarded.append(Discard(index, "dateline", " ".join(dateline.group(0).split())))
                keep_dateline(res, state, dateline)
                continue
            b = bisect_left(repeated_starts, sent.start_char + 1) - 1
            if b >= 0 and sent.start_char < repeated[b][1]:
                state.discarded.append(Discard(index, "boilerplate", repeated[b][2]))
                continue
            k = bisect_left(starts, sent.start + 1) - 1
            if k >= 0 and sent.start < lines[k][1]:
                state.discarded.append(Discard(index, "story phrase in its line", lines[k][2]))
                continue
            found = phrase_in(actors, sent, sentence_discards, sentence_firsts)
            if found:
                state.discarded.append(Discard(index, "sentence phrase", " ".join(found)))
                continue
            state.sentences.append(SentenceContext(sent, index))

    return run


@register_stage("whowhom.discards.phoenix.v1", requires=["actors"], assigns=["sentences", "discarded"])
def discards_stage(res: Resources) -> StageFn:
    """PETRARCH's discard phrases: a story-level phrase drops the document, any other drops its
    sentence. Each discard is recorded with its rule and phrase."""
    kb = res.knowledge
    sentence_discards = {d for d in kb.discards if d[-1] not in TIME_WORDS}
    sentence_firsts = {d[0] for d in sentence_discards}
    story_firsts = {d[0] for d in kb.story_discards}

    def run(state: DocState) -> None:
        actors = state.need_actors()
        if kb.story_discards:
            found = find_phrase(actors.words, kb.story_discards, story_firsts)
            if found:
                state.discarded.append(Discard(None, "story discard", " ".join(found)))
                state.sentences = []
                return
        for index, sent in enumerate(state.doc.sents):
            found = phrase_in(actors, sent, sentence_discards, sentence_firsts)
            if found:
                state.discarded.append(Discard(index, "sentence discard", " ".join(found)))
                continue
            state.sentences.append(SentenceContext(sent, index))

    return run
