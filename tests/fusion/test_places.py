"""Place normalisation: one canonical place for the many ways of writing it."""

from __future__ import annotations

import pytest

from sitrep.domain.models import Place, Profile
from sitrep.fusion import PlaceIndex, core_name, skeleton

PROFILE = Profile(places=(
    Place("Mirovo", aliases=("Mirova",), lat=44.6, lon=20.1),
    Place("Zorin airbase", aliases=("Zorin air base", "Zorin military airport"), lat=44.9, lon=20.6),
))


@pytest.mark.parametrize("phrase,name", [
    ("the town of Tal Abyad", "Tal Abyad"),
    ("Tal Abyad town", "Tal Abyad"),
    ("Tal Abyad", "Tal Abyad"),
    ("the shelling of the Kessab market", "Kessab"),
    ("the village of Mirovo", "Mirovo"),
    ("Stavna district", "Stavna"),
    ("the outskirts of Karsk", "Karsk"),
    ("the strategic town of Al-Bab", "Al-Bab"),
])
def test_determiners_and_generic_heads_are_stripped(phrase, name):
    assert core_name(phrase) == name


@pytest.mark.parametrize("phrase", ["most of the border", "a border town", "the city", "two villages"])
def test_descriptive_phrases_name_no_place(phrase):
    assert core_name(phrase) is None


def test_transliteration_and_case_variants_share_a_key():
    assert skeleton("Falluja") == skeleton("Fallujah") == skeleton("al-Fallūjah") == skeleton("FALLUJA")
    assert skeleton("Kessab") != skeleton("Kassab")


def test_wordings_of_one_place_resolve_to_one_key():
    index = PlaceIndex(gazetteer=False)
    keys = {index.resolve(p).key for p in ("the town of Tal Abyad", "Tal Abyad", "Tal Abyad town")}
    assert len(keys) == 1
    assert index.resolve("Kessab").key == index.resolve("the shelling of the Kessab market").key


def test_profile_aliases_and_coordinates_win():
    index = PlaceIndex(PROFILE, gazetteer=False)
    ref = index.resolve("the village of Mirova")
    assert ref.name == "Mirovo" and (ref.lat, ref.lon) == (44.6, 20.1) and ref.origin == "profile"
    assert index.resolve("Zorin military airport").key == index.resolve("the Zorin airbase").key


def test_descriptive_phrase_is_kept_as_written_and_not_named():
    index = PlaceIndex(PROFILE, gazetteer=False)
    ref = index.resolve("most of the border")
    assert not ref.named and ref.name == "most of the border"
    assert ref.key != index.resolve("Mirovo").key


def test_gazetteer_gives_real_places_a_country_and_coordinates():
    index = PlaceIndex()
    falluja, fallujah = index.resolve("Falluja"), index.resolve("the city of Fallujah")
    assert falluja.key == fallujah.key and falluja.origin == "gazetteer"
    assert falluja.country == "IQ"
    assert 33 < falluja.lat < 34 and 43 < falluja.lon < 44


def test_gazetteer_namesakes_far_from_the_situation_are_ignored():
    # The profile's places are in the Balkans; Aleppo is a real city, but
    # much too far away to be a place of this situation.
    index = PlaceIndex(PROFILE)
    assert index.resolve("Aleppo").origin == "text"


def test_profile_places_are_read_from_the_config(tmp_path):
    from sitrep.domain.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('[situation]\nname = "X"\n\n[situation.places]\n'
                    'Mirovo = { aliases = ["Mirova"], lat = 44.6, lon = 20.1, country = "VS" }\n'
                    '"Lenka bridge" = {}\n')
    places = load_config(path).profile.places
    assert places == (Place("Mirovo", ("Mirova",), 44.6, 20.1, "VS"), Place("Lenka bridge"))


@pytest.mark.parametrize("entry,problem", [
    ("Mirovo = { lat = 44.6 }", "give both lat and lon"),
    ("Mirovo = { lat = 95, lon = 20 }", "lat must be a number from -90 to 90"),
    ("Mirovo = { aliases = [1] }", "aliases must be a list"),
    ("Mirovo = { where = 1 }", "unknown key 'where'"),
    ("Mirovo = 3", "must be a table"),
])
def test_bad_profile_places_are_refused_with_the_line(tmp_path, entry, problem):
    from sitrep.domain.config import ConfigError, load_config

    path = tmp_path / "config.toml"
    path.write_text(f'[situation]\nname = "X"\n\n[situation.places]\n{entry}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert problem in str(caught.value) and str(path) in str(caught.value)
