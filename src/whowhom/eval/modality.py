"""Score what the coder records about *who says so, and how surely* against annotated sentences.

Each case (``tests/data/modality_cases.jsonl``, documented in ``tests/data/MODALITY_README.md``)
names one event of its sentence by the country prefix of its source actor (and, when the
sentence has several events from that source, its CAMEO root) and says what the coder should
record for it: polarity, modality, a certainty band and the innermost speaker.

Scoring, per case:

- the **event** is the first coded event whose ``source.code`` starts with ``expected.source``
  and, when ``expected.root`` is given, whose ``event.root`` equals it. When there is none the
  case counts as wrong on every field (and as not found);
- **polarity** and **modality** are compared exactly; **certainty** by band
  (:func:`certainty_band`);
- **speaker**: the expected innermost speaker is a case-insensitive substring of the text of the
  event's innermost attribution layer (speaker, author or outlet); a case that expects no
  speaker is right when the event has no ``speaker`` layer.

Accuracies are over all cases. :func:`score_predictions` is pure (events in, report out);
:func:`score_modality` runs the real coder first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from whowhom.eval.events import load_case_file
from whowhom.ingest.text import iso_date
from whowhom.model import MODALITIES, POLARITIES, Document, Event
from whowhom.pipeline import CodingFailure, code_documents, make_coder

#: Band names with their lower bounds, highest first: a certainty falls in the first band
#: whose bound it reaches.
BANDS: tuple[tuple[str, float], ...] = (("high", 0.8), ("medium", 0.5), ("low", 0.25), ("very_low", 0.0))
BAND_NAMES = tuple(name for name, _ in BANDS)
#: The scored fields, in report order.
FIELDS = ("polarity", "modality", "certainty", "speaker")


def certainty_band(value: float) -> str:
    """``high`` (≥ 0.8), ``medium`` (0.5–0.8), ``low`` (0.25–0.5) or ``very_low`` (< 0.25)."""
    for name, floor in BANDS:
        if value >= floor:
            return name
    return BANDS[-1][0]


# --------------------------------------------------------------------------- cases


@dataclass(slots=True, frozen=True)
class ModalityExpected:
    """What the coder should record for the case's event."""

    source: str  # prefix of the event's source actor code (usually the country code)
    polarity: str
    modality: str
    certainty_band: str
    root: str | None = None  # 2-digit CAMEO root, when the source alone is ambiguous
    speakers: tuple[str, ...] = ()  # innermost first, as they appear in the text
    speaker_codes: tuple[str | None, ...] = ()


@dataclass(slots=True)
class ModalityCase:
    id: str
    text: str
    expected: ModalityExpected
    date: str | None = None  # ISO YYYY-MM-DD
    source: str | None = None  # the document's outlet
    author: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return str(self.notes.get("category") or "-")

    def document(self) -> Document:
        return Document(
            text=self.text, doc_id=self.id, date=self.date, source=self.source, author=self.author
        )


def _iso_date(value: Any) -> str | None:
    try:
        return iso_date(value)
    except ValueError:
        raise ValueError(f"'date' {value!r} is not a date (use YYYY-MM-DD)") from None


def _opt_str(obj: Mapping[str, Any], key: str, where: str = "") -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{where}{key}' is not a string or null")
    return value.strip() or None


def _choice(obj: Mapping[str, Any], key: str, choices: Sequence[str]) -> str:
    value = obj.get(key)
    if value not in choices:
        raise ValueError(f"'expected.{key}' {value!r} is not one of: {', '.join(choices)}")
    return str(value)


