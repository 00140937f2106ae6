"""The static report on a large store: its size, element count, time and peak memory.

A store like a coded corpus of 50,000 documents is generated in DuckDB (documents, and
500,000 events among 300 actor codes, a few very active and many rarely seen, so there are
thousands of direct ties), then ``whowhom report`` runs as a command on it, without issues
or hypotheses files (the case where the network is the whole page) and again with 60 actors
of interest named (no cut to the most active actors), and with an issues file that names no
actors (every code takes stances). Printed: the page's bytes, its
elements (start tags) in all and per section, the time of the command and its peak RSS.

    python bench/bench_report.py [--docs 50000] [--events 500000] [--db PATH] [--keep DIR]

``--db`` keeps (or reuses) the generated store; ``--keep`` keeps the pages. Record the printed
figures in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import load_line, mb, timed

#: Country codes and sector suffixes: 25 x 12 = 300 actor codes.
COUNTRIES = (
    "IRQ", "IRN", "USA", "GBR", "SYR", "TUR", "SAU", "JOR", "EGY", "ISR", "KWT", "LBN", "RUS",
    "CHN", "FRA", "DEU", "QAT", "ARE", "YEM", "PSE", "AFG", "PAK", "IND", "OMN", "BHR",
)  # fmt: skip
SECTORS = ("", "GOV", "MIL", "COP", "OPP", "REB", "BUS", "MED", "CVL", "JUD", "LEG", "EDU")
VERBS = (  # (CAMEO code, Goldstein, the words of the sentence)
    ("036", 4.0, "expressed readiness to meet"), ("042", 1.9, "made a visit to"),
    ("051", 3.4, "praised"), ("057", 8.0, "signed an agreement with"), ("061", 6.4, "cooperated with"),
    ("071", 7.4, "sent aid to"), ("111", -2.0, "criticised"), ("112", -2.0, "accused"),
    ("130", -4.4, "threatened"), ("163", -8.0, "imposed an embargo on"), ("173", -5.0, "arrested"),
    ("190", -10.0, "fought"), ("195", -10.0, "launched air strikes against"),
)  # fmt: skip


#: Issues defined by codes alone: every actor code takes stances on them.
ISSUES = """\
issues:
  - {id: fighting, codes: ["19"]}
  - {id: deals, codes: ["05", "06"]}
  - {id: blame, codes: ["11"]}
