"""The trigger stage: which verbs of a sentence are events, and what CAMEO code each has.

``whowhom.triggers.cameo_verbs.v1`` reads PETRARCH's verb dictionary and patterns. A
verb is not a trigger when it only reports a clause ("officials said Iran approved …": the
clause's verb is coded, with the speaker attributed), when it frames a plan ("plans to
withdraw": the withdrawal is the event), or when its own adverbial dates it years back.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from whowhom.coding.arguments import between_event, choose_verb
from whowhom.coding.characterise import characterisation
from whowhom.coding.context import TIME_WORDS, find_phrase, is_year
from whowhom.coding.filters import habit_frame
from whowhom.coding.frames import MODAL_FRAMES
from whowhom.coding.modality import attributing_verbs
from whowhom.coding.patterns import CLAUSE_DEPS, best_pattern, phrase_forms
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Discard, DocState, SentenceContext, Trigger
from whowhom.coding.verbs import Verb, VerbDictionary

#: A decade as written in upper case ("1950S"): the year it begins.
DECADE = re.compile(r"((?:1[0-9]|20)[0-9]0)'?S")


def adverbial_words(verb: Token) -> list[str]:
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


def verb_candidates(verbs: VerbDictionary, tok: Token) -> list[Verb]:
    """Dictionary verbs for a token: by lemma, by form, then by undoing a regular ending
    (the lemmatizer sometimes errs: "staged" → "stag")."""
    lookup = verbs.lookup
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


#: What a gathering "for"/"in" one of these is: a demonstration (141), a strike (143).
#: ("arrived for a rally" is as often a campaign's.)
PROTEST_PURPOSES = {"protest": "141", "demonstration": "141", "sit-in": "141", "strike": "143",
                    "walkout": "143"}  # fmt: skip


#: Verbs of coming together, which "for a protest" makes a protest ("prepared for the strike"
#: does not).
GATHERING = frozenset({"gather", "assemble", "converge", "pack", "crowd", "fill", "flock", "rally",
                       "march", "turn", "show", "come", "take", "line", "mass"})  # fmt: skip


def protest_purpose(verb: Token) -> str | None:
    """The CAMEO code of a protest the verb's "for"/"in" phrase names as its purpose ("gathered
    for a protest", "walked out in protest"), if any; "injured in the protests" names none."""
    if verb.tag_ == "VBN" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    gathering = verb.lemma_.lower() in GATHERING
    for child in verb.children:
        if child.dep_ == "prep" and (child.lower_ == "in" or (child.lower_ == "for" and gathering)):
            for obj in child.children:
                bare = not any(c.dep_ in ("det", "poss") for c in obj.children)
                if obj.dep_ == "pobj" and obj.lemma_.lower() in PROTEST_PURPOSES and (bare or gathering):
                    return PROTEST_PURPOSES[obj.lemma_.lower()]
    return None


#: Verbs of saying whose addressee is warned: the saying is an act on them (CAMEO 13).
WARNING_VERBS = frozenset({"warn", "threaten"})


def is_verb(tok: Token) -> bool:
    """A verb that can carry an event (not an auxiliary of another verb, not the "according"
    of "according to", which names a source)."""
    pos = tok.pos_
    if pos != "VERB" and pos != "AUX":
        return False
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return False
    return not (pos == "AUX" and tok.dep_ == "aux")


