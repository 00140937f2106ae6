"""Coding speed: bare spaCy ``nlp.pipe`` against the full whowhom coding path.

Both runs parse the same generated news-like sentences with the same model and
components, in the same process, so their ratio is what the coder itself costs; they are
repeated in turn (``--reps``, default 3) and reported as medians with their spread.
Run with ``make bench``; record the printed figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from statistics import median

from whowhom.coding.dates import resolve_date
from whowhom.knowledge import bundled_directory, load_knowledge_uncached
from whowhom.model import Document
from whowhom.nlp import load_nlp
from whowhom.pipeline import code_documents, make_coder

SUBJECTS = [
    "Iraqi troops",
    "Iran's ambassador to Iraq",
    "The Mahdi Army",
    "US forces",
    "British forces",
    "Prime Minister Nouri al-Maliki",
    "Iraqi police",
    "The Iraqi government",
    "Syrian officials",
    "The United Nations",
    "Turkish warplanes",
    "Kurdish leaders",
    "A spokesman for the ministry",
    "Egypt and Jordan",
    "Russian diplomats",
    "The European Union",
    "Israeli soldiers",
    "Hamas",
]
VERBS = [
    "attacked",
    "condemned",
    "praised",
    "met with",
    "accused",
    "clashed with",
    "welcomed",
    "criticized",
    "threatened",
    "supported",
    "fought",
    "negotiated with",
    "urged",
    "rejected",
    "signed an agreement with",
    "arrested members of",
    "visited",
    "warned",
]
OBJECTS = [
    "militia positions",
    "the Iraqi government",
    "Mahdi Army fighters",
    "American-led operations",
    "Iranian officials",
    "the Syrian president",
    "Kurdish rebels",
    "the British embassy",
    "Palestinian leaders",
    "the United States",
    "Turkey",
    "police in Basra",
    "Saudi Arabia",
]
TAILS = [
    "",
    " in Basra",
    " in Sadr City on Saturday",
    " near Baghdad",
    " on Tuesday",
    " last week",
    " after talks in Qom",
    " in southern Iraq",
]
FRAMES = [
    "{s} {v} {o}{t}.",
    "{s} {v} {o}{t}, officials said.",
    "Officials said {s_low} {v} {o}{t}.",
    "{s} did not criticize {o}{t}.",
    "According to witnesses, {s_low} {v} {o}{t}.",
]


def sentences(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        s = rng.choice(SUBJECTS)
        out.append(
            rng.choice(FRAMES).format(
                s=s,
                s_low=s[0].lower() + s[1:] if s.startswith("The") else s,
                v=rng.choice(VERBS),
                o=rng.choice(OBJECTS),
                t=rng.choice(TAILS),
            )
        )
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=2400)
    parser.add_argument("--per-doc", type=int, default=4, help="sentences per document")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions")
    args = parser.parse_args()

    texts = sentences(args.sentences)
    docs = [
        Document(text=" ".join(texts[i : i + args.per_doc]), date="2008-04-01")
        for i in range(0, len(texts), args.per_doc)
    ]
    t0 = time.perf_counter()
    load_knowledge_uncached(bundled_directory())
    t_dict = time.perf_counter() - t0
    nlp = load_nlp()
    coder = make_coder()
    # exclude one-off start-up costs: the parser's first batch, dateparser's first parse, the
    # gazetteer's first read of each country's small places (all paid once per process)
    list(nlp.pipe(["Warm-up sentence for the parser."]))
    resolve_date("three days ago", "2008-04-01")
    list(code_documents(docs[:25], coder=coder, nlp=nlp))

    bare_s: list[float] = []
    full_s: list[float] = []
    n_events = 0
    for _ in range(args.reps):  # interleaved: a change in the machine's load hits both alike
        t0 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=args.batch_size):
            pass
        bare_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(
            len(coded.events)
            for coded in code_documents(docs, coder=coder, nlp=nlp, batch_size=args.batch_size)
            if hasattr(coded, "events")
        )
        full_s.append(time.perf_counter() - t0)
    mem = peak_mb()

    n = len(texts)
    bare_rates = [n / t for t in bare_s]
    full_rates = [n / t for t in full_s]
    ratios = [b / f for b, f in zip(bare_s, full_s, strict=True)]
    load = os.getloadavg()
    print(f"model: {nlp.meta['name']} {nlp.meta['version']}  components: {', '.join(nlp.pipe_names)}")
    print(f"sentences: {n} in {len(docs)} documents, batch size {args.batch_size}")
    print(f"repetitions: {args.reps}, interleaved; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"dictionary load: {t_dict:.2f} s")
    print(
        f"bare spaCy nlp.pipe: {median(bare_rates):8.0f} sentences/s "
        f"({min(bare_rates):.0f}–{max(bare_rates):.0f})"
    )
    print(
        f"full whowhom coding: {median(full_rates):8.0f} sentences/s "
        f"({min(full_rates):.0f}–{max(full_rates):.0f})"
        f"  events: {n_events}"
    )
    print(
        f"ratio full/bare: {median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}); peak RSS {mem:.0f} MB"
    )


if __name__ == "__main__":
    main()
