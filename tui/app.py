"""SitrepApp: the live dashboard.

The app owns the store and the config, and runs the pollers it is given.
Polling runs in a thread worker with its own event loop, because storing
reports and reading their events are blocking work that must not stall
the UI; the main screen picks the results up from the store. How to poll
(fetch, extract, store) is the wiring's business: the app receives it as
a :data:`PollFeeds` function, so the dashboard depends on no other stage's
insides. Other processes'
writes (``sitrep poll``) are picked up by the main screen's one-second
``store.refresh()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sitrep.domain.config import Config, Paths
from sitrep.domain.models import FeedConfig
from sitrep.domain.textsafe import one_line
from sitrep.store import Store
from sitrep.tui.add_feed import AddFeedScreen
from sitrep.tui.detail import DetailScreen, ReportRead
from sitrep.tui.help import HelpScreen
from sitrep.tui.links import open_in_browser
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.picture_views import PICTURE_BINDINGS, PictureActions, picture_help
from sitrep.tui.table import PaneTable

POLL_CHECK_SECONDS = 5.0  # how often to ask whether any feed is due

PollFeeds = Callable[[Sequence[FeedConfig], bool, Callable[[Any], None]], Awaitable[Any]]
"""``poll(feeds, force, on_outcome)``: poll and store those feeds, calling
``on_outcome`` with each stored outcome (``.outcome.feed`` and ``.new``)."""


class SitrepApp(PictureActions, App):
    """The dashboard; without a ``poll`` function nothing is polled (tests, snapshots)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "sitrep"
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("r", "poll_now", "Poll"),
        Binding("a", "add_feed", "Add feed"),
        Binding("q", "quit", "Quit"),
        *PICTURE_BINDINGS,
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, store: Store, config: Config, *, paths: Paths | None = None,
                 poll: PollFeeds | None = None, demo: Any = None) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.paths = paths
        self.poll_feeds = poll
        self.polling = poll is not None
        self.demo = demo
        self.poll_running = False
        self._poll_news: dict[str, int] = {}  # feed -> new reports in this poll
        # "New since the app opened" counts from here; counts() is cached by
        # the store and needed for the first paint anyway.
        self.baseline_reports = store.counts().reports
        self.title = one_line(config.profile.name, 80) or "sitrep"
        if demo is not None:
            self.sub_title = "DEMO"

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        if self.polling:
            self.set_interval(POLL_CHECK_SECONDS, self.poll_due)
            self.poll_due()

    def on_unmount(self) -> None:
        """Stop the demo's feed server with the app (stopping twice is harmless)."""
        stop = getattr(self.demo, "stop", None)
        if callable(stop):
            stop()

    @property
    def main(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # -- polling -----------------------------------------------------------

    def poll_due(self) -> None:
        if self.polling and not self.poll_running and self.config.feeds:
            self.run_poll(self.config.feeds, force=False)

    def action_poll_now(self) -> None:
        if not self.config.feeds:
            self.notify("No feeds to poll: add one with a.", severity="warning")
            return
        if self.poll_feeds is None:
            self.notify("Polling is off in this session.", severity="warning")
            return
        if self.poll_running:
            self.notify("A poll is already running.", timeout=2)
            return
        self.notify(f"Polling {len(self.config.feeds)} feed(s)…", timeout=2)
        self.run_poll(self.config.feeds, force=True)

    def run_poll(self, feeds: Sequence[FeedConfig], force: bool) -> None:
        self.poll_running = True
        self._poll_news = {}
        self._status()
        self.poll_worker(list(feeds), force)

    @work(thread=True, group="poll")
    async def poll_worker(self, feeds: list[FeedConfig], force: bool) -> None:
        """Runs on its own event loop in a worker thread (Textual runs an
        async thread worker with ``asyncio.run``), so the network, storing
        and reading the reports never hold up the UI."""
        try:
            if self.poll_feeds is not None:
                await self.poll_feeds(
                    feeds, force, lambda stored: self.from_thread(self._outcome, stored)
                )
        except Exception as exc:  # noqa: BLE001 - a poll failure goes to the status bar
            self.from_thread(self._poll_failed, exc)
        finally:
            self.from_thread(self._poll_done)

    def from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> None:
        """``call_from_thread`` that does nothing once the app has closed, so
        a worker finishing after the user quit ends quietly."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            pass  # the app closed while the worker was finishing

    def _outcome(self, stored: Any) -> None:
        if stored.new:
            name = stored.outcome.feed.name
            self._poll_news[name] = self._poll_news.get(name, 0) + len(stored.new)
        main = self.main
        if main is not None:
            main.mark_dirty()

    def on_main_screen_ready(self, message: MainScreen.Ready) -> None:
        self.warm_picture()

    def on_report_read(self, message: ReportRead) -> None:
        main = self.main
        if main is not None:
            main.mark_dirty()

    def _poll_failed(self, exc: Exception) -> None:
        self.notify(f"Polling failed: {one_line(str(exc), 200)}", severity="error", markup=False)

    def _poll_done(self) -> None:
        """One notification per poll, however many feeds brought news."""
        self.poll_running = False
        if self._poll_news:
            total = sum(self._poll_news.values())
            names = ", ".join(one_line(n, 30) for n in list(self._poll_news)[:3])
            more = "…" if len(self._poll_news) > 3 else ""
            self.notify(f"{total} new report{'s' if total != 1 else ''} ({names}{more})",
                        markup=False, timeout=3)
            self._poll_news = {}
        main = self.main
        if main is not None:
            main.mark_dirty()

    def _status(self) -> None:
        main = self.main
        if main is not None and main.is_mounted:
            main.update_status()

    # -- feeds ---------------------------------------------------------------

    def action_add_feed(self) -> None:
        self.push_screen(AddFeedScreen(self.config.feeds), self._feed_chosen)

    def _feed_chosen(self, feed: FeedConfig | None) -> None:
        if feed is not None:
            self.save_feed(feed)

    @work(thread=True, group="config")
    def save_feed(self, feed: FeedConfig) -> None:
        from sitrep.domain.config import ConfigError, add_feeds

        path = self.config_path
        if path is None:
            self.from_thread(self.notify, "No config file to add the feed to.",
                                  severity="error")
            return
        try:
            added, _skipped = add_feeds(path, [feed])
        except (ConfigError, OSError) as exc:
            self.from_thread(self.notify, f"Could not add the feed: {one_line(str(exc), 200)}",
                                  severity="error", markup=False)
            return
        self.from_thread(self._feed_added, feed, bool(added))

    def _feed_added(self, feed: FeedConfig, added: bool) -> None:
        if not added:
            self.notify(f"{one_line(feed.name, 60)} is already in the config.",
                        severity="warning", markup=False)
            return
        self.config = dataclasses.replace(self.config, feeds=(*self.config.feeds, feed))
        self.notify(f"Added {one_line(feed.name, 60)}; polling it now.", markup=False)
        self._status()
        if not self.poll_running and self.poll_feeds is not None:
            self.run_poll([feed], force=True)

    @property
    def config_path(self) -> Path | None:
        if self.paths is not None:
            return self.paths.config_file
        return self.config.path

    # -- links, help, export ---------------------------------------------------

    def open_report_link(self, report_id: str) -> None:
        self._open_link(report_id)

    @work(thread=True, group="link")
    def _open_link(self, report_id: str) -> None:
        try:
            report = self.store.report(report_id)
        except Exception as exc:  # noqa: BLE001 - a broken store file is reported, not fatal
            self.from_thread(self.notify, f"Could not read the report: {one_line(str(exc), 200)}",
                             severity="error", markup=False)
            return
        url = report.url if report else None
        if open_in_browser(url):
            self.from_thread(self.notify, f"Opening {one_line(url or '', 120)}", markup=False)
        else:
            self.from_thread(self.notify, "This report has no web link to open.",
                                  severity="warning")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        main = self.main
        if main is not None and screen is main:
            yield SystemCommand("Poll now", "Poll every feed now", self.action_poll_now)
            yield SystemCommand("Add feed", "Add a feed to the config and poll it",
                                self.action_add_feed)
            yield SystemCommand("Filter", "Filter all panes by text", main.action_filter_text)
            yield SystemCommand("Filter by place or party", "Show events about one place or side",
                                main.action_filter_place)
            yield SystemCommand("Unread only", "Toggle showing unread reports only",
                                main.action_toggle_unread)
            yield SystemCommand("Next unread", "Jump to the next unread row",
                                main.action_next_unread)
            yield SystemCommand("Clear filters", "Show everything again", main.action_clear)
            yield SystemCommand("Export JSON", "Write the visible facts to a JSON file",
                                lambda: self.export("json"))
            yield SystemCommand("Export CSV", "Write the visible facts to a CSV file",
                                lambda: self.export("csv"))
            yield from self.picture_commands(screen)
        yield SystemCommand("Help", "Show every key binding", self.action_help)
        yield from super().get_system_commands(screen)


def help_sections() -> list[tuple[str, list]]:
    return [
        ("Dashboard", [*MainScreen.BINDINGS, *SitrepApp.BINDINGS]),
        ("In a pane", [*PaneTable.BINDINGS, ("pageup,pagedown", "", "Page up / down")]),
        ("Report detail", DetailScreen.BINDINGS),
        ("Add-feed dialog", [("tab", "", "Next field"), *AddFeedScreen.BINDINGS]),
        ("Help", HelpScreen.BINDINGS),
        *picture_help(),
    ]
