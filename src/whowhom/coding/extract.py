"""From a spaCy dependency parse to coded event records.

For every verb the dictionary knows: the source is its subject (or the ``by`` agent of
a passive), the target its object, a prepositional object ("clashed *with* X") or the
passive subject; coordinated actors give one event each. A reporting verb ("officials
said Iran approved …") is not itself coded when it reports a clause: the clause's events
are, with the speaker recorded in ``attribution``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from whowhom.actors.resolver import SentenceActors
from whowhom.coding.arguments import (
    ATTACK_NOUNS,
    PLACE_PREPS,
    RELATIVE_PRONOUNS,
    TOPIC_PREPS,
    attack_agents,
    best_refs,
    choose_verb,
    inherited_subjects,
    locative_objects,
    named_first,
    pattern_prep_objects,
    relative_antecedents,
    reporter_subjects,
    split_objects,
    subjects,
)
from whowhom.coding.cameo import CameoTables, cameo_tables
from whowhom.coding.frames import (
    CLAIM_FRAMES,
    DIRECTIVE_FRAMES,
    INTENT_AUX,
    INTENT_FRAMES,
    MODAL_FRAMES,
    intent_code,
    mark_content,
)
from whowhom.coding.patterns import CLAUSE_DEPS, best_pattern, phrase_forms
from whowhom.coding.verbs import Verb
from whowhom.dates import resolve_date
from whowhom.knowledge import Knowledge
from whowhom.modality import (
    ATTRIBUTING_VERBS,
    QUOTE_MARKS,
    Stance,
    attribute_blockquotes,
    attribute_quotations,
    clause_stance,
)
from whowhom.model import ActorRef, Document, Event, EventCode, Evidence, Location, make_event_id
from whowhom.places import Gazetteer, default_gazetteer
from whowhom.reliability import ReliabilityTable, event_reliability, reliability_table

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Reverse codes of PETRARCH's paired visit codes ([042:043], [032:033]): the host's side of a
#: visit adds no evidence of its own, so whowhom does not code it.
IMPLIED_HOSTING = frozenset({"043", "033"})
#: Last words of discard phrases that date an event ("years ago", "months later").
TIME_WORDS = frozenset({"AGO", "LATER", "EARLIER"})
#: Acts that coordinated actors do to each other when no target is named
#: ("Iran and Syria met", "… clashed"), unlike "France and Italy condemned the attack".
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
RECIPROCAL_VERBS = frozenset(
    {
        "meet",
        "clash",
        "fight",
        "battle",
        "negotiate",
        "talk",
        "agree",
        "cooperate",
        "reconcile",
        "spar",
        "quarrel",
        "skirmish",
        "sign",
        "exchange",
    }
)


@dataclass(slots=True)
class CoderSettings:
    """Knobs that change what is coded (PETRARCH's per-record ``Config`` maps here)."""

    require_dyad: bool = False  # drop events without both a source and a target (PETRARCH's default)
    require_source: bool = True  # drop events whose source the dictionaries do not know
    drop_self_events: bool = True  # "Iraq … Iraq" is not an event between two actors


#: Sectors of the state: their counterpart with no country named is taken to be domestic.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})


def localize(
    ref: ActorRef | None, partner: ActorRef | None, speaker_country: str | None, place_country: str | None
) -> ActorRef | None:
    """Give a country to an actor named only by its role ("protesters", "police").

    "Greek riot police fired at protesters": the protesters are Greek (a state's police, courts
    and government act on their own people; its army too, when the event is on its own soil);
    "police had arrested three men, Pakistan's interior minister said": Pakistani police.
    """
    if ref is None or ref.country is not None or not ref.code or not ref.code.startswith("---"):
        return ref
    country = None
    if partner is not None and partner.country and partner.sector in STATE_SECTORS:
        at_home = place_country == partner.country or (place_country is None and partner.sector != "MIL")
        country = partner.country if at_home else None
    elif speaker_country and (place_country is None or place_country == speaker_country):
        country = speaker_country
    if country is None:
        return ref
    return replace(ref, code=country + ref.code[3:], country=country)


def _speaker_country(stance: Stance) -> str | None:
    """The country of the innermost coded speaker, if it is a state's voice."""
    for layer in stance.attribution:
        code = layer.get("code")
        if layer.get("role") == "speaker" and code and code[3:6] in STATE_SECTORS:
            return str(code[:3])
        if layer.get("role") == "speaker":
            return None
    return None


def _adverbial_words(verb: Token) -> list[str]:
    """Upper-case words of the verb's own adverbial modifiers ("three years ago"), not of
    clauses inside them ("… men sought for a killing three years ago")."""
    found: list[Token] = []

    def walk(tok: Token) -> None:
        found.append(tok)
        for child in tok.children:
            if child.dep_ not in CLAUSE_DEPS and child.dep_ != "acl":
                walk(child)

    for child in verb.children:
        if child.dep_ in ("npadvmod", "advmod", "prep", "tmod"):
            walk(child)
    return [t.text.upper() for t in sorted(found, key=lambda t: t.i)]


def _event_date(verb: Token, default: str | None) -> str | None:
    """The date the verb's own phrase names ("on Saturday"), else the document date."""
    dates = [e for e in verb.sent.ents if e.label_ == "DATE"]
    if not dates:
        return default
    own = {
        t.i
        for child in verb.children
        if child.dep_ not in CLAUSE_DEPS and child.dep_ not in ("nsubj", "nsubjpass", "dobj")
        for t in child.subtree
    }
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)
    for ent in dates:
        if ent.start in own:
            resolved = resolve_date(ent.text, default, future=future)
            if resolved:
                return resolved
    return default


