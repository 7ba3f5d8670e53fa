"""The map's extent: a lone place is shown with country around it, not at
a zoom where the axis counts metres."""

from __future__ import annotations

import re

from sitrep.fusion import PlaceRef, PlaceStatus
from sitrep.tui.charts import situation_map


def latitudes(text: str) -> list[float]:
    return [float(m) for m in re.findall(r"^\s*(-?\d+\.\d+)┤", text, re.MULTILINE)]


def status(name: str, lat: float, lon: float) -> PlaceStatus:
    return PlaceStatus(place=PlaceRef(key=f"p:{name}", name=name, lat=lat, lon=lon),
                       holder="guard", previous=None, since=None, contested=False)


def test_a_lone_place_keeps_about_ten_kilometres_around_it() -> None:
    shown = latitudes(situation_map([status("Mosul", 36.335, 43.119)], {}, 100, 30).plain)
    assert max(shown) - min(shown) >= 0.08
    assert min(shown) < 36.335 < max(shown)


def test_places_far_apart_are_zoomed_to_their_spread() -> None:
    shown = latitudes(situation_map([status("Brask", 10.05, 19.95), status("Quillan", 9.93, 20.1)],
                                    {}, 100, 30).plain)
    assert 9.9 < min(shown) < 9.93 and 10.05 < max(shown) < 10.1
