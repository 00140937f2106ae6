"""The coder's speed-ups give exactly what the plain computations give (docs/PERFORMANCE.md)."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc

from whowhom.coding.actors.dictionary import PhraseIndex
from whowhom.coding.actors.resolver import Match, find_matches
from whowhom.coding.patterns import best_pattern
from whowhom.coding.sentences import sentence_lower, sentence_text, span_text
from whowhom.coding.verbs import Element, Pattern, Verb


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_sentence_text_is_the_tokens_sentence(nlp: spacy.language.Language) -> None:
    docs = [nlp('Basra was calm. Was it? "Yes," he said.\n\nMore came later'), nlp("One more. And two.")]
    for _ in range(2):  # alternating documents: each is answered for itself, not the last one's
        for doc in docs:
            for tok in doc:
                assert sentence_text(tok) == tok.sent.text
                assert sentence_lower(tok) == tok.sent.text.lower()
            for sent in doc.sents:
                assert span_text(sent) == sent.text
            assert span_text(doc[1:3]) == doc[1:3].text  # not a sentence: its own text


def test_sentence_text_follows_a_user_hook(nlp: spacy.language.Language) -> None:
    doc = nlp("First part. Second part.")
    doc.user_token_hooks["sent"] = lambda tok: tok.doc[0 : len(tok.doc)]
    assert sentence_text(doc[-1]) == doc.text


def _plain_find_matches(
    doc: Doc, index: PhraseIndex, idx: list[int], words: list[str], lemmas: list[str]
) -> list[Match | None]:
    """find_matches before its speed-up: every length up to the first word's longest phrase."""
    out: list[Match | None] = [None] * len(doc)
    n, i = len(words), 0
    while i < n:
        found = None
        for first in (words[i], lemmas[i]):
            top = index.longest.get(first)
            if top is None:
                continue
            for length in range(min(top, n - i), 0, -1):
                key = (first, *words[i + 1 : i + length]) if length > 1 else (first,)
                entry = index.entries.get(key)
                if entry is None and length > 1:
                    entry = index.entries.get((*key[:-1], lemmas[i + length - 1]))
                if entry is not None:
                    found = (length, entry)
                    break
            if found:
                break
        if found:
            length, entry = found
            m = Match(idx[i], idx[i + length - 1] + 1, entry)
            for t in range(m.start, m.end):
                out[t] = m
            i += length
        else:
            i += 1
    return out


def test_find_matches_equals_trying_every_length() -> None:
    rng = random.Random(3)
    vocab = ["A", "B", "C", "D", "E"]
    nlp = spacy.blank("en")
    for _ in range(200):
        index = PhraseIndex()
        for k in range(rng.randint(1, 12)):
            index.add(tuple(rng.choice(vocab) for _ in range(rng.randint(1, 5))), f"entry{k}")
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 14))]
        lemmas = [w if rng.random() < 0.6 else rng.choice(vocab) for w in words]
        doc = Doc(nlp.vocab, words=words)
        idx = list(range(len(words)))
        got = find_matches(doc, index, idx, words, lemmas)
        want = _plain_find_matches(doc, index, idx, words, lemmas)
        assert [(m.start, m.end, m.entry) if m else None for m in got] == [
            (m.start, m.end, m.entry) if m else None for m in want
        ]


def test_longest_per_first_two_words() -> None:
    index = PhraseIndex()
    index.add(("REPUBLIC", "OF", "FREEDONIA"), "x")
    index.add(("REPUBLIC", "OF", "THE", "NORTH"), "y")
    index.add(("REPUBLIC", "GUARD"), "z")
    assert index.longest2 == {("REPUBLIC", "OF"): 4}


def _el(*words: str) -> Element:
    return Element(frozenset(words))


def test_best_pattern_heaviest_then_first() -> None:
    verb = Verb("MEET", (), "040", "MEET", "v:1")
    verb.patterns = [
        Pattern((), (_el("WITH"),), "041", "p:1"),
        Pattern((), (_el("WITH"), _el("LEADERS")), "042", "p:2"),
        Pattern((), (_el("WITH"), _el("OFFICIALS")), "043", "p:3"),  # same weight, later: loses
        Pattern((), (), "044", "p:4"),  # no words: never chosen
    ]
    after = [("WITH", "WITH", True), ("LEADERS", "LEADER", False), ("OFFICIALS", "OFFICIAL", False)]
    chosen = best_pattern(verb, [], after)
    assert chosen is not None and chosen.code == "042"
    assert best_pattern(verb, [], [("IN", "IN", True)]) is None
