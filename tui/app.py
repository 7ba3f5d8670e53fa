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
import webbrowser
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from sitrep.domain.alerts import Alert, AlertMatcher
from sitrep.domain.config import Config, Paths
from sitrep.domain.models import EventRecord, FeedConfig
from sitrep.domain.textsafe import one_line
from sitrep.fusion import GazetteerSupply
from sitrep.store import Store
from sitrep.tui.add_feed import AddFeedScreen, NewFeed
from sitrep.tui.alert_hook import run_hook
from sitrep.tui.confirm import ConfirmScreen
from sitrep.tui.describe import describe
from sitrep.tui.detail import DetailScreen, ReportRead
from sitrep.tui.feed_list import FeedListScreen
from sitrep.tui.help import HelpScreen, key_label
from sitrep.tui.links import open_in_browser
from sitrep.tui.main_screen import MainScreen
from sitrep.tui.notice import Notice
from sitrep.tui.picture_views import PICTURE_BINDINGS, PictureActions, picture_help
from sitrep.tui.rows import fold_repeats, fused_leads
from sitrep.tui.table import PaneTable

POLL_CHECK_SECONDS = 5.0  # how often to ask whether any feed is due

PollFeeds = Callable[[Sequence[FeedConfig], bool, Callable[[Any], None]], Awaitable[Any]]
"""``poll(feeds, force, on_outcome)``: poll and store those feeds, calling
``on_outcome`` with each stored outcome (``.outcome.feed`` and ``.new``)."""

NameFeed = Callable[[str, set[str]], tuple[str, str | None]]
"""``name_feed(url, taken)``: the name a new feed gets when none is typed
(its own title, read with one fetch; else its address), and why it is not
the title, or None. Blocking; ``sitrep feeds add`` names feeds the same way."""


