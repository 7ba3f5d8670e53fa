"""One canonical place per fact across the dashboard: the control and
casualty panes, the board, a place's history and the tally name it the
same way, and a part of a town (its mill district) is never the town."""

from __future__ import annotations

import picture_sample
import pytest
from conftest import wait_for
from picture_sample import _take, _toll
from test_tui_picture import SIZES, history, on_view, plain

from sitrep.store import Store
from sitrep.tui.app import SitrepApp
from sitrep.tui.board import BoardScreen
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.table import PaneTable
from sitrep.tui.tally import TallyScreen


def batch():
    return [
        # Marrowfield (a profile place) changes hands; its mill district, a
        # part of it written three ways, is held by the other side.
        _take("n-1", "Harbour Wire", 0, "the Marrowfield mill district", "guard", "league"),
        _take("n-2", "Valley Courier", 1, "Marrowfield mill district", "guard", "league", "captured"),
        _take("n-3", "Valley Courier", 2, "the mill district of Marrowfield", "guard", "league", "seized"),
        _take("n-4", "Harbour Wire", 3, "the town of Marrowfield", "league", "guard", "captured"),
        # One shelling, in two wordings of the town.
        _toll("n-5", "Harbour Wire", 4, 12, "the Marrowfield market", "the district health office"),
        _toll("n-6", "Valley Courier", 5, 19, "Marrowfield town", "medics"),
    ]


@pytest.fixture
def names_store(tmp_path):
    store = Store(tmp_path / "store")
    store.add(batch())
    yield store
    store.close()


async def mill_history(pilot) -> None:
    await history(pilot, "Marrowfield mill district")


async def test_panes_board_history_and_tally_name_each_place_one_way(names_store):
    app = SitrepApp(names_store, picture_sample.config())
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        control = plain(app.screen.query_one("#control_change", PaneTable))
        assert sorted(r.split(" | ")[1] for r in control) == ["Marrowfield", "Marrowfield mill district"]
        casualties = plain(app.screen.query_one("#casualty", PaneTable))
        assert [r.split(" | ")[5] for r in casualties] == ["Marrowfield"]

        board = plain((await on_view(pilot, "b", BoardScreen)).query_one(PaneTable))
        held = {r.split(" | ")[0]: r.split(" | ")[1] for r in board}
        assert held == {"Marrowfield": "league", "Marrowfield mill district": "guard"}
        await pilot.press("escape")

        await mill_history(pilot)
        screen = app.screen
        assert screen.sub_title == "History of Marrowfield mill district"
        summary = screen.query_one("#history-summary").render().plain
        assert summary.startswith("Marrowfield mill district\nHeld by guard")
        # The claims keep each report's own wording.
        evidence = " ".join(r.split(" | ")[-1] for r in plain(screen.query_one(PaneTable)))
        assert "the mill district of Marrowfield" in evidence
        await pilot.press("escape")

        tally = await on_view(pilot, "c", TallyScreen)
        figures = plain(tally.query_one("#tally-figures", PaneTable))
        assert len(figures) == 1 and figures[0].split(" | ")[5] == "Marrowfield"


@pytest.mark.parametrize("size", SIZES)
def test_history_of_a_part_of_a_town_snapshot(snap_compare, names_store, size):
    app = SitrepApp(names_store, picture_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=mill_history)
