"""Import speed: a million-row GDELT 2.0 file through ``whowhom import``'s code path.

The file is synthetic but made of real rows: the GDELT 2.0 samples in
``../shared/data/eventdata/gdelt2`` repeated, each copy with a new GLOBALEVENTID and its
SQLDATE moved by a few days, so every row is distinct and a valid event. The import runs
in a child process (so its peak memory is its own), then again on the same file (every
row a duplicate). Target: under 60 s for 1,000,000 rows on the project's 2-core machine.
Run with ``python bench/bench_import.py [--rows N]``; record the figures in
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eventdata" / "gdelt2"
SAMPLES = ("20191024143000.export.CSV", "spark-gdelt_events.csv", "spark-gdelt_eventsT.csv")

CHILD = """
import json, sys, time
from pathlib import Path
from whowhom.interop.importer import import_files
from whowhom.store import open_store
path, db = Path(sys.argv[1]), sys.argv[2]
t = time.perf_counter()
with open_store(db) as store:
    if len(sys.argv) > 3:
        store.con.execute(f"SET memory_limit = '{sys.argv[3]}'")
    report = import_files(store, [path])
print(json.dumps({"seconds": time.perf_counter() - t, "new": report.new,
                  "duplicate": report.duplicate, "rejected": report.rejected}))
"""


def make_file(path: Path, rows: int) -> float:
    """Write ``rows`` GDELT 2.0 rows to ``path``; returns the seconds it took."""
    t = time.perf_counter()
    lines = [
        line.split("\t")
        for name in SAMPLES
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.count("\t") == 60
    ]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fields = list(lines[i % len(lines)])
            copy = i // len(lines)
            fields[0] = str(2_000_000_000 + i)
            day = dt.datetime.strptime(fields[1], "%Y%m%d") + dt.timedelta(days=copy % 30)
            fields[1] = day.strftime("%Y%m%d")
            fh.write("\t".join(fields) + "\n")
    return time.perf_counter() - t


def run_child(path: Path, db: Path, memory_limit: str | None) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    extra = [memory_limit] if memory_limit else []
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(db), *extra], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for the import, e.g. 500MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.export.CSV"
        made = make_file(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:,.0f} MB) in {made:.1f} s")
        first = run_child(path, Path(tmp) / "bench.duckdb", args.memory_limit)
        print(
            f"import: {first['seconds']:.1f} s, {args.rows / first['seconds']:,.0f} rows/s, "
            f"{first['new']:,.0f} new, {first['rejected']:,.0f} rejected, "
            f"peak RSS {first['peak_rss_mb']:,.0f} MB"
        )
        again = run_child(path, Path(tmp) / "bench.duckdb", args.memory_limit)
        print(
            f"re-import: {again['seconds']:.1f} s, {again['new']:,.0f} new, "
            f"{again['duplicate']:,.0f} duplicate"
        )
        bar = "meets" if first["seconds"] < 60 else "MISSES"
        print(f"{bar} the bar (1,000,000 rows in under 60 s)" if args.rows == 1_000_000 else "")


if __name__ == "__main__":
    main()
