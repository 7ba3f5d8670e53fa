"""The control board: one row per place, who holds it now and since when.

Enter opens the place's history (every claim, in time order).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from sitrep.domain.textsafe import one_line
from sitrep.fusion import Picture, PlaceStatus
from sitrep.tui.picture_screen import PictureScreen, side_colours, side_text
from sitrep.tui.rows import ColumnSpec, PaneSpec, Row, cell, when_text
from sitrep.tui.table import PaneTable

BOARD = PaneSpec("board", "Control board", (
    ColumnSpec("place", "Place", 24),
    ColumnSpec("holder", "Holder", 14),
    ColumnSpec("since", "Since (UTC)", 12, 12),
    ColumnSpec("previous", "Previous", 12),
    ColumnSpec("contested", "≠", 9, 1),
    ColumnSpec("claims", "Claims", 6, 3),
    ColumnSpec("word", "Latest word", None),
))


def board_row(status: PlaceStatus, colours: dict) -> Row:
    latest = status.latest_claim

    def build() -> tuple[Text, ...]:
        return (
            cell(status.place.name, "bold"),
            side_text(status.holder, colours, bold=True),
            cell(when_text(status.since) if status.since else "—"),
            side_text(status.previous, colours, missing="—"),
            cell("contested" if status.contested else "", "bold reverse red" if status.contested else ""),
            cell(status.claim_count),
            cell(latest.event.source or latest.feed, "" if latest.event.source else "dim"),
        )

    return Row(status.place.key, latest.report_id, latest.published,
               lambda: " ".join(p for p in (status.place.name, status.holder or "",
                                            status.previous or "") if p).casefold(),
               build, (status.place.name.casefold(),), status.contested)


class BoardScreen(PictureScreen):
    """Who holds what: the control board."""

    KINDS = ("control_change",)

    BINDINGS = [
        *PictureScreen.BINDINGS,
        Binding("enter", "history", "Place history", id="board_history"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PaneTable(BOARD)
        yield Static(id="board-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Control board"
        self.query_one(PaneTable).focus()

    def compute(self, picture: Picture) -> Any:
        statuses = picture.board(everything=self.everything)
        colours = side_colours(picture.profile, [s.holder for s in statuses] +
                               [s.previous for s in statuses])
        rows = [board_row(s, colours) for s in statuses]
        for row in rows:
            row.cells  # noqa: B018 - drawn here, off the UI thread
        return rows

    def show(self, rows: list[Row]) -> None:
        table = self.query_one(PaneTable)
        table.sync(rows)
        contested = sum(1 for r in rows if r.conflict)
        table.border_subtitle = f"{len(rows)} places" + (f", {contested} contested" if contested else "")
        note = Text()
        if not rows:
            note.append("No control changes yet" + ("" if self.everything else " in on-topic reports")
                        + ".", style="dim")
        else:
            note.append("Enter: every claim about the place · Esc: back", style="dim")
        if self.everything:
            note.append("  (off-topic reports included)", style="italic yellow")
        self.query_one("#board-note", Static).update(note)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_history()

    def action_history(self) -> None:
        from sitrep.tui.place_history import PlaceHistoryScreen

        row = self.query_one(PaneTable).current_row
        if row is not None:
            label = row.cells[0].plain
            self.app.push_screen(PlaceHistoryScreen(row.key, one_line(label, 80)))
