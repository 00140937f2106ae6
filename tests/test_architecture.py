"""The house rules that keep one core with many faces (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "whowhom"
SQL = re.compile(r"con\.execute|\.sql\(|\bSELECT\b|\bINSERT\b|\bCREATE TABLE\b")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_faces_write_no_sql() -> None:
    faces = [*SRC.glob("cli*.py"), *(SRC / "report").glob("*.py"), *(SRC / "web").glob("*.py")]
    offenders = [
        f"{p.name}:{n}"
        for p in faces
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if SQL.search(line)
    ]
    assert not offenders, f"SQL outside the store and analysis: {offenders}"


def test_the_coding_path_does_not_import_evaluation() -> None:
    coding = [SRC / "pipeline.py", *(SRC / "coding").glob("*.py")]
    offenders = {p.name: sorted(m for m in _imports(p) if m.startswith("whowhom.eval")) for p in coding}
    assert not any(offenders.values()), offenders


def test_analysis_takes_a_store_not_a_connection() -> None:
    for p in (SRC / "analysis").glob("*.py"):
        if p.name == "synthetic.py":  # writes generated events for benchmarks and tests
            continue
        assert "DuckDBPyConnection" not in p.read_text(encoding="utf-8"), p.name
