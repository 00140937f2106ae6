"""A verb's sense from who does it to whom and the words around it, where its dictionary code
(chosen from the verb and its object's words alone) reads the wrong sense.

Each function takes the code a pattern or the verb's default gave and returns the code the
sense calls for, or ``NO_EVENT`` for a sense CAMEO does not code:

- ``electoral_code``: voting and campaigning ("supported Sanders in the primary", "voters went
  for Trump", "beat the incumbent governor") is electoral competition, no CAMEO event;
- ``trip_code``: travel ("flew to a rally in Iowa", "made a trip to the hospital") is a visit
  (042) only of an official going abroad, else no event, and a visit to a place at home none;
- ``warning_code``: a warning to someone is a threat (130), of a danger a comment (012);
- ``seizure_code``: a town or region seized is territory occupied (192);
- ``rally_code``: people rallying demonstrate (141), forces rallying mobilise (150);
- ``contest_code``: a game won with a score ("beat Barcelona 3-1") is no event;
- ``spoken_attack_code``: an attack made in words ("attacked him on Twitter", "attacked his
  presidency as illegitimate") is criticism (111), not force.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from whowhom.coding.arguments import SITES
from whowhom.coding.patterns import CLAUSE_DEPS
from whowhom.coding.sentences import sentence_lower
from whowhom.model import ActorRef

#: The code that tells the caller to make no event.
NO_EVENT = "---"

#: Verbs that, in an election, are how votes and candidacies go, not acts of one actor on
#: another.
ELECTORAL_VERBS = frozenset(
    {"support", "back", "beat", "defeat", "campaign", "vote", "cast", "challenge", "go", "give", "dismiss",
     "win"}
)  # fmt: skip
#: Words that put the verb's phrase in an election.
ELECTORAL_WORDS = frozenset(
    {
        "primary", "primaries", "election", "elections", "race", "ballot", "ballots", "vote", "votes",
        "caucus", "caucuses", "nomination", "runoff", "electoral", "incumbent", "midterm", "midterms",
        "reelection", "re-election",
    }
)  # fmt: skip
#: Subjects whose acts in an election are votes.
VOTERS = frozenset({"voter", "voters", "elector", "electors", "electorate"})


def _phrase(verb: Token) -> list[Token]:
    """The tokens of the verb's own phrase (its arguments and modifiers, not other clauses)."""
    return [t for c in verb.children if c.dep_ not in CLAUSE_DEPS for t in c.subtree]


def _country(ref: ActorRef | None) -> str:
    return (ref.code or "")[:3] if ref is not None else ""


def electoral_code(code: str, source: ActorRef | None, target: ActorRef | None, verb: Token) -> str:
    """No event for a vote or a campaign at home; a foreign actor backing a candidate ("Russia
    backed him in the election") keeps its code."""
    lemma = verb.lemma_.lower()
    if lemma not in ELECTORAL_VERBS or code.startswith(("01", "02")):
        return code
    head = source.text.lower().split()[-1:] if source is not None else []
    if head and head[0] in VOTERS:
        return NO_EVENT  # voters vote, at home or (misplaced by the coder) abroad
    if source is not None and target is not None and _country(source) != _country(target):
        return code
    phrase = _phrase(verb)
    election = any(t.lower_ in ELECTORAL_WORDS for t in phrase)
    # "campaigned for Clinton": campaigning for a person is for their election
    for_a_person = lemma == "campaign" and any(
        t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.i == verb.i and t.ent_type_ == "PERSON"
        for t in phrase
    )
    return NO_EVENT if election or for_a_person else code


#: Verbs of going somewhere; "made a trip" and "took a trip" are read through their object.
MOTION_VERBS = frozenset({"fly", "travel", "go", "arrive", "head", "flock", "come", "return", "jet"})
TRIP_NOUNS = frozenset({"trip", "journey", "visit", "stop", "stopover"})
#: The codes the dictionaries give travel as such (FLY's "to" is 036, TRAVEL and GO are 040);
#: a pattern's own code for a trip ("arrived on an official visit", 032 or 042) stands.
TRIP_CODES = frozenset({"036", "040"})
VISIT_CODES = frozenset({"042", "043"})
#: Sectors of those whose trip abroad is a visit of state.
OFFICIAL_SECTORS = ("GOV", "ELI", "LEG")


def _a_trip(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in MOTION_VERBS:
        return True
    return lemma in ("make", "take") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in TRIP_NOUNS for c in verb.children
    )


def _a_place(ref: ActorRef, verb: Token) -> bool:
    """Whether the target is a place gone to ("Iowa", "the Afghan desert", "Walter Reed
    hospital"), not a person or body consulted ("went to the legal counsel")."""
    if len(ref.code or "") == 3:
        return True
    span = verb.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return False
    return span.root.ent_type_ in ("GPE", "LOC", "FAC") or span.root.lemma_.lower() in SITES


