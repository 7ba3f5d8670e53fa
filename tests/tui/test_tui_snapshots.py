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


# -- a day in front of it: help, feed list, alerts, first run, wide columns ----

def _with_states(store) -> None:
    from sitrep.domain.models import FeedState

    store.save_feed_states([
        FeedState("Harbour Wire", last_poll=tui_sample.BASE, last_status="ok"),
        FeedState("Valley Courier", last_poll=tui_sample.BASE, last_status="error", failures=3,
                  last_error="Valley Courier: HTTP 503 Service Unavailable"),
    ])


async def _help(pilot) -> None:
    await _loaded(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def _feeds(pilot) -> None:
    from sitrep.tui.feed_list import FeedListScreen

    await _loaded(pilot)
    await pilot.press("F")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, FeedListScreen) and app.screen.lines)
    await pilot.pause()


async def _alert(pilot) -> None:
    from sitrep.tui.notice import Notice

    await _loaded(pilot)
    app = pilot.app
    record = app.main.view.records["hw-3#1"]  # the 212 toll, over the threshold
    alerts = app.matcher.alerts([record], app.main.view.urls, lambda e: "212 killed in Marrowfield")
    app.announce(Notice(1, 2, ["Harbour Wire"], alerts))
    await pilot.press("tab")  # the casualties pane, where the marked row is (at 80x24)
    await pilot.pause()


def _alert_app(store) -> SitrepApp:
    import dataclasses

    from sitrep.domain.alerts import AlertRules

    rules = AlertRules(places=("Quillan",), casualties=200)
    return SitrepApp(store, dataclasses.replace(tui_sample.config(), alerts=rules))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, sample_store, size):
    app = SitrepApp(sample_store, tui_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=_help)


@pytest.mark.parametrize("size", SIZES)
def test_feed_list(snap_compare, sample_store, size):
    _with_states(sample_store)
    sample_store.mark_read(["hw-1"])
    app = SitrepApp(sample_store, tui_sample.config())
    assert snap_compare(app, terminal_size=size, run_before=_feeds)


@pytest.mark.parametrize("size", SIZES)
def test_alert_row(snap_compare, sample_store, size):
    assert snap_compare(_alert_app(sample_store), terminal_size=size, run_before=_alert)


@pytest.mark.parametrize("size", SIZES)
def test_first_run(snap_compare, store_dir, size):
    store = tui_sample.fill(store_dir, [])
    app = SitrepApp(store, tui_sample.config(()))
    assert snap_compare(app, terminal_size=size, run_before=_loaded)
    store.close()


def test_columns_use_the_width(snap_compare, store_dir):
    """At 200 columns long places and sources are not cut, and a report
    from an earlier year shows its year."""
    import dataclasses
    from datetime import datetime

    from sitrep.domain.models import UTC

    old = tui_sample.report("vc-0", "Valley Courier", 0, "Guard enters the old Pelin district "
                            "of Marrowfield", "Guard units entered the old Pelin district of "
                            "Marrowfield, the Karsk Monitoring Group for Human Rights said.")
    old = dataclasses.replace(old, published=datetime(2020, 6, 1, 9, 0, tzinfo=UTC))
    event = tui_sample.control(old, "Guard units entered the old Pelin district of Marrowfield",
                               place="the old Pelin district of Marrowfield", action="entered",
                               gainer="Northern Guard",
                               source="the Karsk Monitoring Group for Human Rights")
    store = tui_sample.fill(store_dir, tui_sample.sample_batch() + [(old, [event])])
    app = SitrepApp(store, tui_sample.config())
    assert snap_compare(app, terminal_size=(200, 50), run_before=_loaded)
    store.close()


async def _add_feed(pilot) -> None:
    from sitrep.tui.add_feed import AddFeedScreen

    await _loaded(pilot)
    await pilot.press("a")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, AddFeedScreen))
    await pilot.press(*"http://")  # no host: the dialog says so in one line
    await pilot.press("enter", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_add_feed_dialog(snap_compare, sample_store, size):
    """The name may be left empty when the app can read feed titles."""
    from sitrep.wiring.cli.feeds_cmd import name_new_feed

    app = SitrepApp(sample_store, tui_sample.config(), name_feed=name_new_feed)
    assert snap_compare(app, terminal_size=size, run_before=_add_feed)
