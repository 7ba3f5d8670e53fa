"""The feed list (F): every configured feed with its unread count (of the
reports the dashboard shows: hidden off-topic ones are not counted), last
poll, status and last error. Enter shows that feed's reports on the
dashboard; r polls the selected feed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sitrep.domain.models import FeedState
from sitrep.domain.textsafe import one_line
from sitrep.tui.rows import cell, when_text


@dataclass(frozen=True)
class FeedLine:
    name: str
    unread: int
    reports: int
    state: FeedState | None


def number(value: int, style: str = "") -> Text:
    text = cell(f"{value:,}", style)
    text.justify = "right"
    return text


def status_cell(state: FeedState | None) -> Text:
    if state is None or state.last_status is None:
        return cell("not polled", "dim")
    if state.last_status == "error":
        return cell("failing" + (f" ×{state.failures}" if state.failures > 1 else ""), "bold red")
    return cell("ok" if state.last_status == "ok" else "unchanged", "green")


class FeedListScreen(Screen[str | None]):
    """Dismissed with the chosen feed's name, or None."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="feeds_back"),
        Binding("enter", "choose", "Show its reports", id="feeds_open"),
        Binding("r", "poll_feed", "Poll this feed", id="feeds_poll"),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    COLUMNS = (("feed", "Feed"), ("unread", "Unread"), ("reports", "Reports"),
               ("last", "Last poll"), ("status", "Status"), ("error", "Last error"))

    def __init__(self, feeds: list[str]) -> None:
        super().__init__()
        self.feeds = feeds
        self.lines: list[FeedLine] = []

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable = DataTable(id="feed-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Feeds"
        yield table
        yield Static(id="feed-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#feed-table", DataTable)
        for key, label in self.COLUMNS:
            table.add_column(label, key=key)
        self.query_one("#feed-hint", Static).update(Text(
            "No feeds yet: press Esc, then a to add one." if not self.feeds
            else "Enter shows the feed's reports · r polls it · Esc goes back", style="dim"))
        table.focus()
        self.load()
        self.set_interval(2.0, self.load)

    @work(thread=True, exclusive=True, group="feed-list")
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            store.refresh()
            unread = store.unread_counts()
            counts = store.counts().by_feed
            states = store.feed_states()
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.app.from_thread(self.notify, f"Could not read the store: {one_line(str(exc), 200)}",  # type: ignore[attr-defined]
                                 severity="error", markup=False)
            return
        hidden = self._hidden_unread()
        lines = [FeedLine(name, max(unread.get(name, 0) - hidden[name], 0), counts.get(name, 0),
                          states.get(name))
                 for name in self.feeds]
        self.app.from_thread(self.show, lines)  # type: ignore[attr-defined]

    def _hidden_unread(self) -> Counter[str]:
        """Unread off-topic reports per feed, which the dashboard hides (until
        O): the unread count is what Enter will show."""
        main = getattr(self.app, "main", None)
        view = main.view if main is not None else None
        if view is None:
            return Counter()
        return Counter(view.feed_of.get(rid, "") for rid in view.unread & view.off_topic)

    def show(self, lines: list[FeedLine]) -> None:
        table = self.query_one("#feed-table", DataTable)
        if lines == self.lines:
            return
        row = table.cursor_row
        self.lines = lines
        table.clear()
        for line in lines:
            state = line.state
            last = state.last_poll if state is not None else None
            table.add_row(
                cell(line.name, "bold" if line.unread else ""),
                number(line.unread, "bold cyan" if line.unread else "dim"),
                number(line.reports),
                cell(when_text(last) if last else "never", "" if last else "dim"),
                status_cell(state),
                cell(state.last_error if state and state.last_error else "", "red"),
                key=line.name,
            )
        if lines:
            table.move_cursor(row=min(max(row, 0), len(lines) - 1), animate=False)

    @property
    def selected(self) -> str | None:
        table = self.query_one("#feed-table", DataTable)
        if not self.lines or not 0 <= table.cursor_row < len(self.lines):
            return None
        return self.lines[table.cursor_row].name

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        name = self.selected
        if name is not None:
            self.dismiss(name)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_poll_feed(self) -> None:
        name = self.selected
        if name is not None:
            self.app.poll_named([name])  # type: ignore[attr-defined]

    def action_cursor(self, where: str) -> None:
        table = self.query_one("#feed-table", DataTable)
        table.action_cursor_down() if where == "down" else table.action_cursor_up()
