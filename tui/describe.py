"""Plain-text descriptions of events and highlighted report text for the
detail screen. Everything returned is a Rich ``Text`` built from sanitised
strings; no markup is ever parsed.
"""

from __future__ import annotations

from rich.text import Text

from sitrep.domain.models import Casualty, ControlChange, Displacement, Event, Statement
from sitrep.domain.textsafe import one_line, strip_controls

BODY_LIMIT = 200_000  # characters of a report body shown; the rest is cut
EVIDENCE_STYLE = "bold black on yellow"
OTHER_EVIDENCE_STYLE = "underline"

KIND_NAMES = {
    "control_change": "Control change",
    "casualty": "Casualties",
    "statement": "Statement",
    "displacement": "Displacement",
}


def _count(count: int | None, qualifier: str | None, count_text: str | None) -> str:
    if count is None:
        return count_text or "an unstated number"
    return f"{qualifier} {count:,}" if qualifier else f"{count:,}"


def describe(event: Event, with_source: bool = True) -> str:
    """One line saying what the event claims (and on whose word)."""
    if isinstance(event, ControlChange):
        if event.gainer and event.loser:
            what = f"{event.gainer} took {event.place} from {event.loser} ({event.action})"
        elif event.gainer:
            what = f"{event.gainer}: {event.action} {event.place}"
        elif event.loser:
            what = f"{event.loser} lost {event.place} ({event.action})"
        else:
            what = f"{event.place}: {event.action}"
    elif isinstance(event, Casualty):
        what = f"{_count(event.count, event.qualifier, event.count_text)} {event.status}"
        if event.victims:
            what += f" ({event.victims})"
        if event.includes:
            what += ", including " + ", ".join(f"{n:,} {k}" for k, n in event.includes)
        if event.cause:
            what += f", {event.cause}"
        if event.place:
            what += f" in {event.place}"
        if event.cumulative is not None:
            what += " — running total" if event.cumulative else " — one incident"
    elif isinstance(event, Statement):
        speaker = f"{event.speaker} ({event.speaker_role})" if event.speaker_role else event.speaker
        quote = f"“{event.quote}”" if event.direct else f"said that {event.quote}"
        what = f"{speaker}: {quote}"
    elif isinstance(event, Displacement):
        what = f"{_count(event.count, event.qualifier, event.count_text)} displaced"
        if event.who:
            what += f" ({event.who})"
        if event.origin:
            what += f" from {event.origin}"
        if event.destination:
            what += f" to {event.destination}"
    else:
        what = event.evidence
    word = f" — on the word of {event.source}" if event.source and with_source else ""
    when = f" [{event.when}]" if event.when else ""
    return one_line(f"{what}{when}{word}", 400)


def event_line(event: Event, focused: bool = False) -> Text:
    line = Text(no_wrap=False)
    line.append("▶ " if focused else "  ", style="bold")
    line.append(KIND_NAMES.get(event.type, event.type) + ": ", style="bold")
    line.append(describe(event))
    return line


def highlighted(full_text: str, events: list[Event], focus: Event | None) -> Text:
    """The report text with each event's evidence marked, the focused one
    most strongly.

    Offsets point into the raw ``full_text``, so the text is cut at the
    offsets first and each piece is sanitised on its own: stripping control
    characters from the whole text would shift every offset after them.
    """
    limit = min(len(full_text), BODY_LIMIT)
    spans: list[tuple[int, int, str]] = []
    for event in events:
        start, end = max(0, event.start), min(limit, event.end)
        if start < end:
            style = EVIDENCE_STYLE if event is focus else OTHER_EVIDENCE_STYLE
            spans.append((start, end, style))
    cuts = sorted({0, limit, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    text = Text()
    for a, b in zip(cuts, cuts[1:]):
        styles = [style for s, e, style in spans if s <= a and b <= e]
        # The focused evidence wins over the others where they overlap.
        style = EVIDENCE_STYLE if EVIDENCE_STYLE in styles else (styles[0] if styles else "")
        text.append(strip_controls(full_text[a:b]), style=style)
    if len(full_text) > limit:
        text.append(f"\n\n… ({len(full_text) - limit:,} more characters not shown)", style="dim")
    return text
