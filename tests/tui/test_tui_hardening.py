"""Two quick Tabs and a read-only store: the dashboard keeps working."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

import tui_sample
from conftest import wait_for
from readonly_dir import read_only

from sitrep.store import Store
from sitrep.tui.app import SitrepApp
from sitrep.tui.detail import DetailScreen
from sitrep.tui.main_screen import PANE_ORDER, MainScreen

SMALL = (80, 24)


class NotingApp(SitrepApp):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []

    def notify(self, message, *, title="", **kwargs) -> None:
        self.notes.append(str(message))
        super().notify(message, title=title, **kwargs)


async def test_two_tabs_ten_ms_apart_do_not_freeze_the_tabbed_layout(sample_store):
    app = NotingApp(sample_store, tui_sample.config(), poll=False)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
        screen = app.screen
        assert screen.narrow
        assert await wait_for(pilot, lambda: app.focused is screen.table(screen.active))
        start = PANE_ORDER.index(screen.active)
        for _ in range(2):  # as a terminal sends them: straight into the queue
            app.post_message(events.Key("tab", None))
            await asyncio.sleep(0.01)
        expected = PANE_ORDER[(start + 2) % len(PANE_ORDER)]
        assert await wait_for(pilot, lambda: screen.active == expected), (start, screen.active)
        # Settled, not bouncing: the pane stays, and keys still work.
        seen = set()
        for _ in range(10):
            await asyncio.wait_for(pilot.pause(0.02), 2)
            seen.add(screen.active)
        assert seen == {expected}
        await asyncio.wait_for(pilot.press("tab"), 2)
        assert await wait_for(pilot, lambda: screen.active == PANE_ORDER[(start + 3) % len(PANE_ORDER)])
        assert screen.query_one("#pane-tabs").active == f"tab-{screen.active}"


async def test_a_read_only_store_still_opens_reports(store_dir):
    tui_sample.fill(store_dir).close()
    with read_only(store_dir):
        with pytest.raises(OSError):
            (store_dir / "probe").write_text("x")
        store = Store(store_dir)
        app = NotingApp(store, tui_sample.config(), poll=False)
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
            assert app.screen.table("reports").row_count == 5  # one is off topic
            app.screen.table("reports").focus()
            await pilot.press("enter")
            assert await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen)
                                  and app.screen.report is not None)
            assert any("not marked as read" in note for note in app.notes)
            await pilot.press("escape")
            await pilot.pause(0.1)
            app.screen.table("reports").focus()
            await pilot.press("j", "enter")
            assert await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen)
                                  and app.screen.report is not None)
            assert sum("not marked as read" in note for note in app.notes) == 1
        store.close()


async def test_a_repaired_store_says_so_on_the_dashboard(store_dir):
    """A lost meta.json is restored from its backup when the store opens;
    the dashboard shows that notice rather than a log line it would hide."""
    tui_sample.fill(store_dir).close()
    (store_dir / "meta.json").unlink()
    with Store(store_dir) as store:
        app = SitrepApp(store, tui_sample.config())
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: bool(app._notifications))
            messages = [n.message for n in app._notifications]
            assert any("restored" in m for m in messages), messages