class SitrepApp(PictureActions, App):
    """The dashboard; without a ``poll`` function nothing is polled (tests, snapshots).

    ``gazetteer`` is where the picture's gazetteer index comes from (the
    wiring's cache file); without one it is built in the background."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "sitrep"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("R", "poll_now", "Poll all", id="poll_all"),
        Binding("a", "add_feed", "Add feed", id="add_feed"),
        Binding("F", "feeds", "Feeds", id="feeds"),
        Binding("q", "close", "Quit / back", id="close"),
        *PICTURE_BINDINGS,
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]

    def __init__(self, store: Store, config: Config, *, paths: Paths | None = None,
                 poll: PollFeeds | None = None, name_feed: NameFeed | None = None,
                 demo: Any = None, gazetteer: GazetteerSupply | None = None) -> None:
        super().__init__()
        self.gazetteer = gazetteer
        self.store = store
        self.config = config
        self.paths = paths
        self.poll_feeds = poll
        self.name_feed = name_feed
        self.polling = poll is not None
        self.demo = demo
        self.poll_running = False
        self._poll_news = Notice()  # what the running poll brought so far
        self.matcher = AlertMatcher(config.alerts, config.profile.parties)
        self.hook_error: str | None = None  # the alert command's last failure
        self.open_url = webbrowser.open  # how "o" starts a browser
        # "New since the app opened" counts from here; counts() is cached by
        # the store and needed for the first paint anyway.
        self.baseline_reports = store.counts().reports
        self.title = one_line(config.profile.name, 80) or "sitrep"
        if demo is not None:
            self.sub_title = "DEMO"

    def on_mount(self) -> None:
        self._apply_keymap()
        self.push_screen(MainScreen())
        # What opening the store had to repair (a lost meta.json) would
        # otherwise go to a log line the dashboard's screen hides.
        for note in getattr(self.store, "notices", ()):
            self.notify(one_line(note, 300), severity="warning", markup=False, timeout=15)
        if self.polling:
            self.set_interval(POLL_CHECK_SECONDS, self.poll_due)
            self.poll_due()

    def on_unmount(self) -> None:
        """Stop the demo's feed server with the app (stopping twice is harmless)."""
        stop = getattr(self.demo, "stop", None)
        if callable(stop):
            stop()

    def _apply_keymap(self) -> None:
        """[keys] from the config, through Textual's keymap (binding id -> keys)."""
        if not self.config.keys:
            return
        known = {b.id for b in all_bindings() if isinstance(b, Binding) and b.id}
        unknown = [name for name, _ in self.config.keys if name not in known]
        self.set_keymap({name: keys for name, keys in self.config.keys if name in known})
        if unknown:
            self.notify(f"[keys]: no action named {', '.join(unknown)}; "
                        f"see ? for the names", severity="warning", markup=False, timeout=10)
        for key, names in key_clashes(dict(self.config.keys)):
            self.notify(f"[keys]: {key_label(key)} is bound to both {' and '.join(names)}; "
                        f"only one of them runs", severity="warning", markup=False, timeout=10)

    def action_close(self) -> None:
        """q: back out of the current screen; quit only from the dashboard."""
        screen = self.screen
        if isinstance(screen, MainScreen) or len(self.screen_stack) <= 1:
            self.exit()
        elif isinstance(screen, (ModalScreen, FeedListScreen)):
            screen.dismiss(None)
        else:
            self.pop_screen()

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
        self.poll_named([f.name for f in self.config.feeds])

    def poll_named(self, names: Sequence[str]) -> None:
        """Poll these feeds now (R: all of them, r: the selected report's)."""
        feeds = [f for f in self.config.feeds if f.name in set(names)]
        if not feeds:
            self.notify("That feed is no longer in the config.", severity="warning")
            return
        if self.poll_feeds is None:
            self.notify("Polling is off in this session.", severity="warning")
            return
        if self.poll_running:
            self.notify("A poll is already running.", timeout=2)
            return
        self.run_poll(feeds, force=True)

    def run_poll(self, feeds: Sequence[FeedConfig], force: bool) -> None:
        self.poll_running = True
        self._poll_news = Notice()
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
                    feeds, force, lambda stored: self.from_thread(self._outcome, stored,
                                                                  self._news_of(stored))
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

    def _news_of(self, stored: Any) -> Notice:
        """What one feed's outcome brought, alerts included; runs in the poll thread."""
        if not stored.new:
            return Notice()
        records: list[EventRecord] = []
        # Events of off-topic reports stay out of the panes (until O), so they
        # raise no alert and are not counted as what the panes gained.
        shown = [report for report in stored.new if report.on_topic or self.everything]
        try:
            events = {report.id: self.store.events_for(report.id) for report in shown}
        except Exception:  # noqa: BLE001 - the reports are stored; only the notice loses detail
            events = {}
        for report in shown:
            for n, event in enumerate(events.get(report.id, [])):
                records.append(EventRecord(f"{report.id}#{n}", report.id, report.feed,
                                           report.title, report.published, event))
        records = fused_leads(fold_repeats(records))  # count and alert as the panes show them
        alerts = self.matcher.alerts(records, {r.id: r.url for r in stored.new},
                                     lambda event: describe(event, True))
        return Notice(len(stored.new), len(records), [stored.outcome.feed.name], alerts)

    def _outcome(self, stored: Any, news: Notice) -> None:
        self._poll_news = self._poll_news.merge(news)
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
        """One notice per poll that brought something, in the status bar."""
        self.poll_running = False
        news, self._poll_news = self._poll_news, Notice()
        main = self.main
        if main is not None:
            main.sync_seen(alerted={a.record.id for a in news.alerts})
        self.announce(news)
        if main is not None:
            main.mark_dirty()

    def announce(self, news: Notice) -> None:
        """Show a poll's notice as ``[ui] notify`` says, ring the bell, run the hook."""
        ui = self.config.ui
        if news.alerts and self.config.alerts.command:
            self.alert_hook(news.alerts)
        shown = news if ui.notify == "all" else news.only_alerts() if ui.notify == "alerts" else Notice()
        main = self.main
        if shown and main is not None:
            main.show_notice(shown)
        if shown and (ui.bell or (ui.bell is None and shown.alerts)):
            self.bell()

    @work(thread=True, group="alert-hook")
    def alert_hook(self, alerts: list[Alert]) -> None:
        rules = self.config.alerts
        problem = run_hook(rules.command, alerts, rules.timeout)
        self.from_thread(self._hook_done, problem)

    def _hook_done(self, problem: str | None) -> None:
        self.hook_error = problem
        self._status()

    def _status(self) -> None:
        main = self.main
        if main is not None and main.is_mounted:
            main.update_status()

    # -- feeds ---------------------------------------------------------------

    def action_add_feed(self) -> None:
        self.push_screen(AddFeedScreen(self.config.feeds, name_required=self.name_feed is None),
                         self._feed_chosen)

    def _feed_chosen(self, new: NewFeed | None) -> None:
        if new is not None:
            if new.name is None:
                self.notify("Reading the feed's title to name it…", timeout=3)
            self.save_feed(new)

    @work(thread=True, group="config")
    def save_feed(self, new: NewFeed) -> None:
        from sitrep.domain.config import ConfigError, add_feeds

        path = self.config_path
        if path is None:
            self.from_thread(self.notify, "No config file to add the feed to.",
                                  severity="error")
            return
        name = new.name
        if name is None:
            if self.name_feed is None:  # the dialog asks for a name then
                return
            try:
                name, why = self.name_feed(new.url, {f.name for f in self.config.feeds})
            except Exception as exc:  # noqa: BLE001 - said in one line, nothing is written
                self.from_thread(self.notify, f"Could not name the feed: {one_line(str(exc), 200)}",
                                 severity="error", markup=False)
                return
            if why is not None:
                self.from_thread(self.notify, f"Named the feed after its address: {one_line(why, 200)}",
                                 severity="warning", markup=False, timeout=8)
        feed = FeedConfig(name=name, url=new.url, full_text=new.full_text)
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
        problem = open_in_browser(url, self.open_url)
        if problem is None:
            self.from_thread(self.notify, f"Opened {one_line(url or '', 120)} in the browser",
                             markup=False, timeout=3)
        else:
            self.from_thread(self.notify, problem, severity="warning", markup=False, timeout=8)

    def current_report_id(self) -> str | None:
        """The report open on screen, else the one selected on the dashboard."""
        screen = self.screen
        if isinstance(screen, DetailScreen):
            return screen.report_id
        main = self.main
        return main.selected_report() if main is not None else None

    def copy_link(self) -> None:
        """Put the report's link on the clipboard (OSC 52, through the terminal)."""
        screen = self.screen
        report_id = self.current_report_id()
        main = self.main
        if isinstance(screen, DetailScreen) and screen.report is not None:
            url = screen.report.url
        else:
            url = main.view.urls.get(report_id) if (main and main.view and report_id) else None
        if not url:
            self.notify("This report has no link to copy.", severity="warning")
            return
        self.copy_to_clipboard(url)
        self.notify(f"Copied {one_line(url, 120)}", markup=False, timeout=3)

    def action_feeds(self) -> None:
        if isinstance(self.screen, FeedListScreen):
            return
        self.push_screen(FeedListScreen([f.name for f in self.config.feeds]), self._feed_picked)

    def _feed_picked(self, name: str | None) -> None:
        main = self.main
        if name is not None and main is not None:
            main.show_feed(name)

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        self.push_screen(ConfirmScreen(question), lambda yes: then() if yes else None)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(), dict(self.config.keys)))

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
            yield SystemCommand("Next unread", "Open the next unread report",
                                main.action_next_unread)
            yield SystemCommand("Feeds", "List the feeds with unread counts and errors",
                                self.action_feeds)
            yield SystemCommand("Clear filters", "Show everything again", main.action_clear)
            yield SystemCommand("Export JSON", "Write the visible facts to a JSON file",
                                lambda: self.export("json"))
            yield SystemCommand("Export CSV", "Write the visible facts to a CSV file",
                                lambda: self.export("csv"))
            yield from self.picture_commands(screen)
        if main is not None and (screen is main or isinstance(screen, DetailScreen)):
            yield SystemCommand("Copy link", "Copy the report's web link to the clipboard",
                                self.copy_link)
        yield SystemCommand("Help", "Show every key binding", self.action_help)
        yield from super().get_system_commands(screen)


