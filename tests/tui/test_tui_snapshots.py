"""SVG snapshots of the dashboard and the detail screen at 80x24 and 160x48.

The data and its times are fixed (``tui_sample``), polling is off and the
header has no clock, so the pictures only change when the UI does.
Regenerate with ``pytest tests/tui --snapshot-update`` and look at them.
"""

from __future__ import annotations

import pytest
import tui_sample
from conftest import wait_for

from sitrep.tui.app import SitrepApp
from sitrep.tui.detail import DetailScreen
from sitrep.tui.main_screen import MainScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def _loaded(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)


async def _detail(pilot) -> None:
    await _loaded(pilot)
    # The Osterby casualty figure the League gives, which another source disputes.
    await pilot.press("tab", "j", "j", "enter")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report is not None)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, sample_store, size):
    app = SitrepApp(sample_store, tui_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_detail_screen(snap_compare, sample_store, size):
    app = SitrepApp(sample_store, tui_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=_detail)


def test_hostile_text_stays_literal(snap_compare, hostile_store):
    app = SitrepApp(hostile_store, tui_sample.config())
    assert snap_compare(app, terminal_size=(160, 48), run_before=_loaded)
