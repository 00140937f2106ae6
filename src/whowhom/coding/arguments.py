"""Finding a verb's arguments in the dependency parse: subjects, objects, agents, targets."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from whowhom.coding.patterns import small_clause
from whowhom.coding.verbs import Pattern, Verb
from whowhom.model import ActorRef

TARGET_PREPS = frozenset(
    {"with", "against", "on", "to", "at", "into", "toward", "towards", "upon", "for", "from"}
)
#: Prepositions that usually give a topic, not a target, when the verb has another object
#: ("attend a summit in Geneva on the unrest in Iran").
TOPIC_PREPS = frozenset({"on", "for", "about", "over"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout"})
#: Buildings and sites an attack happens in, which name where it was, not whom it hit.
SITES = frozenset(
    {"museum", "school", "church", "mosque", "synagogue", "temple", "cinema", "theater", "theatre",
     "hotel", "restaurant", "market", "mall", "hospital", "university", "stadium", "club", "bar",
     "station", "airport", "square", "street", "park", "building", "shrine", "cafe", "nightclub"}
)  # fmt: skip


def conjuncts(tok: Token) -> list[Token]:
    """The token and the actors coordinated with it.

    spaCy often parses a list "the US, Russia, and Switzerland" as an apposition whose own
    conjuncts complete the list; an apposition that has conjuncts is read as the list.
    """
    out = [tok]
    for c in tok.conjuncts:
        if c.i != tok.i:
            out.append(c)
    for child in tok.children:
        if child.dep_ == "appos" and any(g.dep_ == "conj" for g in child.children):
            out.append(child)
            out.extend(c for c in child.conjuncts if c.i != child.i)
        elif child.ent_iob_ == "I" and child.ent_type_ == tok.ent_type_ and child.i > tok.i:
            # a name split by the parser ("Barack" read as a preposition, "Obama" its object):
            # what is coordinated with its last part is coordinated with the name
            out.extend(c for c in child.conjuncts if c.i != child.i)
    return out


#: Verbs whose subject undergoes the event ("Zoe died", "two soldiers perished"): the one
#: who dies is its target, never the one who acts.
UNDERGOERS = frozenset({"die", "perish", "succumb", "drown"})


#: Verbs of protest: never passive ("thousands of lawyers protested", tagged VBN), and what
#: they happen outside of is what they are against ("rioted outside the US base").
PROTESTING = frozenset({"protest", "riot", "rally", "march", "demonstrate", "picket"})
PROTEST_PLACE_PREPS = frozenset({"outside", "at", "near", "before"})


def reduced_passive(verb: Token) -> bool:
    """A past participle with a subject but no auxiliary and no object: the headline passive
    ("Helicopter shot down in Logar", "Two arrested in skimming scheme"), whose subject is the
    one acted on."""
    children = list(verb.children)
    if any(c.dep_ == "agent" for c in children) and not any(c.dep_ == "auxpass" for c in children):
        return any(c.dep_ == "nsubj" for c in children)  # "X shot down by Y", parsed as active
    if (
        verb.tag_ in ("VBD", "VBN")
        and any(c.dep_ == "nsubj" for c in children)
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in children)
        and any(c.dep_ == "prep" and c.lower_ == "by" and _agentive(c) for c in children)
    ):
        return True  # "Terrorist shot dead in Milan by rookie police officer", "by" read as a place
    if verb.tag_ != "VBN" or verb.dep_ not in ("ROOT", "conj") or verb.lemma_.lower() in PROTESTING:
        return False
    return any(c.dep_ == "nsubj" for c in children) and not any(
        c.dep_ in ("aux", "auxpass", "dobj", "ccomp", "xcomp") for c in children
    )


#: Nouns of those who act, which a "by" phrase names as the agent of a headline's passive.
AGENT_WORDS = frozenset(
    {"officer", "officers", "police", "policeman", "troops", "soldier", "soldiers", "gunman", "gunmen",
     "militants", "rebels", "forces", "army", "insurgents", "protesters", "attacker", "attackers"}
)  # fmt: skip


def _agentive(by: Token) -> bool:
    """Whether a "by" phrase names someone who acts ("by rookie police officer", "by Taliban")."""
    return any(
        o.dep_ == "pobj" and (o.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or o.lower_ in AGENT_WORDS)
        for o in by.children
    )


#: Verbs of feeling, whose passive subject is the one who feels and whose ``by`` phrase is what
#: they feel about ("officials are concerned by the collapse of Libya").
FEELING = frozenset(
    {"concern", "worry", "alarm", "disappoint", "trouble", "anger", "outrage", "upset", "frustrate",
     "dismay", "shock", "please", "delight", "satisfy", "reassure", "hearten", "disturb", "appal",
     "appall", "sadden", "encourage"}
)  # fmt: skip


#: Nouns of an event between two sides, and its CAMEO code: "clashes erupted between the army
#: and the RSF", "talks between Iran and the US resumed".
BETWEEN_EVENTS = {
    "clash": "190", "fighting": "190", "fight": "190", "battle": "190", "gunfight": "190",
    "firefight": "190", "skirmish": "190", "hostility": "190", "talk": "046", "negotiation": "046",
}  # fmt: skip


def between_event(verb: Token) -> tuple[str, list[Token]] | None:
    """The code and the sides of an event noun with "between" that is the verb's subject (or,
    after "there were", its attribute), if any."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "attr") or child.lemma_.lower() not in BETWEEN_EVENTS:
            continue
        # "between" on the noun, or on the verb ("fighting broke out between …")
        for prep in (*child.children, *verb.children):
            if prep.dep_ == "prep" and prep.lower_ == "between":
                sides = [t for p in prep.children if p.dep_ == "pobj" for t in conjuncts(p)]
                # "between Armenian and Azerbaijani troops": two sides in one phrase
                paired = any(
                    m.dep_ in ("amod", "compound") and m.conjuncts for s in sides for m in s.children
                )
                if len(sides) > 1 or (sides and paired):
                    return BETWEEN_EVENTS[child.lemma_.lower()], sides
    return None


