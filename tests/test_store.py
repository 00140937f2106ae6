"""The DuckDB store (whowhom.store): migrations, idempotent writes, queries, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from whowhom.errors import WhowhomError
from whowhom.model import ActorRef, Attribution, Coded, Document, Event, EventCode, Evidence, Location
from whowhom.store import EVENT_COLUMNS, MIGRATIONS, Store, event_to_row, open_store, row_to_event


def actor(code: str, text: str, start: int, actor_id: str | None = None) -> ActorRef:
    country = code[:3] if code[:3] not in ("IGO", "---") else None
    return ActorRef(text, code, country, code[3:6] or None, actor_id, start, start + len(text))


def make_event(
    doc: Document,
    code: str,
    source: ActorRef | None,
    target: ActorRef | None,
    *,
    trigger_start: int = 10,
    sentence: int = 0,
    location: Location | None = None,
    attribution: list[dict] | None = None,
) -> Event:
    trigger = "condemned"
    return Event(
        event_id=f"{doc.doc_id}-{sentence}-{trigger_start}-{code}-{target.start if target else ''}",
        doc_id=doc.doc_id,
        sentence=sentence,
        date=doc.date,
        source=source,
        target=target,
        event=EventCode(
            code, code[:2], "label", "ACCUSE", -2.0, 3, trigger, trigger_start, trigger_start + len(trigger)
        ),
        polarity="asserted",
        modality="reported" if attribution else "factual",
        certainty=0.75 if attribution else 0.9,
        attribution=attribution or [],
        location=location,
        evidence=Evidence(doc.text, 0, len(doc.text)),
    )


D1 = Document(text="Iran condemned the Iraqi government.", doc_id="d1", date="2008-03-29", source="Wire")
D2 = Document(text="Iraqi police attacked Kurdish rebels in Basra.", doc_id="d2", date="2008-04-02")
D3 = Document(text="The UN met Syria.", doc_id="d3", date="2008-05-15")
D4 = Document(text="An undated report.", doc_id="d4")


def sample_events() -> list[Coded]:
    basra = Location("Basra", "Basra", "IRQ", 30.508, 47.783)
    speaker = [Attribution("speaker", "officials", "IRQGOV"), Attribution("outlet", "Wire")]
    pairs = [
        (
            D1,
            [
                make_event(
                    D1,
                    "111",
                    actor("IRN", "Iran", 0),
                    actor("IRQGOV", "Iraqi government", 19),
                    attribution=speaker,
                )
            ],
        ),
        (
            D2,
            [
                make_event(
                    D2,
                    "190",
                    actor("IRQCOP", "Iraqi police", 0),
                    actor("---REB", "Kurdish rebels", 22),
                    trigger_start=13,
                    location=basra,
                )
            ],
        ),
        (
            D3,
            [
                make_event(
                    D3, "040", actor("IGOUNO", "The UN", 0), actor("SYR", "Syria", 11), trigger_start=7
                ),
                make_event(D3, "042", actor("IGOUNO", "The UN", 0), None, trigger_start=7),
            ],
        ),
        (D4, [make_event(D4, "010", actor("USA", "America", 0), None)]),
    ]
    return [Coded(d, events, []) for d, events in pairs]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(tmp_path / "w.duckdb")
    yield s
    s.close()


@pytest.fixture
def filled(store: Store) -> Store:
    coded = sample_events()
    store.add_documents(c.document for c in coded)
    assert store.save_events(coded) == 5
    return store


# -- opening and migrations -------------------------------------------------------------


def test_open_applies_migrations(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with open_store(path) as s:
        rows = s.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        versions = [r[0] for r in rows]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
        tables = {r[0] for r in s.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"documents", "events", "rejected", "schema_version"} <= tables
        cols = [r[0] for r in s.con.execute("DESCRIBE events").fetchall()]
        assert sorted(cols) == sorted(EVENT_COLUMNS)  # the table's order is its migration history
    assert path.exists()


def test_reopen_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "re.duckdb"
    with open_store(path) as s:
        s.add_documents([D1])
    with open_store(path) as s:  # would fail with "table already exists" if re-run
        assert s.con.execute("SELECT count(*) FROM schema_version").fetchone() == (len(MIGRATIONS),)
        assert s.con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    with open_store(path, must_exist=True) as s:
        assert s.con.execute("SELECT count(*) FROM schema_version").fetchone() == (len(MIGRATIONS),)


def test_read_only_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    with pytest.raises(WhowhomError, match=r"^\[E402\]") as err:
        open_store(missing, read_only=True)
    assert str(missing) in str(err.value)
    with pytest.raises(WhowhomError, match=r"E402"):
        open_store(missing, must_exist=True)
    assert not missing.exists()  # nothing was created


def test_read_only_open_of_existing_db(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    with open_store(path) as s:
        coded = sample_events()
        s.add_documents(c.document for c in coded)
        s.save_events(coded)
    with open_store(path, read_only=True) as s:
        assert len(s.query_events()) == 5
        with pytest.raises(duckdb.Error):
            s.add_documents([Document(text="new text")])


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a duckdb file\n" * 100)
    with pytest.raises(WhowhomError, match=r"E401"):
        open_store(bad)


# -- documents --------------------------------------------------------------------------


def test_add_documents_dedupes_by_doc_id(store: Store) -> None:
    first = store.add_documents([D1, D2])
    assert (first.new, first.duplicate) == (2, 0)
    again = store.add_documents([D1, D3, Document(text="x", doc_id="d3")])
    assert (again.new, again.duplicate) == (1, 2)
    assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (3,)
    # content ids: the same text gives the same doc_id
    a, b = Document(text="Same text."), Document(text="Same text.")
    assert a.doc_id == b.doc_id
    assert store.add_documents([a, b]).duplicate == 1


def test_uncoded_documents_round_trip(store: Store) -> None:
    store.add_documents([D2, D1, D4])
    assert store.count_uncoded() == 3
    docs = list(store.uncoded_documents())
    assert [d.doc_id for d in docs] == ["d1", "d2", "d4"]  # by date, undated last
    assert docs[0] == D1
    assert docs[2].date is None
    store.save_events([Coded(D1, [], [])])
    assert store.count_uncoded() == 2


def test_rejected_rows(store: Store) -> None:
    store.add_rejected("in.jsonl", 3, "[E106] bad")
    assert store.summary()["rejected"] == 1


# -- events -----------------------------------------------------------------------------


def test_row_round_trip_without_the_database() -> None:
    for _, events, _ in sample_events():
        for e in events:
            assert row_to_event(event_to_row(e)) == e.to_dict()
            assert set(event_to_row(e)) == set(EVENT_COLUMNS)


def test_row_round_trip_through_the_database(filled: Store) -> None:
    expected = {e.event_id: e.to_dict() for _, events, _ in sample_events() for e in events}
    rows = filled.query_events()
    assert len(rows) == len(expected)
    for row in rows:
        got = row_to_event(row)
        assert got == expected[row["event_id"]]
    undated = [row_to_event(r) for r in rows if r["doc_id"] == "d4"]
    assert undated[0]["date"] is None
    dated = next(row_to_event(r) for r in rows if r["doc_id"] == "d1")
    assert dated["date"] == "2008-03-29" and isinstance(dated["date"], str)


def test_save_events_is_idempotent_per_document(filled: Store) -> None:
    coded = sample_events()
    assert filled.save_events(coded) == 5
    assert filled.con.execute("SELECT count(*) FROM events").fetchone() == (5,)
    # re-coding d3 with fewer events replaces its old ones
    assert filled.save_events([Coded(D3, coded[2].events[:1], [])]) == 1
    assert filled.con.execute("SELECT count(*) FROM events WHERE doc_id = 'd3'").fetchone() == (1,)
    assert filled.count_uncoded() == 0
    assert filled.summary()["events"] == 4


def test_query_by_actor_prefix_on_source_or_target(filled: Store) -> None:
    def ids(**kw: str) -> list[tuple[str, str]]:
        return [(r["doc_id"], r["event_code"]) for r in filled.query_events(**kw)]

    assert ids(actor="IRQ") == [("d1", "111"), ("d2", "190")]  # target d1, source d2
    assert ids(actor="irqgov") == [("d1", "111")]  # case-insensitive, longer prefix
    assert ids(actor="SYR") == [("d3", "040")]  # target only
    assert ids(actor="IGO") == [("d3", "040"), ("d3", "042")]
    assert ids(actor="FRA") == []


def test_dyads_name_a_target_and_two_known_actors(store: Store) -> None:
    doc = Document(
        text="Iran condemned Ann Lee. Iran condemned Iraq. Iran condemned. Iran condemned the police.",
        doc_id="d9",
        date="2008-01-01",
    )
    iran = actor("IRN", "Iran", 0)
    events = [
        make_event(doc, "111", iran, actor("---", "Ann Lee", 15), trigger_start=5),  # a name in no dictionary
        make_event(doc, "111", iran, actor("IRQ", "Iraq", 38), trigger_start=29),
        make_event(doc, "111", iran, None, trigger_start=49),
        make_event(doc, "111", iran, actor("---COP", "police", 80), trigger_start=65),  # of no known country
    ]
    store.add_documents([doc])
    store.save_events([Coded(doc, events, [])])
    assert store.count_events() == 4
    assert [r["target_code"] for r in store.query_events(dyads=True)] == ["IRQ"]


def test_query_by_root_and_dates(filled: Store) -> None:
    assert [r["event_code"] for r in filled.query_events(root="19")] == ["190"]
    assert [r["event_code"] for r in filled.query_events(root="4")] == ["040", "042"]  # zero-filled
    assert [r["doc_id"] for r in filled.query_events(since="2008-04-02")] == ["d2", "d3", "d3"]
    assert [r["doc_id"] for r in filled.query_events(until="2008-04-02")] == ["d1", "d2"]  # inclusive
    assert [r["doc_id"] for r in filled.query_events(since="2008-04-01", until="2008-04-30")] == ["d2"]
    assert filled.query_events(actor="IRQ", root="11", until="2008-03-28") == []
    # undated events come last, and only without date filters
    assert filled.query_events()[-1]["doc_id"] == "d4"
    assert len(filled.query_events(limit=2)) == 2


def test_summary(filled: Store) -> None:
    s = filled.summary()
    assert (s["documents"], s["coded_documents"], s["events"]) == (4, 4, 5)
    assert [(root, n) for root, _, n in s["by_root"]] == [("01", 1), ("04", 2), ("11", 1), ("19", 1)]


# -- exports ----------------------------------------------------------------------------


def test_export_parquet(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert filled.export(out, "parquet") == 5
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() == (5,)
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()]
    assert cols == EVENT_COLUMNS
    out2 = tmp_path / "irq.parquet"
    assert filled.export(out2, "parquet", actor="IRQ") == 2
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out2}')").fetchone() == (2,)


def test_export_csv(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    assert filled.export(out, "csv", root="04") == 2
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    assert list(rows[0]) == EVENT_COLUMNS
    assert {r["event_code"] for r in rows} == {"040", "042"}


def test_export_jsonl(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "it's.jsonl"  # a quote in the path
    assert filled.export(out, "jsonl") == 5
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    expected = {e.event_id: e.to_dict() for _, events, _ in sample_events() for e in events}
    for rec in records:
        assert rec == expected[rec["event_id"]]
    # the csv/parquet path also survives a quote in the file name
    assert filled.export(tmp_path / "it's.csv", "csv") == 5
    assert (tmp_path / "it's.csv").exists()


def test_uncoded_documents_come_in_chunks_oldest_first(tmp_path: Path) -> None:
    with open_store(tmp_path / "chunks.duckdb") as store:
        docs = [Document(text=f"Report number {i}.", date=f"2008-04-0{9 - i}") for i in range(5)]
        store.add_documents(docs)
        got = list(store.uncoded_documents(chunk=2))
    assert [d.date for d in got] == sorted(d.date for d in docs)  # type: ignore[type-var]
    assert {d.doc_id for d in got} == {d.doc_id for d in docs}


def test_the_event_field_list_is_written_once(tmp_path: Path) -> None:
    """Store columns, export columns and the record's (flattened) fields are one list."""
    import dataclasses

    import whowhom.model as m

    parts = {"source": m.ActorRef, "target": m.ActorRef, "event": m.EventCode, "location": m.Location}
    parts["evidence"] = m.Evidence
    parts["provenance"] = m.Provenance  # flattened as origin_file, origin_line, …
    record: list[str] = []
    for f in dataclasses.fields(m.Event):
        if f.name in parts:
            prefix = "origin" if f.name == "provenance" else f.name
            record += [f"{prefix}_{p.name}" for p in dataclasses.fields(parts[f.name])]
        else:
            record.append(f.name)
    assert m.flat_columns() == record == EVENT_COLUMNS
    with open_store(tmp_path / "s.duckdb") as s:
        stored = {r[0] for r in s.con.execute("DESCRIBE events").fetchall()}
        s.export(tmp_path / "e.csv", "csv")
    assert stored == set(record)
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == record


