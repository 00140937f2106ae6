"""Filters: candidates that are not events in their own right.

``whowhom.filters.clauses.v1`` drops a candidate whose trigger is

* a participle that only adds to the main clause, with no subject of its own
  ("…, killing at least eight people", "…, seeking to mend ties"): the main clause is the
  reported act, the participle its consequence or purpose;
* inside a clause that describes a noun ("a trip aimed at pushing for a ceasefire"): a
  description, not a report that something happened;
* in a question ("Why should he give up anything more?"): asked, not reported;
* a habit or standing description ("often visits", "tended to pay", "every day");
* said by a poll's share of people ("44 percent of Americans say …");
* a light verb's plain material cooperation, done, that no pattern chose ("provided text
  messages to lawmakers").
"""

from __future__ import annotations

from spacy.tokens import Token

from whowhom.coding.arguments import fronted_clause, statement_act
from whowhom.coding.roles import LIGHT_VERBS
from whowhom.coding.sentences import sentence_text
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Candidate, DocState

PARTICIPLE_TAGS = frozenset({"VBG"})
#: How far up the parse a describing clause is looked for.
MAX_DEPTH = 6


def _own_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in tok.children)


def in_question(tok: Token) -> bool:
    """Whether the trigger's sentence is a question (it ends with "?", quotes aside)."""
    return sentence_text(tok).rstrip().rstrip("\"'”’»)").endswith("?")


def is_added_participle(tok: Token) -> bool:
    """ "…, killing eight people": a gerund-participle adverbial clause without its own subject."""
    return (
        tok.tag_ in PARTICIPLE_TAGS
        and tok.dep_ in ("advcl", "acl")
        and not _own_subject(tok)
        and not statement_act(tok)
    )


#: Roots of acts done in words: appeals, demands, criticism, rejection, threats.
SPOKEN_ROOTS = frozenset({"02", "10", "11", "12", "13"})
#: Verbs that say something to or of someone.
SAYING_VERBS = frozenset(
    {"accuse", "blame", "criticize", "criticise", "condemn", "denounce", "urge", "call", "demand",
     "threaten", "warn", "reject", "slam", "rebuke", "appeal", "implore", "chide", "berate", "lambast"}
)  # fmt: skip


#: Verbs of assault, whose participle is an attack of the subject's own ("launched an offensive,
#: shelling the separatists' positions"), not what another act did.
ASSAULT_VERBS = frozenset(
    {"shell", "bomb", "strike", "pound", "attack", "raid", "storm", "besiege", "blockade"}
)


def said_alongside(c: Candidate) -> bool:
    """ "… suspended the broadcaster, accusing it of relaying threats": a participle that says
    something to someone, or assaults someone, is the subject's own act beside the main one
    (unlike "…, killing eight people", which tells what the main act did)."""
    lemma = c.trigger.lemma_.lower()
    return c.event.target is not None and (
        (c.event.event.code[:2] in SPOKEN_ROOTS and lemma in SAYING_VERBS) or lemma in ASSAULT_VERBS
    )


def in_describing_clause(tok: Token) -> bool:
    """Whether the trigger is in a reduced clause modifying a noun ("a trip aimed at …")."""
    cur = tok
    for _ in range(MAX_DEPTH):
        if statement_act(cur):
            return False  # "issued a statement condemning X": what the statement does
        if (
            cur.dep_ == "acl"
            and cur.head.pos_ in ("NOUN", "PROPN")
            and not _own_subject(cur)
            and not fronted_clause(cur)
        ):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


#: Adverbs that make a verb a habit, not an event ("traveled periodically to Pakistan").
HABITUAL_ADVERBS = frozenset(
    {"usually", "often", "regularly", "periodically", "frequently", "routinely", "typically", "generally"}
)


#: Conjunctions of a clause that, in the simple present on both sides, states what happens
#: whenever something does ("When protesters destroy cars, they attack private property").
GENERIC_MARKS = frozenset({"when", "whenever", "every time"})


def _simple_present(tok: Token) -> bool:
    return tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def _whenever(clause: Token, main: Token) -> bool:
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in GENERIC_MARKS for c in clause.children)
        and _simple_present(clause)
        and _simple_present(main)
    )


#: Nouns of a time that "every" makes a habit of ("goes to the U.N. every day").
RECURRING_TIMES = frozenset({"day", "week", "month", "year", "morning", "evening", "night", "time"})


def habit_frame(verb: Token) -> bool:
    """ "tend to", "used to": a verb whose infinitive complement is a habit."""
    lemma = verb.lemma_.lower()
    if lemma not in ("tend", "use") or not any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return lemma == "tend" or not any(c.dep_ == "dobj" for c in verb.children)


def _marked_habitual(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS:
            return True
        if (
            c.dep_ in ("npadvmod", "tmod")
            and c.lemma_.lower() in RECURRING_TIMES
            and any(d.dep_ == "det" and d.lower_ in ("every", "each") for d in c.children)
        ):
            return True
    return False


def is_habitual(tok: Token) -> bool:
    """A habit or a standing description, not an event: a habitual adverb ("often visits",
    "every day"), a habit frame ("tended to pay"), a relative clause in the simple present
    ("Bassi, who advises the attorney-general"), or what happens whenever something does, both
    in the simple present ("When protesters destroy cars, they attack …")."""
    if _marked_habitual(tok) or (tok.dep_ == "conj" and _marked_habitual(tok.head)):
        return True
    if tok.dep_ == "xcomp" and habit_frame(tok.head):
        return True
    if _whenever(tok, tok.head) or any(_whenever(c, tok) for c in tok.children):
        return True
    return tok.dep_ == "relcl" and _simple_present(tok)


#: Heads of a subject that is a poll's share of people ("44 percent of Americans say …"): an
#: aggregate opinion, not anyone's act.
POLL_SHARES = frozenset({"percent", "cent", "%", "respondent", "poll"})


def is_poll_result(tok: Token) -> bool:
    """Whether the verb, or a verb whose clause it is in, has a poll's share of people for its
    subject ("44 percent of Americans say they want the House to impeach")."""
    for _ in range(MAX_DEPTH):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in POLL_SHARES:
                return True
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


#: Light verbs whose plain material cooperation PETRARCH's gold keeps ("scheduled to give a
#: speech here" is 060 in the GSR).
KEPT_LIGHT = frozenset({"give"})


def is_light_giving(c: Candidate) -> bool:
    """ "provided text messages to lawmakers", "bought a battery from a seller": a light verb's
    own code of material cooperation (CAMEO 06), which no pattern chose, done (not planned), is
    no cooperation."""
    lemma = c.trigger.lemma_.lower()
    return (
        c.event.content_of is None
        and c.event.modality in ("factual", "reported")  # "will provide Vietnam a ship" stays
        and c.event.event.code[:2] == "06"
        and lemma in LIGHT_VERBS
        and lemma not in KEPT_LIGHT
    )


@register_stage("whowhom.filters.clauses.v1", requires=["candidates"], assigns=["candidates"])
def clause_filter(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        specific = {t.tok.i for t in state.triggers if t.specific}
        state.candidates = [
            c
            for c in state.candidates
            if not (
                (is_added_participle(c.trigger) and not said_alongside(c))
                or in_describing_clause(c.trigger)
                or in_question(c.trigger)
                or is_habitual(c.trigger)
                or is_poll_result(c.trigger)
                or (c.trigger.i not in specific and is_light_giving(c))
            )
        ]

    return run
