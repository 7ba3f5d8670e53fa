"""Pilot tests of a day in front of the dashboard: the reading keys, the
feed list, search over report text, poll notices that stay out of the way,
watchlist alerts with their hook, rebinding keys and opening links."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path

import pytest

import tui_sample
from conftest import wait_for

from sitrep.domain.alerts import AlertRules
from sitrep.domain.config import UiSettings
from sitrep.domain.models import FeedConfig
from sitrep.tui import main_screen
from sitrep.tui.app import SitrepApp
from sitrep.tui.confirm import ConfirmScreen
from sitrep.tui.detail import DetailScreen
from sitrep.tui.feed_list import FeedListScreen
from sitrep.tui.help import HelpScreen
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.table import PaneTable
from sitrep.wiring.pipeline import dashboard_poller

WIDE = (160, 48)
SMALL = (80, 24)

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>
<item><title>{item}</title><link>http://127.0.0.1/{guid}</link><guid>{guid}</guid>
<pubDate>Fri, 14 Mar 2031 12:00:00 GMT</pubDate>
<description>{body}</description></item></channel></rss>"""
QUILLAN = dict(title="Local", item="Northern Guard captures the Quillan bridge", guid="q1",
               body="Northern Guard forces captured the Quillan bridge from the Valley League "
                    "on Friday, a Guard spokesman said.")
SALTMERE = dict(title="Other", item="Envoys meet in Saltmere", guid="s1",
                body="Envoys met in Saltmere to talk about aid convoys.")


