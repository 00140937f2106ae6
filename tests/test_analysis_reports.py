"""The quick paths of ``align`` give what the plain queries give (issue 12): copies found on a
narrow reading (``sql.copies_sql``) against ``sql.REPORTS``, the ties read from the stances'
pass against ``network.dyad_sql``, and references fetched in one batch against one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from whowhom.analysis.groups import ActorGroup, ActorSpec
from whowhom.analysis.issues import parse_issues
from whowhom.analysis.network import dyad_sql
from whowhom.analysis.refs import EvidenceRef, RefBatch, fetch_refs
from whowhom.analysis.reports import held_reports
from whowhom.analysis.sql import REPORTS, SENTENCE_KEY, TRIMMED, any_word, lit, word_prefilter
from whowhom.analysis.stances import IssueEvents
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.store import Store, open_store

ISSUES = parse_issues(
    {
        "actors": {"Gov": ["GOV"], "Reb": ["REB"], "Iran": ["IRN"], "Sadr": ["id:sadr"]},
        "issues": [
            {"id": "op", "actors": ["Gov"], "against": ["Reb"], "locations": ["Basra"]},
            {"id": "talks", "codes": ["04"], "keywords": ["talks"]},
        ],
    },
    Path("x.yaml"),
)
SPEC = ActorSpec(ISSUES.actor_groups())
BY_CODE = ActorSpec(tuple(g for g in ISSUES.actor_groups() if g.label != "Sadr"))


def ev(
    i: str, src: str, tgt: str, code: str, g: float, date: str | None, text: str | None, **kw: object
) -> dict[str, object]:
    return event_row(i, source_code=src, target_code=tgt, event_code=code, event_goldstein=g,
                     date=date, evidence_text=text, location_name=kw.pop("loc", "Basra"), **kw)  # fmt: skip


@pytest.fixture(scope="module")
def store() -> Store:
    s = open_store(":memory:")
    line = "Government forces attacked the militia in Basra."
    talks = "Iran held talks with the government."
    rows = [
        # one sentence printed four times: three copies within a week (the most reliable of the
        # first day stands), then again after a long gap (a new report)
        ev("a1", "GOVMIL", "REBSHI", "190", -10.0, "2008-03-25", line, reliability=0.5),
        ev("a2", "GOVMIL", "REBSHI", "190", -10.0, "2008-03-25", "  " + line.upper(), reliability=0.9),
        ev("a3", "GOVMIL", "REBSHI", "190", -10.0, "2008-03-30", line.replace(" ", "\n"), reliability=0.7),
        ev("a4", "GOVMIL", "REBSHI", "190", -10.0, "2008-06-01", line + "\u00a0"),
        # the same sentence coded otherwise is another report
        ev("b1", "REBSHI", "GOVMIL", "190", -10.0, "2008-03-25", line),
        ev("c1", "IRN", "GOV", "042", 1.9, "2008-03-28", talks),
        ev("c2", "IRN", "GOV", "042", 1.9, None, talks),  # undated copy: after the dated ones
        ev("c3", "IRNGOV", "GOV", "042", 1.9, "2008-04-02", talks, loc=""),
        ev("d1", "XXX", "GOV", "042", 1.9, "2008-03-28", talks),  # no actor of interest
        ev("d2", "XXX", "GOV", "042", 1.9, "2008-03-28", talks),
        ev(
            "s1", "IRQ", "GOV", "111", -2.0, "2008-03-29", "Sadr condemned the talks.", source_actor_id="sadr"
        ),
        ev("s2", "IRQ", "GOV", "111", -2.0, "2008-03-29", "Sadr condemned the talks."),
        ev("n1", "GOV", "IRN", "057", 8.0, "2008-04-10", None),  # no sentence: its own report
        ev("n2", "GOV", "IRN", "057", 8.0, "2008-04-10", None),
    ]
    insert_events(s.con, rows)
    return s


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return sorted(store.fetchall(sql), key=repr)


@pytest.mark.parametrize("within", ["TRUE", f"{BY_CODE.sql('source')} IS NOT NULL"])
def test_held_reports_are_the_reports(store: Store, within: str) -> None:
    # copies share their codes, so a condition on codes alone keeps all of them or none
    assert BY_CODE.by_code and not SPEC.by_code
    with held_reports(store, within) as reports:
        quick = _rows(store, f"SELECT event_id, copies FROM {reports} r")
    plain = _rows(store, f"SELECT event_id, copies FROM {REPORTS} r WHERE {within}")
    assert quick == plain
    ids = {r[0] for r in quick}
    assert {"a2", "a4", "b1"} <= ids and not {"a1", "a3"} & ids  # the copies fall together …
    assert ("a2", 3) in quick  # … and the one that stands counts them


def test_no_copies_at_all(store: Store) -> None:
    with held_reports(store, "event_id = 'b1'") as reports:
        assert store.fetchall(f"SELECT event_id, copies FROM {reports} r") == [("b1", 1)]


def test_the_quick_sentence_key_trims_as_trim_does(store: Store) -> None:
    # DuckDB's trim removes exactly these characters (a DuckDB that changed would fail here) …
    removed = store.fetchall(
        "SELECT list(i ORDER BY i) FROM range(1, 12300) t(i) WHERE (i < 55296 OR i > 57343) "
        "AND length(trim(chr(CAST(i AS INTEGER)) || 'a')) = 1"
    )[0][0]
    assert tuple(removed) == TRIMMED
    # … so testing the ends first gives trim's sentence, whatever the spaces
    old = (
        "coalesce(lower(CASE WHEN contains(evidence_text, '  ') OR contains(evidence_text, chr(10)) "
        "OR contains(evidence_text, chr(9)) OR contains(evidence_text, chr(13)) "
        "THEN trim(regexp_replace(evidence_text, '\\s+', ' ', 'g')) ELSE trim(evidence_text) END), event_id)"
    )
    texts = ["", " ", "a", " a", "a ", "A\tb", "a\fb ", "\u00a0a", "a\u3000", "a\u200bb", "\u2003 x\u2003"]
    values = " UNION ALL ".join(
        f"SELECT 'x{n}' AS event_id, {lit(t)} AS evidence_text" for n, t in enumerate(texts)
    )
    values += " UNION ALL SELECT 'none', NULL"
    got = store.fetchall(f"SELECT {old} = {SENTENCE_KEY}, {SENTENCE_KEY} FROM ({values})")
    assert all(same for same, _ in got), got


def test_ties_from_the_stances_pass_are_the_dyads(store: Store) -> None:
    since = dt.date(2008, 3, 26)
    with IssueEvents(store, ISSUES, SPEC, since=since, ties=True) as ie:
        quick = _rows(store, ie.dyads_sql())
    assert quick == _rows(store, dyad_sql(SPEC, since=since))
    # a3 is a copy of a2, which stands for it though before --since: copies are found first
    ids = {r[2] for r in quick}
    assert ids >= {"a4", "c1", "s1"} and not ids & {"a1", "a2", "a3"}


def test_numbered_actors_sort_as_their_names() -> None:
    spec = ActorSpec((ActorGroup("b", ("BBB",)), ActorGroup("a", ("AAA",))))
    assert spec.sql("source", ["a", "b"]).count("THEN 0") == 1
    s = open_store(":memory:")
    insert_events(s.con, [ev("x", "BBB", "AAA", "042", 1.9, "2008-01-01", "b met a")])
    with IssueEvents(s, ISSUES, spec, ties=True) as ie:
        assert s.fetchall(f"SELECT a, b FROM ({ie.dyads_sql()})") == [("a", "b")]


def test_a_batch_of_references_is_each_fetched_alone(store: Store) -> None:
    keyed = [
        ("SELECT source_code AS k, event_id, 1 AS direction, certainty AS weight FROM events", ["k"], 2),
        ("SELECT event_code AS k, event_id, -1 AS direction, reliability AS weight FROM events", ["k"], None),
    ]
    batch = RefBatch()
    got: list[dict[tuple[Any, ...], list[EvidenceRef]]] = []
    for sql, keys, limit in keyed:
        batch.add(sql, keys, limit=limit, done=got.append)
    batch.add(keyed[0][0], ["k"], limit=0)  # nothing asked: nothing fetched
    results = batch.run(store)
    assert results[:2] == got
    assert results[:2] == [fetch_refs(store, sql, keys, limit=limit) for sql, keys, limit in keyed]
    assert results[2] == {} and len(results[0][("GOVMIL",)]) == 2


def test_the_keyword_prefilter_never_drops_a_match(store: Store) -> None:
    needles = ["Kirkuk", "oil field", "peace-deal", "Abu*", "U.N."]
    quick = word_prefilter("t", needles)
    assert quick is not None
    texts = [
        "KIRKUK oil", "\u212airkuk", "the Oil\tFIELD", "peace deal", "PEACE-DEAL", "Abu Hasira",
        "abuse", "U.N. envoy", "u.n.", "kirk uk", "oilfield", "Hasíra", "",
    ]  # fmt: skip
    values = " UNION ALL ".join(f"SELECT {lit(t)} AS t" for t in texts)
    got = store.fetchall(f"SELECT t, {any_word('t', needles)}, {quick} FROM ({values})")
    assert all(pre for _, full, pre in got if full), got
    assert sum(1 for _, full, _ in got if full) >= 7  # the texts do match, so the test means something
    # RE2 finds "sanctions" in "ſanctions" (long s), ILIKE does not: no prefilter then
    assert word_prefilter("t", ["sanction*"]) is None and word_prefilter("t", ["50%"]) is None
    assert store.fetchall(f"SELECT {any_word(lit('ſanctions'), ['sanction*'])}") == [(True,)]
