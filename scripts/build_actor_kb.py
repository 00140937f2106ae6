#!/usr/bin/env python3
"""Build whowhom's actor knowledge base from the open data in ``../shared/data/actors/``.

Run by hand when the source data changes (never at install time); the output is committed:

    python scripts/build_actor_kb.py [--source ../shared/data/actors] [--out src/whowhom/data]

Writes, in the PETRARCH actor format that ``whowhom.coding.actors.dictionary`` reads (dated roles
``[CODE YYYYMMDD-YYYYMMDD]``; each entry line carries ``# source-file:line`` so that
``whowhom actors show`` can say where a role comes from):

* ``whowhom.kb.actors.txt``       leaders (CIA World Factbook, public domain), US presidents,
                                  vice-presidents and Congress (congress-legislators, CC0), US
                                  state executives and mayors (Open States, CC0), parties
                                  (Party Facts, MIT; ParlGov cabinets, CC0), Factbook armed
                                  groups and the Holy See.
* ``whowhom.kb.ucdp.actors.txt``  armed groups from the UCDP actor list v22.1 (CC BY 4.0).
* ``whowhom.kb.igos.actors.txt``  international organisations (supraverden, CC BY-SA 4.0: this
                                  derived table keeps that licence).
* ``whowhom.kb.given_names.txt``  given names seen in the data, for the ``actors check`` lint
                                  (a bare first name is not an actor).

Name policy (why variants are what they are): a person gets the full name as written, the
name without middle names or initials, and title + surname ("President Murmu", "Senator
Warren"). The surname alone is added only for heads of state or government and US
presidents/vice-presidents, and only when it is distinctive: at least four letters, never a
given name in the data, borne by no other person in the KB, not a generic word, and not a
Phoenix phrase of another country. A name that two different actors would share is dropped
from both (first definition would otherwise win silently).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The Factbook edition of 2026-01, below the shared data folder.
FACTBOOK_2026 = "leaders/factbook-2026-01-government.json"
sys.path.insert(0, str(ROOT / "src"))

from whowhom.coding.actors.dictionary import PhraseIndex, read_agent_file  # noqa: E402
from whowhom.coding.actors.lint import GENERIC_WORDS  # noqa: E402
from whowhom.coding.actors.phrases import phrase_words  # noqa: E402

csv.field_size_limit(10**8)

# -- output model -------------------------------------------------------------------------


@dataclass
class Role:
    code: str
    start: str | None = None  # YYYYMMDD
    end: str | None = None

    def text(self) -> str:
        if self.start and self.end:
            return f"[{self.code} {self.start}-{self.end}]"
        if self.start:
            return f"[{self.code} >{self.start}]"
        if self.end:
            return f"[{self.code} <{self.end}]"
        return f"[{self.code}]"


@dataclass
class Actor:
    key: str
    name: str
    country: str  # ISO3/CAMEO prefix of the actor ("IGO" for organisations)
    kind: str  # person | party | group | igo | state | legislature
    source: str  # "file:line" in ../shared/data/actors
    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    default: str | None = None  # undated code
    head: bool = False  # head of state/government: surname alone may be added
    surname: str | None = None


#: US territories with a CAMEO code of their own: their delegates to Congress are theirs.
TERRITORIES = frozenset({"PR", "VI", "GU", "AS", "MP"})


def ymd(value: object) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text).strftime("%Y%m%d")
    except ValueError:
        return None


def day_before(date: str) -> str:
    d = dt.datetime.strptime(date, "%Y%m%d").date() - dt.timedelta(days=1)
    return d.strftime("%Y%m%d")


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def key_of(text: str, *, fold: bool = True, parens: bool = False) -> tuple[str, ...]:
    """The phrase words of a name: accents folded (unless ``fold`` is False), parentheticals
    (unless ``parens``: "Indian National Congress (Organisation)" is another party), punctuation
    and generational suffixes dropped ("Angus S. King, Jr." → ANGUS S KING)."""
    text = ascii_fold(text) if fold else text
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[()]", " ", text) if parens else re.sub(r"\([^)]*\)?", " ", text)
    text = re.sub(r"[^\w\s'’.\-]", " ", text)
    words = phrase_words(text)
    while words and words[-1] in ("JR", "SR"):
        words = words[:-1]
    return words


def merge_spans(roles: list[Role], gap_days: int = 7) -> list[Role]:
    """Join consecutive terms of the same code (a re-elected senator is one span)."""
    out: list[Role] = []
    for r in sorted(roles, key=lambda r: (r.code, r.start or "")):
        if out and out[-1].code == r.code and out[-1].end and r.start:
            prev_end = dt.datetime.strptime(out[-1].end, "%Y%m%d")
            start = dt.datetime.strptime(r.start, "%Y%m%d")
            if (start - prev_end).days <= gap_days:
                out[-1].end = max(out[-1].end, r.end or out[-1].end)
                continue
        out.append(Role(r.code, r.start, r.end))
    return sorted(out, key=lambda r: r.start or "")


def line_index(path: Path, pattern: str) -> dict[str, int]:
    """Line numbers of ``pattern``'s first group in a text file (to cite source lines)."""
    rx = re.compile(pattern)
    out: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = rx.search(line)
        if m:
            out.setdefault(m.group(1), n)
    return out


# -- country codes ------------------------------------------------------------------------


class Countries:
    """ISO2/name → CAMEO country code (ISO3 except Kosovo KSV), from mledoze/countries."""

    def __init__(self, shared: Path):
        data = json.loads((shared / "places" / "countries" / "mledoze-countries.json").read_text("utf-8"))
        self.iso2: dict[str, str] = {}
        self.by_name: dict[tuple[str, ...], str] = {}
        for c in data:
            code = "KSV" if c["cca3"] == "UNK" else c["cca3"]
            self.iso2[c["cca2"]] = code
            for n in (c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])):
                self.by_name.setdefault(key_of(n), code)
        self.iso2["XK"] = "KSV"
        extra = {
            "DR Congo": "COD",
            "Congo": "COG",
            "Ivory Coast": "CIV",
            "Bosnia-Herzegovina": "BIH",
            "Russia": "RUS",
            "Soviet Union": "RUS",
            "Yugoslavia": "SRB",
            "Serbia": "SRB",
            "Myanmar": "MMR",
            "Cambodia": "KHM",
            "Kampuchea": "KHM",
            "Zimbabwe": "ZWE",
            "Yemen": "YEM",
            "North Yemen": "YEM",
            "South Yemen": "YEM",
            "Madagascar": "MDG",
            "Iran": "IRN",
            "Syria": "SYR",
            "Laos": "LAO",
            "South Sudan": "SSD",
            "Sudan": "SDN",
            "Vietnam": "VNM",
            "South Vietnam": "VNM",
            "North Vietnam": "VNM",
            "Tanzania": "TZA",
            "Macedonia": "MKD",
            "North Macedonia": "MKD",
            "Eswatini": "SWZ",
            "Swaziland": "SWZ",
            "East Timor": "TLS",
            "Timor-Leste": "TLS",
            "Palestine": "PSE",
            "Israel": "ISR",
            "Turkey": "TUR",
            "Kyrgyzstan": "KGZ",
            "Bolivia": "BOL",
            "Venezuela": "VEN",
            "Gambia": "GMB",
            "Burkina Faso": "BFA",
            "Cape Verde": "CPV",
            "Comoros": "COM",
        }
        for n, code in extra.items():
            self.by_name[key_of(n)] = code

    def name(self, text: str) -> str | None:
        text = text.strip()
        found = self.by_name.get(key_of(text))
        if found:
            return found
        bare = re.sub(r"\s*\(.*?\)", "", text)  # "Yemen (North Yemen)" → "Yemen"
        return self.by_name.get(key_of(bare))


