"""The situation picture: who holds what, by whose count, and when.

:class:`Picture` keeps a :class:`Fuser` fed with stored events and knows
which reports are on topic; the views (board, tally, timeline, export) are
computed from its facts on demand. It does no I/O: the dashboard and the
command line read the store and hand it report metadata and event records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sitrep.domain.models import Casualty, EventRecord, Profile, ReportMark, ReportMeta
from sitrep.fusion.facts import Fact, event_time
from sitrep.fusion.fuse import Fuser, victim_group
from sitrep.fusion.places import PlaceIndex, PlaceRef, fold


DAY = timedelta(days=1)


@dataclass
class PlaceStatus:
    """One row of the control board."""

    place: PlaceRef
    holder: str | None
    previous: str | None
    since: datetime | None
    contested: bool
    facts: list[Fact] = field(default_factory=list)

    @property
    def claims(self) -> list[EventRecord]:
        """Every claim about the place, in time order."""
        return sorted((m for f in self.facts for m in f.members),
                      key=lambda r: (event_time(r), r.id))

    @property
    def claim_count(self) -> int:
        return sum(len(f.members) for f in self.facts)

    @property
    def latest_claim(self) -> EventRecord:
        """``claims[-1]`` without sorting every claim (the board shows it for
        each place, and a big place has thousands): each fact's members are
        in time order, so only each one's last moment is looked at."""
        last: list[EventRecord] = []
        for fact in self.facts:
            end = event_time(fact.members[-1])
            for member in reversed(fact.members):
                if event_time(member) != end:
                    break
                last.append(member)
        return max(last, key=lambda r: (event_time(r), r.id))

    @property
    def latest(self) -> datetime:
        return max(f.latest for f in self.facts)


@dataclass
class TallyLine:
    """Casualties of one victim group (and party, where stated): incident
    figures summed (lowest of each) and the latest running total, kept
    apart because adding them would count the same dead twice."""

    status: str
    victims: str
    party: str | None
    incidents: int = 0
    incident_sum: int = 0  # sum of each incident's lowest figure
    incident_high: int = 0
    total: Fact | None = None  # the latest running-total fact


@dataclass
class DayCount:
    """One step of the timeline: a day (or an hour, see ``Picture.timeline``)."""

    start: datetime
    by_source: dict[str, int]
    changes: list[Fact]

    @property
    def day(self) -> date:
        return self.start.date()


