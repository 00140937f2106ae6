"""Who acts on whom: the arguments of each trigger, where it happened, and its actor pairs.

* ``whowhom.arguments.parse.v1``: the source is the verb's subject (or the ``by`` agent of a
  passive), the targets its object, a prepositional object ("clashed *with* X") or the passive
  subject;
* ``whowhom.location.sentence.v1``: the first place in a locative phrase of the verb or of its
  arguments;
* ``whowhom.pairs.v1``: source–target pairs, with a country given to actors named only by
  their role, one candidate per pair (and per side of a paired code).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from whowhom.coding.actors.resolver import SentenceActors
from whowhom.coding.arguments import (
    ASSAULT_OBJECTS,
    ATTACK_NOUNS,
    PLACE_PREPS,
    POLITICAL_OBJECTS,
    RELATIVE_PRONOUNS,
    SITES,
    TOPIC_PREPS,
    attack_agents,
    attacked,
    best_refs,
    between_event,
    conjuncts,
    inherited_subjects,
    locative_objects,
    named_first,
    pattern_prep_objects,
    reduced_passive,
    relative_antecedents,
    reporter_subjects,
    split_objects,
    subjects,
)
from whowhom.coding.candidates import STATE_SECTORS, make_candidate
from whowhom.coding.context import PLACE_LABELS
from whowhom.coding.modality import Stance
from whowhom.coding.places import Gazetteer
from whowhom.coding.senses import sense_code
from whowhom.coding.sentences import sentence_lower
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Arguments, Candidate, DocState, Trigger, VerbEvents
from whowhom.model import ActorRef, ActorSide, Location

#: Reverse codes of PETRARCH's paired visit codes ([042:043], [032:033]): the host's side of a
#: visit adds no evidence of its own, so whowhom does not code it.
IMPLIED_HOSTING = frozenset({"043", "033"})
#: Acts that coordinated actors do to each other when no target is named
#: ("Iran and Syria met", "… clashed"), unlike "France and Italy condemned the attack".
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
#: Codes of those roots done to someone or something, not with each other: "Bush and Blair
#: praised the alliance" (051), "… apologised" (055) — praise, defence, rallying support,
#: recognition, apology, forgiveness.
DIRECTED_CODES = frozenset({"051", "052", "053", "054", "055", "056"})
#: Codes of those roots that name no partner: "police and the administration seek to curb
#: crime" (030) is no intent towards each other.
UNPARTNERED_CODES = frozenset({"030", "045"})  # "Egypt, Qatar and the US tried to broker a deal"
#: Truces, which co-subjects declare with each other ("Israel and Hezbollah began observing a
#: ceasefire").
TRUCE_CODES = frozenset({"087"})
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
        "trade",  # "traded accusations", "traded fire"
    }
)
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


#: Everyday verbs whose CAMEO default (take → 171 seize, go → 040, pay → 061) is an event only
#: when it is done to someone; with no target they are "took a shower", "went home".
LIGHT_VERBS = frozenset(
    {
        "take", "go", "come", "leave", "see", "hear", "contribute", "pay", "decide", "face",
        "serve", "join", "travel", "use", "get", "make", "give", "provide", "help", "buy",
        "sell", "combine", "remain", "deal", "describe", "spend", "send", "bring", "put",
        "want", "need", "vote", "think", "estimate", "expect", "wish", "hope", "rule", "run", "call",
    }
)  # fmt: skip
#: Sectors that act only in their own country.
DOMESTIC_SECTORS = frozenset({"COP", "JUD"})
#: Sectors often abroad: troops and insurgents are not placed by where they act alone.
FOREIGN_SECTORS = frozenset({"MIL", "REB", "UAF", "SPY"})


def localize(
    ref: ActorRef | None,
    partner: ActorRef | None,
    speaker_country: str | None,
    place_country: str | None,
    home: str | None = None,
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
    elif partner is not None and partner.country and ref.code[3:6] in DOMESTIC_SECTORS:
        country = partner.country  # police and courts act at home: "police besieged the university"
    elif speaker_country and (place_country is None or place_country == speaker_country):
        country = speaker_country
    if country is None and home and (place_country is None or place_country == home):
        country = home  # "police" in a document about one country, with no closer clue
    if country is None and home is None and place_country and ref.code[3:6] not in FOREIGN_SECTORS:
        country = place_country  # "police" in a story set in one place, with no other clue
    if country is None:
        return ref
    return replace(ref, code=country + ref.code[3:], country=country)


def localize_pair(
    source: ActorRef | None,
    target: ActorRef | None,
    speaker_country: str | None,
    place_country: str | None,
    home: str | None,
) -> tuple[ActorRef | None, ActorRef | None]:
    """``localize`` for both actors of an event, each by the other; an inferred country must
    not make two actors one ("Iran armed the Special Groups" in a document about Iran): then
    what the text names is kept."""
    src = localize(source, target, speaker_country, place_country, home)
    tgt = localize(target, source, None, place_country, home)
    if src is not None and tgt is not None and src.code == tgt.code:
        return source, target
    return src, tgt


def speaker_country(stance: Stance) -> str | None:
    """The country of the innermost coded speaker, if it is a state's voice."""
    for layer in stance.attribution:
        if layer.role == "speaker" and layer.code and layer.code[3:6] in STATE_SECTORS:
            return None if layer.code.startswith("---") else layer.code[:3]  # "officials said"
        if layer.role == "speaker":
            return None
    return None


