"""The static report stays small on a large store: the strongest ties drawn (--max-ties), a few
sentences behind each number (--max-evidence) with how many there are, and a page that says
what it left out and where the rest is. The store: 30 actors, every pair of them tied, a few
thousand events inserted directly (no spaCy)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.network import active_actors, compute_network, tie_evidence, top_actors
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.cli_report import register
from whowhom.store import open_store

ACTORS = [f"A{k:02d}" for k in range(30)]  # 435 pairs; the report's network keeps the 25 busiest: 300 ties
CODES = (
    ("051", 3.4, "praised"),
    ("111", -2.0, "criticised"),
    ("057", 8.0, "signed with"),
    ("190", -10.0, "fought"),
)


def make_store(path: Path, per_tie: int) -> Path:
    """Every pair of ``ACTORS`` tied by ``per_tie`` events or more (busier actors, more events),
    each with a sentence of its own, over 60 days."""
    rows = []
    for i, (a, b) in enumerate(combinations(ACTORS, 2)):
        n = per_tie + (60 - int(a[1:]) - int(b[1:])) // 12  # A00 is the busiest
        for j in range(n):
            code, g, verb = CODES[(i + j) % len(CODES) if i % 3 else j % 2]
            text = f"Officials of {a} {verb} {b} in a meeting on day {j}, report {i}."
            rows.append(
                event_row(
                    f"e{i}-{j}",
                    doc_id=f"d{i}-{j}",
                    date=f"2008-{1 + j % 2:02d}-{1 + j % 28:02d}",
                    source_code=a,
                    source_text=a,
                    source_start=13,
                    source_end=16,
                    target_code=b,
                    target_text=b,
                    event_code=code,
                    event_goldstein=g,
                    event_trigger=verb.split()[0],
                    evidence_text=text,
                    certainty=0.5 + (j % 5) / 10,
                )
            )
    with open_store(path) as store:
        insert_events(store.con, rows)
        store.con.execute(
            "INSERT INTO documents (doc_id, text, title) "
            "SELECT DISTINCT doc_id, evidence_text, doc_id FROM events"
        )
    return path


def invoke(*args: str | Path) -> Any:
    app = typer.Typer()
    register(app)

    @app.command("version")
    def _version() -> None:
        pass

    return CliRunner().invoke(app, ["report", *(str(a) for a in args)])


@dataclass
class Page:
    html: str
    data: dict[str, Any]

    @property
    def elements(self) -> int:
        return len(re.findall(r"<[a-zA-Z]", self.html))

    def blocks(self) -> list[str]:
        return re.findall(
            r'<div class="evblock".*?</div>\s*(?=<div class="evblock"|<h3|</section)', self.html, re.S
        )


def render(db: Path, out: Path, *extra: str) -> Page:
    twin = out.with_suffix(".json")
    r = invoke(out, "--db", db, "--json", twin, "--bootstrap", "0", *extra)
    assert r.exit_code == 0, r.output
    return Page(out.read_text(encoding="utf-8"), json.loads(twin.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("limits")
    return make_store(folder / "small.duckdb", 4), make_store(folder / "large.duckdb", 12)


@pytest.fixture(scope="module")
def large(stores: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Page:
    return render(stores[1], tmp_path_factory.mktemp("large") / "r.html")


def test_a_report_over_many_ties_stays_under_a_bound(large: Page, stores: tuple[Path, Path]) -> None:
    with open_store(stores[1], read_only=True) as s:
        events = s.count_events()
    assert events > 4000
    # 100 ties drawn, 40 pairs and at most 100 tie blocks of 5 sentences, 250 timeline rows:
    # about 15,000 elements whatever the store (with the caps of before, every tie, 20 sentences
    # and 1,000 rows, this one is 4.2 MB and 97,000 elements)
    assert len(large.html) < 1_000_000 and large.elements < 20_000, (len(large.html), large.elements)
    edges = re.findall(r'<line class="edge', large.html)
    assert len(edges) == len(large.data["network"]["edges"]) == 100  # the default --max-ties
    for block in large.blocks():
        assert block.count('<li class="evidence') <= 5  # the default --max-evidence


def test_the_page_grows_with_the_caps_not_with_the_store(
    large: Page, stores: tuple[Path, Path], tmp_path: Path
) -> None:
    small = render(stores[0], tmp_path / "small.html")
    assert len(small.data["network"]["edges"]) == 100
    # three times the events per tie: the same ties drawn, the same sentences per block
    assert abs(len(large.html) - len(small.html)) < 0.1 * len(small.html)
    assert abs(large.elements - small.elements) < 0.1 * small.elements


def test_the_page_says_what_it_left_out_and_where_the_rest_is(large: Page) -> None:
    limits = large.data["meta"]["limits"]
    assert limits["ties"] == 300 and limits["ties_drawn"] == 100 and limits["max_evidence"] == 5
    assert limits["evidence_cut"] > 0
    notes = " ".join(large.data["meta"]["notes"])
    assert "the 100 strongest of 300 direct ties" in notes and "--max-ties" in notes
    assert "at most 5 sentences" in notes and "--max-evidence" in notes
    assert "whowhom align --format json" in notes and "whowhom serve" in notes
    assert "strongest of\n    300 direct ties" in large.html or "strongest of 300 ties drawn" in large.html
    # every cut block says how many it has
    counted = re.findall(r"(\d+) of (\d+) events shown, the strongest first", large.html)
    assert counted and all(int(shown) == 5 < int(total) for shown, total in counted)


def test_the_drawn_ties_are_the_strongest(large: Page, stores: tuple[Path, Path]) -> None:
    drawn = {(e["a"], e["b"]) for e in large.data["network"]["edges"]}
    with open_store(stores[1], read_only=True) as s:
        net, _ = top_actors(compute_network(s, ActorSpec(), max_refs=0), 25)
    weakest_drawn = min(abs(e.weight) for e in net.edges if (e.a, e.b) in drawn)
    strongest_left = max(abs(e.weight) for e in net.edges if (e.a, e.b) not in drawn)
    assert weakest_drawn >= strongest_left
    # and every drawn tie leads to its sentences
    links = set(re.findall(r'<a href="#([^"]+)"><line class="edge', large.html))
    ids = set(re.findall(r'\bid="([^"]+)"', large.html))
    assert len(links) == 100 and links <= ids


def test_options_set_the_caps(stores: tuple[Path, Path], tmp_path: Path) -> None:
    page = render(stores[1], tmp_path / "r.html", "--max-ties", "10", "--max-evidence", "2", "--top", "3")
    assert len(page.data["network"]["edges"]) == 10
    assert all(b.count('<li class="evidence') <= 2 for b in page.blocks())
    assert "2 of " in page.html and "the 10 strongest of 300" in " ".join(page.data["meta"]["notes"])


def test_named_actors_are_capped_too(stores: tuple[Path, Path], tmp_path: Path) -> None:
    """With actors of interest there is no cut to the busiest: all 435 ties, 100 drawn."""
    page = render(stores[1], tmp_path / "r.html", "--actors", ",".join(ACTORS))
    assert page.data["meta"]["limits"]["ties"] == 435
    assert len(page.data["network"]["edges"]) == 100 and len(page.html) < 1_000_000


def test_the_busiest_actors_are_chosen_in_the_query_as_top_actors_chooses_them(
    stores: tuple[Path, Path],
) -> None:
    with open_store(stores[0], read_only=True) as s:
        kept, total = active_actors(s, ActorSpec(), 25)
        net, n = top_actors(compute_network(s, ActorSpec(), max_refs=0), 25)
    assert (total, len(kept)) == (n, 25) == (30, 25)
    assert kept == net.nodes or sorted(kept) == net.nodes


def test_tie_evidence_fetches_the_asked_ties_only(stores: tuple[Path, Path]) -> None:
    wanted = [("A00", "A01"), ("A03", "A17")]
    with open_store(stores[1], read_only=True) as s:
        refs = tie_evidence(s, ActorSpec(), wanted, limit=3)
        full = tie_evidence(s, ActorSpec(), wanted[:1], limit=None)
    assert set(refs) == set(wanted) and all(len(v) == 3 for v in refs.values())
    strongest = sorted((abs(r.weight or 0) for r in full[wanted[0]]), reverse=True)[:3]
    assert [abs(r.weight or 0) for r in refs[wanted[0]]] == strongest
    assert all(r.source_code in ("A00", "A01") and r.target_code in ("A00", "A01") for r in refs[wanted[0]])


def test_an_issues_file_naming_no_actors_keeps_the_busiest(stores: tuple[Path, Path], tmp_path: Path) -> None:
    """Every code takes stances then (29 of them: A29 is never a source here): the heatmap,
    pairs and network keep the 25 busiest."""
    issues = tmp_path / "issues.yaml"
    issues.write_text("issues:\n  - {id: fighting, codes: ['19']}\n  - {id: praise, codes: ['05']}\n")
    page = render(stores[1], tmp_path / "r.html", "--issues", str(issues))
    rows = page.data["heatmap"]["rows"]
    assert len(rows) == 25 and "A00" in page.data["heatmap"]["actors"]
    assert {n["name"] for n in page.data["network"]["nodes"]} <= set(page.data["heatmap"]["actors"])
    assert any(
        "the 25 actors with the most events under the issues, of 29" in n for n in page.data["meta"]["notes"]
    )
    cells = [c for r in rows for c in r["cells"] if c["value"] is not None]
    assert cells and all(len(c["evidence"]) <= 5 < c["n"] for c in cells)
    links = set(re.findall(r'href="#([^"]+)"', page.html))
    assert links <= set(re.findall(r'\bid="([^"]+)"', page.html))
