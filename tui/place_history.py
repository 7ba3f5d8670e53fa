"""One place's history: every claim about it in time order, with outlet,
source and evidence. Enter opens the claim's report.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from sitrep.domain.models import ControlChange, EventRecord
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture, PlaceStatus, event_time, side
from sitrep.tui.picture_screen import PictureScreen, side_colours, side_text
from sitrep.tui.rows import ColumnSpec, PaneSpec, Row, cell, when_text
from sitrep.tui.table import PaneTable

HISTORY = PaneSpec("history", "Claims", (
    ColumnSpec("when", "When (UTC)", 12, 12),
    ColumnSpec("change", "Gainer ← loser", 24),
    ColumnSpec("action", "Action", 10),
    ColumnSpec("conflict", "≠", 1, 1),
    ColumnSpec("feed", "Outlet", 14),
    ColumnSpec("word", "On whose word", 16),
    ColumnSpec("evidence", "Evidence", None),
))


def claim_row(record: EventRecord, conflict: bool, colours: dict) -> Row:
    ev = record.event
    assert isinstance(ev, ControlChange)

    def build() -> tuple[Text, ...]:
        change = Text(no_wrap=True, overflow="ellipsis", end="")
        change.append_text(side_text(side(ev.gainer, ev.party_gainer), colours))
        change.append(" ← ")
        change.append_text(side_text(side(ev.loser, ev.party_loser), colours))
        return (
            cell(when_text(event_time(record))),
            change,
            cell(ev.action),
            cell("≠" if conflict else "", "bold reverse red" if conflict else ""),
            cell(record.feed, "dim"),
            cell(ev.source or "—", "" if ev.source else "dim"),
            cell(ev.evidence, "italic"),
        )

    return Row(record.id, record.report_id, record.published,
               lambda: " ".join((ev.evidence, record.feed)).casefold(), build, (), conflict)


class PlaceHistoryScreen(PictureScreen):
    """Every claim about one place; opened from the board with Enter."""

    KINDS = ("control_change",)

    BINDINGS = [
        *PictureScreen.BINDINGS,
        Binding("enter", "open", "Open report", id="history_open"),
    ]

    def __init__(self, key: str, name: str) -> None:
        super().__init__()
        self.place_key = key
        self.place_name = name
        self.members: dict[str, list[EventRecord]] = {}
        self.records: dict[str, EventRecord] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-summary")
        yield PaneTable(HISTORY)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"History of {self.place_name}"
        self.query_one(PaneTable).focus()

    def compute(self, picture: Picture) -> Any:
        status = picture.place(self.place_key, everything=True)
        if status is None:
            return None, [], {}, {}
        colours = side_colours(picture.profile, [f.gainer for f in status.facts] +
                               [f.loser for f in status.facts])
        rows: list[Row] = []
        members: dict[str, list[EventRecord]] = {}
        records: dict[str, EventRecord] = {}
        for fact in status.facts:
            for record in fact.members:
                members[record.id] = list(fact.members)
                records[record.id] = record
        conflicted = {m.id for f in status.facts if f.conflict for m in f.members}
        for record in status.claims:
            rows.append(claim_row(record, record.id in conflicted, colours))
        for row in rows:
            row.cells  # noqa: B018
        return (status, colours), rows, members, records

    def show(self, data: tuple) -> None:
        head, rows, self.members, self.records = data
        table = self.query_one(PaneTable)
        table.sync(rows)
        table.border_title = f"Claims about {self.place_name}"
        table.border_subtitle = f"{len(rows)} claims"
        summary = self.query_one("#history-summary", Static)
        if head is None:
            summary.update(Text("No claims about this place are stored.", style="dim"))
            return
        summary.update(summary_text(*head))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from sitrep.tui.detail import DetailScreen

        row = self.query_one(PaneTable).current_row
        if row is None:
            return
        self.app.push_screen(DetailScreen(row.report_id, self.records.get(row.key),
                                          self.members.get(row.key)))


def summary_text(status: PlaceStatus, colours: dict) -> Text:
    text = Text()
    text.append(one_line(status.place.name, 80), style="bold")
    if status.place.located:
        text.append(f"  ({status.place.lat:.3f}, {status.place.lon:.3f})", style="dim")
    text.append("\nHeld by ")
    text.append_text(side_text(status.holder, colours, bold=True))
    if status.since:
        text.append(f" since {when_text(status.since)}")
    if status.previous:
        text.append(" · before: ")
        text.append_text(side_text(status.previous, colours))
    if status.contested:
        text.append("  CONTESTED: the latest claims disagree", style="bold red")
    changes, claims = len(status.facts), status.claim_count
    text.append(f"\n{changes} change{'s' if changes != 1 else ''} of control from "
                f"{claims} claim{'s' if claims != 1 else ''}", style="dim")
    return text