def _places_in(tok: Token) -> set[int]:
    """The tokens of the places a noun phrase names in it ("a deal *in Minsk*")."""
    return {
        t.i
        for prep in tok.subtree
        if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS and prep.head.i != tok.head.i
        for t in prep.subtree
    }


def mention_within(ref: ActorRef, tokens: set[int], doc: Doc) -> bool:
    """Whether the actor mention lies on the given tokens."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and any(t.i in tokens for t in span)


#: Words for an actor's own armed forces, which a show of force (CAMEO 15) moves or deploys.
FORCE_NOUNS = frozenset(
    {"troop", "troops", "force", "forces", "soldier", "army", "military", "unit", "units", "warship",
     "ship", "jet", "aircraft", "tank", "missile", "reinforcement", "reinforcements", "battalion",
     "brigade", "division", "fleet", "carrier", "bomber", "fighter"}
)  # fmt: skip


#: Verbs of legal action whose "with"/"for"/"of" phrase is the charge ("charged with the murder
#: of her mother"), never whom the act is against.
CHARGING = frozenset({"charge", "indict", "accuse", "convict", "sentence", "arrest", "jail", "prosecute",
                      "fine", "try", "detain", "imprison", "suspect"})  # fmt: skip
CHARGE_PREPS = frozenset({"with", "for", "of"})
#: The actor a passive legal act implies when it names none ("three men were arrested": by
#: police; "he was sentenced": by a court), by CAMEO code.
IMPLIED_AGENTS = {"173": "COP", "1711": "COP", "116": "JUD", "115": "JUD"}


#: Verbs whose participle complement says what their subject underwent ("got arrested").
UNDERGOING_HEADS = frozenset({"get", "become", "remain", "stand", "stay", "seem", "appear", "look", "feel"})


def undergone(tok: Token) -> bool:
    """A past participle hanging on another verb with no subject or auxiliary of its own: what
    the other verb's subject underwent ("the men stand *accused*", "rebels, *backed* by Iran,
    …", "*Forced* to choose, Xi …"), so that subject is its target, not its source."""
    if tok.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children):
        return False
    if tok.dep_ == "xcomp":
        return tok.head.lemma_.lower() in UNDERGOING_HEADS
    return tok.dep_ in ("advcl", "acomp", "oprd")


def role_actor(sector: str, tok: Token, *, named: bool = False) -> ActorRef:
    """A role-only actor of no country yet ("---COP"), whose country later steps give: named by
    ``tok`` ("the protests"), or implied at it with an empty span (the text names no one)."""
    end = tok.idx + len(tok.text) if named else tok.idx
    text = tok.text if named else ""
    return ActorRef(
        text=text, code="---" + sector, country=None, sector=sector, actor_id=None, start=tok.idx, end=end
    )


def shares_passive(tok: Token) -> bool:
    """A participle coordinated with a passive, with no subject or auxiliary of its own: passive
    too ("was tracked down and *taken* into custody")."""
    if tok.dep_ != "conj" or tok.tag_ != "VBN":
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children):
        return False
    return any(c.dep_ == "auxpass" for c in tok.head.children)


def implied_agent(tok: Token, code: str) -> ActorRef | None:
    """The unnamed actor of a passive legal act with no ``by`` agent, as a role-only actor whose
    country later steps give; its span is empty, at the verb (the text names no one)."""
    sector = IMPLIED_AGENTS.get(code.partition(":")[0])
    passive = any(c.dep_ == "auxpass" for c in tok.children) or reduced_passive(tok) or shares_passive(tok)
    if sector is None or not passive or any(c.dep_ == "agent" for c in tok.children):
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children):
        return None  # "would be indicted": hoped for, not done
    return role_actor(sector, tok)


#: Protests that name no one they are against (not riots: "a protester demolished the
#: building" is against no one named).
PROTEST_CODES = frozenset({"140", "141", "142", "143", "144"})


#: Nouns for a protest, whose suppression is done to its protesters.
PROTEST_NOUNS = frozenset({"protest", "demonstration", "rally", "march", "sit-in", "vigil", "strike"})


