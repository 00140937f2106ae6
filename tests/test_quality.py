"""Real news in, nothing silently lost (issue 10): HTML main text, boilerplate lines, copies of
one report, undated events, keywords as words, and the data-quality view. Fixtures are short
texts written for these tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from whowhom.analysis.alignment import align
from whowhom.analysis.evidence import match_item
from whowhom.analysis.groups import ActorGroup, ActorSpec
from whowhom.analysis.hypfile import EvidenceItem, HypothesisFile, Pattern
from whowhom.analysis.issues import count_issue_events, parse_issues
from whowhom.analysis.network import actor_names, compute_network, top_actors
from whowhom.analysis.quality import data_quality, reprints
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.cli import app
from whowhom.ingest.html import read_html
from whowhom.model import Document
from whowhom.pipeline import code_store
from whowhom.store import BOILERPLATE_MIN_DOCUMENTS, Store, open_store

WIRE = "Iranian forces attacked Iraqi troops near the border."
SIDEBAR = "India and the United States signed a trade agreement."
STORIES = [
    "Pakistani officials met Afghan diplomats in Kabul.",
    "The French president criticised the German chancellor.",
    "Egypt accused Israel of violating the truce.",
    "Turkish officials met Greek diplomats in Athens.",
    "The Japanese government praised South Korea.",
    "Kenyan police arrested Somali militants.",
]
QUIET = "A quiet day in the capital, with rain and wind."


def _documents() -> list[Document]:
    docs = []
    # wire copy: one sentence reprinted by 8 outlets, each with a line of its own
    for k in range(8):
        docs.append(
            Document(text=f"{WIRE}\nThe report was published by outlet number {k}.",
                     date=f"2024-03-0{k + 1}", source=f"Outlet {k}")
        )  # fmt: skip
    # one site's pages: a different story each, the same sidebar headline on every page
    for story in STORIES:
        docs.append(Document(text=f"{story}\n{SIDEBAR}", date="2024-04-01", source="Daily Planet"))
    docs.append(Document(text=QUIET, date="2024-05-01", source="Weather Desk"))
    return docs


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The corpus above, coded once for the module (one spaCy load)."""
    store = open_store(tmp_path_factory.mktemp("quality") / "q.duckdb")
    store.add_documents(_documents())
    code_store(store)
    return store


# -- 4. HTML main text ----------------------------------------------------------------------

CAPTION_PAGE = """<html><head><title>Talks in Geneva</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Talks in Geneva", "articleBody": "%s"}</script></head>
<body><article><figure><figcaption>A photo of the lake at dusk.</figcaption></figure></article></body></html>
"""
BODY = " ".join(
    f"Negotiators from the two delegations met for the {n} time in Geneva and agreed to meet again."
    for n in ("first", "second", "third", "fourth", "fifth", "sixth")
)


