"""Alignment (whowhom.analysis.alignment, agreement, network, balance, export): planted
blocs and camps must be recovered; balance and agreement on cases worked by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from whowhom.analysis import export
from whowhom.analysis.alignment import align
from whowhom.analysis.balance import disagreement, frustration, signed_blocs, triangle_balance
from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.issues import parse_issues
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.analysis.windows import parse_duration
from whowhom.errors import WhowhomError
from whowhom.store import Store, open_store

BLOCS = {"A": ["A0", "A1", "A2", "A3"], "B": ["B0", "B1", "B2", "B3"], "C": ["C0", "C1", "C2"]}


def planted_network(seed: int, noise: float = 0.15) -> Store:
    """Cooperation inside each bloc, conflict across, ``noise`` of events the other way."""
    rng = np.random.default_rng(seed)
    bloc = {a: b for b, members in BLOCS.items() for a in members}
    rows = []
    for x, y in itertools.permutations(bloc, 2):
        for j in range(4):
            friendly = (bloc[x] == bloc[y]) != (rng.random() < noise)
            # cooperative and conflictual codes of similar strength on average (5.7 vs 6.0)
            code, g = (("057", 8.0), ("051", 3.4), ("190", -10.0), ("112", -2.0))[
                (0 if friendly else 2) + int(rng.random() < 0.5)
            ]
            rows.append(
                event_row(f"{x}{y}{j}", source_code=x, target_code=y, event_code=code, event_goldstein=g,
                          certainty=float(rng.choice([0.5, 0.75, 0.9])), date="2008-03-01")
            )  # fmt: skip
    s = open_store(":memory:")
    insert_events(s.con, rows)
    return s


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_blocs_are_recovered(seed: int) -> None:
    s = planted_network(seed)
    result = align(s, issue_set=None, actors=ActorSpec())
    assert sorted(map(sorted, result.network.blocs)) == sorted(map(sorted, BLOCS.values()))
    bal = result.network.balance
    assert bal.triangles == 165  # 11 actors, all tied
    # 48 of the 165 triangles join three blocs (all ties negative): weakly, not strictly, balanced
    assert bal.ratio is not None and 0.5 < bal.ratio <= 117 / 165
    assert bal.weak_ratio is not None and bal.weak_ratio > 0.8
    # ties carry their events, strongest first
    tie = result.network.edge("A0", "B0")
    assert tie is not None and tie.sign < 0 and tie.n == 8
    assert len(tie.evidence) == 8 and abs(tie.evidence[0].weight or 0) >= abs(tie.evidence[-1].weight or 0)


def test_balance_worked_by_hand() -> None:
    unbalanced = np.array([[0, 1, 1], [1, 0, -1], [1, -1, 0]], dtype=float)  # friend of friend is enemy
    balanced = np.array([[0, 1, -1], [1, 0, -1], [-1, -1, 0]], dtype=float)
    assert triangle_balance(unbalanced) == (1, 0)
    assert triangle_balance(balanced) == (1, 1)
    rng = np.random.default_rng(0)
    assert frustration(unbalanced, rng).cost == pytest.approx(1.0)
    assert frustration(balanced, rng).cost == pytest.approx(0.0)
    labels = signed_blocs(balanced, rng).labels
    assert labels[0] == labels[1] != labels[2]
    assert disagreement(unbalanced, np.array([0, 0, 0])) == pytest.approx(1.0)


def test_local_search_frustration_on_a_large_network_finds_the_planted_split() -> None:
    rng = np.random.default_rng(5)
    n = 30  # past the exact enumeration
    camp = rng.integers(0, 2, n)
    w = np.where(camp[:, None] == camp[None, :], 1.0, -1.0)
    np.fill_diagonal(w, 0)
    p = frustration(w, rng)
    assert not p.exact and p.cost == pytest.approx(0.0)
    assert len(set(zip(p.labels, camp, strict=True))) == 2  # the same split, up to names


ISSUES = parse_issues(
    {
        "actors": {"X1": ["XA"], "X2": ["XB"], "X3": ["XC"], "Y1": ["YA"], "Y2": ["YB"]},
        "issues": [{"id": f"i{k}", "keywords": [f"issue{k}"], "actors": ["GOV"]} for k in range(4)],
    },
    Path("x.yaml"),
)


def camps_store(*, flip_may: bool = False) -> Store:
    """Camp X supports issues 0-1 and opposes 2-3; camp Y the reverse. With ``flip_may``,
    X1 takes Y's side in May."""
    s = open_store(":memory:")
    rows = []
    for actor, camp in {"XA": 1, "XB": 1, "XC": 1, "YA": -1, "YB": -1}.items():
        for k in range(4):
            for j, month in enumerate(("2008-03-10", "2008-05-10")):
                lean = camp * (1 if k < 2 else -1)
                if flip_may and actor == "XA" and month.startswith("2008-05"):
                    lean = -lean
                for r in range(3):
                    code, g = ("051", 3.4) if lean > 0 else ("111", -2.0)
                    rows.append(
                        event_row(f"{actor}-{k}-{j}-{r}", source_code=actor, target_code="GOV",
                                  event_code=code, event_goldstein=g, date=month,
                                  certainty=0.9 if r else 0.5, evidence_text=f"about issue{k} ({r})")
                    )  # fmt: skip
    insert_events(s.con, rows)
    return s