def protesters_of(tok: Token) -> ActorRef:
    """The people of a protest named by a noun ("crushed the protests"), as a role-only actor."""
    return role_actor("OPP", tok, named=True)


def implied_protest_target(tok: Token, code: str, sources: list[ActorRef]) -> ActorRef:
    """Whom a protest that names no one is against: the government (CAMEO's reading of a
    demonstration), or for a strike by workers their employers. A role-only actor, its span
    empty at the verb, whose country later steps give."""
    strike = code.startswith("143") and any((s.code or "")[3:6] == "LAB" for s in sources)
    sector = "BUS" if strike else "GOV"
    return role_actor(sector, tok)


def find_arguments(tok: Token, trigger: Trigger, actors: SentenceActors) -> Arguments:
    primary = trigger.code.partition(":")[0]
    agents, patients = subjects(tok)
    if undergone(tok) or shares_passive(tok):
        # "stand accused of …", "backed by Iran", "was tracked down and taken into custody":
        # whoever the governing verb's subject is
        patients = patients or [
            t for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in conjuncts(c)
        ]
    elif not agents and not any(c.dep_ == "auxpass" for c in tok.children):
        # (a passive's subject is its own: "the Americans wanted to raid …, but their helicopter
        # was shot down" — not by the Americans)
        agents = inherited_subjects(tok)
    if agents and all(a.lower_ in RELATIVE_PRONOUNS for a in agents):
        # "Moscow, which resisted …"; "police, who worked with the FBI to investigate"
        agents = relative_antecedents(tok) or relative_antecedents(agents[0].head) or agents
    elif not agents and tok.dep_ == "xcomp" and tok.head.dep_ == "relcl":
        agents = relative_antecedents(tok.head)
    if patients and all(p.lower_ in RELATIVE_PRONOUNS for p in patients):
        # "the rebel leader, who was arrested by police": the one the clause is about
        patients = relative_antecedents(tok) or patients
    if agents and all(a.pos_ == "PRON" for a in agents):
        agents = reporter_subjects(tok) or agents  # "Obama said he would …"
    direct, prepositional = split_objects(tok)
    if tok.lemma_.lower() in CHARGING:
        # "charged him with the murder of an officer": the charge and its victim, not whom
        prepositional = [(p, prep) for p, prep in prepositional if prep not in CHARGE_PREPS]
    if primary[:2] == "15":
        # "deployed troops to the border": the forces deployed are the actor's own, not whom
        # the show of force is against
        direct = [d for d in direct if d.lemma_.lower() not in FORCE_NOUNS]
    targets = patients + direct + [p for p, _ in prepositional]
    topics = {p.i for p, prep in prepositional if prep in TOPIC_PREPS}
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    if not agents and passive and primary[:2] in ("18", "19", "20"):
        agents = attack_agents(tok)  # "killed in Israeli shelling"
    sources = best_refs(r for a in agents for r in actors.resolve_all(a, deep=False))
    if any(a.dep_ == "conj" for a in agents):
        # "Colombia's government and the rebels": each conjunct is an actor of its own, though
        # only one is of a named country; but a bare second conjunct with no words of its own
        # shares the first one's ("Danish media and government") and is no actor of its own
        each = [
            [
                r
                for r in best_refs(actors.resolve_all(a, deep=False))
                if not (r.code or "").startswith("---")
                or a.dep_ != "conj"
                or any(c.dep_ in ("det", "amod", "compound", "poss") for c in a.children)
            ]
            for a in agents
        ]
        if sum(1 for refs in each if refs) > 1:
            sources = list({(r.code, r.start): r for refs in each for r in refs}.values())
    weapons = [a for a in agents if a.lemma_.lower() in ATTACK_NOUNS]
    victims = attacked(weapons)  # "killed in an attack on a Turkish convoy": the convoy was attacked
    if not sources and passive:  # "downed by a missile fired by rebels", not "killed by a crash"
        victim_tokens = {t.i for v in victims for t in v.subtree}
        sources = best_refs(
            r
            for a in weapons
            for r in actors.resolve_all(a, deep=True)
            if not mention_within(r, victim_tokens, tok.doc)
        )
    if victims:
        targets = victims + targets
    if len(agents) > 1 and not any(a.dep_ == "conj" for a in agents):
        sources = named_first(sources)  # a name split into several subjects by the parser
    if not sources:
        implied = implied_agent(tok, trigger.code)
        sources = [implied] if implied is not None else []
    # "fought militiamen … alongside Iraqi troops": the pattern's preposition names its own
    # target; the verb's other objects keep the verb's plain code. A preposition that names
    # no actor ("charged him with murder") names what was done, and the code is the objects'.
    plans: list[tuple[str, list[Token], bool]] = [(trigger.code, targets, True)]
    prep_objects = pattern_prep_objects(tok, trigger.pattern) if trigger.pattern is not None else []
    if prep_objects and any(actors.resolve(p, deep=False) is not None for p in prep_objects):
        rest = [t for t in targets if t not in prep_objects]
        plans = [(trigger.code, prep_objects, True)]
        if rest and trigger.default_code[:1].isdigit():
            plans.append((trigger.default_code, rest, False))
    pairs = [
        actor_pairs(tok, code, sources, plan_targets, actors, fallbacks=fallbacks, topics=topics)
        for code, plan_targets, fallbacks in plans
    ]
    if len(pairs) > 1:
        # "discussed the delay with the Ukrainians": the pattern's pair, once; the other
        # objects' plain code only for actors the pattern's preposition did not name
        named = {(t.start, t.end) for _, t in pairs[0] if t is not None}
        pairs[1:] = [
            [(s, t) for s, t in more if t is None or (t.start, t.end) not in named] for more in pairs[1:]
        ]
    return Arguments(sources=sources, plans=plans, targets=targets, topics=topics, pairs=pairs)


