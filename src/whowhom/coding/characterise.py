"""What "X called Y a ___" and "X said Y is ___" do: a criticism (CAMEO 111) or praise (051), by
the predicate's words.

The verb "call" with an object predicate ("called the inquiry a sham", "called the sanctions
outrageous") characterises its object; it is never a phone call (CAMEO 041) or an appeal. A
copular clause a speaker reports ("said the rebels were criminals") characterises its subject
(``characterised``, used by the frames stage). The words are in ``data/characterisations.yaml``;
a negation in the predicate ("not a mistake") or no listed word leaves the verb uncoded.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Token

from whowhom.coding.modality import OPENING_QUOTES, QUOTE_MARKS

#: Verbs that characterise their object through an object predicate or an "as" phrase.
CHARACTERISING = frozenset(
    {"call", "label", "brand", "dub", "term", "describe", "denounce", "dismiss", "decry", "condemn", "slam"}
)
CRITICISE, PRAISE = "111", "051"


@lru_cache(maxsize=1)
def tone_words() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("whowhom.data").joinpath("characterisations.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return frozenset(data["negative"]), frozenset(data["positive"])


def predicate(verb: Token) -> Token | None:
    """The object predicate: "called X *a sham*", "called X *outrageous*", "described X *as* …".

    A predicate in quotation marks is often parsed as an apposition to the object ("called the
    rules "an injustice"", "called the massacre by his son "the act of a terrorist""); such an
    apposition opened by a quotation mark is the predicate too.
    """
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
        if child.dep_ == "prep" and child.lower_ == "as" and verb.lemma_.lower() != "call":
            return child
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and verb.lemma_.lower() != "call":
        for child in objects[0].children:  # "dismissed the report as a pack of lies", "as" on the report
            if child.dep_ == "prep" and child.lower_ == "as":
                return child
    if objects:
        for tok in verb.subtree:
            if tok.i > objects[0].i and tok.dep_ == "appos" and _opened_by_quote(tok):
                return tok
    return None


def _opened_by_quote(tok: Token) -> bool:
    first = tok.left_edge
    return first.i > 0 and first.nbor(-1).text in QUOTE_MARKS


def characterisation(verb: Token) -> str | None:
    """CAMEO 111 or 051 for a characterising verb with an object and a telling predicate, "" for
    such a verb whose predicate tells nothing, None for any other use of the verb."""
    if verb.lemma_.lower() not in CHARACTERISING or not any(c.dep_ == "dobj" for c in verb.children):
        return None
    pred = predicate(verb)
    if pred is not None:
        return tone_of(pred)
    quoted = _quoted_after_object(verb)
    return None if quoted is None else _tone_of_words(quoted)


def _quoted_after_object(verb: Token) -> list[Token] | None:
    """The quoted words right after the object ("called the aircraft "an example of …""), which
    the parser may tear from the verb: whatever it makes of them, the verb characterises."""
    obj = next(c for c in verb.children if c.dep_ == "dobj")
    after = obj.right_edge.i + 1
    doc = verb.doc
    if after >= len(doc) or doc[after].text not in OPENING_QUOTES:
        return None
    words = []
    for tok in doc[after + 1 : after + 40]:
        if tok.text in QUOTE_MARKS:
            break
        words.append(tok)
    return words or None


NEGATIONS = frozenset({"not", "n't", "never", "no"})
#: Auxiliaries that make "X would be a disaster" a conjecture, not a characterisation.
CONJECTURE_AUX = frozenset({"would", "could", "might", "may", "will", "should", "can"})


def tone_of(pred: Token) -> str:
    """CAMEO 111 or 051 by the words of a predicate ("a sham", "a tireless advocate"), "" when
    they tell nothing or are negated."""
    return _tone_of_words(_own_words(pred))


def _tone_of_words(own: list[Token]) -> str:
    words = {t.lemma_.lower() for t in own} | {t.lower_ for t in own}
    if words & NEGATIONS:
        return ""
    negative, positive = tone_words()
    if words & negative:
        return CRITICISE
    if words & positive:
        return PRAISE
    return ""


#: Dependents that open a clause of their own: "dedicated to preserving *this wonderful
#: program*" does not call anyone wonderful.
CLAUSE_CHILDREN = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp"})


def _own_words(pred: Token) -> list[Token]:
    found: list[Token] = []
    stack = [pred]
    while stack:
        tok = stack.pop()
        found.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSE_CHILDREN)
    return found


def characterised(clause: Token) -> tuple[Token, str] | None:
    """ "(said) the rebels are criminals", "(said) she is a tireless advocate": a copular clause
    whose predicate tells what its subject is, as (the subject, CAMEO 111 or 051)."""
    if clause.lemma_.lower() != "be":
        return None
    subj = pred = None
    for child in clause.children:
        if child.dep_ == "nsubj":
            subj = child
        elif child.dep_ in ("attr", "acomp"):
            pred = child
        elif child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in CONJECTURE_AUX):
            return None
    if subj is None or pred is None:
        return None
    if subj.pos_ == "PRON":
        # "These rioters, they are criminals": the phrase the pronoun takes up
        subj = next((c for c in clause.children if c.dep_ == "npadvmod" and c.i < subj.i), subj)
    code = tone_of(pred)
    return (subj, code) if code else None
