"""Score coded events against peer gold files (pure functions: no spaCy, no CLI).

The rule is the one in ``shared/data/peer/README.md`` so figures compare with the peers':

- **strict**: a predicted event matches an unmatched expected one when the full CAMEO event
  code and the full source and target actor codes are equal;
- **lenient**: the 2-digit CAMEO root is equal, and the first three characters of the source
  and of the target codes are equal.

``None`` or empty actor codes compare as ``''``. Matching is one-to-one within a case and
maximal (both relations are equivalences, so greedy per key is maximal; strict pairs are taken
first so the lenient pairing keeps them). Precision, recall and F1 are micro-averaged over all
cases; a prediction in a case that expects none is a false positive. Cases whose
``notes.active`` is ``false`` are skipped entirely (and counted as skipped).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from whowhom.errors import Errors, WhowhomError
from whowhom.ingest.text import iso_date

Triple = tuple[str | None, str | None, str]
"""(source actor code, target actor code, CAMEO event code)."""

Key = tuple[str, str, str]


@dataclass(slots=True)
class Case:
    """One peer gold record."""

    id: str
    text: str
    date: str | None  # ISO YYYY-MM-DD (converted from YYYYMMDD)
    expected: list[Triple]
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.notes.get("active", True) is not False


# --------------------------------------------------------------------------- loading


def _iso_date(value: Any) -> str | None:
    """'YYYYMMDD' or 'YYYY-MM-DD' -> 'YYYY-MM-DD'; a malformed date -> None.

    A bad date does not reject the case: the date is context for coding, not part of the
    gold (the GSR file has one record dated '121108').
    """
    try:
        return iso_date(value)
    except ValueError:
        return None


def _actor(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} {value!r} is not a string or null")
    return value.strip() or None


def _triple(item: Any, n: int) -> Triple:
    """An expected event: {"source", "target", "code"} (or a [source, target, code] list)."""
    if isinstance(item, Mapping):
        src, tgt, code = item.get("source"), item.get("target"), item.get("code")
    elif isinstance(item, list | tuple) and len(item) == 3:
        src, tgt, code = item
    else:
        raise ValueError(f"expected[{n}] is not a {{source, target, code}} object")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"expected[{n}] has no non-empty 'code'")
    return (
        _actor(src, f"expected[{n}].source"),
        _actor(tgt, f"expected[{n}].target"),
        code.strip(),
    )


def _case(obj: Any) -> Case:
    if not isinstance(obj, dict):
        raise ValueError(f"a JSON {type(obj).__name__}, not an object")
    cid = obj.get("id")
    if isinstance(cid, int) and not isinstance(cid, bool):
        cid = str(cid)
    if not isinstance(cid, str) or not cid.strip():
        raise ValueError("no non-empty 'id'")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no non-empty 'text'")
    expected_raw = obj.get("expected", [])
    if expected_raw is None:
        expected_raw = []
    if not isinstance(expected_raw, list):
        raise ValueError("'expected' is not a list")
    notes = obj.get("notes") or {}
    if not isinstance(notes, dict):
        raise ValueError("'notes' is not an object")
    return Case(
        id=cid.strip(),
        text=text,
        date=_iso_date(obj.get("date")),
        expected=[_triple(item, n) for n, item in enumerate(expected_raw)],
        notes=notes,
    )


C = TypeVar("C", bound="HasId")


class HasId(Protocol):
    id: str


def load_case_file(path: Path | str, parse: Callable[[Any], C]) -> tuple[list[C], list[str]]:
    """Read a JSON Lines file of gold cases, each line parsed by ``parse``.

    Returns the cases and one E501 message per bad line; bad lines (including a repeated id)
    are skipped and the rest still load. Blank lines are ignored. A file that cannot be read
    raises :class:`WhowhomError` (E111 / E101).
    """
    path = Path(path)
    if not path.exists():
        raise WhowhomError(Errors.E111.format(path=path))
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WhowhomError(Errors.E101.format(path=path, reason=exc)) from exc
    cases: list[C] = []
    problems: list[str] = []
    seen: set[str] = set()
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = parse(json.loads(line))
        except json.JSONDecodeError as exc:
            problems.append(Errors.E501.format(path=path, line=lineno, reason=f"bad JSON: {exc}"))
            continue
        except ValueError as exc:
            problems.append(Errors.E501.format(path=path, line=lineno, reason=exc))
            continue
        if case.id in seen:
            problems.append(Errors.E501.format(path=path, line=lineno, reason=f"duplicate id {case.id!r}"))
            continue
        seen.add(case.id)
        cases.append(case)
    return cases, problems


def load_cases(path: Path, *, texts: Path | None = None) -> tuple[list[Case], list[str]]:
    """Read a peer JSON Lines file (see :func:`load_case_file`); cases that locate their
    sentence in a corpus page instead of quoting it are read from ``texts`` (``located.py``)."""
    from whowhom.eval.located import resolve

    return load_case_file(path, lambda obj: _case(resolve(obj, texts)))


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        d = self.tp + self.fp
        return self.tp / d if d else 0.0

    @property
    def recall(self) -> float:
        d = self.tp + self.fn
        return self.tp / d if d else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class CaseResult:
    """One scored case. Matches are (expected index, predicted index) pairs."""

    id: str
    expected: list[Triple]
    predicted: list[Triple]
    lenient: list[tuple[int, int]]
    strict: list[tuple[int, int]]

    @property
    def strict_ok(self) -> bool:
        return len(self.strict) == len(self.expected) == len(self.predicted)

    @property
    def lenient_ok(self) -> bool:
        return len(self.lenient) == len(self.expected) == len(self.predicted)


@dataclass(slots=True)
class EvalReport:
    strict: Scores
    lenient: Scores
    n_cases: int  # cases scored (active ones)
    n_expected: int
    n_predicted: int
    misses_by_root: dict[str, dict[str, int]]  # root -> expected/matched/missed/spurious (lenient)
    cases: list[CaseResult]
    n_skipped: int = 0  # cases with notes.active == false
    unknown_ids: list[str] = field(default_factory=list)  # predicted ids not among the cases


def _s(code: str | None) -> str:
    return (code or "").strip()


def strict_key(t: Triple) -> Key:
    return (_s(t[2]), _s(t[0]), _s(t[1]))


def lenient_key(t: Triple) -> Key:
    return (_s(t[2])[:2], _s(t[0])[:3], _s(t[1])[:3])


def root_of(code: str | None) -> str:
    return _s(code)[:2]


def _match(
    expected: Sequence[Triple],
    predicted: Sequence[Triple],
    key: Callable[[Triple], Key],
    taken_e: set[int],
    taken_p: set[int],
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching on equal keys, skipping already-taken indices (mutated)."""
    free: dict[Key, list[int]] = defaultdict(list)
    for i, e in enumerate(expected):
        if i not in taken_e:
            free[key(e)].append(i)
    pairs: list[tuple[int, int]] = []
    for j, p in enumerate(predicted):
        if j in taken_p:
            continue
        slots = free.get(key(p))
        if slots:
            i = slots.pop(0)
            taken_e.add(i)
            taken_p.add(j)
            pairs.append((i, j))
    return pairs


