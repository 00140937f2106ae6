"""The gazetteer index: built reproducibly from its inputs, current with the bundled
supplement, opened lazily and quickly."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from whowhom.coding.places import Gazetteer, bundled_index
from whowhom.coding.places.build import Sources, build_index

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "whowhom" / "data"


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    return out.stdout.strip()


def test_bundled_index_is_current_with_the_supplement() -> None:
    con = sqlite3.connect(f"{bundled_index().as_uri()}?mode=ro", uri=True)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    con.close()
    assert meta["schema"] == "1"
    digest = hashlib.sha256((DATA / "places_extra.tsv").read_bytes()).hexdigest()
    assert meta["sha256:places_extra.tsv"] == digest, "rebuild: python scripts/build_gazetteer.py"
    assert int(meta["states"]) > 3000 and int(meta["minor"]) > 200_000


def test_nothing_is_loaded_at_import() -> None:
    out = _run(
        "import whowhom.coding.places as p, whowhom.coding.places.names as n\n"
        "print(n.stoplist.cache_info().currsize, p.default_gazetteer.cache_info().currsize)"
    )
    assert out == "0 0"


def test_first_lookup_in_a_fresh_process_is_fast() -> None:
    out = _run(
        "import time\n"
        "t = time.perf_counter()\n"
        "from whowhom.coding.places import default_gazetteer\n"
        "g = default_gazetteer()\n"
        "assert g.lookup('Basra').country == 'IRQ'\n"
        "assert g.lookup('Nawa', actor_countries={'AFG'}).country == 'AFG'\n"
        "print(time.perf_counter() - t)"
    )
    assert float(out) < 1.0  # about 0.05 s; the gazetteer built in memory took 0.6-1.8 s


# --- the build, on small inputs written here -------------------------------------------


def _city(gid: int, name: str, cc: str, a1: str, pop: int, lat: float, lon: float, alts: list[str]) -> dict:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": pop,
        "admin1code": a1,
        "alternatenames": alts,
    }


def _sources(tmp: Path) -> Sources:
    g = tmp / "gnc"
    g.mkdir()
    cities = {
        "1": _city(1, "Riverton", "ZQ", "01", 50000, 10.0, 20.0, ["Rivertown", "rvtn"]),
        "2": _city(2, "Mudby", "ZQ", "02", 800, 11.0, 21.0, ["Mudbury"]),
        "3": _city(3, "Mudby", "ZR", "01", 30000, -5.0, -6.0, []),
        "4": _city(4, "Bayfield", "ZQ", "02", 20000, 11.2, 21.2, []),
    }
    (g / "cities500.json").write_text(json.dumps(cities), encoding="utf-8")
    (g / "cities15000.json").write_text(json.dumps({k: cities[k] for k in ("1", "3", "4")}), encoding="utf-8")
    (g / "countries.json").write_text(
        json.dumps(
            {
                "ZQ": {"name": "Zequia", "iso3": "ZQA", "capital": "Riverton", "population": 1000000},
                "ZR": {"name": "Zerland", "iso3": "ZRL", "capital": "Mudby", "population": 500000},
            }
        ),
        encoding="utf-8",
    )
    (g / "continents.json").write_text(json.dumps({}), encoding="utf-8")
    (tmp / "admin1.txt").write_text(
        "ZQ.01\tNorthmark\tNorthmark\t9\nZQ.02\tLowfen\tLowfen\t8\nZR.01\tCoastal\tCoastal\t7\n",
        encoding="utf-8",
    )
    (tmp / "admin2.txt").write_text("ZQ.02.5\tEelmoor\tEelmoor\t6\n", encoding="utf-8")
    (tmp / "ne.csv").write_text(
        "name,name_alt,name_en,name_local,gn_name,gn_a1_code,iso_a2,latitude,longitude\n"
        "Lowfen,Low Fen|Fenland,Lowfen,,Lowfen Province,ZQ.02,ZQ,11.5,21.5\n",
        encoding="utf-8",
    )
    (tmp / "extra.tsv").write_text(
        "# test\nname\talternates\tiso2\tlat\tlon\tpopulation\tkind\n"
        "Zequia\tZQ Republic|ZQR\tZQ\t\t\t\tcountry\n"
        "Riverton\tOld River\tZQ\t10.01\t20.01\t0\tcity\n",
        encoding="utf-8",
    )
    return Sources(g, tmp / "admin1.txt", tmp / "admin2.txt", tmp / "ne.csv", tmp / "extra.tsv")


def test_build_on_small_inputs(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    counts = build_index(src, tmp_path / "a.sqlite")
    assert counts["minor"] == 2 and counts["states"] == 3  # Mudby (ZQ) and the district Eelmoor
    g = Gazetteer(tmp_path / "a.sqlite")
    lowfen = g.lookup("Fenland")
    assert lowfen is not None and lowfen.kind == "state" and lowfen.country == "ZQA"
    assert (lowfen.lat, lowfen.lon) == (11.5, 21.5)  # Natural Earth's point
    assert lowfen.population == 20800  # its towns' people
    northmark = g.lookup("Northmark")
    assert northmark is not None and (northmark.lat, northmark.lon) == (10.0, 20.0)  # its town's point
    # the supplement's names join the GeoNames town within 10 km
    old = g.lookup("Old River")
    assert old is not None and old.name == "Riverton" and old.region == "Northmark"
    assert g.lookup("Rivertown") == old and g.lookup("rvtn") is None  # machine forms dropped
    # a small town: only in its own country; its alternates are not indexed
    assert g.lookup("Mudby").country == "ZRL"  # type: ignore[union-attr]
    small = g.lookup("Mudby", countries={"ZQA"})
    assert small is not None and small.minor and small.country == "ZQA" and small.region == "Lowfen"
    assert g.lookup("Mudbury", countries={"ZQA"}) is None
    eel = g.lookup("Eelmoor", actor_countries={"ZQA"})
    assert eel is not None and eel.kind == "district" and (eel.lat, eel.lon) == (11.5, 21.5)
    assert g.lookup("Eelmoor") is None
    zq = g.lookup("ZQR")
    assert zq is not None and zq.kind == "country" and (zq.lat, zq.lon) == (10.0, 20.0)  # the capital
    assert g.lookup("zqr") is None and g.iso3("zq") == "ZQA"


def test_build_is_reproducible(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    build_index(src, tmp_path / "a.sqlite")
    build_index(src, tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()
