"""Pilot tests of the dashboard on a real store."""

from __future__ import annotations

import json

import pytest

import tui_sample
from conftest import wait_for

from sitrep.domain.models import FeedConfig
from sitrep.store import Store
from sitrep.tui.app import SitrepApp
from sitrep.tui.detail import DetailScreen
from sitrep.tui.help import HelpScreen, key_label
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.table import PaneTable
from sitrep.wiring.pipeline import dashboard_poller

WIDE = (160, 48)
SMALL = (80, 24)


class RecordingApp(SitrepApp):
    """Keeps every notification's text so tests can read them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []

    def notify(self, message, *, title="", **kwargs) -> None:
        self.notes.append(f"{title}: {message}" if title else str(message))
        super().notify(message, title=title, **kwargs)


def make_app(store, **kwargs) -> RecordingApp:
    kwargs.setdefault("poll", False)
    return RecordingApp(store, tui_sample.config(), **kwargs)


def table(app, name: str) -> PaneTable:
    return app.screen.query_one(f"#{name}", PaneTable)


def status_text(app) -> str:
    return str(app.main.query_one("#status").render())


def plain(app, name: str) -> list[str]:
    """Each row of a pane as the plain text of its cells."""
    t = table(app, name)
    return [" | ".join(c.plain for c in t.rows_by_key[k].cells) for k in t.keys]


async def loaded(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None)
    assert app.screen.view is not None


async def test_panes_show_the_store_newest_first(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        control = plain(app, "control_change")
        assert len(control) == 2
        assert "Marrowfield mill district" in control[0]  # newest first
        assert "Northern Guard ← Valley League" in control[1]
        assert "a Guard spokesman" in control[1]
        assert "Valley Courier" in control[0]  # no source: the feed's word
        statements = plain(app, "statement")
        assert statements[0].startswith("14 Mar 08:30 | Ilse Varga, Foreign minister")
        assert "“only once the guns fall silent” | direct" in statements[2]
        assert "indirect" in statements[1]
        reports = plain(app, "reports")
        # The off-topic football story (the newest) is hidden, and the title says so.
        assert len(reports) == 5 and not any("Football" in r for r in reports)
        assert reports[0].startswith("●")  # unread
        assert "Foreign minister urges restraint" in reports[0]
        assert "1 off-topic hidden (O shows)" in table(app, "reports").border_title
        assert "about 4,000" in plain(app, "displacement")[0]


async def test_conflicting_casualty_figures_are_one_marked_row_listing_both(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        rows = plain(app, "casualty")
        marked = [i for i, r in enumerate(rows) if r.startswith("≠")]
        assert len(marked) == 1
        # The row shows the lowest and the highest figure.
        assert "| 12–31 |" in rows[marked[0]] and "×2 district health office" in rows[marked[0]]
        # A vague figure keeps its words; a running total says so.
        assert any("dozens" in r for r in rows)
        assert any("| total |" in r for r in rows)


async def test_tab_and_shift_tab_move_between_panes(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        assert app.focused.id == "control_change"
        await pilot.press("tab")
        assert app.focused.id == "casualty"
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "reports"
        await pilot.press("tab")
        assert app.focused.id == "control_change"
        await pilot.press("shift+tab")
        assert app.focused.id == "reports"


async def test_small_terminal_shows_one_pane_as_tabs(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert table(app, "control_change").display
        assert not table(app, "casualty").display
        await pilot.press("tab")
        assert table(app, "casualty").display and app.focused.id == "casualty"
        assert not table(app, "control_change").display
        # Clicking a tab shows its pane.
        await pilot.click("#tab-reports")
        await pilot.pause()
        assert app.focused.id == "reports" and table(app, "reports").display


async def test_vi_keys_move_within_a_pane(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab")  # reports: five on-topic rows
        reports = table(app, "reports")
        assert reports.cursor_row == 0
        await pilot.press("j", "j")
        assert reports.cursor_row == 2
        await pilot.press("k")
        assert reports.cursor_row == 1
        await pilot.press("G")
        assert reports.cursor_row == 4
        await pilot.press("g")
        assert reports.cursor_row == 0
        await pilot.press("down")
        assert reports.cursor_row == 1


async def test_slash_filters_every_pane_live_and_escape_clears(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"osterby")
        await wait_for(pilot, lambda: len(plain(app, "control_change")) == 1)
        assert len(plain(app, "control_change")) == 1
        assert len(plain(app, "casualty")) == 1  # two reports' figures, fused
        assert len(plain(app, "statement")) == 1  # its report is about Osterby
        assert all("Osterby" in r for r in plain(app, "reports"))
        await pilot.press("enter")  # keeps the filter, back to the pane
        assert isinstance(app.focused, PaneTable)
        assert len(plain(app, "casualty")) == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(plain(app, "casualty")) == 3)
        assert len(plain(app, "casualty")) == 3
        assert len(plain(app, "control_change")) == 2


async def test_f_filters_by_place_or_party(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("f", *"valley league", "enter")
        await wait_for(pilot, lambda: len(plain(app, "control_change")) == 2)
        assert len(plain(app, "control_change")) == 2  # both name the League
        await pilot.press("escape", "f", *"marrowfield", "enter")
        await wait_for(pilot, lambda: len(plain(app, "casualty")) == 2)
        assert [r.split(" | ")[5] for r in plain(app, "casualty")] == ["Marrowfield"] * 2
        assert len(plain(app, "control_change")) == 1


async def test_enter_opens_detail_with_evidence_and_marks_read(sample_store, store_dir):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("tab")  # casualties; first row is the running total
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        body = detail.query_one("#detail-body").render()
        evidence = "The overall toll in the siege has reached 212 dead"
        start = body.plain.index(evidence)
        styled = [s for s in body.spans if s.start <= start and s.end >= start + len(evidence)]
        assert any("yellow" in str(s.style) for s in styled)
        events = detail.query_one("#detail-events").render().plain
        assert "Statement: Ilse Varga" in events and "212 killed in Marrowfield" in events
        source = detail.query_one("#detail-source").render().plain
        assert "Harbour Wire" in source and "https://news.example/hw-3" in source
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await wait_for(pilot, lambda: "hw-3" not in app.screen.view.unread)
        assert "hw-3" not in app.screen.view.unread
        assert table(app, "reports").rows_by_key["hw-3"].cells[0].plain == ""
    with Store(store_dir) as other:
        assert {m.id: m.read for m in other.reports()}["hw-3"] is True


async def test_detail_lists_every_sources_sentence_of_a_conflicting_fact(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        rows = plain(app, "casualty")
        await pilot.press("tab", *["j"] * next(i for i, r in enumerate(rows) if r.startswith("≠")),
                          "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
        panel = app.screen.query_one("#detail-conflicts")
        assert panel.display
        text = panel.render().plain
        assert "Conflicting claims from 2 reports" in text
        assert "31 civilians were killed near Osterby" in text  # the other report's sentence
        assert "31 killed" in text and "the Valley League" in text
        assert "at least 12 killed" in text and "district health office" in text


async def test_unread_only_and_next_unread(sample_store):
    sample_store.mark_read(["hw-3"])
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        # Reports, newest first: hw-3 (read), vc-2; vc-3 is off topic (unread, hidden).
        await pilot.press("shift+tab")
        reports = table(app, "reports")
        assert reports.current_row.key == "hw-3"
        await pilot.press("n")  # opens the next unread report, as in newsboat
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.report_id == "vc-2"
        await pilot.press("escape")
        assert reports.current_row.key == "vc-2"
        sample_store.mark_unread(["vc-2"])  # opening it marked it read
        await pilot.press("u")
        await wait_for(pilot, lambda: len(table(app, "reports").keys) == 4)
        # The hidden off-topic report stays hidden, unread as it is.
        assert "vc-3" not in reports.keys and "hw-3" not in reports.keys
        assert len(plain(app, "statement")) == 2  # Varga's report is read
        await pilot.press("u")
        await wait_for(pilot, lambda: len(table(app, "reports").keys) == 5)
        assert len(reports.keys) == 5


async def test_help_lists_every_binding(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render().plain
        for binding in (*MainScreen.BINDINGS, *SitrepApp.BINDINGS, *PaneTable.BINDINGS,
                        *DetailScreen.BINDINGS):
            assert key_label(binding.key) in text, binding.key
            assert binding.description in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_another_process_writing_shows_up_live(sample_store, store_dir):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "j")  # the reader is on the second report
        reading = table(app, "reports").current_row.key
        rep = tui_sample.report("hw-9", "Harbour Wire", 400, "Guard enters Quillan",
                                "Northern Guard troops entered Quillan on Sunday.")
        event = tui_sample.control(rep, "Northern Guard troops entered Quillan",
                                   place="Quillan", action="entered", gainer="Northern Guard")
        with Store(store_dir) as other:  # what `sitrep poll` does elsewhere
            other.add([(rep, [event])])
        await wait_for(pilot, lambda: "hw-9#0" in table(app, "control_change").keys
                       or len(table(app, "control_change").keys) == 3, tries=200)
        control = plain(app, "control_change")
        assert len(control) == 3 and "Quillan" in control[0]
        assert table(app, "reports").keys[0] == "hw-9"
        assert table(app, "reports").current_row.key == reading  # not pushed away
        status = str(app.screen.query_one("#status").render())
        assert "1 new" in status
        # One notice for the other process's poll, in the status bar, not a toast.
        await wait_for(pilot, lambda: "1 new report, 1 event" in status_text(app))
        assert "1 new report, 1 event from Harbour Wire" in status_text(app)
        assert not [n for n in app.notes if "new" in n]


async def test_poll_adds_rows_and_a_failing_feed_shows_in_status(sample_store, httpserver, tmp_path):
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
    <item><title>Northern Guard captures the Quillan bridge</title>
    <link>http://127.0.0.1/q1</link><guid>q1</guid>
    <pubDate>Fri, 14 Mar 2031 12:00:00 GMT</pubDate>
    <description>Northern Guard forces captured the Quillan bridge from the Valley League
    on Friday, a Guard spokesman said.</description></item></channel></rss>"""
    httpserver.expect_request("/good.xml").respond_with_data(rss, content_type="application/rss+xml")
    httpserver.expect_request("/bad.xml").respond_with_data("nope", status=500)
    feeds = (FeedConfig("Local Wire", httpserver.url_for("/good.xml")),
             FeedConfig("Broken Wire", httpserver.url_for("/bad.xml")))
    config = tui_sample.config(feeds)
    app = SitrepApp(sample_store, config)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        # Switched on by hand so the test decides when.
        app.poll_feeds = dashboard_poller(sample_store, config.profile)
        app.polling = True
        await pilot.press("R")
        await wait_for(pilot, lambda: "Northern Guard captures the Quillan bridge" in
                       " ".join(plain(app, "reports")) and not app.poll_running, tries=200)
        assert any("Quillan bridge" in r for r in plain(app, "reports"))
        await wait_for(pilot, lambda: "failing" in str(app.screen.query_one("#status").render()))
        status = str(app.screen.query_one("#status").render())
        assert "1 ok" in status and "1 failing" in status
        assert "Broken Wire" in status  # the last error names the feed
        assert isinstance(app.screen, MainScreen)  # no modal for a failing feed


