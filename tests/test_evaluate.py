from __future__ import annotations

import json
from pathlib import Path

import pytest

from whowhom.errors import WhowhomError
from whowhom.eval.events import (
    Case,
    Triple,
    format_report,
    load_cases,
    report_to_dict,
    score,
)

PEER = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "peer"


def _case(cid: str, expected: list[Triple], **notes: object) -> Case:
    return Case(id=cid, text=f"text of {cid}", date=None, expected=expected, notes=dict(notes))


def _synthetic() -> tuple[list[Case], dict[str, list[Triple]]]:
    cases = [
        # exact match
        _case("a", [("USA", "CHN", "042")]),
        # lenient-only match: same root 04, same 3-char actor prefixes
        _case("b", [("USAGOV", "RUS", "0431")]),
        # one miss + one spurious, and one exact match
        _case("c", [("BRA", "ARG", "190"), ("ARG", "BRA", "190")]),
    ]
    predictions: dict[str, list[Triple]] = {
        "a": [("USA", "CHN", "042")],
        "b": [("USAMIL", "RUSGOV", "043")],
        "c": [("ARG", "BRA", "190"), ("IRN", "ISR", "112")],
    }
    return cases, predictions


def test_hand_computed_scores() -> None:
    cases, predictions = _synthetic()
    report = score(cases, predictions)
    assert (report.n_cases, report.n_expected, report.n_predicted) == (3, 4, 4)
    # strict: a, c/ARG->BRA match; b's pair and c's IRN->ISR are fp; b and c/BRA->ARG are fn
    s = report.strict
    assert (s.tp, s.fp, s.fn) == (2, 2, 2)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)
    # lenient: b matches too
    l_ = report.lenient
    assert (l_.tp, l_.fp, l_.fn) == (3, 1, 1)
    assert l_.precision == pytest.approx(0.75)
    assert l_.recall == pytest.approx(0.75)
    assert l_.f1 == pytest.approx(0.75)


def test_asymmetric_precision_recall() -> None:
    cases, predictions = _synthetic()
    predictions["c"] = [("IRN", "ISR", "112")]  # now c: two misses, one spurious
    report = score(cases, predictions)
    s, l_ = report.strict, report.lenient
    assert (s.tp, s.fp, s.fn) == (1, 2, 3)
    assert (s.precision, s.recall) == (pytest.approx(1 / 3), pytest.approx(1 / 4))
    assert s.f1 == pytest.approx(2 / 7)
    assert (l_.tp, l_.fp, l_.fn) == (2, 1, 2)
    assert (l_.precision, l_.recall) == (pytest.approx(2 / 3), pytest.approx(1 / 2))
    assert l_.f1 == pytest.approx(4 / 7)
    assert format_report(report).splitlines()[-1] == "lenient P=0.67 R=0.50 F1=0.57"


def test_one_to_one_matching() -> None:
    cases = [_case("a", [("USA", "CHN", "042")])]
    report = score(cases, {"a": [("USA", "CHN", "042"), ("USA", "CHN", "042")]})
    for s in (report.strict, report.lenient):
        assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_strict_pairs_taken_first_keeps_matching_maximal() -> None:
    # Lenient-greedy alone could pair USAGOV with USA and then miss a strict pair.
    cases = [_case("a", [("USA", "CHN", "042"), ("USAGOV", "CHN", "042")])]
    report = score(cases, {"a": [("USAGOV", "CHN", "042"), ("USA", "CHN", "042")]})
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (2, 0, 0)
    assert report.lenient.tp == 2
    assert sorted(report.cases[0].strict) == [(0, 1), (1, 0)]


def test_prediction_in_no_event_case_is_false_positive() -> None:
    cases = [
        _case("none", [], expect_no_events=True),
        _case("err", [], expected_error=["storydiscard"]),
    ]
    report = score(cases, {"none": [("USA", "CHN", "042")], "err": [("IRN", "ISR", "112")]})
    for s in (report.strict, report.lenient):
        assert (s.tp, s.fp, s.fn) == (0, 2, 0)
        assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    # and predicting nothing there is simply nothing to count
    quiet = score(cases, {})
    assert (quiet.lenient.tp, quiet.lenient.fp, quiet.lenient.fn) == (0, 0, 0)
    assert format_report(quiet).splitlines()[-1] == "lenient P=0.00 R=0.00 F1=0.00"


