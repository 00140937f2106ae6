"""End-to-end tests: the real ``whowhom`` console script, run as a subprocess on real files.

spaCy costs a couple of seconds per process, so the demo corpus is ingested and coded once
per module (``demo_db``) and the read-only commands share that database.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "basra-2008"
README = ROOT / "README.md"

SADR_SENTENCE = "Iran's ambassador to Iraq condemned the American-led operations in Sadr City."
RECORD_FIELDS = (
    "event_id", "doc_id", "sentence", "date", "source", "target", "event",
    "polarity", "modality", "certainty", "attribution", "location", "evidence",
)  # fmt: skip
SUMMARY_LINE = re.compile(r"^(\d+) new, (\d+) duplicate, (\d+) failed$", re.MULTILINE)
CODED_LINE = re.compile(r"coded (\d+) documents: (\d+) events")


# --------------------------------------------------------------------------- helpers


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def _explain(proc: subprocess.CompletedProcess[str]) -> str:
    return (
        f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout[-3000:]}\n"
        f"--- stderr ---\n{proc.stderr[-3000:]}"
    )


def _events(run_cli: Any, db: Path, *filters: str) -> list[dict[str, Any]]:
    """``events --format jsonl`` with the filters, of every modality and with or without a target
    unless they say."""
    if "--modality" not in filters:
        filters = (*filters, "--modality", "all")
    if "--dyads-only" not in filters:
        filters = (*filters, "--with-monadic")
    proc = run_cli("events", "--db", db, "--format", "jsonl", *filters)
    assert proc.returncode == 0, _explain(proc)
    return _jsonl(proc.stdout)


def _code(a: dict[str, Any] | None) -> str:
    return (a or {}).get("code") or ""


def _country(a: dict[str, Any] | None) -> str:
    return (a or {}).get("country") or ""


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, run_cli: Any) -> dict[str, Any]:
    """The demo corpus ingested and coded once: the db path and the two commands' output."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    ingested = run_cli("ingest", DEMO, "--db", db)
    assert ingested.returncode == 0, _explain(ingested)
    coded = run_cli("run", "--db", db)
    assert coded.returncode == 0, _explain(coded)
    return {"db": db, "ingest": ingested, "run": coded}


@pytest.fixture(scope="module")
def demo_events(demo_db: dict[str, Any], run_cli: Any) -> list[dict[str, Any]]:
    """Every event the demo run stored (``--modality all``)."""
    events = _events(run_cli, demo_db["db"])
    assert events, "the demo corpus gave no events"
    return events


# --------------------------------------------------------------------------- 1. code (text)


