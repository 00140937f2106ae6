"""Choosing a verb's CAMEO code: its dictionary default, refined by the best pattern.

A pattern matches when its words occur, in order (gaps allowed), among the tokens of
the verb's own phrase at most ``MAX_PATTERN_DEPTH`` links below the verb: the words
before the verb for the part before ``*``, the words after it for the rest. The pattern
with the most matched words wins; ties go to the earlier line of the dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from whowhom.coding.verbs import Element, Pattern, Verb

#: Children whose subtrees are other clauses, not part of the verb's own phrase.
CLAUSE_DEPS = frozenset({"ccomp", "conj", "advcl", "parataxis", "cc", "punct", "mark", "relcl"})

Form = tuple[str, str, bool]  # upper text, upper lemma, is a preposition


def small_clause(tok: Token) -> bool:
    """A verbless complement parsed as a clause: "found [Roof guilty]", "declared [it illegal]"."""
    return tok.dep_ == "ccomp" and tok.pos_ == "ADJ"


def phrase_forms(verb: Token) -> tuple[list[Form], list[Form]]:
    """The (before, after) tokens of the verb's phrase, as comparable forms."""
    before: list[Form] = []
    after: list[Form] = []
    for child in verb.children:
        if child.dep_ in CLAUSE_DEPS and not small_clause(child):
            continue
        # a passive's subject is the verb's object: "evidence was presented" ~ "presented evidence"
        target = before if child.i < verb.i and child.dep_ != "nsubjpass" else after
        for tok in child.subtree:
            if _depth(tok, verb) <= MAX_PATTERN_DEPTH:
                target.append((tok.text.upper(), tok.lemma_.upper(), tok.pos_ == "ADP" or tok.tag_ == "TO"))
    return before, after


#: How many links below the verb a pattern's words may lie (links inside one noun phrase not
#: counted): "made remarks at the start of a trip" is not "made a trip" (the trip is five links
#: down), "urged X to return to talks" is three.
MAX_PATTERN_DEPTH = 3


#: Links inside one noun phrase, which add no depth ("food, water and medical supplies").
_FLAT_DEPS = frozenset({"conj", "cc", "compound", "amod", "det", "poss", "nummod", "punct", "flat", "case"})


def _depth(tok: Token, verb: Token) -> int:
    """The links on the way from ``tok`` up to ``verb``, not counting those inside a phrase."""
    depth = 0
    while tok.i != verb.i and depth <= MAX_PATTERN_DEPTH:
        if tok.dep_ not in _FLAT_DEPS:
            depth += 1
        tok = tok.head
    return depth


def _matches_at(el: Element, forms: Sequence[Form], j: int) -> int:
    """How many forms ``el`` consumes at position ``j`` (0: no match)."""
    text, lemma, is_prep = forms[j]
    if el.prep and not is_prep:
        return 0
    if text in el.words or lemma in el.words:
        return 1
    for phrase in el.phrases:
        end = j + len(phrase)
        if end <= len(forms) and all(
            w in (forms[k][0], forms[k][1]) for k, w in zip(range(j, end), phrase, strict=True)
        ):
            return len(phrase)
    return 0


def _seq_match(elements: Sequence[Element], forms: Sequence[Form]) -> bool:
    j = 0
    n = len(forms)
    for el in elements:
        while j < n:
            used = _matches_at(el, forms, j)
            if used:
                j += used
                break
            j += 1
        else:
            return False
    return True


def _may_match(elements: Sequence[Element], present: set[str]) -> bool:
    """A cheap test first: every element has some word in the phrase (order not checked)."""
    for el in elements:  # noqa: SIM110 (a loop: all() over a generator is slower, and this is hot)
        if not el.phrases and el.words.isdisjoint(present):
            return False
    return True


def _present(forms: list[Form]) -> set[str]:
    """The texts and lemmas of ``forms``."""
    out: set[str] = set()
    for text, lemma, _ in forms:
        out.add(text)
        out.add(lemma)
    return out


def best_pattern(verb: Verb, before: list[Form], after: list[Form]) -> Pattern | None:
    best: Pattern | None = None
    best_weight = 0
    present_after: set[str] | None = None
    present_before: set[str] | None = None
    for pattern in verb.patterns:
        p_after, p_before = pattern.after, pattern.before
        if not p_after and not p_before:
            continue
        weight = len(p_before) + len(p_after)  # Pattern.weight
        if best is not None and weight <= best_weight:
            continue
        if present_after is None or present_before is None:  # only for a verb with patterns
            present_after, present_before = _present(after), _present(before)
        if not (_may_match(p_after, present_after) and _may_match(p_before, present_before)):
            continue
        if _seq_match(p_after, after) and _seq_match(p_before, before):
            best = pattern
            best_weight = weight
    return best
