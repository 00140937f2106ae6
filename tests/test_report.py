"""The HTML report (whowhom.report, whowhom report): built on a synthetic store whose
answers are known — four actors, two issues, two hypotheses — and read back from the page.
No spaCy, no browser (tests/test_report_browser.py opens it in Chromium)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.cli_report import register
from whowhom.errors import WhowhomError
from whowhom.report import ReportOptions, build_report, render_html
from whowhom.report.render import interval, num
from whowhom.report.sentences import Span, highlight, segments
from whowhom.store import open_store

ISSUES_YAML = """\
actors:
  Government: [IRQGOV]
  Rebels: [IRQREBSHI]
  Iran: [IRN]
  America: [USA]
  Syria: [SYR]  # named, never heard from: a row of missing cells
issues:
  - id: op-a
    label: Operation in Alpha
    actors: [Government]
    against: [Rebels]
    locations: [Alpha]
  - id: op-b
    label: Operation in Beta
    actors: [Government]
    against: [Rebels]
    locations: [Beta]
"""

HYPOTHESES_YAML = """\
issues: issues.yaml
hypotheses:
  - {id: H1, statement: "Iran backs the government", prior: 0.6}
  - {id: H2, statement: "Iran backs the rebels", prior: 0.4}
evidence:
  - id: iran-backs-a
    label: Iran supports the Alpha operation
    pattern: {actor: Iran, issue: op-a, stance: support}
    likelihoods: {H1: CC, H2: II}
  - id: iran-hosts-rebels
    label: Iran receives rebel envoys
    pattern: {actor: Iran, target: Rebels}
    likelihoods: {H1: I, H2: CC}
  - id: iran-arms-rebels
    label: Iran arms the rebels
    pattern: {actor: Iran, target: Rebels, codes: ["07"]}
    likelihoods: {H1: N, H2: CC}
