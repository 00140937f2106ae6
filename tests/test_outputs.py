"""Output paths (issue 8): no command writes over the database, an existing file (without
--force), a directory, a system file or a URL, and every output is written atomically.

Run in-process through the console script's entry point (``hostile.run_main``): no spaCy,
no subprocess.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb
import pytest

from hostile import Ran, run_main
from whowhom.errors import WhowhomError
from whowhom.outputs import Output, is_duckdb_file
from whowhom.store import open_store

ISSUES = "issues:\n  - {id: talks, codes: ['04']}\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "whowhom.duckdb"
    with open_store(path) as store:
        store.con.execute("INSERT INTO documents (doc_id, text) VALUES ('d1', 'Talks resumed.')")
    return path


def _db_intact(path: Path) -> None:
    assert is_duckdb_file(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def _one_line(ran: Ran, code: str) -> str:
    assert ran.code == 1, (ran.stdout, ran.stderr)
    assert len(ran.lines) == 1 and ran.lines[0].startswith(f"[{code}] "), ran.lines
    return ran.lines[0]


# -- the database survives every attempt to write over it ----------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_over_the_database_is_refused(db: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    ran = run_main(capsys, "export", db, "--format", fmt, "--db", db)
    _one_line(ran, "E804")
    _db_intact(db)


def test_force_does_not_let_an_output_replace_the_database(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _one_line(run_main(capsys, "export", db, "--format", "jsonl", "--db", db, "--force"), "E804")
    _db_intact(db)


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{db}", "--db", "{db}"],
        ["report", "{tmp}/r.html", "--json", "{db}", "--db", "{db}"],
        ["align", "--out", "{db}", "--db", "{db}", "--bootstrap", "0"],
        ["align", "--out", "{db}.wal", "--db", "{db}", "--bootstrap", "0"],
    ],
)
def test_report_and_align_refuse_the_database(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    argv = [a.format(db=db, tmp=tmp_path) for a in args]
    _one_line(run_main(capsys, *argv), "E804")
    _db_intact(db)
    assert not (tmp_path / "r.html").exists()  # refused before any work was done


def test_another_duckdb_file_is_refused_whatever_its_name(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "events.csv"
    duckdb.connect(str(other)).close()  # a database that happens to be called events.csv
    assert is_duckdb_file(other)
    _one_line(run_main(capsys, "export", other, "--format", "csv", "--db", db, "--force"), "E804")
    assert is_duckdb_file(other)


def test_a_link_to_the_database_is_the_database(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.jsonl"
    link.symlink_to(db)
    with pytest.raises(WhowhomError, match=r"^\[E804\]"):
        Output(link, force=True, database=db)


# -- existing files, folders, system places, URLs ------------------------------------------


def test_existing_file_needs_force(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    _one_line(run_main(capsys, "export", out, "--format", "jsonl", "--db", db), "E805")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    ran = run_main(capsys, "export", out, "--format", "csv", "--db", db, "--force")
    assert ran.code == 0, ran.stderr
    assert out.read_text(encoding="utf-8").startswith("event_id,")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()  # not mkstemp's 0600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_report_out_and_json_must_differ(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    _one_line(run_main(capsys, "report", out, "--json", out, "--db", db, "--bootstrap", "0"), "E808")
    assert not out.exists()


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("{tmp}/no/such/folder/out.jsonl", "E802"),
        ("{tmp}", "E803"),
        ("/proc/whowhom-out.jsonl", "E807"),
        ("/dev/null", "E807"),
        ("s3://bucket/events.jsonl", "E806"),
        ("https://example.org/events.jsonl", "E806"),
        ("{tmp}/whowhom.duckdb/x.jsonl", "E801"),  # the folder is a file
    ],
)
def test_bad_output_paths_are_coded(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, code: str
) -> None:
    out = where.format(tmp=tmp_path)
    commands = [
        ["export", out, "--format", "jsonl", "--db", db],
        ["align", "--out", out, "--db", db, "--bootstrap", "0"],
    ]
    if code != "E802":  # report creates missing folders (docs/REPORT.md)
        commands.append(["report", out, "--db", db, "--bootstrap", "0"])
    for argv in commands:
        line = _one_line(run_main(capsys, *argv), code)
        assert out.replace("://", ":/") in line
    _db_intact(db)


# -- atomic writes ---------------------------------------------------------------------------


def test_an_interrupted_export_leaves_no_half_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from whowhom.store import Store

    def half_then_interrupted(self: Store, out: Path, fmt: str, **_: object) -> int:
        out.write_text('{"event_id": "half', encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "export", half_then_interrupted)
    out = tmp_path / "events.jsonl"
    ran = run_main(capsys, "export", out, "--format", "jsonl", "--db", db)
    assert ran.code == 130  # interrupted (128 + SIGINT), as click reports it
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whowhom.duckdb"]  # no temp file left


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    target = Output(out, force=True)
    with pytest.raises(RuntimeError), target.open_text() as handle:
        handle.write("new and incomplete")
        raise RuntimeError("rendering failed")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_outputs_are_written_where_asked(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues = tmp_path / "issues.yaml"
    issues.write_text(ISSUES, encoding="utf-8")
    page, twin, net = tmp_path / "r.html", tmp_path / "new" / "r.json", tmp_path / "n.gexf"
    ran = run_main(capsys, "report", page, "--json", twin, "--db", db, "--issues", issues, "--bootstrap", "0")
    assert ran.code == 0, ran.stderr
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert twin.read_text(encoding="utf-8").startswith("{")
    ran = run_main(capsys, "align", "--out", net, "--format", "gexf", "--db", db, "--bootstrap", "0")
    assert ran.code == 0, ran.stderr
    assert "<gexf" in net.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["whowhom.duckdb", "issues.yaml", "r.html", "new", "n.gexf"]
    )
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["r.json"]  # report made the folder
