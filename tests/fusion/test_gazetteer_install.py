"""A gazetteer index handed to fusion from elsewhere (the wiring's cache
file): installed once per process and region, one thread supplying it while
the others wait. Each test uses a region no other test touches, since what
is installed stays for the process."""

from __future__ import annotations

import threading

from sitrep.domain.models import Place, Profile
from sitrep.fusion import PlaceIndex, build_gazetteer, install_gazetteer, skeleton
from sitrep.fusion.places import gazetteer_built, gazetteer_lookup


def test_a_lookup_waits_for_the_index_being_supplied_instead_of_building_one():
    centre = (-33.9, 18.4)
    started, go = threading.Event(), threading.Event()
    supplied: list[dict] = []
    second_supply_calls: list[object] = []
    results: dict[str, object] = {}

    def slow_supply(c):
        started.set()
        go.wait(30)
        index = build_gazetteer(c)
        supplied.append(index)
        return index

    def other_supply(c):
        second_supply_calls.append(c)
        return build_gazetteer(c)

    loader = threading.Thread(target=lambda: results.update(loaded=install_gazetteer(centre, slow_supply)))
    loader.start()
    assert started.wait(30)
    viewer = threading.Thread(target=lambda: results.update(
        seen=gazetteer_lookup("Stellenbosch", centre, other_supply)))
    viewer.start()
    viewer.join(0.3)  # while the loader is held, an unlocked lookup would build its own
    go.set()
    loader.join(30)
    viewer.join(30)
    assert second_supply_calls == []
    assert results["loaded"] is supplied[0]
    assert results["seen"] == supplied[0][skeleton("Stellenbosch")]
    assert install_gazetteer(centre, other_supply) is supplied[0]  # once per process
    assert second_supply_calls == []


def test_an_installed_index_is_what_every_index_of_that_region_uses():
    centre = (-34.6, -58.4)
    profile = Profile(places=(Place("Costanera", lat=-34.6, lon=-58.4),))
    waiting = PlaceIndex(profile, gazetteer="loaded")
    assert not gazetteer_built(centre) and waiting.resolve("Quilmes").origin == "text"
    kept = {skeleton("Quilmes"): ("Quilmes (kept)", -34.72, -58.25, "AR", 3429652)}
    supplied = PlaceIndex(profile, supply=lambda c: kept)
    assert supplied.centre == centre
    supplied.warm()
    assert gazetteer_built(centre)
    assert supplied.resolve("Quilmes").name == "Quilmes (kept)"
    assert waiting.refresh() and waiting.resolve("Quilmes").name == "Quilmes (kept)"
    # An index without a supply of its own finds it installed too.
    assert PlaceIndex(profile).resolve("Quilmes").name == "Quilmes (kept)"