def fronted_clause(verb: Token) -> bool:
    """ "Bandits killed at least 30 villagers …": the parser read a sentence's opening bare noun
    and its verb as a noun with a reduced relative clause; a past participle that takes a direct
    object right after that noun is the sentence's own verb, and the noun its subject."""
    head = verb.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and head.pos_ in ("NOUN", "PROPN")
        and verb.i == head.i + 1
        and head.left_edge.i == head.sent.start
        and not any(c.dep_ in ("det", "poss") for c in head.children)
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """(agents, patients): active subjects, or passive subjects and their ``by`` agents (who
    feels is the agent of a verb of feeling: "concerned by Libya's collapse")."""
    agents: list[Token] = []
    patients: list[Token] = []
    headline_passive = reduced_passive(verb) or verb.lemma_.lower() in UNDERGOERS
    feeling = verb.lemma_.lower() in FEELING
    for child in verb.children:
        if child.dep_ == "nsubj" and headline_passive:
            patients.extend(conjuncts(child))
        elif child.dep_ in ("nsubj", "csubj"):
            agents.extend(conjuncts(child))
        elif child.dep_ == "nsubjpass":
            (agents if feeling else patients).extend(conjuncts(child))
        elif child.dep_ == "agent" or (
            headline_passive and child.dep_ == "prep" and child.lower_ == "by" and _agentive(child)
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    (patients if feeling else agents).extend(conjuncts(pobj))
    if fronted_clause(verb):
        agents.extend(conjuncts(verb.head))
    between = between_event(verb)
    if between is not None:  # "clashes erupted between the army and the RSF": the two sides
        agents, patients = between[1], []
    if feeling and patients and not agents and verb.dep_ == "acomp":  # "officials are concerned by …"
        agents.extend(t for c in verb.head.children if c.dep_ == "nsubj" for t in conjuncts(c))
    return agents, patients


#: Verbs whose object (or passive subject) is the subject of their infinitive ("urged Iran to
#: stop", "was pressured to help").
OBJECT_CONTROL = frozenset(
    {"ask", "urge", "press", "pressure", "force", "order", "tell", "encourage", "invite", "allow",
     "permit", "persuade", "push", "instruct", "direct", "compel", "oblige", "require", "warn",
     # what made someone act: "…, prompting North Korea to warn Seoul"
     "prompt", "lead", "cause", "spur", "drive", "provoke", "trigger", "inspire", "motivate"}
)  # fmt: skip


#: Objects that make "give X ___ to do Y" a permission, whose content X would do.
PERMISSION_NOUNS = frozenset({"permission", "authority", "approval", "authorization", "mandate", "go-ahead"})


def permits(verb: Token) -> bool:
    """ "gave (Russia) permission", "granted the authority": a permission, not a gift."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in PERMISSION_NOUNS for c in verb.children)


def permitted(verb: Token) -> list[Token]:
    """Whoever a permission is given to: "gave *Russia* permission", "permission to *Russia*"."""
    out = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    for c in verb.children:
        if c.dep_ in ("dative", "prep") and c.lower_ == "to":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def infinitive(verb: Token) -> bool:
    """A "to" infinitive ("… to help Iran"), whatever the parser attached it as."""
    return verb.dep_ in ("xcomp", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


#: Nouns for what is said or written, whose participle says what it does ("issued a statement
#: condemning X", "sent a letter urging Y").
STATEMENT_NOUNS = frozenset(
    {"statement", "letter", "communique", "communiqué", "resolution", "declaration", "tweet",
     "message", "note", "report", "speech", "post", "video", "editorial", "op-ed", "petition"}
)  # fmt: skip


def statement_act(verb: Token) -> bool:
    """Whether ``verb`` says what a statement someone issued does: "issued a statement
    *condemning* X" (the act is the issuer's, not a description of the statement)."""
    statement = verb.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and statement.lemma_.lower() in STATEMENT_NOUNS
        and statement.dep_ == "dobj"
        and statement.head.pos_ in ("VERB", "AUX")
    )


