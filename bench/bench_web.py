"""Workbench speed: the events page with two facets and the alignment page on a million events.

1,000,000 synthetic events are generated in DuckDB (``analysis/synthetic.py``, the same
generator as ``bench_analysis.py``, with the same actors and issues), then pages are asked
of the app in-process (FastAPI's TestClient: routing, parameter checks, a read-only open of
the store per request, the analysis, the template, the JSON twin) with the result cache
off, so every answer is computed. Bars: the events page with two facets under 300 ms, the
alignment page under 2 s. Run with ``python bench/bench_web.py``; record the printed
figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from bench_analysis import ACTORS, ISSUES, LOCATIONS
from whowhom.analysis.issues import load_issues
from whowhom.analysis.synthetic import generate_events
from whowhom.store import open_store
from whowhom.web import WebSettings, create_app

PAGES = {
    "events, no facet": "/events",
    "events, two facets": "/events?root=19&place=Basra",
    "events, two facets (JSON twin)": "/events.json?root=19&place=Basra",
    "events, two facets + words, page 5": "/events?root=19&place=Basra&q=irn&page=5",
    "map, one facet": "/map?root=19",
    "alignment": "/alignment",
    "alignment (JSON twin)": "/alignment.json",
}
BARS = {"events, two facets": 0.3, "alignment": 2.0}


def time_page(client: TestClient, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(path)
        times.append(time.perf_counter() - t0)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="Keep (or reuse) the generated database here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        if not db.exists():
            with open_store(db) as store:
                generate_events(store.con, args.events, actors=ACTORS, locations=LOCATIONS)
        t_gen = time.perf_counter() - t0
        issues_file = Path(tmp) / "issues.yaml"
        issues_file.write_text(yaml.safe_dump(ISSUES), encoding="utf-8")
        settings = WebSettings(db=db, issues=load_issues(issues_file), cache_size=0)
        client = TestClient(create_app(settings))
        with open_store(db, read_only=True) as store:
            total = store.count_events()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"events: {total:,} (ready in {t_gen:.2f} s); {args.runs} runs per page (+1 warm-up); load {load}"
        )
        failed = False
        for name, path in PAGES.items():
            time_page(client, path, 1)  # warm-up: first open, imports, template compile
            times = time_page(client, path, args.runs)
            median, worst = statistics.median(times), max(times)
            bar = BARS.get(name)
            verdict = "" if bar is None else (" — ok" if median < bar else f" — OVER the {bar:g} s bar")
            failed |= bar is not None and median >= bar
            print(
                f"{name:38s} median {median * 1000:7.0f} ms   worst {worst * 1000:7.0f} ms   {path}{verdict}"
            )
        cached = TestClient(create_app(WebSettings(db=db, issues=settings.issues)))
        time_page(cached, "/alignment", 1)
        warm = statistics.median(time_page(cached, "/alignment", args.runs))
        print(f"{'alignment, result cache on, repeated':38s} median {warm * 1000:7.0f} ms")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