def test_pairwise_agreement_recovers_camps() -> None:
    s = camps_store()
    spec = ActorSpec(ISSUES.actor_groups())
    result = align(s, issue_set=ISSUES, actors=spec)
    same, across = result.pair("X1", "X2"), result.pair("X1", "Y1")
    assert same is not None and across is not None
    assert same.n_issues == across.n_issues == 4
    assert same.agreement.value == 1.0 and across.agreement.value == 0.0
    assert same.cosine.value == pytest.approx(1.0) and across.cosine.value == pytest.approx(-1.0)
    # Scott's π: -1 for two actors always on opposite sides; undefined when chance explains all
    assert across.pi.value == pytest.approx(-1.0)
    assert same.pi.value == pytest.approx(1.0)
    for est in (same.agreement, same.cosine, across.pi):
        assert est.low is not None and est.high is not None and est.low <= est.value <= est.high  # type: ignore[operator]
    # the most aligned pairs come first, the opposed last
    ranked = [(p.a, p.b) for p in result.ranked()]
    assert ranked.index(("X1", "X2")) < ranked.index(("X1", "Y1"))
    assert {(p.a[0], p.b[0]) for p in result.ranked()[:4]} <= {("X", "X"), ("Y", "Y")}
    # every shared issue lists the events on both sides
    first = same.shared[0]
    assert first.event_ids_a and first.event_ids_b and first.a > 0 and first.b > 0


def test_pairs_move_over_time() -> None:
    s = camps_store(flip_may=True)
    result = align(
        s, issue_set=ISSUES, actors=ActorSpec(ISSUES.actor_groups()), window_days=parse_duration("30d"),
        since=dt.date(2008, 3, 1),
    )  # fmt: skip
    points = {(p.window.start.isoformat(), p.a, p.b): p for p in result.timeline}
    march, may = points[("2008-03-01", "X1", "X2")], points[("2008-04-30", "X1", "X2")]
    assert march.agreement.value == 1.0 and may.agreement.value == 0.0
    assert points[("2008-04-30", "X1", "Y1")].agreement.value == 1.0
    # over the whole period X1's evidence is mixed
    whole = result.stances.get("i0", "X1") if result.stances else None
    assert whole is not None and whole.support > 0 and whole.oppose > 0 and abs(whole.value) < 1


def test_window_durations() -> None:
    assert parse_duration("30d") == 30 and parse_duration("2w") == 14 and parse_duration("7") == 7
    for bad in ("0d", "month", "-3d", ""):
        with pytest.raises(WhowhomError, match=r"^\[E706\]"):
            parse_duration(bad)


def test_exports_open_in_graph_tools_and_spreadsheets() -> None:
    s = planted_network(1)
    issues = parse_issues({"issues": [{"id": "all", "since": "2008-01-01"}]}, Path("x.yaml"))
    result = align(s, issue_set=issues, actors=ActorSpec(), window_days=30)
    for write, read in ((export.write_gexf, nx.read_gexf), (export.write_graphml, nx.read_graphml)):
        buf = io.StringIO()
        write(result, buf)
        g = read(io.BytesIO(buf.getvalue().encode("utf-8")))
        assert g.number_of_nodes() == 11 and g.number_of_edges() == 55
        attrs = g.edges["A0", "B0"]
        assert attrs["sign"] == -1 and attrs["weight"] > 0 and attrs["signed_weight"] < 0
        assert int(g.nodes["A0"]["bloc"]) == int(g.nodes["A1"]["bloc"]) != int(g.nodes["B0"]["bloc"])
    buf = io.StringIO()
    n = export.write_csv(result, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == n and set(export.CSV_COLUMNS) == set(rows[0])
    assert any(r["window_start"] for r in rows) and any(not r["window_start"] for r in rows)
    ab = next(r for r in rows if (r["a"], r["b"]) == ("A0", "B0") and not r["window_start"])
    assert float(ab["tie"]) < 0 and ab["same_bloc"] == "0"
