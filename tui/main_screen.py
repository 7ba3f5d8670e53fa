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
from sitrep.tui.describe import KIND_NAMES, describe
from sitrep.tui.detail import DetailScreen
from sitrep.tui.rows import EVENT_PANES, PANE_BY_NAME, Filters, RowCache
from sitrep.tui.table import PaneTable

NARROW_WIDTH = 140
NARROW_HEIGHT = 30
PANE_ORDER = ("control_change", "casualty", "statement", "displacement", "reports")
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
MAX_NOTIFIED = 2  # new events named one by one in a notification


class StatusBar(Static):
    """Feed health, store counts, new items, and the active filters."""


class MainScreen(Screen):
    class Ready(Message):
        """The tables were filled from the store for the first time and painted."""

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, priority=True),
        Binding("shift+tab", "prev_pane", "Previous pane", show=False, priority=True),
        Binding("enter", "open", "Open report", show=False),
        Binding("slash", "filter_text", "Filter"),
        Binding("f", "filter_place", "Place"),
        Binding("u", "toggle_unread", "Unread"),
        Binding("n", "next_unread", "Next unread", show=False),
        Binding("o", "open_link", "Open link", show=False),
        Binding("escape", "clear", "Clear filters", show=False),
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
        self._dirty = True
        self._filter_mode = "text"
        self._load_error: str | None = None
        self._filter_timer: Timer | None = None
        self._rows = RowCache()
        self._seen_events: dict[str, int] | None = None

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
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._rows.places = PlaceIndex(self.app.config.profile, gazetteer=False)  # type: ignore[attr-defined]
        self.query_one("#pane-tabs", Tabs).can_focus = False
        self.query_one("#filter", Input).display = False
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

    def _show_active(self) -> None:
        for name in PANE_ORDER:
            table = self.table(name)
            table.set_class(name == self.active, "-active")
            table.display = not self.narrow or name == self.active
        for row_id, names in PANE_ROWS.items():
            self.query_one(f"#{row_id}").display = not self.narrow or self.active in names
        tabs = self.query_one("#pane-tabs", Tabs)
        if tabs.active != f"tab-{self.active}":
            tabs.active = f"tab-{self.active}"

    def table(self, name: str) -> PaneTable:
        return self.query_one(f"#{name}", PaneTable)

    def activate(self, name: str) -> None:
        self.active = name
        self._show_active()
        self.table(name).focus()

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
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
        if not self._loading:
            self._loading = True
            self.load(self._dirty)
            self._dirty = False

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
        try:
            changed = store.refresh()
            everything = getattr(self.app, "everything", False)
            view = load_view(store, self._limits(), self._rows, everything) \
                if (changed or force or self.view is None) else None
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
        previous = self._seen_events
        self.view = view
        self.apply()
        self._seen_events = dict(view.counts.events)
        if previous is not None:
            self._announce(previous, view)
        self.update_status()
        if previous is None:
            self.call_after_refresh(self.post_message, self.Ready())
            self.shown = {name: max(n, PAGE) for name, n in self.shown.items()}
            self.call_after_refresh(self.mark_dirty)

    def apply(self) -> None:
        """Sync every table to the current view and filters."""
        view = self.view
        if view is None:
            return
        for name in PANE_ORDER:
            table = self.table(name)
            rows = [r for r in view.rows.get(name, []) if self.filters.keep(r, name, view.unread)]
            limit = self.shown[name]
            table.more_available = len(rows) > limit or view.more.get(name, False)
            table.sync(rows[:limit])
            title = PANE_BY_NAME[name].title
            table.border_subtitle = f"{len(rows[:limit]):,}" + ("+" if table.more_available else "")
            table.border_title = title

    def _announce(self, previous: dict[str, int], view: View) -> None:
        """A short notification naming the events that just arrived."""
        lines: list[str] = []
        total = 0
        for kind in EVENT_PANES:
            fresh = view.counts.events.get(kind, 0) - previous.get(kind, 0)
            if fresh <= 0:
                continue
            total += fresh
            newest = sorted((r for r in view.records.values() if r.event.type == kind),
                            key=lambda r: r.published, reverse=True)[:fresh]
            for record in newest[: max(MAX_NOTIFIED - len(lines), 0)]:
                lines.append(f"{KIND_NAMES[kind]}: {one_line(describe(record.event, False), 60)}")
        if not total:
            return
        if total > len(lines):
            lines.append(f"… {total - len(lines)} more")
        self.notify("\n".join(lines), title=f"{total} new event{'s' if total != 1 else ''}",
                    markup=False, timeout=4)

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
            text.append(f", {len(view.unread):,} unread", style="dim")
        second = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.filters.active:
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

    # -- filters -------------------------------------------------------------

    def action_filter_text(self) -> None:
        self._open_filter("text")

    def action_filter_place(self) -> None:
        self._open_filter("place")

    def _open_filter(self, mode: str) -> None:
        self._filter_mode = mode
        box = self.query_one("#filter", Input)
        box.placeholder = ("Filter all panes by text" if mode == "text"
                           else "Filter by place or party") + " (Enter keeps it, Esc clears)"
        box.border_title = "Filter" if mode == "text" else "Place or party"
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
        if held > DEBOUNCE_ROWS:
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
        if self.filters.active and self.view is not None and any(self.view.more.values()):
            # Filters search everything the store holds, not just the newest page.
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
        view = self.view
        table = self.table(self.active)
        keys = table.keys
        if view is None or not keys:
            return
        start = max(table.cursor_row, 0)
        for step in range(1, len(keys) + 1):
            key = keys[(start + step) % len(keys)]
            if table.rows_by_key[key].report_id in view.unread:
                table.go_to(key)
                return
        self.notify("Nothing unread in this pane.", timeout=2)

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

