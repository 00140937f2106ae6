"""Analysis speed: ``align`` and ``assess`` on a million synthetic stored events.

The events are generated in DuckDB (``range()`` and ``random()``) into a database file,
then both commands run through the same functions the CLI calls. Target: under 10 s
each on the project's 2-core machine. Run with ``python bench/bench_analysis.py``;
record the printed figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from whowhom.analysis.alignment import align
from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.hypfile import parse_hypotheses
from whowhom.analysis.hypotheses import assess
from whowhom.analysis.issues import parse_issues
from whowhom.analysis.stances import StanceSettings
from whowhom.analysis.synthetic import generate_events
from whowhom.store import open_store

ACTORS = [
    "IRQGOV", "IRQMIL", "IRQCOP", "IRQREBSHI", "IRQOPPSHI", "IRQUAFSHI", "IRQPTYSHI", "IRN",
    "IRNGOV", "USA", "USAMIL", "GBRMIL", "SYRGOV", "TURMIL", "SAUGOV", "KURREB", "IGOUNO",
    "JORGOV", "EGYGOV", "ISRMIL",
]  # fmt: skip
LOCATIONS = ["Basra", "Sadr City", "Najaf", "Baghdad", "Kirkuk", "Mosul", "Karbala", "Falluja"]

ISSUES = {
    "actors": {
        "Iraqi government": ["IRQGOV", "IRQMIL", "IRQCOP"],
        "Mahdi Army": ["IRQREBSHI"],
        "Sadr movement": ["IRQOPPSHI"],
        "Iran": ["IRN"],
        "United States": ["USA"],
        "Britain": ["GBR"],
        "Syria": ["SYR"],
        "Turkey": ["TUR"],
        "Kurds": ["KUR"],
        "UN": ["IGOUNO"],
    },
    "issues": [
        {"id": f"op-{place.lower().replace(' ', '-')}", "actors": ["Iraqi government"],
         "against": ["Mahdi Army"], "locations": [place]}
        for place in LOCATIONS
    ] + [
        {"id": "us-strikes", "actors": ["United States"], "codes": ["19"], "since": "2008-03-01"},
        {"id": "kurdish-question", "actors": ["Kurds"], "targets": ["TUR", "IRQ"], "keywords": ["Kirkuk"]},
    ],
}  # fmt: skip

HYPOTHESES = {
    "hypotheses": [
        {"id": "H1", "statement": "one", "prior": 0.3},
        {"id": "H2", "statement": "two", "prior": 0.3},
        {"id": "H3", "statement": "three", "prior": 0.4},
    ],
    "evidence": [
        {"id": "s1", "pattern": {"actor": "Iran", "issue": "op-basra", "stance": "support"},
         "likelihoods": {"H1": "CC", "H2": "C", "H3": "II"}},
        {"id": "s2", "pattern": {"actor": "Iran", "issue": "op-sadr-city", "stance": "oppose"},
         "likelihoods": {"H1": "I", "H2": "CC", "H3": "C"}},
        {"id": "s3", "pattern": {"actor": "Mahdi Army", "issue": "op-najaf", "stance": "oppose"},
         "likelihoods": {"H1": "C", "H2": "C", "H3": "N"}},
        {"id": "e1",
         "pattern": {"actor": "IRQUAFSHI", "codes": ["11"], "polarity": "negated", "issue": "op-basra"},
         "likelihoods": {"H1": "C", "H2": "C", "H3": "I"}},
        {"id": "e2",
         "pattern": {"actor": "Iraqi government", "target": "Sadr movement", "locations": ["Najaf"]},
         "likelihoods": {"H1": "I", "H2": "CC", "H3": "C"}},
        {"id": "e3", "pattern": {"actor": "Iran", "codes": ["04"], "locations": ["Sadr City"]},
         "likelihoods": {"H1": "I", "H2": "CC", "H3": "C"}},
        {"id": "e4",
         "pattern": {"actor": "Iran", "target": "Mahdi Army", "codes": ["07"], "since": "2008-06-01"},
         "likelihoods": {"H1": "II", "H2": "I", "H3": "CC"}},
        {"id": "gap", "pattern": {"actor": "Iran", "target": "Mahdi Army", "codes": ["99"]},
         "likelihoods": {"H1": "CC", "H2": "I", "H3": "II"}},
        {"id": "m1", "manual": True, "certainty": 0.3, "reliability": 0.8,
         "likelihoods": {"H1": "CC", "H2": "N", "H3": "II"}},
    ],
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=None, help="Keep the generated database here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        with open_store(db) as store:
            generate_events(store.con, args.events, actors=ACTORS, locations=LOCATIONS)
        t_gen = time.perf_counter() - t0
        issues = parse_issues(ISSUES, Path("bench-issues.yaml"))
        hyps = parse_hypotheses(HYPOTHESES, Path("bench-hypotheses.yaml"), issues=issues)
        settings = StanceSettings(bootstrap=args.bootstrap)
        spec = ActorSpec(issues.actor_groups())

        with open_store(db, read_only=True) as store:
            t0 = time.perf_counter()
            result = align(
                store,
                issue_set=issues,
                actors=spec,
                since=dt.date(2008, 1, 1),
                window_days=30,
                settings=settings,
            )
            t_align = time.perf_counter() - t0
            t0 = time.perf_counter()
            assessment = assess(store, hyps, settings=settings)
            t_assess = time.perf_counter() - t0

    stances = result.stances.rows() if result.stances else []
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"events: {args.events:,} (generated in {t_gen:.2f} s); bootstrap resamples: {args.bootstrap}")
    print(
        f"align: {t_align:.2f} s — {len(issues.issues)} issues, {len(stances)} stances, "
        f"{len(result.pairs)} pairs, {len(result.network.edges)} ties, {len(result.timeline)} pair-windows"
    )
    posterior = ", ".join(f"{h.id} {h.posterior:.3f}" for h in assessment.ranked())
    print(f"assess: {t_assess:.2f} s — {len(assessment.evidence)} items; posterior {posterior}")
    print(f"peak memory: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