def test_none_actor_matches_only_none_or_empty() -> None:
    cases = [_case("a", [(None, "CHN", "042")]), _case("b", [(None, "CHN", "042")])]
    report = score(cases, {"a": [("", "CHN", "042")], "b": [("USA", "CHN", "042")]})
    assert report.strict.tp == 1
    assert report.lenient.tp == 1
    assert report.lenient.fp == 1


def test_inactive_cases_skipped() -> None:
    cases = [_case("on", [("USA", "CHN", "042")]), _case("off", [("A", "B", "010")], active=False)]
    report = score(cases, {"on": [("USA", "CHN", "042")], "off": [("X", "Y", "111")]})
    assert report.n_cases == 1
    assert report.n_skipped == 1
    assert report.n_expected == 1
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (1, 0, 0)
    assert "1 skipped" in format_report(report)


def test_misses_by_root() -> None:
    cases, predictions = _synthetic()
    report = score(cases, predictions)
    assert report.misses_by_root == {
        "04": {"expected": 2, "matched": 2, "missed": 0, "spurious": 0},
        "11": {"expected": 0, "matched": 0, "missed": 0, "spurious": 1},
        "19": {"expected": 2, "matched": 1, "missed": 1, "spurious": 0},
    }
    assert list(report.misses_by_root) == sorted(report.misses_by_root)


def test_format_report_last_line_and_cases() -> None:
    cases, predictions = _synthetic()
    report = score(cases, predictions)
    text = format_report(report, show_cases=5)
    lines = text.splitlines()
    assert lines[-1] == "lenient P=0.75 R=0.75 F1=0.75"
    assert "strict" in text and "lenient" in text
    assert "  b" in lines and "  c" in lines and "  a" not in lines  # only failing cases
    assert any("IRN -> ISR 112" in line for line in lines)
    # root table appears in root order
    root_rows = [ln.split()[0] for ln in lines if ln[:2] in {"04", "11", "19"}]
    assert root_rows == ["04", "11", "19"]


def test_report_to_dict_is_json() -> None:
    cases, predictions = _synthetic()
    d = report_to_dict(score(cases, predictions))
    back = json.loads(json.dumps(d))
    assert back["lenient"]["tp"] == 3
    assert back["strict"]["precision"] == pytest.approx(0.5)
    assert back["cases"][0]["expected"] == [{"source": "USA", "target": "CHN", "code": "042"}]
    assert back["n_cases"] == 3


def test_load_cases_reports_bad_lines(tmp_path: Path) -> None:
    good = {
        "id": "g1",
        "text": "Arnor visited Gondor.",
        "date": "19950101",
        "expected": [{"source": "ARN", "target": "GON", "code": "042"}],
        "notes": {"active": True},
    }
    no_text = {"id": "g2", "date": "19950102", "expected": []}
    good2 = {"id": "g3", "text": "Nothing happened.", "date": "19950103", "expected": []}
    path = tmp_path / "cases.jsonl"
    path.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps(no_text), "", json.dumps(good2)]) + "\n",
        encoding="utf-8",
    )
    cases, problems = load_cases(path)
    assert [c.id for c in cases] == ["g1", "g3"]
    assert cases[0].date == "1995-01-01"
    assert cases[0].expected == [("ARN", "GON", "042")]
    assert cases[1].expected == []
    assert len(problems) == 2
    assert problems[0].startswith(f"[E501] {path}:2: not a peer case record (")
    assert problems[1].startswith(f"[E501] {path}:3: not a peer case record (")
    assert "text" in problems[1]


def test_load_cases_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WhowhomError, match=r"\[E111\]"):
        load_cases(tmp_path / "nope.jsonl")


def test_load_real_gsr_file() -> None:
    path = PEER / "petrarch2_gsr_cases.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    cases, problems = load_cases(path)
    assert problems == []
    assert len(cases) == 78
    assert sum(len(c.expected) for c in cases) == 80
    assert sum(1 for c in cases if not c.expected) == 12
    assert all(c.date is None or len(c.date) == 10 for c in cases)
    # a malformed date ('121108') keeps the case, with no date
    assert {c.id: c.date for c in cases}["AFP0808020905_1"] is None
    # scoring the gold against itself is perfect
    report = score(cases, {c.id: c.expected for c in cases})
    assert report.strict.f1 == 1.0
    assert format_report(report).splitlines()[-1] == "lenient P=1.00 R=1.00 F1=1.00"