"""


def codes() -> list[str]:
    return [c + s for c in COUNTRIES for s in SECTORS]


def build_store(db: Path, docs: int, events: int, *, seed: float = 0.17) -> None:
    """``docs`` documents and ``events`` events (``events // docs`` per document) in one
    statement each. Actor ``k`` of the 300 is drawn with probability falling as ``k`` grows
    (the cube of a uniform number), so a few actors are in most events and most pairs meet
    a few times: the shape of a real corpus's network."""
    from whowhom.analysis.sql import lit
    from whowhom.store import open_store

    actors = codes()
    names = [f"the {c[:3]} {c[3:] or 'state'} side" for c in actors]
    arr = "[" + ", ".join(lit(a) for a in actors) + "]"
    name_arr = "[" + ", ".join(lit(n) for n in names) + "]"
    verbs = "[" + ", ".join(f"{{'c': {lit(c)}, 'g': {g}, 'w': {lit(w)}}}" for c, g, w in VERBS) + "]"
    per_doc = max(1, events // docs)
    pick = f"1 + CAST(floor({len(actors)} * pow(random(), 3)) AS INTEGER)"
    with open_store(db) as store:
        con = store.con
        con.execute(f"SELECT setseed({seed})")
        con.execute(
            "INSERT INTO documents (doc_id, text, date, title, coded_at) "
            "SELECT 'd' || i, 'Report number ' || i || '.', DATE '2008-01-01' + CAST(i % 365 AS INTEGER), "
            f"'Report ' || i, current_timestamp FROM range({int(docs)}) t(i)"
        )
        con.execute(
            f"""
            INSERT INTO events (event_id, doc_id, sentence, date, origin, source_code, source_text,
                source_start, source_end, target_code, target_text, target_start, target_end,
                event_code, event_root, event_goldstein, event_trigger, event_start, event_end,
                polarity, modality, certainty, reliability, attribution, location_name,
                evidence_text, evidence_start, evidence_end)
            SELECT 'e' || i, 'd' || (i // {per_doc}), (i % {per_doc})::INTEGER,
                DATE '2008-01-01' + CAST((i // {per_doc}) % 365 AS INTEGER), 'coded',
                {arr}[s], {name_arr}[s], 0, length({name_arr}[s]),
                {arr}[t], {name_arr}[t], length({name_arr}[s]) + length(v.w) + 2,
                length({name_arr}[s]) + length(v.w) + 2 + length({name_arr}[t]),
                v.c, left(v.c, 2), v.g, v.w,
                length({name_arr}[s]) + 1, length({name_arr}[s]) + 1 + length(v.w),
                CASE WHEN random() < 0.05 THEN 'negated' ELSE 'asserted' END, 'factual',
                [0.3, 0.5, 0.65, 0.75, 0.9][1 + CAST(floor(random() * 5) AS INTEGER)],
                [0.5, 0.6, 0.7, 0.85][1 + CAST(floor(random() * 4) AS INTEGER)], '[]', 'Baghdad',
                sentence, 0, length(sentence)
            FROM (
                SELECT *, {name_arr}[s] || ' ' || v.w || ' ' || {name_arr}[t]
                    || ' near Baghdad on Tuesday, officials told reporters in a statement'
                    || ' (report ' || i || ').'
                    AS sentence
                FROM (
                    SELECT i, {pick} AS s, {pick} AS t,
                        {verbs}[1 + CAST(floor(random() * {len(VERBS)}) AS INTEGER)] AS v
                    FROM range({int(events)}) r(i)
                ) WHERE s <> t
            )
            """
        )


class Elements(HTMLParser):
    """Start tags in all and per top-level ``<section id=…>``."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.by_section: Counter[str] = Counter()
        self.section = "(outside)"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.total += 1
        if tag == "section":
            self.section = dict(attrs).get("id") or "?"
        self.by_section[self.section] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.section = "(outside)"


def count(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def report(db: Path, out: Path, label: str, *extra: str) -> None:
    twin = out.with_suffix(".json")
    took, sampler, said = timed(["report", str(out), "--db", str(db), "--json", str(twin), "--force", *extra])
    el = count(out)
    sections = ", ".join(f"{k} {v:,}" for k, v in el.by_section.most_common())
    print(f"  {label}: {took:.1f} s, peak RSS {mb(sampler.parent_peak)} — {said}")
    print(
        f"    HTML {out.stat().st_size / 1e6:.2f} MB, {el.total:,} elements ({sections}); "
        f"JSON twin {twin.stat().st_size / 1e6:.2f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--db", type=Path, default=None, help="Keep (or reuse) the generated store here.")
    parser.add_argument("--keep", type=Path, default=None, help="Write the pages into this folder.")
    parser.add_argument("extra", nargs="*", help="More options for whowhom report (after --).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "report.duckdb"
        if not db.exists():
            t0 = time.perf_counter()
            build_store(db, args.docs, args.events)
            took = time.perf_counter() - t0
            print(f"generated {args.docs:,} documents and {args.events:,} events in {took:.1f} s")
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        n_events, n_actors, n_ties = con.execute(
            "SELECT count(*), count(DISTINCT source_code), "
            "count(DISTINCT (least(source_code, target_code), greatest(source_code, target_code))) "
            "FROM events"
        ).fetchall()[0]
        con.close()
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print(
            f"whowhom report on {n_events:,} events, {n_actors} actors, {n_ties:,} ties "
            f"(database {mb(db.stat().st_size)}); {load_line()}"
        )
        report(db, out / "plain.html", "no issues, no hypotheses", *args.extra)
        named = ",".join(codes()[:60])
        report(db, out / "named.html", "60 actors of interest (--actors)", "--actors", named, *args.extra)
        issues = out / "issues.yaml"
        issues.write_text(ISSUES, encoding="utf-8")
        report(
            db, out / "issues.html", "an issues file naming no actors (every code takes stances)",
            "--issues", str(issues), "--bootstrap", "200", *args.extra,
        )  # fmt: skip


if __name__ == "__main__":
    main()
