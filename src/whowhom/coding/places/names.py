"""Name keys for the gazetteer: folding, Arabic articles, acronyms and the stoplist.

Shared by the runtime lookup (``gazetteer.py``) and the index build (``build.py``): both must
fold a name to the same key, or the index would hold keys no query can produce.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

__all__ = [
    "ARABIC_ISO2",
    "ARTICLES",
    "acronym",
    "good_alternate",
    "key_variants",
    "normalize_name",
    "spelling_variants",
    "stoplist",
]

# Arabic articles ("al-", "an-", "ash-", ...): names in these countries are also indexed
# without them, and a query is retried without one.
ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ash ", "at ", "ad ", "adh ", "az ", "ath ")
ARTICLE_STARTS = frozenset(a[:2] for a in ARTICLES)
# fmt: off
ARABIC_ISO2 = frozenset({
    "IQ", "SY", "LB", "JO", "PS", "IL", "SA", "YE", "OM", "AE", "QA", "BH", "KW", "EG", "LY", "TN",
    "DZ", "MA", "EH", "SD", "MR", "SO", "DJ", "KM", "TD",
})
# fmt: on
#: Countries whose romanised names end in a silent "-ah" that news often drops ("Nawah" is
#: written "Nawa", "Amarah" "Amara"): the Arabic-speaking ones and their Persian/Pashto/Urdu
#: neighbours.
TA_MARBUTA_ISO2 = ARABIC_ISO2 | frozenset({"AF", "IR", "PK"})

#: Generic words for a first-level or second-level division. A query "Helmand Province" that
#: is not indexed as such is retried as "Helmand", for regions and districts only.
DIVISION_WORDS = (
    "province",
    "governorate",
    "state",
    "region",
    "district",
    "oblast",
    "prefecture",
    "department",
    "county",
    "territory",
)

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGIT = re.compile(r"\d")
# First character Latin (basic, extended, additional) or an opening ayn/quote: a cheap way
# to skip Cyrillic, Greek, Armenian... alternates before folding them.
_LATIN_START = re.compile("[\x00-\u036f\u1e00-\u1eff\u2018\u2019]")

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

_STOPLIST_FILE = "data/places_stoplist.txt"


def normalize_name(name: str) -> str:
    """Lower-cased, ASCII-folded, punctuation-free key; "" if the name is not Latin script."""
    s = name.translate(_TRANSLATE)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
        if not s.isascii():
            return ""
    return " ".join(s.lower().split())


def acronym(name: str) -> str:
    """ "U.S." -> "US" if the name is an all-capitals short form, else ""."""
    s = name.replace(".", "").replace(" ", "")
    return s if 2 <= len(s) <= 5 and s.isalpha() and s.isupper() else ""


def good_alternate(alt: str) -> bool:
    """Keep hand-written Latin alternates; drop codes ("BGW"), machine transliterations
    (all lower case, "bghdad") and anything with digits."""
    if len(alt) < 3 or alt == alt.lower() or _LATIN_START.match(alt) is None:
        return False
    if len(alt) <= 4 and alt.isupper():
        return False
    return _DIGIT.search(alt) is None


def spelling_variants(key: str, iso2: str) -> list[str]:
    """Other keys the same name is written as in news: without an Arabic article ("al kut" ->
    "kut") and, where romanisation varies so, without a final silent "h" ("nawah" -> "nawa")."""
    out: list[str] = []
    if iso2 in ARABIC_ISO2 and key[:2] in ARTICLE_STARTS:
        for art in ARTICLES:
            if key.startswith(art):
                rest = key[len(art) :]
                if len(rest) >= 3:
                    out.append(rest)
                break
    if iso2 in TA_MARBUTA_ISO2:
        for k in (key, *out):
            if k.endswith("ah") and len(k) >= 5:
                out.append(k[:-1])
    return out


def key_variants(key: str) -> Iterator[str]:
    """The query key, then without a leading "the", then without an Arabic article."""
    yield key
    if key.startswith("the ") and len(key) > 7:
        key = key[4:]
        yield key
    for art in ARTICLES:
        if key.startswith(art) and len(key) - len(art) >= 3:
            yield key[len(art) :]
            break


def division_stem(key: str) -> str:
    """ "helmand province" -> "helmand"; "" if the key does not end in a division word."""
    head, _, last = key.rpartition(" ")
    return head if last in DIVISION_WORDS and len(head) >= 3 else ""


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """Keys never taken as a place below country level: common English words (and a few
    names that in news are far more often people) that happen to be some place's name.
    Read from ``data/places_stoplist.txt`` on first use."""
    text = resources.files("whowhom").joinpath(_STOPLIST_FILE).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalize_name(w) for w in words if w)