@register_stage("whowhom.arguments.parse.v1", requires=["triggers", "actors"], assigns=["arguments"])
def parse_arguments(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        actors = state.need_actors()
        for trigger in state.triggers:
            state.arguments[trigger.tok.i] = find_arguments(trigger.tok, trigger, actors)

    return run


def sentence_place(
    actors: SentenceActors,
    gazetteer: Gazetteer,
    verb: Token,
    args: list[Token],
    countries: set[str],
    mentions: Sequence[tuple[int, Location]] = (),
    place_countries: set[str] | None = None,
    names: dict[int, str] | None = None,
) -> Location | None:
    """The first place in a locative phrase of the verb or of its arguments: a named one (by
    the name the document's places were read by, ``names``: "Birmingham, Alabama"), or "the
    district" meaning the last place the document named before it."""
    for owner in (verb, *args):
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in LOCATION_PREPS:
                for tok in child.subtree:
                    if tok.ent_type_ in PLACE_LABELS and tok.ent_iob_ == "B":
                        ent = actors.ent_at.get(tok.i)
                        if ent is None:
                            continue
                        place = gazetteer.lookup(
                            (names or {}).get(ent.start, ent.text),
                            countries=place_countries or countries,
                            actor_countries=countries,
                        )
                        if place is not None:
                            return gazetteer.to_location(ent.text, place)
                    elif tok.lower_ in PLACE_NOUNS and any(d.lower_ == "the" for d in tok.children):
                        before = bisect_left(mentions, tok.i, key=lambda m: m[0])
                        if before:
                            return mentions[before - 1][1]
    return None


@register_stage("whowhom.location.sentence.v1", requires=["arguments", "places"], assigns=["locations"])
def sentence_locations(res: Resources) -> StageFn:
    gazetteer = res.gazetteer

    def run(state: DocState) -> None:
        actors = state.need_actors()
        for trigger in state.triggers:
            args = state.arguments[trigger.tok.i]
            state.locations[trigger.tok.i] = sentence_place(
                actors,
                gazetteer,
                trigger.tok,
                args.targets,
                state.countries,
                state.place_mentions,
                state.place_countries,
                state.place_names,
            )

    return run


#: Verbs whose addressee is only the one told: "told the BBC", "spoke to reporters".
TELLING_VERBS = frozenset({"tell", "say", "speak", "talk", "explain", "confirm", "write"})


def _outlet_addressed(verb: Token, t: Token, ref: ActorRef) -> bool:
    """Whether ``ref`` is the news outlet or the reporters a speaker talks to ("said in an
    interview *to the BBC*", "ridiculed the idea *to the Washington Post*"): where the words
    were published, not whom they are about."""
    if (ref.code or "")[3:6] != "MED" and ref.code != "MED":
        return False
    to_phrase = t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.i == verb.i
    told = t.dep_ in ("dative", "dobj") and t.head.i == verb.i and verb.lemma_.lower() in TELLING_VERBS
    return to_phrase or told


#: Roots of acts done in words, which are not done to the place they are said in ("condemned
#: the attack in Washington"): statements, demands, criticism, rejection, threats.
WORDS_ONLY_ROOTS = frozenset({"01", "10", "11", "12", "13"})
#: The root of coercion (arrests, detention, bans), whose place is not its target.
COERCION_ROOT = "17"

#: Statement verbs whose direct object is whom the words are addressed to ("told the BBC"); any
#: other statement verb's object is what was said ("said: “It should be resolved …”").
ADDRESSING_VERBS = frozenset({"tell", "inform", "brief", "notify", "address", "assure", "remind", "update"})

#: Nouns for what someone holds true, whose words are what is disputed or welcomed, not whom
#: the act is against ("disputed the notion that he had been part of a channel to Ukraine"):
#: only the phrase itself names an actor ("Iran's claim").
PROPOSITIONS = frozenset(
    {"notion", "idea", "claim", "allegation", "suggestion", "assertion", "characterization",
     "characterisation", "narrative", "theory", "premise", "view", "argument", "contention"}
)  # fmt: skip

#: Verbs whose direct object is what is talked about, never a partner ("discussed the delay
#: with the Ukrainians", "discussed a need for Ukraine to launch …").
TOPIC_VERBS = frozenset({"discuss", "debate"})


def _attacked_place(t: Token) -> bool:
    """Whether an object of an attack verb is the place it happened in ("at the museum")."""
    if not (t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS):
        return False
    return t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in SITES


#: Places where people are held or tried.
HOLDING_PLACES = frozenset(
    {"prison", "jail", "court", "courthouse", "cell", "centre", "center", "facility", "camp"}
)


def _held_in(t: Token) -> bool:
    """Whether an object of a verb is the place someone is held or tried in ("at Belmarsh prison")."""
    return t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS and t.lemma_.lower() in HOLDING_PLACES


def _to_court(t: Token) -> bool:
    """ "dragged the police chief to court", "will see them in court": a bare court is where the
    case goes, not whom it is against ("appealed to the Supreme Court" names one)."""
    return (
        t.dep_ == "pobj"
        and t.lemma_.lower() == "court"
        and t.head.lower_ in ("to", "in", "into")
        and not any(c.dep_ in ("det", "compound", "amod", "poss") for c in t.children)
    )


def _placed_at(ref: ActorRef, doc: Doc) -> bool:
    """Whether an actor mention is a place a preposition of place introduces ("in New Delhi")."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "prep" and root.lower_ in PLACE_PREPS:  # the span took in its preposition
        root = next((c for c in root.children if c.dep_ == "pobj"), root)
    return root.ent_type_ in ("GPE", "LOC", "FAC") and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def _said_in(t: Token) -> bool:
    """Whether an object of a verb is the place it happened in ("in Washington")."""
    # not "at": "lashed out at the US" is at whom the words were aimed
    return (
        t.dep_ == "pobj"
        and t.head.lower_ in ("in", "inside", "outside")
        and t.ent_type_ in ("GPE", "LOC", "FAC")
    )


def _medium(t: Token, ref: ActorRef) -> bool:
    """ "met her on Facebook", "wrote on his Twitter page", "said in the Washington Post": the
    medium the act went through is no one it was done to."""
    if "MED" not in (ref.code or "")[3:]:  # USAMED, MNCUSAMED
        return False
    span = t.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    named = span.root if span is not None else t
    return named.dep_ == "pobj" and named.head.lower_ in ("on", "via", "through", "in")


def _reciprocal(tok: Token) -> bool:
    """Whether the verb's object is "each other" or "one another", or theirs ("accused each
    other of shelling", "attacked each other's policies")."""
    if "other" not in sentence_lower(tok):  # most sentences: no token read
        return False
    for t in tok.subtree:
        if t.lower_ in ("other", "another") and t.i > 0 and tok.doc[t.i - 1].lower_ in ("each", "one"):
            up, steps = t.head, 0
            while up.i != tok.i and steps < 3 and up.pos_ not in ("VERB", "AUX"):
                up, steps = up.head, steps + 1
            if up.i == tok.i:
                return True
    return False


def actor_pairs(
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
    mutual = len(sources) > 1 and (
        (
            code[:2] in RECIPROCAL_ROOTS
            and code[:3] not in DIRECTED_CODES
            and code[:3] not in UNPARTNERED_CODES
        )
        or code[:3] in TRUCE_CODES
        or tok.lemma_.lower() in RECIPROCAL_VERBS
        or _reciprocal(tok)
        or between_event(tok) is not None
    )
    # "resign as ambassador to the UN", "briefings as president": a role held is no one acted on
    targets = [t for t in targets if not (t.dep_ == "pobj" and t.head.lower_ == "as") and not _to_court(t)]
    if code[:2] in WORDS_ONLY_ROOTS:
        # "condemned the attack in Washington": where the words were said is no one they are about
        targets = [t for t in targets if not _said_in(t)]
    if code[:2] == COERCION_ROOT:
        # "held at Belmarsh prison in London", "arrested at the hospital": where, not whom
        targets = [t for t in targets if not (_attacked_place(t) or _held_in(t))]
    if code[:2] in ("18", "19", "20") and len(targets) > 1:
        # "opened fire on visitors at the museum": whom the attack hit, not the building it was in
        people = [t for t in targets if not _attacked_place(t) and t.lemma_.lower() not in ASSAULT_OBJECTS]
        targets = people or targets
    # a statement (010) is to its addressee, not to whoever its words mention ("highlights the
    # importance of the security forces", "cautioned against tinkering with what Congress made")
    deep = code != "010"
    lemma = tok.lemma_.lower()
    if lemma in TOPIC_VERBS or (code == "010" and lemma not in ADDRESSING_VERBS):
        # the object is what is discussed, or what was said ("said: “It should be …”")
        targets = [t for t in targets if not (t.dep_ == "dobj" and t.head.i == tok.i)]
    # "Saudi Arabia and Iran signed a China-brokered agreement", "the government and the rebels
    # signed a deal in Havana": what the co-subjects of a mutual act made together names its
    # broker or its place, not a partner
    made_together = (
        ((code[:2] in RECIPROCAL_ROOTS and code[:3] not in DIRECTED_CODES) or code[:3] in TRUCE_CODES)
        and code[:3] not in UNPARTNERED_CODES
        and (len(sources) > 1 or any(c.dep_ == "nsubj" and c.conjuncts for c in tok.children))
    )
    if made_together:
        # a partner is only one the verb names, or whom the made thing is "with" ("held talks with
        # Russia"); not where or at whose ceremony it was made
        made = [
            t
            for t in targets
            if t.dep_ == "dobj" and t.head.i == tok.i and t.lemma_.lower() in POLITICAL_OBJECTS
        ]
        named = [
            t
            for t in targets
            if t not in made
            and (
                (t.dep_ in ("dobj", "dative") and t.head.i == tok.i)
                or (t.dep_ == "pobj" and t.head.lower_ in ("with", "against", "to"))
            )
        ]
        targets = named + [
            p
            for t in made
            for prep in t.children
            if prep.dep_ == "prep" and prep.lower_ == "with"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
    resolved = best_refs(
        r
        for t in targets
        if t.i not in topics
        for r in actors.resolve_all(t, deep=deep and t.lemma_.lower() not in PROPOSITIONS)
        # "Russia and Ukraine signed a deal in Minsk": co-subjects of a mutual act act on each
        # other, not on the place where the object was made
        if not (mutual and mention_within(r, _places_in(t), tok.doc))
        and not _outlet_addressed(tok, t, r)
        and not _medium(t, r)
    )
    home = {s.country for s in sources}
    # "held talks in New Delhi" said of India's prime minister: a place at home is where, not with
    # whom (PETRARCH's gold keeps it for other acts: "expressed sorrow for the shootings in …")
    if code[:2] in RECIPROCAL_ROOTS:
        resolved = [r for r in resolved if not (r.code in home and _placed_at(r, tok.doc))]
    if not resolved:
        resolved = best_refs(
            r for t in targets if t.i in topics for r in actors.resolve_all(t, deep=True) if not _medium(t, r)
        )
    if not resolved and not fallbacks:
        return []
    if (
        not resolved
        and mutual
        # "Iran and Syria met"; not "doctors, lawyers and officers who paid $600": a relative
        # clause describes its antecedents, it does not make them act on each other
        and not any(c.dep_.startswith("nsubj") and c.lower_ in RELATIVE_PRONOUNS for c in tok.children)
    ):
        return [(a, b) for a in sources for b in sources if a is not b]
    if not resolved and code[:2] not in WORDS_ONLY_ROOTS and code[:2] != COERCION_ROOT:
        # PETRARCH's: "met in Zurich" → the place's country; not "held at Belmarsh prison in
        # London", "arrested at the hospital": where someone is arrested or held is not whom
        resolved = best_refs(
            r for t in locative_objects(tok) if (r := actors.resolve(t, deep=False)) and not _medium(t, r)
        )
        if resolved and all(r.code in home for r in resolved):
            # "Iranians protested in Tehran": at home, against their government; "Modi held
            # talks in New Delhi": at home, with no partner the place could stand for
            resolved = []
    if not resolved and code[:3] in PROTEST_CODES and sources:
        resolved = [implied_protest_target(tok, code, sources)]
    if (
        not resolved
        and code[:2] in ("17", "18", "19")
        and any((s.code or "")[3:6] in STATE_FORCE for s in sources)
    ):
        # "security forces used force to crush the protests": the protesters
        resolved = [protesters_of(t) for t in targets if t.lemma_.lower() in PROTEST_NOUNS][:1]
    src_opts: list[ActorRef | None] = list(sources) or [None]
    tgt_opts: list[ActorRef | None] = list(resolved) or [None]
    return [(src, tgt) for src in src_opts for tgt in tgt_opts]


#: CAMEO codes of force that protesters' own use of it makes a violent protest (145, "protest
#: violently, riot"): destroying property, assault. Armed attacks keep their own codes.
RIOT_CODES = ("1712", "18")
#: Verbs of damage whose use by protesters is a riot, whatever CAMEO's default ("destroy" 190).
RIOTING = frozenset(
    {"destroy", "demolish", "smash", "vandalize", "vandalise", "torch", "burn", "loot", "ransack", "trash"}
)
#: Verbs whose use by protesters is a protest by obstruction (144): "protesters blocked roads".
BLOCKING = frozenset({"block", "blockade", "barricade", "obstruct"})


#: Words for people in a protest (not an armed opposition: "Sadrists fired rockets" is 19x).
PROTESTERS = frozenset({"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators",
                        "rioter", "rioters", "mob", "crowd", "crowds"})  # fmt: skip


def riot_code(code: str, source: ActorRef | None, verb: Token) -> str:
    """ "a protester demolished the building": a riot (CAMEO 145); "protesters blocked the
    roads": a protest by obstruction (144)."""
    if source is None or not PROTESTERS.intersection(source.text.lower().split()):
        return code
    if verb.lemma_.lower() in BLOCKING:
        return "144"
    return "145" if code.startswith(RIOT_CODES) or verb.lemma_.lower() in RIOTING else code


#: Sectors of the state whose force against protesters is repression (CAMEO 175).
STATE_FORCE = frozenset({"COP", "MIL", "GOV", "SPY"})
#: Codes of force that, used by the state on protesters, are repression ("dispersed the
#: demonstration", 170; "fired tear gas at protesters", 190).
REPRESSION_CODES = ("170", "18", "19")


def repression_code(code: str, source: ActorRef | None, target: ActorRef | None) -> str:
    """ "police fired tear gas at protesters", "troops beat opposition supporters": violent
    repression (CAMEO 175), not an armed attack."""
    if source is None or target is None or not code.startswith(REPRESSION_CODES):
        return code
    if (source.code or "")[3:6] not in STATE_FORCE:
        return code
    protest = (target.code or "")[3:6] == "OPP" or bool(PROTESTERS.intersection(target.text.lower().split()))
    return "175" if protest else code


#: Sectors of people who bear no arms as such: their violence is not "conventional military
#: force" (CAMEO 19), it is unconventional violence (18).
UNARMED_SECTORS = frozenset(
    {"CVL", "PPL", "EDU", "BUS", "LAB", "MED", "HLH", "REL", "JUD", "LEG", "ELI", "AGR", "ENV", "REF", "CRM"}
)
#: Verbs of assault by hand or blade (CAMEO 182 "physically assault").
ASSAULTING = frozenset({"beat", "punch", "kick", "stab", "slap", "hit", "assault", "strangle", "batter"})


#: Verbs of force that, said of people who bear no arms, are words: "Senator Warren blasted
#: Bloomberg", "the ministry slammed the decision" (CAMEO 111, criticise).
VERBAL_ATTACKS = frozenset(
    {
        "blast",
        "slam",
        "hammer",
        "lambast",
        "lash",
        "rip",
        "savage",
        "bash",
        "pillory",
        "torch",
        "skewer",
        "roast",
    }
)
#: Sectors that can use force, whose "blast" may be a shelling.
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "INS", "SEP", "COP", "SPY"})


def _has_prep(verb: Token, prep: str) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == prep for c in verb.children)


