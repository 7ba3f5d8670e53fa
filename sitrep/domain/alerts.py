"""Watchlist alerts: which new facts the user asked to be told about.

The rules come from the ``[alerts]`` table of the config; matching them is
pure logic over the domain types, so the dashboard, a hook script and the
tests all agree on what counts as an alert. Words are matched whole and
case-insensitively ("Osterby" matches "the Osterby crossing", not
"Osterbyville"), because a substring match on short place names would
raise alerts nobody asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitrep.domain.models import (
    Casualty,
    ControlChange,
    Displacement,
    Event,
    EventRecord,
    Party,
    Statement,
)
from sitrep.domain.textsafe import one_line

DEFAULT_TIMEOUT = 10.0  # seconds a hook command may take


@dataclass(frozen=True, slots=True)
class AlertRules:
    """What to watch for; empty rules never match anything."""

    places: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()  # party keys of the profile, or any names
    keywords: tuple[str, ...] = ()
    casualties: int | None = None  # a figure at least this high alerts
    command: tuple[str, ...] = ()  # argv run with each alert as JSON on stdin
    timeout: float = DEFAULT_TIMEOUT

    @property
    def active(self) -> bool:
        return bool(self.places or self.parties or self.keywords or self.casualties is not None)


@dataclass(frozen=True, slots=True)
class Alert:
    """One fact that matched, with why; ``to_json`` is what a hook receives."""

    record: EventRecord
    reasons: tuple[str, ...]
    url: str | None = None
    summary: str = field(default="")

    def to_json(self) -> dict[str, Any]:
        record = self.record
        return {
            "reasons": list(self.reasons),
            "summary": self.summary,
            "report": {
                "id": record.report_id,
                "feed": one_line(record.feed, 200),
                "title": one_line(record.title, 500),
                "url": self.url,
                "published": _iso(record.published),
            },
            "event": record.event.to_dict(),
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    words = tuple(w for w in (one_line(w) for w in words) if w)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _places(event: Event) -> list[str]:
    if isinstance(event, (ControlChange, Casualty)):
        return [event.place] if event.place else []
    if isinstance(event, Displacement):
        return [p for p in (event.origin, event.destination) if p]
    return []


def _sides(event: Event) -> list[str]:
    """The names and party keys an event attributes to a side."""
    if isinstance(event, ControlChange):
        return [s for s in (event.gainer, event.loser, event.party_gainer, event.party_loser) if s]
    if isinstance(event, Statement):
        return [s for s in (event.speaker, event.speaker_role) if s]
    if isinstance(event, Casualty):
        return [event.victims] if event.victims else []
    return [event.source] if event.source else []


class AlertMatcher:
    """Compiled rules; ``match(record)`` gives the reasons a record alerts."""

    def __init__(self, rules: AlertRules, parties: tuple[Party, ...] = ()) -> None:
        self.rules = rules
        self._places = _pattern(rules.places)
        self._keywords = _pattern(rules.keywords)
        # A party named by its profile key also matches the names it goes by.
        names: list[str] = []
        keys: set[str] = set()
        by_key = {p.key.casefold(): p for p in parties}
        for wanted in rules.parties:
            names.append(wanted)
            keys.add(wanted.casefold())
            party = by_key.get(wanted.casefold())
            if party is not None:
                names.extend(party.aliases)
        self._party_keys = keys
        self._parties = _pattern(tuple(names))

    @property
    def active(self) -> bool:
        return self.rules.active

    def reasons(self, record: EventRecord) -> tuple[str, ...]:
        event = record.event
        out: list[str] = []
        if self._places is not None:
            for place in _places(event):
                found = self._places.search(place)
                if found:
                    out.append(f"place: {found.group(0)}")
                    break
        if self._parties is not None:
            for side in _sides(event):
                found = None if side.casefold() not in self._party_keys else side
                if found is None:
                    hit = self._parties.search(side)
                    found = hit.group(0) if hit else None
                if found:
                    out.append(f"party: {one_line(found, 60)}")
                    break
        if self._keywords is not None:
            hit = self._keywords.search(event.evidence) or self._keywords.search(record.title)
            if hit:
                out.append(f"keyword: {one_line(hit.group(0), 60)}")
        threshold = self.rules.casualties
        if (threshold is not None and isinstance(event, Casualty)
                and event.count is not None and event.count >= threshold):
            out.append(f"casualties: {event.count:,} ≥ {threshold:,}")
        return tuple(out)

    def matches(self, record: EventRecord) -> bool:
        return self.active and bool(self.reasons(record))

    def alerts(self, records: list[EventRecord], urls: dict[str, str | None] | None = None,
               summarize: Any = None) -> list[Alert]:
        """The alerts among ``records``; ``summarize(event)`` words each one."""
        if not self.active:
            return []
        out = []
        for record in records:
            reasons = self.reasons(record)
            if reasons:
                summary = one_line(summarize(record.event), 200) if summarize else ""
                out.append(Alert(record, reasons, (urls or {}).get(record.report_id), summary))
        return out
