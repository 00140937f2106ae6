"""The accuracy gate: the coder's figures on each gold file may not fall below their pins.

A pin moves up when the coder improves; lowering one is a decision to write down in
docs/ACCURACY.md and the commit, never a way to make a test pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whowhom.eval.events import load_cases, score
from whowhom.eval.modality import load_modality_cases, score_modality
from whowhom.eval.predict import predict_cases

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "data" / "peer"
DATA = ROOT / "tests" / "data"

#: file, dictionaries, minimum lenient F1, minimum strict F1 (measured: docs/ACCURACY.md)
EVENT_PINS = [
    (PEER / "petrarch2_gsr_cases.jsonl", None, 0.82, 0.65),
    (PEER / "petrarch_unit_cases.jsonl", PEER / "petrarch_unit_dictionaries", 0.67, 0.60),
    (DATA / "heldout_cases.jsonl", None, 0.86, 0.42),
    (DATA / "dev_cases.jsonl", None, 0.85, 0.57),
    (DATA / "wire_dev_cases.jsonl", None, 0.52, 0.22),
    (DATA / "wire_blind_cases.jsonl", None, 0.50, 0.25),
]
#: the real-news development gold locates its sentences in these pages (REALNEWS_README.md)
REALNEWS = ROOT.parent / "shared" / "data" / "realnews" / "html"
REALNEWS_PINS = (DATA / "realnews_dev.jsonl", 0.29, 0.06)
#: file, minimum accuracy of every field (found, polarity, modality, certainty, speaker)
MODALITY_PINS = [(DATA / "modality_cases.jsonl", 0.97), (DATA / "heldout_modality.jsonl", 0.90)]


@pytest.mark.parametrize(
    ("path", "dictionaries", "lenient", "strict"), EVENT_PINS, ids=lambda v: getattr(v, "name", v)
)
def test_event_coding_holds_its_pins(
    path: Path, dictionaries: Path | None, lenient: float, strict: float
) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    cases, problems = load_cases(path)
    assert not problems
    report = score(cases, predict_cases(cases, dictionaries=dictionaries))
    assert report.lenient.f1 >= lenient, f"{path.name}: lenient F1 {report.lenient.f1:.3f} < pin {lenient}"
    assert report.strict.f1 >= strict, f"{path.name}: strict F1 {report.strict.f1:.3f} < pin {strict}"


def test_real_news_coding_holds_its_pins() -> None:
    path, lenient, strict = REALNEWS_PINS
    if not REALNEWS.is_dir():
        pytest.skip(f"{REALNEWS} is not here")
    cases, problems = load_cases(path, texts=REALNEWS)
    assert not problems
    report = score(cases, predict_cases(cases))
    assert report.lenient.f1 >= lenient, f"{path.name}: lenient F1 {report.lenient.f1:.3f} < pin {lenient}"
    assert report.strict.f1 >= strict, f"{path.name}: strict F1 {report.strict.f1:.3f} < pin {strict}"


@pytest.mark.parametrize(("path", "minimum"), MODALITY_PINS, ids=lambda v: getattr(v, "name", v))
def test_modality_holds_its_pins(path: Path, minimum: float) -> None:
    cases, problems = load_modality_cases(path)
    assert not problems
    report = score_modality(cases).to_dict()
    figures = {**report["accuracy"], "found": report["found"] / report["cases"]}
    low = {field: value for field, value in figures.items() if value < minimum}
    assert not low, f"{path.name}: below {minimum}: {low}"