def inherited_subjects(verb: Token) -> list[Token]:
    """Subjects of a governing verb: "… fought and killed X", "… agreed to meet X",
    and the passive controller of "X is scheduled to attend"."""
    if statement_act(verb):
        # "released a statement condemning the agitators": whoever released it condemns
        agents, _ = subjects(verb.head.head)
        return agents
    cur = verb
    for _ in range(4):
        if cur.dep_ not in ("conj", "xcomp", "advcl", "acomp") or cur.head.i == cur.i:
            return []
        via_xcomp = cur.dep_ in ("xcomp", "acomp")
        if infinitive(cur) and cur.head.lemma_.lower() in OBJECT_CONTROL:
            # "Congress pressured Obama to help Iran", "Obama was pressured to help Iran": the
            # one asked does the asking's content, not the one who asks
            asked = [c for c in cur.head.children if c.dep_ in ("dobj", "nsubjpass")]
            return [t for a in asked for t in conjuncts(a)]
        if infinitive(cur) and permits(cur.head):  # "gave Russia permission to help Israel"
            return [t for a in permitted(cur.head) for t in conjuncts(a)]
        cur = cur.head
        agents, patients = subjects(cur)
        if agents:
            return agents
        if via_xcomp and patients:
            return patients
    return []


#: Things that are some actor's political act or undertaking: supporting or welcoming one is an
#: act towards whoever is behind it ("Iran supported the ceasefire").
POLITICAL_OBJECTS = frozenset(
    """
    ceasefire truce offensive operation deal agreement accord treaty pact resolution plan proposal
    initiative talks negotiation negotiations sanction sanctions decision move policy law bill
    measure effort reform reforms election referendum vote peace process strategy statement
    announcement campaign bid mission war crackdown strike protest protests demand demands attack
    attacks assault bombing invasion raid uprising rebellion coup blockade occupation
    """.split()  # noqa: SIM905 - a word list reads better as text
)


#: Nouns for an attack, whose modifier names the attacker ("killed in an Israeli air strike").
ATTACK_NOUNS = frozenset(
    [
        "attack",
        "strike",
        "airstrike",
        "shelling",
        "bombing",
        "raid",
        "fire",
        "bombardment",
        "assault",
        "offensive",
        "ambush",
        "blast",
        "explosion",
        "operation",
        "gunfire",
        "tank",
        "missile",
        "rocket",
        "drone",
        "helicopter",
        "jet",
        "warplane",
        "artillery",
        "mortar",
        "sniper",
        "gunman",
        "gunmen",
        "troops",
        "forces",
    ]
)


#: Prepositions after an attack noun that name what was attacked ("an attack *on* a convoy").
ATTACKED_PREPS = frozenset({"on", "against", "at", "targeting"})


