"""Coding speed: bare spaCy ``nlp.pipe`` against the full whowhom coding path.

Both runs parse the same generated news-like sentences with the same model and
components, in the same process, so their ratio is what the coder itself costs.
Run with ``make bench``; record the printed figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

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

    t0 = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=args.batch_size):
        pass
    bare = time.perf_counter() - t0
    mem_bare = peak_mb()

    t0 = time.perf_counter()
    n_events = sum(
        len(coded[1]) for coded in code_documents(docs, coder=coder, nlp=nlp, batch_size=args.batch_size)
    )
    full = time.perf_counter() - t0
    mem_full = peak_mb()

    n = len(texts)
    print(f"model: {nlp.meta['name']} {nlp.meta['version']}  components: {', '.join(nlp.pipe_names)}")
    print(f"sentences: {n} in {len(docs)} documents, batch size {args.batch_size}")
    print(f"dictionary load: {t_dict:.2f} s")
    print(f"bare spaCy nlp.pipe: {n / bare:8.0f} sentences/s  ({bare:.2f} s)  peak RSS {mem_bare:.0f} MB")
    print(
        f"full whowhom coding: {n / full:8.0f} sentences/s  ({full:.2f} s)  peak RSS {mem_full:.0f} MB"
        f"  events: {n_events}"
    )
    print(f"ratio full/bare: {bare / full:.2f}")


if __name__ == "__main__":
    main()
