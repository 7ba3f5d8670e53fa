"""The one-line notice a poll leaves in the status bar.

Toasts stacked up over the report being read and left fragments behind,
so a poll's news goes into the main screen's status bar instead: one line
per poll, merged with any earlier one the reader has not seen yet (while a
report, a dialog or the help is open), cleared on its own a few seconds
after the dashboard is back in view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from sitrep.domain.alerts import Alert
from sitrep.domain.textsafe import one_line

NOTICE_SECONDS = 8.0  # how long a notice stays once the dashboard shows it


@dataclass
class Notice:
    """What one or more polls brought: counts, feeds and the alerts."""

    reports: int = 0
    events: int = 0
    feeds: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reports or self.alerts)

    def merge(self, other: Notice) -> Notice:
        feeds = self.feeds + [f for f in other.feeds if f not in self.feeds]
        return Notice(self.reports + other.reports, self.events + other.events, feeds,
                      self.alerts + other.alerts)

    def only_alerts(self) -> Notice:
        return Notice(alerts=list(self.alerts)) if self.alerts else Notice()

    def text(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.alerts:
            first = self.alerts[0]
            out.append(f" ▲ {len(self.alerts)} alert{'s' if len(self.alerts) != 1 else ''} ",
                       style="bold reverse yellow")
            out.append(" ")
            out.append(one_line(first.summary or first.record.title, 90), style="bold yellow")
            out.append(f" ({one_line(', '.join(first.reasons), 60)})", style="yellow")
            if self.reports:
                out.append("  │  ")
        if self.reports:
            out.append(f"{self.reports:,} new report{'s' if self.reports != 1 else ''}",
                       style="bold")
            if self.events:
                out.append(f", {self.events:,} event{'s' if self.events != 1 else ''}")
            names = ", ".join(one_line(n, 30) for n in self.feeds[:3])
            more = "…" if len(self.feeds) > 3 else ""
            out.append(f" from {names}{more}", style="dim")
        return out