def attacked(nouns: list[Token]) -> list[Token]:
    """What the attack nouns name as attacked: "a bomb attack on a Turkish convoy" → convoy."""
    return [
        pobj
        for noun in nouns
        for child in noun.children
        if child.dep_ == "prep" and child.lower_ in ATTACKED_PREPS
        for pobj in child.children
        if pobj.dep_ == "pobj"
    ]


def attack_agents(verb: Token) -> list[Token]:
    return [
        pobj
        for child in verb.children
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "by", "from")
        for pobj in child.children
        if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ATTACK_NOUNS
    ]


PREPOSITIONS = frozenset(
    {"ALONGSIDE", "WITH", "AGAINST", "ON", "TO", "AT", "FOR", "FROM", "BETWEEN", "AMONG"}
)


def pattern_prep_objects(verb: Token, pattern: Pattern) -> list[Token]:
    """Objects of the verb's preposition that a pattern ends on ("* ALONGSIDE")."""
    if not pattern.after:
        return []
    last = pattern.after[-1]
    if not last.prep and not any(w in PREPOSITIONS for w in last.words):
        return []
    if len(pattern.after) > 1 and all(w.lower() in TOPIC_PREPS for w in last.words):
        return []  # "* SUMMIT (IN ^) (ON)": what the summit is on is its topic, not its target
    for child in verb.subtree:
        if child.dep_ == "prep" and child.text.upper() in last.words and child.i > verb.i:
            return [o for p in child.children if p.dep_ == "pobj" for o in conjuncts(p)]
    return []


RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})


def relative_antecedents(verb: Token) -> list[Token]:
    """For "… Moscow and Beijing, which have resisted …": the nouns the clause is about."""
    cur = verb
    for _ in range(4):
        if cur.dep_ == "relcl":
            return conjuncts(cur.head)
        if cur.dep_ not in ("xcomp", "conj") or cur.head.i == cur.i:
            return []
        cur = cur.head
    return []


def reporter_subjects(verb: Token) -> list[Token]:
    """For a pronoun subject inside reported speech ("Obama said he would …"): the speaker."""
    cur = verb
    for _ in range(4):
        if cur.head.i == cur.i:
            return []
        if cur.dep_ == "ccomp":
            agents, _ = subjects(cur.head)
            return [a for a in agents if a.pos_ != "PRON"]
        cur = cur.head
    return []


#: Verbs of leaving, whose "to" phrase is where one goes, not whom the act is done to.
LEAVING_VERBS = frozenset(
    {"withdraw", "retreat", "flee", "pull", "evacuate", "relocate", "redeploy", "escape"}
)


def _only_time(tok: Token) -> bool:
    """A phrase that names only a time ("Sunday", "last week"): never a target."""
    return all(t.ent_type_ in ("DATE", "TIME") or t.pos_ in ("DET", "PUNCT") for t in tok.subtree)


#: Verbs whose direct object is what is used, not whom it is used on ("police used Mace,
#: Tasers and tear gas on the protesters").
INSTRUMENT_VERBS = frozenset({"use", "employ", "wield", "utilise", "utilize"})
#: Objects that are an assault or what it is made with, whose "on", "at" or "against" is whom
#: it hits ("carried out airstrikes on rebel positions", "fired tear gas at protesters").
ASSAULT_OBJECTS = frozenset(
    {"attack", "strike", "airstrike", "raid", "assault", "offensive", "bombardment", "bombing", "ambush",
     "fire", "gunfire", "rocket", "missile", "drone", "shell", "gas", "bullet", "ammunition", "cannon",
     "grenade", "bomb", "barrage", "salvo", "crackdown"}
)  # fmt: skip


#: What people talk over, whose "with" is whom they talk to.
MEANS_OF_TALKING = frozenset({"telephone", "phone", "video", "videolink", "line", "call"})


def _aimed_at(thing: Token) -> list[tuple[Token, str]]:
    """Whom a thing used or an assault is aimed at: the objects of its "against", "on" or "at",
    and of its conjuncts' ("fired tear gas and live ammunition at protesters")."""
    return [
        (p, prep.lower_)
        for t in conjuncts(thing)
        for prep in t.children
        if prep.dep_ == "prep" and prep.lower_ in ("against", "on", "at")
        for p in prep.children
        if p.dep_ == "pobj" and not _only_time(p)
    ]


