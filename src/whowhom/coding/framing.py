"""The frames stage: what a frame verb does with the act in its complement.

* intention and threat: "X threatened to attack Y" is a threat (138) by X against Y, a
  factual event; the attack is its content;
* request: "X urged Y to withdraw" is the appeal; the withdrawal is its content;
* claim: "X claimed that it attacked Y" is a claim of responsibility (015); "X claimed
  that Z attacked Y" an accusation of Z (112).

Content events are kept (with their own modality) and marked with ``content_of``.
"""

from __future__ import annotations

from spacy.tokens import Token

from whowhom.coding.arguments import best_refs, infinitive, permits, split_objects, statement_act
from whowhom.coding.candidates import STATE_SECTORS, make_candidate, recode
from whowhom.coding.characterise import characterised
from whowhom.coding.frames import (
    ADMISSION_FRAMES,
    CLAIM_FRAMES,
    DIRECTIVE_FRAMES,
    INTENT_AUX,
    INTENT_FRAMES,
    THREAT_FRAMES,
    appeal_code,
    intent_code,
    mark_content,
)
from whowhom.coding.modality import Stance, attributing_verbs, clause_stance, cues, quotation_speaker
from whowhom.coding.roles import flatten, localize_pair, mention_within
from whowhom.coding.sentences import sentence_lower
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Candidate, DocState, SentenceContext, VerbEvents
from whowhom.coding.triggers import verb_candidates
from whowhom.model import ActorRef, Location

#: Directive verbs that only state when their complement is a "that" clause.
STATING_WITH_THAT = frozenset({"tell"})
#: Prepositions that name whoever an appeal asks: "pleaded with", "called on", "appealed to".
ASKED_PREPS = frozenset({"with", "on", "to"})
#: Auxiliaries that make a reported clause what someone should do: the speaker's demand.
OBLIGATION_AUX = frozenset({"should", "must", "ought"})
#: Verbs that accuse whoever their reported clause is about ("alleged that the guards lied").
ALLEGING = frozenset({"allege"})
#: Verbs of belief and worry: what someone believes or fears another did is no accusation.
BELIEVING = frozenset({"believe", "worry", "fear"})
#: CAMEO roots of the violence whose report by another is an accusation: assault, fight, mass violence.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def placed_candidate(
    res: Resources,
    state: DocState,
    trigger: Token,
    ctx: SentenceContext,
    source: ActorRef | None,
    target: ActorRef | None,
    code: str,
    stance: Stance,
    location: Location | None,
) -> Candidate | None:
    """``make_candidate`` for an act a frame makes of its own (an appeal, a demand, a threat),
    with role actors given the country the pairs stage would give them ("the doctors pleaded
    with the administration" in a document about one country)."""
    where = location or state.main_place
    place_country = where.country if where is not None else None
    src, tgt = localize_pair(source, target, None, place_country, state.home_country)
    made = make_candidate(res, trigger, ctx, src, tgt, code, stance, location)
    if made is not None:
        if src is not source:
            made.event.inferred_countries.append("source")
        if tgt is not target:
            made.event.inferred_countries.append("target")
    return made


def intenders(tok: Token, frame: Token, events: list[Candidate]) -> list[Candidate]:
    """The inner events whose source is the one who intends them: "Iran said it would resume
    talks with Britain" is Iran's intent to negotiate with Britain, not Britain's with Iran,
    though the talks themselves are mutual."""
    subjects = {
        t.i
        for verb in (tok, frame)
        for child in verb.children
        if child.dep_ in ("nsubj", "nsubjpass")
        for t in child.subtree
    }
    doc = tok.doc
    own = [c for c in events if c.event.source is not None and mention_within(c.event.source, subjects, doc)]
    return own or events


