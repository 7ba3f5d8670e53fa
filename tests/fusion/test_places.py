"""Place normalisation: one canonical place for the many ways of writing it."""

from __future__ import annotations

import pytest

from sitrep.domain.models import Place, Profile
from sitrep.fusion import PlaceIndex, core_name, read_place, skeleton

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


@pytest.mark.parametrize("phrase,name", [
    ("the Marrowfield mill district", "Marrowfield mill district"),
    ("Marrowfield mill district", "Marrowfield mill district"),
    ("the Osterby grain terminal", "Osterby grain terminal"),
    ("Quillan old town", "Quillan old town"),
    ("the Saltmere industrial zone", "Saltmere industrial zone"),
    ("the old town of Quillan", "Quillan old town"),
    ("the industrial zone of Saltmere", "Saltmere industrial zone"),
    ("Brannock's old quarter", "Brannock old quarter"),
    ("the Vessel Point pumping station", "Vessel Point pumping station"),
    # A site or works is not the town it is named after, even unqualified.
    ("the Marrowfield depot", "Marrowfield depot"),
    ("Osterby crossing", "Osterby crossing"),
    ("the Quillan air base", "Quillan air base"),
])
def test_a_lowercase_qualifier_before_a_head_names_a_part_of_the_place(phrase, name):
    assert core_name(phrase) == name


@pytest.mark.parametrize("phrase,name", [
    ("the Marrowfield suburbs", "Marrowfield"),  # a bare generic head goes
    ("Tal Abyad district", "Tal Abyad"),
    ("Tal Abyad town centre", "Tal Abyad"),  # heads only, however many
    ("the besieged northern town of Karsk", "Karsk"),  # descriptive words qualify nothing
    ("Karsk eastern districts", "Karsk"),
    ("the Kessab main market", "Kessab"),
    ("Tal Abyad town on Tuesday", "Tal Abyad"),  # the place ends at a preposition
    ("Mirovo overnight", "Mirovo"),  # a lowercase word that is no head is not a qualifier
    ("Brask located at the hills", "Brask"),  # a tail ends at a verb or preposition
    ("Hollin area within the town", "Hollin"),
    ("Brask fighters seized the road", "Brask"),
    ("the heavy shelling of the Pelin market", "Pelin"),
    ("the Veskarian town of Sorrin", "Sorrin"),  # a nationality before the head is no name
    ("the eastern Ardesian city of Brel", "Brel"),
    ("the Stavna district of eastern Karsk", "Stavna"),
    ("Karsk's", "Karsk"),
])
def test_bare_heads_and_descriptive_words_still_go(phrase, name):
    assert core_name(phrase) == name


@pytest.mark.parametrize("phrase,name", [
    ("Dorvan in Kessab", "Dorvan"),  # a name ending like a nationality is still a name
    ("Ulmeni village of Brask", "Ulmeni"),
    ("Tervik village near Brask town", "Tervik"),  # the place first, its container after
    ("the Hollin neighbourhood in Brask", "Hollin"),
    ("Porto do Vale", "Porto do Vale"),  # particles inside a name
    ("Villa del Rio district", "Villa del Rio"),
])
def test_the_first_name_is_the_place_and_its_container_comes_after(phrase, name):
    assert core_name(phrase) == name


@pytest.mark.parametrize("phrase", [
    "Kestrel Hill", "Gaza City", "Clock Tower Square",  # capitalised: part of the name
    "South Sudan", "North Waziristan",  # a capitalised direction is a name, too
    "Ras al-Ain", "Deir ez-Zor",  # a joined article does not end the name
])
def test_proper_names_keep_their_capitalised_words(phrase):
    assert core_name(phrase) == phrase


def test_a_part_of_a_place_is_keyed_on_name_and_qualifier_and_never_on_its_town():
    index = PlaceIndex(gazetteer=False)
    town = index.resolve("Marrowfield")
    mill = index.resolve("the Marrowfield mill district")
    assert mill.key != town.key and mill.name == "Marrowfield mill district"
    assert index.resolve("the Marrowfield mill").key == mill.key  # mill, with or without its head
    assert index.resolve("the Marrowfield grain silos").key not in (mill.key, town.key)
    assert index.resolve("the Marrowfield suburbs").key == town.key
    assert index.resolve("the Marrowfield depot").key not in (mill.key, town.key)
    assert index.resolve("the old town of Quillan").key == index.resolve("Quillan old town").key
    assert index.resolve("Quillan old town").key != index.resolve("Quillan").key
    assert index.resolve("Quillan air base").key == index.resolve("the Quillan airbase").key
    assert index.resolve("the Marrowfield mills").key == mill.key


def test_a_part_of_a_profile_town_is_not_the_town():
    profile = Profile(places=(Place("Osterby", lat=44.7, lon=20.3),
                              Place("Old Harbour", aliases=("Osterby old harbour",), lat=44.71, lon=20.31)))
    index = PlaceIndex(profile, gazetteer=False)
    terminal = index.resolve("the Osterby grain terminal")
    assert terminal.origin == "text" and not terminal.located
    assert terminal.name == "Osterby grain terminal"
    assert index.resolve("the town of Osterby").name == "Osterby"
    # A part the profile lists by its alias is the profile's place.
    assert index.resolve("the Osterby old harbour").name == "Old Harbour"


def test_a_part_of_a_real_city_is_not_looked_up_in_the_gazetteer():
    index = PlaceIndex()
    assert index.resolve("the Fallujah industrial zone").origin == "text"
    assert index.resolve("the Fallujah industrial zone").name == "Fallujah industrial zone"
    assert index.resolve("the town of Fallujah").origin == "gazetteer"


def test_descriptive_phrases_never_merge_and_keep_their_wording():
    index = PlaceIndex(gazetteer=False)
    for phrase in ("most of the border", "a border town", "the industrial zone", "two villages"):
        ref = index.resolve(phrase)
        assert not ref.named and ref.name == phrase
    assert read_place("the grain terminal") is None


def test_every_wording_of_a_text_place_shows_one_name():
    # Whichever wording the index meets first names the place from then on,
    # so a fused row, the board and the export never differ.
    index = PlaceIndex(gazetteer=False)
    names = {index.resolve(p).name for p in ("Fallujah", "Falluja", "the city of FALLUJA", "Faluja")}
    assert names == {"Fallujah"}


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


def test_gazetteer_spellings_meet_and_codes_are_no_names():
    index = PlaceIndex()
    heet = index.resolve("the Iraqi town of Heet")
    assert heet.origin == "gazetteer" and heet.country == "IQ"
    assert index.resolve("Hit").key == heet.key
    # An airport code among a big city's alternate names ("HET") is no name
    # a report uses for it.
    assert heet.name != "Hohhot"


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


def test_an_index_that_waits_for_the_gazetteer_uses_it_once_loaded():
    # A situation near Falluja whose gazetteer no other test builds.
    profile = Profile(places=(Place("Hadrun", lat=33.41, lon=43.69),))
    index = PlaceIndex(profile, gazetteer="loaded")
    assert index.resolve("Falluja").origin == "text" and not index.refresh()
    PlaceIndex(profile).warm()  # as the dashboard's views do, off the first paint
    assert index.refresh()
    ref = index.resolve("the city of Falluja")
    assert ref.origin == "gazetteer" and ref.name == index.resolve("Fallujah").name
    assert not index.refresh()  # once is enough
