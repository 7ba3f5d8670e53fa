"""Focus after a report closes: the keys go to the pane on screen.

The 80x24 oddity: a report opened while the dashboard had no focused widget
(a terminal focus-out or a click on an empty spot leaves it so) came back
with Textual's auto-focus on the first focusable widget, the hidden search
box. The footer lost its letter keys, and the next key (j, to move) went
into the invisible search, so the Displaced tab showed 0 rows until Esc.
"""

from __future__ import annotations

from conftest import wait_for
from test_tui_app import SMALL, loaded, make_app, table

from sitrep.tui.detail import DetailScreen
from sitrep.tui.main_screen import MainScreen


def footer_keys(app) -> str:
    from textual.widgets import Footer

    return " ".join(str(key.render()) for key in app.screen.query_one(Footer).children)


async def test_a_closed_report_gives_the_keys_back_to_the_pane_not_the_hidden_search(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        main = app.main
        await pilot.press("tab", "tab", "tab")  # the Displaced tab
        assert main.active == "displacement"
        main.set_focus(None)  # what a focus-out or a click on an empty spot leaves
        for close in ("escape", "q"):
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
            assert isinstance(app.screen, DetailScreen)
            await pilot.press(close)
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            assert app.focused is table(app, "displacement")
            assert "Place" in footer_keys(app) and "Unread" in footer_keys(app)
            await pilot.press("j")  # moves in the pane; types nothing anywhere
            assert main.filters.text == "" and not main.filters.active
            assert len(table(app, "displacement").keys) == 1
            main.set_focus(None)


async def test_the_search_box_still_takes_keys_while_it_is_open(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"quillan")
        assert app.focused is app.main.query_one("#filter")
        await wait_for(pilot, lambda: app.main.filters.text == "quillan")
        assert app.main.filters.text == "quillan"
        await pilot.press("enter")
        assert app.focused is table(app, app.main.active)
