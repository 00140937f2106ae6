"""Competing hypotheses (whowhom.analysis.hypotheses, ach, evidence, hypfile): a posterior
worked out by hand, the ACH ratings, leave-one-out, gaps, warnings and file errors."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from whowhom.analysis import ach
from whowhom.analysis.hypfile import load_hypotheses, parse_hypotheses
from whowhom.analysis.hypotheses import assess
from whowhom.analysis.issues import parse_issues
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.errors import WhowhomError
from whowhom.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
ISSUES = parse_issues(
    {"actors": {"Iran": ["IRN"]}, "issues": [{"id": "op", "actors": ["GOV"], "keywords": ["basra"]}]},
    Path("issues.yaml"),
)


@pytest.fixture()
def store() -> Store:
    s = open_store(":memory:")
    insert_events(
        s.con,
        [
            event_row("e1", source_code="IRN", target_code="GOV", event_code="051", event_goldstein=3.4,
                      certainty=0.9, reliability=0.5, date="2008-03-31", evidence_text="Iran praised Basra."),
            event_row("e2", source_code="USA", target_code="GOV", event_code="190", event_goldstein=-10.0,
                      date="2008-03-31", evidence_text="Fighting elsewhere."),
        ],
    )  # fmt: skip
    return s


def hyp(data: dict[str, Any]) -> Any:
    base: dict[str, Any] = {
        "hypotheses": [
            {"id": "H1", "statement": "one", "prior": 0.5},
            {"id": "H2", "statement": "two", "prior": 0.3},
            {"id": "H3", "statement": "three", "prior": 0.2},
        ]
    }
    return parse_hypotheses({**base, **data}, Path("hyp.yaml"), issues=ISSUES)


def lik(h1: object, h2: object, h3: object) -> dict[str, object]:
    return {"H1": h1, "H2": h2, "H3": h3}


NEUTRAL = lik("C", "N", "N")
HAND = {
    "evidence": [
        {"id": "A", "pattern": {"actor": "Iran", "codes": ["05"]}, "likelihoods": lik("CC", "I", "N")},
        {"id": "B", "manual": True, "certainty": 0.5, "reliability": 0.8, "likelihoods": lik(0.2, 0.6, 0.4)},
        {"id": "C", "pattern": {"actor": "Iran", "codes": ["19"]}, "likelihoods": lik("II", "CC", "N")},
        {"id": "D", "pattern": {"actor": "SYR"}, "likelihoods": lik("N", "N", "N")},
    ]
}


def test_posterior_worked_by_hand(store: Store) -> None:
    result = assess(store, hyp(HAND))
    # A matched e1: rc = 1 - (1 - 0.9×0.5) = 0.45; ratings CC, I, N = 0.8, 0.35, 0.5; q = 0.55
    a = [0.45 * x + 0.55 * 0.55 for x in (0.8, 0.35, 0.5)]  # 0.6625, 0.46, 0.5275
    # B by hand: rc = 0.5×0.8 = 0.4; q = 0.4
    b = [0.4 * x + 0.6 * 0.4 for x in (0.2, 0.6, 0.4)]  # 0.32, 0.48, 0.40
    joint = [p * x * y for p, x, y in zip((0.5, 0.3, 0.2), a, b, strict=True)]
    expected = [j / sum(joint) for j in joint]  # ≈ 0.494, 0.309, 0.197
    got = {h.id: h.posterior for h in result.hypotheses}
    assert [got["H1"], got["H2"], got["H3"]] == pytest.approx(expected)
    assert sum(got.values()) == pytest.approx(1.0)
    assert [h.id for h in result.ranked()] == ["H1", "H2", "H3"]
    items = {e.id: e for e in result.evidence}
    assert items["A"].counted and items["B"].counted and not items["C"].counted and not items["D"].counted
    assert items["A"].rc == pytest.approx(0.45)
    assert list(items["A"].discounted.values()) == pytest.approx(a)
    # log-likelihood ratio of A for H1 against the prior-weighted rest, and its diagnosticity
    not_h1 = (0.3 * a[1] + 0.2 * a[2]) / 0.5
    assert items["A"].llr_bits["H1"] == pytest.approx(math.log2(a[0] / not_h1))
    assert items["A"].diagnosticity_bits == pytest.approx(math.log2(a[0] / a[1]))
    # Heuer: B's numbers count as II, C, I; weights are the items' rc
    assert items["B"].ratings == {"H1": "II", "H2": "C", "H3": "I"}
    inc = {h.id: h.inconsistency for h in result.hypotheses}
    assert inc == pytest.approx({"H1": 0.4 * 2, "H2": 0.45 * 1, "H3": 0.4 * 1})
    # every evidence row lists its events and sentences
    assert [r.event_id for r in items["A"].evidence] == ["e1"]
    assert items["A"].evidence[0].evidence_text == "Iran praised Basra."
    # leave-one-out: B moves the posterior most (computed by hand: 0.083 vs 0.078)
    without_b = [p * x for p, x in zip((0.5, 0.3, 0.2), a, strict=True)]
    shift_b = 0.5 * sum(abs(e - w / sum(without_b)) for e, w in zip(expected, without_b, strict=True))
    assert items["B"].loo_shift == pytest.approx(shift_b)
    assert result.most_influential is not None and result.most_influential.id == "B"
    # gaps: C would separate H1 from H2 (and favour H2); D, flat, would not
    assert [g.id for g in result.gaps] == ["C", "D"]
    assert result.gaps[0].favours == "H2" and result.gaps[0].llr_top2_bits == pytest.approx(-2.0)
    assert result.gaps[0].gain_top2_bits > 0.1 and result.gaps[1].gain_top2_bits == pytest.approx(0.0)
    assert any(w.startswith("[W705] C") for w in result.warnings)
    d = result.to_dict()
    assert d["leader"] == "H1" and d["most_influential"] == "B"


def test_ach_ratings_and_discount() -> None:
    assert ach.RATINGS == {"CC": 0.8, "C": 0.65, "N": 0.5, "I": 0.35, "II": 0.2}
    assert [ach.rating_for(x) for x in (0.95, 0.7, 0.5, 0.4, 0.3, 0.05)] == ["CC", "C", "N", "I", "I", "II"]
    assert ach.rating_for(0.425) == "N"  # half-way goes to the milder rating
    row = np.array([0.8, 0.2])
    assert ach.discount(row, 1.0) == pytest.approx(row)
    assert ach.discount(row, 0.0) == pytest.approx([0.5, 0.5])  # untrusted: no diagnostic power
    assert ach.diagnosticity_bits(np.array([0.5, 0.5, 0.5])) == 0.0


def test_leave_one_out_finds_the_item_that_decides() -> None:
    prior = np.array([0.5, 0.5])
    lik = np.array([[0.8, 0.2], [0.4, 0.6]])
    loo = ach.leave_one_out(prior, lik)
    full = ach.posterior(prior, lik)
    assert full == pytest.approx([0.32 / 0.44, 0.12 / 0.44])
    assert loo[0].changes_leader and loo[0].changes_ranking  # without it H2 leads
    assert not loo[1].changes_leader
    assert loo[0].shift > loo[1].shift


def test_information_gain() -> None:
    p = np.array([0.5, 0.5])
    assert ach.information_gain(p, np.array([1.0, 0.0])) == pytest.approx(1.0)  # settles it
    assert ach.information_gain(p, np.array([0.5, 0.5])) == pytest.approx(0.0)


def test_stance_items_and_double_counting(store: Store) -> None:
    h = hyp(
        {
            "exclusive": False,
            "evidence": [
                {"id": "S", "pattern": {"actor": "Iran", "issue": "op", "stance": "support"},
                 "likelihoods": {"H1": "C", "H2": "I", "H3": "N"}},
                {"id": "E", "pattern": {"actor": "IRN", "codes": ["051"]},
                 "likelihoods": {"H1": "C", "H2": "I", "H3": "N"}},
                {"id": "O", "pattern": {"actor": "Iran", "issue": "op", "stance": "oppose"},
                 "likelihoods": {"H1": "I", "H2": "C", "H3": "N"}},
            ],
        }
    )  # fmt: skip
    result = assess(store, h)
    items = {e.id: e for e in result.evidence}
    assert items["S"].counted and "stance on op +1.00" in items["S"].match.detail
    assert items["S"].rc == pytest.approx(0.45)  # one event, sign stable in every resample
    assert not items["O"].counted
    text = " ".join(result.warnings)
    assert "[W701]" in text  # exclusive: false
    assert "[W704] 1 event(s) are counted by both S and E (e.g. e1)" in text
    assert "[W703]" not in text  # the hypotheses' likelihoods differ


def test_overlap_warnings_for_priors_and_indistinguishable_hypotheses(store: Store) -> None:
    data = {
        "hypotheses": [
            {"id": "H1", "statement": "one", "prior": 1},
            {"id": "H2", "statement": "two", "prior": 1},
            {"id": "H3", "statement": "three", "prior": 2},
        ],
        "evidence": [{"id": "M", "manual": True, "likelihoods": {"H1": "C", "H2": "C", "H3": "I"}}],
    }
    result = assess(store, parse_hypotheses(data, Path("h.yaml")))
    assert [h.prior for h in result.hypotheses] == pytest.approx([0.25, 0.25, 0.5])
    assert any(w.startswith("[W702] priors sum to 4") for w in result.warnings)
    assert any(w.startswith("[W703] H1 and H2") for w in result.warnings)
    assert sum(h.posterior for h in result.hypotheses) == pytest.approx(1.0)


def test_demo_hypotheses_file_loads() -> None:
    h = load_hypotheses(ROOT / "examples/basra-2008/hypotheses.yaml")
    assert h.ids == ["H1", "H2", "H3", "H4"]
    assert sum(x.prior for x in h.hypotheses) == pytest.approx(1.0)
    assert h.issues is not None and "sadr-city-operation" in h.issues.ids
    kinds = {e.kind for e in h.evidence}
    assert kinds == {"stance", "events", "manual"}


@pytest.mark.parametrize(
    ("evidence", "code"),
    [
        ([{"id": "x", "manual": True, "likelihoods": lik("X", "N", "N")}], "[E709]"),
        ([{"id": "x", "manual": True, "likelihoods": lik(1.5, "N", "N")}], "[E709]"),
        ([{"id": "x", "manual": True, "likelihoods": {**lik("C", "N", "N"), "H9": "C"}}], "[E710]"),
        ([{"id": "x", "manual": True, "likelihoods": {"H1": "C", "H2": "N"}}], "[E703]"),
        ([{"id": "x", "likelihoods": NEUTRAL, "manual": True, "pattern": {"actor": "X"}}], "[E703]"),
        ([{"id": "x", "pattern": {"stance": "support", "actor": "IRN"}, "likelihoods": NEUTRAL}], "[E703]"),
        ([{"id": "x", "pattern": {"issue": "nope", "actor": "IRN"}, "likelihoods": NEUTRAL}], "[E705]"),
        ([{"id": "x", "pattern": {}, "likelihoods": NEUTRAL}], "[E703]"),
        ([{"id": "x", "manual": True, "likelihoods": lik("C", "N", "N")}] * 2, "[E714]"),
    ],
)  # fmt: skip
def test_bad_evidence_gives_coded_errors(evidence: list[dict[str, Any]], code: str) -> None:
    with pytest.raises(WhowhomError) as e:
        hyp({"evidence": evidence})
    assert str(e.value).startswith(code)


def test_bad_hypotheses_give_coded_errors() -> None:
    one = {"hypotheses": [{"id": "H1", "statement": "alone"}]}
    with pytest.raises(WhowhomError, match=r"^\[E711\]"):
        parse_hypotheses(one, Path("h.yaml"))
    zero = {"hypotheses": [{"id": "H1", "statement": "a", "prior": 0}, {"id": "H2", "statement": "b"}]}
    with pytest.raises(WhowhomError, match=r"^\[E713\]"):
        parse_hypotheses(zero, Path("h.yaml"))
    uses_issue = {
        "hypotheses": [{"id": "H1", "statement": "a"}, {"id": "H2", "statement": "b"}],
        "evidence": [
            {"id": "x", "pattern": {"actor": "IRN", "issue": "op"}, "likelihoods": {"H1": "C", "H2": "N"}}
        ],
    }
    with pytest.raises(WhowhomError, match=r"^\[E712\]"):
        parse_hypotheses(uses_issue, Path("h.yaml"))


def _wire_store() -> Store:
    """Iran's praise printed by three outlets within a week (one report), again a month later
    (a second report), and other events of Iran and of others."""
    s = open_store(":memory:")
    praise = "Iran praised the Basra operation."
    rows = [
        event_row(f"w{k}", source_code="IRN", target_code="GOV", event_code="051", event_goldstein=3.4,
                  certainty=0.9, reliability=r, date=day, evidence_text=praise, doc_id=f"d{k}")
        for k, (day, r) in enumerate([("2008-03-31", 0.5), ("2008-04-01", 0.8), ("2008-04-02", 0.6),
                                      ("2008-05-20", 0.7)])
    ]  # fmt: skip
    rows += [
        event_row("a1", source_code="IRN", target_code="USA", event_code="111", event_goldstein=-2.0,
                  date="2008-04-03", evidence_text="Iran criticised the strikes in Basra."),
        event_row("a2", source_code="USA", target_code="GOV", event_code="190", event_goldstein=-10.0,
                  date="2008-04-04", evidence_text="Fighting in Basra."),
        event_row("a3", source_code="USA", target_code="GOV", event_code="190", event_goldstein=-10.0,
                  date="2008-04-05", evidence_text="Fighting in Basra."),
    ]  # fmt: skip
    insert_events(s.con, rows)
    return s


WIRE = {
    "exclusive": False,
    "evidence": [
        {"id": "praise", "pattern": {"actor": "IRN", "codes": ["05"]}, "likelihoods": lik("C", "I", "N")},
        {"id": "basra", "pattern": {"keywords": ["basra"]}, "likelihoods": lik("C", "N", "I")},
        {"id": "fight", "pattern": {"actor": "USA", "codes": ["19"]}, "likelihoods": lik("I", "C", "N")},
        {"id": "stance", "pattern": {"actor": "Iran", "issue": "op", "stance": "support"},
         "likelihoods": lik("C", "I", "N")},
        {"id": "said", "manual": True, "event_ids": ["a1", "w2"], "likelihoods": lik("N", "C", "N")},
    ],
}  # fmt: skip


def test_assess_reads_the_copies_once_with_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    from whowhom.analysis.evidence import match_item

    store = _wire_store()
    h = hyp(WIRE)
    alone = {item.id: match_item(store, item, h).to_dict() for item in h.evidence}
    made: list[str] = []
    real = Store.temp_table

    def counted(self: Store, name: str, sql: str) -> None:
        made.append(name)
        real(self, name, sql)

    monkeypatch.setattr(Store, "temp_table", counted)
    result = assess(store, h)
    together = {e.id: e.match.to_dict() for e in result.evidence}
    assert together == alone
    assert together["praise"]["n_events"] == 4 and together["praise"]["n_reports"] == 1
    # the references are the reports, not their copies: two, a month apart, each the first
    # printing of its report; the stronger (0.9 × 0.7) first
    assert together["praise"]["event_ids"] == ["w3", "w0"]
    assert together["said"]["event_ids"] == ["a1", "w2"]
    assert len([n for n in made if n.startswith("_ww_copies")]) == 1  # one reading for all items
    assert len([n for n in made if n.startswith("_ww_refrows")]) == 1  # one batch of references