def trip_code(code: str, source: ActorRef | None, target: ActorRef | None, verb: Token) -> str:
    """An official's trip to another country is a visit (042); anyone's trip or visit to a place
    at home, and a private trip abroad ("Tunisians flocked to Syria"), no event."""
    if target is None or source is None or not _a_place(target, verb):
        return code
    if code in VISIT_CODES and verb.lemma_.lower() in ("visit", "tour"):
        # "Rand Paul visited South Carolina": a place at home hosts no one
        return NO_EVENT if _country(source) == _country(target) else code
    if code not in TRIP_CODES or not _a_trip(verb):
        return code
    abroad = _country(source) not in ("", "---") and _country(target) not in ("", "---", _country(source))
    official = any(s in (source.code or "")[3:] for s in OFFICIAL_SECTORS)
    return "042" if abroad and official else NO_EVENT


#: Verbs of attack that politicians also do in words.
ATTACK_VERBS = frozenset({"attack", "target", "assail", "hit", "savage", "maul"})
#: Where words are said or printed: "on Twitter", "in a speech", "in an interview".
SPEECH_MEDIA = frozenset(
    {
        "twitter", "tweet", "tweets", "facebook", "post", "posts", "interview", "speech", "statement",
        "television", "tv", "radio", "podcast", "column", "op-ed", "letter", "blog", "debate", "video",
        "message", "remarks", "ad", "advert", "media", "instagram",
    }
)  # fmt: skip


def spoken_attack_code(code: str, verb: Token) -> str:
    """ "Trump attacked Chuck Jones on Twitter", "attack his presidency as illegitimate": an
    attack in words, or on what someone is called, is criticism (111)."""
    if not code.startswith(("18", "19")) or verb.lemma_.lower() not in ATTACK_VERBS:
        return code
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ in ("on", "in", "via", "during") and any(o.lower_ in SPEECH_MEDIA for o in objects):
            return "111"
    # "as illegitimate" (an adjective, parsed as a clause of the verb), not "as part of an offensive"
    if any(c.pos_ == "ADJ" and any(g.lower_ == "as" for g in c.children) for c in verb.children):
        return "111"
    return code


def warning_code(code: str, target: ActorRef | None, verb: Token) -> str:
    """ "warned of the deficit's dangers" is a pessimistic comment (012, the verb dictionary's
    pattern); "warned AT&T about free data" is a warning to someone (130)."""
    if code == "012" and target is not None and verb.lemma_.lower() == "warn":
        return "130"
    return code


#: Verbs by which one side wins a game over another.
CONTEST_VERBS = frozenset(
    {"beat", "defeat", "thrash", "rout", "edge", "trounce", "overcome", "overpower", "draw", "lose", "win",
     "eliminate", "stun", "upset"}
)  # fmt: skip
#: A game's score, "3-1" or "2–0" (not a year range: at most two digits a side).
SCORE = re.compile(r"(?<![\d-])\d{1,2} ?[-–] ?\d{1,2}(?![\d-])")


def contest_code(code: str, verb: Token) -> str:
    """ "Real Madrid beat Barcelona 3-1": a game with a score is no event."""
    if verb.lemma_.lower() in CONTEST_VERBS and SCORE.search(sentence_lower(verb)):
        return NO_EVENT
    return code


def seizure_code(code: str, target: ActorRef | None, verb: Token) -> str:
    """ "M23 rebels captured Goma": a town or a region seized is territory occupied (192), not
    property (171)."""
    if code == "171" and target is not None and _a_place(target, verb):
        span = verb.doc.char_span(target.start, target.end, alignment_mode="expand")
        # a named place, not a building ("seized the Azov steel plant") or a thing of a country's
        # ("a British-owned ship")
        root = span.root if span is not None else None
        if root is not None and (
            root.ent_type_ in ("GPE", "LOC") or (root.pos_ == "PROPN" and root.ent_type_ != "FAC")
        ):
            return "192"
    return code


#: Sectors whose rallying is a show of force (CAMEO 150), not a demonstration.
FORCES = frozenset({"MIL", "COP", "REB", "UAF", "SPY"})


def rally_code(code: str, source: ActorRef | None, verb: Token) -> str:
    """ "Hundreds of thousands of Israelis rallied in Tel Aviv": people rallying demonstrate
    (141); CAMEO's RALLY (150, mobilise) is a force's."""
    if (
        code == "150"
        and verb.lemma_.lower() == "rally"
        and source is not None
        and (source.sector or "") not in FORCES
    ):
        return "141"
    return code


def sense_code(code: str, source: ActorRef | None, target: ActorRef | None, verb: Token) -> str:
    """The code after every rule of this module (``NO_EVENT`` when one rules the event out)."""
    code = rally_code(seizure_code(code, target, verb), source, verb)
    code = warning_code(electoral_code(contest_code(code, verb), source, target, verb), target, verb)
    if code == NO_EVENT:
        return code
    return spoken_attack_code(trip_code(code, source, target, verb), verb)