async def test_add_feed_validates_writes_config_and_polls(sample_store, httpserver, tmp_path):
    from sitrep.domain.config import Paths, load_config

    paths = Paths(config_file=tmp_path / "config.toml", data_dir=tmp_path / "data")
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>New</title>
    <item><title>Envoys meet in Saltmere</title><guid>s1</guid>
    <pubDate>Fri, 14 Mar 2031 13:00:00 GMT</pubDate>
    <description>Envoys met in Saltmere.</description></item></channel></rss>"""
    httpserver.expect_request("/new.xml").respond_with_data(rss, content_type="application/rss+xml")
    app = SitrepApp(sample_store, tui_sample.config(()), paths=paths)
    app.poll_feeds = dashboard_poller(sample_store, None)  # polls the added feed; no schedule
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.press(*"ftp://x")
        await pilot.press("enter", *"New", "enter")
        error = app.screen.query_one("#feed-error").render().plain
        assert "http" in error
        app.screen.query_one("#feed-url").value = httpserver.url_for("/new.xml")
        await pilot.press("enter")  # from the name field: submit
        await wait_for(pilot, lambda: "Envoys meet in Saltmere" in " ".join(plain(app, "reports")),
                       tries=200)
        assert isinstance(app.screen, MainScreen)
        assert any("Envoys meet in Saltmere" in r for r in plain(app, "reports"))
    assert [f.name for f in load_config(paths.config_file).feeds] == ["New"]


async def test_palette_export_asks_for_a_path_in_the_start_folder(sample_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"osterby", "enter")
        await wait_for(pilot, lambda: len(plain(app, "casualty")) == 1)
        await pilot.press("ctrl+p")
        await pilot.press(*"Export JSON")
        await pilot.pause(0.3)
        await pilot.press("enter")
        from sitrep.tui.export import ExportScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        box = app.screen.query_one("#export-path")
        assert box.value.startswith(str(tmp_path / "sitrep-export-")) and box.value.endswith(".json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(tmp_path.glob("sitrep-export-*.json")))
    files = list(tmp_path.glob("sitrep-export-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    # One row per fused fact: the two Osterby figures are one conflicting fact.
    assert sorted(d["event_type"] for d in data) == ["casualty", "control_change", "statement"]
    kill = next(d for d in data if d["event_type"] == "casualty")
    assert (kill["fatalities"], kill["fatalities_high"]) == (12, 31)


async def test_hostile_feed_text_is_shown_literally_and_is_inert(hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        control = plain(app, "control_change")[0]
        for literal in ("[@click=app.quit]q", "[link=http://evil]x[/link]", "[/]"):
            assert literal in control
        title = plain(app, "reports")[0]
        assert "[bold red]x [/] [@click=app.quit]q [link=http://evil]x[/link]" in title
        assert "[bold]Feed[/bold]" in title
        assert "\x1b" not in title and "\x07" not in title
        # What reaches the screen is the literal text too.
        lines = [
            "".join(seg.text for seg in table(app, "control_change").render_line(y))
            for y in range(3)
        ]
        assert any("[@click=app." in line for line in lines), lines  # (cut to its column)
        # Clicking the hostile cells runs no action.
        await pilot.click("#control_change", offset=(20, 2))
        await pilot.click("#reports", offset=(40, 2))
        await pilot.pause()
        assert app.is_running
        if isinstance(app.screen, DetailScreen):
            await wait_for(pilot, lambda: app.screen.report is not None)
            body = app.screen.query_one("#detail-body").render().plain
            assert "[@click=app.quit]quit[/]" in body
            assert "\x1b" not in body and "\x07" not in body
            await pilot.press("o")  # a javascript: URL is never opened
            await pilot.press("escape")
        assert app.is_running


async def test_panes_load_a_bounded_page_and_more_near_the_end(sample_store, monkeypatch):
    import sitrep.tui.main_screen as main_screen

    monkeypatch.setattr(main_screen, "FIRST_PAGE", 2)
    monkeypatch.setattr(main_screen, "PAGE", 3)
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        reports = table(app, "reports")
        await wait_for(pilot, lambda: len(reports.keys) == 3)
        assert len(reports.keys) == 3 and reports.border_subtitle == "3+"
        # A filter searches the whole store, not just the rows read so far.
        await pilot.press("slash", *"osterby", "enter")
        await wait_for(pilot, lambda: set(reports.keys) == {"hw-1", "vc-1"})
        assert set(reports.keys) == {"hw-1", "vc-1"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(reports.keys) == 3)
        await pilot.press("shift+tab", "G")
        # The five on-topic reports; the off-topic one stays hidden.
        await wait_for(pilot, lambda: len(reports.keys) == 5)
        assert len(reports.keys) == 5 and reports.border_subtitle == "5"


async def test_hostile_text_arriving_live_is_notified_literally(sample_store, store_dir):
    app = make_app(sample_store)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await loaded(pilot)
        with Store(store_dir) as other:
            other.add(tui_sample.hostile_batch())
        await wait_for(pilot, lambda: "1 new report" in status_text(app), tries=200)
        # The feed's name is shown literally in the status bar, and inert.
        assert "[bold]Feed[/bold]" in status_text(app)
        await pilot.click("#status")
        await pilot.pause()
        assert app.is_running


async def test_place_filter_completes_known_places(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("f", *"oste")
        await pilot.pause(0.2)
        await pilot.press("right")  # accepts the suggestion
        box = app.screen.query_one("#filter")
        assert box.value.startswith("osterby")


async def test_detail_scrolls_to_evidence_deep_in_a_long_report(store_dir):
    filler = " ".join(f"Paragraph {n} says nothing about the front." for n in range(400))
    rep = tui_sample.report("long-1", "Harbour Wire", 10, "A long dispatch",
                            filler + " Guard units entered Brask at noon. " + filler)
    ev = tui_sample.control(rep, "Guard units entered Brask at noon", place="Brask",
                            action="entered", gainer="Guard")
    store = tui_sample.fill(store_dir, [(rep, [ev])])
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
        scroll = app.screen.query_one("#detail-scroll")
        await wait_for(pilot, lambda: scroll.scroll_y > 0)
        # The sentence sits midway, so the view stops midway, not at the end.
        assert 20 < scroll.scroll_y < scroll.max_scroll_y - 20
    store.close()


async def test_quitting_during_a_poll_ends_quietly(sample_store, httpserver):
    import time

    from werkzeug import Response

    def slow(request):
        time.sleep(0.5)
        return Response("<rss version='2.0'><channel><title>S</title></channel></rss>",
                        content_type="application/rss+xml")

    httpserver.expect_request("/slow.xml").respond_with_handler(slow)
    feeds = (FeedConfig("Slow Wire", httpserver.url_for("/slow.xml")),)
    app = SitrepApp(sample_store, tui_sample.config(feeds))
    app.poll_feeds = dashboard_poller(sample_store, None)  # r polls; no schedule
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        assert app.poll_running
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_demo_shows_in_the_header_and_stops_with_the_app(sample_store, tmp_path):
    import httpx

    from sitrep.wiring.demo import start_demo

    demo = start_demo(tmp_path / "demo")
    url = demo.feeds[0].url
    try:
        assert httpx.get(url, timeout=5).status_code == 200
        app = make_app(sample_store, demo=demo)
        async with app.run_test(size=SMALL) as pilot:
            await loaded(pilot)
            assert "DEMO" in str(app.screen.query_one("HeaderTitle").render())
        with pytest.raises(httpx.ConnectError):
            httpx.get(url, timeout=5)
    finally:
        demo.stop()


async def test_detail_says_which_text_was_read(store_dir):
    import dataclasses

    article = dataclasses.replace(
        tui_sample.report("art-1", "Harbour Wire", 0, "Ferry talks resume",
                          "The whole article, as read from the page. " * 5),
        summary="Only a teaser.")
    failed = dataclasses.replace(
        tui_sample.report("art-2", "Harbour Wire", 1, "Port closed", "Only a teaser."),
        article_error="article not read: HTTP 404 NOT FOUND")
    store = tui_sample.fill(store_dir, [(article, []), (failed, [])])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await loaded(pilot)
        for rid, wanted, body in (
            ("art-1", "Text: the linked article, read in full", "The whole article, as read"),
            ("art-2", "article not read: HTTP 404 NOT FOUND — showing the feed's summary", "Only a teaser."),
        ):
            app.push_screen(DetailScreen(rid))
            await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.report)
            assert wanted in app.screen.query_one("#detail-source").render().plain
            assert body in app.screen.query_one("#detail-body").render().plain
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
