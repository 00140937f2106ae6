"""The gazetteer's regions, small towns and context: admin-1 regions, towns under 15,000
people taken only in the document's or the actors' countries, the document's main place.

Coordinates are from general knowledge, not from the data, so a wrong entry fails."""

from __future__ import annotations

import pytest

from whowhom.coding.places import Gazetteer, Place, default_gazetteer, main_place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def near(place: Place | None, lat: float, lon: float, tol: float) -> bool:
    return (
        place is not None
        and place.lat is not None
        and place.lon is not None
        and abs(place.lat - lat) <= tol
        and abs(place.lon - lon) <= tol
    )


# --- first-level regions --------------------------------------------------------------


def test_bihar_is_the_state_not_the_city(gaz: Gazetteer) -> None:
    for countries in ((), ("IND",)):
        bihar = gaz.lookup("Bihar", countries=countries)
        assert bihar is not None and bihar.kind == "state" and bihar.country == "IND"
        assert "Sharif" not in bihar.name and "Sharīf" not in bihar.name
        assert near(bihar, 25.7, 85.6, tol=1.5)
    assert any("Shar" in p.name for p in gaz.candidates("Bihar"))  # the city is a candidate


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Helmand", "AFG", 31.0, 64.0),
        ("Helmand Province", "AFG", 31.0, 64.0),
        ("Anbar", "IRQ", 33.0, 42.0),
        ("Kerala", "IND", 10.5, 76.3),
        ("Bavaria", "DEU", 48.9, 11.4),
        ("Ontario", "CAN", 50.0, -86.0),
        ("Borno", "NGA", 11.8, 13.0),
    ],
)
def test_admin1_regions(gaz: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.kind == "state" and place.country == country, place
    assert near(place, lat, lon, tol=3.0), place


def test_a_capital_beats_its_region_of_the_same_name(gaz: Gazetteer) -> None:
    for name, country in (("Baghdad", "IRQ"), ("Kandahar", "AFG"), ("Lagos", "NGA")):
        place = gaz.lookup(name)
        assert place is not None and place.kind == "city" and place.country == country, place
        assert any(p.kind == "state" for p in gaz.candidates(name))


def test_a_region_abroad_does_not_beat_a_city_called_so(gaz: Gazetteer) -> None:
    homs = gaz.lookup("Homs")  # also an alternate name of a Libyan district
    assert homs is not None and homs.country == "SYR" and homs.kind == "city"


def test_regions_disambiguated_by_country(gaz: Gazetteer) -> None:
    pak = gaz.lookup("Punjab", countries={"PAK"})
    ind = gaz.lookup("Punjab", actor_countries={"IND"})
    assert pak is not None and pak.country == "PAK" and pak.kind == "state"
    assert ind is not None and ind.country == "IND" and ind.kind == "state"


def test_towns_know_their_region(gaz: Gazetteer) -> None:
    patna = gaz.lookup("Patna")
    assert patna is not None and patna.region == "Bihar"
    within = gaz.lookup("Patna, Bihar")
    assert within == patna


# --- small towns, only where the document points ----------------------------------------


def test_nawa_is_afghan_when_the_actors_are(gaz: Gazetteer) -> None:
    alone = gaz.lookup("Nawa")
    assert alone is not None and alone.country != "AFG"  # a small district is not guessed
    for kw in ({"actor_countries": ["AFG"]}, {"countries": ["AFG"]}, {"countries": ["afg"]}):
        place = gaz.lookup("Nawa", **kw)
        assert place is not None and place.country == "AFG", kw
        assert place.minor and near(place, 33.0, 66.0, tol=4.0)


def test_ariha_is_syrian_in_a_syrian_document(gaz: Gazetteer) -> None:
    syria = gaz.lookup("Ariha", countries={"SYR"})
    assert syria is not None and syria.country == "SYR"
    assert near(syria, 35.8, 36.6, tol=0.2)  # in Idlib, not Jericho
    assert syria.region == "Idlib"
    # With no country to go by, the larger place of the name (Jericho) is kept.
    alone = gaz.lookup("Ariha")
    assert alone is not None and alone.country == "PSE"


def test_small_towns_outside_the_countries_are_not_taken(gaz: Gazetteer) -> None:
    # Sangin, Afghanistan (under 15,000 people): found in an Afghan document only.
    assert gaz.lookup("Sangin") is None
    assert gaz.lookup("Sangin", countries={"FRA"}) is None
    sangin = gaz.lookup("Sangin", actor_countries={"AFG"})
    assert sangin is not None and sangin.country == "AFG" and sangin.minor
    assert any(p.country == "AFG" for p in gaz.candidates("Sangin", countries={"AFG"}))
    assert gaz.candidates("Sangin") == []


def test_document_countries_rank_above_actor_countries(gaz: Gazetteer) -> None:
    lebanon = gaz.lookup("Tripoli", countries={"LBN"}, actor_countries={"LBY"})
    assert lebanon is not None and lebanon.country == "LBN"
    libya = gaz.lookup("Tripoli", actor_countries={"LBY"})
    assert libya is not None and libya.country == "LBY"


# --- Trinidad ---------------------------------------------------------------------------


def test_a_world_city_beats_a_small_namesake_in_the_documents_country(gaz: Gazetteer) -> None:
    london = gaz.lookup("London", countries={"USA"})
    assert london is not None and london.country == "GBR"
    # a namesake of some size is still the one meant at home, and so is an alternate name
    birmingham = gaz.lookup("Birmingham", countries={"USA"})
    assert birmingham is not None and birmingham.country == "USA"
    white_house = gaz.lookup("White House", countries={"USA"})
    assert white_house is None or white_house.country == "USA"


def test_a_place_said_to_be_in_a_region_is_no_namesake_elsewhere(gaz: Gazetteer) -> None:
    israel = gaz.lookup("Central District")
    assert israel is not None and israel.country == "ISR"
    assert gaz.lookup("Central District, California") is None


def test_trinidad_is_the_island(gaz: Gazetteer) -> None:
    island = gaz.lookup("Trinidad")
    assert island is not None and island.country == "TTO"
    assert near(island, 10.45, -61.3, tol=0.5)
    bolivia = gaz.lookup("Trinidad", countries={"BOL"})
    assert bolivia is not None and bolivia.country == "BOL"
    philippines = gaz.lookup("La Trinidad")
    assert philippines is not None and philippines.country == "PHL"


# --- the stoplist -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Police", "POL"),  # a Polish town, even in a Polish document
        ("Obama", "JPN"),  # a Japanese town
        ("Central", "GHA"),  # a Ghanaian region
        ("the Gulf", None),  # a Papua New Guinean province
        ("Western", "ZMB"),
    ],
)
def test_stoplisted_words_are_no_places_in_context(gaz: Gazetteer, word: str, country: str | None) -> None:
    countries = {country} if country else set()
    assert gaz.lookup(word, countries=countries, actor_countries=countries) is None


