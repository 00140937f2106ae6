"""The modality scorer: band function, loader errors, scoring of hand-built events, report text."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from whowhom.errors import WhowhomError
from whowhom.eval import modality as me
from whowhom.eval.modality import (
    ModalityCase,
    certainty_band,
    format_modality_report,
    load_modality_cases,
    parse_modality_case,
    score_modality,
    score_predictions,
)
from whowhom.model import ActorRef, Attribution, Document, Event, EventCode

CASES_FILE = Path(__file__).parent / "data" / "modality_cases.jsonl"


# --------------------------------------------------------------------------- helpers


def _record(cid: str = "T-1", **expected: Any) -> dict[str, Any]:
    exp: dict[str, Any] = {
        "source": "IRN",
        "polarity": "asserted",
        "modality": "factual",
        "certainty_band": "high",
        "speakers": [],
    }
    exp.update(expected)
    return {"id": cid, "text": f"Sentence {cid}.", "date": "2008-04-01", "author": None, "expected": exp}


def _case(cid: str = "T-1", **expected: Any) -> ModalityCase:
    return parse_modality_case(_record(cid, **expected))


def _event(
    source: str | None = "IRNGOV",
    code: str = "111",
    *,
    polarity: str = "asserted",
    modality: str = "factual",
    certainty: float = 0.9,
    attribution: list[Attribution] | None = None,
) -> Event:
    ref = ActorRef(source, source, source[:3], None, None, 0, 4) if source else None
    return Event(
        event_id="e",
        doc_id="d",
        sentence=0,
        date=None,
        source=ref,
        target=None,
        event=EventCode(code, code[:2], None, None, None, None, "did", 5, 8),
        polarity=polarity,
        modality=modality,
        certainty=certainty,
        attribution=attribution or [],
    )


def _speaker(text: str, code: str | None = None) -> Attribution:
    return Attribution("speaker", text, code)


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1.0, "high"),
        (0.8, "high"),
        (0.79, "medium"),
        (0.5, "medium"),
        (0.4999, "low"),
        (0.25, "low"),
        (0.2499, "very_low"),
        (0.0, "very_low"),
        (-0.1, "very_low"),
    ],
)
def test_certainty_band_bounds(value: float, band: str) -> None:
    assert certainty_band(value) == band


# --------------------------------------------------------------------------- loading


def test_loader_reads_good_records_and_reports_bad_lines(tmp_path: Path) -> None:
    good = _record("A-1", root=11, speakers=["Iraqi officials"], speaker_codes=["IRQ"], polarity="negated")
    good["source"] = "Gulf Wire Service"
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps({"id": "A-2", "text": "", "expected": {}}),
        json.dumps(_record("A-3", modality="certain")),
        json.dumps(_record("A-4", certainty_band="medium-ish")),
        json.dumps(_record("A-5", speakers=["X"], speaker_codes=[])),
        json.dumps(_record("A-6", root="1x")),
        json.dumps(_record("A-1")),
        json.dumps(_record("A-7", source="usa")),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    cases, problems = load_modality_cases(path)

    assert [c.id for c in cases] == ["A-1", "A-7"]
    first = cases[0]
    assert first.expected.root == "11"
    assert first.expected.speakers == ("Iraqi officials",)
    assert first.expected.speaker_codes == ("IRQ",)
    assert first.source == "Gulf Wire Service"
    assert first.date == "2008-04-01"
    assert cases[1].expected.source == "USA"
    assert cases[1].expected.speaker_codes == ()
    assert len(problems) == 7
    assert problems[0].startswith(f"[E501] {path}:3: not a peer case record (bad JSON: ")
    assert problems[1:] == [
        f"[E501] {path}:4: not a peer case record (no non-empty 'text').",
        f"[E501] {path}:5: not a peer case record ('expected.modality' 'certain' is not one of: "
        "factual, reported, hedged, speculative, future).",
        f"[E501] {path}:6: not a peer case record ('expected.certainty_band' 'medium-ish' is not one of: "
        "high, medium, low, very_low).",
        f"[E501] {path}:7: not a peer case record ('expected.speaker_codes' has 0 entries for 1 speakers).",
        f"[E501] {path}:8: not a peer case record ('expected.root' '1x' is not a 2-digit CAMEO root "
        'such as "11").',
        f"[E501] {path}:9: not a peer case record (duplicate id 'A-1').",
    ]


def test_loader_missing_file_raises_e111(tmp_path: Path) -> None:
    with pytest.raises(WhowhomError, match=r"^\[E111\]"):
        load_modality_cases(tmp_path / "nope.jsonl")


def test_bundled_case_file_is_clean() -> None:
    cases, problems = load_modality_cases(CASES_FILE)
    assert problems == []
    assert len(cases) >= 100
    assert len({c.text for c in cases}) >= 95


# --------------------------------------------------------------------------- scoring


def test_scores_on_hand_built_events() -> None:
    cases = [
        # 1: all right (negated, reported, medium, speaker found case-insensitively)
        _case(
            "C1",
            polarity="negated",
            modality="reported",
            certainty_band="medium",
            speakers=["Iraqi Officials"],
        ),
        # 2: modality and band wrong, speaker wrong (a speaker where none is expected)
        _case("C2", modality="hedged", certainty_band="low"),
        # 3: the event is not found (root differs) → wrong everywhere
        _case("C3", root="19"),
        # 4: polarity wrong; expected outlet matches the innermost layer even when it is an outlet
        _case("C4", source="USA", polarity="negated", speakers=["The Baghdad Ledger"]),
    ]
    events = {
        "C1": [
            _event("SYR", "111"),  # another source first: skipped
            _event(
                "IRNGOV",
                "111",
                polarity="negated",
                modality="reported",
                certainty=0.7,
                attribution=[_speaker("the Iraqi officials", "IRQGOV"), Attribution("outlet", "Wire")],
            ),
            _event("IRN", "051", polarity="asserted"),  # a later match is not used
        ],
        "C2": [_event("IRN", "080", certainty=0.9, attribution=[_speaker("It")])],
        "C3": [_event("IRN", "111")],
        "C4": [
            _event(
                "USAMIL",
                "173",
                certainty=0.85,
                attribution=[Attribution("outlet", "the Baghdad Ledger")],
            )
        ],
    }

    report = score_predictions(cases, events)

    assert report.total == 4
    assert report.found == 3
    assert report.accuracy("found") == 0.75
    assert report.correct("polarity") == 2
    assert report.accuracy("polarity") == 0.5
    assert report.accuracy("modality") == 0.5  # C1, C4
    assert report.accuracy("certainty") == 0.5  # C1 medium, C4 high
    assert report.accuracy("speaker") == 0.5  # C1, C4
    assert len(report.attributed) == 2
    assert report.speaker_attributed_accuracy() == 1.0
    assert [(f.id, f.field, f.expected, f.got) for f in report.failures()] == [
        ("C2", "modality", "hedged", "factual"),
        ("C2", "certainty", "low", "high (0.90)"),
        ("C2", "speaker", "no speaker", "speaker: 'It'"),
        ("C3", "event", "IRN root 19", "IRN>- 111"),
        ("C4", "polarity", "negated", "asserted"),
    ]


def test_no_expected_speaker_allows_author_and_outlet_layers() -> None:
    case = _case("B1", modality="speculative", certainty_band="low")
    layers = [Attribution("author", "A. Blogger"), Attribution("outlet", "Some Blog")]
    report = score_predictions(
        [case], {"B1": [_event(modality="speculative", certainty=0.3, attribution=layers)]}
    )
    assert report.results[0].ok == {"polarity": True, "modality": True, "certainty": True, "speaker": True}


def test_missing_predictions_and_empty_report() -> None:
    report = score_predictions([_case("X")], {})
    assert report.found == 0
    assert report.results[0].ok == dict.fromkeys(me.FIELDS, False)
    assert report.failures()[0].got == "no events"
    empty = score_predictions([], {})
    assert empty.accuracy("polarity") == 0.0
    assert format_modality_report(empty).splitlines()[-1] == (
        "polarity=0.00 modality=0.00 certainty=0.00 speaker=0.00 found=0.00"
    )


def test_format_and_to_dict() -> None:
    cases = [
        _case("F1"),
        _case("F2", polarity="negated"),
        _case("F3", modality="future", certainty_band="medium"),
    ]
    events = {"F1": [_event()], "F2": [_event()], "F3": [_event()]}
    report = score_predictions(cases, events)

    text = format_modality_report(report, show_failures=2)
    lines = text.splitlines()
    assert lines[-1] == "polarity=0.67 modality=0.67 certainty=0.67 speaker=1.00 found=1.00"
    assert "failures (2 of 3):" in text
    assert "… and 1 more" in text
    assert "F3        modality   expected future" in text
    assert "failures" not in format_modality_report(report, show_failures=0)

    data = report.to_dict()
    json.dumps(data)  # serialisable
    assert data["cases"] == 3
    assert data["accuracy"]["polarity"] == pytest.approx(2 / 3)
    assert data["by_category"]["-"]["cases"] == 3
    assert len(data["failures"]) == 3


def test_score_modality_builds_documents_with_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Document] = []

    def fake_code_documents(docs: Iterable[Document], **_: Any) -> Iterator[tuple[Document, list[Event]]]:
        for doc in docs:
            seen.append(doc)
            yield doc, [_event(modality="hedged", certainty=0.4)]

    monkeypatch.setattr(me, "make_coder", lambda dictionaries=None: object())
    monkeypatch.setattr(me, "code_documents", fake_code_documents)
    record = _record("M1", modality="hedged", certainty_band="low")
    record.update(source="Tigris Notebook", author="S. Haddad")
    report = score_modality([parse_modality_case(record)])

    assert (seen[0].doc_id, seen[0].source, seen[0].author, seen[0].date) == (
        "M1",
        "Tigris Notebook",
        "S. Haddad",
        "2008-04-01",
    )
    assert report.summary() == {
        "polarity": 1.0,
        "modality": 1.0,
        "certainty": 1.0,
        "speaker": 1.0,
        "found": 1.0,
    }


# --------------------------------------------------------------------------- the real coder


@pytest.mark.slow
def test_real_coder_finds_easy_events() -> None:
    cases, _ = load_modality_cases(CASES_FILE)
    easy = [c for c in cases if c.id in {"MOD-001", "MOD-004", "MOD-015", "MOD-032", "MOD-092"}]
    assert len(easy) == 5
    report = score_modality(easy)
    assert report.found == 5, format_modality_report(report)
