"""The country an outlet belongs to, read from its web address and its name.

A local paper writes about its own country: "police" in a story of the Jamaica Observer, or of
a ``.ng`` site, are that country's police even when the story never names the country. The
address's country domain (``.co.uk``, ``.ng``) and a country named in the outlet's name or host
("The Japan Times", ``timesofindia``) say which; generic domains (``.com``) and domains sold
for their letters (``.tv``, ``.io``) say nothing.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from whowhom.coding.places.gazetteer import Gazetteer

#: Country domains used for their letters rather than their country.
VANITY_DOMAINS = frozenset(
    {
        "co",
        "tv",
        "io",
        "me",
        "ly",
        "fm",
        "ai",
        "cc",
        "ws",
        "to",
        "am",
        "gg",
        "la",
        "nu",
        "tk",
        "sh",
        "st",
        "vc",
    }
)
#: Domain letters that are not the country's ISO code.
DOMAIN_ISO2 = {"uk": "GB"}
#: Place kinds that stand for a country when an outlet is named after them ("Trinidad Express").
COUNTRY_KINDS = frozenset({"country", "island"})
#: The shortest country name looked for inside a host name ("oman" in "omanobserver" is too
#: likely to be part of another word).
MIN_NAME_IN_HOST = 5


def outlet_country(url: str | None, source: str | None, gazetteer: Gazetteer) -> str | None:
    """ISO3 code of the outlet's country, or None when its address and name do not say."""
    host = _host(url)
    if host:
        labels = host.split(".")
        tld = labels[-1]
        if len(tld) == 2 and tld not in VANITY_DOMAINS:
            iso3 = gazetteer.iso3(DOMAIN_ISO2.get(tld, tld.upper()))
            if iso3:
                return iso3
        main = labels[-2] if len(labels) >= 2 else labels[0]
        if len(labels) >= 3 and len(labels[-2]) <= 3 and len(tld) == 2:  # "dailymail.co.uk"
            main = labels[-3]
        found = _name_in_host(main, gazetteer)
        if found:
            return found
    if source:
        words = [w.strip(".,:;()") for w in source.split()]
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                place = gazetteer.lookup(" ".join(words[i : i + n]))
                if place is not None and place.kind in COUNTRY_KINDS and place.country:
                    return place.country
    return None


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@lru_cache(maxsize=4096)
def _cached_name_in_host(label: str, gazetteer: Gazetteer) -> str | None:
    for size in range(len(label), MIN_NAME_IN_HOST - 1, -1):
        for piece in {label[:size], label[-size:]}:
            place = gazetteer.lookup(piece)
            if place is not None and place.kind in COUNTRY_KINDS and place.country:
                return place.country
    return None


def _name_in_host(label: str, gazetteer: Gazetteer) -> str | None:
    """A country whose name begins or ends the host name ("jamaicaobserver", "timesofindia")."""
    if not label.isalpha() or len(label) < MIN_NAME_IN_HOST:
        return None
    return _cached_name_in_host(label, gazetteer)