def test_stoplist_does_not_hide_countries(gaz: Gazetteer) -> None:
    chad = gaz.lookup("Chad")
    assert chad is not None and chad.kind == "country" and chad.country == "TCD"


# --- one document at a time -------------------------------------------------------------


def test_resolve_document_uses_the_countries_it_names(gaz: Gazetteer) -> None:
    resolved = gaz.resolve_document(["Afghanistan", "Nawa", "Nawa"])
    assert resolved.countries == {"AFG"}
    assert [p.country if p else None for p in resolved.places] == ["AFG", "AFG", "AFG"]
    assert resolved.main is not None and resolved.main.country == "AFG" and resolved.main.kind == "district"
    by_region = gaz.resolve_document(["Idlib Governorate", "Ariha"])
    assert by_region.countries == {"SYR"}
    assert by_region.places[1] is not None and by_region.places[1].country == "SYR"


def _p(name: str, country: str = "IRQ", kind: str = "city", region: str | None = None) -> Place:
    return Place(name, country, 0.0, 0.0, 1000, kind, region)


def test_main_place_needs_a_clear_majority() -> None:
    basra, kut, najaf = _p("Basra", region="Basra"), _p("Kut"), _p("Najaf")
    iraq, iran = _p("Iraq", kind="country"), _p("Iran", "IRN", kind="country")
    assert main_place([basra, basra, kut]) == basra
    assert main_place([basra]) == basra
    assert main_place([basra, kut]) is None  # a tie
    assert main_place([basra, basra, kut, najaf]) is None  # half is not a majority
    assert main_place([basra, kut, najaf, basra, basra]) == basra
    # a digest: many places, none dominant
    assert main_place([basra, kut, najaf, _p("Hilla"), _p("Amarah"), basra]) is None
    # its own country is no competitor; another country is
    assert main_place([basra, iraq, iraq, iraq]) == basra
    assert main_place([basra, iran, iran]) is None
    assert main_place([iraq, iran]) is None and main_place([]) is None and main_place([None]) is None
    # a town inside the region, or the region around the town, does not compete
    region = _p("Basra", kind="state")
    assert main_place([basra, region]) == basra
    assert main_place([region, basra]) == basra
    assert main_place([region, region, basra, kut]) == region  # Kut is elsewhere: 2 of 3
    assert main_place([region, basra, kut, najaf]) is None
    assert main_place([region, region, _p("Zubair", region="Basra")]) == region
    assert main_place([basra, basra, kut], share=0.7) is None