@register_stage("whowhom.triggers.cameo_verbs.v1", requires=["sentences"], assigns=["triggers", "discarded"])
def cameo_verb_triggers(res: Resources) -> StageFn:
    kb = res.knowledge
    dated = {d for d in kb.discards if d[-1] in TIME_WORDS}
    dated_firsts = {d[0] for d in dated}
    years = {d[0] for d in kb.discards if is_year(d)}
    reporting = attributing_verbs()

    def dated_back(tok: Token, state: DocState) -> str | None:
        """The phrase of the verb's own adverbial that dates it in the past ("three years ago",
        "in 1983" in a document of a later year), if any; a clause of a year so dated ("in 1991,
        when Shamir opposed the talks") and a verb coordinated with a dated one, its purpose
        ("… held back loans to help absorb immigrants") or what it reported ("told the U.N. 18
        months ago that he would seek …") are dated too."""
        if tok.dep_ == "relcl" and tok.head.dep_ == "pobj":
            year = past_year(tok.head.text.upper(), state)
            if year:
                return year
        if (
            tok.dep_ in ("conj", "advcl", "xcomp", "ccomp")
            and tok.head.pos_ in ("VERB", "AUX")
            and tok.head.i != tok.i
        ):
            inherited = own_dating(tok.head, state)
            if inherited:
                return inherited
        return own_dating(tok, state)

    def past_year(word: str, state: DocState) -> str | None:
        doc_year = state.document.date[:4] if state.document.date else None
        if word in years and (doc_year is None or word < doc_year):
            return word
        decade = DECADE.fullmatch(word)
        if decade and (doc_year is None or int(decade.group(1)) + 10 <= int(doc_year)):
            return word  # "in the late 1950s"
        return None

    def own_dating(tok: Token, state: DocState) -> str | None:
        words = adverbial_words(tok)
        found = find_phrase(words, dated, dated_firsts) if dated else None
        if found:
            return " ".join(found)
        for w in words:
            if past_year(w, state):
                return w
        if tok.tag_ == "VBD" and any(c.dep_ == "advmod" and c.lower_ == "once" for c in tok.children):
            return "once"  # "he once called the treaty a mistake": a past remark recalled
        return None

    def trigger(tok: Token, ctx: SentenceContext, state: DocState) -> Trigger | None:
        candidates = verb_candidates(kb.verbs, tok)
        between = between_event(tok)
        if between is not None and not (candidates and candidates[0].code[:2] == between[0][:2]):
            # "clashes erupted between the army and the RSF": the clash, whatever the verb
            return Trigger(tok=tok, sentence=ctx, code=between[0], default_code=between[0], specific=True)
        protest = protest_purpose(tok)
        if protest is not None and (not candidates or candidates[0].code[:2] in ("04", "01", "")):
            # "gathered outside parliament for a protest", "packed the Statehouse in protest"
            return Trigger(tok=tok, sentence=ctx, code=protest, default_code=protest, specific=True)
        if not candidates:
            return None
        verb = choose_verb(tok, candidates)
        if verb is None:
            return None
        lemma = tok.lemma_.lower()
        if (
            lemma in reporting
            and any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
            and not (lemma in WARNING_VERBS and any(c.dep_ in ("dobj", "dative") for c in tok.children))
        ):
            # the reported clause is coded instead, with this speaker attributed; but "warned
            # the United States that Moscow could respond" is a warning to someone
            return None
        if lemma in MODAL_FRAMES and any(c.dep_ == "xcomp" for c in tok.children):
            return None  # "plans to withdraw": the withdrawal is the (future) event
        if habit_frame(tok):
            return None  # "tended to pay": a habit (``filters.is_habitual``), no act of its own
        refusal = lemma in ("refuse", "decline") and any(c.dep_ == "xcomp" for c in tok.children)
        before, after = phrase_forms(tok)
        past = dated_back(tok, state)
        if past:  # the verb's own adverbial dates it years back: a retrospective
            state.discarded.append(Discard(ctx.index, "dated in the past", past))
            return None
        pattern = best_pattern(verb, before, after)
        code = pattern.code if pattern else verb.code
        told = characterisation(tok)
        if told == "" and (verb.code or "")[:2] == "11":
            told = None  # "denounced the sanctions as robbery": a verb of criticism keeps its code
        if told is not None:  # "called the inquiry a sham": a criticism, not a phone call
            code, pattern = told, None
        if not code or code.startswith("---"):
            return None
        return Trigger(
            tok=tok,
            sentence=ctx,
            code=code,
            default_code=verb.code,
            verb=verb,
            pattern=pattern,
            specific=pattern is not None or told is not None,
            refusal_frame=refusal,
        )

    def run(state: DocState) -> None:
        for ctx in state.sentences:
            for tok in ctx.sent:
                if is_verb(tok):
                    found = trigger(tok, ctx, state)
                    if found is not None:
                        state.triggers.append(found)

    return run
