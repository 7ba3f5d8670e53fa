"""The on-topic rule in the Reports pane: off-topic reports are hidden by
default, counted where the reader looks, and O brings them back marked."""

from __future__ import annotations

import tui_sample
from conftest import wait_for
from test_tui_app import WIDE, SMALL, loaded, make_app, plain, status_text, table

from sitrep.tui.data import load_view


def osterby_cup_batch():
    """The sample situation plus an off-topic report that names Osterby."""
    cup = tui_sample.report("vc-8", "Valley Courier", 200, "Osterby rowing club wins the cup",
                            "The Osterby rowing club won the regional cup on the river.",
                            on_topic=False)
    return tui_sample.sample_batch() + [(cup, [])]


def test_a_reading_leaves_off_topic_reports_out_and_counts_them(sample_store):
    view = load_view(sample_store, {"reports": 10})
    assert [r.key for r in view.rows["reports"]] == ["hw-3", "vc-2", "hw-2", "vc-1", "hw-1"]
    assert view.off_topic == {"vc-3"} and view.hidden == 1 and view.hidden_unread == 1
    assert "vc-3" in view.unread  # its mark is kept, only not shown
    everything = load_view(sample_store, {"reports": 10}, everything=True)
    assert everything.rows["reports"][0].key == "vc-3"
    assert everything.hidden == 0 and everything.hidden_unread == 0


async def test_O_brings_hidden_off_topic_reports_back_marked_and_hides_them_again(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        reports = table(app, "reports")
        assert len(reports.keys) == 5 and "vc-3" not in reports.keys
        assert "1 off-topic hidden (O shows)" in reports.border_title
        assert "5 unread" in status_text(app)  # what n, p and A can reach
        await pilot.press("O")
        await wait_for(pilot, lambda: len(reports.keys) == 6)
        assert reports.keys[0] == "vc-3" and plain(app, "reports")[0].endswith("| off")
        assert "off-topic marked (O hides)" in reports.border_title
        assert "6 unread" in status_text(app)
        await pilot.press("O")
        await wait_for(pilot, lambda: len(reports.keys) == 5)
        assert "vc-3" not in reports.keys and "O shows" in reports.border_title


async def test_a_search_shows_on_topic_matches_and_counts_the_off_topic_ones(store_dir):
    store = tui_sample.fill(store_dir, osterby_cup_batch())
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        reports = table(app, "reports")
        assert "2 off-topic hidden" in reports.border_title
        await pilot.press("slash", *"osterby", "enter")
        await wait_for(pilot, lambda: set(reports.keys) == {"hw-1", "vc-1"})
        assert set(reports.keys) == {"hw-1", "vc-1"}
        await wait_for(pilot, lambda: "1 off-topic match hidden (O shows)" in reports.border_title)
        assert "1 off-topic match hidden (O shows)" in reports.border_title
        await pilot.press("O")
        await wait_for(pilot, lambda: set(reports.keys) == {"hw-1", "vc-1", "vc-8"})
        assert plain(app, "reports")[0].startswith("●") and plain(app, "reports")[0].endswith("| off")
        await pilot.press("O", "escape")
        await wait_for(pilot, lambda: len(reports.keys) == 5)
        assert "2 off-topic hidden" in reports.border_title
    store.close()


async def test_n_never_opens_a_hidden_report_and_says_so_when_only_those_are_unread(sample_store):
    sample_store.mark_read(["hw-1", "vc-1", "hw-2", "vc-2", "hw-3"])
    app = make_app(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "n")  # the Reports tab; only vc-3, hidden, is unread
        await pilot.pause(0.2)
        assert app.screen is app.main
        assert any("Nothing unread" in n for n in app.notes)
        assert "0 unread" in status_text(app)


async def test_an_off_topic_report_raises_no_alert_and_O_shows_its_row_marked(store_dir, httpserver):
    from test_tui_day import alert_config, polling, served
    from test_tui_day import make_app as day_app

    quake = dict(title="World Desk", item="Earthquake strikes Dorvale", guid="d1",
                 body="An earthquake in Dorvale killed 300 people, officials said.")
    feed = served(httpserver, "/d.xml", quake)
    feed = type(feed)(feed.name, feed.url, full_text="never")
    config = alert_config(feed, notify="all")
    store = tui_sample.fill(store_dir)
    app = day_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: not app.poll_running and app.main.view.hidden == 2, tries=200)
        await wait_for(pilot, lambda: "1 new report" in status_text(app))
        assert "1 new report" in status_text(app) and "alert" not in status_text(app)
        assert app.bells == 0  # no alert, no ring
        casualty = table(app, "casualty")
        assert not any("300" in " ".join(r) for r in plain(app, "casualty"))
        await pilot.press("O")
        await wait_for(pilot, lambda: any("300" in r for r in plain(app, "casualty")))
        marked = [k for k in casualty.keys if casualty.rows_by_key[k].alert]
        assert [k for k in marked if "300" in " ".join(
            c.plain for c in casualty.rows_by_key[k].cells)]  # the rule still matches it
    store.close()
