"""The CAMEO verb dictionary reader (whowhom.coding.verbs) and pattern choice (coding.patterns).

A tiny verb file in PETRARCH's ``CAMEO.2.0.txt`` format is written to tmp_path; pattern
choice is checked on hand-made token forms (fast) and, marked slow, on real parses
against the bundled dictionary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whowhom.coding.patterns import Form, best_pattern, phrase_forms
from whowhom.coding.verbs import (
    Element,
    Pattern,
    Verb,
    VerbDictionary,
    parse_pattern,
    read_verb_file,
)

VERBS = """\
# test verb dictionary, PETRARCH format
&MILITARY
+MILITARY
+TROOPS
+ARMED_FORCES

&CEASEFIRE_
+TRUCE
# a comment line inside a set does not close it
+ARMISTICE

---  MEET_PEOPLE   [040]  ---
+MEET_WITH {+MET_WITH +MEETS_WITH +MEETING_WITH }
CONFRONT
MEET {MEETS MET MEETING}
FACE  [036]  # sha  8/17/93
- * (FOR TALKS)                                       [036:036]     # MEET
- * (UNDER MEDIATION)                                 [046:045]     # MEET
- * PROBLEM                                           [012]         # FACE
- * RUN-OFF                                           [---]         # FACE
- * (IN DIPLOMACY)                                    [030]         # ENGAGE
- * &CEASEFIRE                                        [037]         # MEET
- &MILITARY * {MOCK ATTACKS}                          [062:062]     # MEET
- * CALLS                                             [:020]        # FACE
- * TALKS                                             [031]         # MEET
- * TALKS                                             [032]         # MEET