def match_case(
    expected: Sequence[Triple], predicted: Sequence[Triple]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return (strict pairs, lenient pairs) for one case.

    Strict pairs are a maximum strict matching. Lenient pairs are a maximum lenient matching
    that contains the strict pairs (strict implies lenient, and lenient equality is an
    equivalence, so topping the strict pairs up greedily is still maximal).
    """
    strict = _match(expected, predicted, strict_key, set(), set())
    taken_e = {i for i, _ in strict}
    taken_p = {j for _, j in strict}
    lenient = strict + _match(expected, predicted, lenient_key, taken_e, taken_p)
    lenient.sort()
    return strict, lenient


def _norm_pred(t: Sequence[Any]) -> Triple:
    src, tgt, code = t
    return (src or None, tgt or None, "" if code is None else str(code).strip())


def score(cases: Sequence[Case], predictions: Mapping[str, Sequence[Triple]]) -> EvalReport:
    """Score predictions (case id -> predicted triples) against the cases.

    A case absent from ``predictions`` predicted nothing. Inactive cases are skipped.
    """
    strict, lenient = Scores(), Scores()
    roots: dict[str, dict[str, int]] = defaultdict(
        lambda: {"expected": 0, "matched": 0, "missed": 0, "spurious": 0}
    )
    results: list[CaseResult] = []
    n_skipped = n_expected = n_predicted = 0
    known: set[str] = set()
    for case in cases:
        known.add(case.id)
        if not case.active:
            n_skipped += 1
            continue
        expected = list(case.expected)
        predicted = [_norm_pred(t) for t in predictions.get(case.id, ())]
        s_pairs, l_pairs = match_case(expected, predicted)
        n_expected += len(expected)
        n_predicted += len(predicted)
        strict.tp += len(s_pairs)
        strict.fp += len(predicted) - len(s_pairs)
        strict.fn += len(expected) - len(s_pairs)
        lenient.tp += len(l_pairs)
        lenient.fp += len(predicted) - len(l_pairs)
        lenient.fn += len(expected) - len(l_pairs)

        matched_e = {i for i, _ in l_pairs}
        matched_p = {j for _, j in l_pairs}
        for i, e in enumerate(expected):
            row = roots[root_of(e[2])]
            row["expected"] += 1
            row["matched" if i in matched_e else "missed"] += 1
        for j, p in enumerate(predicted):
            if j not in matched_p:
                roots[root_of(p[2])]["spurious"] += 1
        results.append(CaseResult(case.id, expected, predicted, l_pairs, s_pairs))

    return EvalReport(
        strict=strict,
        lenient=lenient,
        n_cases=len(results),
        n_expected=n_expected,
        n_predicted=n_predicted,
        misses_by_root={k: dict(roots[k]) for k in sorted(roots)},
        cases=results,
        n_skipped=n_skipped,
        unknown_ids=sorted(k for k in predictions if k not in known),
    )


# --------------------------------------------------------------------------- output


def _fmt_triple(t: Triple) -> str:
    return f"{t[0] or '-'} -> {t[1] or '-'} {t[2]}"


def format_report(report: EvalReport, *, show_cases: int = 0) -> str:
    """Plain-text report; the last line is ``lenient P=… R=… F1=…`` (two decimals)."""
    lines: list[str] = []
    counts = (
        f"cases: {report.n_cases} scored"
        + (f", {report.n_skipped} skipped (inactive)" if report.n_skipped else "")
        + f"; expected events: {report.n_expected}; predicted events: {report.n_predicted}"
    )
    lines.append(counts)
    if report.unknown_ids:
        lines.append(f"predictions for {len(report.unknown_ids)} unknown case id(s) ignored")
    lines.append("")
    lines.append(f"{'rule':<8} {'TP':>5} {'FP':>5} {'FN':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, s in (("strict", report.strict), ("lenient", report.lenient)):
        lines.append(
            f"{name:<8} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}"
        )
    if report.misses_by_root:
        lines.append("")
        lines.append("by CAMEO root (lenient):")
        lines.append(f"{'root':<6} {'expected':>8} {'matched':>8} {'missed':>8} {'spurious':>8}")
        for root in sorted(report.misses_by_root):
            r = report.misses_by_root[root]
            lines.append(
                f"{root or '?':<6} {r['expected']:>8} {r['matched']:>8} {r['missed']:>8} {r['spurious']:>8}"
            )
    if show_cases > 0:
        failing = [c for c in report.cases if not c.strict_ok]
        lines.append("")
        lines.append(
            f"failing cases (strict): {len(failing)}; showing {min(show_cases, len(failing))}"
            "  [= strict, ~ lenient only, - missed, + spurious]"
        )
        for c in failing[:show_cases]:
            s_e = {i for i, _ in c.strict}
            s_p = {j for _, j in c.strict}
            l_e = {i for i, _ in c.lenient}
            l_p = {j for _, j in c.lenient}
            lines.append(f"  {c.id}")
            if not c.expected:
                lines.append("    expected: (none)")
            for i, e in enumerate(c.expected):
                mark = "=" if i in s_e else "~" if i in l_e else "-"
                lines.append(f"    expected  {mark} {_fmt_triple(e)}")
            if not c.predicted:
                lines.append("    predicted: (none)")
            for j, p in enumerate(c.predicted):
                mark = "=" if j in s_p else "~" if j in l_p else "+"
                lines.append(f"    predicted {mark} {_fmt_triple(p)}")
    lines.append("")
    s = report.lenient
    lines.append(f"lenient P={s.precision:.2f} R={s.recall:.2f} F1={s.f1:.2f}")
    return "\n".join(lines)


def _triple_dict(t: Triple) -> dict[str, str | None]:
    return {"source": t[0], "target": t[1], "code": t[2]}


def report_to_dict(report: EvalReport) -> dict[str, Any]:
    """A JSON-able dict of the whole report (events in the peer files' shape)."""
    return {
        "strict": report.strict.to_dict(),
        "lenient": report.lenient.to_dict(),
        "n_cases": report.n_cases,
        "n_skipped": report.n_skipped,
        "n_expected": report.n_expected,
        "n_predicted": report.n_predicted,
        "unknown_ids": list(report.unknown_ids),
        "misses_by_root": {k: dict(v) for k, v in sorted(report.misses_by_root.items())},
        "cases": [
            {
                "id": c.id,
                "expected": [_triple_dict(t) for t in c.expected],
                "predicted": [_triple_dict(t) for t in c.predicted],
                "strict_matches": [list(p) for p in c.strict],
                "lenient_matches": [list(p) for p in c.lenient],
            }
            for c in report.cases
        ],
    }
