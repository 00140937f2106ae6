"""``whowhom import`` and ``--origin`` through the real app in-process (typer's CliRunner),
and align, assess and report on an imported GDELT sample, traced to file and line; one
end-to-end run of the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whowhom.cli import app
from whowhom.store import open_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eventdata"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared event data not found at {DATA}")
GDELT = DATA / "gdelt2/20191024143000.export.CSV"
ICEWS = DATA / "icews/events.2018.sample.tab"

# October 2019: Turkey's offensive into north-east Syria, as the GDELT sample reports it
ISSUES = """\
actors:
  Turkey: [TUR]
  Syria: [SYR]
  Russia: [RUS]
  United States: [USA]
issues:
  - id: turkish-offensive
    label: Turkey's operation in Syria
    actors: [Turkey]
    locations: [Syria]
"""
HYPOTHESES = """\
issues: issues.yaml
hypotheses:
  - {id: H1, statement: Damascus goes along with the Turkish operation, prior: 0.5}
  - {id: H2, statement: Damascus resists the Turkish operation, prior: 0.5}
evidence:
  - id: syria-on-offensive
    pattern: {actor: Syria, issue: turkish-offensive, stance: support}
    likelihoods: {H1: C, H2: I}
  - id: turkey-acts
    pattern: {source: Turkey, target: Syria}
    likelihoods: {H1: N, H2: N}
"""


def invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("icli")
    (d / "issues.yaml").write_text(ISSUES, encoding="utf-8")
    (d / "hypotheses.yaml").write_text(HYPOTHESES, encoding="utf-8")
    path = d / "db.duckdb"
    out = invoke("import", str(GDELT), str(ICEWS), "--db", str(path))
    assert f"{GDELT}: GDELT 2.0 (61 columns), 2111 rows: 2111 new, 0 duplicate, 0 rejected" in out
    assert "2 files: 5816 new, 0 duplicate, 0 rejected" in out
    return path


def test_import_again_adds_nothing(db: Path) -> None:
    out = invoke("import", str(GDELT), "--format", "gdelt", "--db", str(db))
    assert "2111 rows: 0 new, 2111 duplicate, 0 rejected" in out


def test_import_refuses_what_it_cannot_read(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["import", str(DATA / "gdelt2/spark-gdelt_mentions.csv"), "--db", str(db)]
    )
    assert result.exit_code == 1 and "[E131]" in result.output and "mentions" in result.output
    result = CliRunner().invoke(app, ["import", str(GDELT), "--format", "icews", "--db", str(db)])
    assert result.exit_code == 1 and "[E133]" in result.output
    result = CliRunner().invoke(app, ["import", str(GDELT), "--format", "acled", "--db", str(db)])
    assert result.exit_code == 1 and "[E601]" in str(result.exception)


def test_rejects_are_capped_then_counted(tmp_path: Path) -> None:
    lines = GDELT.read_text(encoding="utf-8").splitlines()[:30]
    bad = [line.split("\t", 2)[0] + "\tyesterday\t" + line.split("\t", 2)[2] for line in lines[:25]] + lines[
        25:
    ]
    path = tmp_path / "bad.CSV"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), "--db", str(tmp_path / "b.duckdb")])
    assert result.exit_code == 1
    errors = [x for x in result.output.splitlines() if x.startswith("[E132]")]
    assert len(errors) == 20 and errors[0] == (
        f"[E132] {path}:1: GDELT 2.0 (61 columns) row rejected: bad date 'yesterday'."
    )
    assert "[E134] ... and 5 more rejected row(s)" in result.output
    assert "30 rows: 5 new, 0 duplicate, 25 rejected" in result.output
    with open_store(tmp_path / "b.duckdb", read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM rejected").fetchall() == [(25,)]


def test_events_and_export_select_by_origin(db: Path, tmp_path: Path) -> None:
    lines = invoke("events", "--db", str(db), "--origin", "icews", "--format", "jsonl").splitlines()
    assert len(lines) == 3705
    record = json.loads(lines[0])
    assert record["origin"] == "icews" and record["provenance"]["file"] == str(ICEWS)
    assert record["provenance"]["line"] >= 2
    out = tmp_path / "g.jsonl"
    assert "wrote 2111 events" in invoke(
        "export", str(out), "--format", "plover", "--origin", "gdelt", "--db", str(db)
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2111
    both = invoke("events", "--db", str(db), "--origin", "gdelt,icews", "--format", "jsonl")
    assert len(both.splitlines()) == 5816


def test_align_on_imported_gdelt_traces_to_file_and_line(db: Path) -> None:
    issues = str(db.parent / "issues.yaml")
    data = json.loads(
        invoke("align", "--issues", issues, "--origin", "gdelt", "--format", "json", "--db", str(db))
    )
    stances = data["stances"]["stances"]
    turkey = next(s for s in stances if s["actor"] == "Turkey")
    assert turkey["n"] > 0
    ev = turkey["evidence"][0]
    assert "20191024143000.export.CSV line " in ev["evidence_text"] and "http" in ev["evidence_text"]
    assert ev["doc_id"].startswith("http")  # the row's SOURCEURL
    assert all(r["doc_id"].startswith("http") for s in stances for r in s["evidence"])
    other = json.loads(
        invoke("align", "--issues", issues, "--origin", "icews", "--format", "json", "--db", str(db))
    )
    refs = [r for s in other["stances"]["stances"] for r in s["evidence"]]
    assert refs and all(r["doc_id"].startswith("icews:story:") for r in refs)


def test_assess_and_report_on_imported_gdelt(db: Path, tmp_path: Path) -> None:
    hyp = str(db.parent / "hypotheses.yaml")
    data = json.loads(invoke("assess", hyp, "--origin", "gdelt", "--format", "json", "--db", str(db)))
    assert sum(h["posterior"] for h in data["hypotheses"]) == pytest.approx(1.0, abs=1e-5)
    text = json.dumps(data)
    assert "20191024143000.export.CSV line " in text
    page = tmp_path / "report.html"
    invoke(
        "report", str(page), "--issues", str(db.parent / "issues.yaml"), "--hypotheses", hyp, "--db", str(db)
    )
    html = page.read_text(encoding="utf-8")
    assert "20191024143000.export.CSV line " in html and "https://" in html


def test_real_console_script(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("whowhom")
    if not exe.exists():
        pytest.skip("console script not installed")
    lines = GDELT.read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "three.CSV"
    path.write_text("\n".join([lines[0], "1\t2\t3", lines[2]]) + "\n", encoding="utf-8")
    run = subprocess.run(
        [str(exe), "import", str(path), "--db", str(tmp_path / "e.duckdb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert (
        run.stderr.strip()
        == f"[E132] {path}:2: GDELT 2.0 (61 columns) row rejected: has 3 fields, expected 61."
    )
    assert "3 rows: 2 new, 0 duplicate, 1 rejected" in run.stdout