def verbal_attack_code(code: str, source: ActorRef | None, verb: Token) -> str:
    """ "blasted", "slammed" by a politician, a ministry or a citizen: a criticism (111); by
    an army, or a state named alone, what the verb says."""
    if code.startswith(("18", "19")) and verb.lemma_.lower() == "tear" and _has_prep(verb, "into"):
        return "111"  # "tore into the businessman": only ever in words
    if source is None or not code.startswith(("18", "19")) or verb.lemma_.lower() not in VERBAL_ATTACKS:
        return code
    sector = (source.code or "")[3:6]
    if not sector or sector in ARMED_SECTORS:
        return code
    return "111"


def unarmed_violence_code(code: str, source: ActorRef | None, verb: Token) -> str:
    """ "a woman stabbed her neighbour", "Salinas beat Cartas", "a gunman opened fire at a
    cinema": a civilian's or a lone attacker's violence is CAMEO 18 (182 by hand or blade), not
    the military force of 19 (gunmen, in the plural, may be a force)."""
    if source is None or not code.startswith("19"):
        return code
    sector = (source.code or "")[3:6]
    unnamed_person = not sector and (source.actor_id or "").startswith("name:")
    lone = source.text.lower().split()[-1:] in (["gunman"], ["shooter"], ["assailant"], ["attacker"])
    if sector not in UNARMED_SECTORS and not unnamed_person and not lone:
        return code
    return "182" if verb.lemma_.lower() in ASSAULTING else "180"


