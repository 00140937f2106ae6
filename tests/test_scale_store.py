"""The store's write path at scale: batched ingest with an anti-join, append-only event writes,
a per-batch writer that lets go between batches, event parts loaded once."""

from __future__ import annotations

from pathlib import Path

import duckdb

from whowhom.model import Coded, Discard, Document, Event, EventCode
from whowhom.scale.load import load_parts
from whowhom.scale.parts import DOCS_SCHEMA, make_part, part_file, write_part
from whowhom.store import open_store


def _docs(n: int, start: int = 0) -> list[Document]:
    return [Document(text=f"Note {i}: the council met.", date="2008-05-01") for i in range(start, start + n)]


def test_batched_ingest_counts_duplicates_within_and_across_chunks(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        docs = _docs(25)
        first = store.add_documents([*docs, docs[3], docs[20]], chunk=7)
        assert (first.new, first.duplicate) == (25, 2)
        again = store.add_documents([*_docs(10, 20), docs[0]], chunk=4)  # 5 new, 5 + 1 stored
        assert (again.new, again.duplicate) == (5, 6)
        assert store.count_documents() == 30
        row = store.fetchone(
            "SELECT CAST(date AS VARCHAR), text FROM documents WHERE doc_id = ?", [docs[2].doc_id]
        )
        assert row == ("2008-05-01", docs[2].text)


def test_a_per_batch_store_lets_go_between_batches(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    with open_store(db, per_batch=True) as store:
        store.add_documents(_docs(12), chunk=5)
        assert store._con is None  # released: another process may open the file now
        other = duckdb.connect(str(db), read_only=True)  # what another reader would do
        assert other.execute("SELECT count(*) FROM documents").fetchall() == [(12,)]
        other.close()
        assert len(list(store.uncoded_documents(chunk=5))) == 12
        assert store._con is None
        assert store.count_uncoded() == 12  # opened again on use


def _event(doc_id: str, n: int) -> Event:
    code = EventCode("010", "01", "statement", None, 0.0, 1, "said", 0, 4)
    return Event(event_id=f"{doc_id}-{n}", doc_id=doc_id, sentence=0, date="2008-05-01", source=None,
                 target=None, event=code)  # fmt: skip


def test_event_writes_append_and_coding_again_replaces(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.duckdb") as store:
        a, b = _docs(2)
        store.add_documents([a, b])
        assert store.save_events([Coded(a, [_event(a.doc_id, 1), _event(a.doc_id, 2)], [])]) == 2
        assert store.save_events([Coded(b, [_event(b.doc_id, 1)], [])]) == 1
        # a coded again: its earlier events go, b's stay
        assert store.save_events([Coded(a, [_event(a.doc_id, 3)], [Discard(0, "rule", "x")])]) == 1
        rows = store.fetchall("SELECT event_id FROM events ORDER BY 1")
        assert [r[0] for r in rows] == [f"{a.doc_id}-3", f"{b.doc_id}-1"]
        assert store.fetchone("SELECT count(*) FROM discarded") == (1,)


def test_event_parts_load_once_and_mark_documents(tmp_path: Path) -> None:
    from whowhom.pipeline import CodingFailure

    docs = _docs(4)
    failure = CodingFailure(docs[3], "[E209] document x could not be coded: test")
    part = make_part("p1", [Coded(d, [], [Discard(None, "whowhom.test", "x")]) for d in docs[:3]] + [failure])
    write_part(tmp_path / "parts", part)
    assert part.docs.schema.equals(DOCS_SCHEMA)
    with open_store(tmp_path / "l.duckdb") as store:
        store.add_documents(docs)
        got = load_parts(store, tmp_path / "parts")
        assert (got.coded, got.failed) == (3, 1)
        assert store.count_uncoded() == 0
        assert [m for _, m in store.failed_documents()] == [failure.message]
        assert store.fetchone("SELECT count(*) FROM discarded") == (3,)
        again = load_parts(store, tmp_path / "parts")
        assert (again.events, again.coded, again.failed) == (0, 0, 0)
        assert store.fetchone("SELECT count(*) FROM discarded") == (3,)
    assert part_file(tmp_path / "parts", "p1", "events").exists()
