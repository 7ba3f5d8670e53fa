"""The casualty tally: by victim group and party, incidents apart from
running totals, conflicting figures side by side.

The upper table sums each group's incident figures (the lowest of each,
ACLED's conservative rule, with the highest beside it) and shows the
latest running total with its source; the two are never added together,
since a total already counts the incidents. The lower table lists every
fused figure; Enter opens it with every source's sentence.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from sitrep.domain.models import UTC, Casualty, EventRecord
from sitrep.domain.textsafe import one_line
from sitrep.fusion import Fact, Picture, TallyLine, figure_claimants
from sitrep.tui.picture_screen import PictureScreen
from sitrep.tui.rows import ColumnSpec, PaneSpec, Row, cell, when_text
from sitrep.tui.table import PaneTable

NEVER = datetime.min.replace(tzinfo=UTC)  # a group row with no total has no time

GROUPS = PaneSpec("tally-groups", "By victim group and party", (
    ColumnSpec("status", "Status", 8),
    ColumnSpec("victims", "Victims", 12),
    ColumnSpec("party", "Party", 10),
    ColumnSpec("incidents", "Incidents", 9, 4),
    ColumnSpec("sum", "In incidents (low–high)", 22, 9),
    ColumnSpec("total", "Latest running total (source)", None),
))
FIGURES = PaneSpec("tally-figures", "Figures, fused across reports", (
    ColumnSpec("conflict", "≠", 1, 1),
    ColumnSpec("when", "When (UTC)", 12, 12),
    ColumnSpec("scope", "Scope", 8, 5),
    ColumnSpec("status", "Status", 8),
    ColumnSpec("victims", "Victims", 12),
    ColumnSpec("place", "Place", 14),
    ColumnSpec("low", "Lowest", 7, 5),
    ColumnSpec("high", "Highest", 7, 5),
    ColumnSpec("figures", "Each source's figure", None),
))


def _figure(record: EventRecord) -> str:
    ev = record.event
    assert isinstance(ev, Casualty)
    if ev.count is None:
        return ev.count_text or "?"
    return f"{ev.qualifier} {ev.count:,}" if ev.qualifier else f"{ev.count:,}"


def _total_text(fact: Fact | None) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if fact is None:
        text.append("—", style="dim")
        return text
    for n, (who, members) in enumerate(figure_claimants(fact)):
        if n:
            text.append(" ≠ " if fact.conflict else "; ", style="bold red" if fact.conflict else "")
        latest = members[-1]
        text.append(one_line(_figure(latest), 30), style="bold")
        text.append(f" ({one_line(latest.event.source or latest.feed, 40)}, "
                    f"{when_text(latest.published)})", style="dim")
    return text


def group_row(line: TallyLine) -> Row:
    def build() -> tuple[Text, ...]:
        spread = f"{line.incident_sum:,}" if line.incident_sum == line.incident_high \
            else f"{line.incident_sum:,}–{line.incident_high:,}"
        return (
            cell(line.status), cell(line.victims, "bold"), cell(line.party or "—", "" if line.party else "dim"),
            cell(line.incidents or "—"), cell(spread if line.incidents else "—"),
            _total_text(line.total),
        )

    key = f"{line.status}|{line.victims}|{line.party}"
    return Row(key, "", line.total.last.published if line.total else NEVER,
               lambda: key.casefold(), build)


def figure_row(fact: Fact) -> Row:
    ev = fact.first.event
    assert isinstance(ev, Casualty)

    def build() -> tuple[Text, ...]:
        each = Text(no_wrap=True, overflow="ellipsis", end="")
        for n, (who, members) in enumerate(figure_claimants(fact)):
            if n:
                each.append(" ≠ " if fact.conflict else "; ", style="bold red" if fact.conflict else "dim")
            each.append(one_line(_figure(members[-1]), 30), style="bold")
            each.append(f" {one_line(members[-1].event.source or members[-1].feed, 40)}")
            if len(members) > 1:
                each.append(f" ×{len({m.report_id for m in members})}", style="cyan")
        return (
            cell("≠" if fact.conflict else "", "bold reverse red" if fact.conflict else ""),
            cell(when_text(fact.when)),
            cell("total" if fact.total else "incident", "bold" if fact.total else ""),
            cell(ev.status), cell(ev.victims), cell(fact.place.name if fact.place else None),
            cell(f"{fact.lowest:,}" if fact.lowest is not None else "—"),
            cell(f"{fact.highest:,}" if fact.highest is not None else "—",
                 "bold red" if fact.conflict else ""),
            each,
        )

    return Row(fact.lead.id, fact.lead.report_id, fact.lead.published,
               lambda: one_line(ev.evidence).casefold(), build, (), fact.conflict)


class TallyScreen(PictureScreen):
    """How many were killed, wounded, missing, by whose count."""

    KINDS = ("casualty",)

    BINDINGS = [
        *PictureScreen.BINDINGS,
        Binding("enter", "open", "Open figure", id="tally_open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, list[EventRecord]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield PaneTable(GROUPS)
        yield PaneTable(FIGURES)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Casualty tally"
        self.query_one("#tally-figures", PaneTable).focus()

    def compute(self, picture: Picture) -> Any:
        lines = [group_row(line) for line in picture.tally_lines(everything=self.everything)]
        facts = picture.tally(everything=self.everything)
        figures = [figure_row(f) for f in facts]
        for row in (*lines, *figures):
            row.cells  # noqa: B018
        return lines, figures, {f.lead.id: list(f.members) for f in facts}

    def show(self, data: tuple) -> None:
        lines, figures, self.members = data
        groups = self.query_one("#tally-groups", PaneTable)
        groups.sync(lines)
        groups.border_subtitle = "incidents and totals are never added together"
        table = self.query_one("#tally-figures", PaneTable)
        table.sync(figures)
        conflicts = sum(1 for r in figures if r.conflict)
        table.border_subtitle = f"{len(figures)} figures" + (f", {conflicts} in conflict" if conflicts else "") \
            + (" · off-topic included" if self.everything else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "tally-figures":
            self.action_open()

    def action_open(self) -> None:
        from sitrep.tui.detail import DetailScreen

        row = self.query_one("#tally-figures", PaneTable).current_row
        if row is None:
            return
        members = self.members.get(row.key) or []
        lead = next((m for m in members if m.id == row.key), None)
        self.app.push_screen(DetailScreen(row.report_id, lead, members))