---  BLAME   [112]  ---
ACCUSE [112]
CHARGE
CONDEMN [111]
+TAKE_ISSUE {+TOOK_ISSUE +TAKES_ISSUE} [---]
- * NOTHING                                                         # CONDEMN
- FOO BAR                                             [010]         # CONDEMN
- * {&MILITARY OPERATION}                             [111]         # CONDEMN
"""


@pytest.fixture
def vd(tmp_path: Path) -> VerbDictionary:
    path = tmp_path / "test.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return read_verb_file(path)


def one(vd: VerbDictionary, word: str, particles: tuple[str, ...] = ()) -> Verb:
    found = [v for v in vd.lookup(word) if v.particles == particles]
    assert len(found) == 1, found
    return found[0]


def forms(*words: str, preps: tuple[str, ...] = ("FOR", "UNDER", "IN", "WITH", "BY")) -> list[Form]:
    """Hand-made token forms: ``"TALKS/TALK"`` gives text and lemma; known preps are ADP."""
    out: list[Form] = []
    for w in words:
        text, _, lemma = w.partition("/")
        out.append((text, lemma or text, text in preps))
    return out


# -- reading ----------------------------------------------------------------------------


def test_synsets(vd: VerbDictionary) -> None:
    assert vd.synsets["&MILITARY"] == frozenset({"MILITARY", "TROOPS", "ARMED FORCES"})
    # trailing "_" on the set name is dropped; a comment line does not end the set
    assert vd.synsets["&CEASEFIRE"] == frozenset({"TRUCE", "ARMISTICE"})


def test_block_default_and_explicit_codes(vd: VerbDictionary) -> None:
    assert one(vd, "CONFRONT").code == "040"  # block default
    assert one(vd, "MEET").code == "040"
    assert one(vd, "FACE").code == "036"  # explicit code overrides the block
    assert one(vd, "CHARGE").code == "112"
    assert one(vd, "CONDEMN").code == "111"
    assert one(vd, "MEET").block == "MEET_PEOPLE"
    assert one(vd, "CONDEMN").block == "BLAME"
    assert one(vd, "MEET").where == "test.verbs.txt:15"


def test_irregular_forms_point_at_the_verb(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    for form in ("MEETS", "MET", "MEETING"):
        assert one(vd, form) is meet
    assert vd.lookup("MEETINGS") == []
    assert vd.lookup("meet") == []  # keys are upper-case


def test_particle_verb(vd: VerbDictionary) -> None:
    meet_with = one(vd, "MEET", ("WITH",))
    assert meet_with.lemma == "MEET"
    assert meet_with.code == "040"
    # its braces list particle forms; they are filed under the bare verb form
    assert one(vd, "MET", ("WITH",)) is meet_with
    assert one(vd, "MEETING", ("WITH",)) is meet_with
    assert {v.particles for v in vd.lookup("MEET")} == {(), ("WITH",)}
    take_issue = one(vd, "TOOK", ("ISSUE",))
    assert take_issue.code == "---"


def test_patterns_attach_to_the_verb_in_the_comment(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    face = one(vd, "FACE")
    confront = one(vd, "CONFRONT")
    meet_with = one(vd, "MEET", ("WITH",))
    assert [p.code for p in meet.patterns] == ["036:036", "046:045", "030", "037", "062:062", "031", "032"]
    assert [p.code for p in face.patterns] == ["012", "---", "030", ":020"]
    # "# ENGAGE" names no verb of the block: the pattern belongs to every verb in it
    assert [p.code for p in confront.patterns] == ["030"]
    assert [p.code for p in meet_with.patterns] == ["030"]
    assert [p.where for p in face.patterns][:2] == ["test.verbs.txt:19", "test.verbs.txt:20"]


def test_pattern_elements(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    for_talks = meet.patterns[0]
    assert for_talks.before == ()
    assert for_talks.after == (Element(frozenset({"FOR"}), prep=True), Element(frozenset({"TALKS"})))
    assert for_talks.weight == 2
    mock = meet.patterns[4]
    military = vd.synsets["&MILITARY"]
    assert mock.before[0].words == frozenset(w for w in military if " " not in w)
    assert mock.before[0].phrases == tuple(tuple(w.split()) for w in sorted(military) if " " in w)
    assert [e.words for e in mock.after] == [frozenset({"MOCK"}), frozenset({"ATTACKS"})]
    assert mock.weight == 3
    cease = meet.patterns[3]
    assert cease.after == (Element(frozenset({"TRUCE", "ARMISTICE"})),)


def test_paired_and_null_codes(vd: VerbDictionary) -> None:
    codes = {p.code for v in vd.verbs.values() for verb in v for p in verb.patterns}
    assert {"036:036", "046:045", "062:062", ":020", "---"} <= codes
    primary, _, reverse = "046:045".partition(":")
    assert (primary, reverse) == ("046", "045")


def test_malformed_patterns_are_problems(vd: VerbDictionary) -> None:
    assert [(p.where, p.reason) for p in vd.problems] == [
        ("test.verbs.txt:33", "pattern has no [code]"),
        ("test.verbs.txt:34", "pattern has no '*' for the verb"),
    ]
    condemn = one(vd, "CONDEMN")
    assert [p.code for p in condemn.patterns] == ["111"]


def test_read_into_existing_dictionary(tmp_path: Path, vd: VerbDictionary) -> None:
    extra = tmp_path / "more.verbs.txt"
    extra.write_text("---  PRAISE   [051]  ---\nPRAISE {PRAISES PRAISED}\n", encoding="utf-8")
    same = read_verb_file(extra, vd)
    assert same is vd
    assert one(vd, "PRAISED").code == "051"
    assert one(vd, "MEET").code == "040"


def test_parse_pattern_skips_actor_slots() -> None:
    p = parse_pattern(" + BEEN * BY $ WITH FORMING_ GOVERNMENT ", "060", "x:1", {})
    assert p is not None
    assert [e.words for e in p.before] == [frozenset({"BEEN"})]
    assert [e.words for e in p.after] == [frozenset({w}) for w in ("BY", "WITH", "FORMING", "GOVERNMENT")]
    assert parse_pattern("NO STAR HERE", "010", "x:2", {}) is None


def test_malformed_block_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.verbs.txt"
    path.write_text("---  MEET   [040]  ---\nMEET\n---  PRAISE   [051]\nPRAISE\n", encoding="utf-8")
    vd = read_verb_file(path)
    assert [p.where for p in vd.problems] == ["bad.verbs.txt:3"]
    assert "malformed block header" in vd.problems[0].reason
    assert one(vd, "PRAISE").block != "MEET"


# -- best_pattern on hand-made forms ----------------------------------------------------


def test_no_pattern_matches(vd: VerbDictionary) -> None:
    assert best_pattern(one(vd, "MEET"), forms("IRAQ"), forms("IRAN")) is None


def test_prep_group_needs_a_preposition(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    p = best_pattern(meet, forms("IRAQ"), forms("IRAN", "FOR", "TALKS/TALK"))
    assert p is not None and p.code == "036:036"
    # "FOR" as a non-preposition does not start the (FOR ...) group: only "* TALKS" matches
    not_prep = [("FOR", "FOR", False), ("TALKS", "TALK", False)]
    p = best_pattern(meet, [], not_prep)
    assert p is not None and p.code == "031"


def test_words_match_in_order_with_gaps(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    assert best_pattern(meet, [], forms("FOR", "SERIOUS", "TALKS")).code == "036:036"  # type: ignore[union-attr]
    # out of order: TALKS before FOR matches only the one-word TALKS pattern
    assert best_pattern(meet, [], forms("TALKS", "FOR", "PEACE")).code == "031"  # type: ignore[union-attr]


def test_ties_go_to_the_earlier_line(vd: VerbDictionary) -> None:
    p = best_pattern(one(vd, "MEET"), [], forms("TALKS"))
    assert p is not None and (p.code, p.where) == ("031", "test.verbs.txt:25")


def test_most_specific_pattern_wins(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    p = best_pattern(meet, forms("IRAQI", "TROOPS/TROOP"), forms("MOCK", "ATTACKS/ATTACK", "FOR", "TALKS"))
    assert p is not None and p.code == "062:062" and p.weight == 3
    # without the actor word before the verb, the before-part fails
    p = best_pattern(meet, forms("IRAQI", "POLICE"), forms("MOCK", "ATTACKS/ATTACK", "FOR", "TALKS"))
    assert p is not None and p.code == "036:036"


def test_synset_words_and_lemmas_match(vd: VerbDictionary) -> None:
    meet = one(vd, "MEET")
    assert best_pattern(meet, [], forms("A", "TRUCE")).code == "037"  # type: ignore[union-attr]
    assert best_pattern(meet, [], forms("AN", "ARMISTICE")).code == "037"  # type: ignore[union-attr]
    # lemma match: text MEDIATIONS, lemma MEDIATION
    p = best_pattern(meet, [], forms("UNDER", "MEDIATIONS/MEDIATION"))
    assert p is not None and p.code == "046:045"


def test_pattern_with_empty_sides_never_matches() -> None:
    verb = Verb("X", (), "010", "B", "x:1", [Pattern((), (), "099", "x:2")])
    assert best_pattern(verb, forms("A"), forms("B")) is None


def test_multiword_synset_member_matches(vd: VerbDictionary) -> None:
    p = best_pattern(one(vd, "CONDEMN"), [], forms("THE", "ARMED", "FORCES/FORCE", "OPERATION"))
    assert p is not None and p.code == "111"


# -- on real parses, with the bundled dictionary ----------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from whowhom.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def bundled() -> VerbDictionary:
    from whowhom.knowledge import load_knowledge

    return load_knowledge().verbs


def bundled_line(pattern_text: str, owner: str) -> str:
    """``CAMEO.2.0.txt:N`` of the first pattern line ``pattern_text ... # owner``."""
    from whowhom.knowledge import bundled_directory

    path = bundled_directory() / "CAMEO.2.0.txt"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(pattern_text) and line.rstrip().endswith(f"# {owner}"):
            return f"{path.name}:{n}"
    raise AssertionError(f"{pattern_text!r} not in {path}")


