"""How far to trust a corpus: the data-quality figures ``whowhom summary`` and the report show.

Every figure is a count over the store (docs/ANALYSIS.md, "Data quality"):

* documents, coded, failed (with their messages) and rejected inputs;
* documents with zero events, by why: the reason the coder recorded (``coding/empty.py``:
  every sentence discarded, no verb the dictionary codes, no known actor for its verbs),
  else "failed", else "not recorded" (coded before reasons were kept);
* events without a target, with an actor that has no country (codes starting ``---``, or
  a code without a country), undated, and placed by the document's one place instead of a
  place named for the event (``location_precision = 'document'``);
* discards by rule (boilerplate among them), the boilerplate lines found, and copies: event
  rows that repeat a report already counted (``sql.REPORTS``);
* which extractor gave the text of HTML documents;
* events by CAMEO root, each root with its own label (not a sub-code's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from whowhom.analysis.sql import REPORT_KEY, REPORTS, lit
from whowhom.coding.cameo import cameo_tables
from whowhom.coding.empty import NO_EVENT
from whowhom.store import ASSERTED_EVENTS, Store

#: Boilerplate lines and failures listed by name (the counts cover all of them).
LISTED = 10


@dataclass
class DataQuality:
    documents: int
    coded: int
    events: int
    rejected: int
    failed: int
    failed_examples: list[tuple[str, str]]  # (doc_id, message)
    empty_documents: int  # coded, with zero events
    empty_by_reason: list[tuple[str, int]]  # (why, documents)
    no_target: int
    no_country: int  # events with a source or target that has no country
    unasserted: int  # negated, hedged, speculative or future events (kept as evidence)
    undated: int
    document_placed: int  # events placed by the document's one place
    sentence_placed: int  # events placed by a place named for them
    discarded: list[tuple[str, int, int]]  # (rule, units, documents)
    boilerplate_lines: int  # distinct lines found to be boilerplate
    boilerplate_examples: list[tuple[str, str, int]]  # (source, line, documents)
    copies: int  # event rows that are copies of a report counted once
    reprinted: int  # reports printed in more than one document
    reprint_copies: int  # of ``copies``: those in another document than the report's first
    extractors: list[tuple[str, int]]  # (extractor, documents)
    by_root: list[tuple[str, str, int]] = field(default_factory=list)  # (root, root label, events)
    reprints: list[Reprint] = field(default_factory=list)  # the most reprinted reports

    @property
    def empty_share(self) -> float | None:
        return self.empty_documents / self.coded if self.coded else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["empty_share"] = round(self.empty_share, 4) if self.empty_share is not None else None
        return d

    def lines(self) -> list[str]:
        """The figures in words, one line each (the summary prints them; the report shows them)."""

        def pct(n: int, of: int) -> str:
            return f" ({n / of:.0%})" if of else ""

        out = [
            f"{self.documents} documents ({self.coded} coded), {self.events} events, "
            f"{self.rejected} rejected inputs, {self.failed} failed documents",
            f"documents with zero events: {self.empty_documents}{pct(self.empty_documents, self.coded)}"
            + (
                " — " + ", ".join(f"{n} {why}" for why, n in self.empty_by_reason)
                if self.empty_by_reason
                else ""
            ),
            f"events negated, hedged, speculative or future: {self.unasserted}"
            f"{pct(self.unasserted, self.events)}, kept as evidence ('events' and 'export' give them "
            "with --modality all)",
            f"events without a target: {self.no_target}{pct(self.no_target, self.events)}",
            f"events with an actor without a country (---): {self.no_country}"
            f"{pct(self.no_country, self.events)}",
            f"undated events: {self.undated}{pct(self.undated, self.events)}",
            f"events placed by the document's place, not their sentence: {self.document_placed}"
            f" (by their sentence: {self.sentence_placed})",
            f"copies counted once: {self.copies} event rows ({self.reprint_copies} reprints of "
            f"{self.reprinted} report(s) found in several documents; the rest the same who-what-whom "
            "twice in one sentence)",
            f"boilerplate: {self.boilerplate_lines} line(s) recurring across documents of one source, "
            f"{self._rule_units('boilerplate')} sentence(s) not coded",
        ]
        shown = [(rule, u, d) for rule, u, d in self.discarded if rule != NO_EVENT]  # in the line above
        if shown:
            out.append("discarded: " + ", ".join(f"{u} {rule} ({d} documents)" for rule, u, d in shown))
        if self.extractors:
            out.append("text extracted by: " + ", ".join(f"{e} {n}" for e, n in self.extractors))
        return out

    def _rule_units(self, rule: str) -> int:
        return next((u for r, u, _ in self.discarded if r == rule), 0)


@dataclass
class Reprint:
    """One report printed in several documents: one event, several reports (all kept)."""

    text: str
    code: str | None
    source: str | None
    target: str | None
    events: int  # event rows, one per copy
    documents: int
    outlets: int  # distinct document sources (NULL: not counted)
    event_ids: list[str]


def reprints(store: Store, *, limit: int | None = LISTED) -> list[Reprint]:
    """Reports found in more than one document, most reprinted first: each is one event in
    stances, the network and assess, whatever the number of its copies."""
    sql = (
        "SELECT any_value(e.evidence_text), any_value(e.event_code), any_value(e.source_code), "
        "any_value(e.target_code), count(*), count(DISTINCT e.doc_id), count(DISTINCT d.source), "
        f"list(e.event_id ORDER BY e.date NULLS LAST, e.event_id) FROM (SELECT *, {REPORT_KEY} AS k "
        "FROM events) e LEFT JOIN documents d USING (doc_id) "
        "GROUP BY e.k HAVING count(DISTINCT e.doc_id) > 1 ORDER BY 5 DESC, 1"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        Reprint(str(t or ""), c, a, b, int(n), int(docs), int(outlets), list(ids))
        for t, c, a, b, n, docs, outlets, ids in store.fetchall(sql)
    ]


def _one(store: Store, sql: str) -> int:
    row = store.fetchone(sql)
    return int(row[0]) if row and row[0] is not None else 0


#: A role has no country: a code that starts with ``---`` (Phoenix's "no country"), or a code
#: with no country recorded.
def _countryless(side: str) -> str:
    return f"({side}_code IS NOT NULL AND (starts_with({side}_code, '---') OR {side}_country IS NULL))"


_EMPTY = (
    "SELECT d.doc_id, d.failed FROM documents d WHERE (d.coded_at IS NOT NULL OR d.failed IS NOT NULL) "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id)"
)


def data_quality(store: Store) -> DataQuality:
    """The data-quality figures of a store (read-only: every query is a count)."""
    empty_reasons = store.fetchall(
        "SELECT CASE WHEN m.failed IS NOT NULL THEN 'failed' "
        "ELSE coalesce(r.phrase, CASE WHEN x.doc_id IS NOT NULL THEN 'discarded' END, 'not recorded') END "
        f"AS why, count(*) FROM ({_EMPTY}) m "
        f"LEFT JOIN (SELECT doc_id, any_value(phrase) AS phrase FROM discarded WHERE rule = {lit(NO_EVENT)} "
        "GROUP BY doc_id) r USING (doc_id) "
        "LEFT JOIN (SELECT DISTINCT doc_id FROM discarded) x USING (doc_id) "
        "GROUP BY why ORDER BY 2 DESC, 1"
    )
    reports = store.fetchone(f"SELECT count(*) FROM {REPORTS} r")
    reprint = store.fetchone(
        "SELECT count(*), coalesce(sum(docs - 1), 0) FROM (SELECT count(DISTINCT doc_id) AS docs "
        f"FROM (SELECT doc_id, {REPORT_KEY} AS k FROM events) GROUP BY k HAVING docs > 1)"
    )
    events = _one(store, "SELECT count(*) FROM events")
    labels = cameo_tables().labels
    roots = store.fetchall("SELECT event_root, count(*) FROM events GROUP BY event_root ORDER BY event_root")
    boilerplate = store.boilerplate_lines()
    failed = store.failed_documents()
    return DataQuality(
        documents=store.count_documents(),
        coded=_one(store, "SELECT count(*) FROM documents WHERE coded_at IS NOT NULL"),
        events=events,
        rejected=_one(store, "SELECT count(*) FROM rejected"),
        failed=len(failed),
        failed_examples=failed[:LISTED],
        empty_documents=sum(int(n) for _, n in empty_reasons if _ != "failed"),
        empty_by_reason=[(str(w), int(n)) for w, n in empty_reasons if w != "failed"],
        no_target=_one(store, "SELECT count(*) FROM events WHERE target_code IS NULL"),
        unasserted=_one(store, f"SELECT count(*) FROM events WHERE NOT ({ASSERTED_EVENTS})"),
        no_country=_one(
            store, f"SELECT count(*) FROM events WHERE {_countryless('source')} OR {_countryless('target')}"
        ),
        undated=_one(store, "SELECT count(*) FROM events WHERE date IS NULL"),
        document_placed=_one(store, "SELECT count(*) FROM events WHERE location_precision = 'document'"),
        sentence_placed=_one(
            store,
            "SELECT count(*) FROM events WHERE location_name IS NOT NULL "
            "AND coalesce(location_precision, 'sentence') = 'sentence'",
        ),
        discarded=[
            (str(r), int(u), int(d))
            for r, u, d in store.fetchall(
                "SELECT rule, count(*), count(DISTINCT doc_id) FROM discarded "
                "GROUP BY rule ORDER BY 2 DESC, 1"
            )
        ],
        boilerplate_lines=len(boilerplate),
        boilerplate_examples=boilerplate[:LISTED],
        copies=events - (int(reports[0]) if reports else 0),
        reprinted=int(reprint[0]) if reprint else 0,
        reprint_copies=int(reprint[1]) if reprint else 0,
        extractors=[
            (str(e), int(n))
            for e, n in store.fetchall(
                "SELECT extractor, count(*) FROM documents WHERE extractor IS NOT NULL "
                "GROUP BY 1 ORDER BY 2 DESC"
            )
        ],
        by_root=[(str(r), labels.get(str(r), ""), int(n)) for r, n in roots if r is not None],
        reprints=reprints(store),
    )