@register_stage("whowhom.frames.v1", requires=["candidates", "actors"], assigns=["frames", "candidates"])
def intent_frames(res: Resources) -> StageFn:
    kb = res.knowledge
    reporting = attributing_verbs()
    speech = frozenset(cues().reporting_verbs)

    def appeal(state: DocState, frame: Token, content: Token, ctx: SentenceContext, events: list[Candidate]):  # type: ignore[no-untyped-def]
        """The request itself, from the frame's subject to whoever is asked."""
        actors = state.need_actors()
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        asked = (
            next((c for c in frame.children if c.dep_ in ("dobj", "dative")), None)
            or next((c for c in content.children if c.dep_ == "nsubj"), None)
            or next(  # "pleaded with the administration to …", "appealed to the UN to …"
                (
                    g
                    for c in frame.children
                    if c.dep_ == "prep" and c.lower_ in ASKED_PREPS
                    for g in c.children
                    if g.dep_ == "pobj"
                ),
                None,
            )
        )
        if subj is None or asked is None:
            return []
        stance = clause_stance(frame, actors, state.document)
        location = events[0].event.location if events else None
        own = next((v.code for v in verb_candidates(kb.verbs, frame)), "020")
        code = own if own[:2] in ("02", "10") else "020"  # CAMEO 02x appeal, 10x demand
        if code == "020":  # what is asked for says which appeal: "asked Obama to help Iran" (023)
            code = appeal_code(asked_for(events))
        out = []
        for src in actors.resolve_all(subj, deep=False):
            for tgt in actors.resolve_all(asked, deep=False):
                made = placed_candidate(res, state, frame, ctx, src, tgt, code, stance, location)
                if made is not None:
                    out.append(made)
        return out

    def voice_of(state: DocState, frame: Token, events: list[Candidate]) -> bool:
        """Whether the frame's speaker is an official of the state that does every act of its
        clause (an official named by title only is the document's home country's)."""
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        speaker = state.need_actors().resolve(subj, deep=False) if subj is not None else None
        if speaker is None or speaker.code is None or speaker.code[3:6] not in STATE_SECTORS:
            return False
        country = speaker.country or state.home_country
        return bool(events) and all(
            c.event.source is not None and c.event.source.country == country for c in events
        )

    def asked_for(events: list[Candidate]) -> str | None:
        """The code of what an appeal asks for; None when it asks that something not be done
        ("urged the public not to tolerate …": a plain appeal)."""
        asked = events[0].event if events else None
        return asked.event.code if asked is not None and asked.polarity == "asserted" else None

    def claims(state: DocState, frame: Token, ctx: SentenceContext, events: list[Candidate], own: bool):  # type: ignore[no-untyped-def]
        admission = frame.lemma_.lower() in ADMISSION_FRAMES
        actors = state.need_actors()
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        speaker = actors.resolve(subj, deep=False) if subj is not None else None
        if speaker is None:
            return []
        stance = clause_stance(frame, actors, state.document)
        out: list[Candidate] = []
        for c in events:
            e = c.event
            if e.event.root < "10" or e.polarity == "negated":
                continue  # only claims about hostile acts are responsibility or accusation
            if admission and not (own or (e.source is not None and e.source.code == speaker.code)):
                continue  # "officials admitted that soldiers refused": no accusation
            if own or (e.source is not None and e.source.code == speaker.code):
                made = make_candidate(res, frame, ctx, speaker, e.target, "015", stance, e.location)
                inferred = "target" in e.inferred_countries
            else:
                made = make_candidate(res, frame, ctx, speaker, e.source, "112", stance, e.location)
                inferred = "source" in e.inferred_countries
            if made is not None:
                if inferred:  # the accused's country was inferred for the act, so it is here
                    made.event.inferred_countries.append("target")
                out.append(made)
        return out

    def accusations(
        state: DocState, frame: Token, content: Token, ctx: SentenceContext, events: list[Candidate]
    ) -> list[Candidate]:
        """A speaker who opens a sentence by reporting violence done by another ("The
        Observatory said government forces killed eight people") accuses them (CAMEO 112), as
        PETRARCH's gold codes it. A trailing source (", officials said") only attributes."""
        subj = next((c for c in frame.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i > content.i or frame.i > content.i:
            return []
        violent = [
            c for c in events if c.event.event.root in VIOLENT_ROOTS and c.event.polarity == "asserted"
        ]
        violent = [c for c in violent if c.event.source is not None]
        if not violent:
            return []
        return claims(state, frame, ctx, violent, False)

    def sentence_frames(state: DocState, ctx: SentenceContext, by_verb: dict[int, VerbEvents]) -> None:
        actors = state.need_actors()
        doc = state.doc
        for i, verb_events in list(by_verb.items()):
            events = verb_events.candidates
            tok = doc[i]
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
                # "called on X to", "pleaded with X to", "appealed to X to"
                or any(c.dep_ == "prep" and c.lower_ in ASKED_PREPS for c in frame.children)
            )
            # "urged X to halt", "wants X to attack", "demanded that X release …"
            complement = tok.dep_ in ("xcomp", "ccomp") or infinitive(tok)
            if infinitive(tok) and permits(frame) and frame.i in by_verb:
                mark_content([c.event for c in events], frame)  # what is permitted, not done
                continue
            # "told reporters that Israel attacked": a statement; "told Israel to withdraw": a directive
            said_that = lemma in STATING_WITH_THAT and tok.dep_ == "ccomp" and not infinitive(tok)
            if complement and lemma in DIRECTIVE_FRAMES and asks_another and not said_that:
                own_events = by_verb[frame.i].candidates if frame.i in by_verb else []
                if any(c.event.target is not None for c in own_events):
                    # the appeal is the event; keep it over its content, its code as what is
                    # asked says ("asked Obama to help Iran": 023, not a bare 020)
                    asked_code = appeal_code(asked_for(events))
                    for c in own_events:
                        if c.event.event.code == "020" != asked_code:
                            recode(res, c.event, asked_code)
                    by_verb[frame.i] = VerbEvents(own_events, True)
                else:  # "wants Putin to attack …": an appeal to Putin
                    asked = appeal(state, frame, tok, ctx, events)
                    by_verb[frame.i] = VerbEvents(asked or own_events, True)
                mark_content([c.event for c in events], frame)
                continue
            if tok.dep_ == "ccomp" and lemma in CLAIM_FRAMES and not future:
                framed = claims(state, frame, ctx, events, own)
                if framed:
                    mark_content([c.event for c in events], frame)
                    by_verb[frame.i] = VerbEvents(framed, True)
                continue
            if (
                tok.dep_ == "ccomp"
                and lemma in reporting
                and lemma not in BELIEVING
                and not future
                and not own
            ):
                accused = accusations(state, frame, tok, ctx, events)
                if accused:  # "X said Y killed eight people": X accuses Y; the killing stays
                    by_verb[frame.i] = VerbEvents(accused, True)
                    continue
            if not (
                (tok.dep_ == "xcomp" and lemma in INTENT_FRAMES)
                or (tok.dep_ == "ccomp" and future and lemma in INTENT_FRAMES)
                # "Israel announced it would free …": a commitment by the speaker itself, or by
                # the state it speaks for ("Esper announced that the U.S. will provide …")
                or (
                    tok.dep_ == "ccomp"
                    and future
                    and lemma in speech  # not "thought voters would reject …"
                    and (own or voice_of(state, frame, events))
                )
            ):
                continue
            # what is intended decides the code (CAMEO 03x/13x/12x), not the frame verb's own
            # pattern ("wants to help Israel" is an intention to give aid, 033)
            stance = clause_stance(frame, actors, state.document)
            intended = []
            for c in intenders(tok, frame, events):
                e = c.event
                code = intent_code(e.event.code, negated=e.polarity == "negated", frame=lemma)
                made = make_candidate(res, frame, ctx, e.source, e.target, code, stance, e.location)
                if made is not None:
                    intended.append(made)
            mark_content([c.event for c in events], frame)
            by_verb[frame.i] = VerbEvents(intended, True)

    def issued_statements(state: DocState, by_verb: dict[int, VerbEvents]) -> None:
        """ "issued a statement condemning X": the condemnation is the event, not the issuing."""
        doc = state.doc
        for i in list(by_verb):
            acts = [
                p.i
                for obj in doc[i].children
                if obj.dep_ == "dobj"
                for p in obj.children
                if statement_act(p) and p.i in by_verb and by_verb[p.i].candidates
            ]
            if acts and doc[i].pos_ in ("VERB", "AUX"):
                del by_verb[i]

    def speaker_acts(
        state: DocState, tok: Token, ctx: SentenceContext, subj: Token, about: Token, code: str, *, deep: bool
    ) -> list[Candidate]:
        """The act ``code`` of each speaker the subject ``subj`` of speech verb ``tok`` names on
        each actor ``about`` names (found ``deep`` in its phrase or not)."""
        actors = state.need_actors()
        stance = clause_stance(tok, actors, state.document)
        return [
            c
            for src in actors.resolve_all(subj, deep=False)
            for tgt in actors.resolve_all(about, deep=deep)
            if (c := placed_candidate(res, state, tok, ctx, src, tgt, code, stance, None)) is not None
        ]

    def about_clause(
        state: DocState, ctx: SentenceContext, verbs: frozenset[str], code: str, aux: frozenset[str] | None
    ) -> None:
        """A speech verb of ``verbs`` whose clause (with one of ``aux``, if given) is about
        someone: the speaker's act ``code`` on them; the clause's own events are its content."""
        by_verb = state.by_verb.setdefault(ctx.index, {})
        for tok in ctx.sent:
            if tok.lemma_.lower() not in verbs:
                continue
            own = by_verb.get(tok.i)
            if own is not None and any(c.event.event.root != "01" for c in own.candidates):
                continue  # a bare statement to an audience ("told teachers that …") gives way
            content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if content is None or subj is None:
                continue
            if aux is not None and not any(c.dep_ == "aux" and c.lower_ in aux for c in content.children):
                continue
            about = next((c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if about is not None and aux is not None and about.dep_ == "nsubjpass":
                # "the refugees must not be forced to …": a demand on whoever would force them
                # (the passive's agent), not on them
                agent = next((c for c in content.children if c.dep_ == "agent"), None)
                about = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if about is None:
                continue
            made = speaker_acts(state, tok, ctx, subj, about, code, deep=True)
            if made:
                if content.i in by_verb:
                    mark_content([c.event for c in by_verb[content.i].candidates], tok)
                by_verb[tok.i] = VerbEvents(made, True)

    def characterisations(state: DocState, ctx: SentenceContext) -> None:
        """ "Iran's envoy said the sanctions were a crime", " 'She is a tireless advocate,' the
        president said": the speaker's criticism (111) or praise (051) of whom the clause is
        about, when its predicate's words tell which."""
        by_verb = state.by_verb.setdefault(ctx.index, {})
        for tok in ctx.sent:
            if tok.lemma_.lower() not in speech or tok.i in by_verb:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            content = next((c for c in tok.children if c.dep_ in ("ccomp", "parataxis")), None)
            told = characterised(content) if content is not None and subj is not None else None
            if told is None or subj is None:
                continue
            about, code = told
            made = speaker_acts(state, tok, ctx, subj, about, code, deep=False)
            if made:
                by_verb[tok.i] = VerbEvents(made, True)
        quoted_characterisation(state, ctx)

    def quoted_characterisation(state: DocState, ctx: SentenceContext) -> None:
        """ "“Rudy Giuliani is a talented and patriotic American. I will always … ,” Trump said":
        a sentence of a quotation that tells what someone is, its speaker named after the
        quotation's end in a later sentence; the act is placed on the sentence's own verb."""
        root = ctx.sent.root
        by_verb = state.by_verb.setdefault(ctx.index, {})
        end = state.need_actors().quotation_end(root.idx)
        if root.i in by_verb or not end:
            return
        told = characterised(root)
        if told is None:
            return
        subj = quotation_speaker(state.doc, end)
        if subj is None or subj.sent.start == ctx.sent.start:
            return  # no speaker, or one in this very sentence (the speech verb's own case)
        about, code = told
        made = speaker_acts(state, root, ctx, subj, about, code, deep=False)
        if made:
            by_verb[root.i] = VerbEvents(made, True)

    def warnings(state: DocState, ctx: SentenceContext) -> None:
        """ "Iran warned Israel that it would strike": a threat (CAMEO 13x) by whoever warns,
        against whom they warn (or whom the act would hit), coded even when the act itself has
        no source the dictionaries know ("his army would respond")."""
        actors = state.need_actors()
        by_verb = state.by_verb.setdefault(ctx.index, {})
        for tok in ctx.sent:
            lemma = tok.lemma_.lower()
            if lemma not in THREAT_FRAMES:
                continue
            if tok.i in by_verb and any(c.event.target is not None for c in by_verb[tok.i].candidates):
                continue  # an intent frame already found whom the threat is against
            content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if content is None or subj is None:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in content.children):
                continue
            warned = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            if not warned:
                direct, prepositional = split_objects(content)
                warned = direct + [p for p, _ in prepositional]
            act = next((v.code for v in verb_candidates(kb.verbs, content)), None)
            code = intent_code(act, frame=lemma) if act and act[:1].isdigit() else "130"
            stance = clause_stance(tok, actors, state.document)
            made = [
                c
                for src in actors.resolve_all(subj, deep=False)
                for tgt in best_refs(r for w in warned for r in actors.resolve_all(w, deep=True))
                if (c := placed_candidate(res, state, tok, ctx, src, tgt, code, stance, None)) is not None
            ]
            if made:
                by_verb[tok.i] = VerbEvents(made, True)
                if content.i in by_verb:  # what would be done is the threat's content
                    mark_content([c.event for c in by_verb[content.i].candidates], tok)

    def run(state: DocState) -> None:
        contexts = {ctx.index: ctx for ctx in state.sentences}
        for index, by_verb in state.by_verb.items():
            sentence_frames(state, contexts[index], by_verb)
            issued_statements(state, by_verb)
        for ctx in state.sentences:
            lowered = sentence_lower(ctx.sent[0])  # most sentences hold neither: no token read
            if "alleg" in lowered:
                # "Prosecutors alleged that the guards falsified records": an accusation of
                # whoever the allegation is about, even when what is alleged codes nothing
                about_clause(state, ctx, ALLEGING, "112", None)
            if "warn" in lowered or "threat" in lowered:
                warnings(state, ctx)
            characterisations(state, ctx)
            if any(aux in lowered for aux in OBLIGATION_AUX):
                # "Iran said the US must lift the sanctions": a demand on whoever should act
                about_clause(state, ctx, reporting, "100", OBLIGATION_AUX)
        state.candidates = flatten(state)

    return run
