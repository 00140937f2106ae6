"""Corpus scale: ingest, end-to-end coding, --dask local against --workers, and analysis over
millions of synthetic events. Each part is a sub-command:

    python bench/bench_scale.py ingest [--docs 10000]
    python bench/bench_scale.py e2e [--docs 50000] [--workers 2]
    python bench/bench_scale.py dask [--docs 3000] [--reps 2]
    python bench/bench_scale.py events [--events 10000000]

Commands run the real ``whowhom`` console script where a user would (ingest, run), so start-up
is counted; peak memory is sampled over the command's whole process tree. Record the printed
figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from bench_coding import sentences

EXE = Path(sys.executable).with_name("whowhom")


def corpus(path: Path, docs: int, per_doc: int = 10, seed: int = 7) -> int:
    """A JSON Lines corpus of generated reports (``per_doc`` sentences each); returns sentences."""
    texts = sentences(docs * per_doc, seed=seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(docs):
            body = " ".join(texts[i * per_doc : (i + 1) * per_doc]) + f" Report {i}."
            day = dt.date(2008, 1, 1) + dt.timedelta(days=i % 365)
            fh.write(json.dumps({"text": body, "date": day.isoformat(), "title": f"Report {i}"}) + "\n")
    return docs * per_doc


class Sampler:
    """Peak RSS of a process and of each of its children, sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every = pid, every
        self.parent_peak = 0
        self.child_peak = 0
        self.children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            proc = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                self.parent_peak = max(self.parent_peak, proc.memory_info().rss)
                kids = proc.children(recursive=True)
                self.children = max(self.children, len(kids))
                for k in kids:
                    with contextlib.suppress(psutil.Error):  # a child that just ended
                        self.child_peak = max(self.child_peak, k.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, Sampler, str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(EXE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    sampler = Sampler(proc.pid)
    out, err = proc.communicate()
    took = time.perf_counter() - t0
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"whowhom {' '.join(args)} failed ({proc.returncode}): {err.strip()[-500:]}")
    return took, sampler, out.strip()


def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def load_line() -> str:
    a, b, c = os.getloadavg()
    return f"load average {a:.1f} {b:.1f} {c:.1f} on {os.cpu_count()} cores"


def cmd_ingest(args: argparse.Namespace) -> None:
    from whowhom.ingest import IngestFailure, read_paths
    from whowhom.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        corpus(src, args.docs)
        size = src.stat().st_size
        db = Path(tmp) / "i.duckdb"
        t0 = time.perf_counter()
        with open_store(db, per_batch=True) as store:
            res = store.add_documents(d for d in read_paths([src]) if not isinstance(d, IngestFailure))
        t_lib = time.perf_counter() - t0
        t_cli, _, out = timed(["ingest", str(src), "--db", str(Path(tmp) / "c.duckdb")])
        t_again, _, again = timed(["ingest", str(src), "--db", str(Path(tmp) / "c.duckdb")])
    print(f"ingest of {args.docs:,} documents ({mb(size)} of JSON Lines); {load_line()}")
    print(f"  in process (read + store): {t_lib:.2f} s, {args.docs / t_lib:,.0f} documents/s ({res.new} new)")
    print(f"  whowhom ingest (with start-up): {t_cli:.2f} s — {out}")
    print(f"  again, all duplicates: {t_again:.2f} s — {again}")


def cmd_e2e(args: argparse.Namespace) -> None:
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        n_sent = corpus(src, args.docs)
        db = Path(tmp) / "e.duckdb"
        t_ing, _, out_ing = timed(["ingest", str(src), "--db", str(db)])
        t_run, sampler, out_run = timed(["run", "--db", str(db), "--workers", str(args.workers)])
        size = db.stat().st_size
        con = duckdb.connect(str(db), read_only=True)
        events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        blocks = con.execute("SELECT total_blocks, free_blocks FROM pragma_database_size()").fetchall()[0]
        con.close()
    print(
        f"end to end, {args.docs:,} documents ({n_sent:,} sentences), --workers {args.workers}; {load_line()}"
    )
    print(f"  ingest: {t_ing:.1f} s, {args.docs / t_ing:,.0f} documents/s — {out_ing}")
    print(
        f"  run: {t_run:.1f} s, {args.docs / t_run:,.1f} documents/s, {n_sent / t_run:,.0f} sentences/s — "
        f"{out_run.splitlines()[0]}"
    )
    print(
        f"  peak RSS: writer {mb(sampler.parent_peak)}, per worker {mb(sampler.child_peak)} "
        f"({sampler.children} child processes)"
    )
    free = blocks[1] / blocks[0] if blocks[0] else 0.0
    print(
        f"  database: {mb(size)}, {events:,} events, {size / max(events, 1):.0f} bytes per event; "
        f"free blocks {free:.1%}"
    )


def cmd_dask(args: argparse.Namespace) -> None:
    runs: dict[str, list[float]] = {"--workers 2": [], "--dask local": []}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        corpus(src, args.docs)
        for rep in range(args.reps):
            for name in runs:
                db = Path(tmp) / f"d{rep}-{name.strip('-').split()[0]}.duckdb"
                timed(["ingest", str(src), "--db", str(db)])
                extra = ["--workers", "2"] if name == "--workers 2" else ["--dask", "local", "--workers", "2"]
                took, _, _ = timed(["run", "--db", str(db), *extra])
                runs[name].append(args.docs / took)
    print(
        f"--dask local against --workers 2, {args.docs:,} documents, {args.reps} interleaved runs; "
        f"{load_line()}"
    )
    for name, rates in runs.items():
        print(f"  {name:<14} {statistics.median(rates):7.1f} documents/s ({min(rates):.1f}–{max(rates):.1f})")
    ratios = [d / w for d, w in zip(runs["--dask local"], runs["--workers 2"], strict=True)]
    print(
        f"  dask / workers: {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) "
        "(bar: >= 0.85)"
    )


def cmd_events(args: argparse.Namespace) -> None:
    from bench_analysis import ACTORS, HYPOTHESES, ISSUES, LOCATIONS
    from whowhom.analysis.alignment import align
    from whowhom.analysis.groups import ActorSpec
    from whowhom.analysis.hypfile import parse_hypotheses
    from whowhom.analysis.hypotheses import assess
    from whowhom.analysis.issues import parse_issues
    from whowhom.analysis.stances import StanceSettings
    from whowhom.analysis.synthetic import generate_events
    from whowhom.store import open_store

    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        db = Path(tmp) / "ev.duckdb"
        t0 = time.perf_counter()
        with open_store(db) as store:
            generate_events(store.con, args.events, actors=ACTORS, locations=LOCATIONS)
        t_gen = time.perf_counter() - t0
        issues = parse_issues(ISSUES, Path("bench-issues.yaml"))
        hyps = parse_hypotheses(HYPOTHESES, Path("bench-hypotheses.yaml"), issues=issues)
        settings = StanceSettings(bootstrap=1000)

        def child(what: str, *extra: str) -> tuple[float, Sampler, str]:
            return timed([*what.split(), *extra, "--db", str(db)])

        with open_store(db, read_only=True) as store:
            t0 = time.perf_counter()
            align(store, issue_set=issues, actors=ActorSpec(issues.actor_groups()), since=dt.date(2008, 1, 1),
                  window_days=30, settings=settings)  # fmt: skip
            t_align = time.perf_counter() - t0
            t0 = time.perf_counter()
            assess(store, hyps, settings=settings)
            t_assess = time.perf_counter() - t0
            t0 = time.perf_counter()
            rows = store.query_events(actor="IRN", limit=100)
            t_actor = time.perf_counter() - t0
        t_cli_actor, _, _ = child("events", "--actor", "IRN", "--limit", "100", "--format", "jsonl")
        import yaml

        issues_file = Path(tmp) / "issues.yaml"
        issues_file.write_text(yaml.safe_dump(ISSUES), encoding="utf-8")
        t_issues, _, _ = child("issues list", str(issues_file))
        out = Path(tmp) / "all.parquet"
        t_export, sampler, said = child("export", str(out), "--format", "parquet")
        size = db.stat().st_size
    print(
        f"{args.events:,} synthetic events (generated in {t_gen:.1f} s; database {mb(size)}); {load_line()}"
    )
    print(f"  align: {t_align:.2f} s (bar: 10 s)")
    print(f"  assess: {t_assess:.2f} s (bar: 10 s)")
    print(f"  events --actor IRN --limit 100: {t_actor:.2f} s in process, {t_cli_actor:.2f} s as a command "
          f"({len(rows)} rows; bar: 1 s)")  # fmt: skip
    print(f"  issues list (10 issues, as a command): {t_issues:.2f} s")
    print(f"  export --format parquet: {t_export:.1f} s, peak RSS {mb(sampler.parent_peak)} — {said} "
          "(bars: 60 s, 2 GB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--docs", type=int, default=10_000)
    p = sub.add_parser("e2e")
    p.add_argument("--docs", type=int, default=50_000)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p = sub.add_parser("dask")
    p.add_argument("--docs", type=int, default=3000)
    p.add_argument("--reps", type=int, default=2)
    p = sub.add_parser("events")
    p.add_argument("--events", type=int, default=10_000_000)
    p.add_argument("--tmp", default=None, help="Folder for the generated database (needs ~2 GB).")
    args = parser.parse_args()
    {"ingest": cmd_ingest, "e2e": cmd_e2e, "dask": cmd_dask, "events": cmd_events}[args.cmd](args)


if __name__ == "__main__":
    main()