#: Armed groups that are no state's forces, and the sectors of people who bear no arms.
NON_STATE_ARMED = frozenset({"REB", "UAF", "INS", "SEP"})
CIVILIAN_SECTORS = frozenset(
    {"CVL", "PPL", "REL", "EDU", "HLH", "MED", "REF", "BUS", "CHR", "MUS", "JEW", "HIN", "BUD", "SHI", "SUN"}
)


def unconventional_violence_code(code: str, source: ActorRef | None, target: ActorRef | None) -> str:
    """ "Gunmen opened fire on visitors", "militants killed 21 Christians": an armed group's
    violence against people who bear no arms is CAMEO 18 (unconventional violence), not the
    military force of 19 (fighting soldiers or the police is 19)."""
    if source is None or target is None or not code.startswith("19"):
        return code
    if (source.code or "")[3:6] not in NON_STATE_ARMED or (target.code or "")[3:6] not in CIVILIAN_SECTORS:
        return code
    return "180"


def flatten(state: DocState) -> list[Candidate]:
    """The candidates of every sentence in order. "X prepared to attend Y": the complement
    ("attend") is the event, not the frame, unless a pattern of the frame verb itself matched
    ("wants to attack" → threaten)."""
    out: list[Candidate] = []
    for sentence in state.by_verb.values():
        for i, verb_events in sentence.items():
            tok = state.doc[i]
            if not verb_events.specific and any(c.dep_ == "xcomp" and c.i in sentence for c in tok.children):
                continue
            out.extend(c for c in verb_events.candidates if not _repeats_head(c, tok, sentence))
    return out


