"""The timeline: reported killed per day by outlet, as a chart, with the
control changes of those days beneath it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Footer, Header, Static

from sitrep.domain.models import utcnow
from sitrep.domain.textsafe import one_line
from sitrep.fusion import DayCount, Picture
from sitrep.tui import rows
from sitrep.tui.charts import STEP_NAMES, killed_chart, step_label
from sitrep.tui.picture_screen import PictureScreen, side_colours, side_text

CHANGE_DAYS = 14  # steps of control changes listed under the chart
# A young situation is drawn in finer steps: (shorter than, step).
STEPS = ((timedelta(hours=3), timedelta(minutes=10)), (timedelta(days=2), timedelta(hours=1)))


class TimelineScreen(PictureScreen):
    """What happened when."""

    KINDS = ("casualty", "control_change")

    DEFAULT_CSS = """
    TimelineScreen #timeline-chart { height: auto; }
    TimelineScreen #timeline-changes { height: auto; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.days: list[DayCount] = []
        self.colours: dict = {}
        self.step = timedelta(days=1)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="timeline-scroll"):
            yield Static(id="timeline-chart")
            yield Static(id="timeline-changes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Timeline"
        self.query_one("#timeline-scroll").focus()

    def compute(self, picture: Picture) -> Any:
        days = picture.timeline(everything=self.everything)
        step = timedelta(days=1)
        moments = [f.when for kind in ("casualty", "control_change")
                   for f in picture.facts(kind, everything=self.everything)]
        if moments:
            span = max(moments) - min(moments)
            step = next((size for limit, size in STEPS if span < limit), step)
        if step != timedelta(days=1):
            days = picture.timeline(everything=self.everything, step=step)
        sides = [f.holder for d in days for f in d.changes]
        return days, side_colours(picture.profile, sides), step

    def show(self, data: tuple) -> None:
        self.days, self.colours, self.step = data
        self.draw()

    def on_resize(self, event: Resize) -> None:
        if self.days:
            self.draw()

    def draw(self) -> None:
        width = max(self.size.width - 2, 20)
        height = max(min(self.size.height // 2, 20), 8)
        today = getattr(rows, "CLOCK", utcnow)().date()
        self.query_one("#timeline-chart", Static).update(
            killed_chart(self.days, width, height, today, self.step))
        self.query_one("#timeline-changes", Static).update(self.changes_text(today))

    def changes_text(self, today) -> Text:
        text = Text()
        text.append(f"Control changes by {STEP_NAMES.get(self.step, 'step')}", style="bold underline")
        days = [d for d in self.days if d.changes][-CHANGE_DAYS:]
        if not days:
            text.append("\n  none yet", style="dim")
        for day in days:
            text.append(f"\n{step_label(day, today, self.step)}", style="bold")
            for fact in day.changes:
                text.append("\n  ")
                text.append(one_line(fact.place.name if fact.place else "?", 40), style="bold")
                text.append("  ")
                if fact.conflict:
                    text.append("contested: ", style="bold red")
                    text.append(" vs ".join(one_line(g or "?", 30) for g, _ in fact.sides))
                else:
                    text.append_text(side_text(fact.gainer, self.colours, bold=True))
                    text.append(" took it")
                    if fact.loser:
                        text.append(" from ")
                        text.append_text(side_text(fact.loser, self.colours))
                reports = fact.reports
                text.append(f"  ({reports} report{'s' if reports != 1 else ''})", style="dim")
        return text