def _root(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 99:
        return f"{value:02d}"
    if isinstance(value, str) and re.fullmatch(r"\d{2}", value.strip()):
        return value.strip()
    raise ValueError(f"'expected.root' {value!r} is not a 2-digit CAMEO root such as \"11\"")


def _speakers(exp: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    raw = exp.get("speakers", [])
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise ValueError("'expected.speakers' is not a list of non-empty strings")
    codes_raw = exp.get("speaker_codes")
    if codes_raw is None:
        codes_raw = [None] * len(raw)
    if not isinstance(codes_raw, list) or not all(c is None or isinstance(c, str) for c in codes_raw):
        raise ValueError("'expected.speaker_codes' is not a list of strings or nulls")
    if len(codes_raw) != len(raw):
        raise ValueError(f"'expected.speaker_codes' has {len(codes_raw)} entries for {len(raw)} speakers")
    return tuple(s.strip() for s in raw), tuple(c.strip() or None if c else None for c in codes_raw)


def _expected(exp: Any) -> ModalityExpected:
    if not isinstance(exp, dict):
        raise ValueError("no 'expected' object")
    src = exp.get("source")
    if not isinstance(src, str) or not src.strip():
        raise ValueError("'expected.source' is not a non-empty actor code prefix such as \"IRN\"")
    speakers, codes = _speakers(exp)
    return ModalityExpected(
        source=src.strip().upper(),
        polarity=_choice(exp, "polarity", POLARITIES),
        modality=_choice(exp, "modality", MODALITIES),
        certainty_band=_choice(exp, "certainty_band", BAND_NAMES),
        root=_root(exp.get("root")),
        speakers=speakers,
        speaker_codes=codes,
    )


def parse_modality_case(obj: Any) -> ModalityCase:
    """One record; raises ``ValueError`` naming the first problem."""
    if not isinstance(obj, dict):
        raise ValueError(f"a JSON {type(obj).__name__}, not an object")
    cid = obj.get("id")
    if not isinstance(cid, str) or not cid.strip():
        raise ValueError("no non-empty 'id'")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no non-empty 'text'")
    notes = obj.get("notes") or {}
    if not isinstance(notes, dict):
        raise ValueError("'notes' is not an object")
    return ModalityCase(
        id=cid.strip(),
        text=text,
        expected=_expected(obj.get("expected")),
        date=_iso_date(obj.get("date")),
        source=_opt_str(obj, "source"),
        author=_opt_str(obj, "author"),
        notes=notes,
    )


def load_modality_cases(path: Path | str) -> tuple[list[ModalityCase], list[str]]:
    """Read a modality case file (JSON Lines; bad lines reported as E501 and skipped)."""
    return load_case_file(path, parse_modality_case)


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Got:
    """What the coder recorded for the chosen event."""

    event_code: str
    source_code: str | None
    polarity: str
    modality: str
    certainty: float
    band: str
    innermost: str | None  # text of the innermost attribution layer
    innermost_role: str | None
    speakers: list[str]  # texts of the 'speaker' layers, innermost first


@dataclass(slots=True)
class ModalityCaseResult:
    id: str
    category: str
    expected: ModalityExpected
    found: bool
    ok: dict[str, bool]
    got: Got | None = None
    events: list[str] = field(default_factory=list)  # every coded event, "SRC>TGT CODE", for misses


@dataclass(slots=True, frozen=True)
class Failure:
    id: str
    field: str
    expected: str
    got: str


@dataclass(slots=True)
class ModalityReport:
    results: list[ModalityCaseResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    def correct(self, name: str) -> int:
        return sum(r.ok[name] for r in self.results)

    def accuracy(self, name: str) -> float:
        """Share of all cases right on ``name`` (a field, or ``found``)."""
        if not self.results:
            return 0.0
        return (self.found if name == "found" else self.correct(name)) / self.total

    @property
    def attributed(self) -> list[ModalityCaseResult]:
        """The cases that expect a speaker (reported speech, outlets, quoted speakers)."""
        return [r for r in self.results if r.expected.speakers]

    def speaker_attributed_accuracy(self) -> float:
        rows = self.attributed
        return sum(r.ok["speaker"] for r in rows) / len(rows) if rows else 0.0

    def by_category(self) -> dict[str, dict[str, float | int]]:
        groups: dict[str, list[ModalityCaseResult]] = {}
        for r in self.results:
            groups.setdefault(r.category, []).append(r)
        out: dict[str, dict[str, float | int]] = {}
        for cat, rows in sorted(groups.items()):
            row: dict[str, float | int] = {
                "cases": len(rows),
                "found": sum(r.found for r in rows) / len(rows),
            }
            for name in FIELDS:
                row[name] = sum(r.ok[name] for r in rows) / len(rows)
            out[cat] = row
        return out

    def failures(self) -> list[Failure]:
        out: list[Failure] = []
        for r in self.results:
            exp = r.expected
            if r.got is None:
                want = exp.source + (f" root {exp.root}" if exp.root else "")
                got = "; ".join(r.events) if r.events else "no events"
                out.append(Failure(r.id, "event", want, got))
                continue
            if not r.ok["polarity"]:
                out.append(Failure(r.id, "polarity", exp.polarity, r.got.polarity))
            if not r.ok["modality"]:
                out.append(Failure(r.id, "modality", exp.modality, r.got.modality))
            if not r.ok["certainty"]:
                out.append(
                    Failure(r.id, "certainty", exp.certainty_band, f"{r.got.band} ({r.got.certainty:.2f})")
                )
            if not r.ok["speaker"]:
                want = repr(exp.speakers[0]) if exp.speakers else "no speaker"
                if exp.speakers:
                    got = f"{r.got.innermost_role}: {r.got.innermost!r}" if r.got.innermost else "none"
                else:
                    got = "speaker: " + ", ".join(repr(s) for s in r.got.speakers)
                out.append(Failure(r.id, "speaker", want, got))
        return out

    def summary(self) -> dict[str, float]:
        return {name: self.accuracy(name) for name in (*FIELDS, "found")}

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.total,
            "found": self.found,
            "accuracy": self.summary(),
            "correct": {name: self.correct(name) for name in FIELDS},
            "speaker_attributed": {
                "cases": len(self.attributed),
                "accuracy": self.speaker_attributed_accuracy(),
            },
            "by_category": self.by_category(),
            "failures": [asdict(f) for f in self.failures()],
            "results": [
                {
                    "id": r.id,
                    "category": r.category,
                    "found": r.found,
                    "ok": dict(r.ok),
                    "expected": asdict(r.expected),
                    "got": asdict(r.got) if r.got else None,
                    "events": list(r.events),
                }
                for r in self.results
            ],
        }


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def pick_event(expected: ModalityExpected, events: Sequence[Event]) -> Event | None:
    """The first event from the expected source (and root, when given)."""
    for event in events:
        if event.source is None or not event.source.code:
            continue
        if not event.source.code.upper().startswith(expected.source):
            continue
        if expected.root is not None and event.event.root != expected.root:
            continue
        return event
    return None


def _describe(event: Event) -> str:
    src = event.source.code if event.source else "-"
    tgt = event.target.code if event.target else "-"
    return f"{src}>{tgt} {event.event.code}"


def _got(event: Event) -> Got:
    layers = event.attribution or []
    inner = layers[0] if layers else None
    return Got(
        event_code=event.event.code,
        source_code=event.source.code if event.source else None,
        polarity=event.polarity,
        modality=event.modality,
        certainty=float(event.certainty),
        band=certainty_band(float(event.certainty)),
        innermost=inner.text or "" if inner else None,
        innermost_role=inner.role if inner else None,
        speakers=[a.text or "" for a in layers if a.role == "speaker"],
    )


def _speaker_ok(expected: ModalityExpected, got: Got) -> bool:
    if not expected.speakers:
        return not got.speakers
    return got.innermost is not None and _fold(expected.speakers[0]) in _fold(got.innermost)


def score_case(case: ModalityCase, events: Sequence[Event]) -> ModalityCaseResult:
    exp = case.expected
    event = pick_event(exp, events)
    if event is None:
        return ModalityCaseResult(
            id=case.id,
            category=case.category,
            expected=exp,
            found=False,
            ok=dict.fromkeys(FIELDS, False),
            events=[_describe(e) for e in events],
        )
    got = _got(event)
    ok = {
        "polarity": got.polarity == exp.polarity,
        "modality": got.modality == exp.modality,
        "certainty": got.band == exp.certainty_band,
        "speaker": _speaker_ok(exp, got),
    }
    return ModalityCaseResult(id=case.id, category=case.category, expected=exp, found=True, ok=ok, got=got)


def score_predictions(
    cases: Sequence[ModalityCase], events_by_id: Mapping[str, Sequence[Event]]
) -> ModalityReport:
    """Score coded events (by case id; a missing id means no events) against the cases."""
    return ModalityReport([score_case(c, events_by_id.get(c.id, ())) for c in cases])


def code_cases(
    cases: Sequence[ModalityCase], *, dictionaries: Path | None = None, nlp: Language | None = None
) -> dict[str, list[Event]]:
    """Run each case's sentence through the real coder, as one document with its metadata."""
    coder = make_coder(dictionaries)
    docs = [c.document() for c in cases]
    out: dict[str, list[Event]] = {}
    for case, item in zip(cases, code_documents(docs, coder=coder, nlp=nlp), strict=True):
        out[case.id] = [] if isinstance(item, CodingFailure) else list(item[1])
    return out


def score_modality(
    cases: Sequence[ModalityCase], *, dictionaries: Path | None = None, nlp: Language | None = None
) -> ModalityReport:
    """Code the cases with the real pipeline and score what it records."""
    return score_predictions(cases, code_cases(cases, dictionaries=dictionaries, nlp=nlp))


# --------------------------------------------------------------------------- output


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_modality_report(report: ModalityReport, show_failures: int = 20) -> str:
    """A per-field table, a per-category table, the first failures, then a one-line summary."""
    n = report.total
    lines = [f"modality evaluation: {n} cases, {report.found} events found", ""]
    lines.append(f"{'field':<22}{'correct':>8}{'cases':>7}{'accuracy':>10}")
    lines.append(f"{'event found':<22}{report.found:>8}{n:>7}{report.accuracy('found'):>10.2f}")
    for name in FIELDS:
        lines.append(f"{name:<22}{report.correct(name):>8}{n:>7}{report.accuracy(name):>10.2f}")
    attributed = report.attributed
    lines.append(
        f"{'speaker (attributed)':<22}{sum(r.ok['speaker'] for r in attributed):>8}"
        f"{len(attributed):>7}{report.speaker_attributed_accuracy():>10.2f}"
    )
    cats = report.by_category()
    if cats:
        lines += ["", f"{'category':<20}{'cases':>6}{'found':>7}" + "".join(f"{f:>11}" for f in FIELDS)]
        for cat, row in cats.items():
            lines.append(
                f"{_clip(cat, 19):<20}{row['cases']:>6}{row['found']:>7.2f}"
                + "".join(f"{row[f]:>11.2f}" for f in FIELDS)
            )
    failures = report.failures()
    if failures and show_failures > 0:
        shown = failures[:show_failures]
        lines += ["", f"failures ({len(shown)} of {len(failures)}):"]
        for f in shown:
            lines.append(
                f"  {f.id:<10}{f.field:<10} expected {_clip(f.expected, 28):<30} got {_clip(f.got, 70)}"
            )
        if len(failures) > len(shown):
            lines.append(f"  … and {len(failures) - len(shown)} more")
    lines += [
        "",
        " ".join(f"{name}={report.accuracy(name):.2f}" for name in (*FIELDS, "found")),
    ]
    return "\n".join(lines)
