"""Coding on every core: bare spaCy ``nlp.pipe`` with 1 and 2 processes against whowhom's
coding path with 1 and 2 worker processes, on the same sentences, interleaved.

Each repetition runs the four in turn (bare 1, whowhom 1, bare 2, whowhom 2), so that a change
in the machine's load hits all four alike; the figures are medians over the repetitions, with
their spread (min–max). The worker pool is started and warmed before timing (its start-up,
about one model load per worker, is paid once per run and reported on its own line); the
pool of bare spaCy processes (each parsing whole batches and sending back only a count: the
machine's limit for this model) is started and warmed the same way.

    python bench/bench_parallel.py [--sentences 6000] [--per-doc 10] [--reps 5] [--workers 2]

Record the printed figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_coding import sentences
from whowhom.coding.dates import resolve_date
from whowhom.model import Document
from whowhom.nlp import load_nlp
from whowhom.parallel import CoderRecipe, code_in_workers, worker_pool
from whowhom.pipeline import code_documents, make_coder

_NLP: list[object] = []


def _bare_init() -> None:
    nlp = load_nlp()
    list(nlp.pipe(["Warm-up sentence for the parser."]))
    _NLP.append(nlp)


def _bare_parse(texts: list[str]) -> int:
    """What a bare worker does: parse a batch, send back nothing but a count."""
    nlp = _NLP[0]
    return sum(1 for _ in nlp.pipe(texts, batch_size=len(texts)))  # type: ignore[attr-defined]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f}  ({min(values):.0f}–{max(values):.0f})"


def ratio(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}  ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=6000)
    parser.add_argument("--per-doc", type=int, default=10)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    texts = sentences(args.sentences)
    docs = [
        Document(text=" ".join(texts[i : i + args.per_doc]), date="2008-04-01")
        for i in range(0, len(texts), args.per_doc)
    ]
    bodies = [d.text for d in docs]
    n = len(texts)
    nlp = load_nlp()
    coder = make_coder()
    list(nlp.pipe(["Warm-up sentence for the parser."]))
    resolve_date("three days ago", "2008-04-01")
    recipe = CoderRecipe()
    t0 = time.perf_counter()
    pool = worker_pool(args.workers, recipe)
    list(
        code_in_workers(
            docs[: args.workers * 2], workers=args.workers, recipe=recipe, batch_size=1, pool=pool
        )
    )
    t_pool = time.perf_counter() - t0

    context = multiprocessing.get_context("spawn")
    bare_pool = ProcessPoolExecutor(args.workers, mp_context=context, initializer=_bare_init)
    list(bare_pool.map(_bare_parse, [["Warm-up."]] * args.workers))
    batches = [bodies[i : i + args.batch_size] for i in range(0, len(bodies), args.batch_size)]

    def bare(procs: int) -> Callable[[], int]:
        """Bare spaCy: one process's ``nlp.pipe``, or the same batches over a pool of processes
        (the machine's limit for this model: nothing but parsing)."""

        def go() -> int:
            if procs == 1:
                for _ in nlp.pipe(bodies, batch_size=args.batch_size):
                    pass
            else:
                sum(bare_pool.map(_bare_parse, batches))
            return 0

        return go

    def whowhom_one() -> int:
        return sum(
            len(c.events) for c in code_documents(docs, coder=coder, nlp=nlp, batch_size=args.batch_size)
        )

    def whowhom_many() -> int:
        items = code_in_workers(
            docs, workers=args.workers, recipe=recipe, batch_size=args.batch_size, pool=pool
        )
        return sum(len(c.events) for c in items if hasattr(c, "events"))

    runs: dict[str, Callable[[], int]] = {
        "bare spaCy, 1 process": bare(1),
        "whowhom, 1 worker": whowhom_one,
        f"bare spaCy, {args.workers} processes": bare(args.workers),
        f"whowhom, {args.workers} workers": whowhom_many,
    }
    rates: dict[str, list[float]] = {k: [] for k in runs}
    events: dict[str, int] = {}
    for _rep in range(args.reps):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            got = fn()
            rates[name].append(n / (time.perf_counter() - t0))
            if got:
                events[name] = got
    pool.shutdown()
    bare_pool.shutdown()

    names = list(runs)
    b1, w1, bn, wn = (rates[k] for k in names)
    load = os.getloadavg()
    print(f"model: {nlp.meta['name']} {nlp.meta['version']}; {n} sentences in {len(docs)} documents")
    print(
        f"repetitions: {args.reps}, interleaved; load average at the end "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    print(f"worker pool start-up ({args.workers} workers, model loaded in each): {t_pool:.1f} s")
    print("sentences/s, median (min–max):")
    for name in names:
        extra = f"  events {events[name]}" if name in events else ""
        print(f"  {name:<26} {spread(rates[name])}{extra}")
    print(f"whowhom {args.workers} workers / bare spaCy {args.workers} processes: "
          f"{ratio([w / b for w, b in zip(wn, bn, strict=True)])}  (bar: >= 0.85)")  # fmt: skip
    print(f"whowhom {args.workers} workers / whowhom 1 worker: "
          f"{ratio([a / b for a, b in zip(wn, w1, strict=True)])}  (bar: >= 1.7)")  # fmt: skip
    print(f"bare spaCy {args.workers} / 1 processes: {ratio([a / b for a, b in zip(bn, b1, strict=True)])}")
    print(f"whowhom 1 worker / bare spaCy 1 process: {ratio([a / b for a, b in zip(w1, b1, strict=True)])}")


if __name__ == "__main__":
    main()