def _key(c: Candidate) -> tuple[str | None, str | None, str]:
    e = c.event
    return (e.source.code if e.source else None, e.target.code if e.target else None, e.event.code)


def _repeats_head(c: Candidate, tok: Token, sentence: dict[int, VerbEvents]) -> bool:
    """ "met in Zurich to discuss trade": the purpose repeats the meeting between the same
    actors, one event, not two."""
    if tok.dep_ != "advcl" or tok.head.i not in sentence:
        return False
    return _key(c) in {_key(h) for h in sentence[tok.head.i].candidates}


@register_stage(
    "whowhom.pairs.v1", requires=["arguments", "stances", "locations", "places"], assigns=["candidates"]
)
def pair_candidates(res: Resources) -> StageFn:
    def verb_candidates(state: DocState, trigger: Trigger) -> list[Candidate]:
        tok = trigger.tok
        args = state.arguments[tok.i]
        stance = state.stances[tok.i]
        location = state.locations[tok.i]
        out: list[Candidate] = []
        seen: set[tuple[str | None, str | None, str]] = set()
        # "took a shower", "went home", "paid the bill": a light verb's own code needs a target
        light = not trigger.specific and tok.lemma_.lower() in LIGHT_VERBS
        for (plan_code, _, _), pairs in zip(args.plans, args.pairs, strict=True):
            voice = speaker_country(stance)
            where = location or state.main_place
            place_country = where.country if where is not None else None
            for named_src, named_tgt in pairs:
                src, tgt = localize_pair(named_src, named_tgt, voice, place_country, state.home_country)
                inferred = {"source": src is not named_src, "target": tgt is not named_tgt}
                primary, _, reverse = plan_code.partition(":")
                if primary and reverse in IMPLIED_HOSTING:
                    reverse = ""  # "X visited Y" is one event; "Y hosted X" would count it twice
                if (
                    reverse.startswith("14")
                    and primary[:2] in ("17", "18", "19")
                    and tok.lemma_.lower() not in RECIPROCAL_VERBS
                ):
                    reverse = ""  # "police dispersed the protests": the dispersal (a clash is both)
                for c, a, b in ((primary, src, tgt), (reverse, tgt, src)):
                    if c and not c.startswith("-"):
                        c = sense_code(c, a, b, tok)
                    if not c or c.startswith("-"):
                        continue
                    key = (a.code if a else None, b.code if b else None, c)
                    if key in seen:
                        continue
                    c = repression_code(riot_code(verbal_attack_code(c, a, tok), a, tok), a, b)
                    c = unconventional_violence_code(unarmed_violence_code(c, a, tok), a, b)
                    made = make_candidate(res, tok, trigger.sentence, a, b, c, stance, location)
                    if made is None or (made.event.target is None and (trigger.refusal_frame or light)):
                        continue
                    roles: tuple[ActorSide, ActorSide] = (
                        ("source", "target") if a is src else ("target", "source")
                    )
                    for role, side in zip(("source", "target"), roles, strict=True):
                        if inferred[side]:
                            made.event.inferred_countries.append(role)  # type: ignore[arg-type]
                            made.event.why.append(f"{role} country inferred")
                    seen.add(key)
                    out.append(made)
        return out

    def run(state: DocState) -> None:
        for trigger in state.triggers:
            found = verb_candidates(state, trigger)
            if found:
                sentence = state.by_verb.setdefault(trigger.sentence.index, {})
                sentence[trigger.tok.i] = VerbEvents(found, trigger.specific)
        state.candidates = flatten(state)

    return run
