"""The place cells of the event panes: a fused row shows its fact's
canonical place, the same on every row of the place; the detail screen's
records keep each source's own wording."""

from __future__ import annotations

from datetime import timedelta

import tui_sample

from sitrep.domain.models import Casualty, ControlChange, Displacement, EventRecord, Place, Profile
from sitrep.fusion import PlaceIndex
from sitrep.tui.rows import PANE_BY_NAME, Filters, RowCache, build_event_rows


def _record(rid: str, event, minutes: int = 0, feed: str = "Harbour Wire") -> EventRecord:
    return EventRecord(id=f"{rid}#0", report_id=rid, feed=feed, title="t",
                       published=tui_sample.BASE + timedelta(minutes=minutes), event=event)


def _control(place: str, gainer: str = "Northern Guard", loser: str = "Valley League") -> ControlChange:
    return ControlChange(evidence=f"{gainer} took {place}", start=0, end=5, place=place,
                         action="captured", gainer=gainer, loser=loser, party_gainer=gainer,
                         party_loser=loser)


def _killed(count: int, place: str, source: str) -> Casualty:
    return Casualty(evidence=f"{count} killed in {place}", start=0, end=5, count=count,
                    status="killed", place=place, source=source, cumulative=False)


def _place_cell(kind: str, row) -> str:
    at = next(i for i, c in enumerate(PANE_BY_NAME[kind].columns) if c.key == "place")
    return row.cells[at].plain


def _cache(profile: Profile | None = None) -> RowCache:
    return RowCache(PlaceIndex(profile, gazetteer=False))


def test_a_fused_control_row_shows_the_canonical_place_not_the_leads_wording():
    records = [_record("a", _control("the town of Tal Abyad")),
               _record("b", _control("Tal Abyad town"), 10, "Valley Courier"),
               _record("c", _control("Tal Abyad district"), 20)]
    rows, members = build_event_rows("control_change", records, _cache())
    assert len(rows) == 1 and _place_cell("control_change", rows[0]) == "Tal Abyad"
    # The detail screen's records keep every wording.
    assert [m.event.place for m in members[rows[0].key]] == [
        "the town of Tal Abyad", "Tal Abyad town", "Tal Abyad district"]


def test_a_part_of_a_town_is_its_own_row_named_with_its_head():
    records = [_record("a", _control("the Marrowfield mill district")),
               _record("b", _control("Marrowfield", "Valley League", "Northern Guard"), 10)]
    rows, _ = build_event_rows("control_change", records, _cache())
    assert sorted(_place_cell("control_change", r) for r in rows) == [
        "Marrowfield", "Marrowfield mill district"]
    assert not any(r.conflict for r in rows)


def test_profile_places_show_the_profiles_name_and_descriptions_their_wording():
    profile = Profile(places=(Place("Quillan", aliases=("Kwillan",), lat=44.0, lon=20.0),))
    records = [_record("a", _killed(7, "the Kwillan market", "medics")),
               _record("b", _killed(9, "a border town", "medics"), 5)]
    rows, _ = build_event_rows("casualty", records, _cache(profile))
    assert sorted(_place_cell("casualty", r) for r in rows) == ["Quillan", "a border town"]


def test_the_place_filter_matches_the_canonical_name_and_every_wording():
    records = [_record("a", _control("the village of Osterby")),
               _record("b", _control("Osterby"), 10)]
    rows, _ = build_event_rows("control_change", records, _cache())
    assert len(rows) == 1
    for wanted in ("osterby", "village of osterby"):
        assert Filters(place=wanted).keep(rows[0], "control_change", set())


def test_a_displacement_row_shows_canonical_origin_and_destination():
    fled = Displacement(evidence="fled", start=0, end=4, count=300, who="families",
                        origin="the Saltmere industrial zone", destination="the town of Quillan")
    rows, _ = build_event_rows("displacement", [_record("a", fled)], _cache())
    at = next(i for i, c in enumerate(PANE_BY_NAME["displacement"].columns) if c.key == "route")
    assert rows[0].cells[at].plain == "Saltmere industrial zone → Quillan"


def test_a_rows_place_follows_the_index_it_was_built_with():
    # A changed profile (a new index) names the place anew: the cached row
    # is not reused with the old name.
    records = [_record("a", _control("the village of Kwillan"))]
    cache = _cache()
    rows, _ = build_event_rows("control_change", records, cache)
    assert _place_cell("control_change", rows[0]) == "Kwillan"
    cache.rotate()
    cache.places = PlaceIndex(Profile(places=(Place("Quillan", aliases=("Kwillan",)),)),
                              gazetteer=False)
    rows, _ = build_event_rows("control_change", records, cache)
    assert _place_cell("control_change", rows[0]) == "Quillan"


def test_panes_name_real_places_as_the_views_do_once_the_gazetteer_is_loaded():
    profile = Profile(places=(Place("Hadrun", lat=33.42, lon=43.71),))
    cache = RowCache(PlaceIndex(profile, gazetteer="loaded"))
    records = [_record("a", _control("the city of Falluja")), _record("b", _control("Fallujah"), 5)]
    views = PlaceIndex(profile)
    views.warm()
    cache.rotate()
    rows, _ = build_event_rows("control_change", records, cache)
    assert len(rows) == 1
    assert _place_cell("control_change", rows[0]) == views.resolve("Falluja").name != "Falluja"
