"""Issues files (whowhom.analysis.issues): the format, its coded errors, and which events
fall under an issue (every rule kind given, any value within a kind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from whowhom.analysis.issues import IssueSet, count_issue_events, issue_events, load_issues, parse_issues
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.errors import WhowhomError
from whowhom.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def store() -> Store:
    s = open_store(":memory:")
    insert_events(
        s.con,
        [
            # id, who, code, whom, where, when
            event_row("basra-1", source_code="IRQMIL", target_code="IRQREBSHI", event_code="190",
                      event_goldstein=-10.0, location_name="Basrah", date="2008-03-26"),
            event_row("basra-late", source_code="IRQMIL", target_code="IRQREBSHI", event_code="190",
                      event_goldstein=-10.0, location_name="Basrah", date="2008-06-01"),
            event_row("sadr-1", source_code="USAMIL", target_code="IRQREBSHI", event_code="195",
                      event_goldstein=-10.0, location_name="Sadr City", date="2008-03-29"),
            # no coded place: the sentence's words decide
            event_row("nowhere", source_code="IRN", target_code="IRQGOV", event_code="051",
                      event_goldstein=3.4, date="2008-03-31",
                      evidence_text="Iran praised the operation in Basra."),
            # a coded place wins over a word in the sentence
            event_row("coded-elsewhere", source_code="IRN", target_code="USA", event_code="111",
                      event_goldstein=-2.0, location_name="Sadr City", date="2008-04-01",
                      evidence_text="Iran backed Basra but denounced the fighting in Sadr City."),
            event_row("fadhila", source_code="IRQGOV", target_code="IRQPTYSHI", event_code="112",
                      event_goldstein=-2.0, location_name="Basrah", date="2008-04-14",
                      evidence_text="Officials accused Fadhila of corruption."),
        ],
    )  # fmt: skip
    return s


def issues(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issues.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def ids(store: Store, issue_set: IssueSet, issue_id: str) -> set[str]:
    return {r["event_id"] for r in issue_events(store, issue_set.get(issue_id))}


def test_demo_issues_file_loads_with_named_actors() -> None:
    s = load_issues(ROOT / "examples/basra-2008/issues.yaml")
    assert {"basra-offensive", "sadr-city-operation"} <= set(s.ids)
    basra = s.get("basra-offensive")
    # names expand to their code prefixes
    assert basra.actors == ("IRQGOV", "IRQMIL", "IRQCOP")
    assert "IRQREBSHI" in basra.against
    assert str(basra.rules.since) == "2008-03-25" and str(basra.rules.until) == "2008-05-15"


def test_each_rule_kind_filters(store: Store) -> None:
    s = parse_issues(
        {
            "issues": [
                {"id": "place", "locations": ["Basra"]},
                {"id": "window", "locations": ["Basra"], "since": "2008-03-01", "until": "2008-05-15"},
                {"id": "target", "targets": ["IRQPTY"]},
                {"id": "codes", "codes": ["19"]},
                {"id": "words", "keywords": ["FADHILA"]},
                {"id": "two-places", "locations": ["Sadr City", "Basra"], "codes": ["11", "05"]},
            ]
        },
        Path("x.yaml"),
    )
    assert ids(store, s, "place") == {"basra-1", "basra-late", "nowhere", "fadhila"}
    assert ids(store, s, "window") == {"basra-1", "nowhere", "fadhila"}
    assert ids(store, s, "target") == {"fadhila"}
    assert ids(store, s, "codes") == {"basra-1", "basra-late", "sadr-1"}
    assert ids(store, s, "words") == {"fadhila"}
    # any value within a kind (either place, either code) and every kind (place and code)
    assert ids(store, s, "two-places") == {"nowhere", "coded-elsewhere", "fadhila"}
    counts = {c.issue: c for c in count_issue_events(store, s)}
    assert counts["window"].events == 3 and counts["window"].first == "2008-03-26"
    assert counts["target"].events == 1 and counts["target"].sources == 1


def test_direction_of_events_under_an_issue(store: Store) -> None:
    s = parse_issues(
        {
            "issues": [
                {
                    "id": "op",
                    "actors": ["IRQMIL", "IRQGOV", "USA"],
                    "against": ["IRQREBSHI"],
                    "since": "2008-01-01",
                }
            ]
        },
        Path("x.yaml"),
    )
    rows = {r["event_id"]: r for r in issue_events(store, s.get("op"))}
    assert rows["basra-1"]["direction"] == 1  # the issue's own actor carries it out
    assert rows["nowhere"]["direction"] == 1  # praise aimed at its own actor
    assert rows["coded-elsewhere"]["direction"] == -1  # condemning its own actor (USA)
    assert rows["basra-1"]["weight"] == pytest.approx(1.0)  # |−10|/10 × 1 × 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("issues: [\n  - id: x\n    locations: [Basra\n", "[E702]"),
        ("issues:\n  - id: x\n    locations: [Basra]\n    colour: red\n", "[E703]"),
        ("issues:\n  - id: x\n    label: nothing to match\n", "[E704]"),
        ("issues:\n  - id: x\n    since: 25 March\n", "[E708]"),
        ("issues:\n  - {id: x, codes: ['19']}\n  - {id: x, codes: ['11']}\n", "[E714]"),
        ("issues: []\n", "[E703]"),
        ("actors: {Iran: []}\nissues:\n  - {id: x, codes: ['19']}\n", "[E703]"),
        ("issues:\n  - {id: 'bad id', codes: ['19']}\n", "[E703]"),
        ("issues:\n  - {id: x, since: 2008-05-01, until: 2008-04-01}\n", "[E703]"),
    ],
)
def test_bad_issue_files_give_coded_errors(tmp_path: Path, text: str, code: str) -> None:
    with pytest.raises(WhowhomError) as e:
        load_issues(issues(tmp_path, text))
    message = str(e.value)
    assert message.startswith(code)
    assert "issues.yaml" in message and "\n" not in message


def test_missing_file_and_unknown_issue(tmp_path: Path) -> None:
    with pytest.raises(WhowhomError, match=r"^\[E701\]"):
        load_issues(tmp_path / "nope.yaml")
    s = load_issues(issues(tmp_path, "issues:\n  - {id: a, codes: ['19']}\n"))
    with pytest.raises(WhowhomError, match=r"^\[E705\] no issue 'b'.*known issues: a"):
        s.get("b")