def split_objects(verb: Token) -> tuple[list[Token], list[tuple[Token, str]]]:
    """(direct objects, (object, preposition) of target prepositions) of a verb."""
    direct: list[Token] = []
    prepositional: list[tuple[Token, str]] = []
    if between_event(verb) is not None:
        return direct, prepositional  # the two sides act on each other (``subjects``)
    # what is used, or what is blamed on someone ("blamed the country's ills on Pakistan"), is
    # not whom the act is against
    thing = verb.lemma_.lower() in INSTRUMENT_VERBS or (
        verb.lemma_.lower() == "blame" and any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children)
    )
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.pos_ != "ADP":
            if not (thing and child.dep_ == "dobj"):
                direct.extend(conjuncts(child))
                if child.dep_ == "dobj" and child.lemma_.lower() in ASSAULT_OBJECTS:
                    prepositional.extend(_aimed_at(child))  # "launched airstrikes on rebel positions"
            else:  # "used live ammunition against protesters": the parser hangs it on the thing
                prepositional.extend(_aimed_at(child))
        elif child.dep_ in ("prep", "dative") and child.lower_ in TARGET_PREPS:
            if child.lower_ == "to" and verb.lemma_.lower() in LEAVING_VERBS:
                continue  # "withdrew from Syria to the Golan": where they went is no target
            for pobj in child.children:
                if pobj.dep_ == "pobj" and not _only_time(pobj):  # not "on Sunday"
                    prepositional.extend((p, child.lower_) for p in conjuncts(pobj))
        elif (
            child.dep_ == "prep" and child.lower_ in PROTEST_PLACE_PREPS and verb.lemma_.lower() in PROTESTING
        ):
            prepositional.extend((p, child.lower_) for p in child.children if p.dep_ == "pobj")
        elif small_clause(child):  # "found [Roof guilty]": the small clause's subject
            direct.extend(t for s in child.children if s.dep_ == "nsubj" for t in conjuncts(s))
    # "spoke by telephone with Obama": the parser hangs the partner on the means
    prepositional.extend(
        (p, "with")
        for child in verb.children
        if child.dep_ == "prep" and child.lower_ in ("by", "over", "via", "on")
        for means in child.children
        if means.dep_ == "pobj" and means.lemma_.lower() in MEANS_OF_TALKING
        for prep in means.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for p in prep.children
        if p.dep_ == "pobj"
    )
    if not direct and not prepositional and not thing:  # "agreed to meet Iraq": the xcomp's object
        for child in verb.children:
            if child.dep_ == "xcomp":
                return split_objects(child)
    return direct, prepositional


def best_refs(refs: Iterable[ActorRef | None]) -> list[ActorRef]:
    """Resolved actors, without repeats; bare agents ("---GOV") only when nothing better."""
    found: list[ActorRef] = []
    for ref in refs:
        if ref is not None and all(ref.code != f.code or ref.start != f.start for f in found):
            found.append(ref)
    # one span read two ways ("a man and a woman from the Orlando area": USA and USACVL), or a
    # name inside a phrase that names more ("Russian" in "Russian Foreign Minister Sergei
    # Lavrov"): the more specific reading
    found = [
        r
        for r in found
        if not any(
            f is not r
            and f.start <= r.start
            and r.end <= f.end
            and (f.code or "").startswith(r.code or "\0")
            and len(f.code or "") > len(r.code or "")
            for f in found
        )
    ]
    known = [r for r in found if r.code and not r.code.startswith("---")]
    return known or found


def named_first(refs: list[ActorRef]) -> list[ActorRef]:
    """Where a named actor and a described one ("Somali militant group") share a country,
    the named one."""
    named = {r.country for r in refs if r.actor_id is not None}
    return [r for r in refs if r.actor_id is not None or r.country not in named]


def locative_objects(verb: Token) -> list[Token]:
    return [
        pobj
        for child in verb.children
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS
        for pobj in child.children
        if pobj.dep_ == "pobj"
    ]


def choose_verb(tok: Token, candidates: list[Verb]) -> Verb | None:
    """Prefer a particle verb whose particle is present ("meet with", "call off")."""
    child_words = {c.lower_.upper() for c in tok.children if c.dep_ in ("prt", "prep", "agent")}
    plain: Verb | None = None
    for v in candidates:
        if v.particles:
            if v.particles[0] in child_words:
                return v
        elif plain is None:
            plain = v
    return plain