def choose(nlp, vd: VerbDictionary, text: str, lemma: str, particles: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = next(t for t in doc if t.lemma_.upper() == lemma)
    verb = next(v for v in vd.lookup(lemma) if v.particles == particles)
    before, after = phrase_forms(tok)
    return best_pattern(verb, before, after)


@pytest.mark.slow
def test_bundled_condemn_military_operation(nlp, bundled: VerbDictionary) -> None:  # type: ignore[no-untyped-def]
    p = choose(nlp, bundled, "Iran condemned the military operation.", "CONDEMN")
    assert p is not None
    # "{&MILITARY OPERATION}" (2 words) beats the later "* &MILITARY" (1 word)
    assert p.where == bundled_line("- * {&MILITARY OPERATION}", "CONDEMN")
    assert (p.code, p.weight) == ("111", 2)


@pytest.mark.slow
def test_bundled_condemn_patterns_change_the_code(nlp, bundled: VerbDictionary) -> None:  # type: ignore[no-untyped-def]
    p = choose(nlp, bundled, "Iran condemned the terrorist attack.", "CONDEMN")
    assert p is not None and p.code == "018"
    assert p.where == bundled_line("- * {TERRORIST ATTACK}", "CONDEMN")
    assert choose(nlp, bundled, "Iran condemned the Iraqi government.", "CONDEMN") is None
    condemn = next(v for v in bundled.lookup("CONDEMN") if not v.particles)
    assert condemn.code == "111"


@pytest.mark.slow
def test_bundled_meet_for_talks_and_clash_with(nlp, bundled: VerbDictionary) -> None:  # type: ignore[no-untyped-def]
    p = choose(nlp, bundled, "Iraq met Iran for talks.", "MEET")
    assert p is not None and p.code == "036:036"
    p = choose(nlp, bundled, "Iraqi troops clashed with Iranian forces.", "CLASH")
    assert p is not None and p.code == "190:190"


@pytest.mark.slow
def test_phrase_forms_split_at_the_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Iran condemned the military operation.")
    verb = doc[1]
    before, after = phrase_forms(verb)
    assert [f[0] for f in before] == ["IRAN"]
    assert [f[0] for f in after] == ["THE", "MILITARY", "OPERATION"]  # the final "." is punct
    # reported clauses are not part of the verb's phrase
    doc = nlp("Iraq said Iran condemned the raid.")
    said = next(t for t in doc if t.lemma_ == "say")
    _, after = phrase_forms(said)
    assert "RAID" not in [f[0] for f in after]