def _caption_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura as it behaved on a real page whose body is only in its JSON-LD: it keeps
    the photo caption (here the behaviour is pinned, so the test does not depend on which
    pages trafilatura's heuristics happen to get right)."""
    import trafilatura

    def caption(markup: str, **_: Any) -> trafilatura.settings.Document:
        found = trafilatura.settings.Document()
        found.text, found.title, found.date = "A photo of the lake at dusk.", "Talks in Geneva", "2024-03-05"
        return found

    monkeypatch.setattr(trafilatura, "bare_extraction", caption)


def test_the_jsonld_article_body_replaces_a_caption(monkeypatch: pytest.MonkeyPatch) -> None:
    _caption_only(monkeypatch)
    [doc] = list(read_html(CAPTION_PAGE % BODY, "talks.html"))
    assert isinstance(doc, Document)
    assert doc.text == BODY
    assert doc.extractor == "json-ld"
    assert doc.title == "Talks in Geneva" and doc.date == "2024-03-05"  # metadata still trafilatura's


def test_a_caption_as_long_as_the_body_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    _caption_only(monkeypatch)
    [doc] = list(read_html(CAPTION_PAGE % "A short summary.", "talks.html"))
    assert isinstance(doc, Document) and doc.extractor == "trafilatura"
    assert doc.text == "A photo of the lake at dusk."


def test_boilerplate_lines_are_dropped_whole_lines_only() -> None:
    paras = [
        "Home | News | World | Politics",
        "The foreign ministers of both countries met in Vienna on Tuesday to discuss the border dispute.",
        "Tweet this",
        "Share on Facebook",
        "They said they would share the results of the talks with their parliaments next week.",
        "Sign up for our newsletter",
        "Copyright 2024 The Daily Planet. All rights reserved.",
    ]
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>"
    [doc] = list(read_html(page, "page.html"))
    assert isinstance(doc, Document)
    assert "met in Vienna" in doc.text and "would share the results" in doc.text
    for gone in ("Tweet this", "Share on Facebook", "newsletter", "Copyright", "Home | News"):
        assert gone not in doc.text
    assert doc.extractor and doc.extractor.startswith("trafilatura")


def test_the_extractor_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _caption_only(monkeypatch)
    [doc] = list(read_html(CAPTION_PAGE % BODY, "talks.html"))
    assert isinstance(doc, Document)
    with open_store(tmp_path / "x.duckdb") as store:
        store.add_documents([doc])
        assert data_quality(store).extractors == [("json-ld", 1)]


# -- 5a. boilerplate across a source's documents ----------------------------------------------


def test_a_line_on_every_page_of_a_site_is_boilerplate_and_not_coded(coded: Store) -> None:
    assert len(STORIES) >= BOILERPLATE_MIN_DOCUMENTS
    found = coded.boilerplate_lines()
    assert [(s, line) for s, line, _ in found] == [("Daily Planet", SIDEBAR)]
    # no IND-USA event from the sidebar; the stories themselves are coded
    assert not coded.fetchall("SELECT 1 FROM events WHERE source_code = 'IND'")
    rows = coded.fetchall("SELECT count(DISTINCT doc_id) FROM discarded WHERE rule = 'boilerplate'")
    assert rows == [(len(STORIES),)]
    assert coded.fetchall("SELECT count(*) FROM events WHERE source_code = 'PAKGOV'") == [(1,)]


def test_wire_copy_in_many_outlets_is_not_boilerplate(coded: Store) -> None:
    assert coded.fetchall("SELECT count(*) FROM events WHERE source_code = 'IRNMIL'") == [(8,)]


# -- 5b. copies of one report ---------------------------------------------------------------


def test_one_sentence_in_8_documents_is_one_event_with_8_reports(coded: Store, tmp_path: Path) -> None:
    [wire] = [r for r in reprints(coded) if r.source == "IRNMIL"]
    assert (wire.events, wire.documents, wire.outlets) == (8, 8, 8)
    assert len(set(wire.event_ids)) == 8  # every report's provenance is kept
    spec = ActorSpec((ActorGroup("Iran", ("IRN",)), ActorGroup("Iraq", ("IRQ",))))
    tie = compute_network(coded, spec).edge("Iran", "Iraq")
    assert tie is not None and tie.n == 1
    # the same tie from a store with the sentence printed once
    with open_store(tmp_path / "one.duckdb") as one:
        one.add_documents(_documents()[:1])
        code_store(one)
        single = compute_network(one, spec).edge("Iran", "Iraq")
    assert single is not None and tie.weight == pytest.approx(single.weight)


def test_assess_counts_one_report_not_its_copies(coded: Store) -> None:
    item = EvidenceItem(id="attack", label="attack", likelihoods={"H": 0.5}, ratings={}, rated=False,
                        pattern=Pattern(source=("IRN",), codes=("19",)))  # fmt: skip
    hyp = HypothesisFile(path=Path("h.yaml"), hypotheses=(), evidence=(item,))
    m = match_item(coded, item, hyp)
    assert m.n_events == 8 and m.n_reports == 1
    reliability = coded.fetchone(
        "SELECT max(certainty * reliability) FROM events WHERE source_code = 'IRNMIL'"
    )
    assert reliability is not None
    assert m.rc == pytest.approx(reliability[0])  # not 1 − (1 − c·r)^8


def test_the_same_sentence_weeks_apart_is_two_reports() -> None:
    s = open_store(":memory:")
    insert_events(s.con, [
        event_row(f"e{k}", source_code="AAA", target_code="BBB", event_code="111", event_goldstein=-2.0,
                  date=day, evidence_text="Police arrested two men.", doc_id=f"d{k}")
        for k, day in enumerate(["2024-01-01", "2024-01-02", "2024-03-01"])
    ])  # fmt: skip
    edge = compute_network(s, ActorSpec()).edge("AAA", "BBB")
    assert edge is not None and edge.n == 2 and edge.weight == pytest.approx(-0.4)


# -- 6. undated events ----------------------------------------------------------------------

ISSUES = parse_issues({"issues": [{"id": "talks", "keywords": ["talks"]}]}, Path("x.yaml"))


def _undated_store(path: Path | str = ":memory:") -> Store:
    s = open_store(path)
    insert_events(s.con, [
        event_row("a", source_code="IRN", target_code="USA", event_code="111", event_goldstein=-2.0,
                  date=None, evidence_text="Iran rejected the talks."),
        event_row("b", source_code="USA", target_code="IRN", event_code="051", event_goldstein=3.4,
                  date="2020-01-01", evidence_text="Washington praised the talks."),
        event_row("c", source_code="USA", target_code="IRN", event_code="051", event_goldstein=3.4,
                  date=None, evidence_text="Washington welcomed the talks."),
    ])  # fmt: skip
    return s


def test_windows_skip_undated_events_with_a_note() -> None:
    result = align(_undated_store(), issue_set=ISSUES, actors=ActorSpec(), window_days=30)
    assert result.undated_stance_events == 2 and result.undated_tie_events == 2
    note = result.undated_note()
    assert note is not None and "\n" not in note and "undated" in note
    assert {p.window.start for p in result.timeline} == {dt.date(2020, 1, 1)}
    # the whole-period stances still count them
    assert result.stances is not None and result.stances.get("talks", "IRN") is not None


def test_an_all_undated_store_aligns_with_a_window() -> None:
    s = open_store(":memory:")
    row = event_row("u", source_code="IRN", target_code="USA", event_code="111", event_goldstein=-2.0,
                    evidence_text="Iran rejected the talks.")  # fmt: skip
    insert_events(s.con, [row])
    result = align(s, issue_set=ISSUES, actors=ActorSpec(), window_days=7)
    assert result.timeline == [] and result.undated_stance_events == 1


def test_issues_list_counts_undated_events() -> None:
    [count] = count_issue_events(_undated_store(), ISSUES)
    assert (count.events, count.undated, count.first, count.last) == (3, 2, "2020-01-01", "2020-01-01")


def test_align_window_on_an_undated_corpus_completes(tmp_path: Path) -> None:
    db = tmp_path / "u.duckdb"
    _undated_store(db).close()
    issues = tmp_path / "issues.yaml"
    issues.write_text("issues:\n  - id: talks\n    keywords: [talks]\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["align", "--issues", str(issues), "--window", "30d", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "undated events are in no 30-day window" in result.output
    listed = runner.invoke(app, ["issues", "list", str(issues), "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["undated"] == 2
    assert runner.invoke(app, ["summary", "--db", str(db)]).exit_code == 0
    report = tmp_path / "r.html"
    made = runner.invoke(app, ["report", str(report), "--db", str(db), "--issues", str(issues)])
    assert made.exit_code == 0, made.output


# -- 7. keywords are words --------------------------------------------------------------------


def test_a_keyword_matches_words_not_substrings() -> None:
    s = open_store(":memory:")
    insert_events(s.con, [
        event_row("hasira", source_code="ISR", event_code="111", evidence_text="Abu Hasira was named."),
        event_row("sir", source_code="IND", event_code="111", evidence_text="The SIR of the voter rolls."),
        event_row("phrase", source_code="IND", event_code="111", evidence_text="Voted\noff  the streets."),
        event_row("prefix", source_code="IND", event_code="111", evidence_text="New sanctions followed."),
    ])  # fmt: skip
    rules = parse_issues({"issues": [
        {"id": "sir", "keywords": ["SIR"]},
        {"id": "phrase", "keywords": ["off the streets"]},
        {"id": "prefix", "keywords": ["sanction*"]},
        {"id": "plain", "keywords": ["sanction"]},
    ]}, Path("x.yaml"))  # fmt: skip
    counts = {c.issue: c.events for c in count_issue_events(s, rules)}
    assert counts == {"sir": 1, "phrase": 1, "prefix": 1, "plain": 0}


# -- 8. the data-quality view -----------------------------------------------------------------


def test_data_quality_figures(coded: Store) -> None:
    q = data_quality(coded)
    assert q.documents == q.coded == 15
    assert q.empty_documents == 1 and q.empty_by_reason == [("no verb the dictionary codes", 1)]
    assert q.copies >= 7 and q.reprinted >= 1 and q.reprint_copies >= 7
    assert q.boilerplate_lines == 1
    assert ("boilerplate", len(STORIES), len(STORIES)) in q.discarded
    assert q.no_target <= q.events
    listed = coded.count_events(modality="asserted")
    assert q.unasserted == q.events - listed
    text = "\n".join(q.lines())
    assert f"events negated, hedged, speculative or future: {q.unasserted}" in text
    for words in ("documents with zero events: 1", "events without a target", "undated events",
                  "placed by the document", "boilerplate: 1 line", "copies counted once"):  # fmt: skip
        assert words in text


def test_summary_shows_the_roots_own_label(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    s = open_store(db)
    insert_events(s.con, [
        event_row("x", source_code="RUS", target_code="UKR", event_code="1951", event_goldstein=-10.0,
                  event_label="Occupy territory"),
        event_row("y", source_code="RUS", target_code="UKR", event_code="0421", event_goldstein=1.0,
                  event_label="Discuss by telephone"),
    ])  # fmt: skip
    s.close()
    out = CliRunner().invoke(app, ["summary", "--db", str(db)]).output
    assert "Fight" in out and "Consult" in out
    assert "Occupy territory" not in out and "Discuss by telephone" not in out
    assert "documents with zero events" in out and "events without a target" in out


def test_summary_lists_boilerplate_and_reprints(coded: Store) -> None:
    q = data_quality(coded).to_dict()  # what ``summary --format json`` prints
    assert q["boilerplate_examples"][0][1] == SIDEBAR
    assert q["reprints"][0]["events"] == 8
    json.dumps(q)  # plain data


# -- 8. the report: names and top actors --------------------------------------------------------


def _many_actors() -> Store:
    s = open_store(":memory:")
    rows: list[dict[str, Any]] = []
    for k in range(40):
        a, b = f"A{k:02d}", f"A{(k + 1) % 40:02d}"
        for j in range(k % 5 + 1):
            rows.append(event_row(f"{k}-{j}", source_code=a, target_code=b, event_code="051",
                                  event_goldstein=3.4, source_text=f"Land {k}", target_text="x",
                                  evidence_text=f"{a} praised {b} ({j})"))  # fmt: skip
    insert_events(s.con, rows)
    return s


def test_top_actors_caps_the_network_by_activity() -> None:
    s = _many_actors()
    net = compute_network(s, ActorSpec())
    kept, total = top_actors(net, 10)
    assert total == 40 and len(kept.nodes) == 10
    # A04, A09, …, A39 have ties of 4 and 5 events: the 8 busiest
    busiest = {f"A{k:02d}" for k in range(4, 40, 5)}
    assert busiest <= set(kept.nodes)
    assert all(e.a in kept.nodes and e.b in kept.nodes for e in kept.edges)


def test_actor_names_are_the_words_the_texts_use() -> None:
    s = _many_actors()
    names = actor_names(s, ActorSpec(), ["A03", "A07"])
    assert names == {"A03": "Land 3", "A07": "Land 7"}
    assert actor_names(s, ActorSpec((ActorGroup("G", ("A0",)),)), ["G"]) == {}


def test_the_report_shows_quality_names_and_top_actors(tmp_path: Path) -> None:
    from whowhom.report import ReportInputs, ReportOptions, build_context, render_html

    s = _many_actors()
    ctx = build_context(s, ReportInputs(":memory:", None, None), ReportOptions())
    assert len(ctx.network.nodes) == 25
    assert any("most active of 40" in n for n in ctx.meta.notes)
    assert ctx.quality is not None and any("documents with zero events" in x for x in ctx.quality.lines)
    page = render_html(ctx)
    assert 'id="quality"' in page
    assert "Land 4 [A04]" in page or "Land 4 <span" in page