def test_code_stdin_codes_the_sadr_city_sentence(run_cli: Any) -> None:
    proc = run_cli("code", "--date", "2008-03-29", "-", input=SADR_SENTENCE + "\n")
    assert proc.returncode == 0, _explain(proc)
    events = _jsonl(proc.stdout)
    assert events, _explain(proc)

    for e in events:
        missing = [f for f in RECORD_FIELDS if f not in e]
        assert not missing, f"event record lacks {missing}: {e}"
        assert e["date"] == "2008-03-29"

    matches = [
        e for e in events
        if _country(e["source"]) == "IRN" and e["event"]["root"] == "11" and _country(e["target"]) == "USA"
    ]  # fmt: skip
    assert matches, f"no IRN -11-> USA event in {events}"
    e = matches[0]
    assert e["event"]["goldstein"] == -2.0
    assert e["event"]["quad_class"] == 3
    assert e["polarity"] == "asserted"

    loc = e["location"]
    assert loc is not None and "Sadr City" in loc["name"]
    assert loc["lat"] == pytest.approx(33.39, abs=0.05)
    assert loc["lon"] == pytest.approx(44.46, abs=0.05)

    text = SADR_SENTENCE
    for part in ("source", "target"):
        span = e[part]
        assert text[span["start"] : span["end"]] == span["text"], part
    ev = e["event"]
    assert text[ev["start"] : ev["end"]] == ev["trigger"]
    assert ev["trigger"] == "condemned"
    evidence = e["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert loc["text"] in text


# --------------------------------------------------------------------------- 2. code (options)


def test_code_jsonl_records_keep_their_ids_and_bad_lines_are_reported(run_cli: Any, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    good_a = {"id": "rec-a", "text": SADR_SENTENCE, "date": "2008-03-29"}
    good_b = {
        "id": "rec-b",
        "text": "Iraqi troops fought Mahdi Army fighters in Basra.",
        "date": "2008-03-26",
    }
    records.write_text(
        json.dumps(good_a) + "\n" + '{"id": "broken", "text": \n' + json.dumps(good_b) + "\n",
        encoding="utf-8",
    )
    proc = run_cli("code", "--input-format", "jsonl", records)
    assert proc.returncode == 1, _explain(proc)

    errors = _error_lines(proc.stderr)
    assert len(errors) == 1, _explain(proc)
    assert "[E106]" in errors[0] and "records.jsonl:2" in errors[0], errors

    events = _jsonl(proc.stdout)
    doc_ids = {e["doc_id"] for e in events}
    assert doc_ids == {"rec-a", "rec-b"}, f"events per record id: {doc_ids}"
    texts = {"rec-a": good_a["text"], "rec-b": good_b["text"]}
    for e in events:
        src = e["source"]
        if src is not None:
            assert texts[e["doc_id"]][src["start"] : src["end"]] == src["text"]
    dates = {e["doc_id"]: e["date"] for e in events}
    assert dates == {"rec-a": "2008-03-29", "rec-b": "2008-03-26"}


def test_code_csv_has_flattened_header(run_cli: Any, tmp_path: Path) -> None:
    proc = run_cli("code", "--date", "2008-03-29", "--format", "csv", "-", input=SADR_SENTENCE)
    assert proc.returncode == 0, _explain(proc)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    header = proc.stdout.splitlines()[0].split(",")
    for column in ("event_id", "doc_id", "source_code", "target_code", "event_root", "event_code",
                   "event_goldstein", "location_lat", "evidence_start", "polarity"):  # fmt: skip
        assert column in header, f"{column} not in CSV header {header}"
    assert rows, _explain(proc)
    assert any(r["event_root"] == "11" and r["source_country"] == "IRN" for r in rows), rows


def test_code_table_is_human_readable(run_cli: Any) -> None:
    proc = run_cli("code", "--date", "2008-03-29", "--format", "table", "-", input=SADR_SENTENCE)
    assert proc.returncode == 0, _explain(proc)
    assert not proc.stdout.lstrip().startswith("{"), "table output looks like JSON"
    assert "Iran's ambassador" in proc.stdout, f"actor text not shown whole:\n{proc.stdout}"
    assert "IRNGOV" in proc.stdout


def test_code_rejects_a_bad_date(run_cli: Any) -> None:
    proc = run_cli("code", "--date", "notadate", "-", input=SADR_SENTENCE)
    assert proc.returncode != 0
    assert "[E201]" in proc.stderr and "notadate" in proc.stderr, _explain(proc)
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == ""


def test_code_rejects_an_unknown_format(run_cli: Any) -> None:
    proc = run_cli("code", "--format", "xml", "-", input=SADR_SENTENCE)
    assert proc.returncode != 0
    assert "[E601]" in proc.stderr and "xml" in proc.stderr, _explain(proc)
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- 3. ingest

HTML_ARTICLE = """<!DOCTYPE html>
<html><head><title>Iran praises Basra operation</title>
<meta name="date" content="2008-03-31">
<meta name="author" content="Jane Reporter">
</head><body><article>
<h1>Iran praises Basra operation</h1>
<p>Iran's ambassador to Iraq praised the Iraqi government's operation in Basra on Monday,
according to officials in Baghdad.</p>
<p>The ambassador also condemned the American-led operations in Sadr City, where fighting
continued for a sixth day.</p>
<p>Officials said the talks in Qom would continue through the week as both sides sought a
lasting ceasefire.</p>
</article></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Feed</title><link>http://example.org/</link>
<description>Test wire</description>
<item><title>Curfew</title><link>http://example.org/1</link>
<pubDate>Thu, 27 Mar 2008 10:00:00 +0000</pubDate>
<description>Iraqi authorities imposed a curfew on Baghdad.</description></item>
<item><title>Badr</title><link>http://example.org/2</link>
<pubDate>Fri, 28 Mar 2008 10:00:00 +0000</pubDate>
<description>&lt;p&gt;The Badr Organization did not condemn the Basra operation.&lt;/p&gt;
</description></item>
</channel></rss>
"""

GOOD_TXT = """---
title: Troops fight in Basra
date: 2008-03-25
source: Test Wire
---
Iraqi troops fought Mahdi Army fighters in Basra on Tuesday.
"""

JSONL_GOOD = [
    {"id": "j1", "text": "British forces supported the Iraqi army in Basra.", "date": "2008-03-26"},
    {"id": "j2", "text": "US aircraft bombed Mahdi Army positions in Sadr City.", "date": "2008-04-01"},
]

MAX_BYTES = 3000
# bad file name -> (expected code, expected location in the message)
BAD_FILES = {
    "binary.txt": ("E104", "binary.txt"),
    "garbage.txt": ("E105", "garbage.txt"),
    "empty.txt": ("E102", "empty.txt"),
    "huge.txt": ("E103", "huge.txt"),
    "records.jsonl": ("E106", "records.jsonl:2"),
    "notext.html": ("E108", "notext.html"),
}
N_GOOD_DOCS = 1 + 1 + 2 + 2  # txt, html, jsonl records, feed entries


@pytest.fixture
def ingest_dir(tmp_path: Path) -> Path:
    d = tmp_path / "inbox"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (d / "article.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (d / "feed.xml").write_text(RSS_FEED, encoding="utf-8")
    lines = [json.dumps(JSONL_GOOD[0]), '{"id": "j-bad", "text": "unterminated', json.dumps(JSONL_GOOD[1])]
    (d / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"Iraqi troops\x00\x01\x02 fought\x00 in Basra\n")
    (d / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 2)
    (d / "empty.txt").write_bytes(b"")
    (d / "huge.txt").write_text("Iraqi troops fought Mahdi Army fighters in Basra. " * 100, encoding="utf-8")
    (d / "notext.html").write_text(
        "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
        encoding="utf-8",
    )
    assert (d / "huge.txt").stat().st_size > MAX_BYTES
    assert all((d / name).stat().st_size <= MAX_BYTES for name in ("good.txt", "article.html", "feed.xml"))
    return d


def _summary(proc: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    m = SUMMARY_LINE.search(proc.stdout)
    assert m, f"no 'N new, N duplicate, N failed' line:\n{_explain(proc)}"
    return int(m[1]), int(m[2]), int(m[3])


def test_ingest_mixed_directory(run_cli: Any, ingest_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "ingest.duckdb"
    proc = run_cli("ingest", ingest_dir, "--db", db, "--max-bytes", str(MAX_BYTES))
    assert proc.returncode == 1, _explain(proc)
    assert _summary(proc) == (N_GOOD_DOCS, 0, len(BAD_FILES))

    errors = _error_lines(proc.stderr)
    assert len(errors) == len(BAD_FILES), _explain(proc)
    for name, (code, where) in BAD_FILES.items():
        hits = [line for line in errors if re.search(rf"[/\\]{re.escape(name)}\b", line)]
        assert len(hits) == 1, f"{name}: expected one stderr line, got {hits}"
        assert f"[{code}]" in hits[0], hits[0]
        assert where in hits[0], hits[0]
    for name in ("good.txt", "article.html", "feed.xml"):
        assert not any(name in line for line in errors), f"good file {name} reported: {errors}"

    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.execute(
            "SELECT text, CAST(date AS VARCHAR), title, author, source, path FROM documents"
        ).fetchall()
        rejected = con.execute("SELECT count(*) FROM rejected").fetchone()
    assert len(docs) == N_GOOD_DOCS
    assert rejected == (len(BAD_FILES),)
    by_text = {text: (date, title, author, source, path) for text, date, title, author, source, path in docs}

    assert by_text["Iraqi troops fought Mahdi Army fighters in Basra on Tuesday."][:3] == (
        "2008-03-25", "Troops fight in Basra", None,
    )  # fmt: skip
    for record in JSONL_GOOD:
        assert by_text[record["text"]][0] == record["date"]
    assert by_text["Iraqi authorities imposed a curfew on Baghdad."][0] == "2008-03-27"
    assert by_text["The Badr Organization did not condemn the Basra operation."][0] == "2008-03-28"
    html = [(t, meta) for t, meta in by_text.items() if "praised the Iraqi government" in t]
    assert len(html) == 1, list(by_text)
    html_text, (date, title, author, _, _) = html[0]
    assert (date, title, author) == ("2008-03-31", "Iran praises Basra operation", "Jane Reporter")
    assert "lasting ceasefire" in html_text
    assert "var a" not in " ".join(by_text)


def test_ingest_again_finds_only_duplicates(run_cli: Any, ingest_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    first = run_cli("ingest", ingest_dir, "--db", db, "--max-bytes", str(MAX_BYTES))
    assert _summary(first) == (N_GOOD_DOCS, 0, len(BAD_FILES))
    second = run_cli("ingest", ingest_dir, "--db", db, "--max-bytes", str(MAX_BYTES))
    assert second.returncode == 1, _explain(second)
    assert _summary(second) == (0, N_GOOD_DOCS, len(BAD_FILES))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (N_GOOD_DOCS,)


def test_ingest_clean_directory_exits_zero(run_cli: Any, tmp_path: Path) -> None:
    d = tmp_path / "clean"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    proc = run_cli("ingest", d, "--db", tmp_path / "clean.duckdb")
    assert proc.returncode == 0, _explain(proc)
    assert _summary(proc) == (1, 0, 0)
    assert proc.stderr.strip() == ""


def test_ingest_missing_path(run_cli: Any, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    proc = run_cli("ingest", missing, "--db", tmp_path / "m.duckdb")
    assert proc.returncode != 0
    errors = _error_lines(proc.stderr)
    assert len(errors) == 1 and "[E111]" in errors[0] and "no-such-dir" in errors[0], _explain(proc)
    assert _summary(proc) == (0, 0, 1)


# --------------------------------------------------------------------------- 4. run


def test_run_reports_what_it_stored(demo_db: dict[str, Any], demo_events: list[dict[str, Any]]) -> None:
    m = CODED_LINE.search(demo_db["run"].stdout)
    assert m, _explain(demo_db["run"])
    n_docs, n_events = int(m[1]), int(m[2])
    assert n_docs == len(list(DEMO.glob("*.txt")))
    assert n_events == len(demo_events), (
        f"run said it coded {n_events} events but the store holds {len(demo_events)}"
    )
    assert {e["doc_id"] for e in demo_events} <= set(_ingested_ids(demo_db["db"]))


def _ingested_ids(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]


def test_run_is_incremental(demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any) -> None:
    again = run_cli("run", "--db", demo_db["db"])
    assert again.returncode == 0, _explain(again)
    assert re.search(r"\b0 documents\b", again.stdout), _explain(again)
    assert not CODED_LINE.search(again.stdout) or CODED_LINE.search(again.stdout)[1] == "0"
    after = _events(run_cli, demo_db["db"])
    assert len(after) == len(demo_events)
    assert {e["event_id"] for e in after} == {e["event_id"] for e in demo_events}


def test_run_on_missing_database(run_cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "absent.duckdb"
    proc = run_cli("run", "--db", db)
    assert proc.returncode != 0
    assert "[E402]" in proc.stderr and "absent.duckdb" in proc.stderr, _explain(proc)
    assert "Traceback" not in proc.stderr
    assert not db.exists(), "run created the database it was told did not exist"


# --------------------------------------------------------------------------- 5. demo corpus


def test_demo_ingest_stored_every_report(demo_db: dict[str, Any]) -> None:
    n = len(list(DEMO.glob("*.txt")))
    assert _summary(demo_db["ingest"]) == (n, 0, 0)


def test_demo_army_fights_mahdi_army(demo_events: list[dict[str, Any]]) -> None:
    hits = [
        e for e in demo_events
        if e["event"]["root"] == "19"
        and _code(e["source"]).startswith("IRQ")
        and (_code(e["target"]).startswith("IRQREB") or "Mahdi" in ((e["target"] or {}).get("text") or ""))
    ]  # fmt: skip
    assert hits, "no Iraqi root-19 event against the Mahdi Army in the demo corpus"


def test_demo_iran_denounces_us(demo_events: list[dict[str, Any]]) -> None:
    hits = [
        e for e in demo_events
        if e["event"]["root"] == "11" and _country(e["source"]) == "IRN" and _country(e["target"]) == "USA"
    ]  # fmt: skip
    assert hits, "no IRN -11-> USA event in the demo corpus"
    for e in hits:
        assert e["event"]["goldstein"] is not None and e["event"]["goldstein"] < 0


def test_demo_has_negated_events(demo_events: list[dict[str, Any]]) -> None:
    negated = [e for e in demo_events if e["polarity"] == "negated"]
    assert negated
    assert {e["polarity"] for e in demo_events} <= {"asserted", "negated"}


def test_demo_records_are_complete_and_offsets_slice_the_document(
    demo_db: dict[str, Any], demo_events: list[dict[str, Any]]
) -> None:
    with duckdb.connect(str(demo_db["db"]), read_only=True) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        titles = dict(con.execute("SELECT doc_id, title FROM documents").fetchall())
    assert any(e["evidence"]["kind"] == "headline" for e in demo_events)
    for e in demo_events:
        assert set(RECORD_FIELDS) <= set(e), e
        # a headline's offsets are into the document's title, a body sentence's into its text
        text = titles[e["doc_id"]] if e["evidence"]["kind"] == "headline" else texts[e["doc_id"]]
        ev = e["event"]
        assert text[ev["start"] : ev["end"]] == ev["trigger"], e
        assert text[e["evidence"]["start"] : e["evidence"]["end"]] == e["evidence"]["text"], e
        for part in ("source", "target"):
            span = e[part]
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"], (part, e)


def test_events_actor_filter(demo_db: dict[str, Any], run_cli: Any) -> None:
    events = _events(run_cli, demo_db["db"], "--actor", "IRN")
    assert events
    for e in events:
        assert _code(e["source"]).startswith("IRN") or _code(e["target"]).startswith("IRN"), e


def test_events_root_filter(demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any) -> None:
    events = _events(run_cli, demo_db["db"], "--root", "19")
    assert events
    assert all(e["event"]["root"] == "19" for e in events)
    assert len(events) == sum(e["event"]["root"] == "19" for e in demo_events)


def test_events_since_filter(
    demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any
) -> None:
    events = _events(run_cli, demo_db["db"], "--since", "2008-04-01")
    assert events
    assert all(e["date"] is not None and e["date"] >= "2008-04-01" for e in events)
    assert len(events) < len(demo_events), "--since filtered nothing out"


def test_events_bad_since_date(demo_db: dict[str, Any], run_cli: Any) -> None:
    proc = run_cli("events", "--db", demo_db["db"], "--since", "April", "--format", "jsonl")
    assert proc.returncode != 0
    assert "[E201]" in proc.stderr, _explain(proc)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_matches_events(
    fmt: str, demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / f"events.{fmt}"
    proc = run_cli(
        "export", "--db", demo_db["db"], "--format", fmt, out, "--modality", "all", "--with-monadic"
    )
    assert proc.returncode == 0, _explain(proc)
    assert out.is_file()
    assert f"wrote {len(demo_events)} events" in proc.stdout, _explain(proc)
    expected_ids = {e["event_id"] for e in demo_events}
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == len(demo_events)
        assert {"source_code", "event_root", "evidence_text"} <= set(table.column_names)
        ids = set(table.column("event_id").to_pylist())
        with duckdb.connect() as con:
            assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone() == (
                len(demo_events),
            )
    elif fmt == "csv":
        with out.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(demo_events)
        assert {"source_code", "event_root", "evidence_text"} <= set(rows[0])
        ids = {r["event_id"] for r in rows}
    else:
        records = _jsonl(out.read_text(encoding="utf-8"))
        assert len(records) == len(demo_events)
        assert all(set(RECORD_FIELDS) <= set(r) for r in records)
        ids = {r["event_id"] for r in records}
    assert ids == expected_ids


def test_summary_counts(demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any) -> None:
    proc = run_cli("summary", "--db", demo_db["db"])
    assert proc.returncode == 0, _explain(proc)
    n = len(list(DEMO.glob("*.txt")))
    assert f"{n} documents ({n} coded), {len(demo_events)} events, 0 rejected inputs" in proc.stdout


def test_events_and_export_give_what_happened_unless_asked_for_all(
    demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any, tmp_path: Path
) -> None:
    unasserted = [
        e for e in demo_events if e["polarity"] != "asserted" or e["modality"] not in ("factual", "reported")
    ]
    assert unasserted, "the demo corpus has hedged, future or negated events"
    listed = _events(run_cli, demo_db["db"], "--modality", "asserted")
    assert {e["event_id"] for e in listed} == {e["event_id"] for e in demo_events} - {
        e["event_id"] for e in unasserted
    }
    proc = run_cli(
        "export", "--db", demo_db["db"], "--format", "jsonl", tmp_path / "asserted.jsonl", "--with-monadic"
    )
    assert f"wrote {len(listed)} events" in proc.stdout, _explain(proc)
    assert f"(left out {len(unasserted)} negated, hedged, speculative or future" in proc.stdout
    proc = run_cli("events", "--db", demo_db["db"], "--modality", "some")
    assert proc.returncode != 0 and "[E601]" in proc.stderr, _explain(proc)


def test_events_and_export_give_dyads_unless_asked_for_monadic_events(
    demo_db: dict[str, Any], demo_events: list[dict[str, Any]], run_cli: Any, tmp_path: Path
) -> None:
    asserted = _events(run_cli, demo_db["db"], "--modality", "asserted")
    monadic = [
        e
        for e in asserted
        if e["target"] is None or any(e[side]["code"].startswith("---") for side in ("source", "target"))
    ]
    assert monadic and len(monadic) < len(asserted), "the demo corpus has events with and without a target"
    dyads = _events(run_cli, demo_db["db"], "--modality", "asserted", "--dyads-only")
    assert {e["event_id"] for e in dyads} == {e["event_id"] for e in asserted} - {
        e["event_id"] for e in monadic
    }
    default = run_cli("events", "--db", demo_db["db"], "--format", "jsonl")
    assert {e["event_id"] for e in _jsonl(default.stdout)} == {e["event_id"] for e in dyads}
    proc = run_cli("export", "--db", demo_db["db"], "--format", "jsonl", tmp_path / "dyads.jsonl")
    assert f"wrote {len(dyads)} events" in proc.stdout, _explain(proc)
    left_out = f"{len(monadic)} with no target or an actor of no known country: --with-monadic)"
    assert left_out in proc.stdout, _explain(proc)


# --------------------------------------------------------------------------- 6. eval

EVAL_LINE = re.compile(r"^lenient P=(0\.\d\d|1\.00) R=(0\.\d\d|1\.00) F1=(0\.\d\d|1\.00)$")


def test_eval_on_peer_gold(run_cli: Any, peer_dir: Path) -> None:
    cases = peer_dir / "petrarch2_gsr_cases.jsonl"
    if not cases.is_file():
        pytest.skip(f"{cases} not found")
    proc = run_cli("eval", cases)
    assert proc.returncode == 0, _explain(proc)
    last = proc.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"lenient P=0\.\d\d R=0\.\d\d F1=(0\.\d\d)", last)
    assert m, f"last line is {last!r}"
    assert float(m[1]) >= 0.40, last


def test_eval_reports_bad_case_lines(run_cli: Any, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    good = {"id": "c1", "text": SADR_SENTENCE, "date": "20080329",
            "expected": [{"source": "IRNGOV", "target": "USA", "code": "111"}]}  # fmt: skip
    cases.write_text(json.dumps(good) + "\n" + '{"id": "c2", "text": \n', encoding="utf-8")
    proc = run_cli("eval", cases)
    assert proc.returncode == 1, _explain(proc)
    errors = _error_lines(proc.stderr)
    assert len(errors) == 1 and "[E501]" in errors[0] and "cases.jsonl:2" in errors[0], _explain(proc)
    last = proc.stdout.strip().splitlines()[-1]
    assert EVAL_LINE.match(last), f"the good case was not scored: {last!r}"


# --------------------------------------------------------------------------- 7. help, version, docs

# the commands every user task needs; --help may list more
EXPECTED_COMMANDS = {"ingest", "run", "code", "events", "summary", "export", "eval"}


def _help_commands(help_text: str) -> list[str]:
    """Command names from ``--help`` (rich box layout or plain click layout)."""
    lines = help_text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Commands" in line), None)
    assert start is not None, f"no Commands section in --help:\n{help_text}"
    names: list[str] = []
    for line in lines[start + 1 :]:
        m = re.match(r"^[│|] ([a-z][\w-]*)\s", line) or re.match(r"^  ([a-z][\w-]*)(?:\s|$)", line)
        if m:
            names.append(m[1])
        elif line.startswith(("╰", "+")) or (line.strip() and not line.startswith((" ", "│", "|"))):
            break
    return names


def test_version(run_cli: Any) -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0, _explain(proc)
    assert re.fullmatch(r"whowhom \d+\.\d+\.\d+\S*", proc.stdout.strip()), proc.stdout


def test_help_lists_every_command(run_cli: Any) -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0, _explain(proc)
    listed = _help_commands(proc.stdout)
    assert set(listed) >= EXPECTED_COMMANDS, proc.stdout
    assert len(listed) == len(set(listed)), listed


@pytest.mark.parametrize("command", sorted(EXPECTED_COMMANDS))
def test_each_command_has_help(command: str, run_cli: Any) -> None:
    proc = run_cli(command, "--help")
    assert proc.returncode == 0, _explain(proc)
    assert "Usage:" in proc.stdout and command in proc.stdout


def test_every_command_is_documented_in_readme(run_cli: Any) -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0, _explain(proc)
    commands = _help_commands(proc.stdout)
    assert commands, proc.stdout
    assert README.is_file(), (
        f"{README} does not exist: it must document every command listed by 'whowhom --help' "
        f"({', '.join(commands)})"
    )
    readme = README.read_text(encoding="utf-8")
    undocumented = [
        c for c in commands
        if not re.search(rf"\bwhowhom {re.escape(c)}\b", readme) and f"`{c}`" not in readme
    ]  # fmt: skip
    assert not undocumented, (
        f"README.md does not document: {', '.join(undocumented)} "
        "(expected 'whowhom <command>' in an example or `<command>` in the text)"
    )


def test_the_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's Python example, run as written: it codes a sentence and prints its events."""
    text = README.read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 3
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.split() == ["IRN", "111", "IRQ"]


def test_the_console_script_end_to_end(tmp_path: Path, run_cli_subprocess: Any) -> None:
    """The installed ``whowhom`` script itself (the other CLI tests run it in-process)."""
    db = tmp_path / "e2e.duckdb"
    ingest = run_cli_subprocess("ingest", ROOT / "examples" / "basra-2008", "--db", db)
    assert ingest.returncode == 0 and ingest.stdout.strip() == "17 new, 0 duplicate, 0 failed", ingest.stderr
    run = run_cli_subprocess("run", "--db", db)
    assert run.returncode == 0 and run.stdout.startswith("coded 17 documents: "), run.stderr
    events = run_cli_subprocess("events", "--db", db, "--format", "jsonl", "--limit", "3")
    assert events.returncode == 0 and len(events.stdout.splitlines()) == 3
    missing = run_cli_subprocess("summary", "--db", tmp_path / "nowhere.duckdb")
    assert missing.returncode == 1 and missing.stderr.startswith("[E402]")
