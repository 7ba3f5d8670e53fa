"""A fused fact: one thing that happened, with every report that said so.

A :class:`Fact` holds its members (the stored events, oldest first) and
what fusion decided about them: the canonical place, the sides, whether the
members disagree (``conflict``) and, for figures, the lowest and highest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache

from sitrep.domain.models import Casualty, ControlChange, Displacement, EventRecord
from sitrep.fusion.places import PlaceRef, fold


def event_time(record: EventRecord) -> datetime:
    """When the fact happened as far as we know: the date the text gives
    (``event.date``, where the reading stage supplies one), else the time
    the report was published. A date keeps the report's time of day so that
    several facts of one day stay in publication order."""
    date = getattr(record.event, "date", None)
    if date is None or date == "":
        return record.published
    try:
        if isinstance(date, str):
            date = datetime.fromisoformat(date)
        if isinstance(date, datetime):
            date = date.date()
        stamp = datetime.combine(date, time(0), tzinfo=record.published.tzinfo)
    except (TypeError, ValueError):
        return record.published
    if stamp.date() == record.published.date():
        return record.published
    return stamp.replace(hour=record.published.hour, minute=record.published.minute)


def claimant(record: EventRecord) -> str:
    """Whose word a figure is: the named source, else the outlet."""
    who = fold(record.event.source or record.feed)
    return who.removeprefix("the ")


_POINTERS = frozenset({"its", "their", "his", "her", "our", "these", "those", "both"})


@lru_cache(maxsize=4096)
def side(name: str | None, party: str | None) -> str | None:
    """A side as fusion compares it: the profile's party, else the words.
    "its fighters" points back at a side the reader did not resolve: it
    says nothing about which side, so it counts as unknown."""
    if party:
        return party
    if not name:
        return None
    words = fold(name).removeprefix("the ")
    if not words or words.split()[0] in _POINTERS:
        return None
    return words


def same_claimant(a: str, b: str) -> bool:
    """"monitor" and "karsk monitor" are one claimant: reports shorten names."""
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def figure(record: EventRecord) -> int | str | None:
    ev = record.event
    if isinstance(ev, Casualty | Displacement):
        return ev.count if ev.count is not None else (fold(ev.count_text or "") or None)
    return None


@dataclass(eq=False, slots=True)
class Fact:
    """One fused fact. ``key`` names its group (kind and canonical place or
    speaker); ``members`` are oldest first; ``conflict`` is true when the
    members disagree (figures, or who took a place)."""

    kind: str
    key: tuple
    place: PlaceRef | None
    members: list[EventRecord] = field(default_factory=list)
    conflict: bool = False
    gainer: str | None = None  # control: the side of the first claim
    loser: str | None = None
    values: set = field(default_factory=set)  # every figure stated, for joining
    days: set = field(default_factory=set)  # the days its members name (see fuse._day)
    said: dict = field(default_factory=dict)  # claimant -> the latest figure they gave
    by_claimant: dict = field(default_factory=dict)  # claimant -> their members, oldest first
    report_ids: set = field(default_factory=set)
    pairs: list = field(default_factory=list)  # control: distinct (gainer, loser) claims
    last_time: datetime | None = None

    def take(self, record: EventRecord, day: str | None = None, at: datetime | None = None,
             value: int | str | None = None, pair: tuple[str | None, str | None] | None = None) -> None:
        """Add a member (fusion adds them in time order; ``at`` is its
        ``event_time``, ``value`` its :func:`figure` and ``pair`` a control
        claim's sides, when the caller has them). A claimant's new figure
        replaces their earlier one: it is their revised count."""
        self.members.append(record)
        self.report_ids.add(record.report_id)
        ev = record.event
        if isinstance(ev, ControlChange):
            if pair is None:
                pair = (side(ev.gainer, ev.party_gainer), side(ev.loser, ev.party_loser))
            if pair not in self.pairs:
                self.pairs.append(pair)
        elif value is None:
            value = figure(record)
        self.values.add(value)
        if day is not None:
            self.days.add(day)
        who = claimant(record)
        if who not in self.said:
            who = next((k for k in self.said if same_claimant(who, k)), who)
        self.said[who] = value
        self.by_claimant.setdefault(who, []).append(record)
        self.last_time = at or event_time(record)

    @property
    def claimants(self) -> set[str]:
        return set(self.said)

    def disputed(self) -> bool:
        """Claimants' latest figures differ."""
        return len({v for v in self.said.values() if v is not None}) > 1

    @property
    def id(self) -> str:
        return self.members[0].id

    @property
    def first(self) -> EventRecord:
        return self.members[0]

    @property
    def last(self) -> EventRecord:
        return self.members[-1]

    @property
    def when(self) -> datetime:
        return event_time(self.members[0])

    @property
    def latest(self) -> datetime:
        return self.last_time or event_time(self.members[-1])

    @property
    def reports(self) -> int:
        """How many reports state it: the number the panes show as sources."""
        return len(self.report_ids)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(m.feed for m in self.members))

    @property
    def lead(self) -> EventRecord:
        """The member a row shows: the first one that names its source."""
        return next((m for m in self.members if m.event.source), self.members[0])

    @property
    def figures(self) -> list[int]:
        """Each claimant's latest figure, sorted (revised ones left out)."""
        return sorted({f for f in self.said.values() if isinstance(f, int)})

    @property
    def lowest(self) -> int | None:
        numbers = self.figures
        return numbers[0] if numbers else None

    @property
    def highest(self) -> int | None:
        numbers = self.figures
        return numbers[-1] if numbers else None

    @property
    def sides(self) -> list[tuple[str | None, str | None]]:
        """Control: the distinct (gainer, loser) claims, first one first."""
        return list(self.pairs)

    @property
    def holder(self) -> str | None:
        """Control: the side that holds the place after this fact (None when
        the fact is contested or names no gainer)."""
        if self.conflict:
            return None
        return next((g for g, _ in self.sides if g), None)

    @property
    def total(self) -> bool:
        ev = self.members[0].event
        return isinstance(ev, Casualty) and ev.cumulative is True

    def __repr__(self) -> str:
        return f"Fact({self.kind}, {self.key!r}, {len(self.members)} members, conflict={self.conflict})"


def disagree(records: list[EventRecord]) -> bool:
    """Whether records of one fact disagree: different figures, or
    different sides named as taking or losing the place."""
    figures = {figure(r) for r in records} - {None}
    if len(figures) > 1:
        return True
    gainers = {side(r.event.gainer, r.event.party_gainer) for r in records
               if isinstance(r.event, ControlChange)} - {None}
    losers = {side(r.event.loser, r.event.party_loser) for r in records
              if isinstance(r.event, ControlChange)} - {None}
    return len(gainers) > 1 or len(losers) > 1
