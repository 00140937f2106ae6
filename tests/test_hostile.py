"""The hostile corpus (``tests/hostile.py``) through the real ``whowhom ingest``.

One run over a folder of good files and every class of bad input the hostile-input
campaign of issue 8 used: each bad input gives exactly one coded line naming it, the good
files in the same run are all stored, the exit code says something failed, and nothing
else is printed (no traceback, no forged or coloured line). Ingesting it again stores
nothing new and records no rejected row twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from hostile import Expected, remove_deep, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Any:
    folder = tmp_path / "corpus"
    expected = write_corpus(folder)
    yield folder, expected
    remove_deep(folder / "deep")  # pytest's own clean-up recurses, and would fail on it


def _check_lines(stderr: str, expected: Expected) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr and "\x1b" not in stderr
    assert all(line.startswith("[E1") for line in lines), lines
    for name, code in expected.failures.items():
        hits = [line for line in lines if name in line]
        assert len(hits) == 1, (name, hits)
        assert hits[0].startswith(f"[{code}] "), (name, hits[0])
    assert len(lines) == len(expected.failures), lines


def test_ingest_survives_the_hostile_corpus(corpus: Any, tmp_path: Path, run_cli_subprocess: Any) -> None:
    folder, expected = corpus
    db = tmp_path / "hostile.duckdb"
    run_cli = run_cli_subprocess  # the real console script, end to end
    first = run_cli("ingest", folder, "--db", db)
    assert first.returncode == 1, first.stderr[-2000:]
    _check_lines(first.stderr, expected)
    n_bad = len(expected.failures)
    assert f"{expected.good} new, 0 duplicate, {n_bad} failed" in first.stdout

    again = run_cli("ingest", folder, "--db", db)
    assert again.returncode == 1
    _check_lines(again.stderr, expected)
    assert f"0 new, {expected.good} duplicate, {n_bad} failed" in again.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (expected.good,)
        assert con.execute("SELECT count(*) FROM rejected").fetchone() == (n_bad,)  # not 2 × n_bad
        paths = [r[0] for r in con.execute("SELECT path FROM documents").fetchall()]
    assert any(p.endswith("bottom.txt") for p in paths)  # deeper than Python's recursion limit
    assert any("new\nline.txt" in p for p in paths)
