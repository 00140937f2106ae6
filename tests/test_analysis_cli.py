"""The analysis commands (whowhom.cli_analysis): through typer's runner on an app that
``register`` fills, and end to end through the installed ``whowhom`` once it is wired in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.cli_analysis import register
from whowhom.errors import WhowhomError
from whowhom.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ISSUES = """\
actors:
  Government: [GOV]
  Rebels: [REB]
  Iran: [IRN]
issues:
  - id: north
    actors: [Government]
    against: [Rebels]
    locations: [North]
  - id: south
    actors: [Government]
    against: [Rebels]
    locations: [South]
"""
HYPOTHESES = """\
issues: issues.yaml
hypotheses:
  - {id: H1, statement: Iran sides with the government, prior: 0.5}
  - {id: H2, statement: Iran sides with the rebels, prior: 0.5}
evidence:
  - id: iran-north
    pattern: {actor: Iran, issue: north, stance: support}
    likelihoods: {H1: CC, H2: II}
  - id: iran-south
    pattern: {actor: Iran, issue: south, stance: oppose}
    likelihoods: {H1: I, H2: C}
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    (d / "issues.yaml").write_text(ISSUES, encoding="utf-8")
    (d / "hypotheses.yaml").write_text(HYPOTHESES, encoding="utf-8")
    with open_store(d / "db.duckdb") as s:
        rows = []
        for k, place in enumerate(("North", "South")):
            rows += [
                event_row(
                    f"g{k}",
                    source_code="GOVMIL",
                    target_code="REB",
                    event_code="190",
                    event_goldstein=-10.0,
                    location_name=place,
                    date="2008-03-01",
                ),
                event_row(
                    f"r{k}",
                    source_code="REB",
                    target_code="GOVMIL",
                    event_code="190",
                    event_goldstein=-10.0,
                    location_name=place,
                    date="2008-03-02",
                ),
            ]
        rows += [
            event_row("i0", source_code="IRN", target_code="GOV", event_code="051", event_goldstein=3.4,
                      location_name="North", date="2008-03-03", evidence_text="Iran [sic] praised it."),
            event_row("i1", source_code="IRN", target_code="GOV", event_code="111", event_goldstein=-2.0,
                      location_name="South", date="2008-04-20"),
        ]  # fmt: skip
        insert_events(s.con, rows)
    return d


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def _main() -> None:
        """Test app."""

    register(a)
    return a


def invoke(app: typer.Typer, files: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", str(files / "db.duckdb")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_issues_list_and_show(app: typer.Typer, files: Path) -> None:
    listed = json.loads(invoke(app, files, "issues", "list", str(files / "issues.yaml"), "--format", "json"))
    assert [(x["issue"], x["events"]) for x in listed] == [("north", 3), ("south", 3)]
    shown = invoke(app, files, "issues", "show", str(files / "issues.yaml"), "north")
    assert "Iran [sic] praised it." in shown  # sentences print as they are, brackets and all
    data = json.loads(
        invoke(app, files, "issues", "show", str(files / "issues.yaml"), "north", "--format", "json")
    )
    assert {e["event_id"]: e["direction"] for e in data["events"]} == {"g0": 1, "r0": -1, "i0": 1}


def test_align_formats(app: typer.Typer, files: Path, tmp_path: Path) -> None:
    issues = str(files / "issues.yaml")
    table = invoke(app, files, "align", "--issues", issues)
    assert "Stances" in table and "Blocs:" in table and "Government" in table
    data = json.loads(invoke(app, files, "align", "--issues", issues, "--format", "json", "--window", "30d"))
    pair = next(p for p in data["pairs"] if {p["a"], p["b"]} == {"Government", "Rebels"})
    assert pair["agreement"]["value"] == 0.0 and pair["tie"] < 0 and pair["n_issues"] == 2
    assert data["timeline"] and data["network"]["blocs"]
    invoke(app, files, "align", "--issues", issues, "--format", "gexf", "--out", str(tmp_path / "n.gexf"))
    assert (tmp_path / "n.gexf").read_text(encoding="utf-8").startswith("<?xml")
    assert "<graphml" in invoke(app, files, "align", "--issues", issues, "--format", "graphml")
    csv_text = invoke(app, files, "align", "--actors", "Government=GOV,REB,IRN", "--format", "csv")
    assert csv_text.splitlines()[0].startswith("window_start,window_end,a,b")


def test_assess(app: typer.Typer, files: Path) -> None:
    data = json.loads(invoke(app, files, "assess", str(files / "hypotheses.yaml"), "--format", "json"))
    assert sum(h["posterior"] for h in data["hypotheses"]) == pytest.approx(1.0, abs=1e-5)
    assert data["leader"] == "H1" and data["most_influential"] == "iran-north"
    table = invoke(app, files, "assess", str(files / "hypotheses.yaml"))
    assert "The item that matters most: iran-north" in table


def test_errors_are_coded_lines(app: typer.Typer, files: Path) -> None:
    runner = CliRunner()
    db = str(files / "db.duckdb")
    for args, code in (
        (["align", "--window", "soon", "--db", db], "[E706]"),
        (["align", "--format", "pdf", "--db", db], "[E601]"),
        (["align", "--since", "March", "--db", db], "[E201]"),
        (["issues", "show", str(files / "issues.yaml"), "east", "--db", db], "[E705]"),
        (["assess", str(files / "missing.yaml"), "--db", db], "[E701]"),
    ):
        result = runner.invoke(app, args)
        assert isinstance(result.exception, WhowhomError), args
        assert str(result.exception).startswith(code)


def test_real_console_script(files: Path) -> None:
    exe = Path(sys.executable).with_name("whowhom")
    if not exe.exists():
        pytest.skip("console script not installed")
    help_text = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False).stdout
    if "align" not in help_text:
        pytest.skip("analysis commands not registered in whowhom.cli yet")
    args = [str(exe), "assess", str(files / "hypotheses.yaml"), "--db", str(files / "db.duckdb")]
    run = subprocess.run([*args, "--format", "json"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["leader"] == "H1"
    bad = subprocess.run([str(exe), "align", "--window", "soon"], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("[E706]")
