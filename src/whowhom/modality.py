"""Who says so, and how surely: attribution, polarity, modality and certainty (first cut).

Cues read off the parse around the event's verb:

* polarity: a ``neg`` dependent ("did not condemn", "never met") → ``negated``;
* attribution: reporting verbs above the event ("officials said …"), "according to X",
  then the document's author and outlet as the outer layers;
* modality: modal auxiliaries (may/might/could → hedged; will/shall → future), hedging
  adverbs (reportedly, allegedly …), reported speech → reported; else factual.

Certainty is a fixed value per modality, lowered when the speaker is not a known actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from whowhom.model import Document

if TYPE_CHECKING:
    from whowhom.actors.resolver import SentenceActors

REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "state",
        "announce",
        "claim",
        "add",
        "note",
        "insist",
        "assert",
        "declare",
        "explain",
        "confirm",
        "write",
        "indicate",
        "warn",
        "allege",
    }
)
SPECULATION_VERBS = frozenset(
    {"speculate", "suggest", "guess", "believe", "think", "suspect", "assume", "wonder", "rumour", "rumor"}
)
#: Verbs whose reported clause is coded in their place.
ATTRIBUTING_VERBS = REPORTING_VERBS | SPECULATION_VERBS
HEDGE_MODALS = frozenset({"may", "might", "could", "would", "can"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
HEDGE_ADVERBS = frozenset(
    {
        "reportedly",
        "allegedly",
        "apparently",
        "possibly",
        "probably",
        "perhaps",
        "likely",
        "seemingly",
        "purportedly",
    }
)
NEGATORS = frozenset({"not", "n't", "never", "no"})

CERTAINTY = {"factual": 0.9, "reported": 0.75, "hedged": 0.5, "speculative": 0.3, "future": 0.6}
UNKNOWN_SPEAKER_PENALTY = 0.1


@dataclass(slots=True)
class Stance:
    polarity: str = "asserted"
    modality: str = "factual"
    certainty: float = CERTAINTY["factual"]
    attribution: list[dict[str, Any]] = field(default_factory=list)


def _speaker(tok: Token, actors: SentenceActors) -> dict[str, Any]:
    ref = actors.resolve(tok, deep=False)
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    return {"role": "speaker", "text": span.text, "code": ref.code if ref else None}


def _according_to(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for gc in child.children:
                if gc.lower_ == "to":
                    for pobj in gc.children:
                        if pobj.dep_ == "pobj":
                            return pobj
                if gc.dep_ == "pobj":
                    return gc
    return None


def clause_stance(verb: Token, actors: SentenceActors, document: Document) -> Stance:
    stance = Stance()
    modality = "factual"
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and low == "never"):
            stance.polarity = "negated"
        elif child.dep_ == "aux" and low in HEDGE_MODALS:
            modality = "hedged"
        elif child.dep_ == "aux" and low in FUTURE_MODALS and modality == "factual":
            modality = "future"
        elif child.dep_ == "advmod" and low in HEDGE_ADVERBS:
            modality = "hedged"
    # reporting layers, innermost first
    speakers: list[dict[str, Any]] = []
    cur = verb
    for _ in range(6):
        acc = _according_to(cur)
        if acc is not None:
            speakers.append(_speaker(acc, actors))
        if cur.head.i == cur.i:
            break
        parent = cur.head
        if cur.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in SPECULATION_VERBS:
            modality = "speculative"
        if cur.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in ATTRIBUTING_VERBS:
            subj = next((c for c in parent.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                speakers.append(_speaker(subj, actors))
        cur = parent
    if speakers and modality == "factual":
        modality = "reported"
    certainty = CERTAINTY[modality]
    if speakers and all(s["code"] is None for s in speakers):
        certainty -= UNKNOWN_SPEAKER_PENALTY
    stance.modality = modality
    stance.certainty = round(certainty, 2)
    stance.attribution = speakers
    if document.author:
        stance.attribution.append({"role": "author", "text": document.author})
    if document.source:
        stance.attribution.append({"role": "outlet", "text": document.source})
    return stance