class Picture:
    """Fused facts of the stored events, kept up to date batch by batch."""

    def __init__(self, profile: Profile | None = None, *, places: PlaceIndex | None = None,
                 gazetteer: bool = True) -> None:
        self.profile = profile or Profile()
        self.fuser = Fuser(self.profile, places=places or PlaceIndex(self.profile, gazetteer=gazetteer))
        self.on_topic: dict[str, bool] = {}
        self.urls: dict[str, str] = {}
        self._party_names = [(fold(alias), party.key) for party in self.profile.parties
                             for alias in (party.key, *party.aliases)]

    def __len__(self) -> int:
        return len(self.fuser)

    def add(self, marks: Iterable[ReportMark | ReportMeta], records: Iterable[EventRecord]) -> set[tuple]:
        """Note the reports' topic marks and links (a store's ``topic_marks()``,
        or its ``reports()``), and fuse their events. Records already fused
        are skipped, so the same call can be repeated with everything the
        store holds; returns the changed groups."""
        on_topic, urls = self.on_topic, self.urls
        for mark in marks:
            on_topic[mark.id] = mark.on_topic
            if mark.url:
                urls[mark.id] = mark.url
        return self.fuser.add(records)

    # -- facts ---------------------------------------------------------------

    def facts(self, kind: str | None = None, *, everything: bool = False) -> list[Fact]:
        """Facts newest first; only those an on-topic report states unless
        ``everything``."""
        facts = self.fuser.facts(kind)
        if not everything:
            facts = [f for f in facts if self.topical(f)]
        facts.sort(key=lambda f: (f.when, f.id), reverse=True)
        return facts

    def topical(self, fact: Fact) -> bool:
        return any(self.on_topic.get(m.report_id, True) for m in fact.members)

    def fact_of(self, record_id: str) -> Fact | None:
        return self.fuser.fact_of(record_id)

    # -- the control board ------------------------------------------------------

    def board(self, *, everything: bool = False) -> list[PlaceStatus]:
        """One row per named place, the most recently changed first."""
        by_place: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts("control_change", everything=everything):
            if fact.place is not None and fact.place.named:
                by_place[fact.place.key].append(fact)
        rows = [self.place_status(facts) for facts in by_place.values()]
        rows.sort(key=lambda r: (r.latest, r.place.name), reverse=True)
        return rows

    @staticmethod
    def place_status(facts: list[Fact]) -> PlaceStatus:
        facts = sorted(facts, key=lambda f: (f.when, f.id))
        holder = previous = None
        since = None
        for fact in facts:
            taker = fact.holder
            if taker is not None and taker != holder:
                # After a spell of unknown holder, the previous is the last known.
                previous, holder, since = holder or previous, taker, fact.when
            elif taker is None and not fact.conflict and fact.gainer is None \
                    and fact.loser is not None and holder in (None, fact.loser) \
                    and (holder, previous) != (None, fact.loser):
                # The side that held it (or, as far as we know, did) lost or
                # left it and nobody is named taking it: held by whom is
                # unknown from then on.
                previous, holder, since = fact.loser, None, fact.when
        place = facts[0].place
        assert place is not None
        return PlaceStatus(place=place, holder=holder, previous=previous, since=since,
                           contested=facts[-1].conflict, facts=facts)

    def place(self, key: str, *, everything: bool = True) -> PlaceStatus | None:
        facts = [f for f in self.facts("control_change", everything=everything)
                 if f.place is not None and f.place.key == key]
        return self.place_status(facts) if facts else None

    # -- casualties ----------------------------------------------------------

    def tally(self, *, everything: bool = False) -> list[Fact]:
        """Casualty facts: running totals first, then incidents, newest first."""
        facts = self.facts("casualty", everything=everything)
        return [f for f in facts if f.total] + [f for f in facts if not f.total]

    def party_of(self, victims: str | None) -> str | None:
        """The profile's party the victims belong to, where the text says."""
        words = fold(victims or "")
        if not words:
            return None
        for alias, key in self._party_names:
            if alias and re.search(rf"\b{re.escape(alias)}\b", words):
                return key
        return None

    def tally_lines(self, *, everything: bool = False) -> list[TallyLine]:
        lines: dict[tuple, TallyLine] = {}
        for fact in self.facts("casualty", everything=everything):
            ev = fact.first.event
            assert isinstance(ev, Casualty)
            group = victim_group(ev.victims)
            party = self.party_of(ev.victims)
            line = lines.setdefault((ev.status, group, party),
                                    TallyLine(status=ev.status, victims=group, party=party))
            if fact.total:
                if line.total is None or fact.latest > line.total.latest:
                    line.total = fact
            elif ev.cumulative is False or ev.cumulative is None:
                if fact.lowest is not None:
                    line.incidents += 1
                    line.incident_sum += fact.lowest
                    line.incident_high += fact.highest or fact.lowest
        order = {"killed": 0, "wounded": 1, "missing": 2, "abducted": 3}
        return sorted(lines.values(), key=lambda l: (order.get(l.status, 9), l.victims, l.party or ""))

    # -- the timeline ----------------------------------------------------------

    def timeline(self, *, everything: bool = False, step: timedelta = DAY) -> list[DayCount]:
        """Reported killed per day (or ``step``, up to a day) and outlet,
        with the control changes of each step. Each incident counts once per outlet, at that
        outlet's highest figure for it, so an outlet's revised toll is not
        added to its first; running totals are left out (they are not per
        day)."""
        steps: dict[datetime, DayCount] = {}

        def bucket_of(moment: datetime) -> DayCount:
            midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
            start = midnight + ((moment - midnight) // step) * step
            if start not in steps:
                steps[start] = DayCount(start=start, by_source={}, changes=[])
            return steps[start]

        for fact in self.facts("casualty", everything=everything):
            ev = fact.first.event
            if fact.total or not isinstance(ev, Casualty) or ev.status != "killed":
                continue
            best: dict[str, int] = {}
            for member in fact.members:
                count = member.event.count  # type: ignore[attr-defined]
                if isinstance(count, int):
                    best[member.feed] = max(best.get(member.feed, 0), count)
            if not best:
                continue
            bucket = bucket_of(fact.when)
            for feed, count in best.items():
                bucket.by_source[feed] = bucket.by_source.get(feed, 0) + count
        for fact in self.facts("control_change", everything=everything):
            if fact.place is not None and fact.place.named:
                bucket_of(fact.when).changes.append(fact)
        for bucket in steps.values():
            bucket.changes.sort(key=lambda f: f.when)
        return [steps[k] for k in sorted(steps)]


def figure_claimants(fact: Fact) -> list[tuple[str, list[EventRecord]]]:
    """A fact's members grouped by whose word they are, for side-by-side
    display: the claimants of ``Fact.said``, so each group's last member
    gives the figure that lowest, highest and the conflict mark count.
    Kept as fusion takes members: a source that revised its count
    thousands of times is not regrouped each time a view is drawn."""
    return [(who, list(members)) for who, members in fact.by_claimant.items()]
