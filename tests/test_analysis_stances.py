"""Stances (whowhom.analysis.stances): signs, a value computed by hand, silence as missing,
seeded bootstrap intervals, and actor grouping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from whowhom.analysis.groups import ActorGroup, ActorSpec, parse_actors
from whowhom.analysis.issues import IssueSet, parse_issues
from whowhom.analysis.stances import IssueEvents, StanceSettings, compute_stances
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.errors import WhowhomError
from whowhom.store import Store, open_store

OP = parse_issues(
    {
        "issues": [
            {"id": "op", "actors": ["GOV"], "against": ["REB"], "since": "2008-01-01"},
            {"id": "other", "keywords": ["elsewhere"]},
        ]
    },
    Path("x.yaml"),
)


def ev(i: str, src: str, code: str, g: float, tgt: str | None = None, **kw: object) -> dict[str, object]:
    return event_row(i, source_code=src, target_code=tgt, event_code=code, event_goldstein=g,
                     date=kw.pop("date", "2008-03-01"), **kw)  # fmt: skip


@pytest.fixture()
def store() -> Store:
    s = open_store(":memory:")
    insert_events(
        s.con,
        [
            ev("g1", "GOVMIL", "190", -10.0, "REBSHI"),  # the issue's own actor acts: support
            ev("i1", "IRN", "051", 3.4, "GOVMIL", certainty=0.9, reliability=0.5),  # praise: support
            ev(
                "i2", "IRN", "111", -2.0, "XXX", polarity="negated"
            ),  # "did not condemn": support, half weight
            ev("i3", "IRN", "112", -2.0, "GOV", certainty=0.5),  # accuses the own actor: oppose
            ev("r1", "REBSHI", "190", -10.0, "GOVMIL"),  # attacks the own actor: oppose
            ev("u1", "USAMIL", "195", -10.0, "REBSHI"),  # attacks the issue's target: support
            ev("u2", "USAMIL", "010", 0.0, "REBSHI"),  # Goldstein 0: says nothing
            ev(
                "s1", "SYR", "111", -2.0, "GOV", evidence_text="elsewhere", date="2007-06-01"
            ),  # other issue only
            ev("unknown", "---UAF", "190", -10.0, "GOV"),  # nobody in particular
        ],
    )
    return s


def test_signs_and_a_value_computed_by_hand(store: Store) -> None:
    t = compute_stances(store, OP, ActorSpec(prefix_len=3))
    assert t.get("op", "GOV").value == 1.0
    assert t.get("op", "REB").value == -1.0
    assert t.get("op", "USA").value == 1.0 and t.get("op", "USA").n == 1  # the 010 event weighs 0
    # Iran: praise 0.34×0.9×0.5 = 0.153 (+), negated condemn 0.2×0.5 = 0.1 (+), accusation 0.2×0.5 = 0.1 (−)
    iran = t.get("op", "IRN")
    assert iran.value == pytest.approx((0.153 + 0.1 - 0.1) / 0.353)
    assert (iran.n, iran.support, iran.oppose) == (3, pytest.approx(0.253), pytest.approx(0.1))
    # every event behind it is listed, strongest first, with its sentence and direction
    assert [r.event_id for r in iran.evidence] == ["i1", "i2", "i3"]
    assert [r.direction for r in iran.evidence] == [1, 1, -1]
    assert iran.evidence[0].evidence_text


def test_silence_is_missing_not_zero(store: Store) -> None:
    t = compute_stances(store, OP, ActorSpec(prefix_len=3))
    assert t.get("op", "SYR") is None  # speaks only to another issue
    assert t.get("other", "SYR") is not None
    assert all(s.n > 0 for s in t.rows())
    assert "---" not in t.actors  # codes with no country name nobody


def test_grouping_by_prefix_and_by_name(store: Store) -> None:
    full = compute_stances(store, OP, ActorSpec())
    assert {"GOVMIL", "REBSHI", "USAMIL", "IRN"} <= set(full.actors)
    named = compute_stances(
        store, OP, ActorSpec((ActorGroup("Government", ("GOV",)), ActorGroup("Iran", ("IRN",))))
    )
    assert named.actors == ["Government", "Iran"]  # only the named, in the order named
    assert named.get("op", "Iran").n == 3


def test_bootstrap_interval_is_seeded_and_brackets_the_value(store: Store) -> None:
    a = compute_stances(store, OP, ActorSpec(prefix_len=3), settings=StanceSettings(seed=7))
    b = compute_stances(store, OP, ActorSpec(prefix_len=3), settings=StanceSettings(seed=7))
    c = compute_stances(store, OP, ActorSpec(prefix_len=3), settings=StanceSettings(seed=8))
    ia, ib = a.get("op", "IRN"), b.get("op", "IRN")
    assert (ia.ci_low, ia.ci_high) == (ib.ci_low, ib.ci_high)
    assert ia.ci_low <= ia.value <= ia.ci_high and ia.ci_low < ia.ci_high
    assert ia.ci_low == pytest.approx(-1.0) and ia.ci_high == pytest.approx(1.0)  # 3 events: wide
    assert np.array_equal(a.replicates[("op", "IRN")], b.replicates[("op", "IRN")])
    assert not np.array_equal(a.replicates[("op", "IRN")], c.replicates[("op", "IRN")])
    one = a.get("op", "USA")
    assert one.ci_low == one.ci_high == one.value  # one event: no spread to resample


def test_planted_stances_come_out_with_the_right_sign() -> None:
    """Held-out style: 6 supporters and 6 opponents act on an operation with 20% noise."""
    rng = np.random.default_rng(3)
    s = open_store(":memory:")
    rows, truth = [], {}
    for k in range(12):
        actor = f"A{k:02d}"
        truth[actor] = 1 if k < 6 else -1
        for j in range(30):
            lean = truth[actor] if rng.random() > 0.2 else -truth[actor]
            code, g = ("051", 3.4) if lean > 0 else ("112", -2.0)
            rows.append(ev(f"{actor}-{j}", actor, code, g, "GOV", certainty=float(rng.choice([0.5, 0.9]))))
    insert_events(s.con, rows)
    t = compute_stances(s, OP, ActorSpec())
    for actor, sign in truth.items():
        st = t.get("op", actor)
        assert st is not None and st.sign == sign, actor
        assert st.ci_low < st.value < st.ci_high


def test_all_events_behind_a_stance_and_windows(store: Store) -> None:
    insert_events(store.con, [ev("i4", "IRN", "051", 3.4, "GOV", date="2008-04-15")])
    spec, since = ActorSpec(prefix_len=3), dt.date(2008, 3, 1)
    with IssueEvents(store, OP, spec, since=since, settings=StanceSettings(max_refs=1)) as ie:
        table = ie.table_of()
        assert len(table.get("op", "IRN").evidence) == 1  # capped for tables …
        assert ie.event_ids("op", "IRN") == ["i1", "i2", "i3", "i4"]  # … but all can be listed
        assert ie.event_ids("op", "IRN", direction=-1) == ["i3"]
        windows = ie.windowed(30)
    assert [str(w.window.start) for w in windows if w.window] == ["2008-03-01", "2008-03-31"]
    assert windows[1].get("op", "IRN").n == 1 and windows[1].get("op", "GOV") is None


def test_actors_option() -> None:
    groups = parse_actors("Iran, Iraqi state=IRQGOV+IRQMIL,usa", {"Iran": ("IRN",)})
    assert groups == (
        ActorGroup("Iran", ("IRN",)),
        ActorGroup("Iraqi state", ("IRQGOV", "IRQMIL")),
        ActorGroup("USA", ("USA",)),
    )
    spec = ActorSpec(groups)
    assert spec.label_of("IRNGOV") == "Iran" and spec.label_of("IRQMIL") == "Iraqi state"
    assert spec.label_of("SYR") is None
    # the longest prefix wins when names overlap
    assert (
        ActorSpec((ActorGroup("Iraq", ("IRQ",)), ActorGroup("Army", ("IRQMIL",)))).label_of("IRQMIL")
        == "Army"
    )
    for bad in ("Iran=", "a b c", "IRN,IRN"):
        with pytest.raises(WhowhomError, match=r"^\[E707\]"):
            parse_actors(bad, {})


def test_issue_set_only_keeps_order() -> None:
    assert OP.only(["other"]).ids == ["other"]
    assert isinstance(OP.only(["op", "other"]), IssueSet)


def test_actor_ids_tell_apart_actors_sharing_a_code() -> None:
    s = open_store(":memory:")
    insert_events(
        s.con,
        [
            ev("isci", "IRQPTYSHI", "051", 3.4, "GOV", source_actor_id="islamic supreme council of iraq"),
            ev("fadhila", "IRQPTYSHI", "112", -2.0, "GOV", source_actor_id="fadhila party"),
            ev("other", "IRQPTYSHI", "112", -2.0, "GOV"),
        ],
    )
    groups = parse_actors("ISCI=id:Islamic Supreme Council of Iraq,Fadhila=ID:fadhila party,IRQPTY", {})
    t = compute_stances(s, OP, ActorSpec(groups))
    assert t.get("op", "ISCI").value == 1.0 and t.get("op", "ISCI").n == 1
    assert t.get("op", "Fadhila").value == -1.0 and t.get("op", "Fadhila").n == 1
    assert t.get("op", "IRQPTY").event_ids == ["other"]  # the code prefix takes the rest
    assert ActorSpec(groups).label_of("IRQPTYSHI", "fadhila party") == "Fadhila"
