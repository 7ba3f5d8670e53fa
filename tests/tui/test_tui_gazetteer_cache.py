"""The dashboard takes its gazetteer from the wiring's cache file: a pilot
on a real store, with the real cache in tmp_path. Each test's situation is
in a region of its own, since an installed index stays for the process."""

from __future__ import annotations

import msgspec
from conftest import wait_for
from tui_sample import FEEDS, control, report

from sitrep.domain.config import Config
from sitrep.domain.models import Place, Profile
from sitrep.fusion import build_gazetteer, gazetteer_key, skeleton
from sitrep.store import Store
from sitrep.tui.app import SitrepApp
from sitrep.tui.board import BoardScreen
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.table import PaneTable
from sitrep.wiring.gazetteer_cache import GazetteerCache, header


def situation(tmp_path, home: Place, town: str) -> tuple[Store, Config]:
    store = Store(tmp_path / "store")
    sentence = f"Northern Guard units took {town} from the Valley League"
    rep = report("g-1", "Harbour Wire", 0, f"{town} taken", sentence + " overnight.")
    store.add([(rep, [control(rep, sentence, place=town, action="took", gainer="Northern Guard",
                              loser="Valley League")])])
    profile = Profile(name="Test situation", keywords=(town,), places=(home,))
    return store, Config(profile=profile, feeds=FEEDS)


async def board_places(pilot) -> list[str]:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.shown_once,
                   tries=200)
    table = app.screen.query_one(PaneTable)
    return [table.rows_by_key[k].cells[0].plain for k in table.keys]


async def test_the_dashboard_names_places_from_the_kept_index(tmp_path):
    centre = (35.7, 139.7)
    cache = GazetteerCache(tmp_path / "cache")
    path = cache.path(centre)
    path.parent.mkdir()
    kept = {skeleton("Yokohama"): ("Yokohama (kept)", 35.44, 139.64, "JP", 1848354)}
    path.write_bytes(header(gazetteer_key(centre)) + msgspec.msgpack.encode(kept))
    before = path.stat()
    store, config = situation(tmp_path, Place("Shinjuku", lat=35.69, lon=139.70), "Yokohama")
    app = SitrepApp(store, config, gazetteer=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await board_places(pilot) == ["Yokohama (kept)"]
    store.close()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def test_the_dashboard_keeps_the_index_it_built_for_the_next_run(tmp_path):
    centre = (51.5, -0.1)
    cache = GazetteerCache(tmp_path / "cache")
    store, config = situation(tmp_path, Place("Lambeth", lat=51.49, lon=-0.12), "Croydon")
    app = SitrepApp(store, config, gazetteer=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, cache.path(centre).exists, tries=200)
        names = await board_places(pilot)
    store.close()
    fresh = build_gazetteer(centre)
    assert names == [fresh[skeleton("Croydon")][0]]
    assert GazetteerCache(tmp_path / "cache")(centre) == fresh
