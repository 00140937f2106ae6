"""Choosing a verb's CAMEO code: its dictionary default, refined by the best pattern.

A pattern matches when its words occur, in order (gaps allowed), among the tokens of
the verb's own phrase: the words before the verb for the part before ``*``, the words
after it for the rest. The pattern with the most matched words wins; ties go to the
earlier line of the dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from whowhom.coding.verbs import Element, Pattern, Verb

#: Children whose subtrees are other clauses, not part of the verb's own phrase.
CLAUSE_DEPS = frozenset({"ccomp", "conj", "advcl", "parataxis", "cc", "punct", "mark", "relcl"})

Form = tuple[str, str, bool]  # upper text, upper lemma, is a preposition


def phrase_forms(verb: Token) -> tuple[list[Form], list[Form]]:
    """The (before, after) tokens of the verb's phrase, as comparable forms."""
    before: list[Form] = []
    after: list[Form] = []
    for child in verb.children:
        if child.dep_ in CLAUSE_DEPS:
            continue
        # a passive's subject is the verb's object: "evidence was presented" ~ "presented evidence"
        target = before if child.i < verb.i and child.dep_ != "nsubjpass" else after
        for tok in child.subtree:
            target.append((tok.text.upper(), tok.lemma_.upper(), tok.pos_ == "ADP"))
    return before, after


def _seq_match(elements: Sequence[Element], forms: Sequence[Form]) -> bool:
    j = 0
    n = len(forms)
    for el in elements:
        while j < n:
            text, lemma, is_prep = forms[j]
            j += 1
            if (text in el.words or lemma in el.words) and (is_prep or not el.prep):
                break
        else:
            return False
    return True


def best_pattern(verb: Verb, before: list[Form], after: list[Form]) -> Pattern | None:
    best: Pattern | None = None
    for pattern in verb.patterns:
        if best is not None and pattern.weight <= best.weight:
            continue
        if not pattern.after and not pattern.before:
            continue
        if _seq_match(pattern.after, after) and _seq_match(pattern.before, before):
            best = pattern
    return best