# -- name parsing -------------------------------------------------------------------------

TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "vice",
    "king",
    "queen",
    "emir",
    "amir",
    "sultan",
    "supreme",
    "leader",
    "chairman",
    "chairperson",
    "chairwoman",
    "chief",
    "executive",
    "premier",
    "chancellor",
    "governor",
    "general",
    "governor-general",
    "dr.",
    "dr",
    "pope",
    "prince",
    "princess",
    "crown",
    "grand",
    "duke",
    "co-prince",
    "captain",
    "captains",
    "regent",
    "presidential",
    "council",
    "commission",
    "of",
    "the",
    "and",
    "state",
    "federal",
    "first",
    "deputy",
    "acting",
    "interim",
    "transitional",
    "head",
    "lieutenant",
    "colonel",
    "field",
    "marshal",
    "major",
    "brigadier",
    "gen.",
    "lt.",
    "col.",
    "maj.",
    "adm.",
    "admiral",
    "sovereign",
    "military",
    "junta",
    "secretary",
    "administrator",
    "commissioner",
    "high",
    "national",
    "his",
    "her",
    "majesty",
    "highness",
    "excellency",
    "sheikh",
    "shaykh",
    "sayyid",
    "monarch",
    "ayatollah",
    "hojjat",
    "ol-eslam",
    "protector",
    "emperor",
    "tsar",
    "taoiseach",
    "for",
    "state-administration",
    "revolutionary",
    "leadership",
    "director",
    "speaker",
    "mayor",
}
#: Where a chief of state of several entities belongs (administering or home states first).
HOME_STATES = ("USA", "GBR", "FRA", "NLD", "DNK", "NZL", "AUS", "NOR", "CHN", "ESP", "ITA")
#: Titles kept for "Title Surname" variants, keyed by the lower-case title text.
SHORT_TITLES = (
    "vice president",
    "prime minister",
    "president",
    "king",
    "queen",
    "emir",
    "amir",
    "sultan",
    "chancellor",
    "premier",
    "pope",
    "prince",
)
_CAPS = re.compile(r"^[A-Z][A-Z'’\-]*[A-Z]$|^[A-Z]$")
_SINCE = re.compile(r"\(since\s+([^)]*)\)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
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
        ],
        1,
    )
}


def since_date(text: str) -> str | None:
    """ "25 July 2022" / "NA July 1997" / "July 1997" / "1997" → YYYYMMDD."""
    words = re.sub(r"[,.]", " ", text).lower().split()
    year = next((w for w in reversed(words) if re.fullmatch(r"(1[89]|20)\d\d", w)), None)
    if year is None:
        return None
    month = next((_MONTHS[w] for w in words if w in _MONTHS), 1)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), 1)
    try:
        return dt.date(int(year), month, day).strftime("%Y%m%d")
    except ValueError:
        return dt.date(int(year), month, 1).strftime("%Y%m%d")


@dataclass
class Holder:
    title: str
    full: str  # "Droupadi Murmu"
    surname: str | None  # "Murmu" (the upper-case part, when it ends the name)
    short: str | None  # "Droupadi Murmu" without middle names/initials
    since: str | None


def _cap_word(w: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() if p.isupper() else p for p in w.split("-"))


def parse_holder(segment: str) -> Holder | None:
    """ "Prime Minister Narendra MODI (since 26 May 2014)" → Holder."""
    segment = re.sub(r"<[^>]+>", " ", segment).replace("\u00a0", " ")
    m = _SINCE.search(segment)
    since = since_date(m.group(1)) if m else None
    head = segment[: m.start()] if m else segment
    head = re.split(r"\s[-–—]\s|;|\bnote\b", head)[0]
    head = re.sub(r"\([^)]*\)?", " ", head)  # "(Labor)", "(interim president ..."
    head = re.split(r"\balso spelled\b|\bor\b", head)[0]
    words = head.replace(",", " ").split()
    caps = [
        i
        for i, w in enumerate(words)
        if _CAPS.match(w.strip("."))
        and len(w.strip(".")) > 1
        and w.strip(".").upper() not in ("II", "III", "IV", "XIV", "XVI", "JR", "SR", "NA")
    ]
    if not caps:
        return None
    first = caps[0]
    start = first
    while start > 0 and words[start - 1][:1].isupper() and words[start - 1].lower() not in TITLE_WORDS:
        start -= 1
    while start < first and words[start].lower() in TITLE_WORDS:
        start += 1
    end = len(words)
    name_words = [w for w in words[start:end] if w.lower() not in ("jr.", "jr", "sr.")]
    if not name_words or len(name_words) > 8:
        return None
    title = " ".join(words[:start]).strip()
    full = " ".join(_cap_word(w) for w in name_words)
    last_caps = caps[-1]
    surname = None
    if last_caps == len(words) - 1 or all(
        not w[:1].isupper() or _CAPS.match(w) for w in words[last_caps + 1 :]
    ):
        # the upper-case part ends the name: Western order ("Keir STARMER", "al-ALIMI")
        sur = [w for w in words[first : last_caps + 1]]
        surname = " ".join(_cap_word(w) for w in sur)
    short = None
    given = [w for w in name_words[: first - start] if not re.fullmatch(r"[A-Z]\.?", w)]
    if surname and given:
        short = f"{_cap_word(given[0])} {surname}"
    elif given:  # "Hugo CHAVEZ Frias": given name + the upper-case surname
        short = f"{_cap_word(given[0])} {_cap_word(words[first])}"
    return Holder(title=title, full=full, surname=surname, short=short, since=since)


def split_positions(text: str) -> dict[str, list[str]]:
    """The chief-of-state and head-of-government segments of an Executive branch text."""
    text = re.sub(r"<[^>]+>", " ", text)
    out: dict[str, list[str]] = {}
    labels = (
        r"(chief of state|head of government|cabinet|elections?(?:/appointments)?|election results"
        r"|note|election/appointment process)\s*:"
    )
    parts = re.split(labels, text)
    for label, body in zip(parts[1::2], parts[2::2], strict=False):
        if label in ("chief of state", "head of government"):
            body = body.split("|")[0]
            out.setdefault(label, []).extend(s for s in body.split(";") if s.strip())
    return out