def test_a_crash_between_a_migration_and_its_version_row_leaves_a_store_that_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import whowhom.store as store_module

    path = tmp_path / "crash.duckdb"
    original = list(store_module.MIGRATIONS)

    def crashing(con: duckdb.DuckDBPyConnection) -> None:
        original[0](con)
        raise KeyboardInterrupt  # as if killed after the migration, before its version row

    monkeypatch.setattr(store_module, "MIGRATIONS", [crashing, *original[1:]])
    with pytest.raises(KeyboardInterrupt):
        open_store(path)
    monkeypatch.setattr(store_module, "MIGRATIONS", original)
    with open_store(path) as s:  # the next command opens and migrates it
        assert [
            r[0] for r in s.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        ] == list(range(1, len(original) + 1))


def test_a_duckdb_file_that_is_not_a_whowhom_store_is_a_coded_error(tmp_path: Path) -> None:
    foreign = tmp_path / "other.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE documents (x INTEGER)")
    con.close()
    with pytest.raises(WhowhomError, match=r"\[E403\].*not a whowhom store"):
        open_store(foreign, must_exist=True)
    with pytest.raises(WhowhomError, match=r"\[E403\]"):
        open_store(foreign, read_only=True)
    newer = tmp_path / "newer.duckdb"
    with open_store(newer) as s:
        s.con.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(WhowhomError, match=r"\[E404\]"):
        open_store(newer)


def test_an_old_store_is_upgraded_when_opened_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import whowhom.store as store_module

    path = tmp_path / "old.duckdb"
    original = list(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", original[:2])
    open_store(path).close()
    monkeypatch.setattr(store_module, "MIGRATIONS", original)
    with open_store(path, read_only=True) as s:
        cols = {r[0] for r in s.con.execute("DESCRIBE events").fetchall()}
    assert set(EVENT_COLUMNS) <= cols