class RecordingApp(SitrepApp):
    """Keeps notifications and bells so tests can count them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []
        self.bells = 0

    def notify(self, message, *, title="", **kwargs) -> None:
        self.notes.append(str(message))
        super().notify(message, title=title, **kwargs)

    def bell(self) -> None:
        self.bells += 1


def make_app(store, config=None, **kwargs) -> RecordingApp:
    return RecordingApp(store, config or tui_sample.config(), **kwargs)


def table(app, name: str) -> PaneTable:
    return app.main.query_one(f"#{name}", PaneTable)


def status(app) -> str:
    return str(app.main.query_one("#status").render())


async def loaded(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
    assert app.screen.view is not None


def served(httpserver, path: str, item: dict) -> FeedConfig:
    httpserver.expect_request(path).respond_with_data(RSS.format(**item),
                                                      content_type="application/rss+xml")
    return FeedConfig(item["title"] + " Wire", httpserver.url_for(path))


def polling(app, store, config) -> None:
    """Switch polling on by hand, so the test decides when it happens."""
    app.poll_feeds = dashboard_poller(store, config.profile)


# -- reading keys ---------------------------------------------------------------


async def test_N_toggles_read_and_unread_on_the_selected_report(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab")  # reports; hw-3 on top (vc-3 is off topic, hidden)
        assert table(app, "reports").current_row.key == "hw-3"
        await pilot.press("N")
        await wait_for(pilot, lambda: "hw-3" not in app.main.view.unread)
        assert [m.read for m in sample_store.reports() if m.id == "hw-3"] == [True]
        assert table(app, "reports").rows_by_key["hw-3"].cells[0].plain == ""
        await pilot.press("N")
        await wait_for(pilot, lambda: "hw-3" in app.main.view.unread)
        assert [m.read for m in sample_store.reports() if m.id == "hw-3"] == [False]


async def test_N_inside_a_report_goes_back_and_keeps_it_unread(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
        assert app.screen.report_id == "hw-3"  # the newest on-topic report
        await wait_for(pilot, lambda: "hw-3" not in app.main.view.unread)
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and "hw-3" in app.main.view.unread)
        assert [m.read for m in sample_store.reports() if m.id == "hw-3"] == [False]


async def test_A_marks_everything_in_view_read_after_a_confirmation(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("f", *"quillan", "enter")  # one report mentions Quillan
        await wait_for(pilot, lambda: table(app, "reports").keys == ["hw-2"])
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing changes
        assert isinstance(app.screen, MainScreen)
        await pilot.pause(0.2)
        assert sample_store.unread_counts() == {"Harbour Wire": 3, "Valley Courier": 3}
        await pilot.press("A", "y")
        await wait_for(pilot, lambda: "hw-2" not in app.main.view.unread)
        assert sample_store.unread_counts() == {"Harbour Wire": 2, "Valley Courier": 3}
        await pilot.press("escape", "A")  # no filter: the whole store, but what is hidden
        question = str(app.screen.query_one("Static").render())
        assert "4 unread reports in the store (not the 1 hidden off-topic one)" in question
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.main.view.unread == {"vc-3"})
        assert sample_store.unread_counts() == {"Harbour Wire": 0, "Valley Courier": 1}
        assert "Nothing unread" not in " ".join(app.notes)
        await pilot.press("A")
        assert isinstance(app.screen, MainScreen)  # nothing left to ask about
        assert any("Nothing unread" in n for n in app.notes)
        await pilot.press("O", "A")  # off-topic shown: it is marked too
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "1 unread report in the store" in str(app.screen.query_one("Static").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.main.view.unread)
        assert sample_store.unread_counts() == {"Harbour Wire": 0, "Valley Courier": 0}


async def test_n_and_p_open_the_next_and_previous_unread_report(sample_store):
    sample_store.mark_read(["hw-3", "vc-2"])
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        # hw-3 (read), vc-2 (read), hw-2, vc-1, hw-1; vc-3 (unread) is off topic, hidden
        await pilot.press("shift+tab")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.report_id == "hw-2"  # read ones are skipped
        await pilot.press("n")  # from inside a report: the next one opens
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen)
                       and app.screen.report_id == "vc-1")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "vc-1" not in app.main.view.unread)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        # hw-2 was read by opening it; p goes round past the hidden vc-3 to hw-1.
        assert app.screen.report_id == "hw-1"


async def test_q_closes_the_current_screen_and_quits_only_from_the_dashboard(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        for key in ("enter", "question_mark", "F"):
            await pilot.press(key)
            await wait_for(pilot, lambda: not isinstance(app.screen, MainScreen))
            assert not isinstance(app.screen, MainScreen)
            await pilot.press("q")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None) and not app.is_running


async def test_R_polls_every_feed_and_r_only_the_selected_reports_feed(store_dir, httpserver):
    quillan = served(httpserver, "/q.xml", QUILLAN)
    saltmere = served(httpserver, "/s.xml", SALTMERE)
    config = tui_sample.config((quillan, saltmere))
    store = tui_sample.fill(store_dir, [])
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: len(table(app, "reports").keys) == 2 and not app.poll_running,
                       tries=200)
        assert len(httpserver.log) == 2
        await pilot.press("shift+tab")  # reports: the Saltmere one (newest by id) or the other
        selected = app.main.view.feed_of[table(app, "reports").current_row.report_id]
        await pilot.press("r")
        await wait_for(pilot, lambda: len(httpserver.log) == 3 and not app.poll_running, tries=200)
        asked = httpserver.log[-1][0].path
        assert asked == ("/q.xml" if selected == quillan.name else "/s.xml")
    store.close()


# -- the feed list ----------------------------------------------------------------


async def test_feed_list_shows_unread_last_poll_status_and_error_and_opens_a_feed(
        store_dir, httpserver):
    good = served(httpserver, "/q.xml", QUILLAN)
    httpserver.expect_request("/bad.xml").respond_with_data("nope", status=500)
    bad = FeedConfig("Broken Wire", httpserver.url_for("/bad.xml"))
    config = tui_sample.config((*tui_sample.FEEDS, good, bad))
    store = tui_sample.fill(store_dir)
    store.mark_read(["hw-1"])
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: not app.poll_running and "Local Wire" in app.main.view.feed_of.values(),
                       tries=200)
        await pilot.press("F")
        assert isinstance(app.screen, FeedListScreen)
        await wait_for(pilot, lambda: len(app.screen.lines) == 4)
        lines = {line.name: line for line in app.screen.lines}
        assert lines["Harbour Wire"].unread == 2 and lines["Harbour Wire"].reports == 3
        assert lines["Local Wire"].unread == 1 and lines["Local Wire"].state.last_status == "ok"
        # vc-3 is off topic: hidden on the dashboard, so not counted as unread here.
        assert lines["Valley Courier"].unread == 2 and lines["Valley Courier"].reports == 3
        assert lines["Broken Wire"].state.last_status == "error"
        grid = app.screen.query_one("#feed-table")
        row = [c.plain for c in grid.get_row("Broken Wire")]
        assert row[4].startswith("failing") and "500" in row[5]
        await pilot.press("down")  # Valley Courier
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and set(table(app, "reports").keys) == {"vc-1", "vc-2"})
        assert set(table(app, "reports").keys) == {"vc-1", "vc-2"}
        assert table(app, "control_change").keys == ["vc-2#0"]  # events of its reports only
        assert "feed: Valley Courier" in status(app)
    store.close()


# -- search -------------------------------------------------------------------------


async def test_search_finds_words_only_the_report_text_holds(store_dir):
    body = ("A long day. The ceasefire was discussed. The ceasefire was doubted. "
            "Another ceasefire was proposed.")
    batch = tui_sample.sample_batch() + [
        (tui_sample.report("vc-9", "Valley Courier", 300, "Envoys meet again", body), [])]
    store = tui_sample.fill(store_dir, batch)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"ceasefire")
        await wait_for(pilot, lambda: table(app, "reports").keys == ["vc-9"])
        assert table(app, "reports").keys == ["vc-9"]
        await pilot.press("enter")
        assert "/ceasefire" in status(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(table(app, "reports").keys) == 6)
        assert len(table(app, "reports").keys) == 6  # the off-topic one stays hidden
    store.close()


# -- notices --------------------------------------------------------------------------


async def test_poll_notice_waits_while_a_report_is_open_then_goes_away(
        store_dir, httpserver, monkeypatch):
    monkeypatch.setattr(main_screen, "NOTICE_SECONDS", 1.0)
    feed = served(httpserver, "/q.xml", QUILLAN)
    config = tui_sample.config((feed,))
    store = tui_sample.fill(store_dir)
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        app.action_poll_now()
        await wait_for(pilot, lambda: not app.poll_running and app.main.notice, tries=200)
        await pilot.pause(1.5)  # longer than a notice lasts: it waits, unseen
        assert isinstance(app.screen, DetailScreen)
        assert not app.screen.query("Toast")  # nothing drawn over the report
        assert not [n for n in app.notes if "new" in n]
        await pilot.press("escape")
        assert re.search(r"1 new report, \d events? from Local Wire", status(app))
        await wait_for(pilot, lambda: "new report," not in status(app))
        assert "new report," not in status(app)  # gone on its own, nothing left
        assert not app.screen.query("Toast")
    store.close()


@pytest.mark.parametrize("notify,shown", [("all", True), ("alerts", False), ("off", False)])
async def test_ui_notify_setting_decides_which_polls_are_announced(
        store_dir, httpserver, notify, shown):
    feed = served(httpserver, "/s.xml", SALTMERE)
    config = dataclasses.replace(tui_sample.config((feed,)), ui=UiSettings(notify=notify, bell=True))
    store = tui_sample.fill(store_dir, [])
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: not app.poll_running and app.main.view.counts.reports == 1,
                       tries=200)
        await pilot.pause(0.2)
        assert ("1 new report" in status(app)) is shown
        assert app.bells == (1 if shown else 0)
    store.close()


# -- alerts ---------------------------------------------------------------------------------

RECORDER = """\
import pathlib, sys
data = sys.stdin.read()
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(data)
"""


def alert_config(feed: FeedConfig, command: tuple[str, ...] = (), timeout: float = 10.0,
                 notify: str = "alerts"):
    rules = AlertRules(places=("Quillan",), parties=(), keywords=("ceasefire",), casualties=200,
                       command=command, timeout=timeout)
    return dataclasses.replace(tui_sample.config((feed,)), alerts=rules,
                               ui=UiSettings(notify=notify))


async def test_an_alert_marks_its_row_rings_and_feeds_the_hook_json(store_dir, httpserver, tmp_path):
    script = tmp_path / "record.py"
    script.write_text(RECORDER)
    received = tmp_path / "received.jsonl"
    feed = served(httpserver, "/q.xml", QUILLAN)
    config = alert_config(feed, (sys.executable, str(script), str(received)))
    store = tui_sample.fill(store_dir)
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        # Rows already stored that match are marked too: the 212 toll.
        assert table(app, "casualty").rows_by_key["hw-3#1"].alert
        assert not table(app, "casualty").rows_by_key["hw-1#1"].alert
        await pilot.press("R")
        await wait_for(pilot, lambda: received.exists() and not app.poll_running, tries=200)
        await wait_for(pilot, lambda: any(k.startswith("http") for k in app.main.view.alerts))
        control = table(app, "control_change")
        new = [key for key in control.keys if control.rows_by_key[key].alert]
        assert new and all("Quillan" in control.rows_by_key[k].cells[1].plain for k in new)
        assert f"{len(new)} alert" in status(app) and "place: Quillan" in status(app)
        assert app.bells == 1  # one ring per poll, however many alerts
        await wait_for(pilot, lambda: len(received.read_text().splitlines()) == len(new))
    sent = [json.loads(line) for line in received.read_text().splitlines()]
    assert len(sent) == len(new)  # one run of the hook per alert
    assert sent[0]["reasons"] == ["place: Quillan"]
    assert sent[0]["event"]["type"] == "control_change" and sent[0]["event"]["place"]
    assert sent[0]["report"]["feed"] == "Local Wire"
    assert sent[0]["report"]["url"] == "http://127.0.0.1/q1"
    store.close()


@pytest.mark.parametrize("script,shown", [
    ("import sys; sys.stderr.write('no display'); sys.exit(3)", "failed (exit 3): no display"),
    ("import time; time.sleep(5)", "took over 0.5 s"),
])
async def test_a_failing_or_slow_hook_is_shown_and_never_fatal(store_dir, httpserver, script, shown):
    feed = served(httpserver, "/q.xml", QUILLAN)
    config = alert_config(feed, (sys.executable, "-c", script), timeout=0.5)
    store = tui_sample.fill(store_dir, [])
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: shown in status(app), tries=200)
        assert shown in status(app) and app.is_running
        assert "alert" in status(app) and "Quillan" in status(app)  # the alert itself still shows


async def test_a_hook_that_cannot_start_is_reported(store_dir, httpserver, tmp_path):
    feed = served(httpserver, "/q.xml", QUILLAN)
    config = alert_config(feed, (str(tmp_path / "no-such-program"),))
    store = tui_sample.fill(store_dir, [])
    app = make_app(store, config)
    polling(app, store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: "could not start" in status(app), tries=200)
        assert "could not start" in status(app) and app.is_running


# -- keys, links, first run ----------------------------------------------------------


async def test_keys_table_rebinds_actions_and_help_shows_the_new_keys(sample_store):
    config = dataclasses.replace(tui_sample.config(), keys=(("feeds", "L"), ("no_such", "x")))
    app = make_app(sample_store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        assert any("no_such" in n for n in app.notes)  # a typo is named, not fatal
        await pilot.press("F")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedListScreen))
        assert isinstance(app.screen, FeedListScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render().plain
        assert any(line.split()[:2] == ["L", "Feeds"] for line in text.splitlines())


async def test_a_keys_entry_taking_anothers_key_is_reported_once(sample_store):
    config = dataclasses.replace(tui_sample.config(), keys=(("feeds", "R"),))
    app = make_app(sample_store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R", "escape", "R", "escape")
        await pilot.pause(0.2)
        clashes = [n for n in app.notes if "bound to both" in n]
        assert clashes == ["[keys]: R is bound to both feeds and poll_all; only one of them runs"]


async def test_o_says_when_no_browser_opens_and_the_palette_copies_the_link(sample_store):
    app = make_app(sample_store)
    opened: list[str] = []

    def no_browser(url: str) -> bool:
        opened.append(url)
        return False

    app.open_url = no_browser
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "o")
        await wait_for(pilot, lambda: any("No browser" in n for n in app.notes))
        assert opened == ["https://news.example/hw-3"]  # the newest on-topic report
        assert not any(n.startswith("Open") for n in app.notes)
        await pilot.press("ctrl+p")
        await pilot.press(*"Copy link")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.clipboard == "https://news.example/hw-3")
        assert app.clipboard == "https://news.example/hw-3"


async def test_first_run_without_feeds_welcomes_with_what_to_do(store_dir):
    store = tui_sample.fill(store_dir, [])
    app = make_app(store, tui_sample.config(()))
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        welcome = app.main.query_one("#welcome")
        assert welcome.display and not app.main.query_one("#panes").display
        text = welcome.render().plain
        for hint in ("a", "OPML", "sitrep --demo"):
            assert hint in text
    store.close()


@pytest.mark.parametrize("key", ["question_mark", "a", "F", "A"])
async def test_a_notice_never_covers_help_dialogs_or_the_feed_list(sample_store, monkeypatch, key):
    from sitrep.tui.notice import Notice

    monkeypatch.setattr(main_screen, "NOTICE_SECONDS", 1.0)
    app = make_app(sample_store)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press(key)
        await wait_for(pilot, lambda: not isinstance(app.screen, MainScreen))
        covering = app.screen
        app.announce(Notice(2, 3, ["Harbour Wire"]))
        await pilot.pause(1.5)  # longer than a notice lasts
        assert app.screen is covering and not app.screen.query("Toast")
        assert app.main.notice  # still waiting to be seen
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert "2 new reports, 3 events from Harbour Wire" in status(app)
        await wait_for(pilot, lambda: not app.main.notice)
        assert "new reports" not in status(app)