def help_sections() -> list[tuple[str, list]]:
    return [
        ("Dashboard", [*MainScreen.BINDINGS, *SitrepApp.BINDINGS]),
        ("In a pane", [*PaneTable.BINDINGS, ("pageup,pagedown", "", "Page up / down")]),
        ("Report detail", DetailScreen.BINDINGS),
        ("Feed list", FeedListScreen.BINDINGS),
        ("Add-feed dialog", [("tab", "", "Next field"), *AddFeedScreen.BINDINGS]),
        ("Help", HelpScreen.BINDINGS),
        *picture_help(),
    ]


def key_clashes(keymap: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Keys that [keys] gave to an action while another action on the same
    screen still has them: (key, binding names). Textual lets one of the
    two win silently, so the dashboard says so."""
    screens = [[*MainScreen.BINDINGS, *PaneTable.BINDINGS], DetailScreen.BINDINGS,
               FeedListScreen.BINDINGS, HelpScreen.BINDINGS, AddFeedScreen.BINDINGS,
               ConfirmScreen.BINDINGS]
    found: list[tuple[str, list[str]]] = []
    for bindings in screens:
        taken: dict[str, list[str]] = {}
        for binding in [*bindings, *SitrepApp.BINDINGS]:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            for key in keymap.get(binding.id, binding.key).split(","):
                taken.setdefault(key.strip(), []).append(binding.id)
        for key, names in taken.items():
            clash = (key, sorted(set(names)))
            if len(clash[1]) > 1 and any(n in keymap for n in names) and clash not in found:
                found.append(clash)
    return found


def all_bindings() -> list:
    """Every binding of every screen, for checking the [keys] names."""
    return [b for _, bindings in help_sections() for b in bindings] + list(ConfirmScreen.BINDINGS)
