"""Coding time per character for one long document, from 10 k to 1 M characters.

Each size is one document of generated news-like paragraphs (``bench_coding.sentences``),
coded through the real path (``pipeline.code_documents``: parsed in pieces past
``PIECE_CHARS``, then the coder's stages). Linear coding keeps µs per character flat; the
last column is the ratio to the smallest size, measured in this run.

    python bench/bench_long.py [--sizes 10000,100000,300000,1000000]
"""

from __future__ import annotations

import argparse
import resource
import time

from bench_coding import sentences
from whowhom.model import Document
from whowhom.nlp import load_nlp
from whowhom.pipeline import code_documents, make_coder


def document(chars: int) -> str:
    out: list[str] = []
    n = 0
    seed = 0
    while n < chars:
        para = " ".join(sentences(5, seed=seed)) + "\n\n"
        out.append(para)
        n += len(para)
        seed += 1
    return "".join(out)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,300000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    nlp = load_nlp()
    coder = make_coder()
    list(code_documents([Document(text=document(2000), date="2008-04-01")], coder=coder, nlp=nlp))
    print(f"{'characters':>11} {'seconds':>8} {'µs/char':>8} {'events':>7} {'peak RSS MB':>11} {'ratio':>6}")
    first = None
    for size in sizes:
        doc = Document(text=document(size), date="2008-04-01")
        t0 = time.perf_counter()
        [item] = list(code_documents([doc], coder=coder, nlp=nlp))
        took = time.perf_counter() - t0
        per = took / size * 1e6
        first = first or per
        events = len(item[1]) if isinstance(item, tuple) else 0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>11,} {took:>8.2f} {per:>8.1f} {events:>7} {rss:>11.0f} {per / first:>6.2f}")


if __name__ == "__main__":
    main()