# -- builders -----------------------------------------------------------------------------


class Builder:
    def __init__(self, shared: Path, out: Path):
        self.src = shared / "actors"
        self.out = out
        self.countries = Countries(shared)
        self.actors: list[Actor] = []
        self.by_key: dict[str, Actor] = {}
        self.person_names: dict[tuple[str, tuple[str, ...]], Actor] = {}
        self.given: Counter[str] = Counter()
        self.family: Counter[str] = Counter()
        self.phoenix = self._phoenix_phrases()
        inner: Counter[str] = Counter()
        for p in self.phoenix:
            if len(p) > 1:
                inner.update(set(p))
        #: words inside three or more Phoenix phrases ("INC" in company names): not acronyms
        self.inner_words = {w for w, c in inner.items() if c >= 3}
        agents = PhraseIndex()
        for path in sorted(out.glob("*agents*.txt")):
            read_agent_file(path, agents, [])
        #: one-word agent phrases ("military", "Muslim"): roles, never an actor's name
        self.agent_words = {w[0] for w in agents.entries if len(w) == 1}
        #: word → countries of the Phoenix multi-word phrases it is part of ("SAEED" is part of
        #: names in many countries: no surname on its own)
        self.name_element_countries: dict[str, set[str]] = defaultdict(set)
        for p, codes in self.phoenix.items():
            if len(p) > 1:
                for w in p:
                    self.name_element_countries[w] |= codes
        #: every agent phrase ("prime minister"): a role, never an actor's name
        self.agent_phrases = set(agents.entries)

    def _phoenix_phrases(self) -> dict[tuple[str, ...], set[str]]:
        """Phrase → country prefixes in the bundled Phoenix files (for collision checks)."""
        out: dict[tuple[str, ...], set[str]] = defaultdict(set)
        code = re.compile(r"\[([A-Z-]{3})")
        for path in sorted(self.out.glob("Phoenix.*.actors.txt")):
            pending: list[tuple[str, ...]] = []
            codes: set[str] = set()
            for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = raw.split("#", 1)[0].rstrip()
                if not line.strip():
                    continue
                phrase = re.sub(r"\[[^\]]*\]|\{[^}]*\}", " ", line).strip()
                found = set(code.findall(line))
                if phrase and not phrase.startswith("+") and not raw[:1].isspace() and codes:
                    # a new entry: the previous phrases get the codes seen so far
                    for p in pending:
                        out[p] |= codes
                    pending, codes = [], set()
                if phrase:
                    pending.append(phrase_words(phrase.lstrip("+")))
                codes |= found
            for p in pending:
                out[p] |= codes
        return out

    def rel(self, path: Path) -> str:
        """A source file's path inside ../shared/data/actors (as cited in the KB)."""
        return path.relative_to(self.src).as_posix()

    def add(self, actor: Actor) -> Actor:
        """Add ``actor``, or merge it into the same actor from another source (same key, or a
        person of the same country with a full name in common; several such persons found by
        one new name are merged into one)."""
        full = [key_of(n) for n in actor.names if not n.startswith("short:") and len(key_of(n)) >= 2]
        found: list[Actor] = []
        if actor.key in self.by_key:
            found.append(self.by_key[actor.key])
        if actor.kind == "person":
            for w in full:
                other = self.person_names.get((actor.country, w))
                if other is not None and all(other is not f for f in found):
                    found.append(other)
        if not found:
            self.by_key[actor.key] = actor
            self.actors.append(actor)
            target = actor
        else:
            target = found[0]
            for other in [actor, *found[1:]]:
                target.names.extend(n for n in other.names if n not in target.names)
                target.roles.extend(other.roles)
                target.head = target.head or other.head
                target.surname = target.surname or other.surname
                if other is not actor:
                    self.actors = [a for a in self.actors if a is not other]
                    self.by_key[other.key] = target
                    for k, v in list(self.person_names.items()):
                        if v is other:
                            self.person_names[k] = target
        if actor.kind == "person":
            for n in target.names:
                w = key_of(n)
                if len(w) >= 2 and not n.startswith("short:"):
                    self.person_names.setdefault((actor.country, w), target)
        return target

    # people ------------------------------------------------------------------------------

    def names_stats(self) -> None:
        """Given-name and surname counts over every person in the data (for the lint and
        for the surname policy)."""
        hist = self.src / "us_congress" / "legislators-historical.csv"
        for row in csv.DictReader(hist.open(encoding="utf-8")):
            self._count(row["first_name"], row["last_name"])
        for item in yaml.safe_load(
            (self.src / "us_congress" / "legislators-current.yaml").read_text("utf-8")
        ):
            self._count(item["name"].get("first", ""), item["name"].get("last", ""))
        for fname in (
            "openstates-executive.yaml",
            "openstates-legislature.yaml",
            "openstates-municipalities.yaml",
        ):
            for p in yaml.safe_load((self.src / "us_states" / fname).read_text("utf-8")) or []:
                self._count(p.get("given_name") or "", p.get("family_name") or "")
        arch = self.src / "leaders" / "factbook-archive-1990-2025-politics.csv"
        seen: set[str] = set()
        for row in csv.DictReader(arch.open(encoding="utf-8")):
            if row["field_canonical"] != "Executive branch":
                continue
            for segs in split_positions(row["content"]).values():
                for seg in segs:
                    h = parse_holder(seg)
                    if h and h.full not in seen:
                        seen.add(h.full)
                        parts = h.full.split()
                        sur = h.surname.split() if h.surname else []
                        given = [w for w in parts if w not in sur]
                        if given and sur:
                            self._count(given[0], sur[-1])
                        elif len(parts) >= 2 and f"{parts[0].upper()} {parts[1]}" in seg:
                            self._count("", parts[0])  # Eastern order: "HAN Zheng" (surname only)

    def _count(self, given: str, family: str) -> None:
        g = key_of(given)
        if g:
            self.given[g[0]] += 1
        f = key_of(family)
        if f:
            self.family[f[-1]] += 1

    def leaders(self) -> None:
        """Heads of state and government, 1990–2026, from the Factbook archive and the
        2026-01 edition. A holder's role runs from the "since" date until the day before
        the next holder of the same position took office (open for the 2026 holders)."""
        master = {
            r["CanonicalCode"].lower(): r
            for r in csv.DictReader(
                (self.src / "leaders" / "factbook-master-countries.csv").open(encoding="utf-8")
            )
        }
        arch_path = self.src / "leaders" / "factbook-archive-1990-2025-politics.csv"
        # (country, position) → ordered holders: (since, Holder, source)
        seq: dict[tuple[str, str], list[tuple[str, Holder, str]]] = defaultdict(list)
        for n, row in enumerate(csv.DictReader(arch_path.open(encoding="utf-8")), 2):
            if row["field_canonical"] != "Executive branch":
                continue
            country = self.countries.iso2.get(row["iso2"])
            if not country:
                continue
            year = int(row["year"])
            for pos, segs in split_positions(row["content"]).items():
                for seg in segs:
                    h = None if re.search(r"\bheir\b|\bnote\b", seg, re.I) else parse_holder(seg)
                    if h is None:
                        continue
                    since = h.since or f"{year}0101"
                    seq[(country, pos + "|" + h.title.lower())].append(
                        (since, h, f"{self.rel(arch_path)}:{n}", year)
                    )
        fb_path = self.src / "leaders" / "factbook-2026-01-government.json"
        profiles = json.loads(fb_path.read_text("utf-8"))["profiles"]
        for key, prof in profiles.items():
            gec = key.split("/")[-1].removesuffix(".json")
            iso2 = (master.get(gec) or {}).get("ISOAlpha2", "")
            country = self.countries.iso2.get(iso2)
            if gec == "vt":
                country = "VAT"
            if not country:
                continue
            ex = (prof.get("Government") or {}).get("Executive branch") or {}
            for pos in ("chief of state", "head of government"):
                text = (ex.get(pos) or {}).get("text") or ""
                for seg in text.split(";"):
                    h = None if re.search(r"\bheir\b|\bnote\b", seg, re.I) else parse_holder(seg)
                    if h is None:
                        continue
                    since = h.since or "20260101"
                    seq[(country, pos + "|" + h.title.lower())].append(
                        (since, h, f"{self.rel(fb_path)}:{key}:{pos}", 2026)
                    )
        # A chief of state of several entities (the US president of Puerto Rico and Guam, the
        # British monarch of the realms, the French co-prince of Andorra) belongs to one home.
        homes: dict[tuple[str, ...], set[str]] = defaultdict(set)
        latest: dict[str, int] = defaultdict(int)
        for (country, _pos), items in seq.items():
            for _since, h, _src, year in items:
                homes[key_of(h.full)].add(country)
                latest[country] = max(latest[country], year)

        def home(name: tuple[str, ...]) -> str:
            options = homes[name]
            for pref in HOME_STATES:
                if pref in options:
                    return pref
            return min(options)

        for (country, _pos), items in seq.items():
            # one span per holder: first "since" seen, until the day before the next holder's;
            # a holder no longer listed in the country's latest edition ends with the last one
            holders: list[tuple[str, Holder, str]] = []
            last_seen: dict[tuple[str, ...], int] = {}
            for since, h, src, year in sorted(items, key=lambda x: x[0]):
                k = key_of(h.full)
                last_seen[k] = max(last_seen.get(k, 0), year)
                if holders and key_of(holders[-1][1].full) == k:
                    continue  # the same holder again (a returning holder gets a new span)
                holders.append((since, h, src))
            for i, (since, h, src) in enumerate(holders):
                if home(key_of(h.full)) != country:
                    continue
                end = day_before(holders[i + 1][0]) if i + 1 < len(holders) else None
                if end is None and last_seen[key_of(h.full)] < latest[country]:
                    end = f"{last_seen[key_of(h.full)]}1231"
                if end and end < since:
                    end = since
                names = [h.full] + ([h.short] if h.short else [])
                title = h.title.lower()
                sur = key_of(h.surname) if h.surname else ()
                if sur and self.given[sur[-1]] < 2:
                    # "President Michel" would also take "President Michel Suleiman"
                    for t in SHORT_TITLES:
                        if title.endswith(t) or title == t:
                            names.append(f"{t.title()} {h.surname}")
                            break
                a = Actor(
                    key=f"{country}:{' '.join(key_of(h.full))}",
                    name=h.full,
                    country=country,
                    kind="person",
                    source=src,
                    names=names,
                    roles=[Role(country + "GOV", since, end)],
                    default=country + "ELI",
                    head=True,
                    surname=h.surname,
                )
                self.add(a)

    def us_people(self) -> None:
        cur = self.src / "us_congress" / "legislators-current.yaml"
        exe = self.src / "us_congress" / "executive.yaml"
        for path, gov in ((exe, True), (cur, False)):
            lines = line_index(path, r"bioguide: (\w+)")
            for item in yaml.safe_load(path.read_text("utf-8")):
                bid = item["id"].get("bioguide") or item["id"].get("govtrack")
                nm = item["name"]
                first, last = nm.get("first", ""), nm.get("last", "")
                names = [nm.get("official_full") or f"{first} {last}", f"{first} {last}"]
                if nm.get("nickname"):
                    names.append(f"{nm['nickname']} {last}")
                if nm.get("middle"):
                    names.append(f"{first} {nm['middle']} {last}")
                    names.append(f"{first} {nm['middle'][0]}. {last}")  # as the Factbook writes it
                roles: list[Role] = []
                titles: set[str] = set()
                for t in item.get("terms", []):
                    start, end = ymd(t.get("start")), ymd(t.get("end"))
                    if t["type"] in ("prez", "viceprez"):
                        roles.append(Role("USAGOV", start, end))
                        titles.add("President" if t["type"] == "prez" else "Vice President")
                    elif t["type"] == "sen":
                        roles.append(Role("USALEG", start, end))
                        titles.update(("Senator", "Sen."))
                    elif t["type"] == "rep":
                        roles.append(Role("USALEG", start, end))
                        titles.update(("Representative", "Rep.", "Congressman", "Congresswoman"))
                if gov and not any(r.end is None or (r.end or "") >= "19890101" for r in roles):
                    continue  # presidents before 1989: Phoenix has them
                for t in sorted(titles):
                    names.append(f"{t} {last}")
                a = Actor(
                    key=f"USA:bio:{bid}",
                    name=names[0],
                    country="USA",
                    kind="person",
                    source=f"{self.rel(path)}:{lines.get(str(bid), '?')}",
                    names=names,
                    roles=merge_spans(roles),
                    default="USAELI",
                    head=gov,
                    surname=last,
                )
                merged = self.add(a)
                if gov:
                    merged.us_executive = True  # type: ignore[attr-defined]

    #: Former members of Congress born from this year on are coded as legislators: most of
    #: the news that names them is from their years in office (the file has no term dates).
    FORMER_MEMBERS_BORN_FROM = "1940"

    def us_former_members(self) -> None:
        """Former members of Congress (``legislators-historical.csv``, CC0): recent ones,
        as USALEG by default (README: "code them USALEG only for articles dated before they
        left, or as USAELI"; the file gives no dates, so the undated default is LEG). Only
        people no other source knows: those have the dates or codes of their own. No titled
        surnames: "Senator Ryan" may be a sitting senator of the same name."""
        hist = self.src / "us_congress" / "legislators-historical.csv"
        with hist.open(encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                if (row["birthday"] or "0") < self.FORMER_MEMBERS_BORN_FROM or row["state"] in TERRITORIES:
                    continue
                first, last = row["first_name"].strip(), row["last_name"].strip()
                if not first or not last:
                    continue
                names = [row["full_name"].strip() or f"{first} {last}", f"{first} {last}"]
                if row["nickname"].strip():
                    names.append(f"{row['nickname'].strip()} {last}")
                if row["middle_name"].strip():
                    names.append(f"{first} {row['middle_name'].strip()} {last}")
                bid = row["bioguide_id"] or row["govtrack_id"]
                keys = [key_of(n) for n in names]
                if f"USA:bio:{bid}" in self.by_key or any(
                    k in self.phoenix or ("USA", k) in self.person_names for k in keys
                ):
                    continue  # known already, with the dates or codes of its own source
                self.add(
                    Actor(
                        key=f"USA:bio:{bid}",
                        name=names[0],
                        country="USA",
                        kind="person",
                        source=f"{self.rel(hist)}:{line}",
                        names=list(dict.fromkeys(names)),
                        default="USALEG",
                        surname=last,
                    )
                )

    def us_states(self) -> None:
        codes = {
            "governor": ("USAGOV", "Governor"),
            "lt_governor": ("USAGOV", "Lieutenant Governor"),
            "attorney general": ("USAGOV", "Attorney General"),
            "secretary of state": ("USAGOV", None),
            "chief election officer": ("USAGOV", None),
            "auditor": ("USAGOV", None),
            "treasurer": ("USAGOV", None),
            "mayor": ("USAGOV", "Mayor"),
        }
        for fname in ("openstates-executive.yaml", "openstates-municipalities.yaml"):
            path = self.src / "us_states" / fname
            lines = line_index(path, r"id: (ocd-person/[\w-]+)")
            for p in yaml.safe_load(path.read_text("utf-8")) or []:
                roles = []
                titles = []
                for r in p.get("roles") or []:
                    if r.get("type") in codes:
                        code, title = codes[r["type"]]
                        roles.append(Role(code, ymd(r.get("start_date")), ymd(r.get("end_date"))))
                        if title:
                            titles.append(title)
                if not roles:
                    continue
                names = [p["name"]]
                if p.get("given_name") and p.get("family_name"):
                    names.append(f"{p['given_name']} {p['family_name']}")
                    names.extend(f"{t} {p['family_name']}" for t in titles if t != "Mayor")
                names.extend(
                    o["name"] for o in p.get("other_names") or [] if isinstance(o, dict) and o.get("name")
                )
                key = f"USA:{' '.join(key_of(p['name']))}"
                if key not in self.by_key:
                    # a Congress member who is now governor is one person: match by name
                    for other in self.actors:
                        if other.country == "USA" and key_of(p["name"]) in {key_of(n) for n in other.names}:
                            key = other.key
                            break
                self.add(
                    Actor(
                        key=key,
                        name=p["name"],
                        country="USA",
                        kind="person",
                        source=f"{self.rel(path)}:{lines.get(p['id'], '?')}",
                        names=names,
                        roles=merge_spans(roles),
                        default="USAELI",
                    )
                )

    # parties -----------------------------------------------------------------------------

    def parties(self) -> None:
        pg = self.src / "parties" / "parlgov"
        pg_countries = {
            r["id"]: r["name_short"]
            for r in csv.DictReader((pg / "02__datacore__Country.csv").open(encoding="utf-8"))
        }
        cabinets = list(csv.DictReader((pg / "41__cabinets__Cabinet.csv").open(encoding="utf-8")))
        by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
        for c in cabinets:
            by_country[c["country"]].append(c)
        cab_span: dict[str, tuple[str, str | None]] = {}
        for cabs in by_country.values():
            cabs.sort(key=lambda c: c["start_date"])
            for i, c in enumerate(cabs):
                start = ymd(c["start_date"])
                nxt = ymd(cabs[i + 1]["start_date"]) if i + 1 < len(cabs) else None
                if start:
                    cab_span[c["id"]] = (start, day_before(nxt) if nxt and nxt > start else None)
        in_cab: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for row in csv.DictReader((pg / "42__cabinets__CabinetParty.csv").open(encoding="utf-8")):
            if row["cabinet"] in cab_span:
                in_cab[row["party"]].append(cab_span[row["cabinet"]])
        first_cab = {
            pg_countries[c]: min(ymd(x["start_date"]) or "9" for x in v)
            for c, v in by_country.items()
            if c in pg_countries
        }
        renames: dict[str, list[str]] = defaultdict(list)
        for row in csv.DictReader((pg / "23__parties__PartyNameChange.csv").open(encoding="utf-8")):
            for col in ("name_english", "name_ascii", "name"):
                if row.get(col):
                    renames[row["party"]].append(row[col].strip())
        party_path = pg / "21__parties__Party.csv"
        covered: set[str] = set()
        for n, row in enumerate(csv.DictReader(party_path.open(encoding="utf-8")), 2):
            country = pg_countries.get(row["country"])
            if not country:
                continue
            covered.add(country)
            names = [row["name_english"], row["name"], row["name_ascii"], *renames.get(row["id"], [])]
            short = row["name_short"]
            gov = sorted(in_cab.get(row["id"], []))
            roles = [Role(country + "GOVPTY", s, e) for s, e in gov]
            roles = merge_spans(roles, gap_days=2)
            # not in cabinet between the country's first cabinet and the data's end: opposition
            lo = max(filter(None, [ymd(row["foundation_date"]), first_cab.get(country)]), default=None)
            hi = ymd(row["dissolution_date"]) or "20230626"
            opp: list[Role] = []
            cursor = lo
            for r in roles:
                if cursor and r.start and cursor < r.start:
                    opp.append(Role(country + "OPPPTY", cursor, day_before(r.start)))
                cursor = (
                    None
                    if r.end is None
                    else (dt.datetime.strptime(r.end, "%Y%m%d") + dt.timedelta(days=1)).strftime("%Y%m%d")
                )
            if cursor and cursor <= hi:
                opp.append(Role(country + "OPPPTY", cursor, hi))
            a = Actor(
                key=f"{country}:pg:{row['id']}",
                name=row["name_english"] or row["name"],
                country=country,
                kind="party",
                source=f"{self.rel(party_path)}:{n}",
                names=[x for x in names if x],
                roles=sorted(roles + opp, key=lambda r: r.start or ""),
                default=country + "PTY",
            )
            a.names.append("short:" + short)
            self.add(a)
        pf = self.src / "parties" / "partyfacts" / "partyfacts-core-parties.csv"
        for n, row in enumerate(csv.DictReader(pf.open(encoding="utf-8")), 2):
            country = "KSV" if row["country"] == "XKX" else row["country"]
            if country in covered or not re.fullmatch(r"[A-Z]{3}", country or ""):
                continue
            names = [row["name_english"], row["name"]]
            names.extend(x.strip() for x in re.split(r"\s/\s", row["name_english"] or "") if x.strip())
            names.extend(
                x.strip() for x in re.split(r"\s/\s", row["name_other"] or "") if x.strip() and ":" not in x
            )
            y0, y1 = row["year_first"], row["year_last"]
            roles = []
            if y1:
                roles.append(Role(country + "PTY", f"{y0 or '1800'}0101", f"{y1}1231"))
            a = Actor(
                key=f"{country}:pf:{row['partyfacts_id']}",
                name=row["name_english"] or row["name"],
                country=country,
                kind="party",
                source=f"{self.rel(pf)}:{n}",
                names=[x for x in names if x],
                roles=roles,
                default=(country + "PTY") if not y1 else None,
            )
            if y1 and not roles:
                continue
            if y1:
                a.default = country + "ELI"  # a dissolved party's name: the country's elite
            if not y1 or int(y1) >= 1990:
                a.names.append("short:" + row["name_short"])
            else:  # a party dissolved long ago is rarely news, a one-word name often is ("ABC News")
                a.names = [x for x in a.names if len(x.split()) > 1]
            self.add(a)

    def party_leaders(self) -> None:
        """Party leaders named in the Factbook's "Political parties" field ("Indian National
        Congress or INC [Rahul GANDHI]") → <ISO3>PTY for the years of the editions that name
        them, <ISO3>ELI otherwise."""
        arch = self.src / "leaders" / "factbook-archive-1990-2025-politics.csv"
        seen: dict[tuple[str, tuple[str, ...]], tuple[Holder, str, set[int]]] = {}
        for n, row in enumerate(csv.DictReader(arch.open(encoding="utf-8")), 2):
            if row["field_canonical"] != "Political parties":
                continue
            country = self.countries.iso2.get(row["iso2"])
            if not country:
                continue
            for inside in re.findall(r"\[([^\]]+)\]", row["content"]):
                for person in inside.split(","):
                    h = parse_holder(person)
                    if h is None or len(h.full.split()) < 2:
                        continue
                    k = (country, key_of(h.full))
                    if k not in seen:
                        seen[k] = (h, f"{self.rel(arch)}:{n}", set())
                    seen[k][2].add(int(row["year"]))
        for (country, _), (h, src, years) in seen.items():
            roles = merge_spans(
                [Role(country + "PTY", f"{y}0101", f"{y}1231") for y in sorted(years)], gap_days=2
            )
            names = [h.full] + ([h.short] if h.short else [])
            a = self.add(
                Actor(
                    key=f"{country}:{' '.join(key_of(h.full))}",
                    name=h.full,
                    country=country,
                    kind="person",
                    source=src,
                    names=names,
                    roles=roles,
                    default=country + "ELI",
                    surname=h.surname,
                )
            )
            if not a.head:
                a.weak = True  # type: ignore[attr-defined]  # only a party list names them

    # armed groups, legislatures, the Holy See -------------------------------------------------

    def factbook_profiles(self) -> list[tuple[str, dict[str, Any], str | None]]:
        """The Factbook 2026-01 country profiles: (key, profile, CAMEO country code or None)."""
        master = {
            r["CanonicalCode"].lower(): r
            for r in csv.DictReader(
                (self.src / "leaders" / "factbook-master-countries.csv").open(encoding="utf-8")
            )
        }
        profiles = json.loads((self.src / FACTBOOK_2026).read_text("utf-8"))["profiles"]
        out = []
        for key, prof in profiles.items():
            gec = key.split("/")[-1].removesuffix(".json")
            out.append((key, prof, self.countries.iso2.get((master.get(gec) or {}).get("ISOAlpha2", ""))))
        return out

    def factbook_groups(self) -> None:
        """Terrorist groups listed under one country only → <ISO3>REB, aliases in parentheses."""
        fb_path = self.src / FACTBOOK_2026
        where: dict[tuple[str, ...], set[str]] = defaultdict(set)
        names: dict[tuple[str, ...], list[str]] = {}
        src: dict[tuple[str, ...], str] = {}
        for key, prof, country in self.factbook_profiles():
            text = ((prof.get("Terrorism") or {}).get("Terrorist group(s)") or {}).get("text") or ""
            if not country or not text:
                continue
            for item in re.sub(r"<[^>]+>", " ", text).split(";"):
                item = item.strip()
                if not item:
                    continue
                main = re.sub(r"\s*\([^)]*\)", "", item).split("/")[0].strip()
                main = re.sub(r"\s+-\s+\w.*$", "", main)  # "ISIS - Yemen" → "ISIS"
                aliases = [main] + [a.strip() for a in re.findall(r"\(([^)]*)\)", item)]
                k = key_of(main)
                where[k].add(country)
                names.setdefault(k, aliases)
                src.setdefault(k, f"{self.rel(fb_path)}:{key}:Terrorism")
        for k, countries in where.items():
            if len(countries) != 1:
                continue  # transnational (ISIS, al-Qa'ida, Hizballah): left to Phoenix's codes
            (country,) = countries
            self.add(
                Actor(
                    key=f"{country}:fbgroup:{' '.join(k)}",
                    name=names[k][0],
                    country=country,
                    kind="group",
                    source=src[k],
                    names=names[k],
                    default=country + "REB",
                )
            )

    def demonyms(self) -> None:
        """Each country's nationality adjective ("Swedish", "Nepali") as its bare code, from the
        Factbook 2026-01 profiles; a word the Factbook gives two countries ("Korean") is left out.
        Phoenix already holds most of them; ``Names.phrase_ok`` keeps only the ones it lacks."""
        fb_path = self.src / FACTBOOK_2026
        found: dict[str, set[str]] = defaultdict(set)
        where: dict[str, str] = {}
        for key, prof, country in self.factbook_profiles():
            nationality = (prof.get("People and Society") or {}).get("Nationality") or {}
            text = re.sub(r"\([^)]*\)", "", (nationality.get("adjective") or {}).get("text", ""))
            for word in re.split(r"[,;/]| or ", text):
                word = word.strip()
                if country and re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", word):
                    found[word].add(country)
                    where.setdefault(word, f"{self.rel(fb_path)}:{key}")
        for word, countries in sorted(found.items()):
            if len(countries) == 1:
                (country,) = countries
                self.add(
                    Actor(
                        key=f"{country}:demonym:{word}",
                        name=word,
                        country=country,
                        kind="state",
                        source=where[word],
                        names=[word],
                        default=country,
                    )
                )

    def holy_see(self) -> None:
        self.add(
            Actor(
                key="VAT:state",
                name="Holy See",
                country="VAT",
                kind="state",
                source="leaders/factbook-2026-01-government.json:europe/vt.json",
                names=["Holy See", "Vatican", "Vatican City", "Vatican City State", "the Vatican"],
                default="VAT",
            )
        )

    def ucdp(self) -> list[Actor]:
        path = self.src / "armed_groups" / "ucdp-actor-221.csv"
        out: list[Actor] = []
        for n, row in enumerate(csv.DictReader(path.open(encoding="utf-8-sig")), 2):
            if row["Org"] not in ("1", "2"):
                continue
            country = self.countries.name(row["Location"].split(",")[0])
            if not country:
                continue
            names = [row["NameData"], row["NameOrig"], row["NameOrigFull"], row["NameOrigFullEng"]]
            for col in ("NewName", "NewNameFullMotherTongue", "NewNameFullEng"):
                names.extend(x.strip() for x in row[col].split(",") if x.strip())
            names = [x.strip() for x in names if x and x.strip() and x.strip().lower() != "n/a"]
            code = country + ("REB" if row["Org"] == "1" else "OPP")
            out.append(
                Actor(
                    key=f"ucdp:{row['ActorId']}",
                    name=row["NameData"].strip(),
                    country=country,
                    kind="group",
                    source=f"{self.rel(path)}:{n}",
                    names=names,
                    default=code,
                )
            )
        return out

    def igos(self, phoenix_codes: dict[tuple[str, ...], str]) -> list[Actor]:
        path = self.src / "igos" / "supraverden-general_list.yaml"
        lines = line_index(path, r"^(\S.*):\s*$")
        data = yaml.safe_load(path.read_text("utf-8"))
        fam_codes: dict[str, Counter[str]] = defaultdict(Counter)
        prelim = []
        for title, org in data.items():
            if not isinstance(org, dict):
                continue
            names = [org.get("Name_en") or title]
            for k, v in org.items():
                if (
                    isinstance(v, str)
                    and (k.startswith("Name_other") or k.startswith("Name_former"))
                    and k.endswith("en")
                ):
                    names.append(v)
            abbrev = [org.get(k) for k in ("Abbreviation_en", "Abbreviation_other_en") if org.get(k)]
            code = next(
                (phoenix_codes[key_of(x)] for x in names + abbrev if key_of(x) in phoenix_codes), None
            )
            family = org.get("Org_family") or "none"
            if code:
                fam_codes[family][code[:6]] += 1
            prelim.append((title, org, names, abbrev, code, family))
        out = []
        for title, org, names, abbrev, code, family in prelim:
            if code is None:
                common = fam_codes[family].most_common(1) if family != "none" else []
                code = common[0][0] if common and common[0][1] >= 2 else "IGO"
            a = Actor(
                key=f"igo:{org.get('SPRVD_id') or title}",
                name=names[0],
                country="IGO",
                kind="igo",
                source=f"{self.rel(path)}:{lines.get(str(title), '?')}",
                names=names,
                default=code,
            )
            a.names.extend("short:" + x for x in abbrev)
            out.append(a)
        return out


# -- writing ------------------------------------------------------------------------------

_STOP = {"the", "of", "and", "for", "in", "on", "to", "a", "an", "de", "la", "le", "el", "del", "al"}


class Names:
    """Decides which name variants are safe phrases (see the module docstring)."""

    def __init__(self, builder: Builder, english: set[str], non_nouns: set[str]):
        self.b = builder
        self.english = english
        self.non_nouns = non_nouns
        from spacy.lang.en.stop_words import STOP_WORDS

        self.stop_words = set(STOP_WORDS)
        self.taken: dict[tuple[str, ...], str] = {}  # phrase → actor key
        self.clash: set[tuple[str, ...]] = set()

    def english_word(self, w: str) -> bool:
        """An English word of five or more letters, or the plural of one of six or more
        ("Democrats"; "Zetas" is no plural of a word)."""
        low = w.lower()
        return len(w) >= 5 and (
            low in self.english or (len(low) > 6 and low.endswith("s") and low[:-1] in self.english)
        )

    def phrase_ok(self, words: tuple[str, ...], actor: Actor, *, short: bool = False) -> bool:
        if not words:
            return False
        if len(words) == 1:
            w = words[0]
            if w in GENERIC_WORDS or w in self.b.agent_words or w.lower() in _STOP or len(w) < 3:
                return False
            if self.b.given[w] >= 2:
                return False  # a first name ("Kim", "Stan") is not an actor
            if actor.kind != "person" and (self.b.given[w] or self.b.family[w]):
                return False  # a group's one word that is someone's name ("HAN": Han Zheng)
            common = self.english if short else self.stop_words
            if w.lower() in common and actor.country not in self.b.phoenix.get(words, set()):
                return False  # an acronym that spells a word ("WHO", "ACT"), a stop word ("Will")
            if actor.kind == "party" and self.english_word(w) and w not in PARTY_WORDS:
                return False  # a party named by one English word: "Energy", "Republican", "Progress"
        if len(words) == 2 and words[0] == "THE" and actor.kind != "person" and self.english_word(words[1]):
            return False  # "The Democrats" (Gabon) are anyone's Democrats, "The Family" anyone's
        if all(w.lower() in _STOP or w in GENERIC_WORDS or w.lower() in TITLE_WORDS for w in words):
            return False  # "Prime Minister" (a ParlGov pseudo-party), "National Front"
        if words in self.b.agent_phrases:
            return False
        phoenix = self.b.phoenix.get(words)
        if phoenix is None:
            return True
        if actor.kind != "person" or getattr(actor, "weak", False):
            return False  # Phoenix already codes this organisation (PSEREBHMS) or person
        # a Phoenix phrase of another country is someone else: leave it to Phoenix
        return not (phoenix - {actor.country[:3], "---"})

    def collect(self, actors: list[Actor]) -> dict[str, list[tuple[str, ...]]]:
        chosen: dict[str, list[tuple[str, ...]]] = {}
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for a in actors:
            phrases: list[tuple[str, ...]] = []
            for raw in a.names:
                short = raw.startswith("short:")
                text = raw.removeprefix("short:").strip()
                if not text:
                    continue
                parens = a.kind != "person"
                words = key_of(text, parens=parens)
                variants = [words]
                raw_words = key_of(text, fold=False, parens=parens)
                if raw_words != words:
                    variants.append(raw_words)  # "Erdoğan" as written in the text, too
                if short:
                    if len(words) != 1 or not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", text.replace("-", "")):
                        continue
                    if words[0] in self.b.inner_words:
                        continue  # e.g. INC inside company names
                if not self.phrase_ok(words, a, short=short):
                    continue
                if len(words) == 1 and not short and a.kind == "person":
                    continue  # a person's single word only via the surname rule below
                phrases.extend(v for v in variants if v not in phrases)
                if a.kind == "group" and len(words) == 1 and words[0].endswith("IS") and len(words[0]) > 5:
                    singular = (words[0][:-1],)  # "Houthis" → "Houthi" ("Houthi rebels")
                    if singular not in phrases and self.phrase_ok(singular, a):
                        phrases.append(singular)
            if a.kind == "person" and a.head and a.surname:
                s = key_of(a.surname)
                # An English verb or adjective ("Brown", "Bush") is no surname on its own, except
                # for a US president; nouns are fine (WordNet lists Putin), and the resolver
                # matches a one-word name only when capitalised anyway.
                word_ok = s and (getattr(a, "us_executive", False) or s[0].lower() not in self.non_nouns)
                if (
                    len(s) == 1
                    and len(s[0]) >= 4
                    and self.b.given[s[0]] == 0
                    and self.b.family[s[0]] <= 4
                    and word_ok
                    and s[0] not in CALENDAR_WORDS
                    and not (self.b.name_element_countries.get(s[0], set()) - {a.country})
                    and s[0].lower() not in TITLE_WORDS
                    and s[0] not in GENERIC_WORDS
                    and not (self.b.phoenix.get(s, set()) - {a.country})
                ):
                    phrases.append(s)
            chosen[a.key] = phrases
            for p in phrases:
                owners[p].add(a.key)
        # a phrase that two actors of different countries/codes share is dropped from both
        for p, keys in owners.items():
            if len(keys) > 1:
                for k in keys:
                    chosen[k] = [x for x in chosen[k] if x != p]
        return chosen


ROLE_ORDER = {"GOV": 0, "LEG": 1, "JUD": 2, "MIL": 3}


def write_file(path: Path, header: str, actors: list[Actor], chosen: dict[str, list[tuple[str, ...]]]) -> int:
    lines = [header.rstrip(), ""]
    count = 0
    for a in actors:
        phrases = chosen.get(a.key) or []
        if not phrases:
            continue
        roles = list({r.text(): r for r in a.roles if r.start or r.end}.values())
        # the first dated role covering a date wins: offices before party leadership
        roles.sort(key=lambda r: ROLE_ORDER.get(r.code[3:6], 9))
        if not roles and not a.default:
            continue
        count += 1
        first, *rest = phrases
        lines.append(f"{'_'.join(first)}_  # {a.source}")
        lines.extend(f"+{'_'.join(p)}_" for p in rest)
        lines.extend(f"\t{r.text()}" for r in roles)
        if a.default:
            lines.append(f"\t[{a.default}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


#: Parties whose one-word English name is how the news names them, in every country's press.
PARTY_WORDS = frozenset({"LABOUR"})


def english_words() -> tuple[set[str], set[str]]:
    """Common English words (WordNet lemmas shipped with spaCy's English lemmatizer), and the
    subset that are verbs, adjectives or adverbs (WordNet's nouns include famous surnames
    such as Putin, so only the others rule a surname out)."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        from whowhom.nlp import load_nlp

        lk = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        words: set[str] = set(STOP_WORDS)
        other: set[str] = set(STOP_WORDS)
        for pos in ("noun", "verb", "adj", "adv"):
            found = {w for w in lk[pos] if w.isalpha()}
            words |= found
            if pos != "noun":
                other |= found
        return words, other
    except Exception as e:  # pragma: no cover - build-time only
        print(f"warning: no English word list ({e}); acronyms are not filtered", file=sys.stderr)
        return set(), set()


_CALENDAR = (
    "MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY JANUARY FEBRUARY MARCH APRIL MAY "
    "JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER"
)
CALENDAR_WORDS = frozenset(_CALENDAR.split())


HEADER = """\
# whowhom actor knowledge base ({part}) — GENERATED by scripts/build_actor_kb.py from
# ../shared/data/actors/ (see data/LICENSES.md); do not edit by hand, rebuild instead.
# Format: PETRARCH actors; each entry line ends with "# <source file>:<line>".
# {licence}
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "whowhom" / "data")
    args = ap.parse_args(argv)
    b = Builder(args.source, args.out)
    b.names_stats()
    b.holy_see()
    b.demonyms()
    b.leaders()
    b.us_people()
    b.us_former_members()
    b.us_states()
    b.parties()
    b.party_leaders()
    b.factbook_groups()
    english, non_nouns = english_words()
    names = Names(b, english, non_nouns)
    main_actors = list(b.actors)
    ucdp = b.ucdp()
    # the full IGO code of a Phoenix phrase (first code on its line)
    igo_codes: dict[tuple[str, ...], str] = {}
    for path in sorted(args.out.glob("Phoenix.*.actors.txt")):
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r"^\+?([^\s#\[]+)\s*\[(IGO[A-Z]*)", raw.strip())
            if m:
                igo_codes.setdefault(phrase_words(m.group(1)), m.group(2))
    igos = b.igos(igo_codes)
    chosen = names.collect(main_actors)
    chosen.update(names.collect(ucdp))
    chosen.update(names.collect(igos))
    # UCDP and IGO names never override the main KB: drop their phrases the main KB uses
    main_phrases = {p for a in main_actors for p in chosen.get(a.key, [])}
    for a in ucdp + igos:
        chosen[a.key] = [p for p in chosen.get(a.key, []) if p not in main_phrases]
    n_main = write_file(
        args.out / "whowhom.kb.actors.txt",
        HEADER.format(
            part="leaders, US officials, parties, armed groups",
            licence="Sources: CIA World Factbook (public domain); unitedstates/congress-legislators and "
            "openstates/people (CC0); ParlGov (CC0); Party Facts (MIT, (c) 2022 Party Facts authors).",
        ),
        main_actors,
        chosen,
    )
    n_ucdp = write_file(
        args.out / "whowhom.kb.ucdp.actors.txt",
        HEADER.format(
            part="UCDP armed groups",
            licence="Derived from the UCDP Actor Dataset v22.1 (Uppsala Conflict Data Program), CC BY 4.0. "
            "Cite: Davies, Pettersson & Oberg (2022), Journal of Peace Research 59(4).",
        ),
        ucdp,
        chosen,
    )
    n_igo = write_file(
        args.out / "whowhom.kb.igos.actors.txt",
        HEADER.format(
            part="international organisations",
            licence="Derived from confirmordeny/supraverden (c) Confirmordeny 2025-2026, CC BY-SA 4.0; "
            "this file is under CC BY-SA 4.0 too.",
        ),
        igos,
        chosen,
    )
    given = sorted(w for w, c in b.given.items() if c >= 2 and len(w) >= 3)
    (args.out / "whowhom.kb.given_names.txt").write_text(
        "# Given names seen at least twice (as the first word of a person's name) in\n"
        "# ../shared/data/actors (US Congress 1789-2026, Open States, Factbook leaders); GENERATED by\n"
        "# scripts/build_actor_kb.py. Used by `whowhom actors check`: a bare first name is not an actor.\n"
        + "\n".join(given)
        + "\n",
        encoding="utf-8",
    )
    print(f"kb: {n_main} actors; ucdp: {n_ucdp}; igos: {n_igo}; given names: {len(given)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
