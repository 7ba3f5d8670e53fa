"""The detail screen: one report in full, with the evidence highlighted.

It shows the report's source, its text with the selected event's evidence
sentence marked, every event read from the report, and, for a fact that
several reports state (fused by ``sitrep.fusion``), every source's
sentence, conflicting claims side by side.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sitrep.domain.models import NO_SOURCE, EventRecord, Report
from sitrep.domain.textsafe import one_line
from sitrep.fusion import disagree
from sitrep.tui.describe import EVIDENCE_STYLE, describe, event_line, highlighted
from sitrep.tui.links import is_web_url
from sitrep.tui.rows import when_text


class ReportRead(Message):
    """A report was opened (and marked read): the panes update its marks."""

    def __init__(self, report_id: str) -> None:
        super().__init__()
        self.report_id = report_id


class DetailScreen(Screen):
    """A report, opened from any pane with Enter."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="detail_back"),
        Binding("o", "open_link", "Open in browser", id="detail_open"),
        Binding("n", "unread(1)", "Next unread", id="detail_next"),
        Binding("p", "unread(-1)", "Previous unread", id="detail_prev"),
        Binding("N", "mark_unread", "Keep unread", show=False, id="detail_unread"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
        Binding("g,home", "scroll('top')", "Top", show=False),
        Binding("G,end", "scroll('bottom')", "Bottom", show=False),
        Binding("space,pagedown", "scroll('page')", "Page down", show=False),
    ]

    def __init__(self, report_id: str, record: EventRecord | None = None,
                 conflicts: list[EventRecord] | None = None) -> None:
        super().__init__()
        self.report_id = report_id
        self.record = record
        self.conflicts = conflicts or []
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-scroll"):
            yield Static(Text("Loading…", style="dim"), id="detail-source")
            yield Static(id="detail-conflicts")
            yield Static(id="detail-body")
            yield Static(id="detail-events")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#detail-conflicts").display = False
        self.query_one("#detail-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            report = store.report(self.report_id)
            events = store.events_for(self.report_id) if report else []
        except Exception as exc:  # noqa: BLE001 - shown on the screen, never a crash
            self.app.from_thread(self.failed, exc)  # type: ignore[attr-defined]
            return
        self.app.from_thread(self.show, report, events)  # type: ignore[attr-defined]
        if report is not None:
            try:
                store.mark_read([self.report_id])
            except Exception as exc:  # noqa: BLE001 - a read-only store still reads
                if not getattr(self.app, "read_marks_failed", False):  # one notice a session
                    self.app.read_marks_failed = True  # type: ignore[attr-defined]
                    self.app.from_thread(  # type: ignore[attr-defined]
                        self.app.notify, f"Reports are not marked as read: {one_line(str(exc), 200)}",
                        severity="warning", markup=False)

    def failed(self, exc: Exception) -> None:
        message = Text("Could not read this report: ", style="bold red")
        message.append(one_line(str(exc), 300))
        self.query_one("#detail-source", Static).update(message)

    def show(self, report: Report | None, events: list) -> None:
        self.report = report
        source = self.query_one("#detail-source", Static)
        if report is None:
            source.update(Text("This report is no longer in the store.", style="bold red"))
            return
        source.update(self._source_text(report))
        self.sub_title = one_line(report.title, 80)
        focus = next((e for e in events if self.record and e == self.record.event), None)
        body = self.query_one("#detail-body", Static)
        text = highlighted(report.full_text, events, focus)
        body.update(text)
        if focus is not None:
            self.call_after_refresh(self._scroll_to_evidence, text)
        listing = Text()
        listing.append(f"Events read from this report ({len(events)})\n", style="bold underline")
        if not events:
            listing.append("  none", style="dim")
        for index, event in enumerate(events):
            if index:
                listing.append("\n")
            listing.append_text(event_line(event, focused=event is focus))
        self.query_one("#detail-events", Static).update(listing)
        if len(self.conflicts) > 1:
            panel = self.query_one("#detail-conflicts", Static)
            panel.display = True
            panel.update(self._conflict_text())
        self.app.post_message(ReportRead(self.report_id))

    def _scroll_to_evidence(self, text: Text) -> None:
        """Bring the highlighted sentence into view in a long report."""
        start = next((span.start for span in text.spans if span.style == EVIDENCE_STYLE), None)
        body = self.query_one("#detail-body", Static)
        width = body.content_region.width
        if start is None or width <= 0:
            return
        lines = text[:start].wrap(self.app.console, width)
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        line = body.virtual_region.y + max(len(lines) - 1, 0)
        if line >= scroll.scrollable_content_region.height - 2:
            scroll.scroll_to(y=max(line - 3, 0), animate=False)

    def _source_text(self, report: Report) -> Text:
        text = Text()
        text.append(one_line(report.title, 300) or "(untitled)", style="bold")
        text.append("\n")
        text.append("Feed: ", style="dim")
        text.append(one_line(report.feed, 100))
        text.append("   Published: ", style="dim")
        text.append(report.published.strftime("%Y-%m-%d %H:%M UTC"))
        if report.published_guessed:
            text.append(" (no date in the feed: time fetched)", style="dim")
        if not report.on_topic:
            text.append("   off-topic", style="italic yellow")
        if report.article_error:
            text.append("\n")
            text.append(one_line(report.article_error, 300), style="yellow")
            text.append(" — showing the feed's summary", style="dim")
        elif report.summary:
            text.append("\nText: ", style="dim")
            text.append("the linked article, read in full (the feed gave a summary)")
        text.append("\nURL: ", style="dim")
        if report.url:
            text.append(one_line(report.url, 300), style="underline" if is_web_url(report.url) else "")
            if not is_web_url(report.url):
                text.append(" (not a web link; o will not open it)", style="dim")
        else:
            text.append("none", style="dim")
        return text

    def _conflict_text(self) -> Text:
        """Every report's statement of the fact, with its sentence."""
        text = Text()
        reports = len({r.report_id for r in self.conflicts})
        if disagree(self.conflicts):
            text.append(f"≠ Conflicting claims from {reports} reports", style="bold red")
        else:
            text.append(f"Stated by {reports} reports", style="bold cyan")
        for record in self.conflicts:
            text.append("\n")
            mark = "▶ " if self.record and record.id == self.record.id else "  "
            text.append(mark)
            text.append(when_text(record.published) + "  ", style="dim")
            text.append(describe(record.event, with_source=False))
            text.append(" — says ", style="dim")
            text.append(one_line(record.event.source or NO_SOURCE, 60), style="bold")
            text.append(f" ({one_line(record.feed, 40)})", style="dim")
            text.append("\n    ")
            text.append(one_line(record.event.evidence, 300), style="italic")
        return text

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open_link(self) -> None:
        self.app.open_report_link(self.report_id)  # type: ignore[attr-defined]

    def action_unread(self, step: int) -> None:
        """n / p: this report closes and the next (previous) unread one opens."""
        main = getattr(self.app, "main", None)
        self.app.pop_screen()
        if main is not None:
            main.open_unread(step)

    def action_mark_unread(self) -> None:
        """N: back to the dashboard with this report unread again."""
        if self.report is None:
            return  # still being read (and marked read): unmarking now would be undone
        main = getattr(self.app, "main", None)
        self.app.pop_screen()
        if main is not None:
            main._set_read([self.report_id], read=False)

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        if where == "down":
            scroll.scroll_down(animate=False)
        elif where == "up":
            scroll.scroll_up(animate=False)
        elif where == "top":
            scroll.scroll_home(animate=False)
        elif where == "bottom":
            scroll.scroll_end(animate=False)
        else:
            scroll.scroll_page_down(animate=False)
