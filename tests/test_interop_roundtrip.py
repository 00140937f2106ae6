"""Exports in other datasets' layouts (whowhom.interop.export), read back by the importer:
export → import gives the same events, as far as each format carries them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from whowhom.interop.importer import import_file
from whowhom.model import ActorRef, Coded, Document, Event, EventCode, Evidence, Location
from whowhom.store import Store, open_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eventdata"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared event data not found at {DATA}")

DOC = Document(text="Iran condemned the raid. Iraqi police did not attack the rebels.", doc_id="d1",
               date="2008-03-29", source="Test Wire", url="https://example.org/d1")  # fmt: skip


def coded_events() -> list[Event]:
    iran = ActorRef("Iran", "IRN", "IRN", None, "iran", 0, 4)
    police = ActorRef("Iraqi police", "IRQCOP", "IRQ", "COP", None, 25, 37)
    rebels = ActorRef("the rebels", "---REB", None, "REB", None, 53, 63)
    uno = ActorRef("the UN", "IGOUNO", None, None, None, 0, 6)
    return [
        Event("e1", "d1", 0, "2008-03-29", iran, None,
              EventCode("111", "11", "Criticize or denounce", "ACCUSE", -2.0, 3, "condemned", 5, 14),
              certainty=0.9, reliability=0.6, location=Location("Basra", "Basra", "IRQ", 30.5, 47.8),
              attribution=[{"role": "outlet", "text": "Test Wire"}], evidence=Evidence(DOC.text[:24], 0, 24)),
        Event("e2", "d1", 1, "2008-03-29", police, rebels,
              EventCode("190", "19", "Use conventional military force", "ASSAULT", -10.0, 4, "attack",
                        46, 52),
              polarity="negated", certainty=0.8, evidence=Evidence(DOC.text[25:], 25, len(DOC.text))),
        Event("e3", "d1", 1, "2008-03-30", uno, iran,
              EventCode("010", "01", "Make statement", None, 0.0, 1, "said", 7, 11),
              modality="reported", certainty=0.7, evidence=Evidence("the UN said", 0, 11)),
    ]  # fmt: skip


def rows(store: Store, where: str = "TRUE") -> list[dict[str, Any]]:
    cur = store.con.execute(f"SELECT * FROM events WHERE {where} ORDER BY date, origin_line, event_id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "coded.duckdb")
    store.add_documents([DOC])
    store.save_events([Coded(DOC, coded_events(), [])])
    yield store
    store.close()


def test_plover_round_trip_keeps_everything(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert coded.export(out, "plover") == 3
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert (record["event"], record["cameo"], record["source"]) == (
        "ACCUSE",
        "111",
        [{"actorText": "Iran", "code": "IRN", "sector": None}],
    )
    assert record["eventLoc"] == {"name": "Basra", "country code": "IQ", "lat": 30.5, "lon": 47.8}
    before = rows(coded)
    with open_store(tmp_path / "back.duckdb") as back:
        r = import_file(back, out)
        assert (r.rows, r.new, r.rejected) == (3, 3, 0)
        after = {e["origin_id"]: e for e in rows(back)}
    same = ("doc_id", "sentence", "date", "source_code", "source_text", "source_country", "target_code",
            "target_text", "target_country", "event_code", "event_root", "event_label", "event_goldstein",
            "event_quad_class", "event_trigger", "polarity", "modality", "certainty", "reliability",
            "location_name", "location_country", "location_lat", "location_lon")  # fmt: skip
    for e in before:
        a = after[e["event_id"]]
        assert {k: a[k] for k in same} == {k: e[k] for k in same}
        assert a["event_id"] == f"plover:{e['event_id']}" and a["origin"] == "plover"
        assert a["evidence_text"].startswith(e["evidence_text"])  # the sentence, then where it came from
        assert a["origin_url"] == "https://example.org/d1"  # the document's URL travels as provenance
    assert after["e1"]["attribution"] == '[{"role":"outlet","text":"Test Wire"}]'


def test_gdelt_and_icews_leave_out_negated_events(coded: Store, tmp_path: Path) -> None:
    for fmt in ("gdelt", "icews"):
        out = tmp_path / f"events.{fmt}"
        assert coded.export(out, fmt) == 2  # e2 is negated: neither format can say "did not"
        with open_store(tmp_path / f"{fmt}.duckdb") as back:
            r = import_file(back, out)
            assert (r.origin, r.rows, r.new, r.rejected) == (fmt, 2, 2, 0)
            got = rows(back)
        assert [(e["date"].isoformat(), e["event_code"]) for e in got] == [
            ("2008-03-29", "111"),
            ("2008-03-30", "010"),
        ]
        assert got[0]["source_text"] == "Iran" and got[0]["location_country"] == "IRQ"
        assert got[0]["location_lat"] == pytest.approx(30.5)
    # GDELT carries CAMEO actor codes as they are; ICEWS rebuilds them from country and sectors
    with open_store(tmp_path / "gdelt.duckdb") as back:
        assert [e["source_code"] for e in rows(back)] == ["IRN", "IGOUNO"]
        assert rows(back)[0]["origin_url"] == "https://example.org/d1"
    with open_store(tmp_path / "icews.duckdb") as back:
        assert [(e["source_code"], e["target_code"]) for e in rows(back)] == [("IRN", None), ("---", "IRN")]


@needs_data
def test_gdelt_sample_round_trip(tmp_path: Path) -> None:
    src = DATA / "gdelt2/20191024143000.export.CSV"
    with open_store(tmp_path / "a.duckdb") as a:
        import_file(a, src)
        out = tmp_path / "again.export.CSV"
        assert a.export(out, "gdelt") == 2111
        first = {e["event_id"]: e for e in rows(a)}
    with open_store(tmp_path / "b.duckdb") as b:
        r = import_file(b, out)
        assert (r.rows, r.new, r.rejected) == (2111, 2111, 0)
        second = {e["event_id"]: e for e in rows(b)}
    assert first.keys() == second.keys()  # GLOBALEVENTID is kept, so the ids are the same
    same = ("date", "source_code", "source_text", "source_country", "target_code", "target_text",
            "event_code", "event_goldstein", "origin_goldstein", "origin_sources", "origin_mentions",
            "origin_url",
            "location_name", "location_country", "location_lat", "location_lon")  # fmt: skip
    for k, e in first.items():
        assert {c: second[k][c] for c in same} == {c: e[c] for c in same}, k


@needs_data
def test_icews_sample_round_trip(tmp_path: Path) -> None:
    src = DATA / "icews/20181004-icews-events.tab"
    with open_store(tmp_path / "a.duckdb") as a:
        import_file(a, src)
        out = tmp_path / "again.tab"
        assert a.export(out, "icews") == 2338
        first = {e["event_id"]: e for e in rows(a)}
    with open_store(tmp_path / "b.duckdb") as b:
        r = import_file(b, out)
        assert (r.rows, r.new, r.rejected) == (2338, 2338, 0)
        second = {e["event_id"]: e for e in rows(b)}
    assert first.keys() == second.keys()
    # sector lists are written back as the one sector name the code was built from, so the
    # codes survive though the lists do not
    same = ("date", "doc_id", "sentence", "source_text", "source_code", "source_country", "target_text",
            "target_code", "target_country", "event_code", "origin_goldstein", "location_country",
            "location_lat", "location_lon", "attribution")  # fmt: skip
    for k, e in first.items():
        assert {c: second[k][c] for c in same} == {c: e[c] for c in same}, k