#: Prepositions that can introduce where an event happened ("on the edges of the district").
LOCATION_PREPS = PLACE_PREPS | {"on", "into", "along", "from", "outside"}
#: Common nouns that, with "the", refer back to a place just named ("… in the district").
PLACE_NOUNS = frozenset(
    {
        "district",
        "city",
        "town",
        "capital",
        "area",
        "province",
        "neighbourhood",
        "neighborhood",
        "region",
        "village",
        "port",
        "enclave",
        "suburb",
    }
)


def _place(
    sent_actors: SentenceActors,
    gazetteer: Gazetteer,
    verb: Token,
    args: list[Token],
    countries: set[str],
    mentions: Sequence[tuple[int, Location]] = (),
) -> Location | None:
    """The first place in a locative phrase of the verb or of its arguments: a named one, or
    "the district" meaning the last place the document named before it."""
    for owner in (verb, *args):
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in LOCATION_PREPS:
                for tok in child.subtree:
                    if tok.ent_type_ in PLACE_LABELS and tok.ent_iob_ == "B":
                        ent = sent_actors.ent_at.get(tok.i)
                        if ent is None:
                            continue
                        place = gazetteer.lookup(ent.text, countries=countries)
                        if place is not None:
                            return gazetteer.to_location(ent.text, place)
                    elif tok.lower_ in PLACE_NOUNS and any(d.lower_ == "the" for d in tok.children):
                        earlier = [loc for i, loc in mentions if i < tok.i]
                        if earlier:
                            return earlier[-1]
    return None


@dataclass(slots=True)
class SentenceContext:
    """What coding one sentence needs beside the verb: passed along instead of six arguments."""

    sent: Span
    index: int
    actors: SentenceActors
    countries: set[str]
    document: Document
    main_place: Location | None = None
    place_mentions: list[tuple[int, Location]] = field(default_factory=list)


