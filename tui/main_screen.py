"""The dashboard screen: the event panes, the reports stream, the filters.

Wide terminals show every pane at once; small ones (under 140x30) show one
pane at a time under a row of tabs. Either way Tab and Shift+Tab move
between panes, so the keys work the same at every size.

The screen never reads the store on the UI thread: a thread worker builds
a :class:`sitrep.tui.data.View` and hands it over, and the tables are synced to it
row by row.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static, Tab, Tabs

from sitrep.domain.models import EventRecord
from sitrep.domain.textsafe import one_line
from sitrep.fusion import PlaceIndex
from sitrep.tui.data import FIRST_PAGE, PAGE, View, feed_health, load_view
from sitrep.tui.describe import describe
from sitrep.tui.detail import DetailScreen
from sitrep.tui.notice import NOTICE_SECONDS, Notice
from sitrep.tui.rows import EVENT_PANES, PANE_BY_NAME, Filters, RowCache
from sitrep.tui.table import PaneTable
from sitrep.tui.welcome import Welcome

NARROW_WIDTH = 140
NARROW_HEIGHT = 30
PANE_ORDER = ("control_change", "casualty", "statement", "displacement", "reports")
# Seconds after the first paint before the full reading (every report) runs.
FULL_AFTER = 0.3
SHORT_TITLES = {
    "control_change": "Control", "casualty": "Casualties", "statement": "Statements",
    "displacement": "Displaced", "reports": "Reports",
}
# Wide layout, top to bottom: rows of panes side by side.
PANE_ROWS = {
    "row-top": ("control_change", "statement"),
    "row-middle": ("casualty", "displacement"),
    "row-bottom": ("reports",),
}
DEBOUNCE_ROWS = 5000  # above this many rows held, filtering waits for a typing pause
DEBOUNCE_SECONDS = 0.15


class StatusBar(Static):
    """Feed health, store counts, new items, and the active filters."""


class MainScreen(Screen):
    # Coming back from a report with nothing focused, Textual focuses the first
    # focusable widget, which was the hidden search box: keys typed next went
    # into it unseen (the panes emptied, the footer lost its letter keys).
    AUTO_FOCUS = "PaneTable.-active"

    class Ready(Message):
        """The tables were filled from the store for the first time and painted."""

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="next_pane"),
        Binding("shift+tab", "prev_pane", "Previous pane", show=False, priority=True,
                id="prev_pane"),
        Binding("enter", "open", "Open report", show=False, id="open"),
        Binding("slash", "filter_text", "Search", id="search"),
        Binding("f", "filter_place", "Place", id="filter_place"),
        Binding("u", "toggle_unread", "Unread", id="unread_only"),
        Binding("n", "next_unread", "Open next unread", show=False, id="next_unread"),
        Binding("p", "prev_unread", "Open previous unread", show=False, id="prev_unread"),
        Binding("N", "toggle_read", "Toggle read", show=False, id="toggle_read"),
        Binding("A", "mark_all_read", "Mark all in view read", show=False, id="mark_all_read"),
        Binding("r", "poll_feed", "Poll this report's feed", show=False, id="poll_feed"),
        Binding("o", "open_link", "Open link", show=False, id="open_link"),
        Binding("escape", "clear", "Clear filters", show=False, id="clear"),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.filters = Filters()
        self.view: View | None = None
        self.active = PANE_ORDER[0]
        # The first reading is small so the first paint is quick; the full
        # page follows at once.
        self.shown = {name: FIRST_PAGE for name in PANE_ORDER}
        self.narrow = False
        self._loading = False
        self._trouble: str | None = None  # the store's connection note, as last shown
        self._dirty = True
        self._filter_mode = "text"
        self._load_error: str | None = None
        self._filter_timer: Timer | None = None
        self._rows = RowCache()
        self._first = True
        self._full = False  # the full reading after the first page has been shown
        self._full_due = False  # FULL_AFTER has passed since the first page
        self.notice = Notice()  # the poll notice in the status bar, while it lasts
        # (reports, events, by feed, alert keys) as last announced, to tell
        # what other processes (``sitrep poll``) added since.
        self._seen: tuple[int, int, dict[str, int], set[str]] | None = None
        self._notice_timer: Timer | None = None

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(SHORT_TITLES[n], id=f"tab-{n}") for n in PANE_ORDER), id="pane-tabs")
        yield Input(id="filter", placeholder="Filter all panes (Enter keeps it, Esc clears)")
        with Vertical(id="panes"):
            for row_id, names in PANE_ROWS.items():
                with Horizontal(id=row_id, classes="pane-row"):
                    for name in names:
                        yield PaneTable(PANE_BY_NAME[name])
        yield Welcome()
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._rows.places = PlaceIndex(self.app.config.profile, gazetteer="loaded")  # type: ignore[attr-defined]
        self.query_one("#pane-tabs", Tabs).can_focus = False
        self.query_one("#filter", Input).display = False
        self.query_one(Welcome).display = False
        self._layout(self.size.width, self.size.height)
        self.table(self.active).focus()
        self.set_interval(1.0, self.tick)
        self.tick()

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width, event.size.height)

    def _layout(self, width: int, height: int) -> None:
        self.narrow = width < NARROW_WIDTH or height < NARROW_HEIGHT
        self.set_class(self.narrow, "-narrow")
        self._show_active()
        self._show_welcome()

    def _show_welcome(self) -> None:
        """No feeds and nothing stored: a welcome instead of empty panes."""
        view = self.view
        welcome = (view is not None and not view.counts.reports
                   and not self.app.config.feeds)  # type: ignore[attr-defined]
        self.query_one(Welcome).display = welcome
        self.query_one("#panes").display = not welcome
        self.query_one("#pane-tabs").display = not welcome and self.narrow

    def _show_active(self) -> None:
        for name in PANE_ORDER:
            table = self.table(name)
            table.set_class(name == self.active, "-active")
            table.display = not self.narrow or name == self.active
        for row_id, names in PANE_ROWS.items():
            self.query_one(f"#{row_id}").display = not self.narrow or self.active in names
        tabs = self.query_one("#pane-tabs", Tabs)
        if tabs.active != f"tab-{self.active}":
            # Set from here, the tab must not announce itself back: two quick
            # Tabs used to bounce between two panes forever.
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = f"tab-{self.active}"

    def _settle_focus(self) -> None:
        """Keys go to the pane on screen: never to a hidden widget (the
        search box once it is closed, a pane another tab covers)."""
        focused = self.focused
        if focused is None or not all(w.display for w in focused.ancestors_with_self
                                      if w is not self):
            self.set_focus(self.table(self.active))

    def table(self, name: str) -> PaneTable:
        return self.query_one(f"#{name}", PaneTable)

    def activate(self, name: str) -> None:
        self.active = name
        self._show_active()
        self.table(name).focus()

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
        if event.tab.id != event.tabs.active:
            return  # a stale announcement: another pane was chosen since
        name = (event.tab.id or "").removeprefix("tab-")
        if name in PANE_ORDER and name != self.active:
            self.activate(name)

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if isinstance(widget, PaneTable) and widget.id != self.active:
            self.active = widget.id or self.active
            self._show_active()

    def action_next_pane(self) -> None:
        self._step(1)

    def action_prev_pane(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        index = PANE_ORDER.index(self.active)
        self.activate(PANE_ORDER[(index + delta) % len(PANE_ORDER)])

    # -- loading -------------------------------------------------------------

    def tick(self) -> None:
        """Every second: pick up other processes' writes, cheaply."""
        if self._trouble != getattr(self.app.store, "trouble", None):  # type: ignore[attr-defined]
            self.update_status()  # a shared store retrying its connection, or back
        if not self._loading:
            if self.view is not None and not self._full \
                    and (not self._full_due or self.app.screen is not self):
                # Not yet time for the full reading, or covered (a view
                # opened as the dashboard appeared) before it: that reading
                # of every report would compete with the view's own; it
                # runs when the dashboard is shown again.
                return
            self._loading = True
            self.load(self._dirty)
            self._dirty = False

    def _full_now(self) -> None:
        self._full_due = True
        self.mark_dirty()

    def mark_dirty(self) -> None:
        """Something changed the store in this process: reload at once."""
        self._dirty = True
        self.tick()

    def _limits(self) -> dict[str, int | None]:
        if self.filters.active:
            return {name: None for name in PANE_ORDER}
        return dict(self.shown)

    @work(thread=True, group="load")
    def load(self, force: bool) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        search = self.filters.text
        try:
            changed = store.refresh()
            view = load_view(store, self._limits(), self._rows, search=search,
                             matcher=self.app.matcher,  # type: ignore[attr-defined]
                             whole=self.view is not None,
                             everything=getattr(self.app, "everything", False),
                             ) if (changed or force or self.view is None) else None
        except Exception as exc:  # noqa: BLE001 - shown, and retried next tick
            self.app.from_thread(self._load_failed, exc)  # type: ignore[attr-defined]
            return
        self.app.from_thread(self._loaded, view)  # type: ignore[attr-defined]

    def _load_failed(self, exc: Exception) -> None:
        """Say so once; the next ticks keep trying quietly."""
        self._loading = False
        message = f"Could not read the store: {one_line(str(exc), 200)}"
        if message != self._load_error:
            self._load_error = message
            self.notify(message, severity="error", markup=False)

    def _loaded(self, view: View | None) -> None:
        self._loading = False
        self._load_error = None
        if view is None:
            return
        first, self._first = self._first, False
        self._full = self._full or not first
        self.view = view
        self.apply()
        self._external_news(view)
        self.update_status()
        if view.search != self.filters.text:
            self.mark_dirty()  # the text changed while the store was searched
        if first:
            self.call_after_refresh(self.post_message, self.Ready())
            self.shown = {name: max(n, PAGE) for name, n in self.shown.items()}
            # A moment later, so that a view opened as the dashboard
            # appears is read first (see tick).
            self.set_timer(FULL_AFTER, self._full_now)

    def apply(self) -> None:
        """Sync every table to the current view and filters."""
        view = self.view
        if view is None:
            return
        self._show_welcome()
        matched = view.matched if view.search == self.filters.text else None
        for name in PANE_ORDER:
            table = self.table(name)
            rows = [r for r in view.rows.get(name, [])
                    if self.filters.keep(r, name, view.unread, matched, view.feed_of)]
            limit = self.shown[name]
            table.more_available = len(rows) > limit or view.more.get(name, False)
            table.sync(rows[:limit])
            table.border_subtitle = f"{len(rows[:limit]):,}" + ("+" if table.more_available else "")
            table.border_title = self._pane_title(name, view, matched is not None)

    def _pane_title(self, name: str, view: View, searched: bool) -> Text:
        """The pane's title; the Reports pane's also says what the on-topic
        rule hides and which key shows it."""
        title = Text(PANE_BY_NAME[name].title)
        if name != "reports":
            return title
        everything = getattr(self.app, "everything", False)
        hidden = view.hidden_matches if searched else view.hidden
        if everything:
            title.append(" · all, off-topic marked (O hides)", style="italic yellow")
        elif hidden:
            what = ("off-topic match" + ("es" if hidden != 1 else "")) if searched else "off-topic"
            title.append(f" · {hidden:,} {what} hidden (O shows)", style="italic")
        return title

    @on(PaneTable.NearEnd)
    def _more(self, event: PaneTable.NearEnd) -> None:
        name = event.table.id or ""
        self.shown[name] = self.shown.get(name, PAGE) + PAGE
        if self.view and self.view.more.get(name):
            self.mark_dirty()
        else:
            self.apply()

    # -- status ------------------------------------------------------------

    def update_status(self) -> None:
        app = self.app
        view = self.view
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        feeds = [f.name for f in app.config.feeds]  # type: ignore[attr-defined]
        states = view.states if view else {}
        ok, failing, next_poll, last_error = feed_health(states, feeds)
        text.append("Feeds ", style="bold")
        text.append(f"{ok} ok", style="green")
        unpolled = len(feeds) - ok - failing
        if failing:
            text.append(" · ")
            text.append(f"{failing} failing", style="bold red")
        if unpolled:
            text.append(f" · {unpolled} not polled", style="dim")
        if not app.polling:  # type: ignore[attr-defined]
            text.append(" · polling off", style="dim")
        elif app.poll_running:  # type: ignore[attr-defined]
            text.append(" · polling…", style="cyan")
        elif next_poll is not None:
            text.append(f" · next poll {next_poll.strftime('%H:%M:%S')}")
        if view is not None:
            events = sum(view.counts.events.values())
            new = max(view.counts.reports - app.baseline_reports, 0)  # type: ignore[attr-defined]
            text.append(f" │ {view.counts.reports:,} reports, {events:,} events │ ")
            text.append(f"{new:,} new", style="bold yellow" if new else "dim")
            # Hidden off-topic reports are not counted: "unread" is what
            # n, p and A can reach.
            text.append(f", {len(view.unread) - view.hidden_unread:,} unread", style="dim")
            if view.hidden:
                text.append(f" · {view.hidden:,} off-topic hidden (O)", style="dim italic")
        second = Text(no_wrap=True, overflow="ellipsis", end="")
        self._trouble = getattr(app.store, "trouble", None)  # type: ignore[attr-defined]
        if self._trouble:
            second.append(one_line(self._trouble, 120), style="bold yellow")
        if self.notice:
            if second:
                second.append("  │  ")
            second.append_text(self.notice.text())
        hook_error = app.hook_error  # type: ignore[attr-defined]
        if hook_error:
            if second:
                second.append("  │  ")
            second.append(one_line(hook_error, 200), style="bold red")
        if self.filters.active:
            if second:
                second.append("  │  ")
            second.append("Filter: ", style="bold")
            second.append(one_line(self.filters.describe(), 200))
            second.append("  (Esc clears)", style="dim")
        if last_error:
            if second:
                second.append("  │  ")
            second.append("Last error: ", style="bold red")
            second.append(one_line(last_error, 300))
        if second:
            text.append("\n")
            text.append_text(second)
        self.query_one(StatusBar).update(text)

    # -- the poll notice ------------------------------------------------------

    def _external_news(self, view: View) -> None:
        """A notice for what another process's poll stored; this app's own
        polls announce themselves when they end (see ``sync_seen``)."""
        app = self.app
        if app.poll_running:  # type: ignore[attr-defined]
            return
        seen = self._seen
        self.sync_seen(view)
        if seen is None:
            return
        reports = view.counts.reports - seen[0]
        if reports <= 0:
            return
        feeds = [name for name, n in view.counts.by_feed.items() if n > seen[2].get(name, 0)]
        fresh = [view.records[key] for key in sorted(view.alerts - seen[3]) if key in view.records]
        alerts = app.matcher.alerts(fresh, view.urls,  # type: ignore[attr-defined]
                                    lambda event: describe(event, True))
        app.announce(Notice(reports, sum(view.counts.events.values()) - seen[1],  # type: ignore[attr-defined]
                            feeds, alerts))

    def sync_seen(self, view: View | None = None, alerted: set[str] = frozenset()) -> None:
        """Count everything stored so far as announced."""
        if view is not None:
            counts = view.counts
        elif self.view is not None:
            view, counts = self.view, self.app.store.counts()  # type: ignore[attr-defined]
        else:
            return
        self._seen = (counts.reports, sum(counts.events.values()), dict(counts.by_feed),
                      set(view.alerts) | set(alerted))

    def show_notice(self, news: Notice) -> None:
        """Put a poll's notice in the status bar, merged with one not yet seen.

        It lasts NOTICE_SECONDS of the dashboard being on screen: while a
        report, a dialog or the help covers it, it waits.
        """
        self.notice = self.notice.merge(news) if self.notice else news
        self.update_status()
        self._start_notice_timer()

    def _start_notice_timer(self) -> None:
        if self._notice_timer is not None:
            self._notice_timer.stop()
            self._notice_timer = None
        if self.notice and self.app.screen is self:
            self._notice_timer = self.set_timer(NOTICE_SECONDS, self._notice_over)

    def _notice_over(self) -> None:
        self._notice_timer = None
        if self.app.screen is not self:
            return  # covered again: on_screen_resume starts the count anew
        self.notice = Notice()
        self.update_status()

    def on_screen_resume(self) -> None:
        self._settle_focus()
        if not self._full:
            self.tick()  # the full reading put off while covered
        if self.notice:
            self._start_notice_timer()
        if self.view is not None:
            self.update_status()

    # -- filters -------------------------------------------------------------

    def action_filter_text(self) -> None:
        self._open_filter("text")

    def action_filter_place(self) -> None:
        self._open_filter("place")

    def _open_filter(self, mode: str) -> None:
        self._filter_mode = mode
        box = self.query_one("#filter", Input)
        box.placeholder = ("Search titles and report text" if mode == "text"
                           else "Filter by place or party") + " (Enter keeps it, Esc clears)"
        box.border_title = "Search" if mode == "text" else "Place or party"
        box.value = self.filters.text if mode == "text" else self.filters.place
        box.suggester = SuggestFromList(self._place_names(), case_sensitive=False) \
            if mode == "place" else None
        box.display = True
        # Focus now, not after the next refresh as focus() would: keys typed
        # right after "/" must land in the box, not run as commands.
        self.set_focus(box)

    def _place_names(self) -> list[str]:
        """Places and parties the panes mention, for completing the "f" filter."""
        names: set[str] = {p.key for p in self.app.config.profile.parties}  # type: ignore[attr-defined]
        if self.view is not None:
            for name in EVENT_PANES:
                for row in self.view.rows.get(name, [])[:PAGE]:
                    names.update(row.places)
        return sorted(names)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._filter_mode == "text":
            self.filters.text = event.value.strip()
        else:
            self.filters.place = event.value.strip()
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        held = sum(len(rows) for rows in self.view.rows.values()) if self.view else 0
        if held > DEBOUNCE_ROWS or self._filter_mode == "text":
            # Searching the store's word index for every keystroke would
            # queue up work: wait for a pause in typing.
            # Filtering a large store takes a moment: wait for a pause in typing.
            self._filter_timer = self.set_timer(DEBOUNCE_SECONDS, self._filters_changed)
        else:
            self._filters_changed()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = False
        self.table(self.active).focus()

    def _filters_changed(self) -> None:
        self._filter_timer = None
        self.shown = {name: PAGE for name in PANE_ORDER}
        if self.view is not None and (
            self.view.search != self.filters.text
            or (self.filters.active and any(self.view.more.values()))
        ):
            # Filters reach everything the store holds, not just the newest
            # page, and a search asks the store's word index.
            self.mark_dirty()
        self.apply()
        self.update_status()

    def action_toggle_unread(self) -> None:
        self.filters.unread_only = not self.filters.unread_only
        self._filters_changed()
        self.notify("Showing unread only" if self.filters.unread_only else "Showing read and unread",
                    timeout=2)

    def action_clear(self) -> None:
        box = self.query_one("#filter", Input)
        had_filters = self.filters.active
        if box.display:
            box.value = ""
            box.display = False
        self.filters = Filters()
        self.shown = {name: PAGE for name in PANE_ORDER}
        if had_filters:
            self.mark_dirty()
        self.apply()
        self.update_status()
        self.table(self.active).focus()

    # -- moving and opening --------------------------------------------------

    def action_next_unread(self) -> None:
        self.open_unread(1)

    def action_prev_unread(self) -> None:
        self.open_unread(-1)

    def open_unread(self, step: int) -> bool:
        """Move to the next (step 1) or previous (-1) unread row of the active
        pane and open its report, as newsboat's n and p do."""
        view = self.view
        table = self.table(self.active)
        keys = table.keys
        if view is None or not keys:
            return False
        start = max(table.cursor_row, 0)
        for offset in range(1, len(keys) + 1):
            key = keys[(start + step * offset) % len(keys)]
            if table.rows_by_key[key].report_id in view.unread:
                table.go_to(key)
                self.open_row(table)
                return True
        self.notify("Nothing unread in this pane.", timeout=2)
        return False

    def selected_report(self) -> str | None:
        row = self.table(self.active).current_row
        return row.report_id if row is not None else None

    def action_toggle_read(self) -> None:
        report_id = self.selected_report()
        if report_id is None or self.view is None:
            return
        unread = report_id in self.view.unread
        self._set_read([report_id], read=unread)

    def action_mark_all_read(self) -> None:
        view = self.view
        if view is None:
            return
        if self.filters.active:
            shown = {self.table(name).rows_by_key[key].report_id
                     for name in PANE_ORDER for key in self.table(name).keys}
            ids = sorted(shown & view.unread)
            where = "shown under the current filter"
        else:
            # Hidden off-topic reports keep their marks: A marks what O would
            # otherwise bring back as already read, unseen.
            ids = sorted(view.unread - view.off_topic)
            where = "in the store"
            if view.hidden_unread:
                ones = "ones" if view.hidden_unread != 1 else "one"
                where += f" (not the {view.hidden_unread:,} hidden off-topic {ones})"
        if not ids:
            self.notify("Nothing unread here.", timeout=2)
            return
        count = f"{len(ids):,} unread report{'s' if len(ids) != 1 else ''}"
        self.app.confirm(  # type: ignore[attr-defined]
            f"Mark the {count} {where} as read?", lambda: self._set_read(ids, read=True))

    @work(thread=True, group="read-marks")
    def _set_read(self, report_ids: list[str], read: bool) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            (store.mark_read if read else store.mark_unread)(report_ids)
        except Exception as exc:  # noqa: BLE001 - a read-only store is reported, not fatal
            self.app.from_thread(self.notify, f"Could not change read marks: {one_line(str(exc), 200)}",  # type: ignore[attr-defined]
                                 severity="error", markup=False)
            return
        self.app.from_thread(self.mark_dirty)  # type: ignore[attr-defined]

    def action_poll_feed(self) -> None:
        report_id = self.selected_report()
        feed = self.view.feed_of.get(report_id) if (self.view and report_id) else None
        if feed is None:
            self.app.action_poll_now()  # type: ignore[attr-defined]
            return
        self.app.poll_named([feed])  # type: ignore[attr-defined]

    def show_feed(self, name: str) -> None:
        """Show one feed's reports (chosen in the feed list)."""
        self.filters = Filters(feed=name)
        self.activate("reports")
        self._filters_changed()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, PaneTable):
            self.open_row(event.data_table)

    def action_open(self) -> None:
        self.open_row(self.table(self.active))

    def open_row(self, table: PaneTable) -> None:
        row = table.current_row
        if row is None or self.view is None:
            return
        record: EventRecord | None = self.view.records.get(row.key) if table.id != "reports" else None
        conflicts = self.view.conflicts.get(row.key) if record else None
        self.app.push_screen(DetailScreen(row.report_id, record, conflicts))

    def action_open_link(self) -> None:
        row = self.table(self.active).current_row
        if row is not None:
            self.app.open_report_link(row.report_id)  # type: ignore[attr-defined]

    # -- export --------------------------------------------------------------

    def visible_records(self) -> list[EventRecord]:
        if self.view is None:
            return []
        out: list[EventRecord] = []
        for name in EVENT_PANES:
            for key in self.table(name).keys:
                record = self.view.records.get(key)
                if record is not None:
                    # A fused row stands for every report of its fact.
                    out.extend(self.view.conflicts.get(key) or [record])
        return out

