"""Event extraction end to end (whowhom.coding.stages via whowhom.pipeline).

Real parses with the installed spaCy model (loaded once per module), coded with the
bundled dictionaries or with a tiny fictional set written to tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whowhom.coding.stages import Coder, CoderSettings
from whowhom.knowledge import load_knowledge, load_knowledge_uncached
from whowhom.model import Attribution, Document, Event
from whowhom.pipeline import code_documents

pytestmark = pytest.mark.slow

DATE = "2008-04-01"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from whowhom.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder(load_knowledge())


@pytest.fixture(scope="module")
def code(nlp, coder: Coder):  # type: ignore[no-untyped-def]
    def run(
        text: str, date: str | None = DATE, *, with_coder: Coder | None = None, **doc: str
    ) -> list[Event]:
        [(_, events, _)] = list(
            code_documents([Document(text=text, date=date, **doc)], coder=with_coder or coder, nlp=nlp)
        )
        return events

    return run


def triples(events: list[Event]) -> list[tuple[str | None, str | None, str]]:
    return [
        (e.source.code if e.source else None, e.target.code if e.target else None, e.event.code)
        for e in events
    ]


# -- who did what to whom ---------------------------------------------------------------


def test_coordinated_subjects(code) -> None:  # type: ignore[no-untyped-def]
    events = code("France, Germany and Italy welcomed the agreement with Iraq.")
    assert len(events) == 3
    assert [e.source.code for e in events if e.source] == ["FRA", "DEU", "ITA"]
    assert [e.source.text for e in events if e.source] == ["France", "Germany", "Italy"]
    assert {e.target.code for e in events if e.target} == {"IRQ"}
    assert {e.event.trigger for e in events} == {"welcomed"}
    assert {e.event.root for e in events} == {"05"}
    assert len({e.event_id for e in events}) == 3


def test_passive_by_agent_is_the_source(code) -> None:  # type: ignore[no-untyped-def]
    [event] = code("Iranian officials were attacked by Iraqi police.")
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.target.code, event.event.root) == ("IRQCOP", "IRNGOV", "19")
    assert (event.source.country, event.source.sector) == ("IRQ", "COP")
    assert event.source.text == "Iraqi police"
    assert event.target.text == "Iranian officials"
    assert event.event.trigger == "attacked"
    assert event.event.quad_class == 4


def test_clashed_with_prepositional_target(code) -> None:  # type: ignore[no-untyped-def]
    got = triples(code("Iraqi troops clashed with Iranian forces."))
    # "* WITH [190:190]": the clash is coded both ways
    assert sorted(got) == [("IRNMIL", "IRQMIL", "190"), ("IRQMIL", "IRNMIL", "190")]


def test_met_with_prepositional_target(code) -> None:  # type: ignore[no-untyped-def]
    [event] = code("The Iraqi prime minister met with Iranian officials.")
    assert triples([event]) == [("IRQGOV", "IRNGOV", "040")]
    assert event.event.trigger == "met"
    assert event.source is not None and event.source.text == "Iraqi prime minister"  # no leading "The"
    assert event.event.label == "Consult" and event.event.plover == "CONSULT"


def test_met_for_talks_uses_the_pattern(code) -> None:  # type: ignore[no-untyped-def]
    got = triples(code("Iraq met Iran for talks."))
    assert sorted(got) == [("IRN", "IRQ", "036"), ("IRQ", "IRN", "036")]


def test_dictionary_pattern_changes_the_code(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Iran condemned the Iraqi government.")) == [("IRN", "IRQGOV", "111")]
    [event] = code("Iran condemned the terrorist attack.")
    assert event.event.code == "018"  # "- * {TERRORIST ATTACK} [018] # CONDEMN"


def test_reported_speech_codes_the_inner_event(code) -> None:  # type: ignore[no-untyped-def]
    text = "Iraqi officials said Iranian forces attacked Kurdish rebels."
    events = code(text, source="Wire", author="A. Writer")
    assert events, "the reported attack should be coded"
    # 'say' (010) is not coded; what is said is — and a report of another's attack accuses them
    assert all(e.event.code == "112" for e in events if e.event.trigger == "said")
    assert all(e.event.code[:2] != "01" for e in events)
    [event] = [e for e in events if e.event.trigger == "attacked"]
    assert event.source is not None and event.source.code == "IRNMIL"
    assert event.event.root == "19"
    assert event.modality == "reported"
    assert event.certainty == pytest.approx(0.9 * 0.75, abs=0.01)  # base × reported (data/cues.yaml)
    speakers = [a for a in event.attribution if a.role == "speaker"]
    assert len(speakers) == 1
    assert speakers[0].text == "Iraqi officials"
    assert speakers[0].code.startswith("IRQ")
    # the document's author and outlet are the outer layers
    assert event.attribution[1:] == [
        Attribution("author", "A. Writer"),
        Attribution("outlet", "Wire"),
    ]


def test_according_to_is_a_speaker(code) -> None:  # type: ignore[no-untyped-def]
    [event] = code("According to Iraqi officials, Iran attacked Kurdish rebels.")
    assert event.source is not None and event.source.code == "IRN"
    assert event.modality == "reported"
    assert [a.code for a in event.attribution if a.role == "speaker"] == ["IRQGOV"]


def test_negation(code) -> None:  # type: ignore[no-untyped-def]
    [negated] = code("Iran did not condemn the Iraqi government.")
    assert triples([negated]) == [("IRN", "IRQGOV", "111")]
    assert negated.polarity == "negated"
    assert negated.event.trigger == "condemn"
    [asserted] = code("Iran condemned the Iraqi government.")
    assert asserted.polarity == "asserted"
    [never] = code("Iran never condemned the Iraqi government.")
    assert never.polarity == "negated"


def test_hedged_and_factual_modality(code) -> None:  # type: ignore[no-untyped-def]
    [hedged] = code("Iran may condemn the Iraqi government.")
    assert (hedged.modality, hedged.polarity) == ("hedged", "asserted")
    assert hedged.certainty == pytest.approx(0.9 * 0.5)  # base × the "may" factor in data/cues.yaml
    assert "may" in hedged.why
    [factual] = code("Iran condemned the Iraqi government.")
    assert (factual.modality, factual.certainty, factual.attribution) == ("factual", 0.9, [])


def test_location_from_a_locative_phrase(code) -> None:  # type: ignore[no-untyped-def]
    [event] = [
        e for e in code("Iraqi officials said Iran attacked Kurdish rebels in Basra.") if e.event.root == "19"
    ]
    assert event.location is not None
    assert event.location.country == "IRQ"
    assert event.location.text == "Basra"


# -- dates ------------------------------------------------------------------------------


def test_event_date_is_the_document_date(code) -> None:  # type: ignore[no-untyped-def]
    text = "Iran condemned the Iraqi government. Iraqi troops clashed with Iranian forces."
    for date in ("2008-04-01", "1999-12-31"):
        events = code(text, date)
        assert len(events) == 3
        assert {e.date for e in events} == {date}
    assert {e.date for e in code(text, None)} == {None}


@pytest.mark.parametrize(("date", "role"), [("2005-01-01", "IRQELI"), ("2008-04-01", "IRQGOV")])
def test_actor_role_follows_the_document_date(code, date: str, role: str) -> None:  # type: ignore[no-untyped-def]
    [event] = code("Iran condemned Nouri al-Maliki.", date)
    assert event.target is not None
    assert event.target.code == role
    assert event.target.text == "Nouri al-Maliki"
    assert event.target.actor_id is not None and "maliki" in event.target.actor_id


def test_multiword_name_split_by_the_parser_keeps_its_span(code) -> None:  # type: ignore[no-untyped-def]
    # the parser makes "al" the subject; the source must still cover the whole name
    text = "Nouri al-Maliki met with Iranian officials."
    [event] = code(text)
    assert event.source is not None
    assert (event.source.code, event.source.text) == ("IRQGOV", "Nouri al-Maliki")
    assert text[event.source.start : event.source.end] == "Nouri al-Maliki"


# -- offsets and ids --------------------------------------------------------------------

MULTI = (
    "  Iranian officials were attacked by Iraqi police.\n\n"
    "France, Germany and Italy welcomed the agreement with Iraq. "
    "Iraqi officials said Iranian forces attacked Kurdish rebels.\n"
    "The Iraqi prime minister met with Iranian officials."
)


def test_offsets_slice_the_document_text(code) -> None:  # type: ignore[no-untyped-def]
    events = code(MULTI)
    assert len(events) >= 6
    assert len({e.sentence for e in events}) == 4
    for e in events:
        for ref in (e.source, e.target):
            if ref is not None:
                assert MULTI[ref.start : ref.end] == ref.text
                assert e.evidence is not None and e.evidence.start <= ref.start < ref.end <= e.evidence.end
        assert MULTI[e.event.start : e.event.end] == e.event.trigger
        assert e.evidence is not None
        assert MULTI[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.evidence.start <= e.event.start < e.event.end <= e.evidence.end
    by_sentence = {e.sentence: e.evidence.text for e in events if e.evidence}
    # spaCy's sentence span keeps the surrounding whitespace; the words are the sentence's
    assert by_sentence[0].strip() == "Iranian officials were attacked by Iraqi police."
    assert by_sentence[3].strip() == "The Iraqi prime minister met with Iranian officials."


def test_event_ids_are_stable_and_distinct(code) -> None:  # type: ignore[no-untyped-def]
    first = code(MULTI)
    second = code(MULTI)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert [e.to_dict() for e in first] == [e.to_dict() for e in second]
    assert len({e.event_id for e in first}) == len(first)
    other = code(MULTI, doc_id="another-id")
    assert not {e.event_id for e in first} & {e.event_id for e in other}


# -- settings ---------------------------------------------------------------------------


def test_require_dyad_drops_events_without_a_target(code) -> None:  # type: ignore[no-untyped-def]
    text = "Iran condemned the attack. Iran condemned the Iraqi government."
    loose = code(text)
    assert triples(loose) == [("IRN", None, "111"), ("IRN", "IRQGOV", "111")]
    strict = Coder(load_knowledge(), CoderSettings(require_dyad=True))
    assert triples(code(text, with_coder=strict)) == [("IRN", "IRQGOV", "111")]


def test_require_source(code) -> None:  # type: ignore[no-untyped-def]
    text = "Somebody condemned the Iraqi government."
    assert code(text) == []
    lenient = Coder(load_knowledge(), CoderSettings(require_source=False))
    assert triples(code(text, with_coder=lenient)) == [(None, "IRQGOV", "111")]


def test_bundled_discards(code) -> None:  # type: ignore[no-untyped-def]
    # "+Manchester United" discards the whole story; "1914" only its sentence
    assert code("Manchester United lost again. Iran condemned Iraq.") == []
    events = code("Iran condemned Iraq in 1914. Syria condemned Iraq.")
    assert triples(events) == [("SYR", "IRQ", "111")]
    assert events[0].sentence == 1


def test_coordinated_subjects_without_a_target_are_not_paired(code) -> None:  # type: ignore[no-untyped-def]
    events = code("France, Germany and Italy condemned the attack.")
    assert sorted(triples(events)) == [("DEU", None, "111"), ("FRA", None, "111"), ("ITA", None, "111")]


# -- a tiny fictional dictionary set ----------------------------------------------------

TINY = {
    "t.actors.txt": (
        "FREEDONIA_ [FRD]\n+FREEDONIAN_\nSYLVANIA_ [SYL]\n+SYLVANIAN_\n"
        "RUFUS_FIREFLY_\n+FIREFLY\n\t[FRDELI 680101-000101]\n\t[FRDGOV 20060520-20140908]\n\t[FRDELI]\n"
        "CHICOLINI_\n"  # no code: inherits Firefly's
    ),
    "t.agents.txt": "!PERSON! = MAN, MEN\nAMBASSADOR [~GOV]\nPOLICE!PERSON! [~COP]\nPEACEKEEPER [IGO~]\n",
    "t.discards.txt": "+GRAND_FENWICK\nDUCK_SOUP\n",
    "t.verbs.txt": (
        "---  BLAME   [112]  ---\nACCUSE\nCONDEMN [111]\n- * {TERRORIST ATTACK}  [018]  # CONDEMN\n"
        "---  MEET_PEOPLE   [040]  ---\n+MEET_WITH {+MET_WITH}\nMEET {MEETS MET MEETING}\n"
        "- * (FOR TALKS)   [036:036]  # MEET\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Coder:
    directory: Path = tmp_path_factory.mktemp("tiny")
    for name, text in TINY.items():
        (directory / name).write_text(text, encoding="utf-8")
    kb = load_knowledge_uncached(directory)
    assert kb.problems == []
    return Coder(kb)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Freedonia condemned Sylvania.", [("FRD", "SYL", "111")]),
        ("The Sylvanian ambassador accused Freedonia.", [("SYLGOV", "FRD", "112")]),  # block default
        ("Freedonian policemen met with Sylvania.", [("FRDCOP", "SYL", "040")]),  # !PERSON! set, particle
        (
            "Sylvanian peacekeepers met Freedonia for talks.",  # [IGO~] agent, paired pattern code
            [("IGOSYL", "FRD", "036"), ("FRD", "IGOSYL", "036")],
        ),
        ("Freedonia condemned the terrorist attack by Sylvania.", [("FRD", "SYL", "018")]),
        ("Freedonia condemned Freedonia.", []),  # self events are dropped
        ("Grand Fenwick is small. Freedonia condemned Sylvania.", []),  # story discard
        ("Duck soup: Freedonia condemned Sylvania. Sylvania accused Freedonia.", [("SYL", "FRD", "112")]),
        ("Iran condemned Iraq.", []),  # not in this dictionary set
    ],
)
def test_tiny_dictionaries(code, tiny: Coder, text: str, expected: list) -> None:  # type: ignore[no-untyped-def, type-arg]
    assert triples(code(text, with_coder=tiny)) == expected


@pytest.mark.parametrize(
    ("date", "role"),
    [("1990-06-01", "FRDELI"), ("2005-01-01", "FRDELI"), ("2006-05-20", "FRDGOV"), ("2014-09-09", "FRDELI")],
)
def test_tiny_dated_roles(code, tiny: Coder, date: str, role: str) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Firefly condemned Sylvania.", date, with_coder=tiny)) == [(role, "SYL", "111")]
    # an entry without a code takes the previous entry's codes, dates and all
    assert triples(code("Chicolini condemned Sylvania.", date, with_coder=tiny)) == [(role, "SYL", "111")]