class Coder:
    """Codes parsed documents with one set of knowledge and settings."""

    def __init__(
        self,
        knowledge: Knowledge,
        settings: CoderSettings | None = None,
        gazetteer: Gazetteer | None = None,
        tables: CameoTables | None = None,
        reliability: ReliabilityTable | None = None,
    ):
        self.kb = knowledge
        self.settings = settings or CoderSettings()
        self.gazetteer = gazetteer or default_gazetteer()
        self.tables = tables or cameo_tables()
        self.reliability = reliability or reliability_table()
        # "… years ago": a retrospective only when it dates the event itself, not when it dates
        # something else in the sentence ("arrested men sought for a killing three years ago")
        self._dated_discards = {d for d in knowledge.discards if d[-1] in TIME_WORDS}
        self._discards = knowledge.discards - self._dated_discards
        self._discard_firsts = {d[0] for d in self._discards}
        self._dated_firsts = {d[0] for d in self._dated_discards}
        self._story_firsts = {d[0] for d in knowledge.story_discards}

    def _has_phrase(self, words: list[str], phrases: set[tuple[str, ...]], firsts: set[str]) -> bool:
        for i, w in enumerate(words):
            if w in firsts:
                for p in phrases:
                    if p[0] == w and tuple(words[i : i + len(p)]) == p:
                        return True
        return False

    def code(self, doc: Doc, document: Document) -> list[Event]:
        actors = SentenceActors(doc, self.kb.actors, self.kb.agents, document.date, document.text)
        if self.kb.story_discards and self._has_phrase(
            actors.words, self.kb.story_discards, self._story_firsts
        ):
            return []
        countries = actors.countries()
        main_place, place_mentions = self._places(doc, countries)
        events: list[Event] = []
        for s_index, sent in enumerate(doc.sents):
            if self._discards:
                lo = bisect_left(actors.token_index, sent.start)
                hi = bisect_left(actors.token_index, sent.end)
                if self._has_phrase(actors.words[lo:hi], self._discards, self._discard_firsts):
                    continue
            ctx = SentenceContext(sent, s_index, actors, countries, document, main_place, place_mentions)
            events.extend(self._code_sentence(ctx))
        text = document.text  # doc.text would be rebuilt from the tokens on every access
        if any(q in text for q in QUOTE_MARKS):
            attribute_quotations(events, doc, actors)
        if ">" in text:
            attribute_blockquotes(events, doc, actors)
        for event in events:
            if event.location is None:
                event.location = main_place
        return events

    def _places(self, doc: Doc, countries: set[str]) -> tuple[Location | None, list[tuple[int, Location]]]:
        """The place the document names most often (first mention breaks ties), and every
        named place below country level with the token where it is named."""
        counts: dict[str, int] = {}
        first: dict[str, Location] = {}
        mentions: list[tuple[int, Location]] = []
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            place = self.gazetteer.lookup(ent.text, countries=countries)
            if place is None or place.kind in ("country", "continent", "state"):
                continue
            location = self.gazetteer.to_location(ent.text, place)
            mentions.append((ent.start, location))
            counts[place.name] = counts.get(place.name, 0) + 1
            first.setdefault(place.name, location)
        if not counts:
            return None, mentions
        return first[max(counts, key=lambda name: counts[name])], mentions

    def _code_sentence(self, ctx: SentenceContext) -> list[Event]:
        sent = ctx.sent
        by_verb: dict[int, tuple[list[Event], bool]] = {}
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or (tok.pos_ == "AUX" and tok.dep_ == "aux"):
                continue
            events, specific = self._code_verb(tok, ctx)
            if events:
                by_verb[tok.i] = (events, specific)
        self._intent_frames(ctx, by_verb)
        out: list[Event] = []
        for i, (events, specific) in by_verb.items():
            tok = sent.doc[i]
            # "X prepared to attend Y": the complement ("attend") is the event, not the frame,
            # unless a pattern of the frame verb itself matched ("wants to attack" → threaten).
            if not specific and any(c.dep_ == "xcomp" and c.i in by_verb for c in tok.children):
                continue
            out.extend(events)
        return out

    def _intent_frames(self, ctx: SentenceContext, by_verb: dict[int, tuple[list[Event], bool]]) -> None:
        """Code what a frame verb does with the act in its complement.

        * intention and threat: "X threatened to attack Y" is a threat (138) by X against Y, a
          factual event; the attack is its content;
        * request: "X urged Y to withdraw" is the appeal; the withdrawal is its content;
        * claim: "X claimed that it attacked Y" is a claim of responsibility (015); "X claimed
          that Z attacked Y" an accusation of Z (112).
        Content events are kept (with their own modality) and marked ``content of …`` in ``why``.
        """
        sent, actors, document = ctx.sent, ctx.actors, ctx.document
        for i, (events, _) in list(by_verb.items()):
            tok = sent.doc[i]
            frame = tok.head
            if tok.dep_ == "conj" and frame.dep_ in ("xcomp", "ccomp"):
                tok, frame = frame, frame.head  # "claimed that ISIL attacked Iraq and took Mosul"
            if frame.i == tok.i:
                continue
            lemma = frame.lemma_.lower()
            future = any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in tok.children)
            own = any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in tok.children)
            asks_another = (
                any(c.dep_ in ("dobj", "dative", "nsubjpass") for c in frame.children)
                or any(c.dep_ == "nsubj" for c in tok.children)
                or any(c.dep_ == "prep" and c.lower_ == "on" for c in frame.children)  # "called on X to"
            )
            # "urged X to halt", "wants X to attack", "demanded that X release …"
            infinitive = tok.dep_ in ("xcomp", "ccomp")
            if infinitive and lemma in DIRECTIVE_FRAMES and asks_another:
                if frame.i in by_verb:  # the appeal is the event; keep it over its content
                    by_verb[frame.i] = (by_verb[frame.i][0], True)
                else:  # "wants Putin to attack …": an appeal to Putin
                    by_verb[frame.i] = (
                        self._appeal(frame, tok, ctx, events),
                        True,
                    )
                mark_content(events, frame)
                continue
            if tok.dep_ == "ccomp" and lemma in CLAIM_FRAMES and not future:
                framed = self._claims(frame, ctx, events, own)
                if framed:
                    mark_content(events, frame)
                    by_verb[frame.i] = (framed, True)
                continue
            if not (
                (tok.dep_ == "xcomp" and lemma in INTENT_FRAMES)
                or (tok.dep_ == "ccomp" and future and lemma in INTENT_FRAMES)
                # "Israel announced it would free …": a commitment by the speaker itself
                or (tok.dep_ == "ccomp" and future and own and lemma in ATTRIBUTING_VERBS)
            ):
                continue
            # what is intended decides the code (CAMEO 03x/13x/12x), not the frame verb's own
            # pattern ("wants to help Israel" is an intention to give aid, 033)
            stance = clause_stance(frame, actors, document)
            framed = []
            for e in events:
                code = intent_code(e.event.code, negated=e.polarity == "negated")
                made = self._event(frame, ctx, e.source, e.target, code, stance, e.location)
                if made is not None:
                    framed.append(made)
            mark_content(events, frame)
            by_verb[frame.i] = (framed, True)

    def _appeal(self, frame: Token, content: Token, ctx: SentenceContext, events: list[Event]) -> list[Event]:
        """The request itself, from the frame's subject to whoever is asked."""
        actors, document = ctx.actors, ctx.document
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        asked = next((c for c in frame.children if c.dep_ in ("dobj", "dative")), None) or next(
            (c for c in content.children if c.dep_ == "nsubj"), None
        )
        if subj is None or asked is None:
            return []
        stance = clause_stance(frame, actors, document)
        location = events[0].location if events else None
        own = next((v.code for v in self._verb_candidates(frame)), "020")
        code = own if own[:2] in ("02", "10") else "020"  # CAMEO 02x appeal, 10x demand
        out = []
        for src in actors.resolve_all(subj, deep=False):
            for tgt in actors.resolve_all(asked, deep=False):
                made = self._event(frame, ctx, src, tgt, code, stance, location)
                if made is not None:
                    out.append(made)
        return out

    def _claims(self, frame: Token, ctx: SentenceContext, events: list[Event], own: bool) -> list[Event]:
        actors, document = ctx.actors, ctx.document
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        speaker = actors.resolve(subj, deep=False) if subj is not None else None
        if speaker is None:
            return []
        stance = clause_stance(frame, actors, document)
        out: list[Event] = []
        for e in events:
            if e.event.root < "10" or e.polarity == "negated":
                continue  # only claims about hostile acts are responsibility or accusation
            if own or (e.source is not None and e.source.code == speaker.code):
                made = self._event(frame, ctx, speaker, e.target, "015", stance, e.location)
            else:
                made = self._event(frame, ctx, speaker, e.source, "112", stance, e.location)
            if made is not None:
                out.append(made)
        return out

    def _verb_candidates(self, tok: Token) -> list[Verb]:
        """Dictionary verbs for a token: by lemma, by form, then by undoing a regular ending
        (the lemmatizer sometimes errs: "staged" → "stag")."""
        lookup = self.kb.verbs.lookup
        found = lookup(tok.lemma_.upper()) or lookup(tok.text.upper())
        if found or tok.pos_ != "VERB":
            return found
        text = tok.text.upper()
        for suffix, repl in (("ED", "E"), ("ED", ""), ("ES", ""), ("S", ""), ("ING", "E"), ("ING", "")):
            if text.endswith(suffix) and len(text) > len(suffix) + 2:
                found = lookup(text[: -len(suffix)] + repl)
                if found:
                    return found
        return []

    def _code_verb(self, tok: Token, ctx: SentenceContext) -> tuple[list[Event], bool]:
        """The verb's events, and whether a pattern (not just the verb's default) chose the code."""
        actors, countries, document, main_place = ctx.actors, ctx.countries, ctx.document, ctx.main_place
        candidates = self._verb_candidates(tok)
        if not candidates:
            return [], False
        verb = choose_verb(tok, candidates)
        if verb is None:
            return [], False
        if tok.lemma_.lower() in ATTRIBUTING_VERBS and any(
            c.dep_ in ("ccomp", "parataxis") for c in tok.children
        ):
            return [], False  # the reported clause is coded instead, with this speaker attributed
        if tok.lemma_.lower() in MODAL_FRAMES and any(c.dep_ == "xcomp" for c in tok.children):
            return [], False  # "plans to withdraw": the withdrawal is the (future) event
        refusal_frame = tok.lemma_.lower() in ("refuse", "decline") and any(
            c.dep_ == "xcomp" for c in tok.children
        )
        before, after = phrase_forms(tok)
        if self._dated_discards and self._has_phrase(
            _adverbial_words(tok), self._dated_discards, self._dated_firsts
        ):
            return [], False  # the verb's own adverbial dates it years back: a retrospective
        pattern = best_pattern(verb, before, after)
        code = pattern.code if pattern else verb.code
        if not code or code.startswith("---"):
            return [], False
        primary = code.partition(":")[0]
        agents, patients = subjects(tok)
        if not agents:
            agents = inherited_subjects(tok)
        if agents and all(a.lower_ in RELATIVE_PRONOUNS for a in agents):
            agents = relative_antecedents(tok) or agents  # "Moscow, which resisted …"
        elif not agents and tok.dep_ == "xcomp" and tok.head.dep_ == "relcl":
            agents = relative_antecedents(tok.head)
        if agents and all(a.pos_ == "PRON" for a in agents):
            agents = reporter_subjects(tok) or agents  # "Obama said he would …"
        direct, prepositional = split_objects(tok)
        targets = patients + direct + [p for p, _ in prepositional]
        topics = {p.i for p, prep in prepositional if prep in TOPIC_PREPS}
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        if not agents and passive and primary[:2] in ("18", "19", "20"):
            agents = attack_agents(tok)  # "killed in Israeli shelling"
        sources = best_refs(r for a in agents for r in actors.resolve_all(a, deep=False))
        if not sources and passive:  # "downed by a missile fired by rebels", not "killed by a crash"
            weapons = [a for a in agents if a.lemma_.lower() in ATTACK_NOUNS]
            sources = best_refs(r for a in weapons for r in actors.resolve_all(a, deep=True))
        if len(agents) > 1 and not any(a.dep_ == "conj" for a in agents):
            sources = named_first(sources)  # a name split into several subjects by the parser
        # "fought militiamen … alongside Iraqi troops": the pattern's preposition names its own
        # target; the verb's other objects keep the verb's plain code
        plans: list[tuple[str, list[Token], bool]] = [(code, targets, True)]
        prep_objects = pattern_prep_objects(tok, pattern) if pattern is not None else []
        if prep_objects:
            rest = [t for t in targets if t not in prep_objects]
            plans = [(code, prep_objects, True)]
            if rest and verb.code[:1].isdigit():
                plans.append((verb.code, rest, False))
        stance = clause_stance(tok, actors, document)
        location = _place(actors, self.gazetteer, tok, targets, countries, ctx.place_mentions)
        out: list[Event] = []
        seen: set[tuple[str | None, str | None, str]] = set()
        for plan_code, plan_targets, fallbacks in plans:
            pairs = self._pairs(
                tok, plan_code, sources, plan_targets, actors, fallbacks=fallbacks, topics=topics
            )
            speaker_country = _speaker_country(stance)
            where = location or main_place
            place_country = where.country if where is not None else None
            for named_src, named_tgt in pairs:
                src, tgt = (
                    localize(named_src, named_tgt, speaker_country, place_country),
                    localize(named_tgt, named_src, None, place_country),
                )
                inferred = {"source": src is not named_src, "target": tgt is not named_tgt}
                primary, _, reverse = plan_code.partition(":")
                if primary and reverse in IMPLIED_HOSTING:
                    reverse = ""  # "X visited Y" is one event; "Y hosted X" would count it twice
                for c, a, b in ((primary, src, tgt), (reverse, tgt, src)):
                    if not c or c.startswith("-"):
                        continue
                    key = (a.code if a else None, b.code if b else None, c)
                    if key in seen:
                        continue
                    event = self._event(tok, ctx, a, b, c, stance, location)
                    if event is not None and not (refusal_frame and event.target is None):
                        roles = ("source", "target") if a is src else ("target", "source")
                        event.why.extend(
                            f"{role} country inferred"
                            for role, side in zip(("source", "target"), roles, strict=True)
                            if inferred[side]
                        )
                        seen.add(key)
                        out.append(event)
        return out, pattern is not None

    def _pairs(
        self,
        tok: Token,
        code: str,
        sources: list[ActorRef],
        targets: list[Token],
        actors: SentenceActors,
        *,
        fallbacks: bool = True,
        topics: set[int] | frozenset[int] = frozenset(),
    ) -> list[tuple[ActorRef | None, ActorRef | None]]:
        """Source–target pairs: each source with each target; with no target, each of several
        sources with the others when the act is mutual ("Iran and Syria met"). A topic phrase
        ("… on the unrest in Iran") gives a target only when nothing else does."""
        resolved = best_refs(
            r for t in targets if t.i not in topics for r in actors.resolve_all(t, deep=True)
        )
        if not resolved:
            resolved = best_refs(
                r for t in targets if t.i in topics for r in actors.resolve_all(t, deep=True)
            )
        if not resolved and not fallbacks:
            return []
        if (
            not resolved
            and len(sources) > 1
            and (code[:2] in RECIPROCAL_ROOTS or tok.lemma_.lower() in RECIPROCAL_VERBS)
        ):
            return [(a, b) for a in sources for b in sources if a is not b]
        if not resolved:  # PETRARCH's convention: "met in Zurich" → the place's country
            resolved = best_refs(actors.resolve(t, deep=False) for t in locative_objects(tok))
        src_opts: list[ActorRef | None] = list(sources) or [None]
        tgt_opts: list[ActorRef | None] = list(resolved) or [None]
        return [(src, tgt) for src in src_opts for tgt in tgt_opts]

    def _event(
        self,
        trigger: Token,
        ctx: SentenceContext,
        source: ActorRef | None,
        target: ActorRef | None,
        code: str,
        stance: Stance,
        location: Location | None,
    ) -> Event | None:
        sent, s_index, document = ctx.sent, ctx.index, ctx.document
        if self.settings.require_dyad and (source is None or target is None):
            return None
        if self.settings.require_source and source is None:
            return None
        if (
            self.settings.drop_self_events
            and source is not None
            and target is not None
            and source.code == target.code
        ):
            return None
        info = self.tables.info(code)
        start = trigger.idx
        end = start + len(trigger.text)
        return Event(
            event_id=make_event_id(
                document.doc_id,
                s_index,
                (start, end),
                (source.start, source.code) if source else None,
                (target.start, target.code) if target else None,
                code,
            ),
            doc_id=document.doc_id,
            sentence=s_index,
            date=_event_date(trigger, document.date),
            source=source,
            target=target,
            event=EventCode(
                code=code,
                root=info.root,
                label=info.label,
                plover=info.plover,
                goldstein=info.goldstein,
                quad_class=info.quad_class,
                trigger=trigger.text,
                start=start,
                end=end,
            ),
            polarity=stance.polarity,
            modality=stance.modality,
            why=list(stance.why),
            certainty=stance.certainty,
            reliability=event_reliability(
                self.reliability.for_outlet(document.source), stance.attribution, self.reliability
            ),
            attribution=list(stance.attribution),
            location=location,
            evidence=Evidence(text=sent.text, start=sent.start_char, end=sent.end_char),
        )