"""

# (id, date, sentence, (source text, code), (trigger, CAMEO code, Goldstein), (target text, code) | None,
#  place, polarity)
EVENTS: list[tuple[Any, ...]] = [
    ("a1", "2008-03-25", "Government troops attacked the rebels in Alpha.", ("Government troops", "IRQGOV"),
     ("attacked", "190", -10.0), ("the rebels", "IRQREBSHI"), "Alpha", "asserted"),
    ("a2", "2008-03-26", "The rebels ambushed government troops in Alpha.", ("The rebels", "IRQREBSHI"),
     ("ambushed", "190", -10.0), ("government troops", "IRQGOV"), "Alpha", "asserted"),
    ("a3", "2008-03-27", "Iran praised the government for the Alpha operation.", ("Iran", "IRN"),
     ("praised", "051", 3.4), ("the government", "IRQGOV"), "Alpha", "asserted"),
    ("a4", "2008-03-28", "Iran did not condemn the government's Alpha campaign.", ("Iran", "IRN"),
     ("condemn", "111", -2.0), ("the government", "IRQGOV"), "Alpha", "negated"),
    ("b1", "2008-04-02", "Iran condemned the government over the raids in Beta.", ("Iran", "IRN"),
     ("condemned", "111", -2.0), ("the government", "IRQGOV"), "Beta", "asserted"),
    ("b2", "2008-04-03", "The rebels denounced the government over Beta.", ("The rebels", "IRQREBSHI"),
     ("denounced", "111", -2.0), ("the government", "IRQGOV"), "Beta", "asserted"),
    ("b3", "2008-04-04", "America signed an accord with the government on Beta.", ("America", "USA"),
     ("signed", "057", 8.0), ("the government", "IRQGOV"), "Beta", "asserted"),
    ("b4", "2008-04-05", "Government forces shelled rebel positions in Beta.",
     ("Government forces", "IRQGOV"), ("shelled", "190", -10.0), ("rebel positions", "IRQREBSHI"),
     "Beta", "asserted"),
    ("t1", "2008-04-10", "Iran hosted rebel envoys in Tehran.", ("Iran", "IRN"),
     ("hosted", "042", 1.9), ("rebel envoys", "IRQREBSHI"), "Tehran", "asserted"),
    ("x1", "2008-04-12", 'A <script>alert("x")</script> & "quote" said Iran.', ("Iran", "IRN"),
     ("said", "010", 0.0), None, "Tehran", "asserted"),
]  # fmt: skip
DOC_OFFSET = 100  # where each sentence starts in its document: offsets are document offsets
NAMES = {"Government", "Rebels", "Iran", "America"}


def _row(eid: str, date: str, text: str, source: tuple[str, str], trig: tuple[str, str, float],
         target: tuple[str, str] | None, place: str, polarity: str) -> dict[str, Any]:  # fmt: skip
    def at(word: str) -> tuple[int, int]:
        i = text.index(word)
        return DOC_OFFSET + i, DOC_OFFSET + i + len(word)

    s0, s1 = at(source[0])
    e0, e1 = at(trig[0])
    fields: dict[str, Any] = dict(
        doc_id=f"doc-{eid}", date=date, evidence_text=text, evidence_start=DOC_OFFSET,
        source_text=source[0], source_code=source[1], source_start=s0, source_end=s1,
        event_trigger=trig[0], event_code=trig[1], event_goldstein=trig[2], event_start=e0, event_end=e1,
        location_name=place, polarity=polarity, certainty=0.9, reliability=0.8,
    )  # fmt: skip
    if target:
        t0, t1 = at(target[0])
        fields.update(target_text=target[0], target_code=target[1], target_start=t0, target_end=t1)
    row = event_row(eid, **fields)
    row["evidence_end"] = DOC_OFFSET + len(text)
    return row


def make_store(path: Path) -> Path:
    """The synthetic store, with a document (and title) per event."""
    with open_store(path) as store:
        insert_events(store.con, [_row(*e) for e in EVENTS])
        for e in EVENTS:
            store.con.execute(
                "INSERT INTO documents (doc_id, text, date, title) VALUES (?, ?, ?, ?)",
                [f"doc-{e[0]}", " " * DOC_OFFSET + e[2], e[1], f"Report {e[0]}"],
            )
    return path


def write_inputs(folder: Path) -> tuple[Path, Path]:
    (folder / "issues.yaml").write_text(ISSUES_YAML, encoding="utf-8")
    (folder / "hypotheses.yaml").write_text(HYPOTHESES_YAML, encoding="utf-8")
    return folder / "issues.yaml", folder / "hypotheses.yaml"


def invoke(*args: str | Path) -> Any:
    app = typer.Typer()
    register(app)

    @app.command("version")  # a second command, so "report" is a sub-command as in whowhom
    def _version() -> None:
        pass

    return CliRunner().invoke(app, ["report", *(str(a) for a in args)])


@dataclass
class Rendered:
    folder: Path
    db: Path
    html: str
    data: dict[str, Any]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("report")
    db = make_store(folder / "events.duckdb")
    issues, hyps = write_inputs(folder)
    out, twin = folder / "report.html", folder / "report.json"
    result = invoke(
        out, "--db", db, "--issues", issues, "--hypotheses", hyps, "--json", twin, "--bootstrap", "200"
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return Rendered(folder, db, out.read_text(encoding="utf-8"), json.loads(twin.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("bare")
    db = make_store(folder / "events.duckdb")
    out, twin = folder / "report.html", folder / "report.json"
    result = invoke(out, "--db", db, "--json", twin, "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    return Rendered(folder, db, out.read_text(encoding="utf-8"), json.loads(twin.read_text(encoding="utf-8")))


def attrs(tag: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def tags(page: str, name: str, cls: str) -> Iterator[dict[str, str]]:
    for m in re.finditer(rf"<{name}\b[^>]*>", page):
        a = attrs(m.group(0))
        if cls in a.get("class", "").split():
            yield a


# -- the network picture ------------------------------------------------------------------


def test_svg_has_one_node_per_actor_and_signed_edges(full: Rendered) -> None:
    svg = re.search(r'<svg class="network".*?</svg>', full.html, re.S)
    assert svg is not None
    nodes = [a["data-actor"] for a in tags(svg.group(0), "circle", "node")]
    assert sorted(nodes) == sorted(NAMES)
    fills = {a["data-actor"]: a["fill"] for a in tags(svg.group(0), "circle", "node")}
    blocs, colours = full.data["network"]["blocs"], full.data["network"]["bloc_colours"]
    assert any(len(b) > 1 for b in blocs)
    for bloc, colour in zip(blocs, colours, strict=True):
        assert {fills[a] for a in bloc} == {colour}  # one colour per bloc
    shared = [c for b, c in zip(blocs, colours, strict=True) if len(b) > 1]
    assert len(set(shared)) == len(shared)  # and different blocs look different
    edges = {(a["data-a"], a["data-b"]): a for a in tags(svg.group(0), "line", "edge")}
    assert len(edges) == len(full.data["network"]["edges"]) >= 3
    assert "neg" in edges[("Government", "Rebels")]["class"]  # they fight
    assert "pos" in edges[("America", "Government")]["class"]  # an accord
    assert "pos" in edges[("Iran", "Rebels")]["class"]  # hosting envoys
    wide = {k: float(a["stroke-width"]) for k, a in edges.items()}
    assert wide[("Government", "Rebels")] == max(wide.values())  # the heaviest tie is the widest
    assert edges[("Government", "Rebels")]["stroke"] == "#b22222"
    assert edges[("America", "Government")]["stroke"] == "#1a7f37"


def test_network_picture_is_deterministic(full: Rendered) -> None:
    issues = full.folder / "issues.yaml"
    a = build_report(full.db, issues=issues, options=ReportOptions(settings=_settings()))
    b = build_report(full.db, issues=issues, options=ReportOptions(settings=_settings()))
    assert a.network == b.network
    assert [(n.name, n.x, n.y) for n in a.network.nodes] == [
        (n["name"], n["x"], n["y"]) for n in full.data["network"]["nodes"]
    ]


def _settings() -> Any:
    from whowhom.analysis.stances import StanceSettings

    return StanceSettings(bootstrap=200)


# -- the stance heatmap -------------------------------------------------------------------


def test_heatmap_has_a_cell_per_actor_and_issue_with_the_right_sign(full: Rendered) -> None:
    cells = {(a["data-actor"], a["data-issue"]): a for a in tags(full.html, "td", "cell")}
    actors = NAMES | {"Syria"}
    assert set(cells) == {(actor, issue) for actor in actors for issue in ("op-a", "op-b")}
    expected = {
        ("Government", "op-a"): "pos", ("Government", "op-b"): "pos",  # its own operations
        ("Rebels", "op-a"): "neg", ("Rebels", "op-b"): "neg",  # ambush, denounce
        ("Iran", "op-a"): "pos", ("Iran", "op-b"): "neg",  # praised A, condemned B
        ("America", "op-a"): "missing", ("America", "op-b"): "pos",  # silent on A: missing, not 0
        ("Syria", "op-a"): "missing", ("Syria", "op-b"): "missing",
    }  # fmt: skip
    assert {k: next(c for c in ("pos", "neg", "zero", "missing") if c in a["class"].split())
            for k, a in cells.items()} == expected  # fmt: skip
    assert "data-value" not in cells[("America", "op-a")]


def test_heatmap_cell_shows_n_and_interval(full: Rendered) -> None:
    m = re.search(
        r'<td class="cell [^"]*"[^>]*data-issue="op-a" data-actor="Iran"[^>]*>(.*?)</td>', full.html, re.S
    )
    assert m is not None
    twin = next(
        c
        for r in full.data["heatmap"]["rows"]
        for c in r["cells"]
        if (c["actor"], c["issue"]) == ("Iran", "op-a")
    )
    assert twin["n"] == 2  # praised + did not condemn
    assert f"n={twin['n']} {interval(twin['ci_low'], twin['ci_high'])}</small>" in m.group(1)
    assert f"<b>{num(twin['value'])}</b>" in m.group(1)


# -- the hypothesis matrix ----------------------------------------------------------------


def test_posteriors_shown_sum_to_one(full: Rendered) -> None:
    cells = list(tags(full.html, "td", "posterior"))
    assert sorted(a["data-h"] for a in cells) == ["H1", "H2"]
    assert sum(float(a["data-value"]) for a in cells) == pytest.approx(1.0, abs=1e-5)
    shown = re.findall(r'class="posterior num"[^>]*>(?:<span[^>]*></span>)?([0-9.]+)</td>', full.html)
    assert len(shown) == 2 and sum(float(x) for x in shown) == pytest.approx(1.0, abs=2e-3)


def test_matrix_lists_every_item_with_ratings_and_gaps(full: Rendered) -> None:
    rows = {a["data-item"]: a for a in tags(full.html, "tr", "item")}
    assert set(rows) == {"iran-backs-a", "iran-hosts-rebels", "iran-arms-rebels"}
    assert "uncounted" in rows["iran-arms-rebels"]["class"]  # nothing matched: a gap, not evidence
    assert "counted" in rows["iran-backs-a"]["class"].split()
    cell = next(a for a in tags(full.html, "td", "r-CC") if a["data-h"] == "H1")
    assert float(cell["data-likelihood"]) == 0.8
    assert 0.5 < float(cell["data-discounted"]) <= 0.8  # discounted towards the mean
    gaps = re.search(r'<table class="gaps">.*?</table>', full.html, re.S)
    assert gaps is not None and "iran-arms-rebels" in gaps.group(0)
    assert "[W705] iran-arms-rebels" in full.html
    sens = re.search(r'<table class="sensitivity">.*?</table>', full.html, re.S)
    assert sens is not None
    assert sorted(re.findall(r'<tr data-item="([^"]+)"', sens.group(0))) == [
        "iran-backs-a",
        "iran-hosts-rebels",
    ]


# -- evidence: every sentence, marked ------------------------------------------------------


def esc(text: str) -> str:
    """HTML-escaped as Jinja2 escapes (quotes as numeric references)."""
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def marked(text: str, trigger: str, source: str, target: str | None) -> str:
    """The sentence as the page should show it, built independently of the highlighter."""
    marks = sorted(
        [
            (text.index(w), w, k)
            for w, k in ((trigger, "trigger"), (source, "source"), (target, "target"))
            if w
        ]
    )
    out, pos = "", 0
    for i, w, kind in marks:
        out += esc(text[pos:i]) + f'<mark class="{kind}">{esc(w)}</mark>'
        pos = i + len(w)
    return out + esc(text[pos:])


@pytest.mark.parametrize("event", EVENTS, ids=[e[0] for e in EVENTS])
def test_every_event_sentence_appears_with_trigger_and_actors_marked(
    full: Rendered, event: tuple[Any, ...]
) -> None:
    _, _, text, source, trig, target, *_ = event
    expected = marked(text, trig[0], source[0], target[0] if target else None)
    assert f'<span class="sent">{expected}</span>' in full.html


def _block(page: str, anchor: str) -> str:
    """The evidence block ``anchor``: up to where the next block, heading or section starts."""
    end = r'</div>\s*(?=<div class="evblock"|<h3|</section)'
    m = re.search(rf'<div class="evblock" id="{re.escape(anchor)}">.*?{end}', page, re.S)
    assert m is not None, anchor
    return m.group(0)


def test_each_stance_cell_links_to_its_own_sentences(full: Rendered) -> None:
    cells = re.findall(
        r'data-issue="([^"]+)" data-actor="([^"]+)" data-value[^>]*><a href="#([^"]+)"', full.html
    )
    assert len(cells) == 7  # every cell but America on op-a
    by_cell = {(i, a): anchor for i, a, anchor in cells}
    iran_a = _block(full.html, by_cell[("op-a", "Iran")])
    assert '<mark class="trigger">praised</mark>' in iran_a
    assert '<mark class="trigger">condemn</mark>' in iran_a and ">NOT<" in iran_a  # the negated event
    assert "raids in Beta" not in iran_a  # another issue's sentence stays out
    iran_b = _block(full.html, by_cell[("op-b", "Iran")])
    assert '<mark class="trigger">condemned</mark>' in iran_b and "praised" not in iran_b


def test_each_pair_and_item_links_to_its_sentences(full: Rendered) -> None:
    row = re.search(
        r'<tr class="pair" data-a="Iran" data-b="Rebels">.*?href="#(pair-[^"]+)"', full.html, re.S
    )
    assert row is not None
    block = _block(full.html, row.group(1))
    assert '<mark class="trigger">hosted</mark>' in block  # their direct tie
    assert "op-a" in block and "opposite sides" in block  # Iran +, Rebels − on op-a
    item = _block(
        full.html, next(v for v in re.findall(r'id="(item-iran-hosts-rebels-[0-9a-f]+)"', full.html))
    )
    assert '<mark class="trigger">hosted</mark>' in item


def test_every_link_in_the_page_has_a_target(full: Rendered) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', full.html))
    links = set(re.findall(r'href="#([^"]+)"', full.html))
    assert links and links <= ids
    assert len(re.findall(r'\bid="([^"]+)"', full.html)) == len(ids)  # no id used twice


def test_every_tie_in_the_picture_leads_to_sentences_even_when_its_pair_is_cut(
    full: Rendered, tmp_path: Path
) -> None:
    out = tmp_path / "top1.html"
    issues = full.folder / "issues.yaml"
    r = invoke(out, "--db", full.db, "--issues", issues, "--top", "1", "--bootstrap", "0")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    listed = {(a["data-a"], a["data-b"]) for a in tags(page, "tr", "pair")}
    assert len(listed) == 2  # the most aligned and the most opposed
    edge = r'<a href="#([^"]+)"><line class="edge[^"]*" data-a="([^"]+)" data-b="([^"]+)"'
    links = {(a, b): target for target, a, b in re.findall(edge, page)}
    assert len(links) == len(full.data["network"]["edges"]) > len(listed)
    for (a, b), target in links.items():
        assert target.startswith("pair-" if (a, b) in listed else "tie-"), (a, b, target)
        assert '<mark class="trigger">' in _block(page, target)


# -- self-contained, escaped ---------------------------------------------------------------


def test_page_is_self_contained(full: Rendered, bare: Rendered) -> None:
    for page in (full.html, bare.html):
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
        assert "<script src" not in page and "<link" not in page and "@import" not in page
        assert "http://" not in page and "https://" not in page  # nothing in this data names a URL
        assert "url(" not in page  # no fonts or images from anywhere


def test_text_is_html_escaped(full: Rendered) -> None:
    assert "<script>" not in full.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quote&#34;" in full.html


# -- the JSON twin ------------------------------------------------------------------------


def test_json_twin_has_the_same_numbers(full: Rendered) -> None:
    d = full.data
    shown = {(a["data-actor"], a["data-issue"]): float(a["data-value"])
             for a in tags(full.html, "td", "cell") if "data-value" in a}  # fmt: skip
    twin = {(c["actor"], c["issue"]): c["value"] for r in d["heatmap"]["rows"] for c in r["cells"]
            if c["value"] is not None}  # fmt: skip
    assert shown == twin
    post = {a["data-h"]: float(a["data-value"]) for a in tags(full.html, "td", "posterior")}
    assert post == {h["id"]: h["posterior"] for h in d["hypotheses"]["hypotheses"]}
    pairs = list(tags(full.html, "tr", "pair"))
    assert [(a["data-a"], a["data-b"]) for a in pairs] == [(p["a"], p["b"]) for p in d["pairs"]["pairs"]]
    values = re.findall(r'<tr class="pair"[^>]*>.*?<td data-value="([^"]*)"', full.html, re.S)
    assert [float(v) if v else None for v in values] == [p["agreement"]["value"] for p in d["pairs"]["pairs"]]
    weights = {(a["data-a"], a["data-b"]): float(a["data-weight"]) for a in tags(full.html, "line", "edge")}
    assert weights == {(e["a"], e["b"]): e["weight"] for e in d["network"]["edges"]}
    assert d["schema_version"] == 1 and d["meta"]["events"] == len(EVENTS)


def test_format_json_writes_the_twin_to_out(full: Rendered, tmp_path: Path) -> None:
    out = tmp_path / "only.json"
    issues, hyps = full.folder / "issues.yaml", full.folder / "hypotheses.yaml"
    r = invoke(out, "--db", full.db, "--issues", issues, "--hypotheses", hyps, "--format", "json",
               "--bootstrap", "200")  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    strip = {"meta"}  # the generation time differs
    assert {k: v for k, v in data.items() if k not in strip} == {
        k: v for k, v in full.data.items() if k not in strip
    }


# -- what is shown without issues or hypotheses ----------------------------------------------


def test_without_issues_or_hypotheses_shows_timeline_and_network_and_says_so(bare: Rendered) -> None:
    page = bare.html
    assert "No issues file was given" in page and "No hypotheses file was given" in page
    assert 'class="heatmap"' not in page and 'class="matrix"' not in page
    assert bare.data["heatmap"] is None and bare.data["hypotheses"] is None
    nodes = sorted(a["data-actor"] for a in tags(page, "circle", "node"))
    assert nodes == ["IRN", "IRQGOV", "IRQREBSHI", "USA"]  # every code its own actor
    assert len(list(tags(page, "line", "edge"))) == len(bare.data["network"]["edges"]) >= 3
    assert len(list(tags(page, "tr", "pair"))) == len(bare.data["pairs"]["pairs"]) >= 3
    assert page.count('<tr id="event-') == len(EVENTS)


def test_hypotheses_alone_bring_their_issues(full: Rendered, tmp_path: Path) -> None:
    ctx = build_report(
        full.db, hypotheses=full.folder / "hypotheses.yaml", options=ReportOptions(settings=_settings())
    )
    assert ctx.heatmap is not None and ctx.hypotheses is not None
    assert any("hypotheses file names" in n for n in ctx.meta.notes)


def test_period_and_max_events_bound_the_timeline(full: Rendered, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = invoke(out, "--db", full.db, "--since", "2008-04-01", "--max-events", "3", "--bootstrap", "0")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="event-([^"]+)"', page)
    assert rows == ["b1", "b2", "b3"]  # earliest first, from --since on
    assert "first 3 of 6 events" in page


def test_empty_store_renders(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.duckdb"):
        pass
    page = render_html(build_report(tmp_path / "empty.duckdb"))
    assert "No events in the period." in page
    assert "No direct events between two actors" in page


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--format", "xml"], "[E601]"),
        (["--since", "March"], "[E201]"),
        (["--db", "missing.duckdb"], "[E402]"),
    ],
)
def test_errors_are_coded(full: Rendered, tmp_path: Path, args: list[str], code: str) -> None:
    base = ["--db", str(full.db)] if "--db" not in args else []
    r = invoke(tmp_path / "r.html", *base, *args)
    assert r.exit_code != 0
    assert isinstance(r.exception, WhowhomError) and code in str(r.exception)
    assert not (tmp_path / "r.html").exists()


def test_unwritable_output_is_E801(full: Rendered, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    r = invoke(tmp_path / "file" / "r.html", "--db", full.db, "--bootstrap", "0")
    assert isinstance(r.exception, WhowhomError) and "[E801]" in str(r.exception)


# -- highlighting ------------------------------------------------------------------------


def test_highlight_uses_offsets_and_falls_back_to_the_text() -> None:
    text = "Iran praised Iraq and Iran left."
    # right offsets (document offsets, sentence at 10)
    assert highlight(text, 10, [("trigger", 15, 22, "praised")]) == [Span(5, 12, "trigger")]
    # the sentence's own offset is taken off: the first "Iran", not the one nearest offset 100
    assert highlight(text, 100, [("source", 100, 104, "Iran")]) == [Span(0, 4, "source")]
    # offsets past the sentence: found by its text instead
    assert highlight(text, 10, [("trigger", 500, 507, "praised")]) == [Span(5, 12, "trigger")]
    # offsets pointing at other words: the stored text wins, nearest occurrence to the offset
    assert highlight(text, 0, [("source", 21, 25, "Iran")]) == [Span(22, 26, "source")]
    # neither: left out rather than drawn in the wrong place
    assert highlight(text, 0, [("target", None, None, "Syria")]) == []


def test_overlapping_spans_keep_the_trigger() -> None:
    text = "Militiamen attacked."
    spans = highlight(text, 0, [("source", 0, 19, "Militiamen attacked"), ("trigger", 11, 19, "attacked")])
    assert spans == [Span(11, 19, "trigger")]
    assert segments(text, spans) == [("Militiamen ", None), ("attacked", "trigger"), (".", None)]
