"""Frame verbs: what a verb does with the act in its complement.

"X threatened to attack Y" is a threat by X (CAMEO 13x), "X refused to fight Y" a refusal
(12x), "X urged Y to withdraw" an appeal, "X claimed it attacked Y" a claim of
responsibility (015); the complement's own event is kept and marked as the frame's content.
"""

from __future__ import annotations

from spacy.tokens import Token

from whowhom.model import Event

#: Verbs that frame a wish or threat about the act in their complement ("threatened to
#: attack"). Promises and plans ("pledged to expel") are coded as the act, as PETRARCH does.
INTENT_FRAMES = frozenset({"want", "threaten", "warn", "vow", "wish", "refuse", "decline", "seek"})
# ("refused to fight X": the refusal is coded, CAMEO 12x, and the fighting kept as negated content)
#: Verbs that only set the act in their complement in the future ("plans to withdraw"):
#: the complement is the event (modality future); the frame verb is not coded beside it.
MODAL_FRAMES = frozenset({"plan", "intend", "hope", "aim", "prepare", "expect", "promise", "pledge", "go"})
#: Verbs that ask for the act in their complement ("urged Israel to halt …").
DIRECTIVE_FRAMES = frozenset(
    {
        "ask",
        "urge",
        "call",
        "press",
        "pressure",
        "demand",
        "order",
        "tell",
        "request",
        "encourage",
        "force",
        "invite",
        "allow",
        "permit",
        "persuade",
        "push",
        "appeal",
        "exhort",
        "implore",
        "plead",
        "beg",
        "lobby",
        "instruct",
        "direct",
        "want",
    }
)
#: Verbs that claim the act in their complement was done (by the speaker, or by another).
CLAIM_FRAMES = frozenset({"claim", "allege", "admit", "confess"})
#: Claim frames that only own up to an act (CAMEO 015), never accuse another of one.
ADMISSION_FRAMES = frozenset({"admit", "confess"})
#: Auxiliaries that make a reported clause an intention ("warned that it would strike").
INTENT_AUX = frozenset({"would", "will", "'ll", "shall"})
#: CAMEO root of the intended act → the code for intending it (CAMEO 03x "express intent to
#: cooperate" and 13x "threaten").
_INTENT_BY_ROOT = {
    "01": "030",
    "02": "030",
    "03": "030",
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "09": "030",
    "10": "130",
    "11": "130",
    "12": "130",
    "13": "130",
    "14": "130",
    "15": "130",
    "16": "130",
    "17": "130",
    "18": "138",
    "19": "138",
    "20": "138",
}


#: … and for refusing it ("said it would not provide aid"): CAMEO 12x "reject".
_REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}


#: CAMEO root of the act asked for → the code for asking it (CAMEO 02x "make an appeal"):
#: military action and material cooperation 021, diplomatic cooperation 022, aid 023, to
#: yield 025, to meet or negotiate 026.
_APPEAL_BY_ROOT = {
    "04": "026",
    "05": "022",
    "06": "021",
    "07": "023",
    "08": "025",
    "18": "021",
    "19": "021",
    "20": "021",
}


def appeal_code(asked: str | None) -> str:
    """The code for appealing to someone to do the act coded ``asked`` (020 when it is unknown)."""
    return _APPEAL_BY_ROOT.get(asked[:2], "020") if asked else "020"


def mark_content(events: list[Event], frame: Token) -> None:
    """Mark ``events`` as the content of the frame verb ``frame`` (the flag, and a note for people)."""
    for e in events:
        e.content_of = frame.text
        e.why.append(f"content of “{frame.text}”")


#: Frame verbs that make their content a threat whatever it is ("threatened to deliver blows"
#: is a threat, not an intention to give aid): CAMEO 13x. A vow is a threat only of a hostile
#: act ("vowed to retaliate"); "vows to revive the industry" is an intention (03x).
THREAT_FRAMES = frozenset({"threaten", "warn"})


def intent_code(code: str, *, negated: bool = False, frame: str | None = None) -> str:
    """The code for intending (or, with a threat frame, threatening) the act coded ``code``, or
    for refusing it."""
    if negated:
        return _REFUSAL_BY_ROOT.get(code[:2], "120")
    intended = _INTENT_BY_ROOT.get(code[:2], "030")
    if frame in THREAT_FRAMES and not intended.startswith("13"):
        return "130"  # a threat of an act that is not itself hostile: "threaten" in general
    return intended
