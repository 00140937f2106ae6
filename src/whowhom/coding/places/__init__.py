"""An offline gazetteer: place names in news text -> a country code and coordinates.

``from whowhom.coding.places import Gazetteer, default_gazetteer``. The data are a prebuilt SQLite
index in the package (``data/places_gazetteer.sqlite``; rebuild it with
``scripts/build_gazetteer.py``), opened read-only on the first lookup. See ``gazetteer`` for
ranking, ``names`` for how names are folded to keys, ``build`` for what the index holds.

Names are matched case-insensitively after folding to ASCII ("Al Başrah" -> "al basrah");
Arabic place names are also indexed without their article ("Al ‘Amārah" -> "amarah"). Only
Latin-script names are indexed. Common English words (``data/places_stoplist.txt``) are never
a place below country level, so "Police" (a town in Poland) never becomes a location.
"""

from __future__ import annotations

from typing import Any

from whowhom.coding.places.gazetteer import (
    DocumentPlaces,
    Gazetteer,
    Place,
    bundled_index,
    default_gazetteer,
    iso2_to_iso3,
    main_place,
)
from whowhom.coding.places.names import normalize_name, stoplist

__all__ = [
    "STOPLIST",
    "DocumentPlaces",
    "Gazetteer",
    "Place",
    "bundled_index",
    "default_gazetteer",
    "iso2_to_iso3",
    "main_place",
    "normalize_name",
    "stoplist",
]


def __getattr__(name: str) -> Any:
    # STOPLIST is read from its data file on first use, not at import.
    if name == "STOPLIST":
        return stoplist()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
