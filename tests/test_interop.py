"""Importing event data (whowhom.interop): every real sample, field by field; bad rows;
re-imports; chunking; detection; PLOVER and POLECAT fixtures of the project's own."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from whowhom.errors import WhowhomError
from whowhom.interop import gdelt, icews
from whowhom.interop.detect import sniff
from whowhom.interop.importer import ImportReport, import_file
from whowhom.interop.reader import blank_lines
from whowhom.store import Store, open_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eventdata"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared event data not found at {DATA}")

#: (file, origin, data rows) as eventdata/README.md counts them
SAMPLES = [
    ("gdelt1/spark-gdelt_events1.csv", "gdelt", 100),
    ("gdelt1/gdelt-demo_sample_events.csv", "gdelt", 710),
    ("gdelt2/20191024143000.export.CSV", "gdelt", 2111),
    ("gdelt2/spark-gdelt_events.csv", "gdelt", 100),
    ("gdelt2/spark-gdelt_eventsT.csv", "gdelt", 100),
    ("icews/20181004-icews-events.tab", "icews", 2338),
    ("icews/events.2018.sample.tab", "icews", 3705),
]


def fields(path: Path, line: int) -> list[str]:
    """Line ``line`` (1-based) of a sample, split on tabs, the way its codebook reads it."""
    with path.open(encoding="utf-8") as fh:
        for n, text in enumerate(fh, 1):
            if n == line:
                return text.rstrip("\n").split("\t")
    raise AssertionError(f"{path} has no line {line}")


def stored(store: Store, event_id: str) -> dict[str, Any]:
    cur = store.con.execute("SELECT * FROM events WHERE event_id = ?", [event_id])
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, event_id
    return dict(zip(names, rows[0], strict=True))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Any]]]:
    store = open_store(tmp_path_factory.mktemp("interop") / "w.duckdb")
    report = ImportReport()
    results = {name: import_file(store, DATA / name, report=report) for name, _, _ in SAMPLES}
    yield store, {"results": results, "report": report}
    store.close()


@pytest.mark.parametrize(("name", "origin", "rows"), SAMPLES)
def test_each_sample_imports_every_row(
    imported: tuple[Store, dict[str, Any]], name: str, origin: str, rows: int
) -> None:
    store, state = imported
    r = state["results"][name]
    assert (r.origin, r.rows, r.new, r.duplicate, r.rejected) == (origin, rows, rows, 0, 0)
    n = store.con.execute("SELECT count(*) FROM events WHERE origin_file = ?", [str(DATA / name)]).fetchall()
    assert n == [(rows,)]
    lines = store.con.execute(
        "SELECT min(origin_line), max(origin_line), count(DISTINCT origin_line) FROM events "
        "WHERE origin_file = ?",
        [str(DATA / name)],
    ).fetchall()[0]
    first = 2 if origin == "icews" else 1  # ICEWS line 1 is the header
    assert lines == (first, rows + first - 1, rows)
    assert state["report"].messages == []


def test_gdelt2_row_field_by_field(imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    path = DATA / "gdelt2/20191024143000.export.CSV"
    cols = gdelt.columns(2)
    for line in (1, 2, 1000, 2111):
        f = dict(zip(cols, fields(path, line), strict=True))
        e = stored(store, f"gdelt:{f['GLOBALEVENTID']}")
        assert e["origin_line"] == line and e["origin_id"] == f["GLOBALEVENTID"]
        assert str(e["date"]).replace("-", "") == f["SQLDATE"]
        assert e["event_code"] == f["EventCode"] and e["event_root"] == f["EventRootCode"]
        assert e["origin_code"] == f["EventCode"]
        assert e["origin_goldstein"] == float(f["GoldsteinScale"])
        assert e["event_quad_class"] == int(f["QuadClass"])
        assert e["origin_sources"] == int(f["NumSources"]) and e["origin_mentions"] == int(f["NumMentions"])
        assert e["source_code"] == (f["Actor1Code"].strip() or None)
        assert e["source_text"] == (f["Actor1Name"] or None)
        assert e["target_code"] == (f["Actor2Code"].strip() or None)
        assert e["location_name"] == (f["ActionGeo_FullName"] or None)
        if f["ActionGeo_FullName"]:
            assert e["location_lat"] == pytest.approx(float(f["ActionGeo_Lat"]))
            assert e["location_lon"] == pytest.approx(float(f["ActionGeo_Long"]))
        assert e["origin_url"] == f["SOURCEURL"] == e["doc_id"]
        assert f"20191024143000.export.CSV line {line}" in e["evidence_text"]
        assert f["SOURCEURL"] in e["evidence_text"]
    # line 1: no Actor1, Actor2 AUS, CAMEO 139 (Goldstein ours and theirs), Vancouver (FIPS CA → CAN)
    e = stored(store, "gdelt:881990832")
    assert e["source_code"] is None and e["target_code"] == "AUS" and e["target_text"] == "VICTORIA"
    assert (e["event_code"], e["event_goldstein"], e["origin_goldstein"], e["location_country"]) == (
        "139",
        -7.0,
        -7.0,
        "CAN",
    )
    assert e["location_name"] == "Vancouver, British Columbia, Canada"
    assert (e["origin"], e["polarity"], e["modality"], e["certainty"]) == (
        "gdelt",
        "asserted",
        "factual",
        0.9,
    )


def test_gdelt1_mixes_57_and_58_fields(imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    path = DATA / "gdelt1/spark-gdelt_events1.csv"
    by_count: dict[int, int] = {}
    for line in range(1, 101):
        f = fields(path, line)
        by_count[len(f)] = by_count.get(len(f), 0) + 1
        e = stored(store, f"gdelt:{f[0]}")
        assert e["origin_line"] == line and e["event_code"] == f[26]
        if len(f) == 57:  # back files: no SOURCEURL, the row is its own document
            assert e["origin_url"] is None and e["doc_id"] == f"gdelt:spark-gdelt_events1.csv:{line}"
        elif f[57].startswith("http"):
            assert e["origin_url"] == f[57]
        else:  # 'BBC Monitoring' is an outlet, not a URL
            assert e["origin_url"] is None and f[57] in e["attribution"]
        if f[15].startswith(" "):  # the 20130401 rows' leading space in Actor2Code
            assert e["target_code"] == (f[15].strip() or None)
    assert by_count == {57: 40, 58: 60}


def test_icews_row_field_by_field(imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    for name, line in (("icews/20181004-icews-events.tab", 2), ("icews/events.2018.sample.tab", 2),
                       ("icews/events.2018.sample.tab", 3706)):  # fmt: skip
        f = dict(zip(icews.COLUMNS, fields(DATA / name, line), strict=True))
        e = stored(store, f"icews:{f['Event ID']}@{f['Event Date']}")
        assert e["origin_line"] == line and e["origin_id"] == f["Event ID"]
        assert str(e["date"]) == f["Event Date"]
        assert e["event_code"] == f["CAMEO Code"] and e["event_trigger"] == f["Event Text"]
        assert e["origin_goldstein"] == float(f["Intensity"])
        assert e["source_text"] == f["Source Name"]
        assert e["doc_id"] == f"icews:story:{f['Story ID']}" and e["sentence"] == int(f["Sentence Number"])
        assert json.loads(e["attribution"]) == [{"role": "outlet", "text": f["Publisher"]}]
        assert f"ICEWS event {f['Event ID']}" in e["evidence_text"] and f"line {line}" in e["evidence_text"]
    # the first row of the Dataverse file: the US government uses force against the UN (an IGO)
    e = stored(store, "icews:33685578@2018-09-28")
    assert (e["source_code"], e["source_country"], e["source_sector"]) == ("USAGOV", "USA", "GOV")
    assert (e["target_code"], e["target_country"]) == ("IGO", None)
    assert (e["location_name"], e["location_country"], e["location_lat"]) == ("United States", "USA", 38.8951)
    # empty fields and readr's literal NA are both missing
    na = store.con.execute(
        "SELECT count(*) FROM events WHERE origin = 'icews' "
        "AND (location_name = 'NA' OR source_sector = 'NA' "
        "OR target_text = 'NA')"
    ).fetchall()
    assert na == [(0,)]
    no_place = store.con.execute(
        "SELECT count(*) FROM events WHERE origin_file LIKE '%events.2018.sample.tab' "
        "AND location_lat IS NULL"
    ).fetchall()
    assert no_place == [(2,)]  # the README's two rows with NA Country, Latitude and Longitude


def test_icews_country_names_map_to_codes(imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    unmapped = store.con.execute(
        "SELECT count(*) FROM events WHERE origin = 'icews' AND location_name IS NOT NULL "
        "AND location_country IS NULL"
    ).fetchall()
    assert unmapped == [(0,)]
    russia = store.con.execute(
        "SELECT DISTINCT source_country FROM events WHERE origin = 'icews' AND source_text = 'Russia'"
    ).fetchall()
    assert russia == [("RUS",)]  # ICEWS writes 'Russian Federation'


def test_reimport_adds_nothing(imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    before = store.con.execute("SELECT count(*) FROM events").fetchall()
    r = import_file(store, DATA / "gdelt2/spark-gdelt_events.csv")
    assert (r.rows, r.new, r.duplicate, r.rejected) == (100, 0, 100, 0)
    assert store.con.execute("SELECT count(*) FROM events").fetchall() == before


def test_chunks_keep_line_numbers(tmp_path: Path, imported: tuple[Store, dict[str, Any]]) -> None:
    store, _ = imported
    path = DATA / "gdelt2/20191024143000.export.CSV"
    with open_store(tmp_path / "small.duckdb") as small:
        r = import_file(small, path, chunk_bytes=10_000)  # about 25 rows a chunk
        assert (r.rows, r.new) == (2111, 2111)
        got = set(small.con.execute("SELECT event_id, origin_line FROM events").fetchall())
    want = set(
        store.con.execute(
            "SELECT event_id, origin_line FROM events WHERE origin_file = ?", [str(path)]
        ).fetchall()
    )
    assert got == want


def test_bad_rows_are_named_counted_recorded(tmp_path: Path) -> None:
    src = DATA / "gdelt2/20191024143000.export.CSV"
    good = src.read_text(encoding="utf-8").splitlines()[:6]
    short = "\t".join(good[1].split("\t")[:59])
    bad_date = good[2].replace("\t20181024\t", "\t20181324\t", 1)
    bad_code = "\t".join(f if i != 26 else "999" for i, f in enumerate(good[3].split("\t")))
    lines = [good[0], short, "", bad_date, good[4], bad_code, good[5]]
    path = tmp_path / "bad.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(tmp_path / "b.duckdb") as store:
        report = ImportReport()
        r = import_file(store, path, report=report)
        assert (r.rows, r.new, r.rejected) == (6, 3, 3)
        assert report.messages == [
            f"[E132] {path}:2: GDELT 2.0 (61 columns) row rejected: has 59 fields, expected 61.",
            f"[E132] {path}:4: GDELT 2.0 (61 columns) row rejected: bad date '20181324'.",
            f"[E132] {path}:6: GDELT 2.0 (61 columns) row rejected: unknown CAMEO code '999'.",
        ]
        recorded = store.con.execute("SELECT path, line, message FROM rejected ORDER BY line").fetchall()
        assert [(p, n) for p, n, _ in recorded] == [(str(path), 2), (str(path), 4), (str(path), 6)]
        assert [m for _, _, m in recorded] == report.messages
        lines_of = dict(store.con.execute("SELECT origin_id, origin_line FROM events").fetchall())
        ids = [x.split("\t")[0] for x in (good[0], good[4], good[5])]
        assert lines_of == {ids[0]: 1, ids[1]: 5, ids[2]: 7}  # after the blank and the bad lines


def test_blank_lines() -> None:
    assert blank_lines(b"a\nb\n") == []
    assert blank_lines(b"\na\n\n\nb\r\n\r\nc") == [1, 3, 4, 6]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("gdelt2/spark-gdelt_mentions.csv", "[E131]"),
        ("gdelt1/codebook_gdelt1_events_columns.csv", "[E131]"),
    ],
)
def test_files_that_are_not_events_are_refused(name: str, code: str) -> None:
    with pytest.raises(WhowhomError) as e:
        sniff(DATA / name)
    assert str(e.value).startswith(code) and name.split("/")[-1] in str(e.value)


def test_format_must_match(tmp_path: Path) -> None:
    with open_store(tmp_path / "f.duckdb") as store, pytest.raises(WhowhomError) as e:
        import_file(store, DATA / "icews/events.2018.sample.tab", "gdelt")
    assert str(e.value).startswith("[E133]") and "ICEWS" in str(e.value)


def test_codebook_column_names() -> None:
    for version, name in ((1, "gdelt1/codebook_gdelt1_events_columns.csv"),
                          (2, "gdelt2/codebook_gdelt2_events_columns.csv")):  # fmt: skip
        with (DATA / name).open(encoding="utf-8") as fh:
            assert tuple(r["name"] for r in csv.DictReader(fh)) == gdelt.columns(version)


# -- PLOVER and POLECAT: fixtures written here, in the published layouts ---------------------

PLOVER_RECORDS = [
    {"id": "doc-header", "event": "DOCUMENT", "eventText": "", "publication": "", "coder": "test",
     "version": "0.5b1", "dateCoded": "2024-01-01", "comment": "a header record carrying licence text"},
    {"id": "p1", "event": "ASSAULT", "mode": "beat", "date": "2000-01-01", "eventText": "beat",
     "text": "Police in the capital beat striking dock workers.", "publication": "Test Wire",
     "source": [{"actorText": "Police", "code": "ABC", "sector": "COP"}],
     "target": [{"actorText": "dock workers", "code": "ABC", "sector": "LAB"}],
     "eventLoc": {"name": "Geneva", "country code": "CH"}, "context": "labor"},
    {"id": "p2", "event": "DISAPPROVE", "mode": "", "date": "2000-01-01", "eventText": "criticised",
     "text": "The alliance criticised the vote.",
     "source": [{"actorText": "The alliance", "code": "IGO", "sector": "***"}],
     "target": ""},
    {"id": "p3", "event": "AGREE", "date": "not a date", "text": "x",
     "source": [{"actorText": "A", "code": "USA"}]},
    {"id": "p4", "event": "WONDER", "date": "2000-01-02", "text": "y"},
]  # fmt: skip


def test_plover_json_array_and_lines(tmp_path: Path) -> None:
    array = tmp_path / "plover.txt"
    array.write_text(
        "[\n" + ",\n".join(json.dumps(r, indent=1) for r in PLOVER_RECORDS) + "\n]\n", encoding="utf-8"
    )
    lines = tmp_path / "plover.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in PLOVER_RECORDS) + "\n{broken\n", encoding="utf-8")
    for path, rows, rejected in ((array, 4, 2), (lines, 5, 3)):
        with open_store(tmp_path / f"{path.suffix}.duckdb") as store:
            report = ImportReport()
            r = import_file(store, path, report=report)
            assert (r.origin, r.rows, r.new, r.rejected, r.skipped) == ("plover", rows, 2, rejected, 1)
            assert "bad date 'not a date'" in report.messages[0]
            assert "PLOVER event type 'WONDER' has no CAMEO equivalent" in report.messages[1]
            e = stored(store, "plover:p1")
            assert (e["event_code"], e["event_plover"], e["origin_code"]) == (
                "182",
                "ASSAULT",
                "ASSAULT:beat",
            )
            assert (e["source_code"], e["target_code"], e["source_sector"]) == ("ABCCOP", "ABCLAB", "COP")
            assert (e["location_name"], e["location_country"], e["event_trigger"]) == (
                "Geneva",
                "CHE",
                "beat",
            )
            assert e["evidence_text"].startswith("Police in the capital beat striking dock workers.")
            e = stored(store, "plover:p2")  # the older DISAPPROVE is ACCUSE; no target; sector *** dropped
            assert (e["event_code"], e["event_plover"], e["source_code"], e["target_code"]) == (
                "110",
                "ACCUSE",
                "IGO",
                None,
            )
            if path == array:  # then a delimited file into the same store
                r = import_file(store, DATA / "gdelt2/spark-gdelt_events.csv")
                assert (r.new, r.rejected) == (100, 0)
        if path == lines:
            assert (
                report.messages[2].startswith(f"[E132] {lines}:6:")
                and "not a JSON object" in report.messages[2]
            )


POLECAT_HEADER = (
    "Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tQuad Code\tContexts\tActor Name\t"
    "Actor Country\t"
    "Actor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\tActor Name Raw\tWikipedia Actor ID\t"
    "Recipient Name\tRecipient Country\tRecipient COW\tPrimary Recipient Sector\tRecipient Sectors\t"
    "Recipient Title\tRecipient Name Raw\tWikipedia Recipient ID\tPlacename\tCity\tDistrict\tProvince\t"
    "Country\t"
    "Latitude\tLongitude\tGeoNames ID\tRaw Placename\tFeature Type\tSource\tPublication Date\tStory People\t"
    "Story Organizations\tStory Locations\tLanguage\tVersion"
)


def test_polecat_tsv(tmp_path: Path) -> None:
    names = POLECAT_HEADER.split("\t")

    def row(**values: str) -> str:
        return "\t".join(values.get(n.replace(" ", "_"), "None") for n in names)

    path = tmp_path / "ngecEvents.test.txt"
    path.write_text(
        "\n".join([
            POLECAT_HEADER,
            row(Event_ID="e1", Event_Date="2023-01-03", Event_Type="CONSULT", Event_Mode="visit",
                Intensity="1.9",
                Actor_Name="Foreign Minister", Actor_Country="FRA", Primary_Actor_Sector="Government",
                Recipient_Name="Japan", Recipient_Country="JPN", City="Tokyo", Country="Japan",
                Latitude="35.68", Longitude="139.69", Source="A Daily"),
            row(Event_ID="e2", Event_Date="2023-01-04", Event_Type="PROTEST", Actor_Name="Farmers",
                Actor_Country="IND", Primary_Actor_Sector="Agricultural"),
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with open_store(tmp_path / "p.duckdb") as store:
        r = import_file(store, path)
        assert (r.origin, r.rows, r.new, r.rejected) == ("plover", 2, 2, 0)
        e = stored(store, "plover:e1")
        assert (e["event_code"], e["source_code"], e["target_code"]) == ("042", "FRAGOV", "JPN")
        assert (e["location_name"], e["location_country"], e["origin_goldstein"]) == ("Tokyo", "JPN", 1.9)
        assert (e["origin_line"], str(e["date"])) == (2, "2023-01-03")
        e = stored(store, "plover:e2")
        assert (e["event_code"], e["source_code"], e["target_code"], e["location_name"]) == (
            "140",
            "INDAGR",
            None,
            None,
        )
